import { describe, expect, it } from 'vitest';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST_EXTENSIONS } from '../../src/cli/collect-inputs.js';
import type { JsonReport } from '../../src/cli/json-report.js';
import { findDockerSignals, findFluentBitConfig } from '../../src/discover/docker-signals.js';
import { hasMarker } from '../../src/discover/prefilter.js';
import { migrate } from '../../src/migrate/migrate.js';
import { walkFiles } from '../helpers/corpus.js';
import { corpusInputs } from './helpers/corpus-inputs.js';
import { runCli } from './helpers/run-cli.js';
import { validateReport } from './helpers/schemas.js';
import { yieldToEventLoop } from '../helpers/yield.js';

/*
 * The prefilter (src/discover/prefilter.ts) is safe: a file it lets the CLI
 * skip could not have produced a finding or a change. Shown by running the
 * whole pipeline over the corpus and every fixture with and without it, and
 * each unmarked file alone.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const walkable = (rel: string): boolean => MANIFEST_EXTENSIONS.some((ext) => rel.toLowerCase().endsWith(ext));
const fixtureInputs = (): Array<{ path: string; text: string }> =>
  walkFiles(join(ROOT, 'fixtures'), walkable).map((f) => ({ path: `fixtures/${f.rel}`, text: f.text }));

/**
 * What a file without a marker may still report when it is read: that it is
 * not a Fluent Bit file we would migrate (a broken or templated YAML file, a
 * config of another tool, binary data, chart values in a string we cannot
 * read). With the prefilter such a file is skipped silently and counted.
 */
const UNRELATED_FILE_CODES = new Set(['YAML_SYNTAX', 'TEMPLATE_SYNTAX', 'NOT_FLUENT_BIT', 'BINARY_FILE', 'EMPTY_FILE']);

const trees = [
  ['corpus', corpusInputs],
  ['fixtures', fixtureInputs],
] as const;

