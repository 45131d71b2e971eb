import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { Discovery, ImageRef, KustomizationInfo, KustomizeImage, PatchContainerIndex, PatchSelector, PodPatchOp } from '../discover/discovery-types.js';
import { parseImageRef } from '../discover/image-ref.js';
import { kustomizeBuild, type KustomizeBuild } from '../discover/kustomize-build.js';
import { patchPodOps, patchImages as patchTextImages } from '../discover/kustomization.js';
import { kustomizationReplacements, kustomizationVarUses, replacedValue, type KustomizationReplacements, type ReplayedField, type VarUse } from './kustomize-replacements.js';
import { dirname, joinPath, normalizePath } from './paths.js';
import { selects } from './kustomize-select.js';

export { labelSelectorMatches } from './kustomize-select.js';

/*
 * kustomize `images:` overrides (the walk: discover/kustomize-build.ts), applied to the workloads of the same
 * kustomization: the files its `resources:` (and `bases:`) list, and, for a
 * directory, the resources of the kustomization in that directory. An inner
 * kustomization's overrides apply first, the outer ones after (kustomize
 * builds the inner one, then transforms its output). A patch it lists that
 * sets a container's `image` replaces that image before its `images:` apply
 * (kustomize runs the patch transformers before the image tag transformer,
 * kusttarget_configplugin.go): a strategic-merge file (`patchesStrategicMerge`,
 * `patches[].path`: same kind, name and container name), a JSON6902 file
 * (`patches[].path`, `patchesJson6902[].path`: a list of ops with the entry's
 * target) or an inline `patches[].patch` / `patchesJson6902[].patch`
 * (readKustomization's `inlinePatchImages`). An entry's `target` (kind, name,
 * labelSelector) selects the workloads, whatever a strategic-merge patch's
 * own name says (kustomize's patchtransformer.go applies the patch to each
 * match).
 */

/** A container image a patch sets on a workload: a container by name (strategic merge) or by index (JSON6902). */
export interface PatchImage {
  readonly select: PatchSelector;
  readonly container: { readonly name: string } | PatchContainerIndex;
  readonly ref: ImageRef;
  /** The patch file, or the kustomization for an inline patch. */
  readonly path: string;
}

export interface Kustomization {
  readonly path: string;
  readonly info: KustomizationInfo;
  /** The images its patches set, files then inline ones (kustomizationsOf). */
  readonly patchImages?: readonly PatchImage[];
  /** The JSON6902 ops its patches make on pod specs (node pins, volumes and mounts by index), files then inline ones. */
  readonly podOps?: readonly KustomizePodOp[];
  /** Its `replacements` replayed where they set a pin (in `podOps`, last) or an image (after `images:`): kustomize-replacements.ts. */
  readonly replacements?: KustomizationReplacements;
  /** Its `vars` entries used in an image or a pin of its build, which kustomize does not substitute by default (kustomize-replacements.ts). */
  readonly varUses?: ReadonlyMap<unknown, VarUse>;
}

/** A JSON6902 op on a pod spec, with its patch file (the kustomization for an inline patch). */
export interface KustomizePodOp extends PodPatchOp {
  readonly file: string;
  /** A Flux Kustomization's `spec.patches` (`file` holds it). */
  readonly flux?: true;
  /** The text of `file`, for an op with a `node` (it is said there). */
  readonly text?: string;
  /** A `replacements` target field (`replace` of a value the build holds; a part of it with a delimiter): kustomize-replacements.ts. */
  readonly replacement?: Pick<ReplayedField, 'delimiter' | 'index'>;
}

/** The JSON6902 pod-spec ops one build (`chain`, innermost first; a Flux Kustomization's patches last) makes on a workload, in the order kustomize applies them. */
export function podOpsOf(chain: readonly { readonly podOps?: readonly KustomizePodOp[]; readonly info: Pick<KustomizationInfo, 'namespace'> }[], target: Omit<PatchTarget, 'container' | 'index'>): KustomizePodOp[] {
  const out: KustomizePodOp[] = [];
  let namespace = target.namespace;
  for (const k of chain) {
    const ns = namespace;
    for (const op of k.podOps ?? []) if ((op.jobTemplate === true) === (target.kind === 'CronJob') && selects(op.select, target, ns)) out.push(op);
    namespace = k.info.namespace ?? namespace;
  }
  return out;
}

