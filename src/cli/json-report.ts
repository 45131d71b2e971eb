import type { FindingSeverity, Runtime } from '../migrate/types.js';
import type { Entry, FileRecord, RunMode, Summary } from './report.js';

/**
 * The `--format json` document (schemaVersion 1): one JSON value on stdout
 * per run, described by report.schema.json at the package root
 * (`flb-migrate/report.schema.json`). Positions are 1-based, `endColumn`
 * exclusive; position fields are `null` for errors that have none (a missing
 * path, a failed write). Warning and info diagnostics appear among
 * `findings` with their code as `ruleId`, so `errors` holds exactly the
 * problems that make the exit code 2.
 */
export const JSON_SCHEMA_VERSION = 1;

export interface JsonReport {
  readonly schemaVersion: typeof JSON_SCHEMA_VERSION;
  readonly tool: { readonly name: 'flb-migrate'; readonly version: string };
  /** null with --to-yaml alone. */
  readonly runtime: Runtime | null;
  /** Present (true) with --to-yaml. */
  readonly toYaml?: true;
  readonly mode: RunMode;
  readonly files: readonly JsonFile[];
  readonly summary: Summary;
}

export interface JsonFile {
  readonly path: string;
  readonly changed: boolean;
  /** --to-yaml: the file becomes this one (written first; then `path` is removed). */
  readonly renamedTo?: string;
  /** --to-yaml: the file is removed. */
  readonly removed?: true;
  readonly written: boolean;
  /** Unified diff; '' when unchanged. */
  readonly diff: string;
  readonly findings: readonly JsonFinding[];
  readonly errors: readonly JsonError[];
}

export interface JsonFinding {
  readonly ruleId: string;
  /** Error findings (--to-yaml refusals) are in `errors`, with the rule id as `code`. */
  readonly severity: Exclude<FindingSeverity, 'error'>;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface JsonError {
  readonly code: string;
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
}

export function jsonFile(r: FileRecord): JsonFile {
  const findings: JsonFinding[] = [];
  const errors: JsonError[] = [];
  for (const e of r.entries) {
    if (e.severity === 'error') errors.push(jsonError(e));
    else findings.push(jsonFinding(e, e.severity));
  }
  return {
    path: r.path, changed: r.changed,
    ...(r.renamedTo !== undefined ? { renamedTo: r.renamedTo } : {}),
    ...(r.removed === true ? { removed: true as const } : {}),
    written: r.written, diff: r.diff, findings, errors,
  };
}

function jsonFinding(e: Entry, severity: Exclude<FindingSeverity, 'error'>): JsonFinding {
  const line = e.line ?? 1;
  const column = e.column ?? 1;
  return { ruleId: e.id, severity, message: e.message, line, column, endLine: e.endLine ?? line, endColumn: e.endColumn ?? column };
}

function jsonError(e: Entry): JsonError {
  return { code: e.id, message: e.message, line: e.line ?? null, column: e.column ?? null, endLine: e.endLine ?? null, endColumn: e.endColumn ?? null };
}
