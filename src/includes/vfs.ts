import { matchWildcard } from '../source/wildcard.js';
import type { Discovery, EmbeddedConfig, OtherKey, PodTemplate } from '../discover/discovery-types.js';
import { buildPath, kustomizeBuild } from '../discover/kustomize-build.js';
import { normalizeVfsPath } from './vfs-path.js';

/** What an include/parsers-file reference points at. */
export type ResolveResult =
  | {
      readonly kind: 'found';
      /** The first match (for the Helm chart's `fluent-bit.conf`: `config.service`). */
      readonly config: EmbeddedConfig;
      /** Every match in order: glob matches, or the pieces the Helm chart concatenates into one file. */
      readonly configs: readonly EmbeddedConfig[];
      readonly path: string;
    }
  | { readonly kind: 'other-key'; readonly name: string; readonly key: OtherKey; readonly path: string }
  /** An absolute path that none of the inputs provides (e.g. the image's `/fluent-bit/etc/parsers.conf`). */
  | { readonly kind: 'outside'; readonly path: string }
  | { readonly kind: 'not-found'; readonly path: string; readonly glob: boolean };

/** Include resolution over one batch of discoveries. */
export interface Vfs {
  /**
   * Resolves `ref` as written in `from` (an `@INCLUDE` path, a
   * `Parsers_File` value...). Relative paths resolve against the directory
   * of `top` (the top-level config, A.9; defaults to `from`); ConfigMap keys
   * and Helm chart pieces are one directory; absolute paths go through the
   * pod mounts of the batch. A `*` in the last path component is a glob over
   * that directory's configs (name order).
   */
  readonly resolve: (from: EmbeddedConfig, ref: string, top?: EmbeddedConfig) => ResolveResult;
  /** Absolute directories where a ConfigMap or the Helm chart's ConfigMap is mounted, for reporting. */
  readonly mounts: readonly { readonly mountPath: string; readonly dir: string; readonly subPath?: string }[];
}

type Entry = { readonly configs: EmbeddedConfig[]; readonly other?: OtherKey };

/** The chart's mount point for its ConfigMap (fluent/helm-charts fluent-bit >= 0.2x). */
export const HELM_CONFIG_DIR = '/fluent-bit/etc/conf';

export { normalizeVfsPath } from './vfs-path.js';

