import type { Edit } from '../source/edit.js';

/**
 * How an embedded config's decoded text maps back into its outer file.
 *
 * - `toOuter(o)` maps an offset of the decoded (inner) text to an offset of the
 *   outer file, for diagnostics. It never throws; offsets outside the text are
 *   clamped.
 * - `mapEdits(edits)` turns non-overlapping edits of the inner text into edits
 *   of the outer file such that the outer scalar then decodes to
 *   `applyEdits(text, edits)`, and every byte outside the edited ranges stays
 *   identical. Overlapping inner edits or a mapping that would not round-trip
 *   are invariant violations and throw `FlbMigrateError`.
 */
export interface OffsetMap {
  readonly toOuter: (innerOffset: number) => number;
  readonly mapEdits: (innerEdits: readonly Edit[]) => Edit[];
}

/** The map of a whole file that is itself the config (`.conf`, plain fluent-bit.yaml). */
export function identityMap(length: number): OffsetMap {
  return {
    toOuter: (o) => Math.max(0, Math.min(o, length)),
    mapEdits: (edits) => edits.map((e) => ({ ...e })),
  };
}

/**
 * The map of a text inside a text inside a file (a config string in chart
 * values that are themselves a string of the file): `inner` maps to the
 * middle text, `outer` from there to the file.
 */
export function composeMaps(inner: OffsetMap, outer: OffsetMap): OffsetMap {
  return {
    toOuter: (o) => outer.toOuter(inner.toOuter(o)),
    mapEdits: (edits) => outer.mapEdits(inner.mapEdits(edits)),
  };
}

/**
 * The map of the tail of a text from offset `from` on (a kustomize literal's value after its `key=`): offsets of the
 * tail are offsets of the whole text moved by `from`.
 */
export function tailMap(whole: OffsetMap, from: number): OffsetMap {
  return {
    toOuter: (o) => whole.toOuter(Math.max(0, o) + from),
    mapEdits: (edits) => whole.mapEdits(edits.map((e) => ({ ...e, start: e.start + from, end: e.end + from }))),
  };
}
