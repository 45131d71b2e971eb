import type { Diagnostic } from '../source/diagnostic.js';
import { LineIndex } from '../source/line-index.js';

/** Caches one LineIndex per file text: offsets -> 1-based line/column at the reporting edge. */
export class Locator {
  private index: LineIndex | undefined;
  constructor(readonly path: string, readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    this.index ??= new LineIndex(this.text);
    return this.index.position(offset);
  }

  diagnostic(d: Diagnostic): Diagnostic {
    if (d.line !== undefined && d.path !== undefined) return d;
    const p = this.position(d.start);
    return { ...d, path: this.path, line: p.line, column: p.column };
  }
}
