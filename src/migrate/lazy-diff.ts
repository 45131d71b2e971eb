import type { FileResult } from './types.js';

/*
 * A FileResult's `diff` made when first read (memory and CPU, issue #14, NOTES.md "`to-yaml classic` 10 MB within
 * the goal"): under --to-yaml the runtime stage's diff of a file the conversion renames was made and thrown away, and
 * a big config's rename diff (twice the file) was alive, whole, with everything else at the end of the run. The
 * property reads as a plain string (made once, then kept as a data property: spreading, JSON, structured clones and
 * equality all see the same text); `diffSlices` gives the CLI the same text in slices of whole lines, never whole.
 */

/** The slices of each result's diff not made yet. */
const pending = new WeakMap<object, () => Iterable<string>>();

/** `[...slices].join('')`: one flat string (a rope of many slices costs ~3x the text). */
export function joinSlices(slices: Iterable<string>): string {
  const parts = [...slices];
  return parts.length === 1 ? (parts[0] as string) : parts.join('');
}

/**
 * `result` (its `diff` property already in place, so the keys keep their order) with `diff` made from `slices` when
 * first read. `slices()` must give the same text each time, each slice ending a line (the last may end the text).
 */
export function lazyDiff<T extends FileResult>(result: T, slices: () => Iterable<string>): T {
  pending.set(result, slices);
  Object.defineProperty(result, 'diff', {
    configurable: true,
    enumerable: true,
    get(): string {
      const diff = joinSlices(slices());
      pending.delete(result);
      Object.defineProperty(result, 'diff', { value: diff, writable: true, enumerable: true, configurable: true });
      return diff;
    },
  });
  return result;
}

/**
 * The diff of a result in slices of whole lines, when it was not made yet (each slice made as it is read: the whole
 * text never exists); undefined when `diff` is a string already (read it).
 */
export function diffSlices(result: FileResult): Iterable<string> | undefined {
  return pending.get(result)?.();
}

/**
 * `{ ...result, ...fields }` (the same keys in the same order) without reading a lazy `diff` that `fields` does not
 * replace: the copy makes it when read, from the same slices.
 */
export function withFields(result: FileResult, fields: Partial<FileResult>): FileResult {
  const slices = pending.get(result);
  if (slices === undefined) return { ...result, ...fields };
  const own = result as unknown as Readonly<Record<string, unknown>>;
  const copy = { ...Object.fromEntries(Object.keys(result).map((k) => [k, k === 'diff' ? '' : own[k]])), ...fields } as unknown as FileResult;
  return 'diff' in fields ? copy : lazyDiff(copy, slices);
}
