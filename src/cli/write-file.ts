import * as path from 'node:path';
import { describeErrorCode, type InputError } from './input-error.js';
import { errorCode, OutputError, type CliIo } from './io.js';

/**
 * Replaces `file`'s content with `text` atomically: write a temp file in the
 * same directory (so the rename stays on one filesystem), give it the
 * original permission bits, then rename it over the original. Readers see
 * either the old or the new file, never half of one. On any failure the temp
 * file is removed and the original is untouched.
 *
 * Refuses (without touching anything) to write through a symlink, since the
 * rename would replace the link with a regular file, and to write a
 * read-only file, which a rename would otherwise silently replace.
 *
 * Returns `undefined` on success or the problem as an `InputError`; never throws.
 */
export async function writeFileAtomic(io: CliIo, file: string, text: string): Promise<InputError | undefined> {
  const mode = await writableMode(io, file);
  if (typeof mode !== 'number') return mode;
  try {
    await replaceFile(io, file, text, mode);
    return undefined;
  } catch (error) {
    return writeError(file, error, true);
  }
}

/**
 * The one atomic write, for every file the CLI writes (a migrated file, a
 * new file of a --to-yaml rename, --output-file): `text` goes to a temp file
 * in `file`'s directory (so the rename stays on one filesystem) created with
 * `mode` (undefined: the umask's default), which is then renamed over
 * `file`. Two calls. On failure the temp file is removed and the error
 * rethrown; `file` is untouched.
 */
export async function replaceFile(io: CliIo, file: string, text: string, mode: number | undefined): Promise<void> {
  const temp = tempPath(file);
  try {
    await io.writeFile(temp, text, 'create', mode);
    await io.rename(temp, file);
  } catch (error) {
    await io.unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** A temp file's name beside `file`: it only needs to be unlikely to exist, since it is created exclusively (EEXIST otherwise). */
export function tempPath(file: string): string {
  // Math.random, not node:crypto, whose loading cost ~30 ms of every run's start.
  const suffix = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return path.join(path.dirname(file), `.${path.basename(file)}.${suffix}.flb-migrate.tmp`);
}

/**
 * Checks `file` before an atomic write (writeFileAtomic's refusals): its permission bits, or the problem.
 */
export async function writableMode(io: CliIo, file: string): Promise<number | InputError> {
  let mode: number;
  try {
    const st = await io.lstat(file);
    if (st.kind === 'symlink') {
      return { path: file, code: 'SYMLINK', message: 'not written: refusing to write through a symbolic link (run flb-migrate on the link target)' };
    }
    if (st.kind !== 'file') return { path: file, code: 'NOT_A_FILE', message: 'not written: not a regular file' };
    mode = st.mode & 0o7777;
  } catch (error) {
    return writeError(file, error);
  }
  if ((mode & 0o222) === 0) {
    return { path: file, code: 'READ_ONLY', message: `not written: file is read-only (mode ${mode.toString(8).padStart(4, '0')})` };
  }
  return mode;
}

/** Codes that, on the temp file or the rename, mean the directory refuses new entries. */
const DIRECTORY_CODES = new Set(['EACCES', 'EPERM', 'EROFS']);

export function writeError(file: string, error: unknown, isInDirectory = false): InputError {
  const code = errorCode(error) ?? 'EIO';
  let message = `not written: ${describeErrorCode(code, error)}`;
  if (isInDirectory && DIRECTORY_CODES.has(code)) {
    const dir = path.dirname(file);
    message += ` in directory ${dir === '.' ? './' : `${dir}/`} (the atomic write creates a temporary file there and renames it over the file; the directory must be writable)`;
  }
  return { path: file, code, message };
}

/**
 * Writes `--output-file`: atomically (temp file in the same directory, then
 * rename; an existing file keeps its mode) when the target is a regular file
 * or does not exist yet; in place for anything else (`/dev/stdout`, a FIFO,
 * a symlink). Rejects with an `OutputError` naming the option and the cause.
 */
export async function writeOutputFile(io: CliIo, file: string, text: string): Promise<void> {
  const target = `--output-file ${file}`;
  let mode: number | undefined;
  try {
    const st = await io.lstat(file);
    if (st.kind !== 'file') {
      await io.writeFile(file, text, 'overwrite');
      return;
    }
    mode = st.mode & 0o7777;
  } catch (error) {
    if (error instanceof OutputError) throw error;
    const code = errorCode(error);
    if (code !== 'ENOENT') throw new OutputError(target, code ?? 'EIO', error);
  }
  try {
    await replaceFile(io, file, text, mode);
  } catch (error) {
    throw new OutputError(target, errorCode(error) ?? 'EIO', error);
  }
}
