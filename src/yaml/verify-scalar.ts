import { parseAllDocuments, visit } from 'yaml';
import type { Edit } from '../source/edit.js';
import { applyEdits } from '../source/apply-edits.js';
import { FlbMigrateError } from '../source/flb-migrate-error.js';
import type { OffsetMap } from './offset-map.js';

/**
 * Wraps an OffsetMap so that every `mapEdits` result is checked: the outer
 * edits are applied to `outerText`, the file is re-parsed, and the scalar
 * starting at `scalarStart` must now decode to `applyEdits(inner, innerEdits)`.
 * A mismatch is a bug in the mapping and throws `FlbMigrateError('INVALID_OUTPUT')`.
 */
export function verifiedMap(outerText: string, scalarStart: number, inner: string, map: OffsetMap): OffsetMap {
  return {
    toOuter: map.toOuter,
    mapEdits: (innerEdits: readonly Edit[]): Edit[] => {
      const outer = map.mapEdits(innerEdits);
      if (outer.length === 0) return outer;
      const expected = applyEdits(inner, innerEdits);
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
