import { BLANK, COMMAND, COMMENT, END, ENTRY, HEADER, KIND, KIND_MASK, P1, P2, P3, P4, P5, START, STRIDE, type LineRecords } from './line-table.js';
import type { FileShape } from './parser.js';
import { cLower } from '../source/c-text.js';
import { int32s } from '../source/off-heap.js';
import { type TextLayout } from './reader.js';
import { sectionTypeOf } from './section-type.js';
import type {
  BlankLine, CommandLine, CommentLine, ConfigTree, EntryLine, HeaderLine, Line, SectionNode, Token, TokenKind, UnreadRange,
} from './syntax-tree.js';

/*
 * The tree over the lexer's line records (line-table.ts). One object per
 * line, built when `tree.lines` (or `preamble`, `sections`) is first read;
 * a line's Token objects are built when one of them is first read, all of
 * the line's at once, and then kept, so a token read twice is the same
 * object. Validation (validate.ts) reads the records through LineTable and
 * never builds either.
 *
 * Offsets in the records are into the logical text (what the lexer read);
 * `src()` maps them back to the source. A token that spans a NUL gap covers
 * the gap's bytes but keeps the logical text.
 */

/** The records of one parsed text, with the maps validation and the tree need. */
export class LineTable {
  /** The parsed (source) text. */
  readonly text: string;
  /** The text the lexer read: `=== text` unless the text holds a NUL or a line Fluent Bit never reads. */
  readonly logical: string;
  /** The records: line `i` starts at `rec[base + i * STRIDE]`. */
  readonly rec: Int32Array;
  readonly base: number;
  readonly count: number;
  /** Logical offsets are source offsets. */
  readonly identity: boolean;
  readonly layout: TextLayout;
  /** Physical line numbers, when they are not index + 1 (a NUL glued lines). */
  private readonly lineNumbers: Int32Array | null;

  constructor(text: string, layout: TextLayout, records: LineRecords) {
    this.text = text;
    this.logical = layout.logical;
    this.rec = records.data;
    this.base = records.base;
    this.count = records.count;
    this.layout = layout;
    this.identity = layout.logical === text;
    this.lineNumbers = this.identity ? null : this.countLines();
  }

  /** Physical line numbers count `\n` in the source (the BOM shares line 1). */
  private countLines(): Int32Array {
    const out = int32s(this.count);
    const { text } = this;
    let lineNo = 1;
    let counted = 0;
    for (let i = 0; i < this.count; i++) {
      const start = this.src(this.rec[this.base + i * STRIDE + START] as number);
      for (let k = text.indexOf('\n', counted); k >= 0 && k < start; k = text.indexOf('\n', k + 1)) lineNo++;
      counted = start;
      out[i] = lineNo;
    }
    return out;
  }

  /** Source offset of a logical boundary. */
  src(x: number): number {
    return this.identity ? x : this.layout.toSource(x);
  }

  /** 1-based physical line number of line `i`. */
  lineNo(i: number): number {
    return this.lineNumbers === null ? i + 1 : (this.lineNumbers[i] as number);
  }

  /** The kind of line `i` (BLANK ... ENTRY). */
  kind(i: number): number {
    return (this.rec[this.base + i * STRIDE + KIND] as number) & KIND_MASK;
  }

  /** A record slot of line `i`. */
  at(i: number, slot: number): number {
    return this.rec[this.base + i * STRIDE + slot] as number;
  }

  /** The line's content as Fluent Bit reads it (no line break). */
  content(i: number): string {
    const o = this.base + i * STRIDE;
    return this.logical.slice(this.rec[o + START], this.rec[o + P5]);
  }

  /**
   * Source offset of position `k` of line `i`'s content: exact, unless the
   * part holding it spans a NUL gap, where it is the part's start.
   */
  offsetAt(i: number, k: number): number {
    const o = this.base + i * STRIDE;
    const r = this.rec;
    if (this.identity) return (r[o + START] as number) + k;
    let at = 0;
    for (let s = START; s < END; s++) {
      const a = r[o + s] as number;
      const len = (r[o + s + 1] as number) - a;
      if (len === 0) continue;
      if (k < at + len) {
        const sa = this.src(a);
        return this.src(a + len) - sa === len ? sa + (k - at) : sa;
      }
      at += len;
    }
    return this.src(r[o + P5] as number);
  }
}

