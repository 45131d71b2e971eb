import { sortEdits } from '../source/apply-edits.js';
import type { Edit } from '../source/edit.js';

/**
 * Sorts edits stably by `(start, end)` and merges edits that touch (one ends
 * where the next starts) into one, keeping the first origin. The result has
 * no two edits sharing a boundary, which lets offset maps adjust boundaries
 * (e.g. absorb a neighbouring newline) without creating overlaps. Overlapping
 * input is left for `applyEdits` to reject.
 */
export function mergeAdjacentEdits(edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of sortEdits(edits)) {
    const prev = out[out.length - 1];
    if (prev && prev.end === e.start) {
      out[out.length - 1] = { start: prev.start, end: e.end, text: prev.text + e.text, origin: prev.origin };
    } else {
      out.push(e);
    }
  }
  return out;
}

/**
 * Shrinks an edit by the prefix and suffix its replacement shares with the
 * text it replaces, so an identity edit becomes a no-op (`start === end`,
 * `text === ''`) and real edits touch as few bytes as possible.
 */
export function trimEdit(original: string, edit: Edit): Edit {
  const old = original.slice(edit.start, edit.end);
  let p = 0;
  const max = Math.min(old.length, edit.text.length);
  while (p < max && old.charCodeAt(p) === edit.text.charCodeAt(p)) p++;
  let q = 0;
  while (q < max - p && old.charCodeAt(old.length - 1 - q) === edit.text.charCodeAt(edit.text.length - 1 - q)) q++;
  return { start: edit.start + p, end: edit.end - q, text: edit.text.slice(p, edit.text.length - q), origin: edit.origin };
}

/** `mergeAdjacentEdits` then `trimEdit` each, dropping edits that became no-ops. */
export function normalizeEdits(original: string, edits: readonly Edit[]): Edit[] {
  return mergeAdjacentEdits(edits)
    .map((e) => trimEdit(original, e))
    .filter((e) => e.start !== e.end || e.text !== '');
}
