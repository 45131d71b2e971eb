import { describe, expect, it } from 'vitest';
import { corpusInputs } from './helpers/corpus-inputs.js';
import { runCli } from './helpers/run-cli.js';

/*
 * The corpus holds many projects side by side (corpus/<project>/...), as a monorepo of setups or a GitOps repo of
 * clusters does. A deployment is decided inside its project: no finding or error of a file names a file of
 * another project (another project's DaemonSet as the runner of a config, its ConfigMap as a copy, its setup as
 * the reason a conversion was refused). --to-yaml, one batch for the whole tree, is where this broke.
 */

const MODES = [
  ['--runtime', 'containerd'],
  ['--runtime', 'cri-o'],
  ['--to-yaml'],
  ['--runtime', 'containerd', '--to-yaml'],
];

interface Record {
  readonly path: string;
  readonly [key: string]: unknown;
}

describe('corpus: every decision stays inside its project', () => {
  const files = Object.fromEntries(corpusInputs().map((f) => [f.path, f.text]));
  it.each(MODES.map((m) => [m.join(' '), m] as const))('%s', async (_, mode) => {
    const r = await runCli(['corpus', ...mode, '--format', 'json'], { files, real: true });
    const report = JSON.parse(r.stdout) as { files: Record[] };
    const crossed: string[] = [];
    let named = 0;
    for (const f of report.files) {
      const project = f.path.split('/')[1];
      for (const value of Object.values(f)) {
        if (!Array.isArray(value)) continue;
        for (const item of value as { message?: unknown }[]) {
          if (typeof item?.message !== 'string') continue;
          for (const m of item.message.matchAll(/corpus\/([^/\s]+)\//g)) {
            named++;
            if (m[1] !== project) crossed.push(`${f.path}: ${item.message}`);
          }
        }
      }
    }
    expect(crossed).toEqual([]);
    // The check reads something: findings name files of their own project.
    expect(named).toBeGreaterThan(10);
  });
});
