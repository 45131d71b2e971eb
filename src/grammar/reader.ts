/*
 * How Fluent Bit's classic reader (flb_cf_fluentbit.c read_config) turns a
 * file into lines, and the C character rules it applies to them.
 *
 * read_config reads with fgets() into a buffer that starts at 4,096 bytes and
 * then works on C strings:
 * - A line ends at `\n` only. One `\n` is removed, then at most one `\r`
 *   before it; any other `\r` is ordinary content.
 * - `len = strlen(buf)` stops at a NUL byte. The line then does not end in
 *   `\n`, so the reader doubles the buffer and calls fgets again at `buf +
 *   len`: whatever fgets had read after the NUL (normally the rest of that
 *   physical line and its `\n`) is overwritten, and the next physical line
 *   is glued on at the NUL. Fluent Bit's line counter counts the glued line
 *   once, so its line numbers fall behind ours after a NUL.
 * - When fgets returns NULL while a glued line is still open (the NUL line was
 *   the last one and ended in `\n`), that line is never processed.
 * - The buffer never shrinks: each NUL line (and each line longer than the
 *   buffer) doubles it, and past 32 MiB the reader fails.
 *
 * `layoutText` computes the text the rest of the grammar lexes ("logical"
 * text: what Fluent Bit's line loop sees, one `\n` per line it counts) and
 * the map back to source offsets. Text without a NUL byte is its own
 * layout (no copy, no map): the common case costs one indexOf.
 */

const NUL = 0;
const NL = 10;
const BUFFER_START = 4096; // FLB_DEFAULT_CF_BUF_SIZE
const BUFFER_LIMIT = 32 * 1024 * 1024; // line_hard_limit

/** C isblank(): space and tab. */
export function isCBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Source offsets of every `\r` that is not followed by `\n` (one indexOf per `\r`). */
export function bareCrOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== NL) out.push(i);
  }
  return out;
}

/** UTF-8 length of the UTF-16 code unit at `i` (a surrogate pair counts 4 on its high half, 0 on its low half). */
function utf8Units(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff ? 4 : 3;
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const p = text.charCodeAt(i - 1);
    return p >= 0xd800 && p <= 0xdbff ? 0 : 3;
  }
  return 3;
}

/** UTF-8 byte length of `text`, stopping once it exceeds `limit`. */
export function utf8LengthAtMost(text: string, limit: number, start = 0, end = text.length): number {
  let n = 0;
  for (let i = start; i < end && n <= limit; i++) n += utf8Units(text, i);
  return n;
}

/** First UTF-8 byte of the character at `i` (what a byte-wise C comparison sees first). */
export function utf8LeadByte(text: string, i: number): number {
  const cp = text.codePointAt(i) ?? 0;
  if (cp < 0x80) return cp;
  if (cp < 0x800) return 0xc0 | (cp >> 6);
  if (cp < 0x10000) return 0xe0 | (cp >> 12);
  return 0xf0 | (cp >> 18);
}

/** A run of logical text and the source range it stands for. */
interface Piece {
  /** Start in the logical text. */
  readonly l: number;
  /** Length in the logical text. */
  readonly len: number;
  /** A line Fluent Bit never processes, standing as one `#` (a line it skips). */
  readonly skipped: boolean;
  /** Start and end in the source. */
  readonly p: number;
  readonly pend: number;
}

export interface TextLayout {
  /** What the reader's line loop sees; `=== text` when the text has no NUL. */
  readonly logical: string;
  /**
   * Source ranges Fluent Bit never reads: from a NUL byte to where that
   * fgets() call stopped (normally the end of the physical line, `\n`
   * included), and a last line it never processes.
   */
  readonly gaps: ReadonlyArray<{ readonly start: number; readonly end: number; readonly reason: 'after-nul' }>;
  /** Source range of a last line of which Fluent Bit reads nothing (it ends inside a NUL gap), or null. */
  readonly dropped: { readonly start: number; readonly end: number; readonly reason: 'last-line' } | null;
  /** Source offset of the line at which the reader's buffer passes 32 MiB, or null. */
  readonly overflow: number | null;
  /** Source offset of a logical offset (a token boundary); null map = identity. */
  toSource(logical: number): number;
}

const IDENTITY_GAPS: TextLayout['gaps'] = [];
const identity = (x: number): number => x;

/**
 * True when plain `\n` splitting gives exactly Fluent Bit's lines: no NUL,
 * no line long enough to overflow the buffer, and no last line (without
 * `\n`) that could fill the buffer exactly (fgets then stops without seeing
 * end-of-file, and the next call's NULL drops the line).
 */
