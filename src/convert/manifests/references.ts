import { isMap, isScalar, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { dirname, joinPath, normalizePath } from '../../deploy/paths.js';
import type { Discovery, KustomizationInfo, PodTemplate, VolumeInfo } from '../../discover/discovery-types.js';
import type { Edit } from '../../source/edit.js';
import { removeSeqItem, replaceScalar } from '../../yaml/yaml-edits.js';
import { getMap, getScalar, getSeq, scalarString } from '../../yaml/yaml-nodes.js';
import type { PlacedFinding } from './types.js';

/*
 * Everything outside the configs that names a converted file: the `items`
 * of configMap/secret volumes (and projected sources), `subPath` mounts
 * (with their `mountPath` when it is the file), and the `files:` entries of
 * kustomize generators. Renamed keys follow; removed (inlined) ones go.
 */

export const ORIGIN = 'to-yaml';

/** The keys of one ConfigMap/Secret (written or generated) that change. */
export interface KeyChanges {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  /** key -> new key */
  readonly renamed: ReadonlyMap<string, string>;
  readonly removed: ReadonlySet<string>;
  /** The main file's new name, for messages about removals. */
  readonly into: string;
}

export interface ReferenceEdits {
  readonly edits: Map<string, Edit[]>;
  readonly findings: PlacedFinding[];
  /** Files holding a reference (edited or not): the setup's related files. */
  readonly files: Set<string>;
}

export function emptyReferenceEdits(): ReferenceEdits {
  return { edits: new Map(), findings: [], files: new Set() };
}

function push(out: ReferenceEdits, path: string, edits: readonly Edit[]): boolean {
  if (edits.length === 0) return false;
  const list = out.edits.get(path) ?? [];
  list.push(...edits);
  out.edits.set(path, list);
  out.files.add(path);
  return true;
}

function change(out: ReferenceEdits, path: string, messageId: string, node: Scalar | YAMLMap | undefined, data: Readonly<Record<string, string>>): void {
  const range = node?.range;
  out.findings.push({ ruleId: 'to-yaml-reference', messageId, data, severity: 'change', path, start: range?.[0] ?? 0, end: range?.[1] ?? range?.[0] ?? 0 });
}

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const withBase = (p: string, base: string): string => p.slice(0, p.lastIndexOf('/') + 1) + base;

/** The `items` of a configMap/secret source map that changes, and their file names after the change. */
interface SourceItems {
  /** items path (or key, without items) -> new file name, for subPath mounts; null: removed. */
  readonly files: Map<string, string | null>;
}

/** The ConfigMap (`name`) or Secret (`secretName`, else `name`) a volume source names. */
function sourceName(obj: YAMLMap, kind: KeyChanges['kind']): string | undefined {
  return kind === 'ConfigMap' ? scalarString(obj.get('name', true)) : scalarString(obj.get('secretName', true)) ?? scalarString(obj.get('name', true));
}

function sourceMatches(obj: YAMLMap, changes: KeyChanges, namespace: string | undefined): boolean {
  const name = sourceName(obj, changes.kind);
  if (name === undefined || name !== changes.name) return false;
  return namespace === undefined || changes.namespace === undefined || namespace === changes.namespace;
}

/** The source map of `kind` a volume holds directly (`configMap:`/`secret:`), and those of its projected sources, in order. */
function volumeSources(item: unknown, kind: KeyChanges['kind']): { direct: YAMLMap | undefined; projected: YAMLMap[] } {
  const key = kind === 'ConfigMap' ? 'configMap' : 'secret';
  const projected: YAMLMap[] = [];
  for (const s of getSeq(getMap(item, 'projected'), 'sources')?.items ?? []) {
    const source = getMap(s, key);
    if (source) projected.push(source);
  }
  return { direct: getMap(item, key), projected };
}

/** Edits the `items` of one configMap/secret source; returns the volume's file names that change. */
function editSource(text: string, path: string, source: YAMLMap, changes: KeyChanges, toYaml: (p: string) => string, out: ReferenceEdits): SourceItems {
  const files = new Map<string, string | null>();
  const items = getSeq(source, 'items');
  if (!items) {
    for (const [k, v] of changes.renamed) files.set(k, v);
    for (const k of changes.removed) files.set(k, null);
    return files.size > 0 ? (out.files.add(path), { files }) : { files };
  }
  out.files.add(path);
  items.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const keyNode = getScalar(item, 'key');
    const pathNode = getScalar(item, 'path');
    const key = scalarString(keyNode);
    const itemPath = scalarString(pathNode);
    if (key === undefined || keyNode === undefined) return;
    if (changes.removed.has(key)) {
      if (push(out, path, removeSeqItem(text, items as YAMLSeq, index, ORIGIN))) change(out, path, 'removedItem', item, { key, into: changes.into });
      if (itemPath !== undefined) files.set(normalizePath(itemPath), null);
      return;
    }
    const newKey = changes.renamed.get(key);
    if (newKey === undefined) return;
    if (push(out, path, replaceScalar(text, keyNode, newKey, ORIGIN))) change(out, path, 'itemKey', keyNode, { from: key, to: newKey });
    if (itemPath !== undefined && pathNode !== undefined) {
      const newPath = toYaml(itemPath);
      if (newPath !== itemPath && push(out, path, replaceScalar(text, pathNode, newPath, ORIGIN))) change(out, path, 'itemPath', pathNode, { from: itemPath, to: newPath });
      files.set(normalizePath(itemPath), normalizePath(newPath));
    }
  });
  return { files };
}

