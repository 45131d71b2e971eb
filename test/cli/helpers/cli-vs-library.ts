import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { heads, listFiles } from './case-files.js';
import { runCli } from './run-cli.js';

/**
 * A golden case run through the CLI (its `input/` under `case/`, `--runtime containerd --check`): the heads of the
 * library's findings (`expected-findings.txt`) and of the CLI's, which batches by directory and must say the same.
 */
export async function cliAndLibraryHeads(dir: string): Promise<{ expected: string[]; cli: string[] }> {
  const expected = heads(readFileSync(join(dir, 'expected-findings.txt'), 'utf8').split('\n'));
  const input = join(dir, 'input');
  const files = Object.fromEntries(listFiles(input).map((f) => [`case/${f}`, readFileSync(join(input, f), 'utf8')]));
  const r = await runCli(['case', '--runtime', 'containerd', '--check'], { files, real: true });
  return { expected, cli: heads(r.stderr.split('\n'), 'case/') };
}
