import { createToken, Lexer, skipGrammarValidations, type CustomPatternMatcherReturn, type ILexingResult, type TokenType } from './chevrotain.js';
import {
  BLANK, COMMAND, COMMENT, END, ENTRY, HEADER, INDENT_HAS_TAB, KIND, P1, P2, P3, P4, P5, RecordWriter, START, type LineRecords,
} from './line-table.js';
import { isCSpace } from '../source/c-text.js';
import { utf8LengthAtMost } from './reader.js';

/*
 * Token definitions and the one Lexer instance for the classic format.
 *
 * The format is line-oriented, and so is the lexer: ONE token per line, its
 * type the line's shape, classified by the first byte exactly as Fluent
 * Bit's reader (flb_cf_fluentbit.c read_config) does. The parts of the line
 * (indent, key, separator, value, trailing blanks, newline; or the parts of
 * a header or a command) are not tokens of their own: the token's custom
 * pattern finds their boundaries in one forward pass and writes them as
 * offsets into a typed array (line-table.ts), one record per line. The tree
 * (compact-tree.ts) builds token objects from these records only when they
 * are read.
 *
 * Every line matches exactly one line token (an entry is anything the other
 * shapes are not), so the lexer never drops input and never errors.
 *
 * The lexer reads the layout's logical text (reader.ts: NUL gaps removed).
 * A line ends at `\n` only, as with fgets(); a `\r` right before it belongs
 * to the line break (Fluent Bit strips it), any other `\r` is content. The
 * scan is linear in the line's length; values are not scanned, only trimmed
 * from their end.
 */

const CR = 13; // \r
const SPACE = 32;
const TAB = 9;
const HASH = 35; // #
const AT = 64; // @
const OPEN = 91; // [
const CLOSE = 93; // ]
const BOM = 0xfeff;

/** Where the scanner writes, and what it reads: the whole text; Chevrotain sees one chunk of it at a time. */
const records = new RecordWriter();
let source = '';
/** Offset of the chunk being tokenized in `source`. */
let base = 0;
/** The last scanned line: every line token's pattern is tried at the same offset, the line is scanned once. */
let scannedAt = -1;
let scannedKind = -1;
let scannedEnd = 0;
/** The first space at or after the position last asked for (text.length: none). */
let nextSpace = -1;

/**
 * The first space at or after `from` (text.length if none). Memoised, so
 * the searches over a whole text scan it once: a space found past the end
 * of a line serves every line before it.
 */
function spaceFrom(text: string, from: number): number {
  if (nextSpace < from) {
    nextSpace = text.indexOf(' ', from);
    if (nextSpace < 0) nextSpace = text.length;
  }
  return nextSpace;
}

/**
 * Scans the line starting at `p` (a line start of the logical text) and
 * appends its record. Mirrors read_config's classification:
 * - empty: blank; `#`: comment;
 * - `@` on a line of more than 3 bytes: a command (keyword up to the first
 *   space, that space, the raw rest);
 * - `[`: a header (name up to the first `]`, the `]`, the rest);
 * - blanks (space, tab) then nothing: a whitespace-only (blank) line; then
 *   `#`: an indented comment;
 * - anything else: an entry. The key runs to the first ASCII space (tabs,
 *   `\v`, `\f`, a bare `\r` belong to it); the separator is that space plus
 *   the C isspace() characters after it; the value runs to the last
 *   non-isspace() character; the trailing blanks follow. A key followed only
 *   by whitespace has no separator and no value, only trailing blanks.
 * A U+FEFF at offset 0 is not a line: the Bom token takes it.
 */
function scan(text: string, p: number): void {
  scannedAt = p;
  const c = text.charCodeAt(p);
  if (p === 0 && c === BOM) {
    scannedKind = -1;
    return;
  }
  const n = text.length;
  const nl = text.indexOf('\n', p);
  const end = nl < 0 ? n : nl + 1;
  const eol = nl < 0 ? n : nl > p && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
  let kind: number;
  let flags = 0;
  let p1 = p;
  let p2 = eol;
  let p3 = eol;
  let p4 = eol;
  if (p === eol) {
    kind = BLANK;
    p2 = p;
    p3 = p;
    p4 = p;
  } else if (c === HASH) {
    kind = COMMENT;
  } else if (c === AT && utf8LengthAtMost(text, 3, p, eol) > 3) {
    kind = COMMAND;
    const s = Math.min(spaceFrom(text, p + 1), eol);
    p2 = s;
    if (s < eol) p3 = s + 1;
  } else if (c === OPEN) {
    kind = HEADER;
    p2 = p + 1;
    let q = p2;
    while (q < eol && text.charCodeAt(q) !== CLOSE) q++;
    p3 = q;
    if (q < eol) p4 = q + 1;
  } else {
    let i = p;
    let tab = 0;
    while (i < eol) {
      const b = text.charCodeAt(i);
      if (b === TAB) tab = INDENT_HAS_TAB;
      else if (b !== SPACE) break;
      i++;
    }
    p1 = i;
    flags = tab;
    if (i === eol) {
      kind = BLANK;
      p2 = i;
      p3 = i;
      p4 = i;
    } else if (i > p && text.charCodeAt(i) === HASH) {
      kind = COMMENT;
    } else {
      kind = ENTRY;
      const k = Math.min(spaceFrom(text, i), eol);
      p2 = k;
      if (k < eol) {
        let v = k + 1;
        while (v < eol && isCSpace(text.charCodeAt(v))) v++;
        if (v === eol) {
          // Only whitespace after the key: all of it is trailing.
          p3 = k;
          p4 = k;
        } else {
          p3 = v;
          let w = eol;
          while (w > v && isCSpace(text.charCodeAt(w - 1))) w--;
          p4 = w;
        }
      }
    }
  }
  scannedKind = kind;
  scannedEnd = end;
  const o = records.push();
  const r = records.data;
  r[o + KIND] = kind | flags;
  r[o + START] = p;
  r[o + P1] = p1;
  r[o + P2] = p2;
  r[o + P3] = p3;
  r[o + P4] = p4;
  r[o + P5] = eol;
  r[o + END] = end;
}

