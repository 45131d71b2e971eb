/**
 * Our own ordered, readonly, lossless syntax tree for Fluent Bit classic
 * configs. Every byte of the input belongs to exactly one Token: the source
 * ranges of `tree.bom` and the tokens of `tree.lines`, in order, are
 * contiguous and cover the input (print.ts). Lines are the lines Fluent
 * Bit's reader sees (reader.ts): they end at `\n`, and a NUL byte glues the
 * next physical line on. No Chevrotain type appears here.
 *
 * The trees parseConfig returns are views over the lexer's line records
 * (compact-tree.ts): lines are built when first read, a line's tokens when
 * one of them is first read, each once; token fields are getters.
 */

export type TokenKind =
  | 'bom'
  | 'newline'
  | 'comment'
  | 'indent'
  | 'key'
  | 'separator'
  | 'value'
  | 'trailing'
  | 'command'
  | 'command-separator'
  | 'command-argument'
  | 'header-open'
  | 'section-name'
  | 'header-close'
  | 'header-rest';

/**
 * A slice of the source: half-open offsets `[start, end)` and its text as
 * Fluent Bit reads it. `text === source.slice(start, end)` except for a token
 * that spans bytes Fluent Bit never reads (`ConfigTree.unread`: from a NUL
 * byte to the end of that physical line): the range covers them, the text
 * leaves them out.
 */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface LineBase {
  /** 1-based physical line number (counted by `\n`) of the line's first byte. */
  readonly line: number;
  /**
   * The line number Fluent Bit's reader gives this line in its messages:
   * equal to `line` until a NUL byte has glued two physical lines into one.
   */
  readonly readerLine: number;
  readonly start: number;
  /** End offset including the line break. */
  readonly end: number;
  /** Every token of the line, in order, including the newline token. */
  readonly tokens: readonly Token[];
  readonly newline: Token | null;
}

/** An empty line, or (with `indent`) a whitespace-only line. */
export interface BlankLine extends LineBase {
  readonly kind: 'blank';
  readonly indent: Token | null;
}

/** A full-line `#` comment, at column 0 or after an indent. */
export interface CommentLine extends LineBase {
  readonly kind: 'comment';
  readonly indent: Token | null;
  readonly comment: Token;
}

/**
 * A column-0 `@INCLUDE path` / `@SET K=V` / other `@WORD ...` line of more
 * than 3 bytes (Fluent Bit reads a shorter `@` line as an entry).
 */
export interface CommandLine extends LineBase {
  readonly kind: 'command';
  /** `@INCLUDE`, `@SET`, ... as written. */
  readonly keyword: Token;
  readonly separator: Token | null;
  /** Raw rest of the line after the first space (not trimmed). */
  readonly argument: Token | null;
  /** Lower-cased command word without `@`: 'include', 'set', ... */
  readonly name: string;
}

/** A column-0 `[NAME]` line. `close` is null when the `]` is missing. */
export interface HeaderLine extends LineBase {
  readonly kind: 'header';
  readonly open: Token;
  readonly name: Token | null;
  readonly close: Token | null;
  /** Anything after the first `]` (ignored by Fluent Bit). */
  readonly rest: Token | null;
}

/**
 * A key/value line. The key runs from after the indent to the first ASCII
 * space; the separator is that space plus the C whitespace after it (space,
 * tab, `\v`, `\f`, `\r`); the value runs to the last non-whitespace
 * character; `trailing` holds the whitespace after it (a `\r` right before
 * `\n` belongs to the newline token). `separator`/`value` are null when
 * only whitespace follows the key (Fluent Bit rejects that, except on a
 * group header line such as `[G] `).
 */
export interface EntryLine extends LineBase {
  readonly kind: 'entry';
  readonly indent: Token | null;
  readonly key: Token;
  readonly separator: Token | null;
  readonly value: Token | null;
  readonly trailing: Token | null;
}

export type Line = BlankLine | CommentLine | CommandLine | HeaderLine | EntryLine;

export type SectionType =
  | 'service'
  | 'parser'
  | 'multiline_parser'
  | 'stream_processor'
  | 'plugins'
  | 'upstream_servers'
  | 'custom'
  | 'input'
  | 'filter'
  | 'output'
  | 'other';

/** A section: its header line and every line up to the next header. */
export interface SectionNode {
  readonly kind: 'section';
  readonly header: HeaderLine;
  /** The name between `[` and the first `]`, as written. */
  readonly name: string;
  /** Type by Fluent Bit's case-insensitive prefix rule. */
  readonly type: SectionType;
  readonly lines: readonly Line[];
  readonly start: number;
  readonly end: number;
}

/** Source bytes Fluent Bit's reader never reads (see ConfigTree.unread). */
export interface UnreadRange {
  readonly start: number;
  readonly end: number;
  /** 'after-nul': a NUL byte and the rest of that read; 'last-line': a last line the reader never processes. */
  readonly reason: 'after-nul' | 'last-line';
}

export interface ConfigTree {
  readonly kind: 'config';
  /** The parsed text. */
  readonly text: string;
  readonly bom: Token | null;
  /** Every line, in order. */
  readonly lines: readonly Line[];
  /**
   * Source ranges Fluent Bit never reads, in order: from each NUL byte to the
   * end of that fgets() read (normally the end of the physical line), and a
   * last line it never processes (it ends inside such a range; the tree
   * holds it as a comment line whose text is `#`). Empty for text without NUL.
   */
  readonly unread: ReadonlyArray<UnreadRange>;
  /** Source offset of the line at which the reader's line buffer passes 32 MiB (Fluent Bit fails there), or null. */
  readonly overflow: number | null;
  /** Lines before the first section header. */
  readonly preamble: readonly Line[];
  readonly sections: readonly SectionNode[];
  /**
   * The file's indent string as Fluent Bit derives it (first character plus
   * following blanks of the first entry-like line), or null if none.
   */
  readonly indent: string | null;
}
