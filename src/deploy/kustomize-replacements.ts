import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { PatchContainerIndex, PatchSelector } from '../discover/discovery-types.js';
import { getMap, getNode, getSeq, getString } from '../yaml/yaml-nodes.js';
import { selects } from './kustomize-select.js';

/*
 * kustomize `replacements` (api/filters/replacement, the last builtin transformer of a kustomization: after its
 * patches and `images:`) replayed on what flb-migrate reads: a source field's literal value (`sourceValue`, or a
 * scalar field of the one object of the kustomization's build the source selects, `options.delimiter/index` taking a
 * part of it) copied into a target DaemonSet's (any workload's) node pin (`nodeSelector.<key>`, a field below
 * `affinity`) or a container's `image` (`containers.[name=x].image`, `containers.0.image`), `options.delimiter/index`
 * replacing a part of the target value (an index past the end appends, a negative one prepends: kustomize's
 * setTargetValue). What is not replayed (no source in the build, a source that is not a scalar, `options.create`, a
 * `reject`, an `annotationSelector`, a field path of another form) is rules/kustomize-replacements' info.
 */

/** One replayed target field: where (`pin`: pointer tokens below the pod spec; `image`: a container), with what. */
export interface ReplayedField {
  readonly select: PatchSelector;
  readonly jobTemplate?: true;
  readonly pin?: readonly string[];
  readonly image?: { readonly name: string } | PatchContainerIndex;
  readonly value: string;
  readonly delimiter?: string;
  readonly index?: number;
  /** The field path as written, for messages. */
  readonly fieldPath: string;
  /** The replacements file (`replacements: [{path: r.yaml}]`), or the kustomization for an inline one. */
  readonly file: string;
}

export interface KustomizationReplacements {
  readonly fields: readonly ReplayedField[];
  /** The fieldPath scalars (inline entries) replayed: rules/kustomize-replacements says the others. */
  readonly replayed: ReadonlySet<Node>;
  /** The fieldPath scalars (inline entries) of a field flb-migrate reads (readField) that are not replayed, with why. */
  readonly unreplayed: ReadonlyMap<Node, string>;
  /** The `path:` entries of a file in the batch with a target field flb-migrate reads (readField) that is not replayed. */
  readonly unreplayedFiles: ReadonlySet<Node>;
  /** Every replacement entry with a target in a pod spec is replayed (PodPatchBuild.unreplayed otherwise). */
  readonly whole: boolean;
}

/** What flb-migrate reads at a replacement's target field path (`[name=...]` selectors kept as written), or undefined. */
export function readField(fieldPath: string, kind: string | undefined): string | undefined {
  const segments = fieldPath.split('.');
  if (segments.includes('nodeSelector')) return 'a node pin';
  if (segments.includes('affinity')) return 'a node pin';
  if (segments.includes('hostPath')) return "a hostPath volume's path";
  if (segments.at(-1) === 'image') return 'a container image';
  if (kind === 'ConfigMap' && (segments[0] === 'data' || segments[0] === 'binaryData')) return "a ConfigMap's data";
  return undefined;
}

/** A kustomize field path's segments: split at `.` outside `[...]`, `\.` a dot of the key (kyaml SmarterPathSplitter). Linear. */
export function fieldPathSegments(fieldPath: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < fieldPath.length; i++) {
    const c = fieldPath[i]!;
    if (c === '\\' && fieldPath[i + 1] === '.') {
      cur += '.';
      i++;
    } else if (c === '[') {
      depth++;
      cur += c;
    } else if (c === ']') {
      depth = Math.max(0, depth - 1);
      cur += c;
    } else if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const POD_PREFIXES: readonly (readonly string[])[] = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
];

/** A plain key or list index segment (no `[...]` selector, no wildcard). */
const plainSegment = (s: string): boolean => s !== '' && s !== '*' && !s.includes('[') && !s.includes(']');

