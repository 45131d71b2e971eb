/**
 * Our own ordered, readonly, lossless syntax tree for Fluent Bit classic
 * configs. Every byte of the input belongs to exactly one Token, and the
 * tokens of `tree.lines` (plus `tree.bom`) concatenated in order reproduce
 * the input exactly. No Chevrotain type appears here.
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

/** A slice of the source: half-open offsets `[start, end)` and its text. */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface LineBase {
  /** 1-based physical line number in the parsed text. */
  readonly line: number;
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

/** A column-0 `@INCLUDE path` / `@SET K=V` / other `@WORD ...` line. */
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
 * space; the separator is that space plus following blanks; the value runs
 * to the last non-blank character; `trailing` holds trailing blanks.
 * `separator`/`value` are null when Fluent Bit would reject the line.
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

export interface ConfigTree {
  readonly kind: 'config';
  /** The parsed text. */
  readonly text: string;
  readonly bom: Token | null;
  /** Every line, in order. */
  readonly lines: readonly Line[];
  /** Lines before the first section header. */
  readonly preamble: readonly Line[];
  readonly sections: readonly SectionNode[];
  /**
   * The file's indent string as Fluent Bit derives it (first character plus
   * following blanks of the first entry-like line), or null if none.
   */
  readonly indent: string | null;
}
