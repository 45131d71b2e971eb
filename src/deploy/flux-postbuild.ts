import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, YAMLMap, type Document } from 'yaml';
import { decodeBase64 } from '../source/base64.js';
import type { Discovery, EmbeddedConfig, PodPatchOp, VolumeInfo, VolumeMountInfo } from '../discover/discovery-types.js';
import { isKustomizationFileName, readKustomization } from '../discover/kustomization.js';
import type { Deployment } from './types.js';
import { getMap, getScalar, getSeq, getString, scalarString } from '../yaml/yaml-nodes.js';
import { dirname, isWithin, joinPath, normalizePath } from './paths.js';
import { resolveGitOpsPath } from '../discover/deployed-paths.js';
import { buildPath, kustomizeBuild, type KustomizationNode, type KustomizeBuild } from '../discover/kustomize-build.js';

/*
 * Flux post-build variable substitution (kustomize-controller, "Post build
 * variable substitution"; fluxcd/pkg envsubst). When a Flux Kustomization
 * (`kustomize.toolkit.fluxcd.io`) has `spec.postBuild`, the objects it builds
 * from `spec.path` (relative to its source's root) go through envsubst before
 * they are applied:
 * - only the braced form is replaced: `${var}`, `${var:=default}` (also
 *   `:-`, `=`, `-`); `$var` stays as written;
 * - `$${var}` is the escape: the object holds `${var}`;
 * - a variable with no value and no default becomes the empty string (the
 *   strict mode, a controller flag, fails the reconciliation instead);
 * - values come from `substituteFrom` ConfigMaps/Secrets in list order, then
 *   `substitute` (in-line values win);
 * - an object annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`
 *   is left as it is.
 * Without `postBuild` nothing is substituted: `$${var}` stays literal.
 */

/**
 * The chart values a kustomize patch file's HelmRelease (a partial HelmRelease of a `path:` / `patchesStrategicMerge`
 * item) merges over its release in the builds that apply it, each build judged with them (release-deployments
 * buildGroups; flux-patches-unapplied says nothing for them): the config, volumes, placement and the config's command line.
 */
export const BUILD_MERGED_KEYS: ReadonlySet<string> = new Set(['config', 'daemonSetVolumes', 'daemonSetVolumeMounts', 'extraVolumes', 'extraVolumeMounts', 'volumes', 'volumeMounts', 'nodeSelector', 'affinity', 'existingConfigMap', 'kind', 'args', 'command']);

export const SUBSTITUTE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/substitute';

/** A Flux Kustomization with `postBuild`, as read from its file. */
export interface FluxPostBuild {
  /** The file holding the Flux Kustomization. */
  readonly path: string;
  readonly name: string | undefined;
  /** The directory it builds (its `spec.path` resolved against the repository root guessed from the batch). */
  readonly dir: string;
  /** The values it substitutes that the batch shows (substituteFrom objects found, then `substitute`). */
  readonly values: ReadonlyMap<string, string>;
  /** `substituteFrom` items the batch does not hold (`ConfigMap cluster-vars`): a variable may take its value there. */
  readonly unknownSources: readonly string[];
  /** Where each value of `values` is written (the `substitute` entry, or the substituteFrom object's `data` entry that wins). */
  readonly valueAt: ReadonlyMap<string, ValueLocation>;
  /**
   * Batch files outside `dir` that a kustomization under `dir` builds (a base its overlay lists in `resources:`, at any
   * depth, and the files its generators read): Flux substitutes what kustomize built, wherever the source file sits.
   */
  readonly reached?: ReadonlySet<string>;
}

