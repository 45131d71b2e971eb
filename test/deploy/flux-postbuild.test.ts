import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { resolveGitOpsPath } from '../../src/discover/deployed-paths.js';
import { fluxFills, fluxPostBuildLinksIn, fluxPostBuilds, fluxReferences, mayHoldSubstituteFrom, postBuildOf, substituteText, withFluxVolumes } from '../../src/deploy/flux-postbuild.js';
import { indexBatch } from '../../src/deploy/build-deployment.js';

/* Flux post-build substitution as kustomize-controller runs it (fluxcd/pkg envsubst), deploy/flux-postbuild.ts. */

const KUSTOMIZATION = (path: string, postBuild: string): string =>
  ['apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata: {name: logging, namespace: flux-system}', `spec:\n  path: ${path}`, postBuild, ''].join('\n');

describe('substituteText', () => {
  const build = { values: new Map([['V', '1.7.9'], ['EMPTY', '']]), unknownSources: [] as string[] };
  it('replaces the braced forms, a default when unset, and leaves $var and the $${var} escape', () => {
    expect(substituteText('a:${V} ${X:=d} ${X:-e} ${X=f} ${X-g} $V $${V}', build)?.text).toBe('a:1.7.9 d e f g $V ${V}');
  });
  it('an undefined variable becomes empty; := and :- also default an empty value, = and - do not', () => {
    expect(substituteText('[${NOPE}] [${EMPTY:=x}] [${EMPTY=x}]', build)?.text).toBe('[] [x] []');
  });
  it('an undefined variable a missing substituteFrom object may define leaves the result unknown', () => {
    expect(substituteText('${NOPE}', { values: new Map(), unknownSources: ['ConfigMap vars'] })).toBeUndefined();
    expect(substituteText('${NOPE:=1}', { values: new Map(), unknownSources: ['ConfigMap vars'] })?.text).toBe('1');
  });
  it('an unclosed default on every position is scanned in linear time', () => {
    const text = '${a-'.repeat(50_000);
    const t = Date.now();
    expect(fluxReferences(text)).toEqual([]);
    expect(Date.now() - t).toBeLessThan(1000);
  });
  it('fluxFills: the references Flux writes a known text for (a value, else a default); blanked, unknown and escaped ones are not', () => {
    const fills = fluxFills('${V} ${X:=d} ${X-e} ${EMPTY:-f} ${EMPTY} ${NOPE} $${V}', build);
    expect(fills.map((f) => [f.name, f.value, f.defined])).toEqual([['V', '1.7.9', true], ['X', 'd', false], ['X', 'e', false], ['EMPTY', 'f', false], ['EMPTY', '', true]]);
  });
  it('fluxReferences skips the escape', () => {
    expect(fluxReferences('$${A} ${B} ${C:=x}').map((r) => [r.name, r.fallback])).toEqual([['B', undefined], ['C', 'x']]);
  });
});