/** Where a target field path lands in a pod spec, when it is one replayed; undefined otherwise. */
function targetOf(segments: readonly string[]): Pick<ReplayedField, 'pin' | 'image' | 'jobTemplate'> | undefined {
  for (const prefix of POD_PREFIXES) {
    if (segments.length <= prefix.length || !prefix.every((p, i) => segments[i] === p)) continue;
    const rest = segments.slice(prefix.length);
    const job = prefix.length > 3 ? { jobTemplate: true as const } : {};
    if (rest[0] === 'nodeSelector' && rest.length === 2 && plainSegment(rest[1]!)) return { pin: rest, ...job };
    if (rest[0] === 'affinity' && rest.length > 1 && rest.every(plainSegment)) return { pin: rest, ...job };
    if ((rest[0] === 'containers' || rest[0] === 'initContainers') && rest.length === 3 && rest[2] === 'image') {
      const init = rest[0] === 'initContainers' ? { init: true as const } : {};
      const byName = /^\[name=([^\]]+)\]$/.exec(rest[1]!);
      if (byName) return { image: { name: byName[1]! }, ...job };
      if (/^\d+$/.test(rest[1]!)) return { image: { index: Number(rest[1]), ...init, ...job }, ...job };
    }
    return undefined;
  }
  return undefined;
}

/** `options.delimiter/index/create` of a source or target. */
function optionsOf(node: unknown): { delimiter?: string; index: number; create: boolean } {
  const o = getMap(node, 'options');
  const delimiter = getString(o, 'delimiter');
  const i = getNode(o, 'index');
  const index = isScalar(i) && typeof i.value === 'number' ? i.value : 0;
  const create = isScalar(getNode(o, 'create')) && (getNode(o, 'create') as { value: unknown }).value === true;
  return { ...(delimiter ? { delimiter } : {}), index, create };
}

/** The scalar value at a field path of an object (plain keys, numeric indexes, `[k=v]` list selectors), or undefined. */
function valueAtPath(obj: YAMLMap, segments: readonly string[]): string | undefined {
  let node: unknown = obj;
  for (const s of segments) {
    if (isMap(node)) node = node.get(s, true);
    else if (isSeq(node)) {
      const sel = /^\[([^=\]]+)=([^\]]*)\]$/.exec(s);
      if (sel) {
        const hits = node.items.filter((it) => getString(it, sel[1]!) === sel[2]);
        node = hits.length === 1 ? hits[0] : undefined;
      } else node = /^\d+$/.test(s) ? node.items[Number(s)] : undefined;
    } else return undefined;
  }
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  return String(node.value);
}

/**
 * The replacement entries of a kustomization (inline, and `path:` files read through `documentsOf`: one replacement
 * or a list), replayed where they set a pod's pins or a container's image. `objects`: the objects of the
 * kustomization's build as written (the files its resources reach), for the sources.
 */