/** Where a postBuild value is written: the file, and the value's offsets in its text. */
export interface ValueLocation {
  readonly path: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

interface FluxKustomizationSpec {
  readonly path: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly specPath: string;
  readonly substitute: ReadonlyMap<string, string>;
  readonly substituteAt: ReadonlyMap<string, readonly [number, number]>;
  readonly from: readonly { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string; readonly optional: boolean }[];
}

/** True when a text may hold a Flux Kustomization with postBuild (cheap test before parsing). */
export function mayHoldFluxPostBuild(text: string): boolean {
  return text.includes('postBuild') && text.includes('kustomize.toolkit.fluxcd.io/');
}

/** True for a Flux Kustomization object (`kustomize.toolkit.fluxcd.io/*`, kind Kustomization). */
function isFluxKustomization(obj: unknown): obj is YAMLMap {
  return isMap(obj) && getString(obj, 'kind') === 'Kustomization' && (getString(obj, 'apiVersion') ?? '').startsWith('kustomize.toolkit.fluxcd.io/');
}

function fluxKustomizationsOf(path: string, documents: readonly Document.Parsed[]): FluxKustomizationSpec[] {
  const out: FluxKustomizationSpec[] = [];
  for (const doc of documents) {
    const obj = doc.contents;
    if (!isFluxKustomization(obj)) continue;
    const spec = getMap(obj, 'spec');
    const postBuild = spec?.get('postBuild');
    // postBuild: {} still substitutes (undefined variables become empty); postBuild absent does not.
    if (!spec || postBuild === undefined || postBuild === null) continue;
    const post = getMap(spec, 'postBuild');
    const substitute = new Map<string, string>();
    const substituteAt = new Map<string, readonly [number, number]>();
    for (const pair of getMap(post, 'substitute')?.items ?? []) {
      const key = isScalar(pair.key) ? scalarString(pair.key) : undefined;
      const value = scalarString(pair.value);
      if (key === undefined || value === undefined) continue;
      substitute.set(key, value);
      const range = isScalar(pair.value) ? pair.value.range : undefined;
      if (range) substituteAt.set(key, [range[0], range[1]]);
    }
    const from: { kind: 'ConfigMap' | 'Secret'; name: string; optional: boolean }[] = [];
    for (const item of getSeq(post, 'substituteFrom')?.items ?? []) {
      const kind = getString(item, 'kind');
      const name = getString(item, 'name');
      if ((kind === 'ConfigMap' || kind === 'Secret') && name !== undefined) from.push({ kind, name, optional: getString(item, 'optional') === 'true' });
    }
    const meta = getMap(obj, 'metadata');
    out.push({ path, name: getString(meta, 'name'), namespace: getString(meta, 'namespace'), specPath: getString(spec, 'path') ?? './', substitute, substituteAt, from });
  }
  return out;
}

/**
 * The directories a Flux Kustomization builds: `spec.path` is relative to its source's root, which the batch does
 * not name (discover/deployed-paths.ts `resolveGitOpsPath`, the one resolution of a GitOps path): the nearest
 * ancestor of the Kustomization's directory under which `spec.path` holds files of the batch (`clusters/prod/apps.yaml`
 * with `path: ./apps/fb` builds `apps/fb`); when none does, each directory holding files that ends with the path (a
 * Kustomization of another repository); empty when none. The Kustomization's own file is built when it sits there
 * (flux-system's). `dirs`: `directoriesOf` the batch's files.
 */
function builtDirs(from: string, specPath: string, dirs: ReadonlySet<string>): readonly string[] {
  const { own, others } = resolveGitOpsPath(from, relativeSpecPath(specPath), dirs);
  return own.length > 0 ? own.slice(0, 1) : others;
}

/** `spec.path` relative to the repository's root, normalised (`./apps/fb/`, `/apps/fb` -> `apps/fb`; `./` -> ''). */
function relativeSpecPath(specPath: string): string {
  const rel = normalizePath(specPath.trim());
  return rel.startsWith('/') ? rel.slice(1) : rel === '.' ? '' : rel;
}

/** The directories that hold a file of `files` (normalised), at any depth, the root ('' or '/') included. */
function directoriesOf(files: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    for (let dir = dirname(f); !out.has(dir); dir = dirname(dir)) {
      out.add(dir);
      if (dir === '' || dir === '/') break;
    }
  }
  return out;
}

/** The string data of a ConfigMap (`data`) or Secret (`stringData`, `data` decoded), with each value's offsets. */
function objectData(obj: unknown, kind: 'ConfigMap' | 'Secret'): Map<string, { readonly value: string; readonly range: readonly [number, number] | undefined }> {
  const out = new Map<string, { value: string; range: readonly [number, number] | undefined }>();
  const rangeOf = (node: unknown): readonly [number, number] | undefined => (isScalar(node) && node.range ? [node.range[0], node.range[1]] : undefined);
  for (const pair of getMap(obj, 'data')?.items ?? []) {
    const key = isScalar(pair.key) ? scalarString(pair.key) : undefined;
    const raw = scalarString(pair.value);
    if (key === undefined || raw === undefined) continue;
    const value = kind === 'Secret' ? decodeBase64(raw) : raw;
    // A Secret's `data` is base64: its text is not the value to write there (no location).
    if (value !== undefined) out.set(key, { value, range: kind === 'Secret' ? undefined : rangeOf(pair.value) });
  }
  if (kind === 'Secret') {
    for (const pair of getMap(obj, 'stringData')?.items ?? []) {
      const key = isScalar(pair.key) ? scalarString(pair.key) : undefined;
      const value = scalarString(pair.value);
      if (key !== undefined && value !== undefined) out.set(key, { value, range: rangeOf(pair.value) });
    }
  }
  return out;
}

/**
 * The Flux Kustomizations with postBuild of a batch and what they substitute.
 * A `substituteFrom` object is looked up by kind, name and the
 * Kustomization's namespace (Flux reads it there), among the files of the
 * Kustomization's deployment when the batch holds several
 * (`deploymentOf`: directory -> group, MigrateOptions.deployments).
 */
export function fluxPostBuilds(discoveries: readonly Discovery[], deploymentOf?: ReadonlyMap<string, number>, kustomizations?: KustomizeBuild<KustomizationNode>): FluxPostBuild[] {
  const specs = discoveries.flatMap((d) => (mayHoldFluxPostBuild(d.text) ? fluxKustomizationsOf(d.path, d.documents) : []));
  if (specs.length === 0) return [];
  const dirs = directoriesOf(discoveries.map((d) => normalizePath(d.path)));
  const groupOf = (path: string): number | undefined => deploymentOf?.get(dirname(normalizePath(path)));
  const out: FluxPostBuild[] = [];
  // The batch's one kustomize index (deploy/kustomize.ts indexKustomizations, which readBatch shares with the model).
  let index = kustomizations;
  const kustomize = (): KustomizeBuild<KustomizationNode> => (index ??= kustomizeBuild(discoveries.flatMap((d) => d.kustomizations.map((info) => ({ path: buildPath(d.path), info })))));
  for (const spec of specs) {
    const built = builtDirs(spec.path, spec.specPath, dirs);
    if (built.length === 0) continue;
    const values = new Map<string, string>();
    const valueAt = new Map<string, ValueLocation>();
    const unknownSources: string[] = [];
    for (const ref of spec.from) {
      const held = findObject(discoveries, ref.kind, ref.name, spec.namespace, deploymentOf === undefined ? undefined : (p) => groupOf(p) === groupOf(spec.path));
      if (held === undefined) {
        unknownSources.push(`${ref.kind} ${ref.name}`);
        continue;
      }
      for (const [k, { value, range }] of objectData(held.obj, ref.kind)) {
        values.set(k, value);
        if (range) valueAt.set(k, { path: held.path, text: held.text, start: range[0], end: range[1] });
        else valueAt.delete(k);
      }
    }
    const own = discoveries.find((d) => d.path === spec.path);
    for (const [k, v] of spec.substitute) {
      values.set(k, v);
      const range = spec.substituteAt.get(k);
      if (range && own) valueAt.set(k, { path: own.path, text: own.text, start: range[0], end: range[1] });
      else valueAt.delete(k);
    }
    for (const dir of built) {
      const reached = reachedOutside(dir, kustomize());
      out.push(reached.size > 0 ? { path: spec.path, name: spec.name, dir, values, unknownSources, valueAt, reached } : { path: spec.path, name: spec.name, dir, values, unknownSources, valueAt });
    }
  }
  return out;
}

