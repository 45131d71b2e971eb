import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as ChevrotainApi from 'chevrotain';

/*
 * Loads Chevrotain from the single-file ESM bundle the package ships
 * (lib/chevrotain.mjs) instead of its package entry (lib/src/api.js), which
 * pulls in a few hundred lodash-es modules: ~15 ms instead of ~280 ms of
 * startup for every CLI run. Same version, same API; the package's
 * `exports` map hides the bundle from a bare specifier, so we locate it
 * next to the resolved entry, and fall back to the entry if it is missing.
 */
async function load(): Promise<typeof ChevrotainApi> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain');
    return (await import(new URL('../chevrotain.mjs', pathToFileURL(entry)).href)) as typeof ChevrotainApi;
  } catch {
    return import('chevrotain');
  }
}

const chevrotain = await load();

export const { createToken, Lexer, EmbeddedActionsParser } = chevrotain;
export type { CustomPatternMatcherReturn, IToken, TokenType } from 'chevrotain';

/**
 * Chevrotain's grammar validations (lexer and parser) cost ~30 ms per
 * process start and can only fail when src/grammar changes, so they run in
 * tests (vitest sets VITEST) and on request (FLB_MIGRATE_VALIDATE_GRAMMAR=1),
 * gated the way prettier-java gates them.
 */
export function skipGrammarValidations(): boolean {
  const env = typeof process === 'undefined' ? {} : process.env;
  return !(env.VITEST || env.FLB_MIGRATE_VALIDATE_GRAMMAR);
}
