import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_LIST } from '../../src/rules/registry.js';
import { describeGoldenCases, findCases } from '../helpers/golden.js';

/*
 * Golden cases, by rule: fixtures/rules/<rule-id>/<case>/ (the layout is in
 * test/helpers/golden.ts). Every case runs the invariants of
 * src/migrate/invariants.ts with 0 violations.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/rules/', import.meta.url));
const cases = findCases(ROOT);

describe('golden cases', () => {
  it('every fixture folder is a registered rule, and every rule has a fixture', () => {
    const folders = readdirSync(ROOT).filter((n) => statSync(join(ROOT, n)).isDirectory()).sort();
    const ids = RULE_LIST.map((r) => r.meta.id).sort();
    expect(folders).toEqual(ids);
    for (const id of ids) expect(cases.some((c) => c.id.startsWith(`${id}/`)), id).toBe(true);
  });
});

describeGoldenCases(cases, { defaultOptions: { runtime: 'containerd' }, expectInvariantViolations: false });
