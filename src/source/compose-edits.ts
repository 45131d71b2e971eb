import { applyEdits, sortEdits } from './apply-edits.js';
import type { Edit } from './edit.js';

/*
 * Two rounds of edits on one text as one round: `first` on `text`, then
 * `second` on the result. Used when --to-yaml converts what the runtime
 * migration produced, so that a FileResult's edits still apply to the
 * user's file. Edits of the second round that touch a first-round edit
 * absorb it; everything else keeps its own, smaller edit.
 */

interface Placed {
  /** Range in the intermediate text. */
  readonly start: number;
  readonly end: number;
  readonly first?: Edit;
  readonly second?: Edit;
}

/** The first round's edits with their ranges in the intermediate text, in order. */
function placeFirst(first: readonly Edit[]): { edit: Edit; start: number; end: number }[] {
  let delta = 0;
  return sortEdits(first).map((edit) => {
    const start = edit.start + delta;
    delta += edit.text.length - (edit.end - edit.start);
    return { edit, start, end: start + edit.text.length };
  });
}

/** An offset of the intermediate text in the original one: inside a first-round edit, that edit's start (its end at its end). */
export function mapBack(first: readonly Edit[], offset: number): number {
  let delta = 0;
  for (const p of placeFirst(first)) {
    if (offset < p.start) break;
    if (offset < p.end) return p.edit.start;
    if (offset === p.end) return p.edit.end;
    delta = p.end - p.edit.end;
  }
  return offset - delta;
}

/** Edits on `text` equivalent to applying `first`, then `second` (offsets of the intermediate text). */
export function composeEdits(text: string, first: readonly Edit[], second: readonly Edit[]): Edit[] {
  if (second.length === 0) return sortEdits(first);
  if (first.length === 0) return sortEdits(second);
  const middle = applyEdits(text, first);
  const items: Placed[] = [
    ...placeFirst(first).map((p) => ({ start: p.start, end: p.end, first: p.edit })),
    ...sortEdits(second).map((e) => ({ start: e.start, end: e.end, second: e })),
  ].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Edit[] = [];
  // Groups of items that touch or overlap, with at least one second-round edit; first-round edits alone stay as they are.
  let group: Placed[] = [];
  let groupEnd = -1;
  let hasSecond = false;
  const flush = (): void => {
    if (!hasSecond) {
      for (const g of group) out.push(g.first as Edit);
    } else {
      const s = Math.min(...group.map((g) => g.start));
      const e = Math.max(...group.map((g) => g.end));
      const seconds = group.flatMap((g) => (g.second ? [{ ...g.second, start: g.second.start - s, end: g.second.end - s }] : []));
      const from = Math.min(...group.map((g) => (g.first ? g.first.start : mapBack(first, g.start))));
      const to = Math.max(...group.map((g) => (g.first ? g.first.end : mapBack(first, g.end))));
      out.push({ start: from, end: to, text: applyEdits(middle.slice(s, e), seconds), origin: seconds[0]?.origin ?? 'compose' });
    }
    group = [];
    hasSecond = false;
  };
  for (const item of items) {
    const joins = group.length > 0 && item.start <= groupEnd && (hasSecond || item.second !== undefined);
    if (!joins) flush();
    group.push(item);
    groupEnd = joins ? Math.max(groupEnd, item.end) : item.end;
    hasSecond ||= item.second !== undefined;
  }
  flush();
  return sortEdits(out);
}
