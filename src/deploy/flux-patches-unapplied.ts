import { isMap, isScalar, isSeq, parseAllDocuments, type Scalar, type YAMLMap } from 'yaml';
import type { Discovery } from '../discover/discovery-types.js';
import type { Diagnostic } from '../source/diagnostic.js';
import { chartMayRunFluentBit } from '../discover/chart-kind.js';
import { isFluentBitImage } from '../discover/image-ref.js';
import { READ_KEYS } from '../discover/shell-helm.js';
import { buildPath, type KustomizationNode, type KustomizeBuild } from '../discover/kustomize-build.js';
import { getMap, getSeq, getString } from '../yaml/yaml-nodes.js';
import { dirname, joinPath, normalizePath } from './paths.js';
import { BUILD_MERGED_KEYS, eachFluxBuild, literalSelector, mayPatchReleaseInKustomization, releaseBuildsOf, strategicPodPatches } from './flux-postbuild.js';
import { selects } from './kustomize-select.js';
import { labelsOf } from '../discover/operator-inputs.js';

/**
 * Patches of a Flux tree that change what a Fluent Bit deployment runs in a way the deployment model does not apply
 * (FLUX_PATCH_NOT_APPLIED, said at the patch): a Flux Kustomization's `spec.patches` setting or removing chart values
 * other than the image (`config.*`, `daemonSetVolumes`...: the rules judged the release's own values), or a
 * strategic-merge patch of a Fluent Bit pod's `volumes` or `volumeMounts` (its `nodeSelector` and `affinity`, and JSON
 * 6902 ops on all four, are applied: kustomization.ts patchPodOps); and a plain kustomize overlay's patches of a HelmRelease's
 * values (`patches`, `patchesJson6902`, `patchesStrategicMerge`; its image is applied, as a Flux patch's). Only a patch whose target the batch holds and the Kustomization builds.
 */

/** One thing a patch does that is not applied: what it says (`sets \`config.inputs\``) and the text to point at in the patch. */
interface Unapplied {
  readonly what: string;
  readonly needle: string;
}

interface TargetRelease {
  readonly path: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: ReadonlyMap<string, string>;
}

/** The pod spec keys of a strategic-merge patch the model does not apply (its nodeSelector and affinity are: kustomization.ts mergePinOps). */
const POD_KEYS = ['volumes'];

/** Cheap test: a text that may hold patches a Flux tree applies to a HelmRelease or a pod. */
function mayHoldPatches(text: string): boolean {
  return text.includes('patch') && (text.includes('kustomize.toolkit.fluxcd.io/') || text.includes('HelmRelease'));
}

