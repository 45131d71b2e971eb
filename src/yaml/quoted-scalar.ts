import type { Edit } from '../source/edit.js';
import { applyEdits } from '../source/apply-edits.js';
import type { OffsetMap } from './offset-map.js';
import { normalizeEdits } from './merge-edits.js';

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LEN: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Decodes the source of a quoted flow scalar (including its quotes) and
 * records, for every decoded UTF-16 unit, the outer offset it came from.
 * `starts[i]` is the outer offset of decoded unit i; `starts[len]` is the
 * closing quote. Handles escapes, `\`-newline continuations and line folding.
 */
export function decodeQuoted(source: string, base: number): { value: string; starts: number[] } {
  const double = source.startsWith('"');
  const end = source.length - 1;
  let value = '';
  const starts: number[] = [];
  // raw (unescaped) trailing whitespace may be trimmed when a line break follows
  let rawWsFrom = -1;
  const push = (s: string, at: number, raw: boolean): void => {
    for (let k = 0; k < s.length; k++) starts.push(base + at);
    value += s;
    if (raw && (s === ' ' || s === '\t')) {
      if (rawWsFrom < 0) rawWsFrom = value.length - 1;
    } else rawWsFrom = -1;
  };
  let i = 1;
  while (i < end) {
    const c = source[i] as string;
    if (double && c === '\\') {
      const n = source[i + 1] ?? '';
      if (n === '\n' || n === '\r') {
        i += n === '\r' && source[i + 2] === '\n' ? 3 : 2;
        while (i < end && (source[i] === ' ' || source[i] === '\t')) i++;
        rawWsFrom = -1;
        continue;
      }
      const hex = HEX_LEN[n];
      if (hex !== undefined) {
        const cp = parseInt(source.slice(i + 2, i + 2 + hex), 16);
        push(Number.isNaN(cp) ? '' : String.fromCodePoint(cp), i, false);
        i += 2 + hex;
        continue;
      }
      push(SIMPLE_ESCAPES[n] ?? n, i, false);
      i += 2;
      continue;
    }
    if (!double && c === "'" && source[i + 1] === "'") {
      push("'", i, false);
      i += 2;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (rawWsFrom >= 0) {
        value = value.slice(0, rawWsFrom);
        starts.length = rawWsFrom;
        rawWsFrom = -1;
      }
      const breakAt = i;
      let breaks = 0;
      while (i < end && /[\r\n \t]/.test(source[i] as string)) {
        if (source[i] === '\n') breaks++;
        i++;
      }
      push(breaks > 1 ? '\n'.repeat(breaks - 1) : ' ', breakAt, false);
      continue;
    }
    push(c, i, true);
    i++;
  }
  starts.push(base + end);
  return { value, starts };
}

/** Escapes `text` for the inside of a double-quoted scalar; the output is also a valid JSON string body. */
export function escapeDouble(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** Renders `text` as a one-line quoted scalar in the given style (single quotes fall back to double for line breaks). */
export function renderQuoted(text: string, style: 'double' | 'single'): string {
  if (style === 'single' && !/[\n\r\t]/.test(text) && !/[\u0000-\u001f]/.test(text)) {
    return `'${text.replace(/'/g, "''")}'`;
  }
  return `"${escapeDouble(text)}"`;
}

/**
 * A patch of a multi-line double-quoted scalar whose blanks YAML would fold
 * away, escaped: a blank a patch puts at the start of a continued line (after
 * a fold or a `\` continuation, where leading blanks are dropped) or before a
 * line break (where trailing blanks are dropped) is written `\ ` / `\t`; a
 * removal that leaves the next unit's raw blank at such a line start takes
 * that blank into its text, escaped (`next` is the next unit, `nextEnd` the
 * outer offset after it).
 */
function keepBlanks(source: string, start: number, edit: Edit, next: string | undefined, nextEnd: number): Edit {
  const at = edit.start - start;
  const lineBreak = Math.max(source.lastIndexOf('\n', at - 1), source.lastIndexOf('\r', at - 1));
  const lineStart = lineBreak >= 0 && /^[ \t]*$/.test(source.slice(lineBreak + 1, at));
  const escape = (c: string): string => (c === '\t' ? '\\t' : '\\ ');
  let text = edit.text;
  let end = edit.end;
  if (lineStart && text === '' && (next === ' ' || next === '\t') && source[end - start] === next) {
    text = escape(next);
    end = nextEnd;
  }
  if (lineStart) text = text.replace(/^[ \t]/, escape);
  if (/^[ \t]*[\r\n]/.test(source.slice(end - start))) text = text.replace(/[ \t]$/, escape);
  return { ...edit, end, text };
}

/**
 * OffsetMap of a quoted scalar whose source occupies `[start, start + source.length)`.
 * Each inner edit is replaced by its escaped text at the outer offsets of the
 * units it covers, so the scalar keeps its own line folding (kubectl's
 * `-o yaml` folds long double-quoted values at ~80 columns, with `\`
 * continuations or plain folds) and only the changed part moves. A multi-line
 * scalar's patch is decoded again: an edit that changes how a fold reads (a
 * space left before a plain fold, which YAML trims) re-renders the whole
 * scalar on one line, as does a line break inserted into a single-quoted one.
 */
export function quotedMap(source: string, start: number, value: string, starts: readonly number[]): OffsetMap {
  const style = source.startsWith('"') ? 'double' : 'single';
  const oneLine = !/[\r\n]/.test(source);
  const exact = starts.length === value.length + 1;
  const toOuter = (o: number): number =>
    exact ? (starts[Math.max(0, Math.min(o, value.length))] ?? start) : start + 1;
  const mapEdits = (edits: readonly Edit[]): Edit[] => {
    const normal = normalizeEdits(value, edits);
    if (normal.length === 0) return [];
    const origin = edits[0]?.origin ?? 'yaml';
    const inserted = edits.map((e) => e.text).join('');
    const whole = (): Edit[] => [{ start, end: start + source.length, text: renderQuoted(applyEdits(value, edits), style), origin }];
    if (!exact || (style === 'single' && /[\u0000-\u001f]/.test(inserted))) return whole();
    const patch = normal.map((e) => ({
      start: toOuter(e.start),
      end: toOuter(e.end),
      text: style === 'double' ? escapeDouble(e.text) : e.text.replace(/'/g, "''"),
      origin: e.origin,
    }));
    if (oneLine) return patch;
    if (style === 'double') for (let k = 0; k < patch.length; k++) patch[k] = keepBlanks(source, start, patch[k] as Edit, value[(normal[k] as Edit).end], toOuter((normal[k] as Edit).end + 1));
    // The folds the patch keeps must still read as they did: decode the patched scalar.
    const local = patch.map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
    return decodeQuoted(applyEdits(source, local), 0).value === applyEdits(value, edits) ? patch : whole();
  };
  return { toOuter, mapEdits };
}