/** The workload container an image belongs to, for patches (`index`: among the pod's `containers`; for an initContainer, among its `initContainers` with `init`). */
export interface PatchTarget {
  readonly kind: string;
  readonly name: string | undefined;
  /** The workload's namespace as written, for a target's `namespace`. */
  readonly namespace?: string;
  readonly init?: boolean;
  /** The workload's `metadata.labels`, for a target's labelSelector. */
  readonly labels?: ReadonlyMap<string, string>;
  readonly container: string | undefined;
  readonly index: number | undefined;
}

function patchApplies(p: PatchImage, target: PatchTarget, namespace: string | undefined): boolean {
  if (!selects(p.select, target, namespace)) return false;
  if ('name' in p.container) return p.container.name === target.container;
  // A CronJob's pod template is under /spec/jobTemplate/spec/template, every other workload's under /spec/template.
  if ((p.container.jobTemplate === true) !== (target.kind === 'CronJob')) return false;
  return p.container.index === target.index && (p.container.init === true) === (target.init === true);
}

/** An override that changed an image, for messages: `images:` of a kustomization, or a patch (its file; the kustomization's path for an inline one). */
export interface AppliedOverride {
  readonly path: string;
  readonly patch?: string;
  /** A `replacements` entry set it (`patch`: its file, the kustomization for an inline one). */
  readonly replacement?: true;
}

