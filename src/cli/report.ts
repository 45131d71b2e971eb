import { formatReportLine, type LineStyle } from '../report/format-line.js';
import type { LocatedDiagnostic as Diagnostic } from '../report/located-diagnostic.js';
import type { FileResult, Finding } from '../migrate/types.js';
import type { Colors } from './ansi.js';
import type { InputError } from './input-error.js';

/**
 * The CLI's view of one file's outcome, shared by every output format:
 * findings, diagnostics and I/O errors as one list of entries sorted by
 * position, plus what happened to the file. Pure data and pure functions
 * from data to strings; nothing here writes.
 */

export type EntrySeverity = 'error' | 'warning' | 'info' | 'change';

export interface Entry {
  readonly severity: EntrySeverity;
  /** Rule id (`tail-parser`), diagnostic code (`YAML_SYNTAX`) or I/O code (`ENOENT`). */
  readonly id: string;
  readonly message: string;
  readonly path: string;
  /** 1-based; absent for problems without a position (a missing path, a failed write). */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** End of the range (column exclusive); the start when the producer gave no end. */
  readonly endLine?: number | undefined;
  readonly endColumn?: number | undefined;
}

export interface FileRecord {
  readonly path: string;
  /** The migration changes the file and it has no errors. */
  readonly changed: boolean;
  /** --to-yaml: the file becomes this file (the CLI's spelling, like `path`). */
  readonly renamedTo?: string;
  /** --to-yaml: the file is removed (inlined into another). */
  readonly removed?: boolean;
  /** Written in place by this run (--write). */
  readonly written: boolean;
  /** Unified diff with the CLI's header labels; '' when unchanged. */
  readonly diff: string;
  /** Sorted by position; position-less entries first. */
  readonly entries: readonly Entry[];
  /** `change` findings counted for the summary (0 unless changed). */
  readonly changes: number;
}

export function findingEntry(f: Finding): Entry {
  return withEnd({ severity: f.severity, id: f.ruleId, message: f.message, path: f.path, line: f.line, column: f.column }, f.endLine, f.endColumn);
}

export function diagnosticEntry(d: Diagnostic, fallbackPath: string): Entry {
  return withEnd({ severity: d.severity, id: d.code, message: d.message, path: d.path ?? fallbackPath, line: d.line ?? 1, column: d.column ?? 1 }, d.endLine, d.endColumn);
}

export function inputErrorEntry(e: InputError): Entry {
  if (e.line === undefined) return { severity: 'error', id: e.code, message: e.message, path: e.path };
  return withEnd({ severity: 'error', id: e.code, message: e.message, path: e.path, line: e.line, column: e.column ?? 1 }, undefined, undefined);
}

function withEnd(e: Entry, endLine: number | undefined, endColumn: number | undefined): Entry {
  const hasEnd = endLine !== undefined && endColumn !== undefined;
  return { ...e, endLine: hasEnd ? endLine : e.line, endColumn: hasEnd ? endColumn : e.column };
}

/** Stable sort: position-less entries first, then by line and column; ties keep the producer's order. */
export function sortEntries(entries: readonly Entry[]): Entry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.line ?? 0) - (b.e.line ?? 0) || (a.e.column ?? 0) - (b.e.column ?? 0) || a.i - b.i)
    .map(({ e }) => e);
}

/** The record for a file that has a migration result; `extraErrors` are write failures and the like. */
export function fileRecord(r: FileResult, diff: string, written: boolean, extraErrors: readonly InputError[]): FileRecord {
  const hasErrors = r.hasErrors || r.diagnostics.some((d) => d.severity === 'error');
  const changed = r.changed && !hasErrors;
  const entries = sortEntries([
    ...extraErrors.map(inputErrorEntry),
    ...r.diagnostics.map((d) => diagnosticEntry(d, r.path)),
    ...r.findings.map(findingEntry),
  ]);
  return {
    path: r.path, changed, written, diff: changed ? diff : '', entries, changes: changed ? countChanges(r) : 0,
    ...(changed && r.renamedTo !== undefined ? { renamedTo: r.renamedTo } : {}),
    ...(changed && r.removed === true ? { removed: true } : {}),
  };
}

