import { isMap, isScalar, isSeq, parseAllDocuments, type Node, type YAMLMap } from 'yaml';
import type { InlinePatchImage, KustomizationInfo, PodPatchOp, KustomizeGenerator, KustomizeImage, PatchContainerIndex, PatchSelector } from './discovery-types.js';
import { getNode, getSeq, getString, scalarSource } from '../yaml/yaml-nodes.js';
import { readSimpleBlockYaml, type SimpleNode } from './simple-block-yaml.js';

/** File names kustomize reads as a kustomization. */
export function isKustomizationFileName(path: string): boolean {
  return /(^|[\\/])(kustomization\.ya?ml|Kustomization)$/.test(path);
}

/** `name`, or `key=path` for files of a generator. */
function generatorFiles(seq: ReturnType<typeof getSeq>): { key: string; path: string }[] {
  return (seq?.items ?? []).flatMap((it) => {
    const s = scalarSource(it);
    if (s === undefined || s === '') return [];
    const eq = s.indexOf('=');
    const path = eq >= 0 ? s.slice(eq + 1) : s;
    const key = eq >= 0 ? s.slice(0, eq) : (path.split('/').pop() ?? path);
    return [{ key, path }];
  });
}

/** `behavior:` of a generator (api/types/generatorargs.go): `merge` and `replace` change an object the resources build; `create` (the default) makes one. */
function behaviorOf(behavior: string | undefined): { merge?: true; replace?: true } {
  return behavior === 'merge' ? { merge: true } : behavior === 'replace' ? { replace: true } : {};
}

function generators(obj: YAMLMap, key: string, kind: 'ConfigMap' | 'Secret'): KustomizeGenerator[] {
  return (getSeq(obj, key)?.items ?? []).flatMap((g, index) => {
    if (!isMap(g)) return [];
    const literals = generatorLiterals(getSeq(g, 'literals'));
    const env = getString(g, 'env');
    const envs = [...(getSeq(g, 'envs')?.items ?? []).flatMap((it) => scalarSource(it) ?? []), ...(env === undefined ? [] : [env])];
    return [
      {
        kind,
        name: getString(g, 'name'),
        namespace: getString(g, 'namespace'),
        files: generatorFiles(getSeq(g, 'files')),
        ...(literals.length > 0 ? { literals } : {}),
        ...(envs.length > 0 ? { envs } : {}),
        at: [key, index],
        ...behaviorOf(getString(g, 'behavior')),
      },
    ];
  });
}

/** A generator's `literals` as kustomize reads them (api/kv/kv.go parseLiteralSource, removeQuotes); an item without `=` or with an empty key is left out (kustomize refuses it). */
function generatorLiterals(seq: ReturnType<typeof getSeq>): NonNullable<KustomizeGenerator['literals']> {
  return (seq?.items ?? []).flatMap((item) => {
    if (!isScalar(item) || typeof item.value !== 'string') return [];
    const eq = item.value.indexOf('=');
    if (eq <= 0) return [];
    const raw = item.value.slice(eq + 1);
    const quoted = raw.length >= 2 && raw[0] === raw[raw.length - 1] && (raw[0] === '"' || raw[0] === "'");
    return [{ key: item.value.slice(0, eq), value: quoted ? raw.slice(1, -1) : raw, node: item }];
  });
}

/** A kustomization's ConfigMap and Secret generators. */
function kustomizationGenerators(obj: YAMLMap): KustomizeGenerator[] {
  return [...generators(obj, 'configMapGenerator', 'ConfigMap'), ...generators(obj, 'secretGenerator', 'Secret')];
}

/** The local files generators read, as written: each generator's `files`, then the `envs` / `env` files. */
function generatorPaths(obj: YAMLMap, gens: readonly KustomizeGenerator[] = kustomizationGenerators(obj)): string[] {
  return [...gens.flatMap((g) => g.files.map((f) => f.path)), ...gens.flatMap((g) => g.envs ?? [])];
}

