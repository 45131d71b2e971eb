import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { heads, listFiles } from './helpers/case-files.js';
import { runCli } from './helpers/run-cli.js';

/*
 * A script's `kubectl create configmap --from-file=../conf`, its config files and the DaemonSet mounting the
 * ConfigMap, each in its own directory (fixtures/sources/kubectl-configmap/separate-directories): the library reads
 * the case as one batch; the CLI batches by directory and joins the script with its files and with the manifests
 * naming the ConfigMap, so it says the same (the 1.7 DaemonSet's version, not "no workload runs this config"). The
 * same for a Secret (`kubectl create secret generic`) and for sources named through the script's own directory or
 * after a `cd` (src/discover/script-dirs.ts).
 */
describe('kubectl create configmap in another directory (the CLI)', () => {
  // separate-directories; a Secret (secretName, a projected source) made from a path under `$SCRIPT_DIR`; a `cd` to the files.
  it.each(['separate-directories', 'secret-generic', 'secret-projected-script-dir', 'script-dir-dirname', 'cd-in-script'])('%s: the CLI says what the library says', async (name) => {
    const dir = fileURLToPath(new URL(`../../fixtures/sources/kubectl-configmap/${name}/`, import.meta.url));
    const expected = heads(readFileSync(join(dir, 'expected-findings.txt'), 'utf8').split('\n'));
    const input = join(dir, 'input');
    const files = Object.fromEntries(listFiles(input).map((f) => [`case/${f}`, readFileSync(join(input, f), 'utf8')]));
    const r = await runCli(['case', '--runtime', 'containerd', '--check'], { files, real: true });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.join('\n')).toContain('legacy-parser');
    expect(heads(r.stderr.split('\n'), 'case/')).toEqual(expected);
  });
});
