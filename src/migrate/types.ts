import type { Finding } from '../report/finding.js';
import type { LocatedDiagnostic } from '../report/located-diagnostic.js';
import type { Edit } from '../source/edit.js';

/*
 * The contract of migrate(): options in, one result per file out. The types
 * it names are defined where they are made (options, findings, diagnostics)
 * and gathered here for callers.
 */
export { RUNTIMES, type MigrateOptions, type Runtime } from './options.js';
export type { Finding } from '../report/finding.js';
export type { LocatedDiagnostic } from '../report/located-diagnostic.js';
export type { FindingSeverity } from '../rules/types.js';

/** The outcome for one input file. */
export interface FileResult {
  readonly path: string;
  /** The input text, unchanged. */
  readonly before: string;
  /**
   * The migrated text (=== before when nothing changed or the file had
   * errors). With `renamedTo`, the text of the new file; with `removed`, ''.
   */
  readonly output: string;
  /** True when the file's text changes, or it is renamed or removed. */
  readonly changed: boolean;
  /**
   * `--to-yaml`: the file becomes a new file at this path (a plain
   * `fluent-bit.conf` becomes `fluent-bit.yaml`), holding `output`; the file
   * at `path` goes away. Write the new file before removing the old one.
   */
  readonly renamedTo?: string;
  /** `--to-yaml`: the file goes away (its sections were inlined into the main file). */
  readonly removed?: boolean;
  /** Edits in file offsets, as applied to `before` to produce `output`. */
  readonly edits: readonly Edit[];
  /** In file order (by position). */
  readonly findings: readonly Finding[];
  /** Problems reading the file and its configs, located in the file. */
  readonly diagnostics: readonly LocatedDiagnostic[];
  /** True when any diagnostic or finding is an error: then `edits` is empty and `output === before`. */
  readonly hasErrors: boolean;
  /**
   * Unified diff (git-style a/ b/ headers, 3 lines of context); '' when
   * unchanged. A rename is `diff --git` with `rename from`/`rename to`, a
   * removal `deleted file mode` and `+++ /dev/null`, as git writes them.
   */
  readonly diff: string;
  /**
   * Set on a changed file whose deployment holds other files of the batch
   * (its workload, ConfigMaps, values, configs): the same key on each. Write
   * them together or not at all (the CLI stages their temp files, then
   * renames them).
   */
  readonly deployment?: string;
}

export interface MigrateResult {
  readonly files: readonly FileResult[];
}
