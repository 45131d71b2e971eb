import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as ChevrotainApi from 'chevrotain';

/*
 * Loads Chevrotain from the single-file ESM bundle the package ships
 * (lib/chevrotain.mjs) instead of its package entry (lib/src/api.js), which
 * pulls in a few hundred lodash-es modules: ~15 ms instead of ~280 ms of
 * startup for every CLI run. Same version, same API; the package's
 * `exports` map hides the bundle from a bare specifier, so we locate it
 * next to the resolved entry, and fall back to the entry if it is missing.
 *
 * The load is synchronous (`require()` of an ES module, Node >= 20.19 /
 * 22.12), never a top-level `await`: a module graph with top-level await
 * cannot be `require()`d, and jscodeshift loads transforms with `require()`
 * (ERR_REQUIRE_ASYNC_MODULE). test/cli/pack.test.ts require()s the packed entries.
 */
function load(): typeof ChevrotainApi {
  const require = createRequire(import.meta.url);
  try {
    return require(join(dirname(require.resolve('chevrotain')), '..', 'chevrotain.mjs')) as typeof ChevrotainApi;
  } catch {
    return require('chevrotain') as typeof ChevrotainApi;
  }
}

const chevrotain = load();

export const { createToken, Lexer, EmbeddedActionsParser } = chevrotain;
export type { CustomPatternMatcherReturn, ILexingResult, IToken, TokenType } from 'chevrotain';

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
