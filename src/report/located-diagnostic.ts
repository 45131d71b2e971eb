import type { FileDiagnostic } from '../source/diagnostic.js';
import type { FilePositions, Span } from './positions.js';

/**
 * A diagnostic as the library reports it: offsets of the user's file, its
 * path, and 1-based positions, always present (`endLine`/`endColumn`
 * exclusive).
 */
export interface LocatedDiagnostic extends FileDiagnostic, Span {}

/** Adds positions to a diagnostic of the file whose text `positions` indexes. */
export function locateDiagnostic(d: FileDiagnostic, positions: FilePositions): LocatedDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, start: d.start, end: d.end, path: d.path, ...positions.span(d.start, d.end) };
}
