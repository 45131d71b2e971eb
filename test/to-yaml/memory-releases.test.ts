import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryReleases } from '../../src/convert/memory-releases.js';
import { migrate } from '../../src/migrate/migrate.js';
import type { MigrateOptions } from '../../src/migrate/options.js';
import type { SourceFile } from '../../src/source/source-file.js';
import { walkCorpus } from '../helpers/corpus.js';
import { findCases, readCaseOptions, readTree } from '../helpers/golden.js';

/*
 * The memory releases of --to-yaml on a big classic config (issue #14,
 * src/convert/memory-releases.ts: the classic view read again for the proof,
 * the docs gone before the read-back, one classic parse for the setup's
 * reading and its docs, the stage's classic parses of the files its plan
 * changes released) change no result: every to-yaml and convert fixture batch
 * and every corpus repository folder (walked), with and without a runtime,
 * give equal results with them on and off.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const fixtures = [...findCases(join(ROOT, 'to-yaml')), ...findCases(join(ROOT, 'convert'))].map((c) => ({
  id: c.id,
  files: readTree(join(c.dir, 'input')),
  options: readCaseOptions<MigrateOptions>(c.dir, 'options.json', { toYaml: true }),
}));
const byFolder = new Map<string, SourceFile[]>();
for (const f of walkCorpus()) {
  const folder = f.rel.split('/')[0] as string;
  byFolder.set(folder, [...(byFolder.get(folder) ?? []), { path: f.rel, text: f.text }]);
}
const corpus = [...byFolder].map(([id, files]) => ({ id: `corpus ${id}`, files, options: { toYaml: true } as MigrateOptions }));

function both(files: readonly SourceFile[], options: MigrateOptions): { on: unknown; off: unknown } {
  memoryReleases.enabled = true;
  const on = migrate(files, options);
  memoryReleases.enabled = false;
  const off = migrate(files, options);
  memoryReleases.enabled = true;
  return { on, off };
}

afterEach(() => {
  memoryReleases.enabled = true;
});

describe('--to-yaml memory releases change no result', () => {
  it('walks the fixtures and the corpus', () => {
    expect(fixtures.length).toBeGreaterThan(20);
    expect(corpus.length).toBeGreaterThan(10);
  });

  it.each([...fixtures, ...corpus].map((c) => [c.id, c] as const))('%s', (_id, c) => {
    for (const options of [c.options, { ...c.options, toYaml: true, runtime: c.options.runtime ?? 'containerd' } as MigrateOptions]) {
      const { on, off } = both(c.files, options);
      expect(on).toEqual(off);
    }
  });
});