/** Token kinds of the six parts (indent, a, b, c, d, newline), indexed by line kind (BLANK ... ENTRY). */
const PART_KINDS: ReadonlyArray<readonly TokenKind[]> = [
  ['indent', 'indent', 'indent', 'indent', 'indent', 'newline'], // BLANK: indent only
  ['indent', 'comment', 'comment', 'comment', 'comment', 'newline'], // COMMENT: indent, comment
  ['indent', 'command', 'command-separator', 'command-argument', 'command-argument', 'newline'], // COMMAND
  ['indent', 'header-open', 'section-name', 'header-close', 'header-rest', 'newline'], // HEADER
  ['indent', 'key', 'separator', 'value', 'trailing', 'newline'], // ENTRY
];
if (PART_KINDS.length !== ENTRY + 1 || BLANK !== 0 || COMMENT !== 1 || COMMAND !== 2 || HEADER !== 3) throw new Error('PART_KINDS out of order');

// Internal state of a line view under symbol keys: out of JSON, Object.keys
// and for-in, and cheap to set (private `#` fields cost V8 more per object).
const TABLE = Symbol('table');
const INDEX = Symbol('index');
const PARTS = Symbol('parts');

/** The six parts of a line as tokens (0 indent, 1-4 the kind's parts, 5 newline), then the tokens array. */
type Parts = readonly [Token | null, Token | null, Token | null, Token | null, Token | null, Token | null, readonly Token[]];

/**
 * A line of the tree: its kind, the table and its index. Numbers and
 * offsets are read from the line's record; tokens are built on first read.
 * Fields are assigned in the constructor, without class field initialisers
 * (V8 builds such objects much faster).
 */
abstract class LineView {
  declare readonly kind: Line['kind'];
  declare readonly [TABLE]: LineTable;
  declare readonly [INDEX]: number;
  declare [PARTS]: Parts | null;

  constructor(table: LineTable, i: number, kind: Line['kind']) {
    this.kind = kind;
    this[TABLE] = table;
    this[INDEX] = i;
    this[PARTS] = null;
  }

  /** 1-based physical line number (counted by `\n`) of the line's first byte. */
  get line(): number {
    return this[TABLE].lineNo(this[INDEX]);
  }

  /** The line number Fluent Bit's reader gives this line. */
  get readerLine(): number {
    return this[INDEX] + 1;
  }

  get start(): number {
    return this[TABLE].src(this[TABLE].at(this[INDEX], START));
  }

  /** End offset including the line break. */
  get end(): number {
    return this[TABLE].src(this[TABLE].at(this[INDEX], END));
  }

  /** Part `s` as a token, or null. */
  protected part(s: 0 | 1 | 2 | 3 | 4 | 5): Token | null {
    return (this[PARTS] ?? buildParts(this))[s];
  }

  /** Every token of the line, in order, including the newline token. */
  get tokens(): readonly Token[] {
    return (this[PARTS] ?? buildParts(this))[6];
  }

  get newline(): Token | null {
    return this.part(5);
  }

  /** The line as a plain object (what JSON.stringify writes). */
  toJSON(): Record<string, unknown> {
    return { kind: this.kind, line: this.line, readerLine: this.readerLine, start: this.start, end: this.end, tokens: this.tokens, newline: this.newline };
  }
}

/** Builds (once) the tokens of a line, all at once, so a token read twice is the same object. */
function buildParts(line: LineView): Parts {
  const table = line[TABLE];
  const r = table.rec;
  const o = table.base + line[INDEX] * STRIDE;
  const kinds = PART_KINDS[(r[o + KIND] as number) & KIND_MASK] as readonly TokenKind[];
  const tokens: Token[] = [];
  const parts: [Token | null, Token | null, Token | null, Token | null, Token | null, Token | null, readonly Token[]] = [null, null, null, null, null, null, tokens];
  for (let s = 0; s < 6; s++) {
    const a = r[o + START + s] as number;
    const b = r[o + START + s + 1] as number;
    if (b === a) continue;
    const t: Token = { kind: kinds[s] as TokenKind, start: table.src(a), end: table.src(b), text: table.logical.slice(a, b) };
    parts[s] = t;
    tokens.push(t);
  }
  line[PARTS] = parts;
  return parts;
}

class BlankLineView extends LineView implements BlankLine {
  declare readonly kind: 'blank';
  get indent(): Token | null {
    return this.part(0);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), indent: this.indent };
  }
}

class CommentLineView extends LineView implements CommentLine {
  declare readonly kind: 'comment';
  get indent(): Token | null {
    return this.part(0);
  }
  get comment(): Token {
    return this.part(1) as Token;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), indent: this.indent, comment: this.comment };
  }
}

class CommandLineView extends LineView implements CommandLine {
  declare readonly kind: 'command';
  get keyword(): Token {
    return this.part(1) as Token;
  }
  get separator(): Token | null {
    return this.part(2);
  }
  get argument(): Token | null {
    return this.part(3);
  }
  /** Lower-cased command word without `@`. */
  get name(): string {
    return cLower(this.keyword.text.slice(1));
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), keyword: this.keyword, separator: this.separator, argument: this.argument, name: this.name };
  }
}

