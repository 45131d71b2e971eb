import { isMap, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { patchPodOps, readKustomization } from '../../src/discover/kustomization.js';
import { envFileValues } from '../../src/deploy/objects.js';
import { kustomizeBuild } from '../../src/discover/kustomize-build.js';

/*
 * What kustomize39 reads of a kustomization: JSON 6902 ops on a pod spec (RFC 6902 pointers, `~1` for `/`), a
 * generator's literals (kustomize api/kv/kv.go parseLiteralSource + removeQuotes) and env files (keyValuesFromLine),
 * and Components in a build's chain (between the kustomization's resources and itself).
 */

const target = { kind: 'DaemonSet', name: 'fb' };
/** A strategic-merge patch of DaemonSet fb whose container fluent-bit mounts /var/log, then `rest` (its further mounts, other lists). */
const fluentBitMounts = (rest: string) =>
  patchPodOps(parseDocument(`kind: DaemonSet\nmetadata: {name: fb}\nspec:\n  template:\n    spec:\n      containers:\n        - name: fluent-bit\n          volumeMounts:\n            - {name: logs, mountPath: /var/log}\n${rest}`).contents, undefined);
const ops = (text: string) => patchPodOps(parseDocument(text).contents, target);

describe('patchPodOps', () => {
  it('reads a strategic-merge patch\'s $patch: delete of volumes (by name) and mounts (by mountPath, container by name) (kustomize42b)', () => {
    const out = patchPodOps(parseDocument(`
kind: DaemonSet
metadata: {name: fb}
spec:
  template:
    spec:
      containers:
        - name: fluent-bit
          volumeMounts:
            - {mountPath: /var/log, $patch: delete}
            - {name: cache, mountPath: /cache}
        - volumeMounts: [{mountPath: /x, $patch: delete}]
      initContainers:
        - name: init
          volumeMounts: [{mountPath: /var/log/pods, $patch: delete}]
      volumes:
        - {name: varlog, $patch: delete}
        - {name: nokey, $patch: replace}
`).contents, undefined);
    // (The merged `/cache` entry is a `merge` op of its own since kustomize43: the deletes are compared here.)
    expect(out.filter((o) => o.op === 'delete').map((o) => [o.op, o.at.join('|'), o.key, o.container, o.alongside, o.path])).toEqual([
      ['delete', 'volumes', 'varlog', undefined, ['nokey'], 'spec.template.spec.volumes[name=varlog]'],
      ['delete', 'containers|volumeMounts', '/var/log', 'fluent-bit', ['/cache'], 'spec.template.spec.containers[name=fluent-bit].volumeMounts[mountPath=/var/log]'],
      ['delete', 'initContainers|volumeMounts', '/var/log/pods', 'init', undefined, 'spec.template.spec.initContainers[name=init].volumeMounts[mountPath=/var/log/pods]'],
    ]);
    // A container without its merge key is not resolved: its deletes are not read.
    expect(out.every((o) => o.select.name === 'fb')).toBe(true);
  });

  it('reads a list-level $patch: replace or delete of volumes and mounts (kyaml: the first $patch element, alone) as the list the build holds (kustomize43)', () => {
    const out = fluentBitMounts(`
            - $patch: replace
        - name: other
          volumeMounts: [{$patch: delete}]
        - name: element
          volumeMounts: [{$patch: replace, mountPath: /x}, {$patch: replace}]
      volumes:
        - {$patch: replace}
        - {name: logs, hostPath: {path: /var/log}}
`);
    expect(out.map((o) => [o.op, o.replaceList, o.at.join('|'), o.container, o.value, o.path, o.node?.range?.[0] !== undefined])).toEqual([
      ['merge', 'replace', 'volumes', undefined, [{ name: 'logs', hostPath: { path: '/var/log' } }], 'spec.template.spec.volumes', true],
      ['merge', 'replace', 'containers|volumeMounts', 'fluent-bit', [{ name: 'logs', mountPath: '/var/log' }], 'spec.template.spec.containers[name=fluent-bit].volumeMounts', true],
      ['merge', 'delete', 'containers|volumeMounts', 'other', [], 'spec.template.spec.containers[name=other].volumeMounts', true],
    ]);
    // Entries merged by their merge key (no list directive): one merge op per list, its entries with the key.
    const merged = fluentBitMounts(`
            - {name: nokey}
            - {mountPath: /gone, $patch: delete}
      volumes: [{name: logs, hostPath: {path: /var/log}}]
`);
    expect(merged.map((o) => [o.op, o.replaceList, o.at.join('|'), o.container, o.value, o.key])).toEqual([
      ['merge', undefined, 'volumes', undefined, [{ name: 'logs', hostPath: { path: '/var/log' } }], undefined],
      ['merge', undefined, 'containers|volumeMounts', 'fluent-bit', [{ name: 'logs', mountPath: '/var/log' }], undefined],
      ['delete', undefined, 'containers|volumeMounts', 'fluent-bit', undefined, '/gone'],
    ]);
    // A whole list removed or replaced by JSON 6902 carries its op's node (said there); an entry's op does not.
    const json = ops('- {op: remove, path: /spec/template/spec/containers/0/volumeMounts}\n- {op: replace, path: /spec/template/spec/volumes, value: []}\n- {op: remove, path: /spec/template/spec/volumes/0}');
    expect(json.map((o) => o.node !== undefined)).toEqual([true, true, false]);
  });

  it('marks a test after an op it does not read that may change the pins (kustomize41): not judged', () => {
    const out = ops(`
- {op: test, path: /spec/template/spec/nodeSelector/a, value: x}
- {op: add, path: /spec/template/spec/tolerations/-, value: {operator: Exists}}
- {op: test, path: /spec/template/spec/nodeSelector/b, value: x}
- {op: copy, from: /metadata/annotations/pool, path: /spec/template/spec/nodeSelector/pool}
- {op: test, path: /spec/template/spec/nodeSelector/pool, value: x}
`);
    expect(out.map((o) => [o.op, o.at.join('|'), o.unjudged === true])).toEqual([
      ['test', 'nodeSelector|a', false],
      ['test', 'nodeSelector|b', false],
      ['test', 'nodeSelector|pool', true],
    ]);
    // A copy from the object's own labels is read (fromLabel, `~1` unescaped), unless an op before it changed the labels.
    const labels = ops(`
- {op: copy, from: /metadata/labels/example.com~1pool, path: /spec/template/spec/nodeSelector/pool}
- {op: test, path: /spec/template/spec/nodeSelector/pool, value: x}
- {op: add, path: /metadata/labels/pool, value: y}
- {op: move, from: /metadata/labels/pool, path: /spec/template/spec/nodeSelector/other}
- {op: test, path: /spec/template/spec/nodeSelector/other, value: y}
`);
    expect(labels.map((o) => [o.op, o.fromLabel, o.unjudged === true])).toEqual([
      ['copy', 'example.com/pool', false],
      ['test', undefined, false],
      ['test', undefined, true],
    ]);
    const replaced = ops(`
- {op: replace, path: /spec/template, value: {spec: {}}}
- {op: test, path: /spec/template/spec/affinity/nodeAffinity, value: {}}
`);
    expect(replaced.map((o) => o.unjudged === true)).toEqual([true]);
    const cron = ops(`
- {op: move, from: /spec/jobTemplate/spec/template/spec/nodeSelector, path: /metadata/annotations/pins}
- {op: test, path: /spec/jobTemplate/spec/template/spec/nodeSelector, value: {}}
`);
    expect(cron.map((o) => o.unjudged === true)).toEqual([true]);
  });

  it('keeps node pins, volumes and mounts by index; unescapes ~1 and ~0; marks a CronJob path', () => {
    const out = ops(`
- {op: add, path: /spec/template/spec/nodeSelector/node.kubernetes.io~1container-runtime, value: docker}
- {op: remove, path: /spec/template/spec/affinity}
- {op: remove, path: /spec/template/spec/containers/0/volumeMounts/2}
- {op: replace, path: /spec/jobTemplate/spec/template/spec/volumes/3/hostPath/path, value: /x}
- {op: replace, path: /spec/template/spec/containers/0/image, value: fb:1}
- {op: add, path: /spec/template/spec/tolerations/-, value: {operator: Exists}}
- {op: test, path: /spec/template/spec/nodeSelector, value: {}}
- {op: move, from: /a, path: /spec/template/spec/nodeSelector}
`);
    expect(out.map((o) => [o.op, o.at.join('|'), o.jobTemplate === true])).toEqual([
      ['add', 'nodeSelector|node.kubernetes.io/container-runtime', false],
      ['remove', 'affinity', false],
      ['remove', 'containers|0|volumeMounts|2', false],
      ['replace', 'volumes|3|hostPath|path', true],
      ['test', 'nodeSelector', false],
    ]);
    // kustomize40: `move`/`copy` keep their `from` when it is in the same pod spec; a whole container is kept.
    const moved = ops(`
- {op: move, from: /spec/template/spec/volumes/1, path: /spec/template/spec/volumes/0}
- {op: copy, from: /spec/template/spec/affinity, path: /spec/jobTemplate/spec/template/spec/affinity}
- {op: add, path: /spec/template/spec/containers/-, value: {name: tail, volumeMounts: [{name: docker}]}}
`);
    expect(moved.map((o) => [o.op, o.at.join('|'), o.from?.join('|')])).toEqual([
      ['move', 'volumes|0', 'volumes|1'],
      ['add', 'containers|-', undefined],
    ]);
    expect(moved[1]!.value).toEqual({ name: 'tail', volumeMounts: [{ name: 'docker' }] });
    expect(out[0]!.value).toBe('docker');
    expect(ops('- {op: add, path: /spec/template/spec/nodeSelector/a~0b, value: x}')[0]!.at).toEqual(['nodeSelector', 'a~b']);
  });

  it('needs a target and a list of ops', () => {
    expect(patchPodOps(parseDocument('- {op: remove, path: /spec/template/spec/nodeSelector}').contents, undefined)).toEqual([]);
    expect(ops('kind: DaemonSet\nmetadata: {name: fb}')).toEqual([]);
  });
});

describe('strategic-merge patches that take a pin away (kustomize40)', () => {
  const smp = (spec: string, select: typeof target | undefined = target) => patchPodOps(parseDocument(`kind: DaemonSet\nmetadata: {name: own}\nspec:\n${spec}`).contents, select);
  it('reads nodeSelector/affinity holding a null or a $patch directive as a merge op; a plain set is no op', () => {
    expect(smp('  template:\n    spec:\n      nodeSelector: null').map((o) => [o.op, o.at.join('|'), o.value, o.path])).toEqual([['merge', 'nodeSelector', null, '/spec/template/spec/nodeSelector']]);
    expect(smp('  template:\n    spec:\n      nodeSelector: {container-runtime: null, pool: a}')[0]!.value).toEqual({ 'container-runtime': null, pool: 'a' });
    expect(smp('  template:\n    spec:\n      affinity: {nodeAffinity: {$patch: delete}}')[0]!.at).toEqual(['affinity']);
    expect(smp('  template:\n    spec:\n      nodeSelector: {pool: a}')).toEqual([]);
    expect(smp('  template:\n    spec:\n      nodeSelector: {$retainKeys: [pool], pool: a}')).toEqual([]);
    expect(smp('  jobTemplate:\n    spec:\n      template:\n        spec:\n          nodeSelector: null')[0]!.jobTemplate).toBe(true);
  });
  it('selects by the entry target, else by the object kind and name', () => {
    expect(smp('  template:\n    spec:\n      nodeSelector: null')[0]!.select).toEqual(target);
    expect(patchPodOps(parseDocument('kind: DaemonSet\nmetadata: {name: own}\nspec:\n  template:\n    spec:\n      nodeSelector: null').contents, undefined)[0]!.select).toEqual({ kind: 'DaemonSet', name: 'own' });
  });
});

describe('generator literals and env files', () => {
  it('splits literals at the first = and removes matching surrounding quotes only', () => {
    const doc = parseDocument(`configMapGenerator:\n  - name: env\n    literals: ['A=x=y', 'B="q"', "C='q", 'D=', '=bad', 'nobad']\n    envs: [a.env]\n    env: b.env\n`);
    const k = readKustomization(doc.contents as never, 0);
    const g = k.generators[0]!;
    expect(g.literals?.map((l) => [l.key, l.value])).toEqual([['A', 'x=y'], ['B', 'q'], ['C', "'q"], ['D', '']]);
    expect(g.envs).toEqual(['a.env', 'b.env']);
  });

  it('reads env file lines as kustomize does: leading space, comments, no =, quotes kept, CRLF', () => {
    const text = '\uFEFFA=1\r\n  # c\n\n B=two \nC\nD="x"\nE=a=b';
    const out = envFileValues('f.env', text);
    expect(out.map((v) => [v.key, v.value])).toEqual([['A', '1'], ['B', 'two '], ['C', ''], ['D', '"x"'], ['E', 'a=b']]);
    // Each value's scalar sits at the value in the file.
    for (const v of out) expect(text.slice(v.node.range![0], v.node.range![1])).toBe(v.value);
  });
});

describe('Components in a build', () => {
  it('puts an overlay\'s Components between its resources and itself; an unlisted one builds nothing', () => {
    const k = (text: string) => {
      const obj = parseDocument(text).contents;
      if (!isMap(obj)) throw new Error('not a map');
      return readKustomization(obj, 0);
    };
    const build = kustomizeBuild([
      { path: 'base/kustomization.yaml', info: k('resources: [ds.yaml]') },
      { path: 'comp/kustomization.yaml', info: k('apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [extra.yaml]') },
      { path: 'unused/kustomization.yaml', info: k('apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [other.yaml]') },
      { path: 'prod/kustomization.yaml', info: k('resources: [../base]\ncomponents: [../comp, ../remote//x?ref=v1]') },
    ]);
    const chains = build.chains('base/ds.yaml').map((c) => c.map((x) => x.path));
    expect(chains).toHaveLength(2);
    expect(chains).toContainEqual(['base/kustomization.yaml', 'comp/kustomization.yaml', 'prod/kustomization.yaml']);
    expect(build.chains('comp/extra.yaml').map((c) => c.map((x) => x.path))).toContainEqual(['comp/kustomization.yaml', 'prod/kustomization.yaml']);
    expect([...build.reach(build.at('prod/kustomization.yaml')!)]).toContain('comp/kustomization.yaml');
    expect([...build.reach(build.at('prod/kustomization.yaml')!)]).not.toContain('unused/kustomization.yaml');
  });
});
