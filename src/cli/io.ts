import type { FileResult, MigrateOptions } from '../migrate/types.js';
import type { SourceFile } from '../source/source-file.js';
/**
 * The CLI's only door to the outside world. `run()` talks to the process,
 * the terminal and the filesystem exclusively through a `CliIo`, so tests
 * drive the whole CLI in memory (see test/cli/helpers/memory-io.ts) and
 * `main.ts` is the one place that wires in the real thing.
 *
 * Filesystem methods reject with Node-style errors carrying a `code`
 * (`ENOENT`, `EACCES`, ...); the CLI turns those into one-line reports.
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against (dedup keys only; reports keep the user's spelling). */
  readonly cwd: string;
  /** The whole of standard input, as bytes (decoded by the CLI, see encoding.ts). */
  readStdin(): Promise<Uint8Array>;
  readFile(path: string): Promise<Uint8Array>;
  /** Entries of a directory, without `.` and `..`, in any order. */
  readDir(path: string): Promise<readonly DirEntry[]>;
  /** Follows symlinks. */
  stat(path: string): Promise<FileStat>;
  /** Does not follow symlinks. */
  lstat(path: string): Promise<FileStat>;
  /** The canonical absolute path, every symlink resolved (walks visit each directory once by it). */
  realpath(path: string): Promise<string>;
  /**
   * Writes `text` as UTF-8. `create` (default) fails with EEXIST if `path`
   * exists; `overwrite` truncates it (for `--output-file /dev/stdout`).
   * `mode`: the permission bits the file gets, exactly (not masked by the
   * umask), in the same call (the atomic write's temp file).
   */
  writeFile(path: string, text: string, how?: 'create' | 'overwrite', mode?: number): Promise<void>;
  /** Appends `text` as UTF-8, creating the file if needed ($GITHUB_STEP_SUMMARY). */
  appendFile(path: string, text: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /**
   * Runs `migrate()` batches on worker threads (node-io.ts: one per core),
   * for runs with many batches; undefined where there are none (tests, one
   * core, `FLB_MIGRATE_WORKERS=1`). The CLI reports in batch order either way.
   */
  readonly workers?: MigrateWorkers;
}

/** What a batch gives back: its results, and the files whose migration threw (isolated one by one). */
export interface BatchOutcome {
  readonly results: readonly FileResult[];
  readonly internalErrors: readonly { readonly path: string; readonly error: unknown }[];
}

/** A pool of threads that each load the engine and run one batch at a time. */
export interface MigrateWorkers {
  /** Threads the pool would start (the CLI uses it only above a number of batches). */
  readonly size: number;
  run(files: readonly SourceFile[], options: MigrateOptions): Promise<BatchOutcome>;
  close(): Promise<void>;
}

export interface OutputStream {
  readonly isTTY: boolean;
  /**
   * Resolves once the chunk is handed to the OS; rejects with the Node-style
   * error (`EPIPE`, `ENOSPC`, ...) when it cannot be. See `guardOutput`.
   */
  write(chunk: string): Promise<void>;
}

export type FileKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  readonly name: string;
  readonly kind: FileKind;
}

export interface FileStat {
  readonly kind: FileKind;
  /** Full `st_mode`; the CLI uses the permission bits (`mode & 0o7777`). */
  readonly mode: number;
}

/** `code` of a Node-style filesystem error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * A write to stdout, stderr or `--output-file` failed (ENOSPC on a
 * redirect, EACCES, ...). run() reports it as one line and exits 2; it is
 * never an "internal error".
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(
    /** `standard output`, `standard error` or `--output-file report.json`. */
    readonly target: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(`cannot write to ${target}: ${describeOutputError(code, cause)}`);
  }
}

const OUTPUT_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
};

function describeOutputError(code: string, cause: unknown): string {
  const text = OUTPUT_ERRORS[code] ?? (cause instanceof Error ? cause.message.split('\n')[0] ?? '' : String(cause));
  return `${text} (${code})`;
}

/**
 * Wraps a stream for run(): a closed reader (EPIPE, `flb-migrate ... | head`)
 * silently discards the rest of the output, so the run still finishes its
 * writes and its exit code; any other failure becomes an `OutputError`.
 */
export function guardOutput(stream: OutputStream, target: string): OutputStream & { readonly isClosed: boolean } {
  let isClosed = false;
  return {
    isTTY: stream.isTTY,
    get isClosed() {
      return isClosed;
    },
    async write(chunk: string): Promise<void> {
      if (isClosed || chunk === '') return;
      try {
        await stream.write(chunk);
      } catch (error) {
        const code = errorCode(error) ?? 'EIO';
        if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') {
          isClosed = true;
          return;
        }
        throw new OutputError(target, code, error);
      }
    },
  };
}
