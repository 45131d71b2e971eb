import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, migratePartitionedWith } from '../../src/migrate/migrate.js';
import { RUNTIMES, type MigrateOptions } from '../../src/migrate/types.js';
import { isYamlPath } from '../../src/source/sniff-format.js';
import type { SourceFile } from '../../src/source/source-file.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';
import { yieldToEventLoop } from '../helpers/yield.js';

/*
 * The partitioned path (src/migrate/partition.ts) must give exactly the
 * whole-file run's FileResult. With the thresholds forced to 0 every file
 * is split as far as its links allow (every unit its own chunk), on every
 * YAML/JSON file of the fixtures and of the corpus, for each runtime. The
 * counts of partitioned and refused files are printed (and bounded below),
 * so the test cannot pass by refusing everything.
 */

const FORCED = { minFileBytes: 0, chunkBytes: 0 };

function yamlFiles(): { readonly label: string; readonly file: SourceFile }[] {
  const fixtures = walkFiles(join(process.cwd(), 'fixtures'), (rel) => isYamlPath(rel) && !rel.includes('/expected/'));
  const corpus = walkCorpus((rel) => isYamlPath(rel));
  return [
    ...fixtures.map((f) => ({ label: `fixtures/${f.rel}`, file: { path: f.rel.split('/').pop() as string, text: f.text } })),
    ...corpus.map((f) => ({ label: `corpus/${f.rel}`, file: { path: f.rel, text: f.text } })),
  ];
}

describe('partitioned migration equals the whole-file run', () => {
  it('on every fixture and corpus YAML file, for each runtime and four other option sets (two with --to-yaml)', async () => {
    const files = yamlFiles();
    expect(files.length).toBeGreaterThan(100);
    const reasons = new Map<string, number>();
    let partitioned = 0;
    let chunks = 0;
    let toYaml = 0;
    let converted = 0;
    const failures: string[] = [];
    for (const { label, file } of files) {
      await yieldToEventLoop();
      const variants: MigrateOptions[] = [
        ...RUNTIMES.map((runtime) => ({ runtime })),
        { runtime: 'containerd', keepDockerMount: true, fluentBitVersion: '1.9' },
        { runtime: 'cri-o', criOnly: true, podLogsDir: '/data/pods' },
        // --to-yaml: each chunk converted on its own (with a runtime, and alone).
        { runtime: 'containerd', toYaml: true },
        { toYaml: true },
      ];
      for (const options of variants) {
        const runtime = `${options.runtime ?? ''}${Object.keys(options).length > 1 ? ' +options' : ''}`;
        const outcome = migratePartitionedWith(file, options, FORCED);
        if (!outcome.result) {
          reasons.set(outcome.reason, (reasons.get(outcome.reason) ?? 0) + 1);
          continue;
        }
        partitioned++;
        chunks += outcome.chunks;
        const whole = migrate([file], options).files[0];
        if (options.toYaml === true) {
          toYaml++;
          if (whole?.findings.some((f) => f.ruleId === 'to-yaml' && f.severity === 'change')) converted++;
        }
        try {
          expect(outcome.result).toStrictEqual(whole);
        } catch (e) {
          failures.push(`${label} (${runtime}): ${(e as Error).message.slice(0, 2000)}`);
        }
      }
    }
    const refused = [...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${n} ${r}`);
    console.log(`partition equivalence: ${files.length} files x ${RUNTIMES.length + 4} option sets: ${partitioned} partitioned (${chunks} chunks; ${toYaml} with --to-yaml, ${converted} of them converted), refused: ${refused.join('; ')}`);
    expect(failures).toEqual([]);
    expect(partitioned).toBeGreaterThan(30);
    expect(toYaml).toBeGreaterThan(10);
    expect(converted).toBeGreaterThan(3);
  });
});