/** The diagnostics by batch path (normalized); empty when no text of the batch may hold such a patch. */
export function unappliedFluxPatches(discoveries: readonly Discovery[], kustomizations?: KustomizeBuild<KustomizationNode>): ReadonlyMap<string, readonly Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  // A plain kustomization's `path:` patch file names the HelmRelease kind in its own text only.
  if (!discoveries.some((d) => mayHoldPatches(d.text)) && !(discoveries.some((d) => d.kustomizations.length > 0 && mayPatchReleaseInKustomization(d.text)) && discoveries.some((d) => d.text.includes('HelmRelease')))) return out;
  const releases: TargetRelease[] = discoveries.flatMap((d) =>
    d.releases.flatMap((r) => (r.release.helmRelease && r.valuesFile !== true && chartMayRunFluentBit(r.release.chart, r.release.repoURL, r.release.kind) ? [{ path: normalizePath(d.path), ...r.release.helmRelease, labels: labelsOf(getMap(getMap(d.documents[r.docIndex]?.contents, 'metadata'), 'labels')) }] : [])),
  );
  const pods = discoveries.flatMap((d) => d.podTemplates.filter((p) => p.name !== undefined && p.containers.some((c) => c.image !== undefined && isFluentBitImage(c.image.image))).map((p) => ({ path: normalizePath(d.path), kind: p.workloadKind, name: p.name as string, namespace: p.namespace })));
  if (releases.length === 0 && pods.length === 0) return out;
  const byPath = new Map(discoveries.map((x) => [buildPath(x.path), x]));
  const say = (d: Discovery, node: Scalar, u: Unapplied, message: string): void => {
    const [start, end] = placeOf(d.text, node, u.needle);
    const list = out.get(normalizePath(d.path)) ?? [];
    list.push({ code: 'FLUX_PATCH_NOT_APPLIED', severity: 'info', message, start, end });
    out.set(normalizePath(d.path), list);
  };
  // A Flux Kustomization's spec.patches: over the files of the directory it builds.
  eachFluxBuild(discoveries, kustomizations, (d, obj, spec, _docIndex, dir, reached) => {
    const name = getString(getMap(obj, 'metadata'), 'name');
    const label = `Flux Kustomization${name ? ` ${name}` : ''} (${d.path})`;
    const built = (path: string): boolean => releaseBuildsOf([{ dir, reached }], path).length > 0;
    for (const item of getSeq(spec, 'patches')?.items ?? []) eachPatch(item, d, label, built, true);
  }, (d, obj, spec) => {
    // Its spec.path is no directory of the inputs' repository (another repository's, or not among the inputs): none
    // of its patches is applied. Said when one names a Fluent Bit release or pod the batch holds (it may be that one).
    const name = getString(getMap(obj, 'metadata'), 'name');
    const path = spec?.get('path', true);
    for (const item of getSeq(spec, 'patches')?.items ?? []) {
      const node = isMap(item) ? item.get('patch', true) : undefined;
      if (!isScalar(node) || typeof node.value !== 'string') continue;
      const target = getMap(item, 'target');
      const named = getString(target, 'name') ?? /^[ \t]*name:[ \t]*(\S+)/m.exec(node.value)?.[1];
      const kind = getString(target, 'kind') ?? /^kind:[ \t]*(\S+)/m.exec(node.value)?.[1];
      const held = kind === 'HelmRelease' ? releases.find((r) => r.name === named) : pods.find((p) => p.kind === kind && p.name === named);
      if (held === undefined || kind === undefined) continue;
      say(d, node, { what: '', needle: '' }, `Flux Kustomization${name ? ` ${name}` : ''} (${d.path}): this patch of ${kind} ${named ?? ''} is not applied to the ${kind} of ${held.path}: the Kustomization's spec.path (${isScalar(path) ? String(path.value) : './'}) is no directory of the inputs' repository, so which files it builds is not known; run flb-migrate on the repository its spec.path is in, with this Kustomization, or check the patch by hand`);
    }
  });
  // A plain kustomization's patches of a HelmRelease (kustomize builds them before Flux applies the result).
  if (kustomizations && releases.length > 0) {
    for (const k of kustomizations.nodes) {
      const d = byPath.get(k.path);
      if (d === undefined || !mayPatchReleaseInKustomization(d.text)) continue;
      const reach = kustomizations.reach(k);
      const built = (path: string): boolean => reach.has(path);
      for (const doc of d.documents) {
        const obj = doc.contents;
        if (!isMap(obj) || (getString(obj, 'apiVersion') ?? '').startsWith('kustomize.toolkit.fluxcd.io/')) continue;
        for (const item of [...(getSeq(obj, 'patches')?.items ?? []), ...(getSeq(obj, 'patchesJson6902')?.items ?? [])]) eachPatch(item, d, `the kustomization ${d.path}`, built, false);
        // The deprecated `patchesStrategicMerge`: each item a patch file, or an inline patch.
        for (const item of getSeq(obj, 'patchesStrategicMerge')?.items ?? []) eachPatch(item, d, `the kustomization ${d.path}`, built, false);
      }
    }
  }
  return out;

  // `item`: a `{patch | path, target}` map, or a `patchesStrategicMerge` item (a file name, or an inline patch).
  function eachPatch(item: unknown, d: Discovery, label: string, built: (path: string) => boolean, flux: boolean): void {
    const smp = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
    const node = isMap(item) ? item.get('patch', true) : smp?.includes('\n') === true ? item : undefined;
    const target = getMap(item, 'target');
    const pathItem = isMap(item) ? getString(item, 'path') : smp !== undefined && !smp.includes('\n') ? smp : undefined;
    // A plain kustomization's `path:` patch file: read from the batch, said at the item's `path`.
    let text: string | undefined;
    let at: Scalar | undefined;
    let fromFile = false;
    if (isScalar(node) && typeof node.value === 'string') {
      text = node.value;
      at = node;
    } else if (!flux && pathItem !== undefined) {
      const file = joinPath(dirname(normalizePath(d.path)), pathItem);
      text = byPath.get(buildPath(file))?.text;
      const p = isMap(item) ? item.get('path', true) : item;
      at = isScalar(p) ? p : undefined;
      fromFile = true;
    }
    if (text === undefined || at === undefined) return;
    const targetKind = getString(target, 'kind');
    let docs;
    try {
      docs = parseAllDocuments(text);
    } catch {
      return;
    }
    if (!Array.isArray(docs)) return;
    for (const doc of docs) {
      if (doc.errors.length > 0) continue;
      const patch = doc.contents;
      const meta = getMap(patch, 'metadata');
      const kind = targetKind ?? getString(patch, 'kind');
      const selector = getString(target, 'labelSelector');
      const name = getString(target, 'name') ?? (selector === undefined ? getString(meta, 'name') : undefined);
      const namespace = getString(target, 'namespace') ?? getString(meta, 'namespace');
      if (kind === 'HelmRelease' && !literalSelector(target)) {
        // A regular expression name or an annotationSelector: not matched, so not applied; said when a Fluent Bit release is built here.
        const how = getString(target, 'annotationSelector') !== undefined ? `annotationSelector \`${getString(target, 'annotationSelector')}\`` : `the regular expression name \`${getString(target, 'name')}\``;
        const found = releases.find((r) => (namespace === undefined || r.namespace === undefined || r.namespace === namespace) && built(r.path));
        const things = isMap(patch) ? [...releaseMapUnapplied(patch), ...imageOrVersion(patch)] : isSeq(patch) ? releaseOpsTouching(patch.items) : [];
        const first = things[0];
        if (found !== undefined && first !== undefined) {
          say(d, at, first, `${label}: this patch selects HelmReleases by ${how}, which flb-migrate does not match: it ${things.map((t) => t.what).join(', ')} of the HelmReleases it selects (HelmRelease ${found.name} (${found.path}) may be one), which were judged without it; check by hand what the patch sets (Docker's log paths, parsers, mounts, the image)`);
        }
        continue;
      }
      if (kind === undefined || (name === undefined && selector === undefined)) continue;
      if (kind === 'HelmRelease') {
        const found = releases.find((r) => selects({ name, labelSelector: selector, namespace }, { kind: 'HelmRelease', name: r.name, labels: r.labels }, r.namespace) && built(r.path));
        if (found === undefined) continue;
        // A strategic-merge patch file is read as a HelmRelease too: its values merged over the release's in each build
        // that applies it, the build judged with them and its image (release-deployments buildGroups, patchBaseSets,
        // build-deployment patchFileImage): nothing to say for those keys.
        const readAsRelease = fromFile && isMap(patch) && getString(patch, 'kind') === 'HelmRelease' && getString(patch, 'apiVersion')?.startsWith('helm.toolkit.fluxcd.io/') === true;
        const things = isMap(patch) ? releaseMapUnapplied(patch, readAsRelease ? BUILD_MERGED_KEYS : undefined) : isSeq(patch) ? releaseOpsUnapplied(patch.items) : [];
        for (const u of things) {
          if (readAsRelease) {
            say(d, at, u, `${label}: this patch file ${u.what} of HelmRelease ${found.name} (${found.path}), a key flb-migrate does not follow through this build (it merges the file's config, volumes, placement and command line over the release's); check by hand what this build deploys (Docker's log paths, parsers, mounts)`);
          } else {
            say(d, at, u, `${label}: this patch ${u.what} of HelmRelease ${found.name} (${found.path}), which flb-migrate does not apply: the release was judged with its own values, while this build deploys the patched ones; check by hand what the patch sets (Docker's log paths, parsers, mounts, the image)`);
          }
        }
      }
    }
    // A Flux Kustomization's strategic-merge patch of a Fluent Bit pod (a plain kustomization's is read by the kustomize index).
    if (!flux) return;
    for (const p of strategicPodPatches(item)) {
      const found = pods.find((x) => selects(p, x, x.namespace) && built(x.path));
      if (found === undefined) continue;
      for (const u of podSpecUnapplied(p.spec)) {
        say(d, at, u, `${label}: this strategic-merge patch ${u.what} of ${p.kind} ${p.name} (${found.path}), which flb-migrate does not apply (it applies a strategic merge's nodeSelector and affinity, and JSON 6902 ops on volumes and mounts, not a strategic merge of them): the ${p.kind} was judged as written, while this build deploys it patched; check by hand whether this build's pods run on Docker nodes or mount Docker's containers directory`);
      }
    }
  }
}

