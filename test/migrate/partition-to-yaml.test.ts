import { describe, expect, it } from 'vitest';
import { migratePartitioned, type ChunkRunner } from '../../src/migrate/partition.js';
import type { FileResult } from '../../src/migrate/types.js';
import { applyEdits } from '../../src/source/apply-edits.js';
import type { Edit } from '../../src/source/edit.js';

/*
 * The --to-yaml merge rules of partition.ts on a stub engine: a converted
 * chunk's edits (composed, unknown to the trace) are merged in position
 * order; converted edits of two chunks that meet at a chunk boundary are
 * refused (the whole run's composition may have joined them).
 */

const FORCED = { minFileBytes: 0, chunkBytes: 0 };
const DOC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n';
const FILE = { path: 'stream.yaml', text: `${DOC}---\n${DOC.replace('name: a', 'name: b')}` };

/** A stub engine: each chunk gets the edits `editsOf` gives for its text, marked converted. */
function stub(editsOf: (text: string, chunk: number) => Edit[]): ChunkRunner {
  let chunk = 0;
  return (file) => {
    const edits = editsOf(file.text, chunk++);
    const output = applyEdits(file.text, edits);
    const result: FileResult = {
      path: file.path, before: file.text, output, changed: output !== file.text, edits, findings: [], diagnostics: [], hasErrors: false, diff: '',
    };
    return { result, trace: { edits: new Map(), diagnosticMarks: [0, 0, 0], depth: 0 }, toYaml: 'converted' };
  };
}

describe('partitioned --to-yaml merge', () => {
  it('merges converted edits by position', () => {
    const run = stub((text) => [{ start: text.indexOf('name:') + 6, end: text.indexOf('name:') + 7, text: 'x', origin: 'to-yaml' }]);
    const outcome = migratePartitioned(FILE, { toYaml: true }, run, FORCED);
    expect(outcome.reason).toBeUndefined();
    expect(outcome.result?.output).toBe(FILE.text.replace('name: a', 'name: x').replace('name: b', 'name: x'));
    expect(outcome.result?.edits.map((e) => e.start)).toEqual([...outcome.result!.edits.map((e) => e.start)].sort((a, b) => a - b));
  });

  it('refuses converted edits of two chunks meeting at a boundary', () => {
    // The first chunk inserts at its end, the second at its start: the same offset of the file.
    const run = stub((text, chunk) => [chunk === 0 ? { start: text.length, end: text.length, text: '# a\n', origin: 'to-yaml' } : { start: 0, end: 0, text: '# b\n', origin: 'to-yaml' }]);
    const outcome = migratePartitioned(FILE, { toYaml: true }, run, FORCED);
    expect(outcome.reason).toBe('converted edits meeting at a chunk boundary');
  });
});
