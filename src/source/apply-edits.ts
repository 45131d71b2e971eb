import { FlbMigrateError } from './flb-migrate-error.js';
import type { Edit } from './edit.js';

/** Edits sorted by `(start, end)`, stably: equal ranges (two inserts at one offset) keep their input order. */
export function sortEdits(edits: readonly Edit[]): Edit[] {
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map((x) => x.e);
}

/**
 * Applies `edits` to `text` in one pass and returns the new text.
 *
 * - Edits are sorted stably by `(start, end)`; identical edits (same range and
 *   text) are applied once, so two rules may independently ask for the same
 *   change.
 * - Overlapping edits are a bug in the producers: we throw an
 *   `OVERLAPPING_EDITS` FlbMigrateError naming both origins rather than guess
 *   (the jsonc-parser / LSP approach). Two inserts at the same offset are not
 *   an overlap; they are applied in input order.
 * - Bytes outside the edited ranges are copied verbatim (slices of `text`).
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text;
  const sorted = sortEdits(edits);
  const parts: string[] = [];
  let pos = 0;
  let prev: Edit | undefined;
  for (const e of sorted) {
    if (e.start < 0 || e.end < e.start || e.end > text.length) {
      throw new FlbMigrateError('INTERNAL', `edit out of range [${e.start}, ${e.end}) from ${e.origin}`);
    }
    if (prev && prev.start === e.start && prev.end === e.end && prev.text === e.text && e.start !== e.end) {
      continue; // the same change requested twice
    }
    if (e.start < pos) {
      throw new FlbMigrateError(
        'OVERLAPPING_EDITS',
        `overlapping edits: ${prev?.origin ?? '?'} [${prev?.start}, ${prev?.end}) and ${e.origin} [${e.start}, ${e.end})`,
      );
    }
    parts.push(text.slice(pos, e.start), e.text);
    pos = e.end;
    prev = e;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}
