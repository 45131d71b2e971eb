import { migrate } from './migrate/migrate.js';
import { checkOptions, type MigrateOptions, type Runtime } from './migrate/options.js';
import { formatFinding } from './report/finding.js';
import { formatDiagnostic } from './report/format-line.js';

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
  readonly runtime?: Runtime | string;
  readonly criOnly?: boolean | string;
  readonly podLogsDir?: string;
  readonly keepDockerMount?: boolean | string;
  readonly [key: string]: unknown;
}

/**
 * jscodeshift-compatible transform (`flb-migrate/codemod`):
 *
 *     jscodeshift -t node_modules/flb-migrate/dist/codemod.js --extensions=yaml,yml,conf \
 *       --runtime=containerd manifests/
 *
 * Migrates one file, treated by its extension like the CLI does. Contract:
 * - returns the migrated source, or `undefined` when nothing changes
 *   (jscodeshift then counts the file as skipped and leaves it alone);
 * - returns `undefined` for a file with errors (unparsable YAML, a Helm
 *   template, a broken config), never a partial edit, and never throws for
 *   bad input; when `api.report` exists, each error and warning is reported
 *   through it as a `path:line:col: severity ID message` line;
 * - throws only for invalid options (an unknown `runtime`), so a typo fails
 *   every file loudly instead of silently changing nothing.
 * `runtime` defaults to `'containerd'`. `api` is otherwise unused: no AST.
 */
export default function transform(
  fileInfo: CodemodFileInfo,
  api: unknown,
  options: CodemodOptions = {},
): string | undefined {
  const migrateOptions = toMigrateOptions(options);
  const report = reporterOf(api);
  let result;
  try {
    result = migrate([{ path: fileInfo.path, text: fileInfo.source }], migrateOptions).files[0];
  } catch (error) {
    report?.(`${fileInfo.path}: error INTERNAL_ERROR ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (result === undefined) return undefined;
  if (report !== undefined) {
    for (const d of result.diagnostics) {
      if (d.severity !== 'info') report(formatDiagnostic(d));
    }
    for (const f of result.findings) {
      if (f.severity === 'warning') report(formatFinding(f));
    }
  }
  const hasErrors = result.hasErrors || result.diagnostics.some((d) => d.severity === 'error');
  if (hasErrors || !result.changed || result.output === fileInfo.source) return undefined;
  return result.output;
}

function toMigrateOptions(options: CodemodOptions): MigrateOptions {
  const migrateOptions: MigrateOptions = {
    runtime: (options.runtime ?? 'containerd') as Runtime,
    criOnly: toBoolean(options.criOnly),
    keepDockerMount: toBoolean(options.keepDockerMount),
    ...(typeof options.podLogsDir === 'string' && options.podLogsDir !== '' ? { podLogsDir: options.podLogsDir } : {}),
  };
  const problem = checkOptions(migrateOptions);
  if (problem !== undefined) throw new Error(`flb-migrate codemod: ${problem}`);
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
