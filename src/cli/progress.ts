import type { OutputStream } from './io.js';

/** Progress appears only for runs larger than this, and only on a terminal. */
export const PROGRESS_THRESHOLD = 300;

/**
 * stderr with an optional `\r[done/total] files` status line. Every message
 * line first erases the status line, so the two never interleave; the next
 * update redraws it. Stdout writes call `clear()` first (see run.ts).
 */
export class StderrLog {
  private isShowing = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly total: number,
  ) {}

  get hasProgress(): boolean {
    return this.stream.isTTY && this.total > PROGRESS_THRESHOLD;
  }

  async line(text: string): Promise<void> {
    await this.stream.write(`${this.erase()}${text}\n`);
  }

  async progress(done: number): Promise<void> {
    if (!this.hasProgress) return;
    this.isShowing = true;
    await this.stream.write(`\r[${done}/${this.total}] files`);
  }

  /**
   * Erases the status line. Called before every stdout write when stdout is a
   * terminal too (normally the same one), so a diff never starts on the
   * `[2/3000] files` line; the next update redraws it.
   */
  async clear(): Promise<void> {
    const erase = this.erase();
    if (erase !== '') await this.stream.write(erase);
  }

  private erase(): string {
    if (!this.isShowing) return '';
    this.isShowing = false;
    return '\r\u001b[K';
  }
}
