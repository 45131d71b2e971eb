/**
 * Thrown only when one of the library's own invariants breaks (overlapping
 * edits, a failed round-trip, an edit that produced invalid output). Bad user
 * input is reported as a Diagnostic value, never thrown.
 */
export class FlbMigrateError extends Error {
  constructor(
    readonly code: 'OVERLAPPING_EDITS' | 'ROUND_TRIP' | 'INVALID_OUTPUT' | 'INTERNAL',
    message: string,
  ) {
    super(message);
    this.name = 'FlbMigrateError';
  }
}