/**
 * The local files a kustomization's generators read (`files`, `envs`, `env`), as written. A directory walk takes them
 * whatever their extension (cli/collect-inputs.ts): a generator file named `fluent-bit.cfg` or `fb.env` is where the
 * config or its settings live, and a walk by extension would pass it over in silence.
 */
export function kustomizationGeneratorFiles(text: string): string[] {
  // Both generator keys end in `Generator` (a double-quoted key could spell it with escapes): most kustomizations have
  // none, and a parse of each one of a GitOps tree's walk cost ~16% of bench:tree's GitOps run (issue #14).
  if (!text.includes('Generator') && !text.includes('\\')) return [];
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return [];
  }
  return docs.flatMap((doc) => {
    const obj = doc.contents;
    if (doc.errors.length > 0 || !isMap(obj)) return [];
    return generatorPaths(obj).map((f) => f.trim()).filter((f) => f !== '' && !isRemote(f));
  });
}

/** The local files a kustomization names: what readKustomization and kustomizationReferences both read. */
export interface KustomizationPaths {
  readonly resources: string[];
  readonly generators: KustomizeGenerator[];
  readonly patches: string[];
  readonly patchFiles: KustomizationInfo['patchFiles'];
}

/** `patches[]` and `patchesJson6902[]` entries (maps). */
function patchEntries(obj: YAMLMap): YAMLMap[] {
  return [...(getSeq(obj, 'patches')?.items ?? []), ...(getSeq(obj, 'patchesJson6902')?.items ?? [])].filter(isMap);
}

/**
 * A kustomization's resources (and bases), generators and patch files,
 * without its inline patches (their texts are parsed only by
 * readKustomization, which reads the images they set).
 */
export function readKustomizationPaths(obj: YAMLMap, entries: readonly YAMLMap[] = patchEntries(obj)): KustomizationPaths {
  const resources = ['resources', 'bases'].flatMap((k) => (getSeq(obj, k)?.items ?? []).flatMap((it) => {
    const s = scalarSource(it);
    return s === undefined ? [] : [s];
  }));
  const patchFiles = [
    ...(getSeq(obj, 'patchesStrategicMerge')?.items ?? []).flatMap((it) => {
      const path = scalarSource(it);
      return path === undefined ? [] : [{ path, target: undefined }];
    }),
    ...entries.flatMap((p) => {
      const path = getString(p, 'path');
      return path === undefined ? [] : [{ path, target: patchSelector(getNode(p, 'target')) }];
    }),
  ];
  return { resources, generators: kustomizationGenerators(obj), patches: patchFiles.map((f) => f.path), patchFiles };
}

/**
 * A kustomization (kind `Kustomization`, or a kustomization.yaml without a
 * kind): its resources, image overrides and ConfigMap/Secret generators.
 * Tags are read as written (`newTag: 1.10` stays 1.10).
 */