/** The chart values a HelmRelease strategic-merge patch sets (or deletes with `null`) that are not applied: every read key but the image (build-deployment fluxPatchedImage applies it). */
function releaseMapUnapplied(patch: YAMLMap, applied?: ReadonlySet<string>): Unapplied[] {
  const values = getMap(patch, 'spec')?.get('values', true);
  if (!isMap(values)) return [];
  const out: Unapplied[] = [];
  for (const pair of values.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !READ_KEYS.has(key) || applied?.has(key) === true) continue;
    const removes = pair.value === null || (isScalar(pair.value) && pair.value.value === null);
    const sub = key === 'config' && isMap(pair.value) ? pair.value.items.flatMap((p) => (isScalar(p.key) ? [`config.${String(p.key.value)}`] : [])) : [];
    const names = sub.length > 0 ? sub : [key];
    out.push({ what: `${removes ? 'removes' : 'sets'} ${names.map((n) => `\`${n}\``).join(', ')}`, needle: `${key}:` });
  }
  return out;
}

/** The JSON 6902 ops of a HelmRelease patch that are not applied: on a read key (any op), on the image other than add/replace (those are applied: fluxPatchedImage), on the whole `spec.values`. */
function releaseOpsUnapplied(ops: readonly unknown[]): Unapplied[] {
  const out: Unapplied[] = [];
  for (const op of ops) {
    const kind = getString(op, 'op');
    const path = getString(op, 'path');
    const from = getString(op, 'from');
    for (const p of [path, kind === 'move' || kind === 'copy' ? from : undefined]) {
      if (kind === undefined || p === undefined || kind === 'test') continue;
      if (p === '/spec/values' || p === '/spec/values/') {
        out.push({ what: `${verbOf(kind)} \`spec.values\` (every value)`, needle: p });
        continue;
      }
      if (!p.startsWith('/spec/values/')) continue;
      const keys = p.slice('/spec/values/'.length).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
      const top = keys[0] ?? '';
      const imageApplied = top === 'image' && (kind === 'add' || kind === 'replace');
      if (!(READ_KEYS.has(top) || top === 'image') || imageApplied) continue;
      out.push({ what: `${verbOf(kind)} \`${keys.join('.')}\``, needle: p });
    }
  }
  return out;
}

