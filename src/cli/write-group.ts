import type { FileResult } from '../migrate/types.js';
import { describeErrorCode, type InputError } from './input-error.js';
import { errorCode, type CliIo } from './io.js';
import { replaceFile, writeFileAtomic } from './write-file.js';

/*
 * --write for a directory whose conversion (--to-yaml) renames or removes
 * files: its changes land together or not at all, and no file is ever lost.
 *
 * 1. New files first (each atomically: a temp file in its directory, the old
 *    file's permission bits, renamed into place; refused when the name is
 *    taken).
 * 2. Files changed in place (atomically, as always).
 * 3. Only then the old files: the renamed ones and the removed ones.
 * A failure in 1 or 2 undoes what was done (new files removed, files
 * rewritten with their old text) and nothing is removed: every file that
 * was there is there, with its old content. A failure in 3 leaves the old
 * file next to its successor, and says so.
 */

export interface WriteOutcome {
  readonly written: boolean;
  readonly errors: readonly InputError[];
}

const hasErrors = (r: FileResult): boolean =>
  r.hasErrors || r.diagnostics.some((d) => d.severity === 'error') || r.findings.some((f) => f.severity === 'error');

async function exists(io: CliIo, file: string): Promise<boolean> {
  try {
    await io.lstat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/** Writes a new file atomically with `mode`; fails when `file` exists. */
async function createFile(io: CliIo, file: string, text: string, mode: number): Promise<InputError | undefined> {
  try {
    if (await exists(io, file)) return { path: file, code: 'EEXIST', message: 'not written: the file already exists (move it away, or convert it first)' };
  } catch (error) {
    const code = errorCode(error) ?? 'EIO';
    return { path: file, code, message: `not written: ${describeErrorCode(code, error)}` };
  }
  try {
    await replaceFile(io, file, text, mode);
    return undefined;
  } catch (error) {
    const code = errorCode(error) ?? 'EIO';
    return { path: file, code, message: `not written: ${describeErrorCode(code, error)}` };
  }
}

/** Writes the changes of one directory's results (see the file comment); the outcome of each changed file, by path. */
export async function writeGroup(io: CliIo, results: readonly FileResult[], refusals: ReadonlyMap<string, string>): Promise<Map<string, WriteOutcome>> {
  const outcomes = new Map<string, WriteOutcome>();
  const changed = results.filter((r) => r.changed && !hasErrors(r));
  const undone = (why: string): void => {
    for (const r of changed) {
      if (!outcomes.has(r.path)) outcomes.set(r.path, { written: false, errors: [{ path: r.path, code: 'NOT_WRITTEN', message: `not written: ${why}` }] });
    }
  };

  // 0. Refusals before anything is touched: a file reached through a symlink out of the tree, or a symlink to rename.
  for (const r of changed) {
    const refusal = refusals.get(r.path);
    let error: InputError | undefined = refusal === undefined ? undefined : { path: r.path, code: 'SYMLINK', message: refusal };
    if (!error && (r.renamedTo !== undefined || r.removed === true)) {
      try {
        const st = await io.lstat(r.path);
        if (st.kind === 'symlink') error = { path: r.path, code: 'SYMLINK', message: 'not written: refusing to rename or remove a symbolic link (run flb-migrate on the link target)' };
      } catch (e) {
        const code = errorCode(e) ?? 'EIO';
        error = { path: r.path, code, message: `not written: ${describeErrorCode(code, e)}` };
      }
    }
    if (error) {
      outcomes.set(r.path, { written: false, errors: [error] });
      undone(`${r.path} cannot be written, and the files of one conversion are written together`);
      return outcomes;
    }
  }

  // 1. New files.
  const created: string[] = [];
  const rewritten: FileResult[] = [];
  const rollBack = async (): Promise<void> => {
    for (const file of created) await io.unlink(file).catch(() => undefined);
    for (const r of rewritten) await writeFileAtomic(io, r.path, r.before);
  };
  for (const r of changed) {
    if (r.renamedTo === undefined) continue;
    let mode = 0o644;
    try {
      mode = (await io.stat(r.path)).mode & 0o7777;
    } catch {
      // keep the default mode; the write below reports a real problem
    }
    const error = await createFile(io, r.renamedTo, r.output, mode);
    if (error) {
      await rollBack();
      outcomes.set(r.path, { written: false, errors: [{ ...error, path: r.path, message: `${error.message} (${r.renamedTo})` }] });
      undone(`${r.renamedTo} could not be created; nothing of this directory was changed`);
      return outcomes;
    }
    created.push(r.renamedTo);
  }

  // 2. Files changed in place.
  for (const r of changed) {
    if (r.renamedTo !== undefined || r.removed === true) continue;
    const error = await writeFileAtomic(io, r.path, r.output);
    if (error) {
      await rollBack();
      outcomes.set(r.path, { written: false, errors: [error] });
      undone(`${r.path} could not be written; what was written of this directory was undone`);
      return outcomes;
    }
    rewritten.push(r);
  }

  // 3. The old files.
  for (const r of changed) {
    if (r.renamedTo === undefined && r.removed !== true) {
      outcomes.set(r.path, { written: true, errors: [] });
      continue;
    }
    try {
      await io.unlink(r.path);
      outcomes.set(r.path, { written: true, errors: [] });
    } catch (error) {
      const code = errorCode(error) ?? 'EIO';
      const next = r.renamedTo === undefined ? '' : ` (${r.renamedTo} is written)`;
      outcomes.set(r.path, { written: false, errors: [{ path: r.path, code, message: `not removed: ${describeErrorCode(code, error)}${next}; remove it by hand` }] });
    }
  }
  return outcomes;
}