/**
 * True (and an error: plan.ts refuses the setup) when a mount's scalar is written with a `${VAR}` Flux postBuild fills (the mount is read with
 * the build's value, flux-postbuild.ts withFluxVolumes): the value is the build's, never edited here.
 */
function fluxWritten(out: ReferenceEdits, path: string, text: string, key: string, node: Scalar, from: string, to: string): boolean {
  const range = node.range;
  const written = range ? text.slice(range[0], range[1]) : '';
  if (!written.includes('${') || written === from) return false;
  out.findings.push({ ruleId: 'to-yaml-reference', messageId: 'fluxVariable', data: { key, written, from, to }, severity: 'error', path, start: range?.[0] ?? 0, end: range?.[1] ?? 0 });
  return true;
}

/** Edits one volume of a pod: its items, and the subPath mounts of it. */
function editVolume(text: string, path: string, pod: PodTemplate, volume: VolumeInfo, changes: KeyChanges, toYaml: (p: string) => string, out: ReferenceEdits): void {
  const files = volumeFiles(text, path, volume, changes, toYaml, out, pod.namespace);
  if (!files || files.size === 0 || volume.name === undefined) return;
  for (const container of pod.containers) {
    container.volumeMounts.forEach((m, index) => {
      if (m.name !== volume.name || m.subPath === undefined) return;
      const target = files.get(normalizePath(m.subPath));
      if (target === undefined) return;
      if (target === null) {
        if (push(out, path, removeSeqItem(text, m.seq, index, ORIGIN))) change(out, path, 'removedMount', isMap(m.item) ? m.item : undefined, { key: m.subPath, into: changes.into });
        return;
      }
      const subPathNode = getScalar(m.item, 'subPath');
      if (subPathNode && !fluxWritten(out, path, text, 'subPath', subPathNode, m.subPath, target) && push(out, path, replaceScalar(text, subPathNode, target, ORIGIN))) change(out, path, 'subPath', subPathNode, { from: m.subPath, to: target });
      const mountNode = getScalar(m.item, 'mountPath');
      // A file mount named like the file follows it; Fluent Bit needs the .yaml name either way.
      if (mountNode && m.mountPath !== undefined) {
        const newMount = baseName(m.mountPath) === baseName(m.subPath) ? withBase(m.mountPath, baseName(target)) : toYaml(m.mountPath);
        if (newMount !== m.mountPath && !fluxWritten(out, path, text, 'mountPath', mountNode, m.mountPath, newMount) && push(out, path, replaceScalar(text, mountNode, newMount, ORIGIN))) change(out, path, 'mountPath', mountNode, { from: m.mountPath, to: newMount });
      }
    });
  }
}

/** The file names of a volume that change (undefined when the volume has nothing of this object). */
function volumeFiles(
  text: string, path: string, volume: VolumeInfo, changes: KeyChanges, toYaml: (p: string) => string, out: ReferenceEdits, namespace: string | undefined,
): Map<string, string | null> | undefined {
  const { direct, projected } = volumeSources(volume.item, changes.kind);
  if (direct && sourceMatches(direct, changes, namespace)) return editSource(text, path, direct, changes, toYaml, out).files;
  const files = new Map<string, string | null>();
  for (const src of projected) {
    if (sourceMatches(src, changes, namespace)) for (const [k, v] of editSource(text, path, src, changes, toYaml, out).files) files.set(k, v);
  }
  return files.size > 0 ? files : undefined;
}

/** The reference edits of one ConfigMap/Secret's key changes in every pod of the batch. */
export function objectReferenceEdits(index: ReferenceIndex, changes: KeyChanges, toYaml: (p: string) => string, out: ReferenceEdits): void {
  // Only the volumes naming the object can match (volumeFiles checks the rest: namespace, items); the others changed nothing.
  for (const v of index.volumesNaming(changes.kind, changes.name)) editVolume(v.discovery.text, v.discovery.path, v.pod, v.volume, changes, toYaml, out);
}

/** A volume of a pod of the batch. */
export interface PodVolume {
  readonly discovery: Discovery;
  readonly pod: PodTemplate;
  readonly volume: VolumeInfo;
}