export function readKustomization(obj: YAMLMap, docIndex: number): KustomizationInfo {
  const images: KustomizeImage[] = (getSeq(obj, 'images')?.items ?? []).flatMap((it) => {
    if (!isMap(it)) return [];
    const name = getString(it, 'name');
    if (name === undefined) return [];
    const m = it as YAMLMap;
    return [{ name, newName: getString(m, 'newName'), newTag: scalarSource(getNode(m, 'newTag')), digest: getString(m, 'digest'), node: m }];
  });
  const entries = patchEntries(obj);
  const { resources, generators, patches, patchFiles } = readKustomizationPaths(obj, entries);
  const inline = entries.flatMap((p) => {
    const text = getString(p, 'patch');
    if (text === undefined) return [];
    const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
    if (!Array.isArray(docs) || docs.length !== 1 || docs[0]?.errors.length !== 0) return [];
    return [{ root: docs[0].contents, target: patchSelector(getNode(p, 'target')), node: p.get('patch', true) as Node }];
  });
  const components = (getSeq(obj, 'components')?.items ?? []).flatMap((it) => {
    const c = scalarSource(it)?.trim();
    return c && !isRemote(c) ? [c] : [];
  });
  return {
    docIndex,
    ...(getString(obj, 'kind') === 'Component' ? { component: true as const } : {}),
    ...(components.length > 0 ? { components } : {}),
    namespace: getString(obj, 'namespace'),
    ...optionalString('namePrefix', getString(obj, 'namePrefix')),
    ...optionalString('nameSuffix', getString(obj, 'nameSuffix')),
    resources,
    images,
    generators,
    patches,
    patchFiles,
    inlinePatchImages: inline.flatMap((p) => patchImages(p.root, p.target)),
    // Said at the entry's `patch:` string (the ops' own nodes are the string's).
    inlinePodOps: inline.flatMap((p) => patchPodOps(p.root, p.target, true).map((op) => (op.node === undefined ? op : { ...op, node: p.node }))),
    node: obj,
  };
}

const optionalString = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> => (value ? ({ [key]: value } as Record<K, string>) : {});

