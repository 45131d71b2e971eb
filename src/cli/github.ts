import type { LocatedDiagnostic as Diagnostic } from '../report/located-diagnostic.js';
import type { Finding } from '../migrate/types.js';
import type { InputError } from './collect-inputs.js';

/**
 * GitHub Actions workflow commands (`::warning file=...,line=...::message`)
 * for `--format github`. Escaping follows @actions/core's `command.ts`:
 * data escapes `%`, CR and LF; property values also escape `:` and `,`.
 */

type Level = 'error' | 'warning' | 'notice';

interface Annotation {
  readonly level: Level;
  readonly file: string;
  readonly line?: number | undefined;
  readonly col?: number | undefined;
  readonly title: string;
  readonly message: string;
}

export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function formatAnnotation(a: Annotation): string {
  const props = [`file=${escapeProperty(a.file)}`];
  if (a.line !== undefined) props.push(`line=${a.line}`);
  if (a.col !== undefined) props.push(`col=${a.col}`);
  props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.level} ${props.join(',')}::${escapeData(a.message)}`;
}

/** `warning` findings -> `::warning`; `info` and `change` findings -> `::notice`. */
export function githubFinding(f: Finding): string {
  const level: Level = f.severity === 'warning' ? 'warning' : 'notice';
  return formatAnnotation({ level, file: f.path, line: f.line, col: f.column, title: f.ruleId, message: f.message });
}

export function githubDiagnostic(d: Diagnostic, fallbackPath: string): string {
  const level: Level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  return formatAnnotation({ level, file: d.path ?? fallbackPath, line: d.line, col: d.column, title: d.code, message: d.message });
}

export function githubInputError(e: InputError): string {
  return formatAnnotation({ level: 'error', file: e.path, title: e.code, message: e.message });
}
