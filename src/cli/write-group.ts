import type { FileResult } from '../migrate/types.js';
import { describeErrorCode, type InputError } from './input-error.js';
import { errorCode, type CliIo } from './io.js';
import { replaceFile, tempPath, writableMode, writeError, writeFileAtomic } from './write-file.js';

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

/**
 * --write for the changed files of one deployment (FileResult.deployment): all or none.
 *
 * 0. Every file is checked first (a refusal, a symlink, a read-only file).
 * 1. Each file's new text is staged in a temp file beside it (exclusive
 *    create, the file's permission bits): a full disk (ENOSPC), a directory
 *    that refuses new entries (EACCES), fail here, before any file changes,
 *    and every temp file is removed.
 * 2. Only then are the temp files renamed over their files, one by one. A
 *    rename that fails (rare once the temp file exists: EACCES, EBUSY, EXDEV)
 *    leaves the files renamed so far to be undone: each gets its old text
 *    back (atomically), the temp files left are removed.
 * A failure gives the file its error and every other file of the deployment
 * one error naming it. Renames are not one transaction: a reader may see
 * the deployment half-renamed for the time of a few renames, and a crash
 * between two renames leaves it so (nothing else can be promised on a POSIX
 * file system).
 */
export async function writeDeployment(io: CliIo, results: readonly FileResult[], refusals: ReadonlyMap<string, string>): Promise<Map<string, WriteOutcome>> {
  const outcomes = new Map<string, WriteOutcome>();
  const changed = results.filter((r) => r.changed && !hasErrors(r));
  const fail = (failed: InputError, why: string): Map<string, WriteOutcome> => {
    for (const r of changed) {
      if (r.path === failed.path) outcomes.set(r.path, { written: false, errors: [failed] });
      else if (!outcomes.has(r.path)) outcomes.set(r.path, { written: false, errors: [{ path: r.path, code: 'DEPLOYMENT_RELATED', message: `not written: ${failed.path} ${why} (${failed.code}: ${failed.message.replace(/^not written: /, '')}), and the files of one deployment are written together` }] });
    }
    return outcomes;
  };

  // 0. Checks.
  const modes = new Map<string, number>();
  for (const r of changed) {
    const refusal = refusals.get(r.path);
    if (refusal !== undefined) return fail({ path: r.path, code: 'SYMLINK', message: refusal }, 'cannot be written');
    const mode = await writableMode(io, r.path);
    if (typeof mode !== 'number') return fail(mode, 'cannot be written');
    modes.set(r.path, mode);
  }

  // 1. Stage.
  const staged: { readonly r: FileResult; readonly temp: string }[] = [];
  const dropStaged = async (from: number): Promise<void> => {
    for (const s of staged.slice(from)) await io.unlink(s.temp).catch(() => undefined);
  };
  for (const r of changed) {
    const temp = tempPath(r.path);
    try {
      await io.writeFile(temp, r.output, 'create', modes.get(r.path));
    } catch (error) {
      await io.unlink(temp).catch(() => undefined);
      await dropStaged(0);
      return fail(writeError(r.path, error, true), 'could not be written; no file of its deployment was changed');
    }
    staged.push({ r, temp });
  }

  // 2. Rename.
  for (let i = 0; i < staged.length; i++) {
    const { r, temp } = staged[i] as { readonly r: FileResult; readonly temp: string };
    try {
      await io.rename(temp, r.path);
    } catch (error) {
      await dropStaged(i);
      const undone: InputError[] = [];
      for (const done of staged.slice(0, i)) {
        try {
          await replaceFile(io, done.r.path, done.r.before, modes.get(done.r.path));
        } catch (e) {
          const code = errorCode(e) ?? 'EIO';
          undone.push({ path: done.r.path, code, message: `written, and could not be put back after ${r.path} failed: ${describeErrorCode(code, e)}; restore it by hand (its old text is in the report's diff)` });
        }
      }
      fail(writeError(r.path, error, true), 'could not be written; what was written of its deployment was undone');
      for (const u of undone) outcomes.set(u.path, { written: true, errors: [u] });
      return outcomes;
    }
  }
  for (const r of changed) outcomes.set(r.path, { written: true, errors: [] });
  return outcomes;
}
