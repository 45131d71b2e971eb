import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeGoldenCases, findCases } from '../helpers/golden.js';

/*
 * Golden cases of --to-yaml on whole batches: fixtures/to-yaml/<topic>/<case>/
 * (layout in test/helpers/golden.ts, default options {"toYaml": true}), with
 * expected-files.txt saying what happens to each changed file (change,
 * rename to, remove) and expected/... every file after the run at its new
 * path. Each case is also run again on its own output (nothing changes, a
 * refusal stays a refusal), its diffs applied back, its YAML outputs
 * parsed, its edited Kubernetes objects validated.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/to-yaml/', import.meta.url));
const cases = findCases(ROOT);

describe('--to-yaml golden cases (fixtures/to-yaml)', () => {
  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThan(10);
  });
});

describeGoldenCases(cases, { defaultOptions: { toYaml: true }, expectInvariantViolations: false, fileActions: true });
