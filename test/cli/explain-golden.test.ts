import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ruleById } from '../../src/rules/registry.js';
import { runCli } from './helpers/run-cli.js';

// Golden outputs of `flb-migrate --explain` for one rule that edits and one
// that only reports: fixtures/cli/explain/<id>.txt shows reviewers exactly
// what a user reads. Regenerate after an intended change to the rule's docs
// with `npx vitest run -u test/cli/explain-golden.test.ts` (the docs and
// their examples are checked against the rules themselves in
// test/rules/docs-examples.test.ts).
const GOLDEN = fileURLToPath(new URL('../../fixtures/cli/explain/', import.meta.url));

const CASES: Array<[string, 'change' | 'report']> = [
  ['docker-volume', 'change'],
  ['use-journal', 'report'],
];

describe('golden --explain outputs (fixtures/cli/explain)', () => {
  it.each(CASES)('%s (%s rule)', async (id, kind) => {
    expect(ruleById(id)?.meta.kind).toBe(kind);
    const r = await runCli(['--explain', id]);
    const text = [`$ flb-migrate --explain ${id}`, `exit ${r.code}`, '--- stdout', r.stdout, '--- stderr', r.stderr].join('\n');
    await expect(text).toMatchFileSnapshot(join(GOLDEN, `${id}.txt`));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nBefore:\n\n[\s\S]*\nAfter \((flb-migrate writes this|by hand, as the warning says)\):\n\n/);
  });
});
