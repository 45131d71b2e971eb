import * as path from 'node:path';
import { compileGlob, isGlob } from './glob.js';
import { errorCode, type CliIo } from './io.js';

/** Extensions taken from a directory walk (explicitly named files are always taken). */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.conf'];
/** Directory names a walk never enters. */
export const SKIPPED_DIRECTORIES: readonly string[] = ['node_modules', '.git'];

export type Input =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdin' };

/** A path that could not be used; reported as `path: error CODE message` (or `path:line:col: ...` with a position). */
export interface InputError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface CollectedInputs {
  readonly inputs: readonly Input[];
  readonly errors: readonly InputError[];
}

/**
 * Expands path arguments (files, directories, globs, `-`) into the list of
 * files to migrate, in argument order, each file once. Only paths are kept,
 * never contents, so a 10,000-file tree costs 10,000 strings here.
 *
 * - A directory is walked recursively in name order, skipping
 *   `SKIPPED_DIRECTORIES`, taking files with `MANIFEST_EXTENSIONS`. Symlinked
 *   files are taken; symlinked directories are not entered (no cycles).
 * - An argument that exists is a path even if it contains `*` or `?`;
 *   otherwise such an argument is a glob, and a glob that matches nothing is
 *   an error (a typo should not pass silently in CI).
 */
export async function collectInputs(io: CliIo, args: readonly string[]): Promise<CollectedInputs> {
  const inputs: Input[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const key = path.resolve(io.cwd, file);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ kind: 'file', path: file });
  };

  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ kind: 'stdin' });
      continue;
    }
    let kind;
    try {
      kind = (await io.stat(arg)).kind;
    } catch (error) {
      const code = errorCode(error) ?? 'EIO';
      if (code === 'ENOENT' && isGlob(arg)) {
        const before = inputs.length;
        await walkGlob(io, arg, add, errors);
        if (inputs.length === before) errors.push({ path: arg, code: 'NO_MATCH', message: 'no files match this pattern' });
        continue;
      }
      errors.push(toInputError(arg, error));
      continue;
    }
    if (kind === 'directory') await walkDirectory(io, arg, Infinity, hasManifestExtension, add, errors);
    else add(arg);
  }
  return { inputs, errors };
}

async function walkGlob(
  io: CliIo,
  pattern: string,
  add: (file: string) => void,
  errors: InputError[],
): Promise<void> {
  const glob = compileGlob(pattern);
  try {
    if ((await io.stat(glob.base)).kind !== 'directory') return;
  } catch {
    return; // a missing base simply matches nothing
  }
  await walkDirectory(io, glob.base, glob.maxDepth, glob.matches, add, errors);
}

function hasManifestExtension(relative: string): boolean {
  return MANIFEST_EXTENSIONS.includes(path.extname(relative).toLowerCase());
}

/**
 * Depth-first walk in name order. `accept` gets each file's `/`-separated
 * path relative to `root`; files deeper than `maxDepth` segments are never
 * visited.
 */
async function walkDirectory(
  io: CliIo,
  root: string,
  maxDepth: number,
  accept: (relative: string) => boolean,
  add: (file: string) => void,
  errors: InputError[],
): Promise<void> {
  const visit = async (dir: string, relative: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = [...(await io.readDir(dir))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      errors.push(toInputError(dir, error));
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      let kind = entry.kind;
      if (kind === 'symlink') {
        try {
          kind = (await io.stat(full)).kind === 'file' ? 'file' : 'other';
        } catch {
          continue; // dangling link
        }
      }
      if (kind === 'directory') {
        if (SKIPPED_DIRECTORIES.includes(entry.name) || depth + 1 >= maxDepth) continue;
        await visit(full, rel, depth + 1);
      } else if (kind === 'file') {
        if (accept(rel)) add(full);
      }
    }
  };
  await visit(root, '', 0);
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
