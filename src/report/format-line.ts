import type { LocatedDiagnostic } from './located-diagnostic.js';

/** How the parts of a report line are styled (the CLI adds colors; the library uses plain text). */
export interface LineStyle {
  readonly location: (text: string) => string;
  readonly severity: (severity: string) => string;
  readonly id: (text: string) => string;
}

const PLAIN: LineStyle = { location: (t) => t, severity: (t) => t, id: (t) => t };

/** A thing reported at a position: a diagnostic (id = code) or a finding (id = rule id). */
export interface ReportLine {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly severity: string;
  readonly id: string;
  readonly message: string;
}

/** `path:line:col: severity ID message`, the one-line format editors and terminals make clickable. */
export function formatReportLine(r: ReportLine, style: LineStyle = PLAIN): string {
  return `${style.location(`${r.path}:${r.line}:${r.column}`)}: ${style.severity(r.severity)} ${style.id(r.id)} ${r.message}`;
}

/** `path:line:col: severity CODE message`. */
export function formatDiagnostic(d: LocatedDiagnostic, style: LineStyle = PLAIN): string {
  return formatReportLine({ path: d.path, line: d.line, column: d.column, severity: d.severity, id: d.code, message: d.message }, style);
}
