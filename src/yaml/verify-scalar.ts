import { parseAllDocuments, parseDocument, visit, isMap, isPair, isScalar } from 'yaml';
import type { Edit } from '../source/edit.js';
import { applyEdits } from '../source/apply-edits.js';
import { FlbMigrateError } from '../source/flb-migrate-error.js';
import type { OffsetMap } from './offset-map.js';
import { SOURCE_TOKEN_READ } from './source-options.js';

/** Where a scalar's source sits in its outer text, for a check of that scalar alone. */
export interface ScalarScope {
  /** End of the scalar's source (its node range end). */
  readonly end: number;
  /** Indentation of the scalar's parent (the CST token's `indent`). */
  readonly indent: number;
}

/** Single-entry cache: whether a text holds a directive line (`%YAML`, `%TAG`), scanned once per text. */
let directivesText: string | undefined;
let directivesFound = false;
function hasDirectives(text: string): boolean {
  if (text !== directivesText) {
    directivesText = text;
    directivesFound = text.startsWith('%') || text.includes('\n%');
  }
  return directivesFound;
}

/**
 * The scalar's new value read on its own: its edited source after a key at
 * its parent's indentation (`    k: |` + the body lines, which keep their
 * columns), so that the check costs the scalar's size, not the file's.
 * Undefined when the edits leave the scalar or that reading fails; the
 * caller then parses the whole file.
 */
export function isolatedValue(outerText: string, scalarStart: number, scope: ScalarScope, outer: readonly Edit[]): unknown {
  if (scope.indent < 0 || hasDirectives(outerText)) return undefined;
  if (!outer.every((e) => e.start >= scalarStart && e.end <= scope.end)) return undefined;
  const source = applyEdits(
    outerText.slice(scalarStart, scope.end),
    outer.map((e) => Object.assign({}, e, { start: e.start - scalarStart, end: e.end - scalarStart })), // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
  );
  // Discovery's options: with one key, `uniqueKeys` cannot matter, and the tokens change no error nor value.
  const doc = parseDocument(`${' '.repeat(scope.indent)}k: ${source}`, SOURCE_TOKEN_READ);
  if (doc.errors.length > 0 || !isMap(doc.contents) || doc.contents.items.length !== 1) return undefined;
  const pair = doc.contents.items[0];
  return isPair(pair) && isScalar(pair.value) ? pair.value.value : undefined;
}

/**
 * Wraps an OffsetMap so that every `mapEdits` result is checked: the scalar
 * starting at `scalarStart` must, with the outer edits applied, decode to
 * `applyEdits(inner, innerEdits)`. With a `scope`, the edited scalar is
 * read on its own (linear in the scalar, not quadratic in a file of many
 * documents); when that reading does not confirm the value, or without a
 * scope, the outer edits are applied to `outerText` and the whole file is
 * re-parsed, as the final word. A mismatch is a bug in the mapping and
 * throws `FlbMigrateError('INVALID_OUTPUT')`.
 */
export function verifiedMap(outerText: string, scalarStart: number, inner: string, map: OffsetMap, scope?: ScalarScope): OffsetMap {
  return {
    toOuter: map.toOuter,
    mapEdits: (innerEdits: readonly Edit[]): Edit[] => {
      const outer = map.mapEdits(innerEdits);
      if (outer.length === 0) return outer;
      const expected = applyEdits(inner, innerEdits);
      if (scope && isolatedValue(outerText, scalarStart, scope, outer) === expected) return outer;
      const next = applyEdits(outerText, outer);
      let actual: unknown = undefined;
      let errors = 0;
      for (const doc of parseAllDocuments(next, { prettyErrors: false })) {
        errors += doc.errors.length;
        visit(doc, {
          Scalar(_, node) {
            if (node.range?.[0] === scalarStart) {
              actual = node.value;
              return visit.BREAK;
            }
            return undefined;
          },
        });
      }
      if (errors > 0 || actual !== expected) {
        throw new FlbMigrateError(
          'INVALID_OUTPUT',
          `mapped edits of the scalar at offset ${scalarStart} do not round-trip (${errors} YAML errors; got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)})`,
        );
      }
      return outer;
    },
  };
}
