import { describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap } from 'yaml';
import { helmBoolean, readChartDependencies, umbrellaSubcharts, type BatchChart } from '../../src/discover/umbrella.js';
import { joinPath } from '../../src/deploy/paths.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import { linkUmbrellaCharts } from '../../src/migrate/umbrella-links.js';

/* Helm umbrella charts: which dependencies are on and where their values sit (helm pkg/chartutil/dependencies.go). */

const map = (text: string): YAMLMap => parseDocument(text).contents as YAMLMap;

function chart(path: string, deps: string, values?: string, valuesFile?: number, name?: string): BatchChart {
  const root = map(`name: ${name ?? path.split('/').slice(-2, -1)[0] ?? 'top'}\n${deps}`);
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  return { path, dir, name: name ?? String(root.get('name')), depsFile: 0, depsDoc: 0, dependencies: readChartDependencies(root), valuesFile, values: values === undefined ? undefined : map(values) };
}

const FB = 'repository: https://fluent.github.io/helm-charts';

describe('umbrella charts', () => {
  it('reads Helm booleans as goyaml.v2 does (YAML 1.1), never quoted strings', () => {
    expect(['true', 'yes', 'On', 'Y'].map((v) => helmBoolean(map(`a: ${v}`).get('a', true)))).toEqual([true, true, true, true]);
    expect(['false', 'no', 'OFF', 'n'].map((v) => helmBoolean(map(`a: ${v}`).get('a', true)))).toEqual([false, false, false, false]);
    expect(['"true"', "'no'", 'maybe', '1', '{}'].map((v) => helmBoolean(map(`a: ${v}`).get('a', true)))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('dependency items: name required, alias, tags, condition', () => {
    const deps = readChartDependencies(map(`dependencies:\n  - name: fluent-bit\n    alias: logs\n    tags: [a, b]\n    condition: logs.enabled\n  - alias: nameless\n  - name: x\n    alias: ""\n`));
    expect(deps.map((d) => [d.name, d.alias, d.tags, d.condition, d.index])).toEqual([['fluent-bit', 'logs', ['a', 'b'], 'logs.enabled', 0], ['x', undefined, [], undefined, 2]]);
  });

  it('values under the alias, else the name; other charts are not listed', () => {
    const top = chart('Chart.yaml', `dependencies:\n  - name: fluent-bit\n    ${FB}\n    alias: logs\n  - name: fluent-bit\n    ${FB}\n  - name: loki\n    repository: https://grafana.github.io/helm-charts\n`, 'logs: {}\n', 1);
    const { values, dependencies } = umbrellaSubcharts([top], joinPath);
    expect(values.get(1)?.map((u) => [u.path, u.kind, u.enabled])).toEqual([[['logs'], 'fluent-bit', true], [['fluent-bit'], 'fluent-bit', true]]);
    // `fluent-bit:` has no values: its defaults are said at the dependency item.
    expect(dependencies.get(0)?.map((d) => [d.index, d.enabled])).toEqual([[1, true]]);
  });

  it('conditions: the first path holding a boolean decides, over tags; none resolving leaves it on', () => {
    const deps = [
      ['a', 'condition: a.enabled,x.on'],
      ['b', 'condition: b.enabled,x.on'],
      ['c', 'condition: c.missing'],
      ['d', 'tags: [t]'],
      ['e', 'tags: [t, u]'],
      ['f', 'tags: [t]\n    condition: f.enabled'],
    ].map(([alias, rest]) => `  - name: fluent-bit\n    ${FB}\n    alias: ${alias}\n    ${rest}\n`).join('');
    const values = 'x: {on: false}\na: {enabled: true}\nb: {enabled: "yes"}\ntags: {t: false, u: true}\nf: {enabled: true}\n';
    const result = umbrellaSubcharts([chart('Chart.yaml', `dependencies:\n${deps}`, values, 1)], joinPath).values.get(1) ?? [];
    expect(result.map((u) => [u.path[0], u.enabled, u.why])).toEqual([
      ['a', true, 'condition a.enabled is true'],
      ['b', false, 'condition x.on is false'],
      ['c', true, 'no condition or tag turns it off'],
      ['d', false, 'tags.t is false'],
      ['e', true, 'no condition or tag turns it off'],
      ['f', true, 'condition f.enabled is true'],
    ]);
  });

  it('nested: an alias of an alias through charts/, conditions read at the full path, a disabled parent disables below', () => {
    const top = chart('Chart.yaml', 'dependencies:\n  - name: platform\n    alias: obs\n  - name: platform\n    alias: off\n    condition: off.enabled\n', 'off: {enabled: false}\nobs:\n  logs: {enabled: true}\n', 1, 'top');
    const sub = chart('charts/platform/Chart.yaml', `dependencies:\n  - name: fluent-bit\n    ${FB}\n    alias: logs\n    condition: logs.enabled\n`, 'logs: {enabled: false}\n', 3, 'platform');
    const { values } = umbrellaSubcharts([top, sub], joinPath);
    expect(values.get(1)?.map((u) => [u.path.join('.'), u.enabled, u.release.precedence])).toEqual([['obs.logs', true, 0], ['off.logs', false, 0]]);
    // The subchart's own values.yaml holds the same values under `logs`, lower in precedence; its own condition value loses to the top's.
    expect(values.get(3)?.map((u) => [u.path.join('.'), u.subchart.join('.'), u.enabled, u.release.precedence])).toEqual([['logs', 'obs.logs', true, -1], ['logs', 'off.logs', false, -1]]);
  });

  it('a `file://` dependency is a local chart; a chart pulled in is not a top of its own', () => {
    const top = chart('umbrella/Chart.yaml', 'dependencies:\n  - name: shared\n    repository: file://../shared\n', 'shared:\n  fb: {}\n', 1, 'umbrella');
    const shared = chart('shared/Chart.yaml', `dependencies:\n  - name: fluent-bit\n    ${FB}\n    alias: fb\n`, undefined, undefined, 'shared');
    const { values, dependencies } = umbrellaSubcharts([top, shared], joinPath);
    expect(values.get(1)?.map((u) => u.path.join('.'))).toEqual(['shared.fb']);
    expect(dependencies.size).toBe(0);
  });

  it("requirements.yaml's list replaces Chart.yaml's (Helm's loader reads it over the metadata); only values.yaml is the chart's values", () => {
    const files = [
      { path: 'c/Chart.yaml', text: `apiVersion: v2\nname: c\ndependencies:\n  - name: fluent-bit\n    ${FB}\n    alias: from-chart\n` },
      { path: 'c/requirements.yaml', text: `dependencies:\n  - name: fluent-bit\n    ${FB}\n    alias: from-requirements\n` },
      { path: 'c/values.yaml', text: 'from-requirements: {image: {tag: 1.7.9}}\n' },
      { path: 'c/values-prod.yaml', text: 'from-chart: {image: {tag: 1.7.9}}\n' },
    ];
    const linked = linkUmbrellaCharts(files, files.map((f) => discoverFile(f)), (f, h) => discoverFile(f, h));
    expect(linked.map((d) => d.hints?.umbrella?.map((u) => u.path.join('.')))).toEqual([undefined, undefined, ['from-requirements'], undefined]);
    expect(linked[2]?.helmCharts.map((h) => [h.subchart.join('.'), h.chartKind, h.image?.image])).toEqual([['from-requirements', 'fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:1.7.9']]);
  });
  it('a release of the chart: its values decide conditions and tags over the chart\'s; the chart\'s values.yaml serves the releases that turn it on', () => {
    const deps = `dependencies:\n  - name: fluent-bit\n    ${FB}\n    alias: logs\n    condition: logs.enabled\n    tags: [logging]\n`;
    const top = chart('charts/u/Chart.yaml', deps, 'logs: {enabled: true}\n', 1);
    const release = (id: string, values: string, files: { file: number; precedence: number }[] = []) => ({ chartDir: 'charts/u', id, label: id, values: [map(values)], files: files.map((f) => ({ ...f, root: undefined })) });
    const off = umbrellaSubcharts([top], joinPath, [release('off', 'logs: {enabled: false}\n')]);
    expect(off.releases.get('off')?.map((u) => [u.path, u.enabled, u.why, u.release.id])).toEqual([[['logs'], false, 'condition logs.enabled is false in off', 'off']]);
    // No release turns it on: the chart's values.yaml is not its values; the release says it (no info at the dependency item).
    expect(off.values.get(1)?.map((u) => u.enabled)).toEqual([false]);
    expect(off.dependencies.size).toBe(0);
    // A `--set`-like `no` over the chart's true, a tag off with the condition unresolved, and one on: on for the chart.
    const three = umbrellaSubcharts([chart('charts/u/Chart.yaml', deps, 'tags: {logging: true}\n', 1)], joinPath, [release('a', 'logs: {enabled: no}\n'), release('b', 'tags: {logging: false}\n', [{ file: 7, precedence: -1 }]), release('c', 'x: 1\n')]);
    expect(['a', 'b', 'c'].map((id) => three.releases.get(id)?.[0]?.enabled)).toEqual([false, false, true]);
    expect(three.values.get(1)?.map((u) => [u.enabled, u.release.id])).toEqual([[true, 'umbrella:charts/u/Chart.yaml']]);
    // A values file a release names holds its subchart too, at the file's precedence, under the release.
    expect(three.values.get(7)?.map((u) => [u.path, u.enabled, u.release.id, u.release.precedence])).toEqual([[['logs'], false, 'b', -1]]);
  });
});