/** A Flux Kustomization that builds HelmReleases, and the image values its `spec.patches` give each (by name). */
export interface FluxReleaseBuild {
  /** The file holding the Flux Kustomization. */
  readonly path: string;
  /** `Flux Kustomization <name> (<path>)`, for messages. */
  readonly label: string;
  readonly dir: string;
  readonly reached?: ReadonlySet<string>;
  readonly patches: readonly FluxReleasePatch[];
}

/** One patch of a HelmRelease: the values it writes under `spec.values` (a strategic merge patch's map, or one made of JSON 6902 ops). */
export interface FluxReleasePatch {
  /** The HelmRelease it patches; undefined when a `labelSelector` alone selects. */
  readonly name: string | undefined;
  /** The target's `labelSelector` (kustomize selects by the object's labels too). */
  readonly labelSelector?: string;
  readonly namespace: string | undefined;
  readonly values: YAMLMap;
  /** The `patch:` string in the Kustomization's file (where the value is written; a `path:` item for a patch file). */
  readonly node: Scalar;
  /** The chart version it sets (`spec.chart.spec.version`): the build's chart default image. */
  readonly chartVersion?: { readonly value: string; readonly node: Scalar };
  /** The plain kustomization whose item `node` is (undefined: the Flux Kustomization's). */
  readonly path?: string;
}

/** True when a plain kustomization's text may patch a HelmRelease (cheap test before parsing): inline, or with a `path:` / `patchesStrategicMerge` file whose own text names the kind. */
export function mayPatchReleaseInKustomization(text: string): boolean {
  return text.includes('patch') && (text.includes('HelmRelease') || text.includes('path:') || text.includes('patchesStrategicMerge'));
}

/** True when a text may hold a Flux Kustomization that patches a HelmRelease (cheap test before parsing). */
function mayPatchHelmRelease(text: string): boolean {
  return text.includes('patches') && text.includes('HelmRelease') && text.includes('kustomize.toolkit.fluxcd.io/');
}

/**
 * The Flux Kustomizations of a batch in which one patches a HelmRelease's values (`spec.patches`: a strategic merge
 * patch of kind HelmRelease, or JSON 6902 ops on `/spec/values/...` with a HelmRelease target), each with the
 * directory it builds (spec.path, resolved as postBuild's) and its patches; every Flux Kustomization of the batch is
 * listed then (one without patches deploys the HelmRelease as written). Empty when none patches a HelmRelease.
 */
export function fluxReleaseBuilds(discoveries: readonly Discovery[], kustomizations?: KustomizeBuild<KustomizationNode>): FluxReleaseBuild[] {
  if (!discoveries.some((d) => mayPatchHelmRelease(d.text))) return [];
  const out: FluxReleaseBuild[] = [];
  eachFluxBuild(discoveries, kustomizations, (d, obj, spec, _docIndex, dir, reached) => {
    const name = getString(getMap(obj, 'metadata'), 'name');
    const patches = (getSeq(spec, 'patches')?.items ?? []).flatMap(releasePatches);
    out.push({ path: d.path, label: `Flux Kustomization${name ? ` ${name}` : ''} (${d.path})`, dir, ...(reached.size > 0 ? { reached } : {}), patches });
  });
  return out.some((b) => b.patches.length > 0) ? out : [];
}

/**
 * Every Flux Kustomization of the batch with the directory it builds and the files outside it that kustomizations
 * under it reach. Only a directory of its own repository (`resolveGitOpsPath` own roots): the "another repository"
 * guess could make one cluster's patch another tree's (a fleet repository's `apps/logging` is not every `apps/logging`).
 */
export function eachFluxBuild(discoveries: readonly Discovery[], kustomizations: KustomizeBuild<KustomizationNode> | undefined, visit: (d: Discovery, obj: YAMLMap, spec: YAMLMap | undefined, docIndex: number, dir: string, reached: ReadonlySet<string>) => void, unresolved?: (d: Discovery, obj: YAMLMap, spec: YAMLMap | undefined) => void): void {
  const dirs = directoriesOf(discoveries.map((d) => normalizePath(d.path)));
  let index = kustomizations;
  const kustomize = (): KustomizeBuild<KustomizationNode> => (index ??= kustomizeBuild(discoveries.flatMap((d) => d.kustomizations.map((info) => ({ path: buildPath(d.path), info })))));
  for (const d of discoveries) {
    if (!d.text.includes('kustomize.toolkit.fluxcd.io/')) continue;
    d.documents.forEach((doc, docIndex) => {
      const obj = doc.contents;
      if (!isFluxKustomization(obj)) return;
      const spec = getMap(obj, 'spec');
      const own = resolveGitOpsPath(d.path, relativeSpecPath(getString(spec, 'path') ?? './'), dirs).own;
      if (own.length === 0) unresolved?.(d, obj, spec);
      for (const dir of own.slice(0, 1)) visit(d, obj, spec, docIndex, dir, reachedOutside(dir, kustomize()));
    });
  }
}

