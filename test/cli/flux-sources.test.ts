import { execFile } from 'node:child_process';
import { CHILD_TIMEOUT_MS } from '../helpers/child-process.js';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { heads, listFiles } from './helpers/case-files.js';
import { runCli } from './helpers/run-cli.js';

/*
 * Flux HelmRepositories in another directory (fixtures/rules/tail-parser/flux-repository-in-another-directory):
 * the library reads the case as one batch; the CLI batches by directory and gives every batch the Flux sources of
 * every file (MigrateOptions.fluxSources), so it reports what the library's expectation says, also from its
 * worker threads.
 */
const CASE = fileURLToPath(new URL('../../fixtures/rules/tail-parser/flux-repository-in-another-directory/', import.meta.url));

const expected = heads(readFileSync(join(CASE, 'expected-findings.txt'), 'utf8').split('\n'));

describe('Flux sources of other directories (the CLI)', () => {
  it('each directory is a batch, and its HelmReleases find the repositories of the others', async () => {
    const input = join(CASE, 'input');
    const files = Object.fromEntries(listFiles(input).map((f) => [`case/${f}`, readFileSync(join(input, f), 'utf8')]));
    const r = await runCli(['case', '--runtime', 'containerd', '--check'], { files, real: true });
    expect(heads(r.stderr.split('\n'), 'case/')).toEqual(expected);
    expect(r.stderr).toContain("case/apps/monitoring/grafana-fluent-bit.yaml:31:14: warning tail-parser this release installs grafana's fluent-bit chart");
  });

  it('one file given alone has no other directory to look in: the values decide, as before', async () => {
    const text = readFileSync(join(CASE, 'input/apps/monitoring/grafana-fluent-bit.yaml'), 'utf8');
    const r = await runCli(['grafana-fluent-bit.yaml', '--runtime', 'containerd', '--check'], { files: { 'grafana-fluent-bit.yaml': text }, real: true });
    expect(r.stderr).not.toContain('tail-parser');
  });

  describe('with worker threads', () => {
    let dir: string;
    const COPIES = 40; // 2 batches with markers each: above the 64 from which threads start
    beforeAll(() => {
      expect(existsSync(BIN), `${BIN} is missing: run \`npm run build\` before the tests`).toBe(true);
      dir = mkdtempSync(join(tmpdir(), 'flb-migrate-flux-sources-'));
      for (let i = 0; i < COPIES; i++) cpSync(join(CASE, 'input'), join(dir, `copy-${String(i).padStart(2, '0')}`), { recursive: true });
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }), 120_000);

    it('every batch gets the sources, on threads as without', async () => {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
      delete env.FORCE_COLOR;
      delete env.GITHUB_STEP_SUMMARY;
      const run = (workers: number) => promisify(execFile)(process.execPath, [BIN, '.', '--runtime', 'containerd', '--check'], { cwd: dir, env: { ...env, FLB_MIGRATE_WORKERS: String(workers) }, maxBuffer: 64 * 1024 * 1024, timeout: CHILD_TIMEOUT_MS }).catch((e: { stdout: string; stderr: string }) => e);
      const [threads, single] = [await run(2), await run(1)];
      expect(threads.stderr).toBe(single.stderr);
      for (let i = 0; i < COPIES; i++) {
        const copy = `copy-${String(i).padStart(2, '0')}/`;
        expect(heads(threads.stderr.split('\n'), copy), copy).toEqual(expected);
      }
    }, 240_000);
  });
});

describe('fluxSourcesIn (what the CLI collects)', () => {
  it('HelmRepository, GitRepository and OCIRepository objects, in documents and Lists; nothing without the marker', async () => {
    const { fluxSourcesIn } = await import('../../src/discover/flux-sources.js');
    const text = readFileSync(fileURLToPath(new URL('../../fixtures/rules/tail-parser/flux-oci-and-git-sources/input/sources.yaml', import.meta.url)), 'utf8');
    expect(fluxSourcesIn(text).map((s) => `${s.kind} ${s.namespace}/${s.name}`)).toEqual([
      'GitRepository flux-system/grafana-charts', 'GitRepository flux-system/fluent-charts', 'OCIRepository flux-system/grafana-fluent-bit',
      'OCIRepository flux-system/fluent-bit', 'HelmRepository flux-system/fluent-oci', 'HelmRepository flux-system/grafana-charts',
    ]);
    expect(fluxSourcesIn(readFileSync(join(CASE, 'input/infrastructure/sources/charts.yaml'), 'utf8')).map((s) => s.name)).toEqual(['charts', 'charts', 'mirror']);
    expect(fluxSourcesIn(text.replaceAll('source.toolkit.fluxcd.io/', 'example.com/'))).toEqual([]);
    expect(fluxSourcesIn('kind: HelmRepository\napiVersion: source.toolkit.fluxcd.io/v1\nmetadata: {name: [\n')).toEqual([]);
  });

  it('HelmCharts (their chart, version and source) and OCIRepositories with their ref, as checkOptions accepts them', async () => {
    const { fluxSourcesIn } = await import('../../src/discover/flux-sources.js');
    const { checkOptions } = await import('../../src/migrate/options.js');
    const text = readFileSync(fileURLToPath(new URL('../../fixtures/rules/tail-parser/flux-helm-chart-and-bucket-sources/input/sources.yaml', import.meta.url)), 'utf8');
    const sources = fluxSourcesIn(text);
    // A Bucket tells no chart: not collected.
    expect(sources.map((s) => `${s.kind} ${s.name}`)).toEqual([
      'HelmRepository fluent', 'HelmRepository grafana', 'HelmRepository newrelic', 'GitRepository fluent-git',
      'HelmChart fluent-bit', 'HelmChart grafana-fluent-bit', 'HelmChart git-chart', 'HelmChart bucket-chart', 'HelmChart newrelic-logging', 'HelmChart newrelic-logging-latest',
    ]);
    expect(sources.find((s) => s.name === 'newrelic-logging')?.helmChart).toEqual({ chart: 'newrelic-logging', version: '1.16.1', sourceRef: { kind: 'HelmRepository', name: 'newrelic' } });
    expect(checkOptions({ runtime: 'containerd', fluxSources: sources })).toBeUndefined();
    const oci = fluxSourcesIn(readFileSync(fileURLToPath(new URL('../../fixtures/rules/unhandled-docker-setting/newrelic-logging-oci-ref/input/flux.yaml', import.meta.url)), 'utf8'));
    expect(oci.map((s) => s.ref)).toEqual([{ tag: '1.16.1' }, { tag: '1.18.1' }, { semver: '>=1.10.0 <2.0.0', tag: '1.16.1' }, { digest: expect.stringMatching(/^sha256:/), semver: '1.x' }, undefined, { tag: 'latest' }]);
    expect(checkOptions({ runtime: 'containerd', fluxSources: oci })).toBeUndefined();
  });
});
