import { errorCode } from './io.js';

/** A path that could not be used; reported as `path: error CODE message` (or `path:line:col: ...` with a position). */
export interface InputError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export function toInputError(file: string, error: unknown): InputError {
  const code = errorCode(error) ?? 'EIO';
  return { path: file, code, message: describeErrorCode(code, error) };
}

const MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EROFS: 'read-only file system',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on device',
};

/** Short human text for an errno code, falling back to the error's own message. */
export function describeErrorCode(code: string, error: unknown): string {
  return MESSAGES[code] ?? (error instanceof Error ? error.message : String(error));
}
