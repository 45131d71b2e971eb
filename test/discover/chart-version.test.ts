import { parseDocument, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFleetReleases, readHelmfileReleases, readReleaseValues } from '../../src/discover/releases.js';

/** The chart versions the releases of one YAML document pin (ChartRelease.chartVersion), by chart. */
function pinned(yaml: string, read: (root: YAMLMap) => ReturnType<typeof readReleaseValues> = (root) => readReleaseValues(root, 0, [], 'x.yaml')): (string | undefined)[] {
  const { charts, sets } = read(parseDocument(yaml).contents as YAMLMap);
  // Every value set of a release carries the release's version too.
  for (const s of sets) expect(s.release.chartVersion).toBe(charts.find((c) => c.release.id === s.release.id)?.release.chartVersion);
  return charts.map((c) => c.release.chartVersion);
}

describe('ChartRelease.chartVersion (the chart version a release pins, as written)', () => {
  it('reads Argo CD targetRevision of a chart: source, not of a path: one (a git ref)', () => {
    const app = (source: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n${source}    helm:\n      valuesObject: {a: 1}\n`;
    expect(pinned(app('    repoURL: https://fluent.github.io/helm-charts\n    chart: fluent-bit\n    targetRevision: 0.20\n'))).toEqual(['0.20']);
    expect(pinned(app('    repoURL: https://github.com/fluent/helm-charts\n    path: charts/fluent-bit\n    targetRevision: v0.20.0\n'))).toEqual([undefined]);
  });

  it('reads Flux spec.chart.spec.version of a HelmRepository chart, not of a GitRepository one', () => {
    const release = (kind: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n  chart:\n    spec:\n      chart: fluent-bit\n      version: '>=0.15 <0.21'\n      sourceRef:\n        kind: ${kind}\n        name: fluent\n  values: {a: 1}\n`;
    expect(pinned(release('HelmRepository'))).toEqual(['>=0.15 <0.21']);
    expect(pinned(release('GitRepository'))).toEqual([undefined]);
  });

  it('reads kustomize helmCharts, Crossplane, Fleet and helmfile versions', () => {
    expect(pinned('helmCharts:\n  - name: fluent-bit\n    repo: https://fluent.github.io/helm-charts\n    version: 0.15.15\n    valuesInline: {a: 1}\n')).toEqual(['0.15.15']);
    expect(pinned('apiVersion: helm.crossplane.io/v1beta1\nkind: Release\nspec:\n  forProvider:\n    chart:\n      name: fluent-bit\n      repository: https://fluent.github.io/helm-charts\n      version: 0.16.0\n    values: {a: 1}\n')).toEqual(['0.16.0']);
    expect(pinned('helm:\n  chart: fluent-bit\n  repo: https://fluent.github.io/helm-charts\n  version: ~0.19.0\n  values: {a: 1}\n', (root) => readFleetReleases(root, 0, 'fleet.yaml'))).toEqual(['~0.19.0']);
    expect(pinned('releases:\n  - name: fb\n    chart: fluent/fluent-bit\n    version: 0.20.0\n  - name: fc\n    chart: fluent/fluent-bit\n', (root) => readHelmfileReleases(root, 0, 'helmfile.yaml'))).toEqual(['0.20.0', undefined]);
  });
});
