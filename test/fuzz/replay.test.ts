// Replays every input the fuzzer saved (fixtures/fuzz/): `<hash>.<ext>` is
// one file, a folder `<hash>/` is one batch. Each must satisfy the fuzz
// contract for every runtime (no exception, results consistent, idempotent).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import { runCase } from './engine.mjs';

const DIR = resolve(process.cwd(), 'fixtures/fuzz');
// slow/ holds the campaign's slow cases (megabytes, seconds each; git-ignored)
const entries = existsSync(DIR) ? readdirSync(DIR).filter((n) => !n.startsWith('.') && n !== 'slow').sort() : [];
const RUNTIMES = ['containerd', 'cri-o', 'cri-dockerd'] as const;

describe('fuzz fixtures replay', () => {
  it('has saved inputs', () => {
    expect(entries.length).toBeGreaterThan(0);
  });
  for (const name of entries) {
    it(name, () => {
      const p = join(DIR, name);
      const files = statSync(p).isDirectory()
        ? readdirSync(p).sort().map((n) => ({ path: `case/${n}`, text: readFileSync(join(p, n), 'utf8') }))
        : [{ path: `case/${name}`, text: readFileSync(p, 'utf8') }];
      for (const runtime of RUNTIMES) {
        const outcome = runCase(migrate, { files, options: { runtime }, ops: [] });
        expect(outcome.failure, runtime).toBeUndefined();
      }
    }, 60_000);
  }
});
