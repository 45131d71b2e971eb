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

/**
 * Offsets of the intermediate text in the original one, for many offsets: the first round is sorted and placed
 * once (a file's findings are all mapped through the same edits; mapping each from scratch re-sorted the edits
 * per finding, quadratic in a big file). See mapBack.
 */
export function backMapper(first: readonly Edit[]): (offset: number) => number {
  return mapperOf(placeFirst(first));
}

/** backMapper over the first round already placed (placeFirst). */
function mapperOf(placed: readonly { edit: Edit; start: number; end: number }[]): (offset: number) => number {
  const n = placed.length;
  if (n === 0) return (offset) => offset;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  let sorted = true;
  placed.forEach((p, i) => {
    starts[i] = p.start;
    ends[i] = p.end;
    if (i > 0 && p.end < (ends[i - 1] as number)) sorted = false;
  });
  /** The first placed edit whose intermediate range ends at or after `offset` (n: none). */
  const firstReaching = (offset: number): number => {
    if (!sorted) {
      // Overlapping first-round edits (which applyEdits refuses): the placed ends are not in order; scan as before.
      for (let i = 0; i < n; i++) if (offset < (starts[i] as number) || offset <= (ends[i] as number)) return i;
      return n;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ends[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (offset) => {
    const i = firstReaching(offset);
    const p = placed[i];
    if (p !== undefined && offset >= p.start) return offset < p.end ? p.edit.start : p.edit.end;
    const before = placed[i - 1];
    return before === undefined ? offset : offset - (before.end - before.edit.end);
  };
}

/** An offset of the intermediate text in the original one: inside a first-round edit, that edit's start (its end at its end). */
export function mapBack(first: readonly Edit[], offset: number): number {
  return backMapper(first)(offset);
}

/** Edits on `text` equivalent to applying `first`, then `second` (offsets of the intermediate text). */
export function composeEdits(text: string, first: readonly Edit[], second: readonly Edit[]): Edit[] {
  if (second.length === 0) return sortEdits(first);
  if (first.length === 0) return sortEdits(second);
  const middle = applyEdits(text, first);
  const placed = placeFirst(first);
  const back = mapperOf(placed);
  const items: Placed[] = [
    ...placed.map((p) => ({ start: p.start, end: p.end, first: p.edit })),
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
      const from = Math.min(...group.map((g) => (g.first ? g.first.start : back(g.start))));
      const to = Math.max(...group.map((g) => (g.first ? g.first.end : back(g.end))));
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
