import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import type { Discovery, EmbeddedConfig } from '../../src/discover/discovery-types.js';
import { createVfs } from '../../src/includes/vfs.js';
import { walkIncludes } from '../../src/includes/walk-includes.js';
import type { FileRef } from '../../src/model/config-model.js';
import { LineIndex } from '../../src/source/line-index.js';

const fixture = (name: string): Discovery =>
  discoverFile({ path: `${name}/input.yaml`, text: readFileSync(fileURLToPath(new URL(`../../fixtures/discover/${name}/input.yaml`, import.meta.url)), 'utf8') });

/** Stand-in for the classic parser: column-0 `@INCLUDE x` and `Parsers_File x` lines. */
const refs = (cfg: EmbeddedConfig): FileRef[] =>
  [...cfg.text.matchAll(/^(?:@INCLUDE |[ \t]+Parsers_File[ \t]+)(\S+)/gim)].map((m) => {
    const start = m.index + m[0].length - m[1]!.length;
    return { path: m[1]!, start, end: start + m[1]!.length };
  });

describe('vfs', () => {
  it('resolves sibling keys, mounts, globs, outside paths and cycles', () => {
    const d = fixture('include-mount');
    const vfs = createVfs([d]);
    const main = d.configs.find((c) => c.name === 'fluent-bit.conf')!;
    const r = (ref: string) => {
      const x = vfs.resolve(main, ref);
      return x.kind === 'found' ? `found ${x.configs.map((c) => c.name).join(',')}` : x.kind;
    };
    expect(r('input-kubernetes.conf')).toBe('found input-kubernetes.conf');
    expect(r('/fluent-bit/etc/parsers.conf')).toBe('found parsers.conf');
    expect(r('/fluent-bit/etc/output-*.conf')).toBe('found output-es.conf');
    expect(r('/fluent-bit/etc/missing.conf')).toBe('not-found');
    expect(r('/etc/other/thing.conf')).toBe('outside');
    const walk = walkIncludes(main, refs, vfs);
    expect(walk.configs.map((c) => c.name)).toEqual(['fluent-bit.conf', 'parsers.conf', 'input-kubernetes.conf', 'output-es.conf']);
    const index = new LineIndex(d.text);
    expect(walk.diagnostics.map((x) => `${x.path === d.path ? '' : x.path}${index.position(x.start).line}:${index.position(x.start).column} ${x.severity} ${x.code}`)).toEqual([
      '16:14 error INCLUDE_CYCLE',
      '11:14 info INCLUDE_NOT_FOUND',
      '12:14 info INCLUDE_NOT_FOUND',
    ]);
  });

  it('resolves subPath mounts file by file', () => {
    const d = fixture('subpath-mount');
    const vfs = createVfs([d]);
    const main = d.configs.find((c) => c.name === 'fluent-bit.conf')!;
    const p = vfs.resolve(main, '/fluent-bit/etc/parsers.conf');
    expect(p.kind === 'found' && p.config.name).toBe('my-parsers.conf');
    expect(vfs.resolve(main, '/fluent-bit/etc/inputs.conf').kind).toBe('outside');
  });

  it('assembles the Helm chart ConfigMap at /fluent-bit/etc/conf', () => {
    const d = fixture('helm-values');
    const vfs = createVfs([d]);
    const inputs = d.configs.find((c) => c.helmRole === 'inputs')!;
    const x = vfs.resolve(inputs, 'extra.conf');
    expect(x.kind === 'found' && x.config.yamlPath.join('/')).toBe('config/extraFiles/extra.conf');
    const c = vfs.resolve(inputs, '/fluent-bit/etc/conf/custom_parsers.conf');
    expect(c.kind === 'found' && c.config.helmRole).toBe('customParsers');
    const f = vfs.resolve(inputs, '/fluent-bit/etc/conf/fluent-bit.conf');
    expect(f.kind === 'found' && f.configs.map((k) => k.helmRole)).toEqual(['service', 'inputs']);
    expect(vfs.resolve(inputs, '/fluent-bit/etc/parsers.conf').kind).toBe('outside');
  });

  it('plain files resolve against the top-level file directory, with globs', () => {
    const mk = (path: string, text: string) => discoverFile({ path, text });
    const ds = [
      mk('conf/main.conf', '@INCLUDE sub/a.conf\n@INCLUDE in-*.conf\n'),
      mk('conf/sub/a.conf', '@INCLUDE b.conf\n'),
      mk('conf/b.conf', '[OUTPUT]\n    Name null\n'),
      mk('conf/sub/b.conf', '# wrong one\n'),
      mk('conf/in-1.conf', '[INPUT]\n    Name dummy\n'),
      mk('conf/in-2.conf', '[INPUT]\n    Name dummy\n'),
    ];
    const vfs = createVfs(ds);
    const main = ds[0]!.configs[0]!;
    const walk = walkIncludes(main, refs, vfs);
    expect(walk.configs.map((c) => c.path)).toEqual(['conf/main.conf', 'conf/sub/a.conf', 'conf/b.conf', 'conf/in-1.conf', 'conf/in-2.conf']);
    expect(walk.diagnostics).toEqual([]);
    expect(vfs.resolve(main, 'nope-*.conf')).toMatchObject({ kind: 'not-found', glob: true });
  });

  it("mounts a kustomize generator's files where the pods mount its ConfigMap", () => {
    const file = (path: string, text: string): Discovery => discoverFile({ path, text });
    const ds = [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata: {name: fb}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: fb',
      '          image: fluent/fluent-bit:3.1.9',
      '          volumeMounts: [{name: cfg, mountPath: /fluent-bit/etc/}, {name: one, mountPath: /etc/one.conf, subPath: parsers.conf}]',
      '      volumes: [{name: cfg, configMap: {name: fb-config}}, {name: one, configMap: {name: fb-config}}]',
      '',
    ].join('\n');
    const kustomization = ['resources: [ds.yaml]', 'configMapGenerator:', '  - name: fb-config', '    files: [fluent-bit.conf, sub/parsers.conf, in=inputs.conf]', '  - name: unmounted', '    files: [other.conf]', ''].join('\n');
    const main = file('k/fluent-bit.conf', '[SERVICE]\n    Parsers_File /fluent-bit/etc/parsers.conf\n@INCLUDE /fluent-bit/etc/in\n');
    const ds1 = file('k/ds.yaml', ds);
    const parsers = file('k/sub/parsers.conf', '[PARSER]\n    Name x\n    Format json\n');
    const inputs = file('k/inputs.conf', '[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n');
    const other = file('k/other.conf', '[INPUT]\n    Name dummy\n');
    const vfs = createVfs([file('k/kustomization.yaml', kustomization), ds1, main, parsers, inputs, other]);
    const top = main.configs[0]!;
    const r = (ref: string) => {
      const x = vfs.resolve(top, ref);
      return x.kind === 'found' ? `found ${x.configs.map((c) => c.path).join(',')}` : x.kind;
    };
    // Keys by base name, or by `key=path`; a subPath mount of one key; a file the generator does not list is not there.
    expect(r('/fluent-bit/etc/parsers.conf')).toBe('found k/sub/parsers.conf');
    expect(r('/fluent-bit/etc/in')).toBe('found k/inputs.conf');
    expect(r('/etc/one.conf')).toBe('found k/sub/parsers.conf');
    expect(r('/fluent-bit/etc/other.conf')).toBe('not-found');
    expect(r('/etc/elsewhere.conf')).toBe('outside');
  });
});