export function kustomizationReplacements(
  path: string,
  node: YAMLMap,
  objects: () => readonly YAMLMap[],
  fileOf: (entry: string) => { readonly path: string; readonly roots: readonly unknown[] } | undefined,
): KustomizationReplacements | undefined {
  const entries = getSeq(node, 'replacements')?.items ?? [];
  if (entries.length === 0) return undefined;
  const fields: ReplayedField[] = [];
  const replayed = new Set<Node>();
  const unreplayedFiles = new Set<Node>();
  const unreplayed = new Map<Node, string>();
  let whole = true;
  /** Replays one replacement; `said` when a target field flb-migrate reads is not replayed. */
  const one = (r: unknown, file: string): { all: boolean; said: boolean } => {
    let all = true;
    let said = false;
    if (!isMap(r)) return { all, said };
    const value = sourceValue(r, objects);
    for (const t of getSeq(r, 'targets')?.items ?? []) {
      const select = getMap(t, 'select');
      const kind = getString(select, 'kind');
      const name = getString(select, 'name');
      const namespace = getString(select, 'namespace');
      const opts = optionsOf(t);
      const selectable = select !== undefined && getNode(t, 'reject') === undefined && getString(select, 'annotationSelector') === undefined && getString(select, 'labelSelector') === undefined && !opts.create;
      for (const p of getSeq(t, 'fieldPaths')?.items ?? []) {
        if (!isScalar(p) || typeof p.value !== 'string') continue;
        const segments = fieldPathSegments(p.value);
        const at = targetOf(segments);
        // kustomize fails the build when a selected object lacks the field (no `create`, kustomize#4789): not replayed.
        const selected = at === undefined || value === undefined || !selectable ? [] : objects().filter((o) => selectedBy(o, kind, name, namespace));
        const lacking = selected.find((o) => valueAtPath(o, segments) === undefined);
        if (at === undefined || value === undefined || !selectable || lacking !== undefined) {
          if (readField(p.value, kind) !== undefined) {
            all = false;
            said = true;
            unreplayed.set(p as Node, whyNot(r, t, at === undefined, value === undefined, opts.create, lacking));
          }
          continue;
        }
        const sel: PatchSelector = { ...(kind !== undefined ? { kind } : {}), ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
        fields.push({ select: sel, ...at, value, ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter, index: opts.index } : {}), fieldPath: p.value, file });
        replayed.add(p as Node);
      }
    }
    return { all, said };
  };
  for (const e of entries) {
    const entryPath = getString(e, 'path');
    if (entryPath === undefined) {
      if (!one(e, path).all) whole = false;
      continue;
    }
    const f = fileOf(entryPath);
    if (f === undefined) {
      // Not in the batch: what it sets is unknown (nothing said), and the builds are not replayed whole.
      whole = false;
      continue;
    }
    let said = false;
    for (const root of f.roots) {
      for (const r of isSeq(root) ? root.items : [root]) {
        const res = one(r, f.path);
        if (!res.all) whole = false;
        said ||= res.said;
      }
    }
    if (said) unreplayedFiles.add(e as Node);
  }
  return { fields, replayed, unreplayed, unreplayedFiles, whole };
}

/** Why a replacement target field is not replayed, for the message. */
function whyNot(r: YAMLMap, t: unknown, form: boolean, source: boolean, create: boolean, lacking: YAMLMap | undefined): string {
  if (create) return 'it uses `options.create`';
  const select = getMap(t, 'select');
  if (select === undefined) return 'its target has no `select`';
  if (getNode(t, 'reject') !== undefined) return 'its target has a `reject`';
  if (getString(select, 'annotationSelector') !== undefined || getString(select, 'labelSelector') !== undefined) return 'its target selects by label or annotation';
  if (form) return 'flb-migrate does not follow this field path form';
  if (source) return getNode(r, 'sourceValue') !== undefined ? 'its `sourceValue` is not a scalar' : 'its source is not one literal scalar field of an object written in this build';
  const meta = getMap(lacking, 'metadata');
  return `${[getString(lacking, 'kind') ?? 'an object', getString(meta, 'name')].filter((x) => x !== undefined).join(' ')}, which it selects, has no such field as written; kustomize stops the build on a missing target field without \`options.create\``;
}