function mayPatchPods(text: string): boolean {
  return text.includes('patches') && text.includes('/spec/template/spec/') && text.includes('kustomize.toolkit.fluxcd.io/');
}

/** A Flux Kustomization with the JSON 6902 ops its `spec.patches` make on pod specs, and the directory it builds. */
export interface FluxPodPatchBuild {
  /** The file holding the Flux Kustomization. */
  readonly path: string;
  readonly dir: string;
  readonly reached?: ReadonlySet<string>;
  readonly ops: readonly PodPatchOp[];
}

/** The JSON 6902 pod-spec ops of a Flux Kustomization's `spec.patches` (the same `{patch, target}` items as a kustomization's `patches`). */
function fluxPodOps(spec: YAMLMap | undefined, docIndex: number): readonly PodPatchOp[] {
  return spec === undefined || getSeq(spec, 'patches') === undefined ? [] : readKustomization(spec, docIndex).inlinePodOps;
}

/**
 * The Flux Kustomizations of a batch whose `spec.patches` hold JSON 6902 ops on a pod spec (node pins, volumes and
 * mounts by index: kustomize-controller builds `spec.path` with those patches), each with the directory it builds
 * (resolved as fluxReleaseBuilds does: its own repository only). Every Flux Kustomization of the batch is listed
 * then (one without such ops deploys the pod as written); empty when none has such an op.
 */
export function fluxPodPatchBuilds(discoveries: readonly Discovery[], kustomizations?: KustomizeBuild<KustomizationNode>): FluxPodPatchBuild[] {
  if (!discoveries.some((d) => mayPatchPods(d.text) || mayPatchPodsStrategic(d.text))) return [];
  const out: FluxPodPatchBuild[] = [];
  eachFluxBuild(discoveries, kustomizations, (d, _obj, spec, docIndex, dir, reached) => {
    out.push({ path: d.path, dir, ...(reached.size > 0 ? { reached } : {}), ops: fluxPodOps(spec, docIndex) });
  });
  return out.some((b) => b.ops.length > 0) ? out : [];
}

function mayPatchPodsStrategic(text: string): boolean {
  return text.includes('patches') && text.includes('template:') && text.includes('kustomize.toolkit.fluxcd.io/');
}

const POD_KINDS = new Set(['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

/** A strategic-merge patch of a pod workload in a `{patch, target}` item: its kind, name, namespace and pod spec map. */
export interface StrategicPodPatch {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly spec: YAMLMap;
}

/** The strategic-merge pod patches of one `spec.patches` item (the target's kind and name, else the patch's own). */
export function strategicPodPatches(item: unknown): StrategicPodPatch[] {
  const node = isMap(item) ? item.get('patch', true) : undefined;
  if (!isScalar(node) || typeof node.value !== 'string' || !node.value.includes('spec')) return [];
  const target = getMap(item, 'target');
  const out: StrategicPodPatch[] = [];
  for (const doc of parseAllDocuments(node.value)) {
    if (!('contents' in doc) || doc.errors.length > 0 || !isMap(doc.contents)) continue;
    const patch = doc.contents;
    const meta = getMap(patch, 'metadata');
    const kind = getString(target, 'kind') ?? getString(patch, 'kind');
    const name = getString(target, 'name') ?? getString(meta, 'name');
    if (kind === undefined || name === undefined || !POD_KINDS.has(kind)) continue;
    const top = getMap(patch, 'spec');
    const spec = kind === 'Pod' ? top : getMap(getMap(kind === 'CronJob' ? getMap(getMap(top, 'jobTemplate'), 'spec') : top, 'template'), 'spec');
    if (spec !== undefined) out.push({ kind, name, namespace: getString(target, 'namespace') ?? getString(meta, 'namespace'), spec });
  }
  return out;
}

/** The HelmRelease patches of one `spec.patches` item (`{patch, target}`). */
function releasePatches(item: unknown): FluxReleasePatch[] {
  const node = isMap(item) ? item.get('patch', true) : undefined;
  if (!isScalar(node) || typeof node.value !== 'string') return [];
  return releasePatchesOf(node.value, getMap(item, 'target'), node);
}

/** Characters of a regular expression in a target's `name` (kustomize reads it as an anchored regex); `.` and `-` are a name's own. */
const REGEX_SYNTAX = /[*+?()[\]{}|^$\\]/;

/** True when a patch target selects by what flb-migrate matches: a literal name and/or a labelSelector (no regex name, no annotationSelector). */
export function literalSelector(target: YAMLMap | undefined): boolean {
  const name = getString(target, 'name');
  return getString(target, 'annotationSelector') === undefined && (name === undefined || !REGEX_SYNTAX.test(name));
}

/**
 * The HelmRelease patches of a patch's text (`target`: its item's selector, when it has one): a strategic merge
 * patch's `spec.values` and `spec.chart.spec.version`, or JSON 6902 `add`/`replace` ops on `/spec/values/...` and
 * `/spec/chart/spec/version`. `node`: where the patch is named (an inline `patch:` string, a `path:` item).
 */
function releasePatchesOf(text: string, target: YAMLMap | undefined, node: Scalar): FluxReleasePatch[] {
  const targetKind = getString(target, 'kind');
  if (targetKind !== undefined && targetKind !== 'HelmRelease') return [];
  // A regular expression name or an annotationSelector is not matched (flux-patches-unapplied says it at the patch).
  if (!literalSelector(target)) return [];
  const labelSelector = getString(target, 'labelSelector');
  const selected = labelSelector === undefined ? {} : { labelSelector };
  if (!text.includes('values') && !text.includes('version')) return [];
  const out: FluxReleasePatch[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc) || doc.errors.length > 0) continue;
    const patch = doc.contents;
    if (isMap(patch)) {
      // A strategic merge patch names its object (the target, when given, selects too).
      const meta = getMap(patch, 'metadata');
      const name = getString(target, 'name') ?? (labelSelector === undefined ? getString(meta, 'name') : undefined);
      const spec = getMap(patch, 'spec');
      const values = getMap(spec, 'values');
      const version = getScalar(getMap(getMap(spec, 'chart'), 'spec'), 'version');
      const chartVersion = version && scalarString(version) !== undefined ? { value: scalarString(version) as string, node: version } : undefined;
      if (getString(patch, 'kind') === 'HelmRelease' && (name !== undefined || labelSelector !== undefined) && (values || chartVersion)) {
        out.push({ name, ...selected, namespace: getString(target, 'namespace') ?? getString(meta, 'namespace'), values: values ?? new YAMLMap(), node, ...(chartVersion ? { chartVersion } : {}) });
      }
    } else if (isSeq(patch) && targetKind === 'HelmRelease') {
      // JSON 6902 ops on the target: `add`/`replace` under /spec/values/ make the values they write.
      const name = getString(target, 'name');
      const values = new YAMLMap();
      let chartVersion: FluxReleasePatch['chartVersion'];
      for (const op of patch.items) {
        const kind = getString(op, 'op');
        const path = getString(op, 'path');
        const value = isMap(op) ? op.get('value', true) : undefined;
        if ((kind !== 'add' && kind !== 'replace') || path === undefined || value === undefined) continue;
        if (path === '/spec/chart/spec/version' && isScalar(value) && scalarString(value) !== undefined) {
          chartVersion = { value: scalarString(value) as string, node: value };
          continue;
        }
        if (!path.startsWith('/spec/values/')) continue;
        const keys = path.slice('/spec/values/'.length).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
        const last = keys.pop();
        if (last === undefined || last === '') continue;
        let at = values;
        for (const key of keys) {
          const next = at.get(key, true);
          if (isMap(next)) at = next;
          else {
            const made = new YAMLMap();
            at.set(new Scalar(key), made);
            at = made;
          }
        }
        at.set(new Scalar(last), value);
      }
      if ((name !== undefined || labelSelector !== undefined) && (values.items.length > 0 || chartVersion)) out.push({ name, ...selected, namespace: getString(target, 'namespace'), values, node, ...(chartVersion ? { chartVersion } : {}) });
    }
  }
  return out;
}

