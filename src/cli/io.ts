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
  /** The whole of standard input as UTF-8. */
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  /** Entries of a directory, without `.` and `..`, in any order. */
  readDir(path: string): Promise<readonly DirEntry[]>;
  /** Follows symlinks. */
  stat(path: string): Promise<FileStat>;
  /** Does not follow symlinks. */
  lstat(path: string): Promise<FileStat>;
  writeFile(path: string, text: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export interface OutputStream {
  readonly isTTY: boolean;
  /** Resolves once the chunk is accepted (the Node implementation waits for `drain`). */
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