/** True for an object a replacement's `select`/`source` names (kind, name; namespace when both give one): kustomize-select.ts. */
function selectedBy(o: YAMLMap, kind: string | undefined, name: string | undefined, namespace: string | undefined): boolean {
  const meta = getMap(o, 'metadata');
  const select: PatchSelector = { ...(kind !== undefined ? { kind } : {}), ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
  return selects(select, { kind: getString(o, 'kind'), name: getString(meta, 'name') }, getString(meta, 'namespace'));
}

/**
 * A replacement's source value: `sourceValue`, else the scalar at `source.fieldPath` (kustomize's default
 * `metadata.name` is not read: a name transformer may have changed it) of the one object of the build that `source`
 * selects (kind, name, namespace when both give one; kustomize matches current and previous names, so the written name
 * selects it), a part of it with `options.delimiter/index` (an index out of range fails kustomize's build: not read).
 */
function sourceValue(r: YAMLMap, objects: () => readonly YAMLMap[]): string | undefined {
  const literal = getNode(r, 'sourceValue');
  if (isScalar(literal) && literal.value !== null && typeof literal.value !== 'object') return String(literal.value);
  const source = getMap(r, 'source');
  const fieldPath = getString(source, 'fieldPath');
  if (source === undefined || fieldPath === undefined || fieldPath.startsWith('metadata.name') || fieldPath.startsWith('metadata.namespace')) return undefined;
  const kind = getString(source, 'kind');
  const name = getString(source, 'name');
  const namespace = getString(source, 'namespace');
  const hits = objects().filter((o) => selectedBy(o, kind, name, namespace));
  if (hits.length !== 1) return undefined;
  const value = valueAtPath(hits[0]!, fieldPathSegments(fieldPath));
  if (value === undefined) return undefined;
  const { delimiter, index } = optionsOf(source);
  if (delimiter === undefined) return value;
  const parts = value.split(delimiter);
  return index >= 0 && index < parts.length ? parts[index] : undefined;
}

/** A target value after a replacement (kustomize setTargetValue): the whole value, or one part of it with a delimiter. */
export function replacedValue(current: string, field: Pick<ReplayedField, 'value' | 'delimiter' | 'index'>): string {
  if (field.delimiter === undefined) return field.value;
  const parts = current.split(field.delimiter);
  const i = field.index ?? 0;
  if (i < 0) parts.unshift(field.value);
  else if (i >= parts.length) parts.push(field.value);
  else parts[i] = field.value;
  return parts.join(field.delimiter);
}

/**
 * A kustomize `vars` entry whose `$(NAME)` a workload of the build writes in a container's image or a node pin
 * (`nodeSelector`, `affinity`). kustomize substitutes vars only in its varReference fields (api/konfig/
 * builtinpluginconsts/varreference.go: containers' `command`, `args`, `env[].value`, `volumeMounts[].mountPath`,
 * `metadata.labels`/`annotations`, ...; not `image`, not `nodeSelector`/`affinity`, kubernetes-sigs/kustomize#1592)
 * unless a `configurations:` file adds a field (`configured`: some kustomization of the build has one, which
 * flb-migrate does not read).
 */
export interface VarUse {
  readonly name: string;
  /** `the image of DaemonSet fluent-bit`, `the nodeSelector of DaemonSet fluent-bit`. */
  readonly where: string;
  readonly configured: boolean;
}

/** The var uses of a kustomization's `vars` entries (keyed by the entry's map node), in image and pin fields of `objects`. */
export function kustomizationVarUses(node: YAMLMap, objects: () => readonly YAMLMap[], configured: boolean): Map<Node, VarUse> {
  const out = new Map<Node, VarUse>();
  for (const v of getSeq(node, 'vars')?.items ?? []) {
    const name = getString(v, 'name');
    if (!isMap(v) || name === undefined) continue;
    const ref = `$(${name})`;
    for (const o of objects()) {
      const where = varWhere(o, ref);
      if (where === undefined) continue;
      out.set(v as Node, { name, where: `${where} of ${getString(o, 'kind') ?? 'an object'} ${getString(getMap(o, 'metadata'), 'name') ?? ''}`.trimEnd(), configured });
      break;
    }
  }
  return out;
}

/** Which image or pin field of an object's pod spec holds `ref`, or undefined. */
function varWhere(o: YAMLMap, ref: string): string | undefined {
  const spec = getNode(o, 'spec');
  const pod = getNode(getNode(spec, 'template'), 'spec') ?? getNode(getNode(getNode(getNode(spec, 'jobTemplate'), 'spec'), 'template'), 'spec');
  if (!isMap(pod)) return undefined;
  for (const list of ['containers', 'initContainers']) for (const c of getSeq(pod, list)?.items ?? []) if (getString(c, 'image')?.includes(ref)) return 'the image';
  for (const key of ['nodeSelector', 'affinity']) {
    const v = pod.get(key, true);
    if (v !== undefined && JSON.stringify(isMap(v) || isSeq(v) ? v.toJSON() : v).includes(ref)) return `the ${key}`;
  }
  return undefined;
}