class HeaderLineView extends LineView implements HeaderLine {
  declare readonly kind: 'header';
  get open(): Token {
    return this.part(1) as Token;
  }
  get name(): Token | null {
    return this.part(2);
  }
  get close(): Token | null {
    return this.part(3);
  }
  get rest(): Token | null {
    return this.part(4);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), open: this.open, name: this.name, close: this.close, rest: this.rest };
  }
}

class EntryLineView extends LineView implements EntryLine {
  declare readonly kind: 'entry';
  get indent(): Token | null {
    return this.part(0);
  }
  get key(): Token {
    return this.part(1) as Token;
  }
  get separator(): Token | null {
    return this.part(2);
  }
  get value(): Token | null {
    return this.part(3);
  }
  get trailing(): Token | null {
    return this.part(4);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), indent: this.indent, key: this.key, separator: this.separator, value: this.value, trailing: this.trailing };
  }
}

/*
 * Package-internal reads of a line's parts (for src/model and src/view):
 * the same values as the line's tokens, read from the records without
 * building the tokens when the line is ours, from the tokens otherwise (a
 * tree built by hand, or a JSON copy).
 */

/** Length of the line's indent token's text (0 without one). */
export function indentWidth(line: Line): number {
  if (line instanceof LineView) {
    const t = line[TABLE];
    return t.at(line[INDEX], P1) - t.at(line[INDEX], START);
  }
  return line.kind === 'command' || line.kind === 'header' ? 0 : (line.indent?.text.length ?? 0);
}

/** Length of the line's newline token's text: 2 for `\r\n`, 1 for `\n`, 0 without one. */
export function newlineWidth(line: Line): number {
  if (line instanceof LineView) {
    const t = line[TABLE];
    return t.at(line[INDEX], END) - t.at(line[INDEX], P5);
  }
  return line.newline?.text.length ?? 0;
}

/** An entry's key text, as its key token's text. */
export function keyText(line: EntryLine): string {
  if (line instanceof LineView) {
    const t = line[TABLE];
    return t.logical.slice(t.at(line[INDEX], P1), t.at(line[INDEX], P2));
  }
  return line.key.text;
}

/** Start offset of an entry's key token. */
export function keyStart(line: EntryLine): number {
  if (line instanceof LineView) return line[TABLE].src(line[TABLE].at(line[INDEX], P1));
  return line.key.start;
}

/** The text of an entry's key, separator and value tokens together (a group header's content). */
export function keyAndValueText(line: EntryLine): string {
  if (line instanceof LineView) {
    const t = line[TABLE];
    return t.logical.slice(t.at(line[INDEX], P1), t.at(line[INDEX], P4));
  }
  return line.key.text + (line.separator?.text ?? '') + (line.value?.text ?? '');
}

/** An entry's value: its value token's text and range, or '' and an empty range at the key's end. */
export function entryValue(line: EntryLine): { readonly text: string; readonly start: number; readonly end: number } {
  if (line instanceof LineView) {
    const t = line[TABLE];
    const i = line[INDEX];
    const a = t.at(i, P3);
    const b = t.at(i, P4);
    if (b > a) return { text: t.logical.slice(a, b), start: t.src(a), end: t.src(b) };
    const keyEnd = t.src(t.at(i, P2));
    return { text: '', start: keyEnd, end: keyEnd };
  }
  const { value } = line;
  return value ? { text: value.text, start: value.start, end: value.end } : { text: '', start: line.key.end, end: line.key.end };
}

function lineView(table: LineTable, i: number): Line {
  switch (table.kind(i)) {
    case BLANK: return new BlankLineView(table, i, 'blank');
    case COMMENT: return new CommentLineView(table, i, 'comment');
    case COMMAND: return new CommandLineView(table, i, 'command');
    case HEADER: return new HeaderLineView(table, i, 'header');
    default: return new EntryLineView(table, i, 'entry');
  }
}

/**
 * The file's indent string as Fluent Bit derives it for edits: the leading
 * blanks of the first line that has any (an entry, a whitespace-only line or
 * an indented comment; headers and commands have none).
 */
function indentOf(table: LineTable): string | null {
  for (let i = 0; i < table.count; i++) {
    const start = table.at(i, START);
    const p1 = table.at(i, P1);
    if (p1 > start) return table.logical.slice(start, p1);
  }
  return null;
}

const SHAPE = Symbol('shape');
const LINES = Symbol('lines');
const SOME_LINES = Symbol('someLines');
const PREAMBLE = Symbol('preamble');
const SECTIONS = Symbol('sections');

