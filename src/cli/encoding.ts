/**
 * Bytes -> text for the CLI's inputs. The library takes strings; the CLI
 * decides how bytes become one, so it can say WHY a file is not text we can
 * migrate: UTF-16/UTF-32 (Windows editors, PowerShell's `>`) and Latin-1 get
 * a message naming the encoding and how to convert, instead of the
 * library's generic "looks binary". Fluent Bit and Kubernetes read UTF-8.
 */

export type Decoded =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string; readonly line?: number; readonly column?: number };

const BOMS: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32BE'],
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32LE'],
  [[0xfe, 0xff], 'UTF-16BE'],
  [[0xff, 0xfe], 'UTF-16LE'],
];

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeInput(bytes: Uint8Array): Decoded {
  for (const [bom, encoding] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) {
      const hex = bom.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
      return notUtf8(`file is ${encoding} (byte-order mark ${hex})`, encoding);
    }
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16 !== undefined) return notUtf8(`file looks like ${utf16} without a byte-order mark (every other byte is NUL)`, utf16);

  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0 && !hasControlBytes(bytes)) {
    const { line, column } = position(bytes, bad);
    const byte = (bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return {
      ok: false,
      message: `file is not UTF-8: byte 0x${byte} looks like Latin-1 (ISO-8859-1 / Windows-1252); Fluent Bit and Kubernetes read UTF-8: convert it (iconv -f LATIN1 -t UTF-8) and run again`,
      line,
      column,
    };
  }
  // Valid UTF-8, or binary: the library reports NUL bytes and U+FFFD as BINARY_FILE.
  return { ok: true, text: utf8.decode(bytes) };
}

function notUtf8(what: string, encoding: string): Decoded {
  return { ok: false, message: `${what}, not UTF-8; Fluent Bit and Kubernetes read UTF-8: convert it (iconv -f ${encoding} -t UTF-8) and run again` };
}

/** UTF-16 text without a BOM: mostly ASCII, so one byte of each pair is NUL. */
function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  const pairs = Math.min(Math.floor(bytes.length / 2), 4096);
  if (pairs < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.9 && evenNul === 0) return 'UTF-16LE';
  if (evenNul >= pairs * 0.9 && oddNul === 0) return 'UTF-16BE';
  return undefined;
}

/** Bytes no text file has (NUL and C0 controls other than tab, LF, CR, ESC, FF, VT). */
function hasControlBytes(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x1b && b !== 0x0b && b !== 0x0c) return true;
  return false;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line and column (in bytes, which is characters for Latin-1) of a byte offset. */
function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
