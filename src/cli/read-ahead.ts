import type { CliIo } from './io.js';

/**
 * Files read before batching (the include scan, kustomizations), kept for the
 * batch that reads them next so that a file is read from disk once: in input
 * order, while they fit in `budget` bytes; the others are read again by
 * their batch. A read error is not kept (the batch reads the file again and
 * reports it).
 */
export class ReadAhead {
  private readonly kept = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(
    private readonly io: CliIo,
    private readonly budget: number,
  ) {}

  /** The bytes of `file`: those kept, or read now (and kept while the budget allows). */
  async read(file: string): Promise<Uint8Array> {
    const kept = this.kept.get(file);
    if (kept !== undefined) return kept;
    const bytes = await this.io.readFile(file);
    if (this.bytes + bytes.length <= this.budget) {
      this.kept.set(file, bytes);
      this.bytes += bytes.length;
    }
    return bytes;
  }

  /** The bytes kept for `file`, forgotten now (its batch reads it once); undefined when not kept. */
  take(file: string): Uint8Array | undefined {
    const kept = this.kept.get(file);
    if (kept === undefined) return undefined;
    this.kept.delete(file);
    this.bytes -= kept.length;
    return kept;
  }
}
