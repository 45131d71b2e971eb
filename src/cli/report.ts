import { formatDiagnostic, formatReportLine, type LineStyle } from '../report/format-line.js';
import type { LocatedDiagnostic as Diagnostic } from '../report/located-diagnostic.js';
import type { Finding } from '../migrate/types.js';
import type { Colors } from './ansi.js';
import type { InputError } from './collect-inputs.js';

/**
 * Text for the default and `--check` output: one clickable line per finding
 * or diagnostic (`path:line:col: severity ID message`), colored diffs and the
 * summary. Pure functions from data to strings; nothing here writes.
 */

type LineSeverity = 'error' | 'warning' | 'info' | 'change';

function severityText(severity: LineSeverity, c: Colors): string {
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

/** The library's line format, in color. */
function colorStyle(c: Colors): LineStyle {
  return { location: c.bold, severity: (s) => severityText(s as LineSeverity, c), id: c.dim };
}

export function formatFindingLine(f: Finding, c: Colors): string {
  return formatReportLine({ ...f, id: f.ruleId }, colorStyle(c));
}

/** The library's `formatDiagnostic`, in color. Diagnostics always carry their path now; `_fallbackPath` is unused. */
export function formatDiagnosticLine(d: Diagnostic, _fallbackPath: string, c: Colors): string {
  return formatDiagnostic(d, colorStyle(c));
}

/** I/O and argument problems have no position: `path: error CODE message`. */
export function formatInputErrorLine(e: InputError, c: Colors): string {
  return `${c.bold(e.path)}: ${severityText('error', c)} ${c.dim(e.code)} ${e.message}`;
}

export function colorizeDiff(diff: string, c: Colors): string {
  return diff.replace(/^.*$/gm, (line) => {
    if (line.startsWith('+++ ') || line.startsWith('--- ') || line.startsWith('diff ')) return c.bold(line);
    if (line.startsWith('@@')) return c.cyan(line);
    if (line.startsWith('+')) return c.green(line);
    if (line.startsWith('-')) return c.red(line);
    return line;
  });
}

export type RunMode = 'diff' | 'check' | 'write';

/** Totals over one run; also the `summary` of `--format json`. */
export interface Summary {
  files: number;
  /** Files whose migration changes text (under `--write`: that were written). */
  changed: number;
  changes: number;
  warnings: number;
  errors: number;
}

/** `3 files changed, 7 changes, 2 warnings` (+ `, 1 error` when there are errors). */
export function formatSummary(s: Summary, mode: RunMode, c: Colors): string {
  const verb = mode === 'check' ? 'would change' : mode === 'write' ? 'written' : 'changed';
  const parts = [`${plural(s.changed, 'file')} ${verb}`, plural(s.changes, 'change'), plural(s.warnings, 'warning')];
  if (s.errors > 0) parts.push(c.red(plural(s.errors, 'error')));
  return parts.join(', ');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