/**
 * The HelmRelease patches of a plain kustomization (`kustomize.config.k8s.io`), in the order kustomize applies them:
 * `patchesStrategicMerge` items (a file, or an inline patch), `patches` and `patchesJson6902` items (an inline `patch`,
 * or a `path:` file of the batch; `textOf` gives a batch file's text by its normalised path). A patch file's
 * patches point at the item that names it.
 */
export function kustomizationReleasePatches(path: string, obj: YAMLMap, textOf: (path: string) => string | undefined): FluxReleasePatch[] {
  const dir = dirname(normalizePath(path));
  const fileText = (name: string): string | undefined => textOf(normalizePath(joinPath(dir, name)));
  const out: FluxReleasePatch[] = [];
  for (const it of getSeq(obj, 'patchesStrategicMerge')?.items ?? []) {
    if (!isScalar(it) || typeof it.value !== 'string') continue;
    const text = it.value.includes('\n') ? it.value : fileText(it.value);
    if (text !== undefined && text.includes('HelmRelease')) out.push(...releasePatchesOf(text, undefined, it));
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const item of getSeq(obj, key)?.items ?? []) {
      if (!isMap(item)) continue;
      const inline = item.get('patch', true);
      const named = item.get('path', true);
      const target = getMap(item, 'target');
      if (isScalar(inline) && typeof inline.value === 'string') out.push(...releasePatchesOf(inline.value, target, inline));
      else if (isScalar(named) && typeof named.value === 'string') {
        const text = fileText(named.value);
        if (text !== undefined && (text.includes('HelmRelease') || getString(target, 'kind') === 'HelmRelease')) out.push(...releasePatchesOf(text, target, named));
      }
    }
  }
  return out.map((p) => ({ ...p, path }));
}

/** The Flux Kustomizations that build a file (batch order): a HelmRelease's (FluxReleaseBuild), a pod's (FluxPodPatchBuild). */
export function releaseBuildsOf<B extends { readonly dir: string; readonly reached?: ReadonlySet<string> }>(builds: readonly B[], path: string): readonly B[] {
  const p = normalizePath(path);
  return builds.filter((b) => b.dir === '' || isWithin(p, b.dir) || b.reached?.has(p) === true);
}

/** Files outside `dir` that kustomizations under `dir` build: resources at any depth, and the files of the generators of every kustomization on the way. */
function reachedOutside(dir: string, index: KustomizeBuild<KustomizationNode>): ReadonlySet<string> {
  const out = new Set<string>();
  const inside = (p: string): boolean => dir === '' || isWithin(p, dir);
  const generatorFiles = (k: KustomizationNode): string[] => k.info.generators.flatMap((g) => g.files.map((f) => joinPath(dirname(buildPath(k.path)), f.path)));
  for (const k of index.nodes) {
    if (!inside(buildPath(k.path))) continue;
    for (const p of index.reach(k)) {
      if (!inside(p)) out.add(p);
      const inner = index.at(p);
      if (inner) for (const f of generatorFiles(inner)) if (!inside(f)) out.add(f);
    }
  }
  return out;
}