describe('fluxPostBuilds', () => {
  const files = (flux: string, more: Record<string, string> = {}) =>
    Object.entries({ 'clusters/prod/logging.yaml': flux, 'apps/logging/cm.yaml': 'kind: ConfigMap\n', ...more }).map(([path, text]) => discoverFile({ path, text }));
  it('resolves spec.path from the nearest ancestor that holds it; in-line values win over substituteFrom', () => {
    const vars = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: vars, namespace: flux-system}\ndata: {A: from-cm, B: b}\n';
    const builds = fluxPostBuilds(files(KUSTOMIZATION('./apps/logging', '  postBuild:\n    substitute: {A: inline}\n    substituteFrom:\n      - {kind: ConfigMap, name: vars}\n      - {kind: Secret, name: gone}'), { 'clusters/prod/vars.yaml': vars }));
    expect(builds).toHaveLength(1);
    expect(builds[0]?.dir).toBe('apps/logging');
    expect([...(builds[0]?.values ?? [])]).toEqual([['A', 'inline'], ['B', 'b']]);
    expect(builds[0]?.unknownSources).toEqual(['Secret gone']);
    // Where each value is written: the in-line one in the Kustomization, B in the ConfigMap's data.
    const at = (k: string) => { const w = builds[0]?.valueAt.get(k); return w && [w.path, w.text.slice(w.start, w.end)]; };
    expect([at('A'), at('B')]).toEqual([['clusters/prod/logging.yaml', 'inline'], ['clusters/prod/vars.yaml', 'b']]);
    expect(postBuildOf(builds, 'apps/logging/cm.yaml')?.name).toBe('logging');
    expect(postBuildOf(builds, 'apps/other/cm.yaml')).toBeUndefined();
  });
  it("deployed-paths' shape: two projects of one tree with the same layout, each Kustomization builds its own repository's path", () => {
    const flux = KUSTOMIZATION('./apps/logging', '  postBuild: {}');
    const list = Object.entries({ 'a/clusters/prod/logging.yaml': flux, 'a/apps/logging/cm.yaml': 'kind: ConfigMap\n', 'b/apps/logging/cm.yaml': 'kind: ConfigMap\n' }).map(([path, text]) => discoverFile({ path, text }));
    expect(fluxPostBuilds(list).map((b) => b.dir)).toEqual(['a/apps/logging']);
  });
  it('a Kustomization of another repository (a fleet checkout beside the apps one): the directory ending with its path, as deployed-paths reads an Application', () => {
    const flux = KUSTOMIZATION('./apps/logging', '  postBuild: {}');
    const list = Object.entries({ 'fleet/clusters/prod/logging.yaml': flux, 'apps-repo/apps/logging/cm.yaml': 'kind: ConfigMap\n' }).map(([path, text]) => discoverFile({ path, text }));
    expect(fluxPostBuilds(list).map((b) => b.dir)).toEqual(['apps-repo/apps/logging']);
    expect(fluxPostBuilds(files(KUSTOMIZATION('/apps/logging', '  postBuild: {}'))).map((b) => b.dir)).toEqual(['apps/logging']);
  });
  it('no postBuild: nothing is substituted; postBuild: {} substitutes (undefined variables become empty)', () => {
    expect(fluxPostBuilds(files(KUSTOMIZATION('./apps/logging', '  prune: true')))).toEqual([]);
    expect(fluxPostBuilds(files(KUSTOMIZATION('./apps/logging', '  postBuild: {}')))).toHaveLength(1);
  });
  it('a substituteFrom object of another deployment is not read (MigrateOptions.deployments)', () => {
    const vars = 'kind: ConfigMap\nmetadata: {name: vars}\ndata: {A: elsewhere}\n';
    const list = files(KUSTOMIZATION('./apps/logging', '  postBuild:\n    substituteFrom: [{kind: ConfigMap, name: vars}]'), { 'other/vars.yaml': vars });
    const deploymentOf = new Map([['clusters/prod', 0], ['apps/logging', 0], ['other', 1]]);
    expect(fluxPostBuilds(list, deploymentOf)[0]?.unknownSources).toEqual(['ConfigMap vars']);
    expect(fluxPostBuilds(list)[0]?.values.get('A')).toBe('elsewhere');
  });
});

describe('the CLI batching', () => {
  it('joins the Kustomization with the files under its path and says where its substituteFrom may sit', () => {
    const text = KUSTOMIZATION('./apps/logging', '  postBuild:\n    substituteFrom: [{kind: ConfigMap, name: vars}]');
    const links = fluxPostBuildLinksIn('repo/clusters/prod/logging.yaml', text, ['repo/clusters/prod/logging.yaml', 'repo/apps/logging/cm.yaml', 'repo/apps/other/x.yaml']);
    expect(links).toEqual([{ files: ['repo/clusters/prod/logging.yaml', 'repo/apps/logging/cm.yaml'], from: ['vars'], scope: 'repo' }]);
    expect(mayHoldSubstituteFrom('kind: ConfigMap\nmetadata:\n  name: vars\n', 'vars')).toBe(true);
    expect(mayHoldSubstituteFrom('kind: ConfigMap\nmetadata:\n  name: vars-2\n', 'vars')).toBe(false);
  });
  it('joins a Kustomization without patches or postBuild with a plain directory it builds, not with one a kustomization file builds (deployedPathLinksIn links that)', () => {
    const text = KUSTOMIZATION('./apps/logging', '');
    const plain = ['repo/clusters/prod/logging.yaml', 'repo/apps/logging/ds.yaml', 'repo/apps/other/x.yaml'];
    expect(fluxPostBuildLinksIn('repo/clusters/prod/logging.yaml', text, plain)).toEqual([{ files: ['repo/clusters/prod/logging.yaml', 'repo/apps/logging/ds.yaml'], from: [], scope: '' }]);
    expect(fluxPostBuildLinksIn('repo/clusters/prod/logging.yaml', text, [...plain, 'repo/apps/logging/kustomization.yaml'])).toEqual([]);
    expect(fluxPostBuildLinksIn('repo/x.yaml', 'kind: ConfigMap\n', plain)).toEqual([]);
  });
});

