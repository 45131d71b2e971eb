import type { Discovery, EmbeddedConfig, KustomizationInfo, OtherKey } from '../discover/discovery-types.js';
import { dirIdOf } from '../includes/vfs.js';
import type { GeneratedObject } from './types.js';
import { dirname, joinPath, normalizePath } from './paths.js';
import { buildPath, type KustomizationNode, type KustomizeBuild } from '../discover/kustomize-build.js';
import { scriptConfigMaps } from './script-configmaps.js';

/*
 * What a volume can hold: the keys of the ConfigMaps and Secrets of the
 * batch, of the ConfigMaps kustomize generates from files, and of the
 * ConfigMap a Helm chart renders from its values.
 */

/** One file of a ConfigMap-like object: the configs it holds (the Helm chart's fluent-bit.conf is four values strings), or another key. */
export interface ObjectEntry {
  readonly configs: readonly EmbeddedConfig[];
  readonly other: OtherKey | undefined;
}

/** A ConfigMap or Secret (written, generated, or a chart's) and its keys. */
export interface ObjectDir {
  readonly kind: 'ConfigMap' | 'Secret' | 'chart';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly entries: ReadonlyMap<string, ObjectEntry>;
  /** Where it is written, for messages. */
  readonly path: string;
}

export interface ObjectIndex {
  /**
   * The ConfigMap or Secret a volume names: in the workload's namespace
   * (when both are known), preferring one written in the workload's own file,
   * then in its directory (files of a folder are often alternatives that
   * reuse one name), then anywhere in the batch, or only among the
   * directories of the workload's deployment when the batch holds several
   * (MigrateOptions.deployments).
   */
  find(kind: 'ConfigMap' | 'Secret', name: string | undefined, namespace: string | undefined, fromPath?: string): ObjectDir | undefined;
  /** The chart ConfigMap of a set of values (by its dir id). */
  chart(dirId: string): ObjectDir | undefined;
  /** The ConfigMaps and Secrets kustomize generates with the plain file at `path` (a batch path) as a key, in batch order. */
  generatedFrom(path: string): readonly GeneratedObject[];
}


/** Files the fluent/fluent-bit chart's ConfigMap always has (templates/configmap.yaml). */
const CHART_FILES = ['fluent-bit.conf', 'custom_parsers.conf'];

function addEntry(entries: Map<string, ObjectEntry>, name: string, config?: EmbeddedConfig, other?: OtherKey): void {
  const e = entries.get(name);
  entries.set(name, { configs: config ? [...(e?.configs ?? []), config] : (e?.configs ?? []), other: e?.other ?? other });
}

/** A generated object's key made from a file: the file's configs, or a key whose content is not a config of the batch. */
function addFileEntry(entries: Map<string, ObjectEntry>, key: string, configs: readonly EmbeddedConfig[] | undefined): void {
  if (configs !== undefined && configs.length > 0) for (const c of configs) addEntry(entries, key, c);
  else addEntry(entries, key);
}

/**
 * Indexes the batch's ConfigMaps and Secrets (by kind and name), the
 * ConfigMaps/Secrets kustomize generates from files of the batch
 * (`configMapGenerator`, `secretGenerator`; the name kustomize gives them
 * ends with a hash, and kustomize rewrites the references of the workloads
 * it builds, so they are found by their generator name), and the chart
 * ConfigMaps of Helm values.
 */