function splitsPlainly(text: string): boolean {
  if (text.indexOf('\0') >= 0 || hasLineLongerThan(text, BUFFER_LIMIT / 4)) return false;
  if (text.length === 0 || text.charCodeAt(text.length - 1) === NL) return true;
  const lastStart = text.lastIndexOf('\n') + 1;
  if ((text.length - lastStart) * 4 < BUFFER_START - 1) return true;
  const bytes = utf8LengthAtMost(text, Infinity, lastStart);
  return (bytes + 1) % BUFFER_START !== 0 || ((bytes + 1) & bytes) !== 0;
}

/**
 * True when a line holds more than `limit` UTF-16 units. A line of at most
 * BUFFER_LIMIT / 4 units is under 3 * 8 MiB bytes in UTF-8, so it fits the
 * reader's buffer without passing its limit.
 */
function hasLineLongerThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    if (nl - start > limit) return true;
    start = nl + 1;
  }
  return text.length - start > limit;
}

export function layoutText(text: string): TextLayout {
  if (splitsPlainly(text)) {
    return { logical: text, gaps: IDENTITY_GAPS, dropped: null, overflow: null, toSource: identity };
  }
  const n = text.length;
  const pieces: Piece[] = [];
  const parts: string[] = [];
  const gaps: Array<{ start: number; end: number; reason: 'after-nul' }> = [];
  let logicalLength = 0;
  let dropped: TextLayout['dropped'] = null;
  let overflow: number | null = null;
  let bufsize = BUFFER_START;
  let pos = 0;
  const keep = (start: number, end: number): void => {
    if (end <= start) return;
    pieces.push({ l: logicalLength, len: end - start, skipped: false, p: start, pend: end });
    parts.push(text.slice(start, end));
    logicalLength += end - start;
  };
  while (pos < n) {
    // One logical line: fgets() calls until the buffer holds a whole line.
    const lineStart = pos;
    const lineParts = parts.length;
    const linePieces = pieces.length;
    const lineLogical = logicalLength;
    let used = 0; // strlen(buf)
    const dropLine = (): void => {
      parts.length = lineParts;
      pieces.length = linePieces;
      logicalLength = lineLogical;
      while (gaps.length > 0 && (gaps[gaps.length - 1] as { start: number }).start >= lineStart) gaps.pop();
      dropped = { start: lineStart, end: n, reason: 'last-line' };
      pieces.push({ l: logicalLength, len: 1, skipped: true, p: lineStart, pend: n });
      parts.push('#');
      logicalLength += 1;
    };
    for (;;) {
      if (pos >= n) {
        // fgets() returned NULL with the line still open: it is never processed.
        dropLine();
        break;
      }
      // fgets(buf + used, bufsize - used, f): at most bufsize - used - 1 bytes, up to and including `\n`.
      const cap = bufsize - used - 1;
      let i = pos;
      let bytes = 0;
      let nul = -1;
      let sawNewline = false;
      while (i < n && bytes < cap) {
        const units = utf8Units(text, i);
        // A character that does not fit whole is left for the next call
        // (fgets would split its bytes; such a split is not modelled).
        if (bytes + units > cap && bytes > 0) break;
        const c = text.charCodeAt(i);
        bytes += units;
        i++;
        if (c === NUL && nul < 0) nul = i - 1;
        if (c === NL) {
          sawNewline = true;
          break;
        }
      }
      const atEof = !sawNewline && i >= n && bytes < cap;
      if (nul >= 0) {
        keep(pos, nul);
        used += utf8LengthAtMost(text, Infinity, pos, nul);
        gaps.push({ start: nul, end: i, reason: 'after-nul' });
      } else {
        keep(pos, i);
        used += bytes;
      }
      pos = i;
      // A last line that is empty after the cut reads as nothing: held like one never processed.
      if (atEof && nul >= 0 && logicalLength === lineLogical) dropLine();
      if ((nul < 0 && sawNewline) || atEof) break;
      // No `\n` at the end of the buffer: double it and read on at buf + strlen(buf).
      bufsize *= 2;
      if (bufsize > BUFFER_LIMIT && overflow === null) overflow = lineStart;
    }
  }
  const logical = parts.join('');
  // Token boundaries: a gap belongs to the token before it (the first token
  // for a gap at offset 0), so each token's source range is contiguous with
  // the next and the ranges cover the source.
  const toSource = (x: number): number => {
    if (x <= 0) return 0;
    if (x >= logical.length) return n;
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((pieces[mid] as Piece).l <= x) lo = mid;
      else hi = mid - 1;
    }
    const piece = pieces[lo] as Piece;
    return piece.skipped ? piece.p : piece.p + (x - piece.l);
  };
  return { logical, gaps, dropped, overflow, toSource };
}
