import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeGoldenCases, findCases } from '../helpers/golden.js';

/*
 * Golden cases of the migration as a whole, not of one rule:
 * fixtures/migrate/<topic>/<case>/ (layout in test/helpers/golden.ts):
 * include diagnostics that depend on the deployment (INCLUDE_TWICE), and
 * deployments the migration refuses because the result would break an
 * invariant (src/migrate/invariants.ts): the cases under invariants/ show
 * their INVARIANT_* errors on purpose, and every other case must show none.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/migrate/', import.meta.url));
const cases = findCases(ROOT);

describe('migrate golden cases', () => {
  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
});

describeGoldenCases(cases, { defaultOptions: { runtime: 'containerd' }, expectInvariantViolations: (id) => id.startsWith('invariants/') });