/** `a.conf -> a.yaml`, `x.conf (removed)`, or the path: how `would change:` lines name a file. */
export function changeLabel(r: FileRecord): string {
  if (r.renamedTo !== undefined) return `${r.path} -> ${r.renamedTo}`;
  if (r.removed === true) return `${r.path} (removed)`;
  return r.path;
}

/** The record for a path that could not be read (no migration result). */
export function inputErrorRecord(e: InputError): FileRecord {
  return { path: e.path, changed: false, written: false, diff: '', entries: [inputErrorEntry(e)], changes: 0 };
}

/** `change` findings, or the edit count when a changed file reports none. */
function countChanges(r: FileResult): number {
  const changes = r.findings.filter((f) => f.severity === 'change').length;
  return changes > 0 ? changes : r.edits.length;
}

/**
 * Entries as printed in text output: a repeated identical `info` (same id
 * and message, e.g. the fluent-bit-version note of each config in a
 * ConfigMap) is printed once per file, at its first position.
 */
export function textEntries(entries: readonly Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    if (e.severity !== 'info') return true;
    const key = `${e.id}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function severityText(severity: EntrySeverity, c: Colors): string {
  switch (severity) {
    case 'error':
      return c.red(c.bold('error'));
    case 'warning':
      return c.yellow('warning');
    case 'info':
      return c.cyan('info');
    case 'change':
      return c.green('change');
    default: {
      const never: never = severity;
      return never;
    }
  }
}

/** `path:line:col: severity ID message`, or `path: severity ID message` without a position. */
export function formatEntryLine(e: Entry, c: Colors): string {
  const style: LineStyle = { location: c.bold, severity: (s) => severityText(s as EntrySeverity, c), id: c.dim };
  if (e.line === undefined) return `${style.location(e.path)}: ${style.severity(e.severity)} ${style.id(e.id)} ${e.message}`;
  return formatReportLine({ ...e, line: e.line, column: e.column ?? 1 }, style);
}

export function colorizeDiff(diff: string, c: Colors): string {
  if (!c.enabled) return diff; // every line as it is: no copy of a big diff (issue #14)
  return diff.replace(/^.*$/gm, (line) => {
    if (line.startsWith('+++ ') || line.startsWith('--- ') || line.startsWith('diff ')) return c.bold(line);
    if (line.startsWith('@@')) return c.cyan(line);
    if (line.startsWith('+')) return c.green(line);
    if (line.startsWith('-')) return c.red(line);
    return line;
  });
}

export type RunMode = 'diff' | 'check' | 'write';

/** Totals over one run; also the `summary` of `--format json`. Every count is derivable from the file records. */
export interface Summary {
  files: number;
  /** Files the migration changes (dry run: would change). */
  changed: number;
  /** Files written in place (--write). */
  written: number;
  changes: number;
  warnings: number;
  errors: number;
  /**
   * Files read and skipped before parsing: no file of their directory (of the
   * run, with --to-yaml) has a Fluent Bit or Docker marker. Not in `files`.
   */
  skipped: number;
}

export function summarize(records: Iterable<FileRecord>, summary: Summary = emptySummary()): Summary {
  for (const r of records) {
    summary.files++;
    if (r.changed) summary.changed++;
    if (r.written) summary.written++;
    summary.changes += r.changes;
    for (const e of r.entries) {
      if (e.severity === 'warning') summary.warnings++;
      else if (e.severity === 'error') summary.errors++;
    }
  }
  return summary;
}

export function emptySummary(): Summary {
  return { files: 0, changed: 0, written: 0, changes: 0, warnings: 0, errors: 0, skipped: 0 };
}

/**
 * `3 files would change, 7 changes, 2 warnings` (dry run and --check) or
 * `3 files written, ...` (--write), plus `, 1 error` when there are errors
 * and `, 9900 files skipped (no Fluent Bit or Docker marker)` when the
 * prefilter skipped some.
 */
export function formatSummary(s: Summary, mode: RunMode, c: Colors): string {
  const head = mode === 'write' ? `${plural(s.written, 'file')} written` : `${plural(s.changed, 'file')} would change`;
  const parts = [head, plural(s.changes, 'change'), plural(s.warnings, 'warning')];
  if (s.errors > 0) parts.push(c.red(plural(s.errors, 'error')));
  if (s.skipped > 0) parts.push(`${plural(s.skipped, 'file')} skipped (no Fluent Bit or Docker marker)`);
  return parts.join(', ');
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
