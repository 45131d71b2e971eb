import { describe, expect, it } from 'vitest';
import { migrate, migrateText } from '../../src/migrate/migrate.js';
import { checkOptions, resolveOptions, type MigrateOptions } from '../../src/migrate/options.js';

describe('options', () => {
  it('defaults: docker, cri; /var/log/pods; the Docker mount goes', () => {
    expect(resolveOptions({ runtime: 'cri-o' })).toEqual({ runtime: 'cri-o', criOnly: false, podLogsDir: '/var/log/pods', keepDockerMount: false });
  });

  it('podLogsDir loses trailing slashes; "" and "/" mean the default', () => {
    expect(resolveOptions({ runtime: 'containerd', podLogsDir: '/data/pods//' }).podLogsDir).toBe('/data/pods');
    expect(resolveOptions({ runtime: 'containerd', podLogsDir: '' }).podLogsDir).toBe('/var/log/pods');
    expect(resolveOptions({ runtime: 'containerd', podLogsDir: '////' }).podLogsDir).toBe('/var/log/pods');
  });

  it('options that bypassed the types are refused with a reason, before any work', () => {
    const bad = (o: unknown): string | undefined => checkOptions(o as MigrateOptions);
    expect(bad({ runtime: 'containerd' })).toBeUndefined();
    expect(bad({ runtime: 'docker' })).toBe("invalid runtime 'docker': expected one of containerd, cri-o, cri-dockerd");
    expect(bad({ runtime: 'containerd', podLogsDir: 'var/log/pods' })).toMatch(/podLogsDir must be an absolute path/);
    expect(bad({ toYaml: true })).toBeUndefined();
    expect(bad({ toYaml: true, runtime: 'cri-o' })).toBeUndefined();
    expect(bad({ toYaml: false })).toBe('runtime is required unless toYaml is true: one of containerd, cri-o, cri-dockerd');
    expect(bad({ toYaml: 1 })).toBe('toYaml must be a boolean when given, got number 1');
    expect(bad({ toYaml: true, runtime: 'docker' })).toBe("invalid runtime 'docker': expected one of containerd, cri-o, cri-dockerd");
    expect(() => migrate([], { runtime: 'Containerd' } as unknown as MigrateOptions)).toThrow(TypeError);
    expect(() => migrateText('[INPUT]\n    Name tail\n', { runtime: 'containerd', podLogsDir: 'pods' })).toThrow(/flb-migrate: migrateText\(text, options\): podLogsDir must/);
  });

  it('fluentBitVersion is X.Y or X.Y.Z, and decides where no workload tells', () => {
    const bad = (o: unknown): string | undefined => checkOptions(o as MigrateOptions);
    expect(bad({ runtime: 'containerd', fluentBitVersion: '1.9' })).toBeUndefined();
    expect(bad({ runtime: 'containerd', fluentBitVersion: 'v2.2.3' })).toBeUndefined();
    for (const v of ['latest', '2', 1.9, '1.9.3.4']) expect(bad({ runtime: 'containerd', fluentBitVersion: v }), String(v)).toMatch(/^fluentBitVersion must be a Fluent Bit version/);
    const text = '[INPUT]\n    Name   tail\n    Path   /var/log/containers/*.log\n    Parser docker\n';
    expect(migrateText(text, { runtime: 'containerd', path: 'f.conf', fluentBitVersion: '1.7' }).output).toContain('Parser cri-log');
    const assumed = migrateText(text, { runtime: 'containerd', path: 'f.conf' });
    expect(assumed.output).toContain('multiline.parser docker, cri');
    expect(assumed.findings.filter((f) => f.ruleId === 'fluent-bit-version').map((f) => f.messageId)).toEqual(['assumed']);
    expect(migrateText(text, { runtime: 'containerd', path: 'f.conf', fluentBitVersion: '2.0' }).findings.filter((f) => f.ruleId === 'fluent-bit-version')).toEqual([]);
  });

  it('fluxSources is an array of { kind: HelmRepository | GitRepository | OCIRepository, name, namespace?, url, ref? } or { kind: HelmChart, name, namespace?, helmChart }', () => {
    const bad = (o: unknown): string | undefined => checkOptions(o as MigrateOptions);
    const ok = { kind: 'HelmRepository', name: 'grafana', namespace: 'flux-system', url: 'https://grafana.github.io/helm-charts' };
    expect(bad({ runtime: 'containerd', fluxSources: [] })).toBeUndefined();
    expect(bad({ runtime: 'containerd', fluxSources: [ok, { kind: 'HelmRepository', name: 'fluent', url: 'https://fluent.github.io/helm-charts' }, { kind: 'OCIRepository', name: 'fb', url: 'oci://ghcr.io/fluent/helm-charts/fluent-bit' }] })).toBeUndefined();
    expect(bad({ runtime: 'containerd', fluxSources: ok })).toBe('fluxSources must be an array of { kind, name, namespace?, url } when given, got an object');
    expect(bad({ runtime: 'containerd', fluxSources: ['grafana'] })).toBe("fluxSources[0] must be an object { kind, name, namespace?, url }, got 'grafana'");
    expect(bad({ runtime: 'containerd', fluxSources: [ok, { ...ok, kind: 'ExternalArtifact' }] })).toBe("fluxSources[1] kind must be one of HelmRepository, GitRepository, OCIRepository, HelmChart, got 'ExternalArtifact'");
    // A HelmChart has no url: its spec names the chart and its source.
    const chart = { kind: 'HelmChart', name: 'fb', helmChart: { chart: 'fluent-bit', version: '0.47.x', sourceRef: { kind: 'HelmRepository', name: 'grafana' } } };
    expect(bad({ runtime: 'containerd', fluxSources: [chart] })).toBeUndefined();
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...chart, helmChart: undefined }] })).toBe('fluxSources[0] helmChart must be an object { chart, version?, sourceRef: { kind, name } }, got undefined');
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...chart, helmChart: { ...chart.helmChart, chart: '' } }] })).toBe("fluxSources[0] helmChart.chart must be a non-empty string, got ''");
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...chart, helmChart: { ...chart.helmChart, version: 1 } }] })).toBe('fluxSources[0] helmChart.version must be a string when given, got number 1');
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...chart, helmChart: { chart: 'fluent-bit' } }] })).toBe('fluxSources[0] helmChart must be an object { chart, version?, sourceRef: { kind, name } }, got sourceRef undefined');
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...chart, helmChart: { chart: 'fluent-bit', sourceRef: { kind: 'OCIRepository', name: 'x' } } }] })).toBe("fluxSources[0] helmChart.sourceRef.kind must be one of HelmRepository, GitRepository, Bucket, got 'OCIRepository'");
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...chart, helmChart: { chart: 'fluent-bit', sourceRef: { kind: 'Bucket' } } }] })).toBe('fluxSources[0] helmChart.sourceRef.name must be a non-empty string, got undefined');
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...ok, name: '' }] })).toBe("fluxSources[0] name must be a non-empty string, got ''");
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...ok, url: undefined }] })).toBe('fluxSources[0] url must be a non-empty string, got undefined');
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...ok, namespace: 3 }] })).toBe('fluxSources[0] namespace must be a non-empty string when given, got number 3');
    // An OCIRepository's spec.ref (its tag is the chart's version).
    expect(bad({ runtime: 'containerd', fluxSources: [{ kind: 'OCIRepository', name: 'nr', url: 'oci://r/newrelic-logging', ref: { tag: '1.16.1' } }] })).toBeUndefined();
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...ok, ref: '1.16.1' }] })).toBe("fluxSources[0] ref must be an object { tag?, semver?, digest? } when given, got '1.16.1'");
    expect(bad({ runtime: 'containerd', fluxSources: [{ ...ok, ref: { semver: 1 } }] })).toBe('fluxSources[0] ref.semver must be a non-empty string when given, got number 1');
  });

  it('existingFiles is an array of paths', () => {
    const bad = (o: unknown): string | undefined => checkOptions(o as MigrateOptions);
    expect(bad({ toYaml: true, existingFiles: ['conf/fluent-bit.yaml'] })).toBeUndefined();
    expect(bad({ toYaml: true, existingFiles: 'conf/fluent-bit.yaml' })).toBe("existingFiles must be an array of paths when given, got 'conf/fluent-bit.yaml'");
    expect(bad({ toYaml: true, existingFiles: [3] })).toBe('existingFiles must be an array of paths when given, got an array');
  });
});
