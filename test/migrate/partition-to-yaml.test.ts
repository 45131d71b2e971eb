import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { migrate, migratePartitionedWith } from '../../src/migrate/migrate.js';
import { deploymentOptions } from '../../src/migrate/options.js';
import { migratePartitioned, planPartition, PARTITION_LIMITS, type ChunkRunner } from '../../src/migrate/partition.js';
import { readBatch } from '../../src/migrate/read-batch.js';
import { toYamlStage } from '../../src/migrate/to-yaml-stage.js';
import type { FileResult, MigrateOptions } from '../../src/migrate/types.js';
import { applyEdits } from '../../src/source/apply-edits.js';
import type { Edit } from '../../src/source/edit.js';
// @ts-expect-error - a plain .mjs module of the bench
import { generateJsonList, generateManifest } from '../../bench/generate-scale.mjs';

/*
 * The --to-yaml merge rules of partition.ts on a stub engine: a converted
 * chunk's edits (composed, unknown to the trace) are merged in position
 * order; converted edits of two chunks that meet at a chunk boundary are
 * refused (the whole run's composition may have joined them). And, on
 * the real engine, the chunk size of --to-yaml runs (smaller than the
 * runtime's: NOTES.md, "`--to-yaml` memory") and the chunks' skipped diffs.
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

describe('partitioned --to-yaml chunks (real engine)', () => {
  // Small limits of the same proportions as PARTITION_LIMITS (a --to-yaml chunk a quarter of a runtime one).
  const LIMITS = { minFileBytes: 0, chunkBytes: 16_000, toYamlChunkBytes: 4_000 };
  const cases: { name: string; file: { path: string; text: string } }[] = [
    { name: 'a stream', file: { path: 'stream.yaml', text: generateManifest(40) as string } },
    { name: 'a JSON List', file: { path: 'cms.json', text: generateJsonList(30_000) as string } },
    { name: 'a block-YAML List', file: { path: 'cms.yaml', text: stringify(JSON.parse(generateJsonList(30_000) as string)) } },
  ];

  it('PARTITION_LIMITS cuts --to-yaml runs smaller than runtime ones', () => {
    expect(PARTITION_LIMITS.toYamlChunkBytes).toBeLessThan(PARTITION_LIMITS.chunkBytes);
  });

  for (const { name, file } of cases) {
    it(`${name}: cut in toYamlChunkBytes chunks under --to-yaml, chunkBytes ones otherwise`, () => {
      const chunks = (options: Pick<MigrateOptions, 'toYaml'>): number => {
        const plan = planPartition(file, LIMITS, options);
        if ('reason' in plan) throw new Error(plan.reason);
        return plan.chunks.length;
      };
      expect(chunks({})).toBeGreaterThanOrEqual(2);
      expect(chunks({ toYaml: true })).toBeGreaterThanOrEqual(2 * chunks({}));
      expect(chunks({ toYaml: false })).toBe(chunks({}));
    });

    for (const options of [{ runtime: 'containerd', toYaml: true }, { toYaml: true }, { runtime: 'cri-o' }] as const) {
      it(`${name}: ${JSON.stringify(options)}: the merged result is the whole-file run's, diff included`, () => {
        const outcome = migratePartitionedWith(file, options, LIMITS);
        expect(outcome.reason).toBeUndefined();
        const whole = migrate([file], options).files[0];
        expect(whole?.changed).toBe(true);
        expect(outcome.result).toStrictEqual(whole);
      });
    }
  }

  it('toYamlStage with diffs: false is the same result without the diffs of the files it changes', () => {
    const file = { path: 'stream.yaml', text: generateManifest(6) as string };
    const options = { runtime: 'containerd', toYaml: true } as const;
    // The runtime migration first, then the stage on its output, as migrate() runs it.
    const runtime = migrate([file], { ...options, toYaml: false }).files;
    const previous = (): ReturnType<typeof readBatch> => readBatch(runtime.map((r) => ({ path: r.path, text: r.output })), deploymentOptions(options));
    const withDiffs = toYamlStage(runtime, options, previous());
    const without = toYamlStage(runtime, options, previous(), { diffs: false });
    expect(withDiffs[0]?.edits).not.toBe(runtime[0]?.edits); // converted
    expect(withDiffs[0]?.diff).not.toBe('');
    expect(without[0]?.diff).toBe('');
    expect(without.map((r) => ({ ...r, diff: '' }))).toStrictEqual(withDiffs.map((r) => ({ ...r, diff: '' })));
    // What migrate() returns is the stage with its diffs.
    expect(migrate([file], options).files).toStrictEqual(withDiffs);
  });
});