/**
 * The references of a batch, indexed once per plan (each setup asked every pod and every kustomization of the
 * batch before: setups x pods, quadratic in a big file): the pods' volumes by the ConfigMap/Secret their sources
 * name, the kustomize generator entries by the file they list.
 */
export class ReferenceIndex {
  private volumes: Map<string, PodVolume[]> | undefined;
  private generators: Map<string, GeneratorUse[]> | undefined;

  constructor(readonly discoveries: readonly Discovery[]) {}

  /** The volumes whose `configMap`/`secret` source, direct or projected, names `name`: in batch, pod and volume order. */
  volumesNaming(kind: KeyChanges['kind'], name: string | undefined): readonly PodVolume[] {
    if (name === undefined) return [];
    this.volumes ??= this.indexVolumes();
    return this.volumes.get(`${kind}\u0000${name}`) ?? [];
  }

  /** Every kustomize generator entry of the batch that names `file` (a batch path), in batch order. */
  generatorUses(file: string): readonly GeneratorUse[] {
    this.generators ??= this.indexGenerators();
    return this.generators.get(normalizePath(file)) ?? [];
  }

  private indexVolumes(): Map<string, PodVolume[]> {
    const out = new Map<string, PodVolume[]>();
    for (const discovery of this.discoveries) {
      for (const pod of discovery.podTemplates) {
        for (const volume of pod.volumes) {
          const keys = new Set<string>();
          for (const kind of ['ConfigMap', 'Secret'] as const) {
            const { direct, projected } = volumeSources(volume.item, kind);
            for (const source of direct ? [direct, ...projected] : projected) {
              const name = sourceName(source, kind);
              if (name !== undefined) keys.add(`${kind}\u0000${name}`);
            }
          }
          for (const key of keys) {
            const list = out.get(key);
            if (list) list.push({ discovery, pod, volume });
            else out.set(key, [{ discovery, pod, volume }]);
          }
        }
      }
    }
    return out;
  }

  private indexGenerators(): Map<string, GeneratorUse[]> {
    const out = new Map<string, GeneratorUse[]>();
    for (const { target, use } of allGeneratorUses(this.discoveries)) {
      const list = out.get(target);
      if (list) list.push(use);
      else out.set(target, [use]);
    }
    return out;
  }
}

/** A kustomize generator entry: `path` or `key=path`. */
function splitEntry(value: string): { key: string | undefined; path: string } {
  const eq = value.indexOf('=');
  return eq < 0 ? { key: undefined, path: value } : { key: value.slice(0, eq), path: value.slice(eq + 1) };
}

/** A generator that lists a plain file of the batch, and the key it gives it. */
export interface GeneratorUse {
  readonly kustomization: KustomizationInfo;
  readonly path: string;
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly key: string;
  readonly node: Scalar;
  readonly seq: YAMLSeq;
  readonly index: number;
  readonly entry: { readonly key: string | undefined; readonly path: string };
}

/** Every kustomize generator entry of the batch that lists a file, with the batch path of that file (`target`). */
function allGeneratorUses(discoveries: readonly Discovery[]): { readonly target: string; readonly use: GeneratorUse }[] {
  const out: { readonly target: string; readonly use: GeneratorUse }[] = [];
  for (const d of discoveries) {
    for (const k of d.kustomizations) {
      const base = dirname(normalizePath(d.path));
      for (const [section, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
        for (const g of getSeq(k.node, section)?.items ?? []) {
          const files = getSeq(g, 'files');
          files?.items.forEach((item, index) => {
            if (!isScalar(item) || typeof item.value !== 'string') return;
            const entry = splitEntry(item.value);
            const use: GeneratorUse = {
              kustomization: k, path: d.path, kind, name: scalarString(isMap(g) ? g.get('name', true) : undefined),
              namespace: scalarString(isMap(g) ? g.get('namespace', true) : undefined) ?? k.namespace,
              key: entry.key ?? baseName(entry.path), node: item, seq: files, index, entry,
            };
            out.push({ target: joinPath(base, entry.path), use });
          });
        }
      }
    }
  }
  return out;
}

/** Renames (or removes) a generator entry for a converted plain file. */
export function editGeneratorEntry(text: string, use: GeneratorUse, to: string | null, into: string, toYaml: (p: string) => string, out: ReferenceEdits): void {
  out.files.add(use.path);
  const shown = use.node.value as string;
  if (to === null) {
    if (push(out, use.path, removeSeqItem(text, use.seq, use.index, ORIGIN))) change(out, use.path, 'removedGeneratorFile', use.node, { file: shown, into });
    return;
  }
  const newPath = withBase(use.entry.path, baseName(to));
  const value = use.entry.key === undefined ? newPath : `${toYaml(use.entry.key)}=${newPath}`;
  if (push(out, use.path, replaceScalar(text, use.node, value, ORIGIN))) change(out, use.path, 'generatorFile', use.node, { from: shown, to: value });
}