function findObject(discoveries: readonly Discovery[], kind: string, name: string, namespace: string | undefined, inGroup: ((path: string) => boolean) | undefined): { readonly obj: unknown; readonly path: string; readonly text: string } | undefined {
  for (const d of discoveries) {
    if (inGroup && !inGroup(d.path)) continue;
    if (!d.text.includes(name)) continue;
    for (const doc of d.documents) {
      const obj = doc.contents;
      if (!isMap(obj) || getString(obj, 'kind') !== kind) continue;
      const meta = getMap(obj, 'metadata');
      if (getString(meta, 'name') !== name) continue;
      const ns = getString(meta, 'namespace');
      if (namespace !== undefined && ns !== undefined && ns !== namespace) continue;
      return { obj, path: d.path, text: d.text };
    }
  }
  return undefined;
}

/** The Flux build a batch file goes through (the first Kustomization whose directory holds it), else undefined. */
export function postBuildOf(builds: readonly FluxPostBuild[], path: string): FluxPostBuild | undefined {
  return postBuildsOf(builds, path)[0];
}

/** Every Flux build a batch file goes through (Kustomizations whose directory holds it), batch order. */
export function postBuildsOf(builds: readonly FluxPostBuild[], path: string): readonly FluxPostBuild[] {
  if (builds.length === 0) return [];
  const p = normalizePath(path);
  return builds.filter((b) => b.dir === '' || isWithin(p, b.dir) || b.reached?.has(p) === true);
}

/** True when a document is a Kubernetes object (`apiVersion` and `kind`): what kustomize builds and Flux substitutes. */
export function isObjectDocument(document: Document.Parsed | undefined): boolean {
  const obj = document?.contents;
  return isMap(obj) && getString(obj, 'kind') !== undefined && getString(obj, 'apiVersion') !== undefined;
}

/** True when a document's object is annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`. */
export function substitutionDisabled(document: Document.Parsed | undefined): boolean {
  const annotations = getMap(getMap(document?.contents, 'metadata'), 'annotations');
  return getString(annotations, SUBSTITUTE_ANNOTATION) === 'disabled';
}

/** A `${...}` Flux substitutes, in a text: where it is, its variable, and its default when it has one. */
export interface FluxReference {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly fallback: string | undefined;
}

interface Token extends FluxReference {
  /** Which default form: `:=`/`:-` (also for an empty value), `=`/`-` (only when unset); undefined without one. */
  readonly op: string | undefined;
}

const NAME_START = /[_A-Za-z]/;
const NAME_PART = /[_A-Za-z0-9]/;

/**
 * Scans a text as envsubst does: `$${` is the escape (undefined name), `${NAME}` and `${NAME<op>default}` are
 * references; anything else is text. Linear: the next `}` is found once per position it serves.
 */
function scan(text: string): (Token | { readonly start: number; readonly end: number; readonly name: undefined })[] {
  const out: (Token | { start: number; end: number; name: undefined })[] = [];
  let close = -1;
  let i = text.indexOf('$');
  while (i >= 0 && i < text.length) {
    if (text.startsWith('$${', i)) {
      out.push({ start: i, end: i + 3, name: undefined });
      i = text.indexOf('$', i + 3);
      continue;
    }
    if (text[i + 1] !== '{' || !NAME_START.test(text[i + 2] ?? '')) {
      i = text.indexOf('$', i + 1);
      continue;
    }
    let j = i + 3;
    while (j < text.length && NAME_PART.test(text[j] as string)) j++;
    const name = text.slice(i + 2, j);
    const op = text[j] === ':' && (text[j + 1] === '=' || text[j + 1] === '-') ? text.slice(j, j + 2) : text[j] === '=' || text[j] === '-' ? (text[j] as string) : undefined;
    if (op === undefined) {
      if (text[j] === '}') out.push({ start: i, end: j + 1, name, fallback: undefined, op });
      i = text.indexOf('$', j);
      continue;
    }
    if (close < j) close = text.indexOf('}', j);
    if (close < 0) break;
    out.push({ start: i, end: close + 1, name, fallback: text.slice(j + op.length, close), op });
    i = text.indexOf('$', close + 1);
  }
  return out;
}

/** The `${...}` references Flux replaces in a text (an escaped `$${...}` is not one). */
export function fluxReferences(text: string): FluxReference[] {
  if (!text.includes('${')) return [];
  return scan(text).flatMap((t) => (t.name === undefined ? [] : [{ start: t.start, end: t.end, name: t.name, fallback: t.fallback }]));
}

/** A `${...}` Flux fills with a known text: a value of the build, or the reference's default. */
export interface FluxFill extends FluxReference {
  /** The text Flux writes in place of the reference. */
  readonly value: string;
  /** True when the value is the build's (`values`), false for the reference's default. */
  readonly defined: boolean;
}

/**
 * The references of a text that Flux fills with a known text (a value, or a default); a variable with neither is
 * blanked (rule flux-substitution) or unknown (a missing substituteFrom object), and is not one of them.
 */
export function fluxFills(text: string, build: Pick<FluxPostBuild, 'values'>): FluxFill[] {
  if (!text.includes('${')) return [];
  const out: FluxFill[] = [];
  for (const t of scan(text)) {
    if (t.name === undefined) continue;
    const value = build.values.get(t.name);
    if (value !== undefined && !(value === '' && t.op?.startsWith(':') === true)) out.push({ start: t.start, end: t.end, name: t.name, fallback: t.fallback, value, defined: true });
    else if (t.fallback !== undefined) out.push({ start: t.start, end: t.end, name: t.name, fallback: t.fallback, value: t.fallback, defined: false });
  }
  return out;
}

