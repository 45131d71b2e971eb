import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupInputs } from '../../src/cli/batches.js';
import { localChartLinksIn } from '../../src/migrate/umbrella-links.js';
import { heads, listFiles } from './helpers/case-files.js';
import { runCli } from './helpers/run-cli.js';

/*
 * Releases of a local umbrella chart (fixtures/sources/umbrella-chart/release-*): the release in `apps/` and the
 * chart in `charts/umbrella/` are two directories; the CLI puts them in one batch (localChartLinksIn), so it reports
 * what the library's expectation says. Given alone, the release says once that its chart is not among the inputs.
 */
const CASES = fileURLToPath(new URL('../../fixtures/sources/umbrella-chart/', import.meta.url));

function caseFiles(name: string): Record<string, string> {
  const input = join(CASES, name, 'input');
  return Object.fromEntries(listFiles(input).map((f) => [`case/${f}`, readFileSync(join(input, f), 'utf8')]));
}

describe('releases of a local umbrella chart (the CLI)', () => {
  for (const name of ['release-argo-application', 'release-flux-helmrelease', 'release-helmfile-values-file', 'release-disabled-by-condition', 'release-two-tags', 'release-flux-values-from', 'release-flux-values-from-disabled', 'release-helmfile-environments']) {
    it(`${name}: the release and the chart are one batch`, async () => {
      const expected = heads(readFileSync(join(CASES, name, 'expected-findings.txt'), 'utf8').split('\n'));
      const r = await runCli(['case', '--runtime', 'containerd', '--check'], { files: caseFiles(name), real: true });
      expect(heads(r.stderr.split('\n'), 'case/')).toEqual(expected);
      expect(r.stderr).not.toContain('LOCAL_CHART_NOT_FOUND');
    });
  }

  it('the release alone: its chart is not among the inputs, said once at its path', async () => {
    const files = Object.fromEntries(Object.entries(caseFiles('release-argo-application')).filter(([f]) => f.startsWith('case/apps/')));
    const r = await runCli(['case', '--runtime', 'containerd', '--check'], { files, real: true });
    expect(r.stderr.match(/LOCAL_CHART_NOT_FOUND/g)?.length).toBe(1);
    expect(r.stderr).toContain('case/apps/logging.yaml:14:11: info LOCAL_CHART_NOT_FOUND');
  });

  it('links a release file to the Chart.yaml of the directory it deploys, and groups their directories', async () => {
    const text = readFileSync(join(CASES, 'release-argo-application/input/apps/logging.yaml'), 'utf8');
    const inputs = ['apps/logging.yaml', 'charts/umbrella/Chart.yaml', 'charts/umbrella/values.yaml', 'other/Chart.yaml'];
    const linked = localChartLinksIn('apps/logging.yaml', text, inputs);
    expect(linked).toEqual(['apps/logging.yaml', 'charts/umbrella/Chart.yaml']);
    const groups = await groupInputs(inputs.map((path) => ({ kind: 'file' as const, path })), { cwd: '/w', includeLinks: [linked] });
    expect(groups.map((g) => g.map((i) => (i.kind === 'file' ? i.path : '-')))).toEqual([['apps/logging.yaml', 'charts/umbrella/Chart.yaml', 'charts/umbrella/values.yaml'], ['other/Chart.yaml']]);
    // A path source without `helm:` (a kustomize directory, plain manifests) links nothing.
    expect(localChartLinksIn('apps/logging.yaml', text.replace(/ {4}helm:[\s\S]*?(?=\n {2}destination)/, ''), inputs)).toEqual([]);
  });
});
