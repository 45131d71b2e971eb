import type { MigrateOptions, MigrateResult } from '../migrate/types.js';
import type { SourceFile } from '../source/source-file.js';
import type { BatchOutcome } from './io.js';

/** The library entry point the CLI drives (`migrate` from src/migrate.ts). */
export type MigrateFn = (files: readonly SourceFile[], options: MigrateOptions) => MigrateResult;

/**
 * One `migrate()` call for a batch, on whichever thread runs it (run.ts, or
 * a worker: worker.ts). When the batch throws (an invariant the library
 * could not turn into a finding), its files are migrated one by one, so the
 * file that broke is isolated instead of losing its whole directory.
 */
export function migrateBatch(migrate: MigrateFn, files: readonly SourceFile[], options: MigrateOptions): BatchOutcome {
  try {
    return { results: migrate(files, options).files, internalErrors: [] };
  } catch {
    const results = [];
    const internalErrors = [];
    for (const file of files) {
      try {
        results.push(...migrate([file], options).files);
      } catch (error) {
        internalErrors.push({ path: file.path, error });
      }
    }
    return { results, internalErrors };
  }
}