export function indexObjects(discoveries: readonly Discovery[], kustomizations: KustomizeBuild<KustomizationNode>, deploymentOf?: ReadonlyMap<string, number>): ObjectIndex {
  const objects: ObjectDir[] = [];
  const merges: { object: ObjectDir; kustomization: string; info: KustomizationInfo }[] = [];
  const charts = new Map<string, ObjectDir>();
  const filesByPath = new Map<string, EmbeddedConfig[]>();
  for (const d of discoveries) {
    for (const c of d.configs) {
      if (c.origin !== 'file') continue;
      const p = normalizePath(c.path);
      filesByPath.set(p, [...(filesByPath.get(p) ?? []), c]);
    }
  }
  for (const d of discoveries) {
    // A file's configs and other keys grouped by object once (a List of thousands of ConfigMaps is one file).
    const configsByDir = new Map<string, EmbeddedConfig[]>();
    for (const c of d.configs) {
      if (c.origin !== 'configmap') continue;
      const dir = dirIdOf(c);
      const list = configsByDir.get(dir);
      if (list) list.push(c);
      else configsByDir.set(dir, [c]);
    }
    const othersByObject = new Map<string, OtherKey[]>();
    for (const k of d.otherKeys) {
      const key = `${k.docIndex}\u0000${k.configMap.objectPath.join('/')}`;
      const list = othersByObject.get(key);
      if (list) list.push(k);
      else othersByObject.set(key, [k]);
    }
    for (const cm of d.configMaps) {
      const entries = new Map<string, ObjectEntry>();
      const dir = `cm:${d.path}#${cm.docIndex}/${cm.objectPath.join('/')}`;
      for (const c of configsByDir.get(dir) ?? []) addEntry(entries, c.name, c);
      for (const k of othersByObject.get(`${cm.docIndex}\u0000${cm.objectPath.join('/')}`) ?? []) addEntry(entries, k.name, undefined, k);
      objects.push({ kind: cm.kind, name: cm.name, namespace: cm.namespace, entries, path: d.path });
    }
    for (const k of d.kustomizations) {
      const made = generated(d.path, k, filesByPath, d.configs);
      objects.push(...made);
      k.generators.forEach((g, i) => {
        const o = made[i];
        if (g.merge === true && o) merges.push({ object: o, kustomization: d.path, info: k });
      });
    }
    for (const c of d.configs) {
      if (c.origin !== 'helm-value') continue;
      const id = dirIdOf(c);
      const existing = charts.get(id);
      const entries = new Map(existing?.entries ?? []);
      addEntry(entries, c.name, c);
      charts.set(id, { kind: 'chart', name: undefined, namespace: undefined, entries, path: d.path });
    }
  }
  // `kubectl create configmap|secret generic NAME --from-file=...` in a script or Makefile: a generator as well (script-configmaps.ts).
  const scripted = scriptConfigMaps(discoveries);
  for (const s of scripted) {
    const entries = new Map<string, ObjectEntry>();
    for (const f of s.files) addFileEntry(entries, f.key, filesByPath.get(f.path));
    for (const key of s.literals) addEntry(entries, key);
    objects.push({ kind: s.kind, name: s.name, namespace: s.namespace, entries, path: s.script });
  }
  mergeGenerators(objects, merges, kustomizations);
  // The chart renders these files from its defaults when the values do not set them: they exist, with contents we do not see.
  for (const chart of charts.values()) {
    const entries = chart.entries as Map<string, ObjectEntry>;
    for (const name of CHART_FILES) if (!entries.has(name)) entries.set(name, { configs: [], other: undefined });
  }
  const generatedByFile = new Map<string, GeneratedObject[]>();
  for (const d of discoveries) {
    for (const k of d.kustomizations) {
      const base = dirname(normalizePath(d.path));
      for (const g of k.generators) {
        const name = g.name === undefined ? undefined : `${k.namePrefix ?? ''}${g.name}${k.nameSuffix ?? ''}`;
        for (const f of g.files) {
          const file = joinPath(base, f.path);
          const list = generatedByFile.get(file) ?? [];
          list.push({ kind: g.kind, name, namespace: k.namespace ?? g.namespace, key: f.key, path: d.path });
          generatedByFile.set(file, list);
        }
      }
    }
  }
  for (const s of scripted) {
    for (const f of s.files) {
      const list = generatedByFile.get(f.path) ?? [];
      list.push({ kind: s.kind, name: s.name, namespace: s.namespace, key: f.key, path: s.script });
      generatedByFile.set(f.path, list);
    }
  }
  const byName = new Map<string, ObjectDir[]>();
  for (const o of objects) {
    const key = `${o.kind}\u0000${o.name ?? ''}`;
    const list = byName.get(key);
    if (list) list.push(o);
    else byName.set(key, [o]);
  }
  return {
    find(kind, name, namespace, fromPath) {
      if (name === undefined) return undefined;
      const named = (byName.get(`${kind}\u0000${name}`) ?? []).filter((o) => o.name === name);
      const inNamespace = named.filter((o) => namespace === undefined || o.namespace === undefined || o.namespace === namespace);
      const pool = inNamespace.length > 0 ? inNamespace : named;
      if (fromPath === undefined) return pool[0];
      const dir = dirname(normalizePath(fromPath));
      const own = pool.find((o) => o.path === fromPath) ?? pool.find((o) => dirname(normalizePath(o.path)) === dir);
      if (own !== undefined || deploymentOf === undefined) return own ?? pool[0];
      // A batch of several deployments (MigrateOptions.deployments): only one of the workload's own.
      const group = deploymentOf.get(dir);
      return pool.find((o) => deploymentOf.get(dirname(normalizePath(o.path))) === group);
    },
    chart: (dirId) => charts.get(dirId),
    generatedFrom: (path) => generatedByFile.get(normalizePath(path)) ?? [],
  };
}