/**
 * A text as Flux substitutes it with `values`: undefined when a variable has
 * neither a value nor a default and `unknownSources` may hold it (the result
 * is not known); otherwise the substituted text and the names used.
 */
export function substituteText(text: string, build: Pick<FluxPostBuild, 'values' | 'unknownSources'>): { readonly text: string; readonly used: readonly string[] } | undefined {
  const used: string[] = [];
  let out = '';
  let pos = 0;
  for (const t of scan(text)) {
    out += text.slice(pos, t.start);
    pos = t.end;
    if (t.name === undefined) {
      out += '${';
      continue;
    }
    const value = build.values.get(t.name);
    // `:=`/`:-` also give the default for an empty value; `=`/`-` only for an unset one.
    if (value !== undefined && !(value === '' && t.op?.startsWith(':') === true)) {
      if (!used.includes(t.name)) used.push(t.name);
      out += value;
    } else if (t.fallback !== undefined) out += t.fallback;
    else if (build.unknownSources.length > 0) return undefined;
  }
  return { text: out + text.slice(pos), used };
}

/**
 * For the CLI's batching: the Flux Kustomizations with postBuild of a file and, for each, the input files under the
 * directory it builds (with `file` itself: they are migrated together), the names its `substituteFrom` items give and
 * the repository root guessed (`scope`: the files that may hold those objects). Only texts that can hold one are parsed.
 */
export function fluxPostBuildLinksIn(file: string, text: string, inputs: readonly string[]): { readonly files: readonly string[]; readonly from: readonly string[]; readonly scope: string }[] {
  const patching = mayPatchHelmRelease(text) || mayPatchPods(text) || mayPatchPodsStrategic(text);
  if (!text.includes('kustomize.toolkit.fluxcd.io/')) return [];
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text) as Document.Parsed[];
  } catch {
    return [];
  }
  if (!Array.isArray(documents)) return [];
  const from = normalizePath(file);
  const paths = inputs.map(normalizePath);
  const out: { files: string[]; from: string[]; scope: string }[] = [];
  const dirs = directoriesOf(paths);
  for (const spec of fluxKustomizationsOf(file, documents)) for (const dir of builtDirs(from, spec.specPath, dirs)) {
    const files = inputs.filter((_, i) => dir === '' || isWithin(paths[i] as string, dir));
    const specPath = relativeSpecPath(spec.specPath);
    const scope = specPath === '' || dir === specPath ? '' : dir.endsWith(`/${specPath}`) ? dir.slice(0, dir.length - specPath.length - 1) : dirname(from);
    out.push({ files: [file, ...files.filter((f) => f !== file)], from: spec.from.map((f) => f.name), scope });
  }
  // A Flux Kustomization whose patches set a HelmRelease's values (fluxReleaseBuilds) or change a pod spec
  // (fluxPodPatchBuilds): with the files it builds, as postBuild's. One without patches that builds a directory
  // without a kustomization file (kustomize-controller makes one of every manifest there) too: another
  // Kustomization's patch of those files (a pin it takes away) is then judged with this unpatched build beside it.
  // (A directory with a kustomization file is linked with it by deployedPathLinksIn.)
  for (const [docIndex, doc] of documents.entries()) {
    const obj = doc.contents;
    if (!isFluxKustomization(obj)) continue;
    const spec = getMap(obj, 'spec');
    const items = patching ? getSeq(spec, 'patches')?.items ?? [] : [];
    // With postBuild (and no patches) it is linked above already.
    const postBuilt = spec?.get('postBuild') !== undefined && spec?.get('postBuild') !== null;
    const patches = items.flatMap(releasePatches).length > 0 || fluxPodOps(spec, docIndex).length > 0 || items.some((i) => strategicPodPatches(i).length > 0);
    for (const dir of resolveGitOpsPath(from, relativeSpecPath(getString(spec, 'path') ?? './'), dirs).own.slice(0, 1)) {
      const files = inputs.filter((_, i) => dir === '' || isWithin(paths[i] as string, dir));
      if (!patches && (postBuilt || inputs.some((f, i) => isKustomizationFileName(f) && dirname(paths[i] as string) === dir))) continue;
      out.push({ files: [file, ...files.filter((f) => f !== file)], from: [], scope: '' });
    }
  }
  return out;
}

/** True when a text may hold a ConfigMap or Secret named `name` (a text test, for the batching): the kind's word and a `name: NAME` line. */
export function mayHoldSubstituteFrom(text: string, name: string): boolean {
  if (!text.includes(name) || !(text.includes('ConfigMap') || text.includes('Secret'))) return false;
  for (const line of text.split('\n')) {
    const m = NAME_LINE.exec(line);
    if (m && unquote(m[1] as string) === name) return true;
  }
  return false;
}

const NAME_LINE = /^[ \t]*["']?name["']?[ \t]*:[ \t]*(\S+)/;

function unquote(value: string): string {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]) ? value.slice(1, -1) : value;
}

/**
 * The Flux build that substitutes a config's text before Fluent Bit reads it: its ConfigMap's (unless annotated
 * `substitute: disabled`), or a plain file's that a kustomize generator makes a ConfigMap of; else undefined. A chart's
 * values and a plain file no generator takes are Helm's or nobody's, not Flux's objects.
 */