/** A `patches[]` / `patchesJson6902[]` entry's `target` (kind, name, labelSelector), or undefined when it has none of them. */
function patchSelector(target: unknown): PatchSelector | undefined {
  if (!isMap(target)) return undefined;
  const kind = getString(target, 'kind');
  const name = getString(target, 'name');
  const labelSelector = getString(target, 'labelSelector');
  const namespace = getString(target, 'namespace');
  if (kind === undefined && name === undefined && labelSelector === undefined && namespace === undefined) return undefined;
  return {
    ...(kind !== undefined ? { kind } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(labelSelector !== undefined ? { labelSelector } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

/**
 * JSON6902 paths of a pod template's container (`/spec/template/spec/containers/0`) or of its image (`.../0/image`): a
 * workload's pod template or a CronJob's (`/spec/jobTemplate/spec/template/spec`), `containers` or `initContainers`.
 */
const CONTAINER_PATH = /^\/spec\/(template|jobTemplate\/spec\/template)\/spec\/(containers|initContainers)\/(\d+)(\/image)?$/;

/** The container a JSON6902 path names, and whether it names its image (undefined when it names neither). */
function containerOfPath(path: string): { readonly container: PatchContainerIndex; readonly image: boolean } | undefined {
  const m = CONTAINER_PATH.exec(path);
  if (!m) return undefined;
  const container = { index: Number(m[3]), ...(m[2] === 'initContainers' ? { init: true as const } : {}), ...(m[1] === 'template' ? {} : { jobTemplate: true as const }) };
  return { container, image: m[4] !== undefined };
}

/**
 * The container images one patch sets (an inline `patch:` text's document,
 * or a patch file's): JSON6902 `add`/`replace` ops on a container's image (a
 * list of ops; they need the entry's `target`; the container by index) or a
 * strategic-merge object (its containers by name). The entry's `target`
 * selects the workloads when it is given (kustomize's patch transformer
 * applies a targeted strategic-merge patch to every match, whatever the
 * patch's own name); without one, the object's kind and name.
 */
export function patchImages(root: unknown, target: PatchSelector | undefined): InlinePatchImage[] {
  if (isSeq(root)) {
    if (target === undefined) return [];
    return root.items.flatMap((op) => {
      const kind = isMap(op) ? getString(op, 'op') : undefined;
      if (kind !== 'add' && kind !== 'replace') return [];
      const at = containerOfPath(getString(op, 'path') ?? '');
      if (at === undefined) return [];
      // `/image` set to a string; or a whole container object replacing the one at that index (an `add` there inserts a
      // new container and moves the others: not one the workload holds).
      const image = at.image ? getString(op, 'value') : kind === 'replace' ? getString(getNode(op, 'value'), 'image') : undefined;
      return image ? [{ select: target, container: at.container, image }] : [];
    });
  }
  if (!isMap(root)) return [];
  const kind = getString(root, 'kind');
  const name = getString(getNode(root, 'metadata'), 'name');
  const select = target ?? (kind !== undefined && name !== undefined ? { kind, name } : undefined);
  if (select === undefined) return [];
  const containers = getSeq(getNode(getNode(getNode(root, 'spec'), 'template'), 'spec'), 'containers');
  return (containers?.items ?? []).flatMap((c) => {
    const container = isMap(c) ? getString(c, 'name') : undefined;
    const image = isMap(c) ? getString(c, 'image') : undefined;
    return container && image ? [{ select, container: { name: container }, image }] : [];
  });
}

/** A pod template's spec in a JSON6902 path: a workload's, or a CronJob's (`jobTemplate`). */
const POD_SPEC_PATH = /^\/spec\/(template|jobTemplate\/spec\/template)\/spec\/(.+)$/;

/** The pod spec keys whose ops patchPodOps keeps: node pins, and the lists addressed by index that docker-volume edits. */
const POD_OP_KEYS = new Set(['nodeSelector', 'affinity', 'volumes', 'containers', 'initContainers']);

/** RFC 6902 ops patchPodOps reads (`test` changes nothing, but a build whose test fails does not build). */
const POD_OPS = new Set(['add', 'replace', 'remove', 'move', 'copy', 'test']);

/** A JSON pointer's tokens below a pod spec (`~1` -> `/`, `~0` -> `~`). */
const pointerTokens = (rest: string): string[] => rest.split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));

/** True for a pointer patchPodOps keeps: below `nodeSelector`, `affinity` or `volumes`, a whole container, or a container's `volumeMounts`. */
function podOpPointer(at: readonly string[]): boolean {
  if (!POD_OP_KEYS.has(at[0]!)) return false;
  return (at[0] !== 'containers' && at[0] !== 'initContainers') || at.length === 2 || at[2] === 'volumeMounts';
}

/**
 * The JSON6902 ops of one patch (a list of ops; they need the entry's `target`) on a pod template's spec below
 * `nodeSelector`, `affinity`, `volumes`, a whole container or a container's `volumeMounts`: where kustomize pins a
 * build to nodes, or changes a list by index (RFC 6902: `remove` of `/.../volumes/2` takes the entry at that index
 * out; `move`/`copy` read `from`, here only from the same pod spec; `test` compares). The value as plain data.
 */
export function patchPodOps(root: unknown, target: PatchSelector | undefined, inline = false): PodPatchOp[] {
  if (isMap(root)) return mergePinOps(root, target, inline);
  if (!isSeq(root) || target === undefined) return [];
  const out: PodPatchOp[] = [];
  // True once an op of this list that is not read here may change a pod's pins: a `test` of a pin after it is not judged.
  let opaque = false;
  let labelsChanged = false;
  for (const item of root.items) {
    const read = patchPodOp(item, target);
    if (read === undefined) {
      const paths = isMap(item) ? [getString(item, 'path'), getString(item, 'from')] : [];
      if (!opaque) opaque = paths.some((p) => p !== undefined && touchesPins(p));
      // An op on the object's labels before a copy of one: the label's value is no longer the one written.
      if (!labelsChanged) labelsChanged = paths.some((p) => p !== undefined && (p === '/metadata' || p.startsWith('/metadata/labels')));
      continue;
    }
    if (read.fromLabel !== undefined && labelsChanged) {
      opaque = true;
      continue;
    }
    out.push(opaque && read.op === 'test' ? { ...read, unjudged: true } : read);
  }
  return out;
}

/** A pointer to one of the object's own labels (`/metadata/labels/pool`; `~1` for `/` in the key). */
const LABEL_PATH = /^\/metadata\/labels\/([^/]+)$/;

/** The pins' pointers (a workload's pod spec, a CronJob's). */
const PIN_POINTERS = ['template', 'jobTemplate/spec/template'].flatMap((t) => ['nodeSelector', 'affinity'].map((k) => `/spec/${t}/spec/${k}`));

/** True for a pointer at, above or below a pod spec's `nodeSelector`/`affinity` (`/spec/template` replaces them too). */
const touchesPins = (p: string): boolean => PIN_POINTERS.some((pin) => p === pin || pin.startsWith(`${p}/`) || p.startsWith(`${pin}/`));

/** One item of a JSON6902 ops list as patchPodOps reads it, or undefined when it is not read. */
function patchPodOp(item: unknown, target: PatchSelector): PodPatchOp | undefined {
  const op = isMap(item) ? getString(item, 'op') : undefined;
  if (op === undefined || !POD_OPS.has(op)) return undefined;
  const path = getString(item as YAMLMap, 'path') ?? '';
  const m = POD_SPEC_PATH.exec(path);
  if (!m) return undefined;
  const at = pointerTokens(m[2]!);
  let from: string[] | undefined;
  let fromLabel: string | undefined;
  if (op === 'move' || op === 'copy') {
    // A `from` in the object's own labels is read from them (PodTemplate.labels); elsewhere outside this pod spec
    // (other metadata, another object's path) it is not read: the op is left out.
    const written = getString(item as YAMLMap, 'from') ?? '';
    const label = LABEL_PATH.exec(written);
    const f = POD_SPEC_PATH.exec(written);
    if (label) fromLabel = pointerTokens(label[1]!)[0];
    else if (!f || f[1] !== m[1]) return undefined;
    else from = pointerTokens(f[2]!);
  }
  if (!podOpPointer(at) && (from === undefined || !podOpPointer(from))) return undefined;
  const value = op === 'remove' || op === 'move' || op === 'copy' ? undefined : getNode(item, 'value');
  const kind = op as PodPatchOp['op'];
  // A whole `volumes`/`volumeMounts` list removed or replaced: the build's list is exactly the op's (said at the op).
  const whole = (op === 'remove' || op === 'replace') && (at.length === 1 ? at[0] === 'volumes' : at.length === 3 && at[2] === 'volumeMounts');
  return { select: target, op: kind, at, path, ...(whole && isMap(item) ? { node: item } : {}), ...(from !== undefined ? { from } : {}), ...(fromLabel !== undefined ? { fromLabel } : {}), ...(m[1] === 'template' ? {} : { jobTemplate: true as const }), ...(value !== undefined ? { value: toPlain(value) } : {}) };
}

/**
 * A strategic-merge patch's `nodeSelector` and `affinity` (a workload's pod spec, or a CronJob's) that take something
 * away: `null` (the whole key, or a key inside it) or a `$patch` directive anywhere below. kustomize merges them with
 * kyaml's merge2 (`Merger.VisitMap`: a tagged null or `$patch: delete` clears, `$patch: replace` takes the patch's
 * map); the pod spec's pins after it are rules/support/pod-mounts.ts's. A patch file that only sets keys adds no op:
 * the file is a workload of its own (`Workload.patch`), whose pin dockerPatchOf reads. An `inline` patch (a `patch:`
 * string of a kustomization or a Flux Kustomization's `spec.patches`) is no workload, so its pins are ops whatever
 * they do. The entry's `target`, else the object's own kind and name, selects the workloads.
 */
function mergePinOps(root: YAMLMap, target: PatchSelector | undefined, inline: boolean): PodPatchOp[] {
  const kind = getString(root, 'kind');
  const name = getString(getNode(root, 'metadata'), 'name');
  const select = target ?? (kind !== undefined && name !== undefined ? { kind, name } : undefined);
  if (select === undefined) return [];
  const spec = getNode(root, 'spec');
  const template = getNode(spec, 'template');
  const jobTemplate = template === undefined ? getNode(getNode(getNode(spec, 'jobTemplate'), 'spec'), 'template') : undefined;
  const pod = getNode(template ?? jobTemplate, 'spec');
  if (!isMap(pod)) return [];
  const pins = ['nodeSelector', 'affinity'].flatMap((key): PodPatchOp[] => {
    if (!pod.has(key)) return [];
    const value = toPlain(pod.get(key, true));
    if (!inline && !takesAway(value)) return [];
    const path = `/spec/${template === undefined ? 'jobTemplate/spec/template' : 'template'}/spec/${key}`;
    return [{ select, op: 'merge', at: [key], path, ...(template === undefined ? { jobTemplate: true as const } : {}), value }];
  });
  return [...pins, ...mergeDeleteOps(pod, select, template === undefined)];
}

/**
 * A strategic-merge patch's `$patch: delete` entries of the pod's `volumes` (merge key `name`) and of a container's
 * `volumeMounts` (merge key `mountPath`; the container by its merge key `name`), as kyaml's merge2 reads them
 * (`Merger.VisitList` over an associative list: the dest element with the same key is removed; none is nothing).
 * Read from a patch file too: the file stays a workload of its own for what it sets, the deletes are ops of its builds.
 */
function mergeDeleteOps(pod: YAMLMap, select: PatchSelector, jobTemplate: boolean): PodPatchOp[] {
  const base = `spec.${jobTemplate ? 'jobTemplate.spec.template' : 'template'}.spec`;
  const job = jobTemplate ? { jobTemplate: true as const } : {};
  const deletes = (list: unknown, key: string): string[] =>
    (isSeq(list) ? list.items : []).flatMap((it) => {
      const k = isMap(it) && getString(it, '$patch') === 'delete' ? getString(it, key) : undefined;
      return k === undefined ? [] : [k];
    });
  // The list's other entries (merged, not deleted), by their merge key.
  const others = (list: unknown, key: string): { alongside?: string[] } => {
    const keys = (isSeq(list) ? list.items : []).flatMap((it) => (isMap(it) && getString(it, '$patch') === 'delete' ? [] : [isMap(it) ? (getString(it, key) ?? '') : '']));
    return keys.length > 0 ? { alongside: keys } : {};
  };
  const volumes = pod.get('volumes', true);
  const out: PodPatchOp[] = listReplaceOps(volumes, { select, op: 'merge', at: ['volumes'], path: `${base}.volumes`, ...job }, 'name');
  out.push(...deletes(volumes, 'name').map((name): PodPatchOp => ({ select, op: 'delete', at: ['volumes'], key: name, path: `${base}.volumes[name=${name}]`, ...job, ...others(volumes, 'name') })));
  for (const list of ['containers', 'initContainers']) {
    for (const c of getSeq(pod, list)?.items ?? []) {
      const name = isMap(c) ? getString(c, 'name') : undefined;
      if (name === undefined) continue;
      const mounts = getNode(c, 'volumeMounts');
      out.push(...listReplaceOps(mounts, { select, op: 'merge', at: [list, 'volumeMounts'], container: name, path: `${base}.${list}[name=${name}].volumeMounts`, ...job }, 'mountPath'));
      for (const mountPath of deletes(mounts, 'mountPath')) {
        out.push({ select, op: 'delete', at: [list, 'volumeMounts'], key: mountPath, container: name, path: `${base}.${list}[name=${name}].volumeMounts[mountPath=${mountPath}]`, ...job, ...others(mounts, 'mountPath') });
      }
    }
  }
  return out;
}

/**
 * A list-level strategic-merge directive of a patch's `volumes` or `volumeMounts` (kyaml merge2 smpdirective.go
 * determineSequenceNodePatchStrategy: the first element with a `$patch` key, when it has no other key, is the list's
 * directive): `replace` makes the build's list exactly the patch's other entries, `delete` removes the list. One
 * `merge` op whose value is the list the build then holds (`replaceList`), with the directive's element (`node`) to
 * say it at. Another list is merged entry by entry: one `merge` op (no `replaceList`) of its entries with their merge
 * key (`key`), said at the list.
 */
function listReplaceOps(list: unknown, op: PodPatchOp, key: string): PodPatchOp[] {
  if (!isSeq(list)) return [];
  const directive = list.items.find((it) => isMap(it) && it.has('$patch'));
  const kind = isMap(directive) && directive.items.length === 1 ? getString(directive, '$patch') : undefined;
  if (kind !== 'replace' && kind !== 'delete') {
    // The entries merged by their merge key (kyaml merge2: an associative list; a key the build lacks is appended).
    const merged = list.items.filter((it) => isMap(it) && !it.has('$patch') && getString(it, key) !== undefined);
    return merged.length === 0 ? [] : [{ ...op, value: merged.map(toPlain), node: list }];
  }
  const value = kind === 'delete' ? [] : list.items.filter((it) => it !== directive).map(toPlain);
  return [{ ...op, value, replaceList: kind, node: directive as YAMLMap }];
}

/** True when a strategic-merge value takes something away: a `null`, or a `$patch` directive, anywhere in it. */
function takesAway(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.some((v) => v !== null && typeof v === 'object' && takesAway(v));
  if (typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k === '$patch' || takesAway(v));
}

/** A YAML node as plain data (a scalar's value, maps and lists as objects and arrays). */
function toPlain(node: unknown): unknown {
  return node !== null && typeof node === 'object' && 'toJSON' in node && typeof node.toJSON === 'function' ? (node.toJSON as () => unknown)() : node;
}

/** True for a Kustomization or Component object (`kustomize.config.k8s.io/*`). */
export function isKustomizationObject(obj: YAMLMap): boolean {
  const kind = getString(obj, 'kind');
  // A Component (`kustomize.config.k8s.io/v1alpha1`) is a kustomization an overlay's `components:` applies to its build.
  return (kind === 'Kustomization' || kind === 'Component') && (getString(obj, 'apiVersion') ?? '').startsWith('kustomize.config.k8s.io/');
}


/**
 * A kustomize path that names something outside the checkout, as kustomize tells one
 * (kubernetes-sigs/kustomize api/internal/git/repospec.go `NewRepoSpecFromURL`, `extractHost`;
 * api/loader/fileloader.go `IsRemoteFile`): after an optional `git::`, a URL scheme (`https://`,
 * `ssh://`, `file://`, ...), a `user@` (SCP style, `git@github.com:org/repo`) or `github.com/` /
 * `github.com:`. Anything else is a local path, a `//` or a `?ref=` in it too (`base//x` is
 * `base/x`: without a scheme kustomize refuses the URL and reads the directory).
 */
export function isRemote(ref: string): boolean {
  const r = ref.replace(/^git::/i, '');
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(r) || /^[a-z][a-z0-9-]*@/i.test(r) || /^github\.com[/:]/i.test(r);
}

/**
 * The local paths a kustomization file reads (relative to its directory, as
 * written): `resources`, `bases`, `components`, the files of its ConfigMap and
 * Secret generators, `patchesStrategicMerge` and `patches[].path`, Helm
 * charts' `valuesFile` and `additionalValuesFiles`. Remote references are left out. Used by the CLI to
 * hand a kustomization and the files it builds to the library together,
 * wherever they sit in the tree. Unparsable text reads as no references
 * (discovery reports the YAML error).
 */
export function kustomizationReferences(text: string): string[] {
  return simpleKustomizationReferences(text) ?? parsedKustomizationReferences(text);
}

/** A value simpleKustomizationReferences cannot read as getString would (a plain `1.10` is the number 1.1 there). */
class TypedScalar extends Error {}

const simpleItems = (map: SimpleNode, key: string): readonly SimpleNode[] => {
  const v = map instanceof Map ? map.get(key) : undefined;
  return Array.isArray(v) ? v : [];
};
/** scalarSource: a scalar's text as written; undefined for a null or a collection. */
const simpleSource = (node: SimpleNode | undefined): string | undefined => (node === null || node === undefined || Array.isArray(node) || node instanceof Map ? undefined : node.text);
/** getString of a mapping's key. */
const simpleString = (map: SimpleNode, key: string): string | undefined => {
  const v = map instanceof Map ? map.get(key) : undefined;
  if (v === null || v === undefined || Array.isArray(v) || v instanceof Map) return undefined;
  if (v.typed) throw new TypedScalar();
  return v.text;
};

/**
 * kustomizationReferences without the yaml package, for the plainest texts (simple-block-yaml.ts): the same paths in
 * the same order, or undefined when the text is more than that reader reads (then the full parse answers).
 * test/discover/kustomization-references-equivalence.test.ts holds both to the same answers.
 */
export function simpleKustomizationReferences(text: string): string[] | undefined {
  const obj = readSimpleBlockYaml(text);
  if (obj === undefined) return undefined;
  const out: string[] = [];
  const add = (s: string | undefined): void => {
    const ref = s?.trim();
    if (ref && !isRemote(ref)) out.push(ref);
  };
  try {
    for (const k of ['resources', 'bases']) for (const it of simpleItems(obj, k)) add(simpleSource(it));
    const generators = ['configMapGenerator', 'secretGenerator'].flatMap((k) => simpleItems(obj, k).filter((g) => g instanceof Map));
    for (const g of generators) {
      for (const it of simpleItems(g, 'files')) {
        const s = simpleSource(it);
        if (s === undefined || s === '') continue;
        const eq = s.indexOf('=');
        add(eq >= 0 ? s.slice(eq + 1) : s);
      }
    }
    for (const g of generators) {
      for (const it of simpleItems(g, 'envs')) add(simpleSource(it));
      add(simpleString(g, 'env'));
    }
    for (const it of simpleItems(obj, 'components')) add(simpleSource(it));
    for (const it of simpleItems(obj, 'patchesStrategicMerge')) add(simpleSource(it));
    for (const p of [...simpleItems(obj, 'patches'), ...simpleItems(obj, 'patchesJson6902')]) if (p instanceof Map) add(simpleString(p, 'path'));
    for (const c of simpleItems(obj, 'helmCharts')) {
      if (!(c instanceof Map)) continue;
      add(simpleString(c, 'valuesFile'));
      for (const f of simpleItems(c, 'additionalValuesFiles')) add(simpleSource(f));
    }
  } catch (error) {
    if (error instanceof TypedScalar) return undefined;
    throw error;
  }
  return out;
}

/** kustomizationReferences through the yaml package: every text. */
export function parsedKustomizationReferences(text: string): string[] {
  const out: string[] = [];
  const add = (s: string | undefined): void => {
    const ref = s?.trim();
    if (ref && !isRemote(ref)) out.push(ref);
  };
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return out;
  }
  for (const doc of docs) {
    const obj = doc.contents;
    if (doc.errors.length > 0 || !isMap(obj)) continue;
    // What discovery reads of a kustomization (resources, bases, generators, patch files; not the inline patches it
    // parses for their images), and the paths it does not need.
    const info = readKustomizationPaths(obj);
    for (const r of info.resources) add(r);
    for (const f of generatorPaths(obj, info.generators)) add(f);
    for (const it of getSeq(obj, 'components')?.items ?? []) add(scalarSource(it));
    for (const p of info.patches) add(p);
    for (const c of getSeq(obj, 'helmCharts')?.items ?? []) {
      if (!isMap(c)) continue;
      add(getString(c, 'valuesFile'));
      for (const f of getSeq(c, 'additionalValuesFiles')?.items ?? []) add(scalarSource(f));
    }
  }
  return out;
}