describe('vfs: a config sees the directory its container mounts it in', () => {
  const configMap = (kind: string, name: string, keys: Record<string, string>): string =>
    `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${kind === 'Secret' ? 'stringData' : 'data'}:\n${Object.entries(keys)
      .map(([k, v]) => `  ${k}: |\n${v.split('\n').map((l) => `    ${l}`).join('\n')}\n`)
      .join('')}`;
  const daemonSet = (name: string, mounts: string, volumes: string): string =>
    `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: fb\n          image: fluent/fluent-bit:2.2.2\n          volumeMounts:\n${mounts}\n      volumes:\n${volumes}\n`;
  const main = '[SERVICE]\n    Parsers_File parsers.conf\n[INPUT]\n    Name tail\n    Path /var/log/containers/*.log';
  const parsers = '[PARSER]\n    Name app\n    Format json';
  const resolveIn = (docs: string[], ref: string, owner = 'fb-config'): string => {
    const d = discoverFile({ path: 'all.yaml', text: docs.join('---\n') });
    const vfs = createVfs([d]);
    const cfg = d.configs.find((c) => c.name === 'fluent-bit.conf' && c.configMap !== undefined && d.configMaps.find((m) => m.docIndex === c.docIndex)?.name === owner)!;
    const x = vfs.resolve(cfg, ref);
    return x.kind === 'found' ? `found ${x.configs.map((c) => `${d.configMaps.find((m) => m.docIndex === c.docIndex)?.name}/${c.name}`).join(',')}` : x.kind;
  };
  const projected = (sources: string): string => `        - name: config\n          projected:\n            sources:\n${sources}`;
  const cm = (name: string, extra = ''): string => `              - configMap:\n                  name: ${name}\n${extra}`;
  const atEtc = '            - name: config\n              mountPath: /fluent-bit/etc/';

  it('finds a projected volume\'s other source beside the config, relative and absolute', () => {
    const docs = [configMap('ConfigMap', 'fb-config', { 'fluent-bit.conf': main }), configMap('ConfigMap', 'fb-parsers', { 'parsers.conf': parsers }), daemonSet('ds', atEtc, projected(cm('fb-config') + cm('fb-parsers')))];
    expect(resolveIn(docs, 'parsers.conf')).toBe('found fb-parsers/parsers.conf');
    expect(resolveIn(docs, '/fluent-bit/etc/parsers.conf')).toBe('found fb-parsers/parsers.conf');
    expect(resolveIn(docs, 'missing.conf')).toBe('not-found');
  });

  it('reads a projected source\'s items at their paths, and nothing else of it', () => {
    const items = '                  items:\n                    - key: parsers-v2.conf\n                      path: parsers.conf\n';
    const docs = [configMap('ConfigMap', 'fb-config', { 'fluent-bit.conf': main }), configMap('ConfigMap', 'fb-parsers', { 'parsers-v2.conf': parsers, 'other.conf': parsers }), daemonSet('ds', atEtc, projected(cm('fb-config') + cm('fb-parsers', items)))];
    expect(resolveIn(docs, 'parsers.conf')).toBe('found fb-parsers/parsers-v2.conf');
    expect(resolveIn(docs, '/fluent-bit/etc/parsers.conf')).toBe('found fb-parsers/parsers-v2.conf');
    expect(resolveIn(docs, 'other.conf')).toBe('not-found');
    expect(resolveIn(docs, '/fluent-bit/etc/other.conf')).toBe('not-found');
  });

  it('finds a subPath mount of another ConfigMap\'s key in the config\'s directory', () => {
    const mounts = '            - name: config\n              mountPath: /fluent-bit/etc/fluent-bit.conf\n              subPath: fluent-bit.conf\n            - name: parsers\n              mountPath: /fluent-bit/etc/parsers.conf\n              subPath: parsers.conf';
    const volumes = '        - name: config\n          configMap:\n            name: fb-config\n        - name: parsers\n          configMap:\n            name: fb-parsers';
    const docs = [configMap('ConfigMap', 'fb-config', { 'fluent-bit.conf': main }), configMap('ConfigMap', 'fb-parsers', { 'parsers.conf': parsers }), daemonSet('ds', mounts, volumes)];
    expect(resolveIn(docs, 'parsers.conf')).toBe('found fb-parsers/parsers.conf');
  });

  it('looks in the config\'s own container only, and tells a Secret from a ConfigMap of the same name', () => {
    const docs = [
      configMap('ConfigMap', 'fb-config', { 'fluent-bit.conf': main }),
      configMap('ConfigMap', 'parsers-a', { 'parsers.conf': parsers }),
      configMap('ConfigMap', 'fb-other', { 'fluent-bit.conf': main }),
      configMap('ConfigMap', 'parsers-b', { 'extra.conf': parsers }),
      // Another workload mounts its ConfigMaps at the same directory first: the config's relative reference is not its.
      daemonSet('other', atEtc, projected(cm('fb-other') + cm('parsers-b'))),
      daemonSet('ds', atEtc, projected(cm('fb-config') + '              - secret:\n                  name: parsers-a\n')),
    ];
    expect(resolveIn(docs, 'extra.conf')).toBe('not-found');
    // parsers-a is mounted as a Secret: the ConfigMap of that name is not in the directory.
    expect(resolveIn(docs, 'parsers.conf')).toBe('not-found');
  });
});
