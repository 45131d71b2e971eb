import { unresolvedFluxSources } from './discover/flux-sources.js';
import { migrate } from './migrate/migrate.js';
import { checkOptions, type MigrateOptions, type Runtime } from './migrate/options.js';
import { formatFinding } from './report/finding.js';
import { formatDiagnostic } from './report/format-line.js';
import type { LocatedDiagnostic } from './report/located-diagnostic.js';
import { FilePositions } from './report/positions.js';

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
  /**
   * Flux sources of other files (`[{ kind, name, namespace?, url }]`, as
   * `MigrateOptions.fluxSources`): jscodeshift JSON-parses
   * `--fluxSources='[...]'`; a JSON string is parsed too. The codemod sees one
   * file at a time, so a HelmRelease finds a HelmRepository of another file
   * only through this option (the CLI reads them from every file of its run).
   */
  readonly fluxSources?: unknown;
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
 *   typo fails every file loudly instead of silently changing nothing;
 * - a Flux HelmRelease whose chart depends on a source in another file
 *   (neither in this file nor in `fluxSources`) gets a FLUX_SOURCE_NOT_IN_FILE
 *   warning at the reference: jscodeshift gives a transform one file and no
 *   list of the others, so it cannot link them as the CLI does.
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
    for (const d of fluxSourceWarnings(fileInfo, migrateOptions)) report(formatDiagnostic(d));
  }
  if (!result.changed || result.output === fileInfo.source) return undefined;
  return result.output;
}

/** FLUX_SOURCE_NOT_IN_FILE for each HelmRelease of the file whose chart needs a source the file and `fluxSources` lack. */
function fluxSourceWarnings(fileInfo: CodemodFileInfo, options: MigrateOptions): LocatedDiagnostic[] {
  const unresolved = unresolvedFluxSources(fileInfo.source, options.fluxSources);
  if (unresolved.length === 0) return [];
  const positions = new FilePositions(fileInfo.source);
  return unresolved.map((u) => {
    const ref = `${u.kind} ${u.namespace !== undefined ? `${u.namespace}/` : ''}${u.name}`;
    const what = u.kind === 'OCIRepository' ? 'its chart is named by that repository\'s URL' : 'fluent/fluent-bit\'s and grafana\'s fluent-bit charts differ, and only the repository\'s URL tells them apart';
    const example = JSON.stringify([{ kind: u.kind, name: u.name, ...(u.namespace !== undefined ? { namespace: u.namespace } : {}), url: '...' }]);
    const message = `Flux HelmRelease${u.release !== undefined ? ` ${u.release}` : ''} takes its chart from ${ref}, which is not in this file (the codemod migrates one file at a time): ${what}; run flb-migrate over the repository (it links releases to sources in other files), or pass --fluxSources='${example}'`;
    return { code: 'FLUX_SOURCE_NOT_IN_FILE', severity: 'warning', message, start: u.start, end: u.end, path: fileInfo.path, ...positions.span(u.start, u.end) };
  });
}

/** `fluxSources` as jscodeshift hands it: parsed JSON already, or a JSON string; anything else is left to checkOptions to refuse. */
function toFluxSources(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function toMigrateOptions(options: CodemodOptions): MigrateOptions {
  const migrateOptions: MigrateOptions = {
    runtime: (options.runtime ?? 'containerd') as Runtime,
    criOnly: toBoolean(options.criOnly),
    keepDockerMount: toBoolean(options.keepDockerMount),
    ...(typeof options.podLogsDir === 'string' && options.podLogsDir !== '' ? { podLogsDir: options.podLogsDir } : {}),
    ...(options.fluentBitVersion === undefined || options.fluentBitVersion === '' ? {} : { fluentBitVersion: String(options.fluentBitVersion) }),
    ...(options.fluxSources === undefined ? {} : { fluxSources: toFluxSources(options.fluxSources) as MigrateOptions['fluxSources'] }),
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