/** `docker.io/library/x` and `docker.io/x` are `x` for matching (Docker Hub's defaults). */
function canonicalName(name: string): string {
  return name.replace(/^docker\.io\/(library\/)?/, '').replace(/^index\.docker\.io\/(library\/)?/, '').replace(/^library\//, '');
}

/** kustomize matches an `images[].name` against the image without its tag and digest. */
function matches(override: KustomizeImage, ref: ImageRef): boolean {
  return canonicalName(override.name) === canonicalName(ref.repository);
}

/** The reference after one override: newName replaces the repository, newTag the tag, a digest replaces the tag. */
function applyOne(override: KustomizeImage, ref: ImageRef): ImageRef {
  const repository = override.newName ?? ref.repository;
  if (override.digest) return parseImageRef(`${repository}@${override.digest}`);
  const tag = override.newTag ?? ref.tag;
  // newTag may carry a digest (`1.8.3@sha256:...`): the reference parser splits it.
  const digest = override.newTag === undefined ? ref.digest : undefined;
  return parseImageRef(`${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`);
}

/** The batch's kustomizations, each with the images its patches set, indexed once for kustomize's walk (discover/kustomize-build.ts). */
export function indexKustomizations(discoveries: readonly Discovery[]): KustomizeBuild<Kustomization> {
  const byPath = new Map(discoveries.map((d) => [normalizePath(d.path), d]));
  const patchImages = (path: string, info: KustomizationInfo): PatchImage[] =>
    info.patchFiles.flatMap(({ path: p, target }): PatchImage[] => {
      const file = joinPath(dirname(path), p);
      const d = byPath.get(file);
      if (!d) return [];
      // A list of JSON6902 ops (a document that is a sequence) sets a container by index; the entry's target says which workloads.
      const ops = d.documents.flatMap((doc) => (isSeq(doc.contents) ? patchTextImages(doc.contents, target) : []));
      const merged = d.podTemplates.flatMap((pod) =>
        pod.containers.flatMap((c): PatchImage[] => (pod.name !== undefined && c.name !== undefined && c.image ? [{ select: target ?? { kind: pod.workloadKind, name: pod.name }, container: { name: c.name }, ref: c.image, path: file }] : [])),
      );
      return [...merged, ...ops.map((i) => ({ select: i.select, container: i.container, ref: parseImageRef(i.image), path: file }))];
    }).concat(info.inlinePatchImages.map((i) => ({ select: i.select, container: i.container, ref: parseImageRef(i.image), path })));
  const podOps = (path: string, info: KustomizationInfo): KustomizePodOp[] =>
    info.patchFiles.flatMap(({ path: p, target }) => {
      const file = joinPath(dirname(path), p);
      const d = byPath.get(file);
      return (d?.documents ?? []).flatMap((doc) => patchPodOps(doc.contents, target).map((op) => ({ ...op, file, ...(op.node !== undefined ? { text: d!.text } : {}) })));
    }).concat(info.inlinePodOps.map((op) => ({ ...op, file: path, ...(op.node !== undefined ? { text: byPath.get(path)?.text } : {}) })));
  const nodes = discoveries.flatMap((d) =>
    d.kustomizations.map((info): { -readonly [P in keyof Kustomization]: Kustomization[P] } => {
      const path = normalizePath(d.path);
      const ops = podOps(path, info);
      return { path, info, patchImages: patchImages(path, info), ...(ops.length > 0 ? { podOps: ops } : {}) };
    }),
  );
  const build = kustomizeBuild(nodes);
  // `replacements` (kustomize-replacements.ts): only kustomizations that have them, sources read from their build's files.
  for (const k of nodes) {
    if (!k.info.node.has('replacements') && !k.info.node.has('vars')) continue;
    let built: YAMLMap[] | undefined;
    const objects = (): YAMLMap[] => (built ??= [...build.reach(k)].flatMap((f) => (byPath.get(f)?.documents ?? []).flatMap((doc) => (isMap(doc.contents) ? [doc.contents] : []))));
    if (k.info.node.has('vars')) {
      // vars are resolved over the whole build: a `configurations:` of any kustomization in it or around it may add fields.
      const configured = nodes.some((n) => n.info.node.has('configurations') && (n === k || build.reach(k).has(n.path) || build.reach(n).has(k.path)));
      const uses = kustomizationVarUses(k.info.node, objects, configured);
      if (uses.size > 0) k.varUses = uses;
    }
    if (!k.info.node.has('replacements')) continue;
    const fileOf = (entry: string): { path: string; roots: unknown[] } | undefined => {
      const file = joinPath(dirname(k.path), entry);
      const d = byPath.get(file);
      return d === undefined || d.documents.length === 0 ? undefined : { path: file, roots: d.documents.map((doc) => doc.contents) };
    };
    const replacements = kustomizationReplacements(k.path, k.info.node, objects, fileOf);
    if (replacements === undefined) continue;
    k.replacements = replacements;
    const pins = replacements.fields.flatMap((f): KustomizePodOp[] =>
      f.pin === undefined
        ? []
        : [{ select: f.select, op: 'replace', at: f.pin, path: f.fieldPath, value: f.value, file: f.file, replacement: { ...(f.delimiter !== undefined ? { delimiter: f.delimiter, index: f.index } : {}) }, ...(f.jobTemplate ? { jobTemplate: true as const } : {}) }],
    );
    if (pins.length > 0) k.podOps = [...(k.podOps ?? []), ...pins];
  }
  return build;
}

/**
 * The builds of a file: each chain of kustomizations that builds it, innermost first. kustomize builds
 * each overlay on its own (`kustomize build overlays/prod`, `kustomize build overlays/dev`), so a base
 * several overlays list is several deployments, each with its own `images:` and patches. A chain that
 * another one extends (the base's own kustomization, when an overlay builds it) is not a build of its
 * own, unless something deploys its outermost kustomization's directory on its own (`deployed`: an Argo CD
 * Application or Flux Kustomization names it, discover/deployed-paths.ts): `overlays/prod` deployed while
 * `overlays/prod-eu` builds it is two builds. Empty for a file no kustomization builds.
 */
export function kustomizationsOf(build: KustomizeBuild<Kustomization>, deployed: (kustomization: string) => boolean = () => false): (path: string) => readonly (readonly Kustomization[])[] {
  return (path) => buildsAmong(build.chains(path), deployed);
}

/** The builds of a kustomization's generated objects (kustomizationsOf's rule over KustomizeBuild.generatorChains). */
export function generatorBuildsOf(build: KustomizeBuild<Kustomization>, deployed: (kustomization: string) => boolean = () => false): (k: Kustomization) => readonly (readonly Kustomization[])[] {
  return (k) => buildsAmong(build.generatorChains(k), deployed);
}

/** The chains that are builds: not extended by another one (unless deployed on their own), each once. */
function buildsAmong(chains: readonly (readonly Kustomization[])[], deployed: (kustomization: string) => boolean): readonly (readonly Kustomization[])[] {
  const extends_ = (longer: readonly Kustomization[], shorter: readonly Kustomization[]): boolean => longer.length > shorter.length && shorter.every((k, i) => longer[i] === k);
  const same = (a: readonly Kustomization[], b: readonly Kustomization[]): boolean => a.length === b.length && a.every((k, i) => b[i] === k);
  const ownBuild = (c: readonly Kustomization[]): boolean => c.length > 0 && deployed(c[c.length - 1]!.path);
  return chains.filter((c, i) => (ownBuild(c) || !chains.some((o) => extends_(o, c))) && chains.findIndex((o) => same(o, c)) === i);
}

/**
 * The name and namespace an object has after a build's transformers (`chain`, innermost first): each kustomization's
 * `namePrefix` goes before the name and its `nameSuffix` after it, inner ones first (kustomize's prefix/suffix
 * transformer runs in each kustomization over what the inner build made: `outer-inner-name-inner-outer`); the
 * namespace is the outermost `namespace:` that sets one, else the object's own.
 */
export function builtName(name: string, namespace: string | undefined, chain: readonly Pick<Kustomization, 'info'>[]): { readonly name: string; readonly namespace: string | undefined } {
  let out = name;
  let ns = namespace;
  for (const k of chain) {
    out = `${k.info.namePrefix ?? ''}${out}${k.info.nameSuffix ?? ''}`;
    ns = k.info.namespace ?? ns;
  }
  return { name: out, namespace: ns };
}

/** Applies the patch images (for `target`'s container) and `images:` overrides of `chain` (innermost first) to an image reference. */
export function applyImageOverrides(ref: ImageRef, chain: readonly Kustomization[], target?: PatchTarget): { readonly ref: ImageRef; readonly applied: AppliedOverride | undefined } {
  let out = ref;
  let applied: AppliedOverride | undefined;
  // The workload's namespace as each kustomization's patches see it: as written, then as an inner kustomization set it.
  let namespace = target?.namespace;
  for (const k of chain) {
    const ns = namespace;
    const p = target ? k.patchImages?.filter((i) => patchApplies(i, target, ns)).pop() : undefined;
    if (p) {
      out = p.ref;
      applied = { path: k.path, patch: p.path };
    }
    const o = k.info.images.find((i) => matches(i, out));
    if (o) {
      out = applyOne(o, out);
      applied = { path: k.path };
    }
    // kustomize's replacement transformer runs after the image tag transformer.
    const r = target ? k.replacements?.fields.filter((f) => f.image !== undefined && patchApplies({ select: f.select, container: f.image, ref: out, path: f.file }, target, ns)).pop() : undefined;
    if (r) {
      out = parseImageRef(replacedValue(out.image, r));
      applied = { path: k.path, patch: r.file, replacement: true };
    }
    namespace = k.info.namespace ?? namespace;
  }
  return { ref: out, applied };
}

/**
 * Indexes the batch's kustomizations by the patch files they list
 * (`patchesStrategicMerge`, `patches[].path`): the kustomization that patches
 * with a file, undefined for a file no kustomization of the batch names so.
 */
export function patchesOf(discoveries: readonly Discovery[]): (path: string) => Kustomization | undefined {
  const byPatch = new Map<string, Kustomization>();
  for (const d of discoveries) {
    const path = normalizePath(d.path);
    for (const info of d.kustomizations) for (const p of info.patches) if (!byPatch.has(joinPath(dirname(path), p))) byPatch.set(joinPath(dirname(path), p), { path, info });
  }
  return (path) => byPatch.get(normalizePath(path));
}
