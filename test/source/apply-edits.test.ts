import { describe, expect, it } from 'vitest';
import { applyEdits, sortEdits } from '../../src/source/apply-edits.js';
import type { Edit } from '../../src/source/edit.js';
import { FlbMigrateError } from '../../src/source/flb-migrate-error.js';

const edit = (start: number, end: number, text: string, origin = 'test'): Edit => ({ start, end, text, origin });

/** The contract rules rely on: one pass over the original text, overlaps are bugs, never guesses. */
describe('applyEdits', () => {
  const text = 'Name tail\nParser docker\n';

  it('splices edits of the original text in one pass, whatever order they come in', () => {
    const edits = [edit(10, 16, 'multiline.parser'), edit(0, 4, 'NAME'), edit(17, 23, 'docker, cri')];
    expect(applyEdits(text, edits)).toBe('NAME tail\nmultiline.parser docker, cri\n');
    expect(applyEdits(text, [...edits].reverse())).toBe('NAME tail\nmultiline.parser docker, cri\n');
  });

  it('applies edits that touch (one ends where the next starts)', () => {
    expect(applyEdits('abc', [edit(1, 2, 'X'), edit(0, 1, 'Y'), edit(2, 3, 'Z')])).toBe('YXZ');
  });

  it('applies the same change requested twice once', () => {
    expect(applyEdits(text, [edit(0, 4, 'NAME', 'a'), edit(0, 4, 'NAME', 'b')])).toBe('NAME tail\nParser docker\n');
  });

  it('applies two inserts at one offset in input order (they are not an overlap)', () => {
    expect(applyEdits('ac', [edit(1, 1, 'b'), edit(1, 1, 'B')])).toBe('abBc');
    expect(applyEdits('ac', [edit(1, 1, 'B'), edit(1, 1, 'b')])).toBe('aBbc');
  });

  it('throws OVERLAPPING_EDITS naming both origins for overlapping ranges', () => {
    const overlap = (): string => applyEdits(text, [edit(0, 6, 'x', 'tail-parser'), edit(4, 9, 'y', 'tail-path')]);
    expect(overlap).toThrow(FlbMigrateError);
    expect(overlap).toThrow(/tail-parser \[0, 6\) and tail-path \[4, 9\)/);
    try {
      overlap();
    } catch (e) {
      expect((e as FlbMigrateError).code).toBe('OVERLAPPING_EDITS');
    }
  });

  it('throws for the same range with different texts, and for an insert inside a replaced range', () => {
    expect(() => applyEdits(text, [edit(0, 4, 'a'), edit(0, 4, 'b')])).toThrow(/overlapping edits/);
    expect(() => applyEdits(text, [edit(0, 4, 'a'), edit(2, 2, 'b')])).toThrow(/overlapping edits/);
  });

  it('throws for a range outside the text', () => {
    expect(() => applyEdits('abc', [edit(2, 4, 'x', 'r')])).toThrow(/out of range \[2, 4\) from r/);
    expect(() => applyEdits('abc', [edit(2, 1, 'x')])).toThrow(/out of range/);
  });

  it('sortEdits is stable for equal ranges', () => {
    const a = edit(1, 1, 'a');
    const b = edit(1, 1, 'b');
    const c = edit(0, 2, 'c');
    expect(sortEdits([a, c, b])).toEqual([c, a, b]);
  });
});
