import { LineIndex } from '../source/line-index.js';

/**
 * 1-based positions of a range in the user's file. `endLine`/`endColumn`
 * point just past the range (exclusive, as SARIF and LSP count): an empty
 * range ends where it starts.
 */
export interface Span {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Offsets of one file -> 1-based line/column: the only place positions are
 * computed. Offsets must already be in the file (embedded configs map theirs
 * through their OffsetMap first). The line index is built on first use.
 */
export class FilePositions {
  private index: LineIndex | undefined;

  constructor(readonly text: string) {}

  span(start: number, end: number): Span {
    this.index ??= new LineIndex(this.text);
    const from = this.index.position(start);
    const to = end <= start ? from : this.index.position(end);
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }
}
