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

/**
 * One mount of an object's keys in a container: a configMap/secret volume, or
 * one source of a projected volume (kubelet writes every source's files into
 * one directory: its sources share `volume`). `names` maps a file name of the
 * mount to its key when the source lists `items` (only those keys, at those
 * paths). `owner` is the container, so that a config's relative reference is
 * looked up in what its own container mounts beside it.
 */
interface MountSpec {
  readonly mountPath: string;
  readonly subPath?: string;
  readonly names?: ReadonlyMap<string, string>;
  readonly volume: number;
  /** Its place among the volume's sources (0 for a configMap/secret volume). */
  readonly source: number;
  readonly owner: number;
}

/** A mount of one object's directory of the VFS. */
type VfsMount = MountSpec & { readonly dir: string };

/** `ConfigMap/NAME` or `Secret/NAME`: the key of an object's mounts. */
function objectKey(kind: 'ConfigMap' | 'Secret', name: string): string {
  return `${kind}/${name}`;
}

/** Every configMap/secret mount of the pods (projected sources included), by object, in pod/container/mount order (built once per batch). */
function mountsByObject(pods: readonly PodTemplate[]): Map<string, MountSpec[]> {
  const out = new Map<string, MountSpec[]>();
  let volume = 0;
  let owner = 0;
  for (const pod of pods) {
    for (const ctr of pod.containers) {
      owner++;
      for (const m of ctr.volumeMounts) {
        const source = m.volume?.source;
        if (source === undefined || m.mountPath === undefined) continue;
        const sources = source.kind === 'projected' ? source.sources : source.kind === 'configMap' || source.kind === 'secret' ? [source] : [];
        volume++;
        for (const [source, src] of sources.entries()) {
          if (src.name === undefined) continue;
          const key = objectKey(src.kind === 'configMap' ? 'ConfigMap' : 'Secret', src.name);
          const list = out.get(key) ?? [];
          if (list.length === 0) out.set(key, list);
          const spec: { mountPath: string; subPath?: string; names?: ReadonlyMap<string, string>; volume: number; source: number; owner: number } = { mountPath: normalizeVfsPath(m.mountPath), volume, source, owner };
          if (m.subPath) spec.subPath = m.subPath;
          if (src.items) spec.names = new Map(src.items.map((it) => [normalizeVfsPath(it.path), it.key]));
          list.push(spec);
        }
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
  const byObject = mountsByObject(discoveries.flatMap((d) => d.podTemplates));
  let chartVolume = 0;
  const mounts: VfsMount[] = [];
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
      for (const m of cm.name === undefined ? [] : (byObject.get(objectKey(cm.kind, cm.name)) ?? [])) mounts.push(Object.assign({}, m, { dir })); // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
    }
    const chartDirs = new Set(d.configs.filter((c) => c.origin === 'helm-value').map((c) => dirIdOf(c)));
    // The chart's own pod is not in the batch: each chart directory is a volume of no container.
    for (const dir of chartDirs) mounts.push({ mountPath: HELM_CONFIG_DIR, dir, volume: --chartVolume, source: 0, owner: 0 });
  }
  addMergedKeys(discoveries, dirs, add);
  addGeneratedConfigMaps(discoveries, dirs, add, byObject, mounts);

  // Mounts by volume (a projected volume's sources, in source order), and the first volume (in batch order) that
  // provides a path (a subPath mount at it) or mounts a directory.
  let index: { exact: Map<string, number>; dirs: Map<string, number>; volumes: Map<number, VfsMount[]> } | undefined;
  const mountIndex = (): { exact: Map<string, number>; dirs: Map<string, number>; volumes: Map<number, VfsMount[]> } => {
    if (index) return index;
    const exact = new Map<string, number>();
    const dirIndex = new Map<string, number>();
    const volumes = new Map<number, VfsMount[]>();
    for (const m of mounts) {
      const map = m.subPath !== undefined ? exact : dirIndex;
      if (!map.has(m.mountPath)) map.set(m.mountPath, m.volume);
      const list = volumes.get(m.volume);
      if (list) list.push(m);
      else volumes.set(m.volume, [m]);
    }
    return (index = { exact, dirs: dirIndex, volumes });
  };

  /** `name` among a directory's files (`get`), or a glob over them (`files`, in name order). */
  const pick = (files: () => Iterable<readonly [string, Entry]>, get: (name: string) => Entry | undefined, name: string, ref: string): ResolveResult => {
    if (name.includes('*') || name.includes('?')) {
      const configs = [...files()]
        .filter(([n]) => matchWildcard(name, n))
        .sort(([a], [b]) => a.localeCompare(b))
        .flatMap(([, e]) => e.configs);
      const first = configs[0];
      return first ? { kind: 'found', config: first, configs, path: ref } : { kind: 'not-found', path: ref, glob: true };
    }
    const e = get(name);
    const first = e?.configs[0];
    if (e && first) return { kind: 'found', config: first, configs: e.configs, path: ref };
    if (e?.other) return { kind: 'other-key', name, key: e.other, path: ref };
    return { kind: 'not-found', path: ref, glob: false };
  };

  const lookup = (dir: string, name: string, ref: string): ResolveResult => {
    const entries = dirs.get(dir);
    return pick(() => entries?.entries() ?? [], (n) => entries?.get(n), name, ref);
  };

  /** `name` (a file name, or a glob) in the directory one volume mounts: each source's keys at their `items` paths. */
  const lookupVolume = (sources: readonly VfsMount[], name: string, ref: string): ResolveResult => {
    const only = sources.length === 1 ? sources[0] : undefined;
    if (only && only.names === undefined) return lookup(only.dir, name, ref);
    const files: [string, Entry][] = [];
    const seen = new Set<number>();
    for (const m of [...sources].sort((a, b) => a.source - b.source)) {
      // Two objects of one name in the batch (overlays, namespaces): the first is the source, as for a plain volume.
      if (seen.has(m.source)) continue;
      seen.add(m.source);
      const entries = dirs.get(m.dir);
      if (!entries) continue;
      if (m.names === undefined) files.push(...entries);
      else for (const [file, key] of m.names) {
        const e = entries.get(key);
        if (e) files.push([file, e]);
      }
    }
    return pick(() => files, (n) => files.find(([f]) => f === n)?.[1], name, ref);
  };

  /** The file a subPath mount puts at its mountPath, in the directory of its volume. */
  const atSubPath = (m: VfsMount, ref: string): ResolveResult => lookupVolume(mountIndex().volumes.get(m.volume) ?? [m], m.subPath ?? '', ref);

  /** An absolute path in what the mounts provide: the first subPath mount at it or directory mount of its directory (in batch order), or only `owner`'s. */
  const resolveAbsolute = (path: string, ref: string, owner?: number): ResolveResult | undefined => {
    const { exact, dirs: dirIndex, volumes } = mountIndex();
    const slash = path.lastIndexOf('/');
    const parent = slash > 0 ? path.slice(0, slash) : undefined;
    if (owner === undefined) {
      const e = exact.get(path);
      const d = parent === undefined ? undefined : dirIndex.get(parent);
      const firstOf = (v: number | undefined): number => (v === undefined ? Infinity : mounts.findIndex((m) => m.volume === v));
      if (e !== undefined && (d === undefined || firstOf(e) < firstOf(d))) {
        const m = volumes.get(e)?.find((x) => x.subPath !== undefined && x.mountPath === path);
        if (m) return atSubPath(m, ref);
      }
      if (d !== undefined) return lookupVolume((volumes.get(d) ?? []).filter((m) => m.subPath === undefined), path.slice((parent ?? '').length + 1), ref);
      return undefined;
    }
    // In one container: a subPath mount at the path hides a directory mount's file; the deepest mount is its directory's.
    const own = mounts.filter((m) => m.owner === owner);
    const sub = own.find((m) => m.subPath !== undefined && m.mountPath === path);
    if (sub) return atSubPath(sub, ref);
    const inDir = own.filter((m) => m.subPath === undefined && m.mountPath === parent);
    const v = inDir[0]?.volume;
    return v === undefined ? undefined : lookupVolume(inDir.filter((m) => m.volume === v), path.slice((parent ?? '').length + 1), ref);
  };

  /**
   * A relative `ref` of a ConfigMap's config, as the containers that mount the config see it: beside the config's
   * file, in its mount's directory, which may hold other objects' files (a projected volume's other sources, a
   * subPath mount of another ConfigMap's key). Undefined when no container mounts the config or none finds it.
   */
  const resolveBesideMounts = (top: EmbeddedConfig, ref: string): ResolveResult | undefined => {
    const dir = dirIdOf(top);
    for (const m of mounts) {
      if (m.dir !== dir || m.owner === 0) continue;
      let base: string | undefined;
      if (m.subPath !== undefined) {
        const sub = normalizeVfsPath(m.subPath);
        if ((m.names === undefined ? sub : m.names.get(sub)) === top.name) base = m.mountPath.slice(0, Math.max(0, m.mountPath.lastIndexOf('/')));
      } else {
        // The config's file name in the mount: its key, or the path its `items` entry gives it.
        const file = m.names === undefined ? top.name : [...m.names].find(([, k]) => k === top.name)?.[0];
        if (file !== undefined && !file.includes('/')) base = m.mountPath;
      }
      if (base === undefined) continue;
      const found = resolveAbsolute(normalizeVfsPath(`${base}/${ref}`), ref, m.owner);
      if (found && (found.kind === 'found' || found.kind === 'other-key')) return found;
    }
    return undefined;
  };

  const resolve = (from: EmbeddedConfig, ref: string, top: EmbeddedConfig = from): ResolveResult => {
    const path = normalizeVfsPath(ref.trim() === ref ? ref : ref);
    if (ref.startsWith('/')) return resolveAbsolute(path, ref) ?? { kind: 'outside', path: ref };
    if (top.origin === 'file') {
      const full = besideFile(top.path, ref);
      return lookup(`fs:${normalizeVfsPath(dirname(full))}`, full.split('/').pop() ?? full, ref);
    }
    const own: ResolveResult = ref.includes('/') ? { kind: 'not-found', path: ref, glob: ref.includes('*') } : lookup(dirIdOf(top), ref, ref);
    if (own.kind !== 'not-found' || top.origin !== 'configmap') return own;
    return resolveBesideMounts(top, ref) ?? own;
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
  byObject: ReadonlyMap<string, readonly MountSpec[]>,
  mounts: VfsMount[],
): void {
  for (const d of discoveries) {
    for (const k of d.kustomizations ?? []) {
      k.generators.forEach((g, i) => {
        if (g.kind !== 'ConfigMap' || g.merge === true || g.name === undefined) return;
        const podMounts = byObject.get(objectKey('ConfigMap', g.name));
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
        const built = build.generatorReach({ path: s.path, info: k });
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
