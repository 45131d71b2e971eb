import { describe, expect, it } from 'vitest';
import { checkEditedObjects, checkObject } from './k8s-schema.js';

/** The validation helper must actually catch problems, or the golden checks prove nothing. */
describe('k8s-schema helper', () => {
  const ds = (volumes: unknown, mounts: unknown): unknown => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fb' },
    spec: {
      selector: { matchLabels: { app: 'fb' } },
      template: { metadata: { labels: { app: 'fb' } }, spec: { containers: [{ name: 'fb', image: 'fluent/fluent-bit:2.2', volumeMounts: mounts }], volumes } },
    },
  });

  it('accepts a valid DaemonSet', () => {
    expect(checkObject(ds([{ name: 'varlog', hostPath: { path: '/var/log' } }], [{ name: 'varlog', mountPath: '/var/log' }]))).toEqual([]);
  });

  it('reports schema errors', () => {
    expect(checkObject(ds([{ name: 'varlog', hostPath: { path: 42 } }], [{ name: 'varlog', mountPath: '/var/log' }])).join('\n')).toMatch(/schema/);
  });

  it('reports a mount without a volume', () => {
    expect(checkObject(ds([], [{ name: 'gone', mountPath: '/x' }])).join('\n')).toMatch(/mounts gone/);
  });

  it('skips kinds it does not map', () => {
    expect(checkObject({ apiVersion: 'fluentbit.fluent.io/v1alpha2', kind: 'ClusterInput', spec: { tail: 1 } })).toEqual([]);
  });

  it('checks only objects the edit changed', () => {
    const bad = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: 3\n';
    const good = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n';
    expect(checkEditedObjects(`${bad}---\n${good}`, `${bad}---\n${good.replace('"1"', '"2"')}`)).toEqual([]);
    expect(checkEditedObjects(`${good}---\n${bad}`, `${good}---\n${bad.replace('name: p', 'name: q')}`).length).toBeGreaterThan(0);
  });
});