/** What a strategic-merge HelmRelease patch sets of the image and the chart version (applied when its target is matched). */
function imageOrVersion(patch: YAMLMap): Unapplied[] {
  const spec = getMap(patch, 'spec');
  const out: Unapplied[] = [];
  if (getMap(spec, 'values')?.has('image')) out.push({ what: 'sets `image`', needle: 'image:' });
  if (getMap(getMap(spec, 'chart'), 'spec')?.has('version')) out.push({ what: 'sets the chart version', needle: 'version:' });
  return out;
}

/** Every JSON 6902 op of a HelmRelease patch on a key flb-migrate reads, the image, the chart version or the whole `spec.values`. */
function releaseOpsTouching(ops: readonly unknown[]): Unapplied[] {
  const out = releaseOpsUnapplied(ops);
  for (const op of ops) {
    const kind = getString(op, 'op');
    const path = getString(op, 'path');
    if (kind === undefined || path === undefined || kind === 'test') continue;
    if ((kind === 'add' || kind === 'replace') && (path === '/spec/values/image' || path.startsWith('/spec/values/image/'))) out.push({ what: `${verbOf(kind)} \`${path.slice('/spec/values/'.length).replace(/\//g, '.')}\``, needle: path });
    if (path === '/spec/chart/spec/version') out.push({ what: `${verbOf(kind)} the chart version`, needle: path });
  }
  return out;
}

function verbOf(op: string): string {
  return op === 'remove' ? 'removes' : op === 'move' ? 'moves' : op === 'copy' ? 'copies' : op === 'add' ? 'adds' : 'replaces';
}

/** The pod spec keys a strategic-merge patch of a pod workload writes that the model does not apply: pins, volumes, a container's volumeMounts. */
function podSpecUnapplied(spec: YAMLMap): Unapplied[] {
  const out: Unapplied[] = [];
  for (const key of POD_KEYS) if (spec.has(key)) out.push({ what: `${spec.get(key) === null ? 'removes' : 'sets'} \`${key}\``, needle: `${key}:` });
  for (const list of ['containers', 'initContainers']) {
    for (const c of getSeq(spec, list)?.items ?? []) {
      if (isMap(c) && c.has('volumeMounts')) {
        out.push({ what: `sets the \`volumeMounts\` of ${list === 'containers' ? 'container' : 'init container'} ${getString(c, 'name') ?? '(unnamed)'}`, needle: 'volumeMounts:' });
      }
    }
  }
  return out;
}

/** Where `needle` is written in the file inside the patch's text (its first line holding it), else the patch's own start. */
function placeOf(text: string, node: Scalar, needle: string): [number, number] {
  const [start, end] = node.range ?? [0, 0];
  const at = needle === '' ? -1 : text.slice(start, end).indexOf(needle);
  if (at < 0) return [start, Math.min(end, start + 1)];
  return [start + at, start + at + needle.length];
}
