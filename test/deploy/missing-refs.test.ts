import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { buildDeployment } from '../../src/deploy/build-deployment.js';
import { missingRefDiagnostics } from '../../src/deploy/missing-refs.js';
import { parseDiscoveredConfigs } from '../../src/model/parse-configs.js';
import { migrate } from '../../src/migrate/migrate.js';
import { daemonSetOf } from '../helpers/manifests.js';

/*
 * INCLUDE_NOT_IN_MOUNT (deploy/missing-refs.ts): a reference whose target is
 * inside a directory mounted whole from a ConfigMap of the batch that lacks
 * it. The golden cases are fixtures/migrate/include-missing-in-mount.
 */

const cm = (keys: Record<string, string>): string =>
  [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: fb',
    'data:',
    ...Object.entries(keys).flatMap(([k, v]) => [`  ${k}: |`, ...v.split('\n').map((l) => (l === '' ? '' : `    ${l}`))]),
    '',
  ].join('\n');

const ds = daemonSetOf;

function misses(files: Record<string, string>): { code: string; text: string; message: string }[] {
  const discoveries = Object.entries(files).map(([path, text]) => discoverFile({ path, text }));
  const deployment = buildDeployment(discoveries, parseDiscoveredConfigs(discoveries), { fluentBitVersion: undefined });
  return missingRefDiagnostics(deployment).map((d) => ({ code: d.code, text: (files[d.path] as string).slice(d.start, d.end), message: d.message }));
}

describe('missingRefDiagnostics', () => {
  it('an @INCLUDE of a key the whole-directory ConfigMap lacks, at the reference', () => {
    const out = misses({ 'cm.yaml': cm({ 'fluent-bit.conf': '[SERVICE]\n    Flush 1\n@INCLUDE missing.conf\n' }), 'ds.yaml': ds() });
    expect(out).toEqual([{ code: 'INCLUDE_NOT_IN_MOUNT', text: 'missing.conf', message: expect.stringContaining("'missing.conf' is not a key of ConfigMap fb, which DaemonSet fluent-bit mounts over /fluent-bit/etc") }]);
    expect(out[0]?.message).toContain('a missing @INCLUDE is fatal');
  });

  it('nothing when the key is there, or the mount is a subPath (the image keeps its other files)', () => {
    const conf = '[SERVICE]\n    Flush 1\n@INCLUDE other.conf\n';
    expect(misses({ 'cm.yaml': cm({ 'fluent-bit.conf': conf, 'other.conf': '[FILTER]\n    Name grep\n    Match *\n' }), 'ds.yaml': ds() })).toEqual([]);
    expect(misses({ 'cm.yaml': cm({ 'fluent-bit.conf': conf }), 'ds.yaml': ds({ mount: '/fluent-bit/etc/fluent-bit.conf', subPath: 'fluent-bit.conf' }) })).toEqual([]);
  });

  it('nothing for a target outside every mount, or an absolute path into the image', () => {
    const conf = '[SERVICE]\n    Flush 1\n@INCLUDE /etc/extra/x.conf\n';
    expect(misses({ 'cm.yaml': cm({ 'fluent-bit.conf': conf }), 'ds.yaml': ds() })).toEqual([]);
  });

  it('the stock parsers.conf: hidden by a whole /fluent-bit/etc mount, visible under a deeper one', () => {
    const conf = '[SERVICE]\n    Parsers_File /fluent-bit/etc/parsers.conf\n';
    expect(misses({ 'cm.yaml': cm({ 'fluent-bit.conf': conf }), 'ds.yaml': ds() }).map((d) => d.text)).toEqual(['/fluent-bit/etc/parsers.conf']);
    expect(misses({ 'cm.yaml': cm({ 'fluent-bit.conf': conf }), 'ds.yaml': ds({ mount: '/fluent-bit/etc/conf', args: ['-c', '/fluent-bit/etc/conf/fluent-bit.conf'] }) })).toEqual([]);
  });

  it('a relative path found through the working directory is found (A.9)', () => {
    const conf = '[SERVICE]\n    Flush 1\n@INCLUDE plugins.conf\n';
    // -c in /fluent-bit/etc/conf (a whole mount without plugins.conf); --workdir /fluent-bit/etc holds the stock plugins.conf.
    expect(misses({ 'cm.yaml': cm({ 'fluent-bit.conf': conf }), 'ds.yaml': ds({ mount: '/fluent-bit/etc/conf', args: ['--workdir=/fluent-bit/etc', '-c', '/fluent-bit/etc/conf/fluent-bit.conf'] }) })).toEqual([]);
  });

  it('a glob with no matching key, and a YAML includes: item', () => {
    expect(misses({ 'cm.yaml': cm({ 'fluent-bit.conf': '[SERVICE]\n    Flush 1\n@INCLUDE in-*.conf\n' }), 'ds.yaml': ds() })).toEqual([
      { code: 'INCLUDE_NOT_IN_MOUNT', text: 'in-*.conf', message: expect.stringContaining('a glob with no match is fatal') },
    ]);
    const yaml = 'includes:\n  - gone.yaml\nservice:\n  flush: 1\n';
    expect(misses({ 'cm.yaml': cm({ 'fluent-bit.yaml': yaml }), 'ds.yaml': ds({ args: ['-c', '/fluent-bit/etc/fluent-bit.yaml'] }) })).toEqual([
      { code: 'INCLUDE_NOT_IN_MOUNT', text: 'gone.yaml', message: expect.stringContaining('a missing includes: file is fatal') },
    ]);
  });

  it('items that do not list the key hide it', () => {
    const out = misses({ 'cm.yaml': cm({ 'fluent-bit.conf': '[SERVICE]\n    Flush 1\n@INCLUDE kube.conf\n', 'kube.conf': '[FILTER]\n    Name grep\n    Match *\n' }), 'ds.yaml': ds({ items: ['fluent-bit.conf'] }) });
    expect(out.map((d) => d.message)).toEqual([expect.stringContaining("'kube.conf' is not among the items of ConfigMap fb")]);
  });
});

describe('migrate: the warning replaces the info at that reference', () => {
  it('one diagnostic per reference', () => {
    const files = [
      { path: 'cm.yaml', text: cm({ 'fluent-bit.conf': '[SERVICE]\n    Flush 1\n@INCLUDE missing.conf\n@INCLUDE in-*.conf\n' }) },
      { path: 'ds.yaml', text: ds() },
    ];
    const codes = migrate(files, { runtime: 'containerd' }).files.flatMap((f) => f.diagnostics.map((d) => `${d.code} ${d.line}`));
    expect(codes.filter((c) => c.startsWith('INCLUDE'))).toEqual(['INCLUDE_NOT_IN_MOUNT 9', 'INCLUDE_NOT_IN_MOUNT 10']);
  });

  it('without the DaemonSet it stays an info (the image may supply it)', () => {
    const files = [{ path: 'cm.yaml', text: cm({ 'fluent-bit.conf': '[SERVICE]\n    Flush 1\n@INCLUDE missing.conf\n' }) }];
    const codes = migrate(files, { runtime: 'containerd' }).files.flatMap((f) => f.diagnostics.map((d) => `${d.severity} ${d.code}`));
    expect(codes).toEqual(['info INCLUDE_NOT_FOUND']);
  });
});