/** One match array, reused: Chevrotain reads `[0]` right away and keeps nothing else. */
const MATCH: CustomPatternMatcherReturn = [''];

/**
 * Chevrotain's first-character index stands for Fluent Bit's first-byte
 * classification: for each line, only the shapes its first character allows
 * are tried. The index has one slot per character below 256 and one per
 * block of 255 above (Chevrotain's charCodeToOptimizedIndex), so "any
 * character" is every code below 256 plus one code of each block.
 */
const ANY_CHARACTER: readonly number[] = (() => {
  const codes: number[] = [];
  for (let c = 0; c < 256; c++) codes.push(c);
  for (let c = 256, block = -1; c < 0x10000; c++) {
    const b = Math.floor(c / 255);
    if (b !== block) {
      codes.push(c);
      block = b;
    }
  }
  return codes;
})();

function lineToken(name: string, kind: number, categories: TokenType[], startChars: readonly (string | number)[]): TokenType {
  return createToken({
    name,
    pattern: {
      exec: (_chunk: string, offset: number) => {
        const p = base + offset;
        if (p !== scannedAt) scan(source, p);
        if (scannedKind !== kind) return null;
        MATCH[0] = source.slice(p, scannedEnd);
        return MATCH;
      },
    },
    line_breaks: true,
    categories,
    start_chars_hint: [...startChars],
  });
}

/** Any line that is not a section header (the parser's unit inside a section). */
export const BodyLine = createToken({ name: 'BodyLine', pattern: Lexer.NA });
/** An entry starts with anything but `#`, `[` and `\n` (a bare `\r`, a short `@` line, a U+FEFF past offset 0 included). */
export const EntryLine = lineToken('EntryLine', ENTRY, [BodyLine], ANY_CHARACTER.filter((c) => c !== HASH && c !== OPEN && c !== 10));
export const BlankLine = lineToken('BlankLine', BLANK, [BodyLine], ['\n', '\r', ' ', '\t']);
export const CommentLine = lineToken('CommentLine', COMMENT, [BodyLine], ['#', ' ', '\t']);
export const CommandLine = lineToken('CommandLine', COMMAND, [BodyLine], ['@']);
export const HeaderLine = lineToken('HeaderLine', HEADER, [], ['[']);

/** U+FEFF at offset 0 only. */
export const Bom = createToken({
  name: 'Bom',
  pattern: { exec: (_chunk: string, offset: number) => (base + offset === 0 && source.charCodeAt(0) === BOM ? ['\ufeff'] : null) },
  line_breaks: false,
  start_chars_hint: ['\ufeff'],
});

/** Most frequent first: each line is scanned once and the other patterns only compare its kind. */
const lineTokens: readonly TokenType[] = [EntryLine, BlankLine, CommentLine, HeaderLine, CommandLine];

export const allTokens: readonly TokenType[] = [BodyLine, ...lineTokens, Bom];

/**
 * The one lexer instance, built once at module load, with its
 * first-character index (ANY_CHARACTER). Where grammar validations run
 * (tests), Chevrotain also fails if it cannot build that index; elsewhere
 * it would fall back to trying every line pattern (slower, same tokens).
 */
const lexer = new Lexer([...lineTokens, Bom], {
  positionTracking: 'onlyOffset',
  ensureOptimizations: !skipGrammarValidations(),
  skipValidations: skipGrammarValidations(),
});

/**
 * Lexing a text: beginLexing(), then lexChunk() over consecutive ranges
 * that start and end at line starts (each chunk's tokens can be parsed and
 * dropped before the next chunk is lexed), then endLexing() for the records
 * of every line. Token offsets are relative to their chunk; the records'
 * offsets are into the whole text.
 */
export function beginLexing(text: string): void {
  source = text;
  base = 0;
  scannedAt = -1;
  nextSpace = -1;
  records.begin(lineEstimate(text));
}

/**
 * How many line records a text needs at most: ~16 characters a line for a
 * small text (config lines are rarely shorter on average; records of small
 * files share a slab), and for a large one its count of `\n` plus one,
 * exact unless a NUL glues lines (a large tree keeps its buffer as long as
 * it lives: memory, issue #14; counting costs ~1% of the lexing).
 */
function lineEstimate(text: string): number {
  if (text.length < 1 << 16) return (text.length >> 4) + 4;
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Tokens of `source[from, to)`, one per line (offsets relative to `from`). */
export function lexChunk(from: number, to: number): ILexingResult {
  base = from;
  return lexer.tokenize(from === 0 && to === source.length ? source : source.slice(from, to));
}

export function endLexing(): LineRecords {
  source = '';
  scannedAt = -1;
  return records.finish();
}