describe('prefilter', () => {
  it.each(trees)('%s: every unmarked file, migrated alone, yields no finding, no change and only unrelated-file diagnostics', (_, inputs) => {
    let unmarked = 0;
    for (const file of inputs()) {
      if (hasMarker(file.text)) continue;
      unmarked++;
      for (const runtime of ['containerd', 'cri-o'] as const) {
        for (const r of migrate([file], { runtime }).files) {
          expect(r.changed, r.path).toBe(false);
          expect(r.findings.map((f) => f.ruleId), r.path).toEqual([]);
          expect(r.diagnostics.map((d) => d.code).filter((c) => !UNRELATED_FILE_CODES.has(c)), r.path).toEqual([]);
        }
      }
    }
    expect(unmarked).toBeGreaterThan(0);
  });

  it.each(trees)('%s: the CLI with and without the prefilter gives the same record for every file read, and the skipped ones had nothing to say', async (_, inputs) => {
    const files = Object.fromEntries(inputs().map((f) => [f.path, f.text]));
    for (const mode of [['--check'], ['--write']]) {
      const argv = ['.', '--runtime', 'containerd', '--format', 'json', ...mode];
      await yieldToEventLoop();
      const on = await runCli(argv, { files, real: true, prefilter: true });
      await yieldToEventLoop();
      const off = await runCli(argv, { files, real: true, prefilter: false });
      const withFilter = JSON.parse(on.stdout) as JsonReport;
      const without = JSON.parse(off.stdout) as JsonReport;
      expect(validateReport(withFilter)).toBe(true);
      const read = new Map(withFilter.files.map((f) => [f.path, f]));
      let skipped = 0;
      for (const record of without.files) {
        const kept = read.get(record.path);
        if (kept !== undefined) {
          expect(kept, record.path).toEqual(record);
          continue;
        }
        skipped++;
        expect(record.changed, record.path).toBe(false);
        expect(record.findings.filter((f) => !/^[A-Z_]+$/.test(f.ruleId)), record.path).toEqual([]);
        expect([...record.findings.map((f) => f.ruleId), ...record.errors.map((e) => e.code)].filter((c) => !UNRELATED_FILE_CODES.has(c)), record.path).toEqual([]);
      }
      expect(withFilter.files.length + skipped).toBe(without.files.length);
      expect(withFilter.summary.skipped).toBe(skipped);
      expect(without.summary.skipped).toBe(0);
      // Every corpus directory holds a Fluent Bit file; the fixtures have directories without any.
      if (_ === 'fixtures') expect(skipped).toBeGreaterThan(0);
      // Only what skipped files alone would have said differs in the totals.
      expect({ ...withFilter.summary, skipped: 0, files: 0, warnings: 0, errors: 0 }).toEqual({ ...without.summary, files: 0, warnings: 0, errors: 0 });
      // --write wrote the same files.
      for (const path of Object.keys(files)) expect(on.io.read(path), path).toBe(off.io.read(path));
      // A skipped file is in a directory where no file has a marker.
      const dirs = new Map<string, boolean>();
      for (const [path, text] of Object.entries(files)) dirs.set(posix.dirname(path), (dirs.get(posix.dirname(path)) ?? false) || hasMarker(text));
      for (const record of without.files) if (!read.has(record.path)) expect(dirs.get(posix.dirname(record.path)), record.path).toBe(false);
    }
  }, 120_000);

  it('decides per directory: an unmarked DaemonSet next to the config it runs is migrated; an unmarked directory is skipped whole', async () => {
    const files = Object.fromEntries(fixtureInputs().filter((f) => f.path.startsWith('fixtures/prefilter/')).map((f) => [f.path, f.text]));
    const daemonSet = 'fixtures/prefilter/tied-by-a-sibling/daemonset.yaml';
    expect(hasMarker(files[daemonSet] ?? '')).toBe(false);
    const r = await runCli(['fixtures/prefilter', '--runtime', 'containerd'], { files, real: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${daemonSet}:18:13: change pod-logs-mount `);
    expect(r.stderr).not.toContain('fixtures/prefilter/unrelated/');
    const unrelated = Object.keys(files).filter((p) => p.startsWith('fixtures/prefilter/unrelated/'));
    expect(r.stderr).toMatch(new RegExp(`, ${unrelated.length} files skipped \\(no Fluent Bit or Docker marker\\)\n$`));
    // Without the prefilter the unrelated files are read: the broken one is a YAML_SYNTAX error (exit 2), nothing else is said.
    const off = await runCli(['fixtures/prefilter', '--runtime', 'containerd'], { files, real: true, prefilter: false });
    expect(off.code).toBe(2);
    expect(off.stderr).toContain('fixtures/prefilter/unrelated/broken.yaml:6:1: error YAML_SYNTAX ');
  });

  it('every Docker-era signal and every Fluent Bit config the safety net and templates look for is a marker', () => {
    for (const file of [...corpusInputs(), ...fixtureInputs()]) {
      if (findDockerSignals(file.text).length > 0 || findFluentBitConfig(file.text) >= 0) expect(hasMarker(file.text), file.path).toBe(true);
    }
    for (const text of [
      'path: /var/lib/docker/containers',
      'path: /data/docker/containers',
      'parser: docker',
      'PARSER=docker',
      'Docker_Mode On',
      'dockerModeFlushSeconds: 4',
      'mountPath: /var/run/docker.sock',
      'unit: docker.service',
      'path: /var/log/app-json.log',
      'x: "[INPUT]\\n    Name tail"',
      'fluent-bit.conf: |\n    [INPTU]\n        Name tail',
      '@INCLUDE a.conf',
      '@set a=b',
      'pipeline:\n  inputs: []',
      'parsers:\n  - name: x',
      'includes:\n  - a.yaml',
      'apiVersion: logging.kubesphere.io/v1alpha2',
      'apiVersion: fluentbit.fluent.io/v1alpha2',
      'image: fluent/fluent-bit:1.9',
      'image: amazon/aws-for-fluent-bit:2.31.12',
      'image: td-agent-bit:1.2',
      'containerRuntime: containerd\noperator: {}',
      'daemonSetVolumes: []',
      'config:\n  inputs: ""',
      '{"config": {"outputs": ""}}',
      // a helm command line of a Fluent Bit chart in any CI pipeline shell-helm.ts reads (its chart reference names fluent)
      'steps:\n- script: helm upgrade fb fluent/fluent-bit -f values.yaml\n',
      'jobs:\n  d:\n    steps:\n      - run:\n          command: helm upgrade fb oci://ghcr.io/fluent/helm-charts/fluent-bit -f v.yaml\n',
      'pipelines:\n  default:\n    - step:\n        script:\n          - helm upgrade fb fluent-bit --repo https://fluent.github.io/helm-charts -f v.yaml\n',
      'helm upgrade fb eks/aws-for-fluent-bit -f v.yaml',
      'input:\n  tail:\n    memBufLimit: 5MB\nbackend:\n  type: es',
      'input: {}\ncloudWatch:\n  enabled: true',
      // base64 hides every other marker: the safety net decodes these
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: agent\ndata:\n  agent.conf: ${btoa('[INPUT]\n    Name tail\n    Parser docker\n')}\n`,
      '{"kind": "Secret", "data": {}}',
      `kind: ConfigMap\nbinaryData:\n  x: ${btoa('Docker_Mode On')}\n`,
    ]) {
      expect(hasMarker(text), text).toBe(true);
    }
  });

  it('an application manifest, a kustomization, an Ingress or another chart\'s values has no marker', () => {
    for (const text of [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: docker.io/library/nginx:1.25\n',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\nimages:\n  - name: nginx\n    newTag: "1.26"\nconfigMapGenerator:\n  - name: app\n    files:\n      - app.properties\n',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nspec:\n  rules:\n    - http:\n        paths:\n          - backend:\n              service:\n                name: web\n',
      'replicaCount: 2\nservice:\n  type: ClusterIP\nresources: {}\n',
    ]) {
      expect(hasMarker(text), text).toBe(false);
    }
  });
});
