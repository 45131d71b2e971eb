import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/source/apply-edits.js';
import { backMapper, composeEdits, mapBack } from '../../src/source/compose-edits.js';
import { sortEdits } from '../../src/source/apply-edits.js';
import type { Edit } from '../../src/source/edit.js';
import { rng } from '../helpers/rng.js';

/** Non-overlapping random edits of `text` (inserts, deletions, replacements; touching ones included). */
function randomEdits(text: string, next: () => number, origin: string): Edit[] {
  const edits: Edit[] = [];
  let pos = 0;
  while (pos <= text.length && edits.length < 6) {
    const start = pos + Math.floor(next() * 4);
    if (start > text.length) break;
    const len = next() < 0.3 ? 0 : Math.floor(next() * 4);
    const end = Math.min(text.length, start + len);
    const insert = next() < 0.3 ? '' : 'xyz'.slice(0, 1 + Math.floor(next() * 3)).toUpperCase() + origin;
    if (start === end && insert === '') {
      pos = start + 1;
      continue;
    }
    edits.push({ start, end, text: insert, origin });
    pos = end + (next() < 0.3 ? 0 : 1);
  }
  return edits;
}

describe('composeEdits (two rounds of edits as one)', () => {
  it('gives the same text as applying both rounds, for 3000 random cases', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = rng(seed);
      const text = 'abcdefghijklmnop'.slice(0, 3 + Math.floor(next() * 13));
      const first = randomEdits(text, next, '1');
      const middle = applyEdits(text, first);
      const second = randomEdits(middle, next, '2');
      const composed = composeEdits(text, first, second);
      expect(applyEdits(text, composed), `seed ${seed}`).toBe(applyEdits(middle, second));
    }
  });

  it('keeps edits that do not touch apart, and merges the ones that do', () => {
    const text = '0123456789';
    const first: Edit[] = [{ start: 1, end: 2, text: 'A', origin: 'r' }, { start: 7, end: 8, text: 'B', origin: 'r' }];
    const second: Edit[] = [{ start: 7, end: 8, text: 'C', origin: 'y' }];
    expect(composeEdits(text, first, second)).toEqual([{ start: 1, end: 2, text: 'A', origin: 'r' }, { start: 7, end: 8, text: 'C', origin: 'y' }]);
    const spanning: Edit[] = [{ start: 0, end: 10, text: 'all', origin: 'y' }];
    expect(composeEdits(text, first, spanning)).toEqual([{ start: 0, end: 10, text: 'all', origin: 'y' }]);
  });

  it('maps offsets of the intermediate text back: inside an edit, to its start', () => {
    const first: Edit[] = [{ start: 2, end: 4, text: 'XXXX', origin: 'r' }];
    expect(mapBack(first, 1)).toBe(1);
    expect(mapBack(first, 3)).toBe(2);
    expect(mapBack(first, 6)).toBe(4);
    expect(mapBack(first, 8)).toBe(6);
  });

  it('backMapper (placed once, binary search) maps every offset as the per-offset scan did, for 3000 random cases', () => {
    /** The scan mapBack was before backMapper: every call sorts and walks the first round. */
    const scan = (first: readonly Edit[], offset: number): number => {
      let delta = 0;
      let shift = 0;
      for (const edit of sortEdits(first)) {
        const start = edit.start + shift;
        const end = start + edit.text.length;
        shift += edit.text.length - (edit.end - edit.start);
        if (offset < start) break;
        if (offset < end) return edit.start;
        if (offset === end) return edit.end;
        delta = end - edit.end;
      }
      return offset - delta;
    };
    for (let seed = 1; seed <= 3000; seed++) {
      const next = rng(seed);
      const text = 'abcdefghijklmnop'.slice(0, 3 + Math.floor(next() * 13));
      const first = randomEdits(text, next, '1');
      // Sometimes a repeated edit (applyEdits applies it once; the placement counts it twice): the ends go out of order.
      if (first.length > 0 && next() < 0.2) first.push({ ...(first[Math.floor(next() * first.length)] as Edit) });
      const back = backMapper(first);
      const length = text.length + first.reduce((n, e) => n + e.text.length, 0) + 2;
      for (let offset = 0; offset <= length; offset++) {
        expect(back(offset), `seed ${seed} offset ${offset}`).toBe(scan(first, offset));
        expect(mapBack(first, offset)).toBe(back(offset));
      }
    }
  });
});
