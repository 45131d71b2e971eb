import { migrate } from './migrate/migrate.js';
import { checkOptions, type MigrateOptions, type Runtime } from './migrate/options.js';
import { formatFinding } from './report/finding.js';
import { formatDiagnostic } from './report/format-line.js';
import type { LocatedDiagnostic } from './report/located-diagnostic.js';

/** The file jscodeshift hands to a transform. */
export interface CodemodFileInfo {
  readonly path: string;
  readonly source: string;
}

/**
 * Options as jscodeshift passes them: from `--runtime=cri-o --criOnly` on its
 * command line, so booleans may arrive as the strings `'true'`/`'false'`.
 * Unknown keys (jscodeshift's own `parser`, `dry`, ...) are ignored.
 */
export interface CodemodOptions {
  /** `containerd` (default), `cri-o` or `cri-dockerd`. */
  readonly runtime?: Runtime | string;
  /** `multiline.parser cri` instead of `docker, cri`. Default false. */
  readonly criOnly?: boolean | string;
  /** The kubelet's podLogsDir. Default `/var/log/pods`. */
  readonly podLogsDir?: string;
  /** Change configs but keep Docker's containers mount. Default false. */
  readonly keepDockerMount?: boolean | string;
  /** `X.Y[.Z]`: the Fluent Bit version where the manifests do not tell (`--fluentBitVersion=1.9`; a number `1.9` is read as written). */
  readonly fluentBitVersion?: string | number;
  readonly [key: string]: unknown;
}

/** Thrown for a file that has errors; jscodeshift counts it as an error (exit 1 with --fail-on-error). */
export class CodemodFileError extends Error {
  override readonly name = 'CodemodFileError';
  constructor(
    readonly path: string,
    readonly diagnostics: readonly LocatedDiagnostic[],
  ) {
    const lines = diagnostics.map((d) => `${d.path}:${d.line}:${d.column}: ${d.code} ${d.message}`);
    super(`${path}: not migrated (${diagnostics.length === 1 ? 'an error' : `${diagnostics.length} errors`}): ${lines.join('; ')}`);
  }
}

/**
 * jscodeshift-compatible transform (`flb-migrate/codemod`):
 *
 *     jscodeshift -t node_modules/flb-migrate/dist/codemod.js --extensions=yaml,yml,conf \
 *       --runtime=containerd --fail-on-error manifests/
 *
 * Migrates one file, treated by its extension like the CLI does. Contract:
 * - returns the migrated source, or `undefined` when nothing changes
 *   (jscodeshift then counts the file as skipped and leaves it alone);
 * - THROWS a `CodemodFileError` for a file with errors (unparsable YAML, a
 *   broken config, an internal error), whose message lists
 *   them as `path:line:col: CODE message`: jscodeshift leaves the file
 *   alone, counts it under "errors" and, with `--fail-on-error`, exits 1;
 * - warnings go to `api.report` when jscodeshift provides it, as
 *   `path:line:col: warning ID message` lines (a Helm template is never
 *   edited: a TEMPLATE_SYNTAX warning when it holds Docker-era settings);
 * - throws a `TypeError` for an invalid option (an unknown `runtime`), so a
 *   typo fails every file loudly instead of silently changing nothing.
 * `runtime` defaults to `'containerd'`. `api` is otherwise unused: no AST.
 */
export default function transform(
  fileInfo: CodemodFileInfo,
  api: unknown,
  options: CodemodOptions = {},
): string | undefined {
  const migrateOptions = toMigrateOptions(options);
  const report = reporterOf(api);
  const result = migrate([{ path: fileInfo.path, text: fileInfo.source }], migrateOptions).files[0];
  if (result === undefined) return undefined;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.hasErrors || errors.length > 0) throw new CodemodFileError(fileInfo.path, errors);
  if (report !== undefined) {
    for (const d of result.diagnostics) {
      if (d.severity === 'warning') report(formatDiagnostic(d));
    }
    for (const f of result.findings) {
      if (f.severity === 'warning') report(formatFinding(f));
    }
  }
  if (!result.changed || result.output === fileInfo.source) return undefined;
  return result.output;
}

function toMigrateOptions(options: CodemodOptions): MigrateOptions {
  const migrateOptions: MigrateOptions = {
    runtime: (options.runtime ?? 'containerd') as Runtime,
    criOnly: toBoolean(options.criOnly),
    keepDockerMount: toBoolean(options.keepDockerMount),
    ...(typeof options.podLogsDir === 'string' && options.podLogsDir !== '' ? { podLogsDir: options.podLogsDir } : {}),
    ...(options.fluentBitVersion === undefined || options.fluentBitVersion === '' ? {} : { fluentBitVersion: String(options.fluentBitVersion) }),
  };
  const problem = checkOptions(migrateOptions);
  if (problem !== undefined) throw new TypeError(`flb-migrate codemod: ${problem}`);
  return migrateOptions;
}

function toBoolean(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

function reporterOf(api: unknown): ((message: string) => void) | undefined {
  if (typeof api !== 'object' || api === null || !('report' in api)) return undefined;
  const report = (api as { report: unknown }).report;
  return typeof report === 'function' ? (message: string) => void report.call(api, message) : undefined;
}