describe('resolveGitOpsPath (one resolution for Flux postBuild and deployed overlays)', () => {
  const dirs = new Set(['', 'a', 'a/apps', 'a/apps/logging', 'a/clusters', 'a/clusters/prod', 'a/clusters/prod/apps', 'a/clusters/prod/apps/logging', 'b', 'b/apps', 'b/apps/logging']);
  it('own roots nearest first; another repository only when no own root holds the path; the root path only among own roots', () => {
    expect(resolveGitOpsPath('a/clusters/prod/k.yaml', 'apps/logging', dirs)).toEqual({ own: ['a/clusters/prod/apps/logging', 'a/apps/logging'], others: [] });
    expect(resolveGitOpsPath('c/k.yaml', 'apps/logging', dirs)).toEqual({ own: [], others: ['a/apps/logging', 'a/clusters/prod/apps/logging', 'b/apps/logging'] });
    expect(resolveGitOpsPath('a/clusters/k.yaml', '', dirs)).toEqual({ own: ['a/clusters', 'a', ''], others: [] });
    expect(resolveGitOpsPath('c/k.yaml', '', new Set(['b']))).toEqual({ own: [], others: [] });
    // A file outside the batch's root does not take the batch's root as its own.
    expect(resolveGitOpsPath('../x/k.yaml', 'apps', new Set(['apps', 'b/apps']))).toEqual({ own: [], others: ['apps', 'b/apps'] });
  });
});

describe('withFluxVolumes', () => {
  const DS = [
    'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: fb}', 'spec:', '  template:', '    spec:', '      containers:', '        - name: fb',
    '          image: fluent/fluent-bit:2.2.2', '          volumeMounts:', '            - {name: logs, mountPath: "${DIR}", subPath: "${SUB:=x}"}', '            - {name: etc, mountPath: /etc/fb}',
    '      volumes:', '        - {name: logs, hostPath: {path: "${DIR}"}}', '        - {name: etc, configMap: {name: fb}}', '',
  ].join('\n');
  const HR = [
    'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata: {name: fb}', 'spec:', '  chart: {spec: {chart: fluent-bit}}', '  values:',
    '    daemonSetVolumes: [{name: logs, hostPath: {path: "${DIR}"}}]', '    daemonSetVolumeMounts: [{name: logs, mountPath: "${DIR}"}]', '',
  ].join('\n');
  const batch = (more: Record<string, string>) =>
    Object.entries({ 'clusters/prod/logging.yaml': KUSTOMIZATION('./apps/logging', '  postBuild:\n    substitute: {DIR: /var/log}'), ...more }).map(([path, text]) => discoverFile({ path, text }));
  it("fills a pod's hostPath, mountPath and subPath (a default too), and points the mount at the filled volume", () => {
    const list = batch({ 'apps/logging/ds.yaml': DS });
    const [pod] = withFluxVolumes(list, fluxPostBuilds(list))[1]!.podTemplates;
    const mount = pod!.containers[0]!.volumeMounts[0]!;
    expect([pod!.volumes[0]!.hostPath, mount.mountPath, mount.subPath, mount.volume?.hostPath]).toEqual(['/var/log', '/var/log', 'x', '/var/log']);
    expect(pod!.containers[0]!.volumeMounts[1]).toBe(list[1]!.podTemplates[0]!.containers[0]!.volumeMounts[1]);
  });
  it("fills a HelmRelease's chart volumes and mounts, not a plain values file's", () => {
    const list = batch({ 'apps/logging/hr.yaml': HR, 'apps/logging/values.yaml': HR.split('\n').slice(6).map((l) => l.slice(4)).join('\n') });
    const out = withFluxVolumes(list, fluxPostBuilds(list));
    expect(out[1]!.helmCharts[0]!.daemonSetVolumes[0]!.hostPath).toBe('/var/log');
    expect(out[1]!.helmCharts[0]!.daemonSetVolumeMounts[0]!.mountPath).toBe('/var/log');
    expect(out[2]).toBe(list[2]);
  });
  it('the batch index: fluxPostBuilds over the shared kustomize index says what it says alone', () => {
    const list = batch({ 'apps/logging/kustomization.yaml': 'resources: [../../base]\n', 'base/kustomization.yaml': 'resources: [ds.yaml]\n', 'base/ds.yaml': DS });
    expect(indexBatch(list, {}).postBuilds).toEqual(fluxPostBuilds(list));
    expect([...(fluxPostBuilds(list)[0]?.reached ?? [])]).toEqual(['base/kustomization.yaml', 'base/ds.yaml']);
  });
});
