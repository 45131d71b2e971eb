import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { heads, listFiles } from './helpers/case-files.js';
import { runCli } from './helpers/run-cli.js';

/*
 * Releases made by `helm install|upgrade` command lines of scripts, Makefiles and CI pipelines
 * (fixtures/sources/helm-scripts/): the library reads each case as one batch; the CLI batches by directory and
 * joins a script with its `-f` files (deploy/script-releases.ts scriptSetFileLinksIn), so it says the same.
 */
const ROOT = '../../fixtures/sources/helm-scripts/';
const CASES = ['sh-values-files-set-tag', 'makefile-recipe', 'github-actions-run', 'missing-values-file', 'values-equals-form', 'other-chart', 'two-scripts-one-values-file'];

describe('script releases in other directories (the CLI)', () => {
  for (const name of CASES) {
    it(`${name}: the CLI says what the library says`, async () => {
      const dir = fileURLToPath(new URL(`${ROOT}${name}/`, import.meta.url));
      const expected = heads(readFileSync(join(dir, 'expected-findings.txt'), 'utf8').split('\n'));
      const input = join(dir, 'input');
      const files = Object.fromEntries(listFiles(input).map((f) => [`case/${f}`, readFileSync(join(input, f), 'utf8')]));
      const r = await runCli(['case', '--runtime', 'containerd', '--check'], { files, real: true });
      expect(expected.length).toBeGreaterThan(0);
      expect(heads(r.stderr.split('\n'), 'case/')).toEqual(expected);
    });
  }
});