export function substitutingBuild(config: EmbeddedConfig, deployment: Deployment): FluxPostBuild | undefined {
  if (config.configMap) return deployment.postBuildOf(config.path, config.configMap.docIndex);
  if (config.origin === 'file' && deployment.generatedFrom(config).length > 0) return deployment.postBuildOf(config.path);
  // Chart values in an object the build holds (a HelmRelease's spec.values, a valuesFrom ConfigMap): Flux substitutes them before helm-controller reads them.
  if (config.origin === 'helm-value') return deployment.postBuildOf(config.path, config.docIndex, true);
  return undefined;
}

/**
 * A batch's discoveries with each pod template's hostPath volumes and volume mounts read as Flux writes them (`path:
 * ${LOG_DIR}` with `LOG_DIR: /var/lib/docker/containers` is Docker's directory for every rule and for the output check;
 * a container's `mountPath: ${DIR}` and `subPath: ${SUB}` are where the build mounts), for files a Flux Kustomization
 * with postBuild builds (the first one, as configs: postBuildOf; rule flux-substitution says when another build gives
 * other values) and objects not annotated `substitute: disabled`. The nodes stay the written ones: an edit that would
 * touch the reference is not made (run-rules.ts fluxBlocked, flux-variable). A discovery that changes is a copy; the
 * others are returned as they are.
 */
export function withFluxVolumes(discoveries: readonly Discovery[], builds: readonly FluxPostBuild[]): readonly Discovery[] {
  if (builds.length === 0) return discoveries;
  const filled = (text: string | undefined, build: FluxPostBuild): string | undefined => {
    if (text === undefined || !text.includes('${')) return text;
    return substituteText(text, build)?.text ?? text;
  };
  const volume = (v: VolumeInfo, build: FluxPostBuild): VolumeInfo => {
    const path = filled(v.hostPath, build);
    return path === v.hostPath || path === undefined ? v : { ...v, hostPath: path, source: { kind: 'hostPath' as const, path } };
  };
  // A mount points at its volume (VolumeMountInfo.volume): at the filled one.
  const mount = (m: VolumeMountInfo, build: FluxPostBuild, filledOf: ReadonlyMap<VolumeInfo, VolumeInfo>): VolumeMountInfo => {
    const v = m.volume === undefined ? undefined : filledOf.get(m.volume) ?? m.volume;
    const mountPath = filled(m.mountPath, build);
    const subPath = filled(m.subPath, build);
    return v === m.volume && mountPath === m.mountPath && subPath === m.subPath ? m : { ...m, volume: v, mountPath, subPath };
  };
  const same = <T>(a: readonly T[], b: readonly T[]): boolean => a.every((x, i) => x === b[i]);
  return discoveries.map((d) => {
    const pods = d.podTemplates.some((p) => p.volumes.some((v) => v.hostPath?.includes('${') === true) || p.containers.some((c) => c.volumeMounts.some(mayBeFilled)));
    const charts = d.helmCharts.some((h) => [...h.daemonSetVolumes, ...h.extraVolumes].some((v) => v.hostPath?.includes('${') === true) || [...h.daemonSetVolumeMounts, ...h.extraVolumeMounts, ...(h.configVolumeMounts ?? [])].some(mayBeFilled));
    if (!pods && !charts) return d;
    const build = postBuildOf(builds, d.path);
    if (!build) return d;
    const podTemplates = d.podTemplates.map((pod) => {
      if (substitutionDisabled(d.documents[pod.docIndex])) return pod;
      const volumes = pod.volumes.map((v) => volume(v, build));
      const filledOf = new Map(pod.volumes.map((v, i) => [v, volumes[i] as VolumeInfo]));
      const containers = pod.containers.map((c) => {
        const mounts = c.volumeMounts.map((m) => mount(m, build, filledOf));
        return same(mounts, c.volumeMounts) ? c : { ...c, volumeMounts: mounts };
      });
      return same(volumes, pod.volumes) && same(containers, pod.containers) ? pod : { ...pod, volumes, containers };
    });
    // Chart values of an object the build holds (a HelmRelease's spec.values): helm-controller gets them substituted.
    const helmCharts = d.helmCharts.map((h) => {
      const document = d.documents[h.docIndex];
      if (!isObjectDocument(document) || substitutionDisabled(document)) return h;
      const daemonSetVolumes = h.daemonSetVolumes.map((v) => volume(v, build));
      const extraVolumes = h.extraVolumes.map((v) => volume(v, build));
      const filledOf = new Map([...h.daemonSetVolumes, ...h.extraVolumes].map((v, i) => [v, [...daemonSetVolumes, ...extraVolumes][i] as VolumeInfo]));
      const daemonSetVolumeMounts = h.daemonSetVolumeMounts.map((m) => mount(m, build, filledOf));
      const extraVolumeMounts = h.extraVolumeMounts.map((m) => mount(m, build, filledOf));
      const configVolumeMounts = h.configVolumeMounts?.map((m) => mount(m, build, filledOf));
      if (same(daemonSetVolumes, h.daemonSetVolumes) && same(extraVolumes, h.extraVolumes) && same(daemonSetVolumeMounts, h.daemonSetVolumeMounts) && same(extraVolumeMounts, h.extraVolumeMounts) && same(configVolumeMounts ?? [], h.configVolumeMounts ?? [])) return h;
      return { ...h, daemonSetVolumes, extraVolumes, daemonSetVolumeMounts, extraVolumeMounts, configVolumeMounts };
    });
    return same(podTemplates, d.podTemplates) && same(helmCharts, d.helmCharts) ? d : { ...d, podTemplates, helmCharts };
  });
}

/** A volume mount whose `mountPath` or `subPath` holds a `${`. */
function mayBeFilled(m: VolumeMountInfo): boolean {
  return m.mountPath?.includes('${') === true || m.subPath?.includes('${') === true;
}
