import { decodeInput, type Decoded } from './encoding.js';
import type { CliIo } from './io.js';

/** A file read before batching: its size, and its text as decodeInput gives it (none above --max-file-size). */
export interface ReadAheadFile {
  readonly size: number;
  readonly decoded?: Decoded;
}

/**
 * Files read before batching (the include scan, kustomizations), kept for the
 * batch that reads them next so that a file is read and decoded once: in
 * input order, while their sizes fit in `budget` bytes; the others are read
 * again by their batch. A read error is not kept (the batch reads the file
 * again and reports it).
 */
export class ReadAhead {
  private readonly kept = new Map<string, ReadAheadFile>();
  private bytes = 0;

  constructor(
    private readonly io: CliIo,
    private readonly budget: number,
    private readonly maxFileSize: number,
  ) {}

  /** `file` read and decoded (or what was kept of it), kept while the budget allows; throws what io.readFile throws. */
  async read(file: string): Promise<ReadAheadFile> {
    const kept = this.kept.get(file);
    if (kept !== undefined) return kept;
    const bytes = await this.io.readFile(file);
    // Above --max-file-size its batch refuses it without decoding it (FILE_TOO_LARGE).
    const read: ReadAheadFile = bytes.length > this.maxFileSize ? { size: bytes.length } : { size: bytes.length, decoded: decodeInput(bytes) };
    if (this.bytes + bytes.length <= this.budget) {
      this.kept.set(file, read);
      this.bytes += bytes.length;
    }
    return read;
  }

  /** What was kept for `file`, forgotten now (its batch reads it once); undefined when not kept. */
  take(file: string): ReadAheadFile | undefined {
    const kept = this.kept.get(file);
    if (kept === undefined) return undefined;
    this.kept.delete(file);
    this.bytes -= kept.size;
    return kept;
  }
}