function dirname(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** `rel` against the directory of the file `path` (a classic include, a kustomize generator's file), as the VFS compares paths. */
function besideFile(path: string, rel: string): string {
  const dir = dirname(path);
  return normalizeVfsPath(dir === '' ? rel : `${dir}/${rel}`);
}

/** The directory of one chart's ConfigMap: the values file, its document and where the chart's values sit in it. */
export function helmDirId(path: string, docIndex: number, chartRoot: readonly (string | number)[]): string {
  return chartRoot.length === 0 ? `helm:${path}#${docIndex}` : `helm:${path}#${docIndex}/${chartRoot.join('/')}`;
}

/** The directory a config sits in: its ConfigMap (or Secret), its chart's ConfigMap, or its file's directory. */
export function dirIdOf(cfg: EmbeddedConfig): string {
  switch (cfg.origin) {
    case 'configmap':
      return `cm:${cfg.path}#${cfg.docIndex}/${cfg.configMap?.objectPath.join('/') ?? ''}`;
    case 'helm-value':
      // The value sets of one Argo CD / Flux release render one chart ConfigMap.
      return cfg.chartDir ?? helmDirId(cfg.path, cfg.docIndex, cfg.chartRoot ?? []);
    default:
      return `fs:${normalizeVfsPath(dirname(cfg.path))}`;
  }
}

/** Every ConfigMap mount of the pods, by ConfigMap name, in pod/container/mount order (built once per batch). */
function mountsByConfigMap(pods: readonly PodTemplate[]): Map<string, { mountPath: string; subPath?: string }[]> {
  const out = new Map<string, { mountPath: string; subPath?: string }[]>();
  for (const pod of pods) {
    for (const ctr of pod.containers) {
      for (const m of ctr.volumeMounts) {
        const cmName = m.volume?.configMapName;
        if (cmName === undefined || m.mountPath === undefined) continue;
        const list = out.get(cmName) ?? [];
        if (list.length === 0) out.set(cmName, list);
        list.push(m.subPath ? { mountPath: normalizeVfsPath(m.mountPath), subPath: m.subPath } : { mountPath: normalizeVfsPath(m.mountPath) });
      }
    }
  }
  return out;
}

/** What the VFS reads of a discovery (the CLI's batching gives it plain files only: file-links.ts). */
export type VfsSource = Pick<Discovery, 'path' | 'configs' | 'otherKeys' | 'configMaps' | 'podTemplates'> & Partial<Pick<Discovery, 'kustomizations'>>;

/**
 * Builds the virtual filesystem of a batch: ConfigMap keys as directories,
 * Helm values pieces as the chart's ConfigMap (`fluent-bit.conf` =
 * service+inputs+filters+outputs, `custom_parsers.conf`, extraFiles keys,
 * mounted at `/fluent-bit/etc/conf`), plain files by directory (the keys a
 * kustomize generator with `behavior: merge` adds join the files of the
 * generator or ConfigMap they merge into), and every ConfigMap mount of
 * every pod template in the batch. `replaced`: chart config strings a
 * higher value set of their release replaces, left out (Helm never renders
 * them). Pure; never throws.
 */
export function createVfs(discoveries: readonly VfsSource[], replaced?: (config: EmbeddedConfig) => boolean): Vfs {
  const dirs = new Map<string, Map<string, Entry>>();
  const add = (dir: string, name: string, cfg?: EmbeddedConfig, other?: OtherKey): void => {
    let d = dirs.get(dir);
    if (!d) dirs.set(dir, (d = new Map()));
    const e = d.get(name) ?? { configs: [] };
    d.set(name, { configs: cfg ? [...e.configs, cfg] : e.configs, other: e.other ?? other });
  };
  const byConfigMap = mountsByConfigMap(discoveries.flatMap((d) => d.podTemplates));
  const mounts: { mountPath: string; dir: string; subPath?: string }[] = [];
  for (const d of discoveries) {
    for (const cfg of d.configs) {
      // A chart config string a higher value set replaces is not in the chart's ConfigMap (the one that wins is).
      if (replaced?.(cfg)) continue;
      const name = cfg.origin === 'file' ? (cfg.path.replace(/\\/g, '/').split('/').pop() ?? cfg.name) : cfg.name;
      add(dirIdOf(cfg), name, cfg);
    }
    for (const key of d.otherKeys) add(`cm:${d.path}#${key.docIndex}/${key.configMap.objectPath.join('/')}`, key.name, undefined, key);
    for (const cm of d.configMaps) {
      const dir = `cm:${d.path}#${cm.docIndex}/${cm.objectPath.join('/')}`;
      for (const m of cm.name === undefined ? [] : (byConfigMap.get(cm.name) ?? [])) mounts.push(Object.assign({}, m, { dir })); // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
    }
    const chartDirs = new Set(d.configs.filter((c) => c.origin === 'helm-value').map((c) => dirIdOf(c)));
    for (const dir of chartDirs) mounts.push({ mountPath: HELM_CONFIG_DIR, dir });
  }
  addMergedKeys(discoveries, dirs, add);
  addGeneratedConfigMaps(discoveries, dirs, add, byConfigMap, mounts);

  // Mounts by the path they provide (subPath) or the directory they mount: first index of each.
  let index: { exact: Map<string, number>; dirs: Map<string, number> } | undefined;
  const mountIndex = (): { exact: Map<string, number>; dirs: Map<string, number> } => {
    if (index) return index;
    const exact = new Map<string, number>();
    const dirs = new Map<string, number>();
    mounts.forEach((m, i) => {
      const map = m.subPath !== undefined ? exact : dirs;
      if (!map.has(m.mountPath)) map.set(m.mountPath, i);
    });
    return (index = { exact, dirs });
  };

  const lookup = (dir: string, name: string, ref: string): ResolveResult => {
    const entries = dirs.get(dir);
    if (name.includes('*') || name.includes('?')) {
      const configs = [...(entries?.entries() ?? [])]
        .filter(([n]) => matchWildcard(name, n))
        .sort(([a], [b]) => a.localeCompare(b))
        .flatMap(([, e]) => e.configs);
      const first = configs[0];
      return first ? { kind: 'found', config: first, configs, path: ref } : { kind: 'not-found', path: ref, glob: true };
    }
    const e = entries?.get(name);
    const first = e?.configs[0];
    if (e && first) return { kind: 'found', config: first, configs: e.configs, path: ref };
    if (e?.other) return { kind: 'other-key', name, key: e.other, path: ref };
    return { kind: 'not-found', path: ref, glob: false };
  };

  const resolve = (from: EmbeddedConfig, ref: string, top: EmbeddedConfig = from): ResolveResult => {
    const path = normalizeVfsPath(ref.trim() === ref ? ref : ref);
    if (ref.startsWith('/')) {
      // The first mount (in batch order) that provides the path: a subPath mount at it, or a directory mount of its directory.
      const exact = mountIndex().exact.get(path);
      const slash = path.lastIndexOf('/');
      const inDir = slash > 0 ? mountIndex().dirs.get(path.slice(0, slash)) : undefined;
      const m = exact !== undefined && (inDir === undefined || exact < inDir) ? mounts[exact] : inDir !== undefined ? mounts[inDir] : undefined;
      if (m?.subPath !== undefined) return lookup(m.dir, m.subPath, ref);
      if (m) return lookup(m.dir, path.slice(m.mountPath.length + 1), ref);
      return { kind: 'outside', path: ref };
    }
    if (top.origin === 'file') {
      const full = besideFile(top.path, ref);
      return lookup(`fs:${normalizeVfsPath(dirname(full))}`, full.split('/').pop() ?? full, ref);
    }
    if (ref.includes('/')) return { kind: 'not-found', path: ref, glob: ref.includes('*') };
    return lookup(dirIdOf(top), ref, ref);
  };

  return { resolve, mounts };
}

/** A plain file's entry in the VFS (a kustomize generator's file), by its path. */
function fileEntry(dirs: ReadonlyMap<string, ReadonlyMap<string, Entry>>, path: string): Entry | undefined {
  return dirs.get(`fs:${dirname(path)}`)?.get(path.split('/').pop() ?? path);
}

/**
 * The ConfigMaps kustomize generators make of files (`configMapGenerator`
 * `files:`, not `behavior: merge`): each is a directory of its keys (the
 * file's base name, or `key=path`), mounted where the batch's pods mount a
 * ConfigMap of the generator's name. An absolute `Parsers_File`,
 * `parsers_file` or include path into that mount then reaches the generator's
 * file, as it reaches a written-out ConfigMap's key. The pods name the
 * generator as written: kustomize adds namePrefix/nameSuffix (and the hash
 * suffix) to both.
 */
function addGeneratedConfigMaps(
  discoveries: readonly VfsSource[],
  dirs: ReadonlyMap<string, ReadonlyMap<string, Entry>>,
  add: (dir: string, name: string, cfg?: EmbeddedConfig, other?: OtherKey) => void,
  byConfigMap: ReadonlyMap<string, readonly { mountPath: string; subPath?: string }[]>,
  mounts: { mountPath: string; dir: string; subPath?: string }[],
): void {
  for (const d of discoveries) {
    for (const k of d.kustomizations ?? []) {
      k.generators.forEach((g, i) => {
        if (g.kind !== 'ConfigMap' || g.merge === true || g.name === undefined) return;
        const podMounts = byConfigMap.get(g.name);
        if (podMounts === undefined) return;
        const dir = `gen:${d.path}#${k.docIndex}/${i}`;
        let any = false;
        for (const f of g.files) {
          const e = fileEntry(dirs, besideFile(d.path, f.path));
          if (!e) continue;
          any = true;
          for (const c of e.configs) add(dir, f.key, c);
          if (e.configs.length === 0 && e.other) add(dir, f.key, undefined, e.other);
        }
        if (any) for (const m of podMounts) mounts.push(Object.assign({}, m, { dir })); // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
      });
    }
  }
}

/**
 * The keys `behavior: merge` generators add to the objects their
 * kustomization's resources build (discover/kustomize-build.ts): into the directory
 * of the merged generator's files, or the merged ConfigMap's keys. A name
 * that is there already is left alone (the overlay's file is read on its own).
 * The other way too: the object's keys the generator does not replace join
 * the directory of the generator's files (the overlay's `fluent-bit.conf`
 * replacing the base's reads the base's `parsers.conf`, as in the built
 * ConfigMap).
 */
function addMergedKeys(discoveries: readonly VfsSource[], dirs: ReadonlyMap<string, ReadonlyMap<string, Entry>>, add: (dir: string, name: string, cfg?: EmbeddedConfig, other?: OtherKey) => void): void {
  const sources = discoveries.map((d) => ({ path: d.path, kustomizations: d.kustomizations ?? [] }));
  if (!sources.some((s) => s.kustomizations.some((k) => k.generators.some((g) => g.merge === true)))) return;
  const build = kustomizeBuild(sources.flatMap((s) => s.kustomizations.map((info) => ({ path: s.path, info }))));
  for (const s of sources) {
    for (const k of s.kustomizations) {
      for (const g of k.generators) {
        // `behavior: replace` keeps none of the object's keys, and its own files are the whole object: nothing to share.
        if (g.merge !== true || g.name === undefined) continue;
        const built = build.reach({ path: s.path, info: k });
        const into = new Set<string>();
        // The keys the merged object has before this generator runs: the overlay's files see them beside themselves.
        const baseKeys: { key: string; entry: Entry }[] = [];
        for (const d of discoveries) {
          if (!built.has(buildPath(d.path))) continue;
          for (const k2 of d.kustomizations ?? []) {
            for (const g2 of k2.generators) {
              if (g2.merge === true || g2.replace === true || g2.kind !== g.kind || g2.name !== g.name) continue;
              for (const f of g2.files) {
                into.add(`fs:${dirname(besideFile(d.path, f.path))}`);
                const e = fileEntry(dirs, besideFile(d.path, f.path));
                if (e) baseKeys.push({ key: f.key, entry: e });
              }
            }
          }
          for (const cm of d.configMaps) {
            if (cm.kind !== g.kind || cm.name !== g.name) continue;
            const dir = `cm:${d.path}#${cm.docIndex}/${cm.objectPath.join('/')}`;
            into.add(dir);
            for (const [key, entry] of dirs.get(dir) ?? []) baseKeys.push({ key, entry });
          }
        }
        const own = new Set(g.files.map((f) => f.key));
        for (const f of g.files) {
          const dir = `fs:${dirname(besideFile(s.path, f.path))}`;
          for (const { key, entry } of baseKeys) {
            if (own.has(key) || dirs.get(dir)?.has(key)) continue;
            for (const c of entry.configs) add(dir, key, c);
            if (entry.configs.length === 0 && entry.other) add(dir, key, undefined, entry.other);
          }
        }
        for (const f of g.files) {
          const e = fileEntry(dirs, besideFile(s.path, f.path));
          if (!e) continue;
          for (const dir of into) {
            if (dirs.get(dir)?.has(f.key)) continue;
            for (const c of e.configs) add(dir, f.key, c);
            if (e.configs.length === 0 && e.other) add(dir, f.key, undefined, e.other);
          }
        }
      }
    }
  }
}
