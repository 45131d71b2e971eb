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

  /**
   * `walked`: files the walk read already (a kustomization, for its generators' files: collect-inputs.ts), by input
   * path: their bytes serve the first read of each here instead of a second read from disk, then are forgotten.
   */
  constructor(
    private readonly io: CliIo,
    private readonly budget: number,
    private readonly maxFileSize: number,
    private readonly walked: Map<string, Uint8Array> = new Map(),
  ) {}

  /** The file's bytes: the walk's, once, else read from disk. */
  private async bytesOf(file: string): Promise<Uint8Array> {
    const walked = this.walked.get(file);
    if (walked === undefined) return this.io.readFile(file);
    this.walked.delete(file);
    return walked;
  }

  /** As a batch reads a file (run.ts readGroup): above --max-file-size it is refused without being decoded (FILE_TOO_LARGE). */
  private decode(bytes: Uint8Array): ReadAheadFile {
    return bytes.length > this.maxFileSize ? { size: bytes.length } : { size: bytes.length, decoded: decodeInput(bytes) };
  }

  /** `file` read and decoded (or what was kept of it), kept while the budget allows; throws what io.readFile throws. */
  async read(file: string): Promise<ReadAheadFile> {
    const kept = this.kept.get(file);
    if (kept !== undefined) return kept;
    const bytes = await this.bytesOf(file);
    const read = this.decode(bytes);
    if (this.bytes + bytes.length <= this.budget) {
      this.kept.set(file, read);
      this.bytes += bytes.length;
    }
    return read;
  }

  /** What was kept for `file` (or the walk read of it), forgotten now (its batch reads it once); undefined when neither. */
  take(file: string): ReadAheadFile | undefined {
    const kept = this.kept.get(file);
    if (kept === undefined) {
      const walked = this.walked.get(file);
      if (walked === undefined) return undefined;
      this.walked.delete(file);
      return this.decode(walked);
    }
    this.kept.delete(file);
    this.bytes -= kept.size;
    return kept;
  }
}
