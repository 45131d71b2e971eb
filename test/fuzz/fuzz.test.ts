// The CI fuzz run: 10,000 seeded cases over the shared corpus (small windows
// of real files, mutated; see mutate.mjs), each through migrate() with the
// contract checks of engine.mjs. Longer campaigns: `npm run fuzz`.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import { yieldToEventLoop } from '../helpers/yield.js';
import { loadSeedCorpus } from './corpus.mjs';
import { runCase } from './engine.mjs';
import { makeCase } from './mutate.mjs';

const SEED = 20_240_601;
const CASES = 10_000;

describe('fuzz (fixed seed)', () => {
  // No timing assertion here (the slowest case is printed; `npm run fuzz` flags slow cases).
  it(`${CASES} mutated cases: a result or a diagnostic, never an exception`, async () => {
    const corpus = loadSeedCorpus();
    const failures: string[] = [];
    let slowest = { ms: 0, index: -1, ops: '' };
    const started = performance.now();
    for (let index = 0; index < CASES; index++) {
      if (index % 200 === 199) await yieldToEventLoop(); // about half a second of cases at a time
      const c = makeCase(corpus, SEED, index, { small: true });
      const outcome = runCase(migrate, c);
      if (outcome.ms > slowest.ms) slowest = { ms: outcome.ms, index, ops: c.ops.join(' ') };
      const problem = outcome.failure;
      // rebuild a failing case with makeCase(corpus, SEED, index, { small: true })
      if (problem !== undefined) failures.push(`case ${index} (${c.ops.join(' ')}; ${c.files.map((f) => f.path).join(', ')}): ${problem}`);
    }
    const wall = (performance.now() - started) / 1000;
    console.log(`fuzz: ${CASES} cases in ${wall.toFixed(1)} s; slowest ${slowest.ms.toFixed(1)} ms (case ${slowest.index}: ${slowest.ops})`);
    expect(failures.slice(0, 10)).toEqual([]);
  }, 120_000);
});
