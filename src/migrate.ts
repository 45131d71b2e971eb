// TEMPORARY STUB: replaced by the real pipeline (issue 4). Keeps the CLI buildable meanwhile.
import type { SourceFile } from './source/source-file.js';
import type { MigrateOptions, MigrateResult } from './migrate-types.js';

export function migrate(files: readonly SourceFile[], _options: MigrateOptions): MigrateResult {
  return {
    files: files.map((f) => ({
      path: f.path, before: f.text, output: f.text, changed: false, edits: [], findings: [], diagnostics: [], hasErrors: false, diff: '',
    })),
  };
}
