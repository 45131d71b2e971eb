import type { Diagnostic } from '../source/diagnostic.js';
import { undecodableTextMessage } from '../source/encoding-hint.js';

/** NUL or U+FFFD (a decoder's replacement char) means we were given bytes, not text. */
export function checkBinary(text: string): Diagnostic | undefined {
  const i = text.search(/[\u0000\uFFFD]/);
  if (i < 0) return undefined;
  return { code: 'BINARY_FILE', severity: 'error', message: undecodableTextMessage(text), start: i, end: i + 1 };
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
