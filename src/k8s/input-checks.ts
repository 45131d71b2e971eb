import type { Diagnostic } from '../source/diagnostic.js';

/** NUL or U+FFFD (a decoder's replacement char) means we were given bytes, not text. */
export function checkBinary(text: string): Diagnostic | undefined {
  const i = text.search(/[\u0000\uFFFD]/);
  if (i < 0) return undefined;
  return { code: 'BINARY_FILE', severity: 'error', message: 'file looks binary (NUL byte or invalid UTF-8); skipped', start: i, end: i + 1 };
}

/** Zero bytes or only whitespace (a BOM counts as whitespace): valid (e.g. an empty parsers.conf), reported as info. */
export function checkEmpty(text: string): Diagnostic | undefined {
  if (text.replace(/^\uFEFF/, '').trim() !== '') return undefined;
  return { code: 'EMPTY_FILE', severity: 'info', message: 'file is empty or whitespace-only', start: 0, end: text.length };
}
