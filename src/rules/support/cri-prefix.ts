import type { Section } from '../../view/types.js';
import type { RuleOptions } from '../types.js';
import { tailParserSettings, targetMultiline } from './tail-parser-plan.js';
import { isTailInput, readsContainerLogs, tailTarget, valueOf } from './tail-target.js';

/*
 * A pattern written to strip the CRI line prefix by hand: `2024-01-01T00:00:00Z stdout F message`. After the
 * migration the tail input's multiline.parser (docker, cri / cri) removes it, so such a pattern in a Lua script
 * or a regex parser applied by a filter matches nothing (or strips again).
 *
 * What counts (documented in NOTES.md, halfmig36): one string literal (Lua pattern or Onigmo regex) that names
 * the stream field (`stdout|stderr`, `(stdout|stderr)`, `std%a+`, `std%l+`, `std\w+`, `std[a-z]+`) and, after it,
 * the partial/full tag (`[FP]`, `[PF]`, `(F|P)`, `(P|F)`, `F|P`, `P|F`, or a `(?<logtag>` group as in the stock
 * cri regex). A stream name alone (a filter
 * routing on `stream == "stderr"`) does not count.
 */

const STREAM = /stdout\|stderr|stderr\|stdout|std%[al]\+|std\\w\+|std\[a-z\]\+/;
const TAG = /\[FP\]|\[PF\]|F\|P|P\|F|\(\?<logtag>/;

/** True when `literal` reads the CRI line layout: a stream token, then a partial/full tag token. */
export function stripsCriPrefix(literal: string): boolean {
  const stream = STREAM.exec(literal);
  return stream !== null && TAG.test(literal.slice(stream.index + stream[0].length));
}

/** The string literals of Lua code (`"..."`, `'...'`, `[[...]]`) that read the CRI line layout, with their offsets in `code`. */
export function criPrefixLiterals(code: string): { readonly start: number; readonly end: number; readonly text: string }[] {
  const found: { start: number; end: number; text: string }[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === '-' && code[i + 1] === '-') {
      // A comment runs to the end of its line.
      const nl = code.indexOf('\n', i);
      i = nl < 0 ? code.length : nl + 1;
      continue;
    }
    let end = -1;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== c && code[j] !== '\n') j += code[j] === '\\' ? 2 : 1;
      end = j < code.length && code[j] === c ? j + 1 : -1;
    } else if (c === '[' && code[i + 1] === '[') {
      const close = code.indexOf(']]', i + 2);
      end = close < 0 ? -1 : close + 2;
    }
    if (end < 0) {
      i++;
      continue;
    }
    const text = code.slice(i, end);
    if (stripsCriPrefix(text)) found.push({ start: i, end, text });
    i = end;
  }
  return found;
}

/**
 * The first tail input of the setup that reads container logs with a runtime parser (Parser docker/cri,
 * Docker_Mode, a multiline.parser naming docker or cri): once migrated it reads CRI lines with the cri
 * multiline parser, which takes the prefix off. Undefined when none does (then the raw line reaches filters).
 */
export function criParsingInput(sections: readonly Section[], variables: ReadonlyMap<string, string>, options: RuleOptions): { input: string; parser: string } | undefined {
  for (const s of sections) {
    if (s.kind !== 'input' || !isTailInput(s, variables) || !readsContainerLogs(tailTarget(s, variables, options))) continue;
    const settings = tailParserSettings(s, variables);
    const multiline = settings.multiline.filter((p) => valueOf(p, variables).split(',').some((n) => ['docker', 'cri'].includes(n.trim().toLowerCase())));
    if (settings.runtimeParsers.length === 0 && settings.dockerMode.length === 0 && multiline.length === 0) continue;
    const path = s.get('path');
    // A multiline.parser written with cri stays as it is; docker alone becomes docker, cri (tail-parser).
    const ml = multiline[0];
    const kept = ml !== undefined && valueOf(ml, variables).split(',').some((n) => n.trim().toLowerCase() === 'cri');
    return { input: `${path?.key ?? 'Path'} ${path?.value ?? ''}`.trim(), parser: kept ? `${ml.key} ${ml.value}` : `${s.config.spell('multiline.parser')} ${targetMultiline(options.criOnly)}` };
  }
  return undefined;
}
