import { isMap, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isRemote, readKustomization } from '../../src/discover/kustomization.js';
import { kustomizeBuild, type KustomizationNode } from '../../src/discover/kustomize-build.js';

/*
 * One walk of what a kustomization's `resources:` build (src/discover/kustomize-build.ts): the files and
 * kustomizations one reaches (merge generators), and the chains that build a file (images:, patches). Paths are
 * joined as kustomize joins them (filepath.Join on the kustomization's directory); remote resources are skipped.
 */

const node = (path: string, yaml: string): KustomizationNode => {
  const obj = parseDocument(yaml).contents;
  if (!isMap(obj)) throw new Error(yaml);
  return { path, info: readKustomization(obj, 0) };
};
const list = (...resources: string[]): string => `resources:\n${resources.map((r) => `  - ${JSON.stringify(r)}\n`).join('')}`;

describe('kustomizeBuild', () => {
  it('joins ./, //, a trailing / and .. as kustomize does; a leading .. stays (the directory above, not ./)', () => {
    const base = node('base/kustomization.yaml', list('ds.yaml'));
    const top = node('kustomization.yaml', list('../base'));
    const overlay = node('overlays/prod/kustomization.yaml', list('./..//..//base/', 'extra//cm.yaml'));
    const build = kustomizeBuild([base, top, overlay]);
    expect([...build.reach(overlay)]).toEqual(['base/kustomization.yaml', 'overlays/prod/extra/cm.yaml', 'base/ds.yaml']);
    expect([...build.reach(top)]).toEqual(['../base']);
    expect(build.chains('base/ds.yaml')).toEqual([[base], [base, overlay]]);
    expect(build.chains('./base//ds.yaml')).toEqual([[base], [base, overlay]]);
    expect(build.chains('overlays/prod/extra/cm.yaml')).toEqual([[overlay]]);
  });

  it('skips remote resources: URLs with a scheme, git::, SCP style, github.com/', () => {
    const remote = ['https://github.com/acme/x//base?ref=v1', 'git::https://example.com/x.git', 'ssh://git@example.com/x', 'git@github.com:acme/x.git//base', 'github.com/acme/x/base?ref=v1', 'GitHub.com/acme/x', 'file:///srv/x'];
    for (const r of remote) expect(isRemote(r), r).toBe(true);
    // Without a scheme, kustomize refuses the URL and reads a local directory (repospec.go validateScheme).
    for (const r of ['base//x', 'gitlab.com/acme/x//base', 'x?ref=v1', '../base', '/abs/base']) expect(isRemote(r), r).toBe(false);
    // A local directory named like the URL is not what kustomize builds.
    const local = node('github.com/acme/x/base/kustomization.yaml', list('ds.yaml'));
    const overlay = node('kustomization.yaml', list(...remote));
    expect([...kustomizeBuild([local, overlay]).reach(overlay)]).toEqual([]);
  });

  it('an absolute resource stays absolute', () => {
    const overlay = node('/repo/overlay/kustomization.yaml', list('/repo/base/cm.yaml', '../base/ds.yaml'));
    expect([...kustomizeBuild([overlay]).reach(overlay)]).toEqual(['/repo/base/cm.yaml', '/repo/base/ds.yaml']);
  });

  it('indexes only kustomization files; a cycle ends; a chain stops at 16 kustomizations inside', () => {
    const other = node('other/fleet.yaml', list('cm.yaml'));
    const a = node('a/kustomization.yaml', list('../b', '../other'));
    const b = node('b/Kustomization', list('../a', 'ds.yaml'));
    const build = kustomizeBuild([other, a, b]);
    expect([...build.reach(a)].sort()).toEqual(['a/kustomization.yaml', 'b/Kustomization', 'b/ds.yaml', 'other']);
    expect(build.chains('b/ds.yaml')).toEqual([[b, a], [b]]);

    const deep = Array.from({ length: 20 }, (_, i) => node(`k${i}/kustomization.yaml`, list(`../k${i + 1}`, `f${i}.yaml`)));
    const chain = kustomizeBuild(deep);
    expect(chain.reach(deep[0]!).has('k16/f16.yaml')).toBe(true);
    expect(chain.reach(deep[0]!).has('k17/kustomization.yaml')).toBe(true);
    expect(chain.reach(deep[0]!).has('k17/f17.yaml')).toBe(false);
    expect(Math.max(...chain.chains('k16/f16.yaml').map((c) => c.length))).toBe(17);
    expect(chain.chains('k19/f19.yaml').every((c) => c.length <= 17)).toBe(true);
  });
});

describe('generatorChains and builtName: the names kustomize builds give', () => {
  it('a generator is renamed by its own kustomization, then by the Components and overlays over it, inner first', async () => {
    const { builtName, generatorBuildsOf } = await import('../../src/deploy/kustomize.js');
    const base = node('base/kustomization.yaml', 'namePrefix: b-\nnameSuffix: -s\nconfigMapGenerator:\n  - name: cm\n    files: [a.conf]\n');
    const comp = node('comp/kustomization.yaml', 'kind: Component\nnamePrefix: c-\n');
    const prod = node('prod/kustomization.yaml', `namePrefix: p-\nnamespace: logs\n${list('../base')}components:\n  - ../comp\n`);
    const dev = node('dev/kustomization.yaml', list('../base'));
    const build = kustomizeBuild([base, comp, prod, dev]);
    // prod's Component transforms prod's resources, the base's output among them (kusttarget.go accumulateComponents).
    expect(build.generatorChains(base)).toEqual([[base], [base, comp, prod], [base, dev]]);
    expect(build.generatorChains(comp)).toEqual([[comp], [comp, prod]]);
    const builds = generatorBuildsOf(build);
    expect(builds(base)).toEqual([[base, comp, prod], [base, dev]]);
    expect(builds(base).map((c) => builtName('b-cm-s', undefined, c.slice(1)))).toEqual([{ name: 'p-c-b-cm-s', namespace: 'logs' }, { name: 'b-cm-s', namespace: undefined }]);
    // A written object: every kustomization of the chain, the outer one's prefix first in the name, its namespace last.
    expect(builtName('cm', 'x', [base, comp, prod])).toEqual({ name: 'p-c-b-cm-s', namespace: 'logs' });
  });
});