/** The objects a kustomization generates from files beside it. */
function generated(path: string, k: KustomizationInfo, filesByPath: ReadonlyMap<string, EmbeddedConfig[]>, configs: readonly EmbeddedConfig[]): ObjectDir[] {
  const base = dirname(normalizePath(path));
  return k.generators.map((g) => {
    const entries = new Map<string, ObjectEntry>();
    // Its `literals` that hold a config (discover-file.ts readGeneratorLiterals): the same key of the same object.
    const at = g.at?.join('/');
    if (at !== undefined) {
      for (const c of configs) {
        const objectPath = c.configMap?.objectPath.join('/');
        if (c.origin === 'configmap' && c.docIndex === k.docIndex && objectPath !== undefined && (objectPath === at || objectPath.endsWith(`/${at}`))) addEntry(entries, c.name, c);
      }
    }
    for (const f of g.files) addFileEntry(entries, f.key, filesByPath.get(joinPath(base, f.path)));
    return { kind: g.kind, name: g.name, namespace: g.namespace ?? k.namespace, entries, path };
  });
}

/**
 * `configMapGenerator` / `secretGenerator` entries with `behavior: merge`
 * (an overlay adding `input.conf` to its base's ConfigMap): kustomize adds
 * their keys to the object of that kind and name that the kustomization's
 * resources build (api/resource/resource.go, `behavior: merge`). Its new
 * keys are added to that object, so a workload mounting it sees them (an
 * `@INCLUDE` of one resolves); a key both have keeps the base's entry (the
 * overlay's file is read on its own).
 */
function mergeGenerators(objects: readonly ObjectDir[], merges: readonly { object: ObjectDir; kustomization: string; info: KustomizationInfo }[], build: KustomizeBuild<KustomizationNode>): void {
  if (merges.length === 0) return;
  for (const m of merges) {
    const built = build.reach({ path: m.kustomization, info: m.info });
    for (const o of objects) {
      if (o === m.object || o.kind !== m.object.kind || o.name !== m.object.name || !built.has(buildPath(o.path))) continue;
      if (m.object.namespace !== undefined && o.namespace !== undefined && m.object.namespace !== o.namespace) continue;
      const entries = o.entries as Map<string, ObjectEntry>;
      // A key the object has already keeps its entry: the overlay's value replaces it in the overlay's build only.
      for (const [key, e] of m.object.entries) if (!entries.has(key)) entries.set(key, e);
    }
  }
}
