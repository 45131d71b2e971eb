import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import transform, { CodemodFileError } from '../../src/codemod.js';

const fixture = (p: string) => readFileSync(new URL(`../../fixtures/cli/tree/${p}`, import.meta.url), 'utf8');

describe('codemod transform with the real migrate()', () => {
  it('returns the migrated ConfigMap', () => {
    const source = fixture('logging/fluent-bit-configmap.yaml');
    const out = transform({ path: 'cm.yaml', source }, {}, { runtime: 'containerd' });
    expect(out).toBe(source.replace('Parser            docker', 'multiline.parser  docker, cri'));
  });

  it('returns undefined for a file with nothing to migrate', () => {
    expect(transform({ path: 'svc.yaml', source: 'apiVersion: v1\nkind: Service\n' }, {}, {})).toBeUndefined();
  });

  it.each([
    ['binary', 'x.yaml', '\u0000\u0001\u0002PNG', 'BINARY_FILE'],
    ['broken yaml', 'x.yaml', 'a: [\n', 'YAML_SYNTAX'],
  ])('throws a CodemodFileError naming the problem for %s input', (_name, path, source, code) => {
    expect(() => transform({ path, source }, undefined, {})).toThrow(CodemodFileError);
    expect(() => transform({ path, source }, undefined, {})).toThrow(new RegExp(`^${path}: not migrated \\(an error\\): ${path}:\\d+:\\d+: ${code} `));
  });

  it('never edits a Helm template: undefined, and a template holding a Fluent Bit config is reported as a warning (was an error)', () => {
    const reports: string[] = [];
    const api = { report: (m: string) => reports.push(m) };
    expect(transform({ path: 'chart.yaml', source: 'data:\n  {{- include "x" . }}\n' }, api, {})).toBeUndefined();
    expect(reports).toEqual([]);
    const source = 'data:\n  {{- include "x" . }}\n  fluent-bit.conf: |\n    [INPUT]\n        Parser docker\n';
    expect(transform({ path: 'chart.yaml', source }, api, {})).toBeUndefined();
    expect(reports).toEqual([expect.stringMatching(/^chart\.yaml:5:9: warning TEMPLATE_SYNTAX Helm\/Go template holding a Fluent Bit config and Docker-era settings \(Parser docker at line 5\)/)]);
  });

  it('returns undefined for an empty file (info only)', () => {
    expect(transform({ path: 'x.conf', source: '' }, undefined, {})).toBeUndefined();
  });
});

describe('codemod: files that are not UTF-8 (as jscodeshift reads them, decoded as UTF-8)', () => {
  const asJscodeshiftReads = (bytes: Buffer) => bytes.toString('utf8');
  it.each([
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[INPUT]\n    Name tail\n', 'utf16le')]), 'file looks like UTF-16LE (with a byte-order mark) read as UTF-8'],
    ['UTF-16BE without BOM', Buffer.from('[INPUT]\n    Name tail\n', 'utf16le').swap16(), 'file looks like UTF-16BE read as UTF-8'],
    ['Latin-1', Buffer.from('[INPUT]\n    # caf\u00e9\n    Name tail\n', 'latin1'), 'file is not valid UTF-8 (it looks like Latin-1 / Windows-1252 text)'],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x01]), 'file looks binary'],
  ])('%s: the error names the encoding', (_name, bytes, message) => {
    expect(() => transform({ path: 'fluent-bit.conf', source: asJscodeshiftReads(bytes) }, undefined, {})).toThrow(message);
  });
});

describe('codemod: a Flux HelmRelease whose chart depends on a source in another file', () => {
  const tree = (p: string) => readFileSync(new URL(`../../fixtures/codemod/flux-tree/${p}`, import.meta.url), 'utf8');
  const grafana = { kind: 'HelmRepository', name: 'grafana', namespace: 'flux-system', url: 'https://grafana.github.io/helm-charts' };
  const run = (source: string, options: Record<string, unknown>) => {
    const reports: string[] = [];
    const out = transform({ path: 'apps/fluent-bit.yaml', source }, { report: (m: string) => reports.push(m) }, { runtime: 'containerd', ...options });
    return { out, reports };
  };

  it('warns at the sourceRef name and says what to do when the file and fluxSources lack the repository', () => {
    const { reports } = run(tree('apps/fluent-bit.yaml'), {});
    expect(reports.filter((r) => r.includes('FLUX_SOURCE_NOT_IN_FILE'))).toEqual([
      expect.stringMatching(/^apps\/fluent-bit\.yaml:14:15: warning FLUX_SOURCE_NOT_IN_FILE Flux HelmRelease fluent-bit takes its chart from HelmRepository flux-system\/grafana, which is not in this file .*run flb-migrate over the repository .*--fluxSources='\[\{"kind":"HelmRepository","name":"grafana","namespace":"flux-system","url":"\.\.\."\}\]'$/),
    ]);
  });

  it.each([
    ['an array', [grafana]],
    ['a JSON string', JSON.stringify([grafana])],
  ])('fluxSources as %s links the release like the CLI: grafana\'s chart, no FLUX_SOURCE_NOT_IN_FILE', (_name, fluxSources) => {
    const { reports } = run(tree('apps/fluent-bit.yaml'), { fluxSources });
    expect(reports.some((r) => r.includes('FLUX_SOURCE_NOT_IN_FILE'))).toBe(false);
    expect(reports).toContainEqual(expect.stringMatching(/^apps\/fluent-bit\.yaml:11:14: warning tail-parser this release installs grafana's fluent-bit chart/));
  });

  it('says nothing when the file holds the repository, for a chart the repository does not decide, or for a GitRepository', () => {
    const release = tree('apps/fluent-bit.yaml');
    expect(run(`${tree('sources/grafana.yaml')}---\n${release}`, {}).reports.some((r) => r.includes('FLUX_SOURCE_NOT_IN_FILE'))).toBe(false);
    expect(run(release.replace('chart: fluent-bit', 'chart: fluent-operator'), {}).reports.some((r) => r.includes('FLUX_SOURCE_NOT_IN_FILE'))).toBe(false);
    expect(run(release.replace('kind: HelmRepository', 'kind: GitRepository'), {}).reports.some((r) => r.includes('FLUX_SOURCE_NOT_IN_FILE'))).toBe(false);
  });

  it('an OCIRepository chartRef elsewhere is named too (its URL names the chart)', () => {
    const source = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: fb\n  namespace: logging\nspec:\n  chartRef:\n    kind: OCIRepository\n    name: fluent-bit\n  values: {}\n';
    expect(run(source, {}).reports).toEqual([expect.stringMatching(/^apps\/fluent-bit\.yaml:9:11: warning FLUX_SOURCE_NOT_IN_FILE Flux HelmRelease fb takes its chart from OCIRepository logging\/fluent-bit, .*its chart is named by that repository's URL/)]);
  });

  it('a malformed fluxSources fails loudly', () => {
    expect(() => run(tree('apps/fluent-bit.yaml'), { fluxSources: '[{"kind":"HelmRepository"}]' })).toThrow(TypeError);
    expect(() => run(tree('apps/fluent-bit.yaml'), { fluxSources: 'sources.yaml' })).toThrow(TypeError);
  });
});
