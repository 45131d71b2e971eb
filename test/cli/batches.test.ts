import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupInputs } from '../../src/cli/batches.js';
import type { Input } from '../../src/cli/collect-inputs.js';
import { kustomizationReferences } from '../../src/discover/kustomization.js';
import { findCases } from '../helpers/golden.js';
import { runCli } from './helpers/run-cli.js';

/*
 * The CLI hands the library one batch per set of linked directories
 * (src/cli/batches.ts). A deployment split over directories (a kustomize
 * overlay and its base, a configMapGenerator's files in conf/) must come out
 * of the CLI exactly as out of the library given every file at once.
 */

const file = (p: string): Input => ({ kind: 'file', path: p });
const texts: Record<string, string> = {
  'app/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nimages:\n  - name: fluent/fluent-bit\n    newTag: 2.2.0\n',
  'app/base/kustomization.yaml': 'resources:\n  - daemonset.yaml\nconfigMapGenerator:\n  - name: fb\n    files:\n      - fluent-bit.conf=conf/main.conf\n      - conf/parsers.conf\n',
  'remote/kustomization.yaml': 'resources:\n  - github.com/org/repo//deploy?ref=v1\n  - https://example.com/x.yaml\n  - ../other\n',
};
const options = { cwd: '/w', kustomizationReferences, readText: async (p: string) => texts[p] };
const paths = (groups: Input[][]) => groups.map((g) => g.map((i) => (i.kind === 'file' ? i.path : '-')));

describe('groupInputs', () => {
  it('joins an overlay, its base and the generator files in a sub-directory; leaves other directories alone', async () => {
    const inputs = [
      'app/base/conf/main.conf', 'app/base/conf/parsers.conf', 'app/base/daemonset.yaml', 'app/base/kustomization.yaml',
      'app/overlays/prod/kustomization.yaml', 'app/overlays/prod/patch.yaml', 'unrelated/cm.yaml', 'app/base/conf/unlisted/x.conf',
    ].map(file);
    expect(paths(await groupInputs(inputs, options))).toEqual([
      ['app/base/conf/main.conf', 'app/base/conf/parsers.conf', 'app/base/daemonset.yaml', 'app/base/kustomization.yaml', 'app/overlays/prod/kustomization.yaml', 'app/overlays/prod/patch.yaml'],
      ['unrelated/cm.yaml'],
      ['app/base/conf/unlisted/x.conf'],
    ]);
  });

  it('ignores remote references; a directory of the inputs is joined, a missing one is not', async () => {
    const inputs = ['remote/kustomization.yaml', 'other/cm.yaml', 'remote/deploy/x.yaml'].map(file);
    expect(paths(await groupInputs(inputs, options))).toEqual([['remote/kustomization.yaml', 'other/cm.yaml'], ['remote/deploy/x.yaml']]);
    expect(kustomizationReferences(texts['remote/kustomization.yaml'] as string)).toEqual(['../other']);
  });

  it('standard input is a batch of its own; --to-yaml makes one batch of the files', async () => {
    const inputs: Input[] = [file('a/x.yaml'), { kind: 'stdin' }, file('b/y.yaml')];
    expect(paths(await groupInputs(inputs, options))).toEqual([['a/x.yaml'], ['-'], ['b/y.yaml']]);
    expect(paths(await groupInputs(inputs, { ...options, oneBatch: true }))).toEqual([['a/x.yaml', 'b/y.yaml'], ['-']]);
  });

  it("joins a Helm chart and the subcharts in its charts/ directory; a charts/ directory without the parent's Chart.yaml stays apart", async () => {
    const inputs = ['top/Chart.yaml', 'top/values.yaml', 'top/charts/platform/Chart.yaml', 'top/charts/platform/values.yaml', 'lone/charts/x/Chart.yaml', 'lone/values.yaml'].map(file);
    expect(paths(await groupInputs(inputs, options))).toEqual([
      ['top/Chart.yaml', 'top/values.yaml', 'top/charts/platform/Chart.yaml', 'top/charts/platform/values.yaml'],
      ['lone/charts/x/Chart.yaml'],
      ['lone/values.yaml'],
    ]);
  });

  it('unparsable kustomization text links nothing', () => {
    expect(kustomizationReferences('resources: [a\n')).toEqual([]);
    expect(kustomizationReferences('- just\n- a list\n')).toEqual([]);
  });
});

/** Every file under `dir`, relative and '/'-separated. */
function listFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p).map((f) => `${n}/${f}`) : [n];
  });
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const FLAGS: Record<string, (v: unknown) => string[]> = {
  runtime: (v) => ['--runtime', String(v)],
  keepDockerMount: (v) => (v ? ['--keep-docker-mount'] : []),
  criOnly: (v) => (v ? ['--cri-only'] : []),
  podLogsDir: (v) => ['--pod-logs-dir', String(v)],
  fluentBitVersion: (v) => ['--fluent-bit-version', String(v)],
};

describe('golden cases spread over several directories: the CLI writes what the library expects', () => {
  const cases = findCases(FIXTURES).filter((c) => {
    if (c.id.startsWith('to-yaml/')) return false; // its own harness and layout (test/to-yaml); --to-yaml runs are one batch anyway
    const files = listFiles(join(c.dir, 'input'));
    return new Set(files.map((f) => f.split('/').slice(0, -1).join('/'))).size > 1 && existsSync(join(c.dir, 'expected.diff'));
  });
  it('there are such cases', () => expect(cases.length).toBeGreaterThanOrEqual(3));
  for (const c of cases) {
    const optionsFile = join(c.dir, 'options.json');
    const opts = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Record<string, unknown>) : { runtime: 'containerd' };
    const supported = Object.keys(opts).every((k) => k in FLAGS);
    it.runIf(supported)(c.id, async () => {
      const input = join(c.dir, 'input');
      const files = Object.fromEntries(listFiles(input).map((f) => [`case/${f}`, readFileSync(join(input, f), 'utf8')]));
      const argv = ['case', '--write', ...Object.entries(opts).flatMap(([k, v]) => FLAGS[k]?.(v) ?? [])];
      const r = await runCli(argv, { files, real: true });
      expect(r.stderr).not.toMatch(/internal error/);
      for (const f of listFiles(input)) {
        const expectedPath = join(c.dir, 'expected', f);
        const want = existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : readFileSync(join(input, f), 'utf8');
        expect(r.io.read(`case/${f}`), `${relative(FIXTURES, c.dir)}: ${f}`).toBe(want);
      }
    });
  }
});
