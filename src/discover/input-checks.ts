import type { Diagnostic } from '../source/diagnostic.js';
import { undecodableTextMessage } from '../source/encoding-hint.js';

/**
 * Bytes, not text: U+FFFD (a decoder's replacement for invalid UTF-8), and
 * for YAML any NUL (YAML has no NUL). A classic config may hold a few NUL
 * bytes, which Fluent Bit reads (the grammar models them: NUL_BYTE,
 * LINE_NOT_EDITABLE), so with `allowNul` a NUL means binary only when the
 * text looks like data: a C0 control character no text file has, NULs
 * making a tenth of the text (UTF-16 read as UTF-8, zero padding), or more
 * NULs than Fluent Bit's line buffer survives (it fails at the 14th NUL
 * line).
 */
export function checkBinary(text: string, options: { readonly allowNul?: boolean } = {}): Diagnostic | undefined {
  const bad = options.allowNul === true ? firstBinaryCharacter(text) : text.search(/[\u0000\uFFFD]/);
  if (bad < 0) return undefined;
  return { code: 'BINARY_FILE', severity: 'error', message: undecodableTextMessage(text), start: bad, end: bad + 1 };
}

/** Zero bytes or only whitespace (a BOM counts as whitespace): valid (e.g. an empty parsers.conf), reported as info. */
export function checkEmpty(text: string): Diagnostic | undefined {
  if (text.replace(/^\uFEFF/, '').trim() !== '') return undefined;
  return { code: 'EMPTY_FILE', severity: 'info', message: 'file is empty or whitespace-only', start: 0, end: text.length };
}

/** Lines longer than this in a YAML file must hold one scalar (see checkLongLines). */
export const LONG_LINE = 64 * 1024;

const INDICATORS = new Set([...'\'"{}[],#&*!|>%@`']);
const FLOW = new Set([...'{}[],']);
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * True when a line holds one scalar: an optional `- ` and `key: ` prefix,
 * then a quoted string or a plain token without blanks or flow indicators
 * (base64, a URL), then nothing but blanks. A hand-written scan: linear, and
 * no regex backtracking stack on a 1 MB line.
 */
function isSingleScalarLine(line: string): boolean {
  let i = 0;
  const n = line.length;
  while (isBlank(line[i])) i++;
  if (line[i] === '-' && line[i + 1] === ' ') i += 2;
  if (i < n && !INDICATORS.has(line[i] as string) && !isBlank(line[i])) {
    let j = i;
    while (j < n && line[j] !== ':' && !isBlank(line[j])) j++;
    if (line[j] === ':' && line[j + 1] === ' ') {
      i = j + 1;
      while (isBlank(line[i])) i++;
    }
  }
  const q = line[i];
  if (q === '"') {
    for (i++; i < n && line[i] !== '"'; i++) if (line[i] === '\\') i++;
    if (i >= n) return false;
    i++;
  } else if (q === "'") {
    for (i++; i < n; i++) {
      if (line[i] === "'") {
        if (line[i + 1] === "'") i++;
        else break;
      }
    }
    if (i >= n) return false;
    i++;
  } else {
    if (i >= n || INDICATORS.has(q as string)) return false;
    while (i < n && !isBlank(line[i]) && !FLOW.has(line[i] as string)) i++;
  }
  while (isBlank(line[i])) i++;
  return i === n;
}

/**
 * Guards the YAML parser against pathological input: the yaml package
 * spends seconds on a 1 MB line holding hundreds of thousands of tokens or
 * errors (`]]]]`, `""""`, `a: a: a:`). A YAML line over 64 KB is accepted
 * when it holds one scalar (a long quoted string, a base64 blob); a JSON
 * file is accepted when JSON.parse (linear, native) accepts it. Anything
 * else is reported, and the file is skipped and never written.
 */
export function checkLongLines(text: string): Diagnostic | undefined {
  let start = 0;
  let isJson: boolean | undefined;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > LONG_LINE) {
      isJson ??= /^\uFEFF?\s*[{[]/.test(text.slice(0, 64));
      if (isJson) {
        try {
          JSON.parse(text.replace(/^\uFEFF/, ''));
          return undefined;
        } catch (e) {
          const at = /position (\d+)/.exec(e instanceof Error ? e.message : '');
          const pos = at ? Number(at[1]) : start;
          return { code: 'YAML_SYNTAX', severity: 'error', message: `invalid JSON on a ${Math.round((end - start) / 1024)} KB line: ${e instanceof Error ? e.message : String(e)}`, start: pos, end: pos };
        }
      }
      const line = text.slice(start, end).replace(/\r$/, '');
      if (!isSingleScalarLine(line)) {
        return { code: 'YAML_SYNTAX', severity: 'error', message: `line of ${Math.round((end - start) / 1024)} KB that is not one scalar: not a manifest flb-migrate reads (YAML lines over 64 KB must hold a single quoted or plain value)`, start, end: start };
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** More NULs than this is never a config Fluent Bit reads. */
const MAX_TEXT_NULS = 64;

/** Offset of the character that makes `text` binary data rather than a text with a few NULs, or -1. */
function firstBinaryCharacter(text: string): number {
  // Almost every text has neither: one regex scan answers without the loop below, which runs
  // unoptimized over a whole big file when V8's compile threads are busy (a loaded CI box).
  if (!/[\u0000\uFFFD]/.test(text)) return -1;
  let firstNul = -1;
  let firstControl = -1;
  let nuls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c !== 0xfffd) continue;
    if (c === 0xfffd) return i;
    if (c === 0) {
      if (firstNul < 0) firstNul = i;
      nuls++;
    } else if (firstControl < 0 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b) {
      firstControl = i;
    }
  }
  // Without a NUL this is the text it always was (a stray control character is Fluent Bit's business).
  if (nuls === 0) return -1;
  if (firstControl >= 0 || nuls > MAX_TEXT_NULS || (nuls >= 4 && nuls * 10 >= text.length)) return firstNul;
  return -1;
}