/** Package-internal (src/model): the line records and shape of a compact tree; null for another tree. */
export function compactParts(tree: ConfigTree): { readonly table: LineTable; readonly shape: FileShape } | null {
  return tree instanceof CompactTree ? { table: tree[TABLE], shape: tree[SHAPE] } : null;
}

/**
 * Package-internal (src/model): line `i` of a compact tree, the object
 * `tree.lines[i]` is (or will be), built alone when the lines are not built
 * yet (a model refers to its entries' lines without building every line).
 */
export function compactLine(tree: ConfigTree, i: number): Line {
  if (!(tree instanceof CompactTree)) return tree.lines[i] as Line;
  const all = tree[LINES];
  if (all !== null) return all[i] as Line;
  const some = (tree[SOME_LINES] ??= new Map());
  let line = some.get(i);
  if (line === undefined) some.set(i, (line = lineView(tree[TABLE], i)));
  return line;
}

/**
 * Package-internal (src/convert): visits every line of a tree in order. A
 * compact tree's lines are made for the visit alone when `tree.lines` was
 * not built (never kept: a reader that walks a big file once would
 * otherwise keep ~40 bytes of line and tokens per byte of text alive with the
 * tree, issue #14); the same line objects as `tree.lines` otherwise.
 */
export function forEachLine(tree: ConfigTree, visit: (line: Line, i: number) => void): void {
  if (!(tree instanceof CompactTree) || tree[LINES] !== null) {
    tree.lines.forEach((line, i) => visit(line, i));
    return;
  }
  const table = tree[TABLE];
  const some = tree[SOME_LINES];
  for (let i = 0; i < table.count; i++) visit(some?.get(i) ?? lineView(table, i), i);
}

/** The lossless tree of one parsed text (see syntax-tree.ts); lines and tokens are built when first read. */
export class CompactTree implements ConfigTree {
  declare readonly kind: 'config';
  declare readonly text: string;
  declare readonly bom: Token | null;
  declare readonly unread: ReadonlyArray<UnreadRange>;
  declare readonly overflow: number | null;
  declare readonly indent: string | null;
  declare readonly [TABLE]: LineTable;
  declare readonly [SHAPE]: FileShape;
  declare [LINES]: readonly Line[] | null;
  /** Lines built one by one before `lines` was read (compactLine); `lines` takes them over. */
  declare [SOME_LINES]: Map<number, Line> | null;
  declare [PREAMBLE]: readonly Line[] | null;
  declare [SECTIONS]: readonly SectionNode[] | null;

  constructor(table: LineTable, shape: FileShape) {
    const { layout } = table;
    this.kind = 'config';
    this.text = table.text;
    this.bom = shape.bom ? { kind: 'bom', start: 0, end: table.src(1), text: '\ufeff' } : null;
    this.unread = layout.dropped ? [...layout.gaps, layout.dropped] : layout.gaps;
    this.overflow = layout.overflow;
    this.indent = indentOf(table);
    this[TABLE] = table;
    this[SHAPE] = shape;
    this[LINES] = null;
    this[SOME_LINES] = null;
    this[PREAMBLE] = null;
    this[SECTIONS] = null;
  }

  /** Every line, in order. */
  get lines(): readonly Line[] {
    if (this[LINES] === null) {
      const table = this[TABLE];
      const lines = new Array<Line>(table.count);
      const some = this[SOME_LINES];
      for (let i = 0; i < table.count; i++) lines[i] = some?.get(i) ?? lineView(table, i);
      this[LINES] = lines;
      this[SOME_LINES] = null;
    }
    return this[LINES];
  }

  /** Lines before the first section header. */
  get preamble(): readonly Line[] {
    this[PREAMBLE] ??= this.lines.slice(0, this[SHAPE].preamble);
    return this[PREAMBLE];
  }

  get sections(): readonly SectionNode[] {
    if (this[SECTIONS] === null) {
      const { lines } = this;
      const table = this[TABLE];
      const sections: SectionNode[] = [];
      let h = this[SHAPE].preamble;
      for (const size of this[SHAPE].sections) {
        const header = lines[h] as HeaderLine;
        const from = table.at(h, P2);
        const to = table.at(h, P3);
        const body = lines.slice(h + 1, h + 1 + size);
        const last = body[body.length - 1] ?? header;
        const name = table.logical.slice(from, to);
        sections.push({ kind: 'section', header, name, type: sectionTypeOf(name), lines: body, start: header.start, end: last.end });
        h += 1 + size;
      }
      this[SECTIONS] = sections;
    }
    return this[SECTIONS];
  }

  /** The tree as a plain object (what JSON.stringify writes). */
  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind, text: this.text, bom: this.bom, lines: this.lines, unread: this.unread, overflow: this.overflow,
      preamble: this.preamble, sections: this.sections, indent: this.indent,
    };
  }
}
