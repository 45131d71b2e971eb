import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, migratePartitionedWith } from '../../src/migrate/migrate.js';
import { planPartition } from '../../src/migrate/partition.js';
import type { MigrateOptions } from '../../src/migrate/types.js';
import { findCases, formatFindings, readCaseOptions, readTree } from '../helpers/golden.js';

/*
 * fixtures/partition: one file per case, migrated through the partitioned
 * path with its thresholds forced to 0; expected-chunks.txt shows where it is
 * cut (or why not), and the result must be the whole-file run's. A case's
 * options.json sets its options (default: containerd; the to-yaml-* cases
 * convert with --to-yaml).
 * `npx vitest run -u test/migrate/partition-golden.test.ts` regenerates.
 */

const ROOT = join(process.cwd(), 'fixtures/partition');
const FORCED = { minFileBytes: 0, chunkBytes: 0 };

describe('fixtures/partition', () => {
  const cases = findCases(ROOT);
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(3));
  for (const c of cases) {
    it(c.id, async () => {
      const files = readTree(join(c.dir, 'input'));
      expect(files).toHaveLength(1);
      const file = files[0]!;
      const plan = planPartition(file, FORCED);
      const chunks = 'reason' in plan
        ? `not partitioned: ${plan.reason}\n`
        : plan.chunks.map((k, i) => {
          // A chunk of runs that are not adjacent (List items linked by an alias): each run.
          const pieces = k.pieces ?? [k];
          return `chunk ${i + 1}: units ${pieces.map((p) => `${p.units[0]}-${p.units[1]}`).join(' + ')}, lines ${pieces.map((p) => `${p.lines[0]}-${p.lines[1]}`).join(' + ')}\n`;
        }).join('');
      await expect(chunks).toMatchFileSnapshot(join(c.dir, 'expected-chunks.txt'));
      const options = readCaseOptions<MigrateOptions>(c.dir, 'options.json', { runtime: 'containerd' });
      const outcome = migratePartitionedWith(file, options, FORCED);
      const whole = migrate([file], options);
      if (outcome.result) expect(outcome.result).toStrictEqual(whole.files[0]);
      else expect('reason' in plan ? undefined : outcome.reason).toBeUndefined();
      const result = { files: [outcome.result ?? (whole.files[0] as (typeof whole.files)[number])] };
      await expect(result.files.map((f) => f.diff).join('')).toMatchFileSnapshot(join(c.dir, 'expected.diff'));
      await expect(formatFindings(result)).toMatchFileSnapshot(join(c.dir, 'expected-findings.txt'));
    });
  }
});
