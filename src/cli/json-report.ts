import type { LocatedDiagnostic as Diagnostic } from '../report/located-diagnostic.js';
import type { FileResult, FindingSeverity } from '../migrate/types.js';
import type { InputError } from './collect-inputs.js';
import type { Summary } from './report.js';

/**
 * The `--format json` document: one JSON value on stdout per run.
 * Positions are 1-based; `line`/`column` are `null` for errors that have no
 * position (a missing path, a failed write). Warning and info diagnostics
 * appear among `findings` with their code as `ruleId`, so `errors` holds
 * exactly the problems that make the exit code 2.
 */
export interface JsonReport {
  readonly files: readonly JsonFile[];
  readonly summary: Summary;
}

export interface JsonFile {
  readonly path: string;
  readonly changed: boolean;
  /** Unified diff; '' when unchanged. */
  readonly diff: string;
  readonly findings: readonly JsonFinding[];
  readonly errors: readonly JsonError[];
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface JsonError {
  readonly code: string;
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
}

/** The compact record kept per file: no `before`/`output`, so memory stays proportional to diffs. */
export function toJsonFile(r: FileResult, extraErrors: readonly InputError[]): JsonFile {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const otherDiagnostics = r.diagnostics.filter((d) => d.severity !== 'error');
  return {
    path: r.path,
    changed: r.changed && errors.length === 0 && !r.hasErrors,
    diff: r.diff,
    findings: [
      ...r.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.line, column: f.column })),
      ...otherDiagnostics.map(diagnosticAsFinding),
    ],
    errors: [...errors.map(diagnosticAsError), ...extraErrors.map(inputErrorAsJson)],
  };
}

export function inputErrorFile(e: InputError): JsonFile {
  return { path: e.path, changed: false, diff: '', findings: [], errors: [inputErrorAsJson(e)] };
}

function diagnosticAsFinding(d: Diagnostic): JsonFinding {
  return { ruleId: d.code, severity: d.severity === 'warning' ? 'warning' : 'info', message: d.message, line: d.line ?? 1, column: d.column ?? 1 };
}

function diagnosticAsError(d: Diagnostic): JsonError {
  return { code: d.code, message: d.message, line: d.line ?? null, column: d.column ?? null };
}

function inputErrorAsJson(e: InputError): JsonError {
  return { code: e.code, message: e.message, line: null, column: null };
}
