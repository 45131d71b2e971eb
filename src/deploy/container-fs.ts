import type { ObjectSource } from '../discover/discovery-types.js';
import { matchWildcard } from '../source/wildcard.js';
import type { ObjectDir, ObjectEntry, ObjectIndex } from './objects.js';
import { CHART_FILES } from './objects.js';
import { isWithin, normalizePath } from './paths.js';
import type { FileLookup, Mount } from './types.js';

/*
 * What a container sees at a path: its mounts (the deepest covering mount
 * wins, as mounts shadow each other), the ConfigMap/Secret keys behind
 * them, and the files of the official image under /fluent-bit/etc when
 * nothing is mounted over them.
 */

/** Where the official image keeps its configs; a mount at or above it hides the stock files. */
export const IMAGE_CONFIG_DIR = '/fluent-bit/etc';

/** The default `-c` of the official image (its Dockerfile CMD, v1.9 to v5.1: fluent-bit-config-format.md B.3). */
export const DEFAULT_CONFIG_PATH = '/fluent-bit/etc/fluent-bit.conf';

/** Files of the official image under /fluent-bit/etc (fluent/fluent-bit conf/, installed by its Dockerfile). */
const STOCK_FILES = /^\/fluent-bit\/etc\/(fluent-bit\.conf|parsers[\w-]*\.conf|plugins\.conf)$/;

/** True for a path the official image provides (when not hidden by a mount). */
export function isStockFile(path: string): boolean {
  return STOCK_FILES.test(path);
}

/**
 * A volume's files: every key of its object(s), or the listed items at their
 * paths; undefined when its object is not in the batch. A projected volume
 * some of whose sources are in the batch has their files, marked partial (see
 * isPartial): a path none of them holds may come from a source we cannot see.
 * So are the keys of an object that says it is partial (ObjectDir.partial).
 */
export type VolumeFiles = ReadonlyMap<string, ObjectEntry> | undefined;

/** The files of projected volumes with a source (a Secret of credentials, a ConfigMap of another repository) not in the batch. */
const partialFiles = new WeakSet<ReadonlyMap<string, ObjectEntry>>();

/** True when `files` are a projected volume's known sources only. */
function isPartial(files: ReadonlyMap<string, ObjectEntry>): boolean {
  return partialFiles.has(files);
}

function objectFiles(source: ObjectSource, objects: ObjectIndex, namespace: string | undefined, fromPath: string): VolumeFiles {
  const obj: ObjectDir | undefined = objects.find(source.kind === 'configMap' ? 'ConfigMap' : 'Secret', source.name, namespace, fromPath);
  if (!obj) return undefined;
  if (!source.items) {
    if (obj.partial === true) partialFiles.add(obj.entries);
    return obj.entries;
  }
  const out = new Map<string, ObjectEntry>();
  for (const it of source.items) {
    const e = obj.entries.get(it.key);
    if (e) out.set(normalizePath(it.path), e);
  }
  if (obj.partial === true) partialFiles.add(out);
  return out;
}

/** The files of a mount's volume; undefined when we cannot know them (hostPath, emptyDir, an object not in the batch). */
export function volumeFiles(mount: Mount, objects: ObjectIndex, namespace: string | undefined, fromPath: string): VolumeFiles {
  const source = mount.volume?.source;
  if (!source) return undefined;
  switch (source.kind) {
    case 'configMap':
    case 'secret':
      return objectFiles(source, objects, namespace, fromPath);
    case 'projected': {
      // kubelet writes each source's files into one directory; one not in the batch hides none of the others' files.
      const out = new Map<string, ObjectEntry>();
      let partial = false;
      for (const s of source.sources) {
        const files = objectFiles(s, objects, namespace, fromPath);
        if (!files || isPartial(files)) partial = true;
        if (files) for (const [k, v] of files) out.set(k, v);
      }
      if (!partial) return out;
      if (out.size === 0) return undefined;
      partialFiles.add(out);
      return out;
    }
    case 'chart': {
      const entries = objects.chart(source.dirId)?.entries;
      return entries && source.only ? renderedEntries(entries, source.only) : entries;
    }
    default:
      return undefined;
  }
}

/**
 * The files of a chart's ConfigMap as one environment's deployment renders them: the config strings of its own value
 * sets (a file another environment's values give is not there); a file the chart renders from its defaults stays.
 */
function renderedEntries(entries: ReadonlyMap<string, ObjectEntry>, only: ReadonlySet<string>): Map<string, ObjectEntry> {
  const out = new Map<string, ObjectEntry>();
  for (const [name, e] of entries) {
    const configs = e.configs.filter((c) => only.has(c.id));
    if (configs.length === e.configs.length) out.set(name, e);
    else if (configs.length > 0 || CHART_FILES.includes(name)) out.set(name, { ...e, configs });
  }
  return out;
}

/** A container's view of its filesystem. */
export interface ContainerFs {
  lookup(path: string): FileLookup;
  /** Names matching a glob in the last path component of `pattern` (absolute), sorted; undefined when the directory's contents are unknown. */
  glob(pattern: string): FileLookup[] | undefined;
  /** True when /fluent-bit/etc of the image is not hidden by a mount. */
  readonly stockFilesVisible: boolean;
  /** The mount a path is under (the deepest covering one; a subPath mount covers its own path only). */
  mountOf(path: string): Mount | undefined;
}

interface ResolvedMount {
  readonly mount: Mount;
  readonly mountPath: string;
  readonly subPath: string | undefined;
  readonly files: VolumeFiles;
}

function toLookup(path: string, entry: ObjectEntry | undefined): FileLookup {
  if (!entry) return { kind: 'missing', path };
  if (entry.configs.length > 0) return { kind: 'config', configs: entry.configs, path };
  return { kind: 'other-key', key: entry.other, path };
}

/**
 * The filesystem of a container: `mounts` with the files of their volumes
 * (`filesOf`), over the image's files when `officialImage` (the stock
 * /fluent-bit/etc files).
 */
export function containerFs(mounts: readonly Mount[], filesOf: (m: Mount) => VolumeFiles, officialImage: boolean): ContainerFs {
  const resolved: ResolvedMount[] = mounts.flatMap((m) =>
    m.mountPath === undefined || !m.mountPath.startsWith('/') ? [] : [{ mount: m, mountPath: normalizePath(m.mountPath), subPath: m.subPath ? normalizePath(m.subPath) : undefined, files: filesOf(m) }],
  );
  const covering = (path: string): ResolvedMount | undefined => {
    let best: ResolvedMount | undefined;
    for (const m of resolved) {
      const hit = m.subPath !== undefined ? path === m.mountPath : isWithin(path, m.mountPath);
      if (hit && (!best || m.mountPath.length >= best.mountPath.length)) best = m;
    }
    return best;
  };
  const stockFilesVisible = officialImage && !resolved.some((m) => m.subPath === undefined && isWithin(IMAGE_CONFIG_DIR, m.mountPath));
  const lookup = (raw: string): FileLookup => {
    const path = normalizePath(raw);
    const m = covering(path);
    if (!m) return stockFilesVisible && isStockFile(path) ? { kind: 'image', path } : { kind: 'unknown', path };
    if (!m.files) return { kind: 'unknown', path };
    const rel = m.subPath !== undefined ? m.subPath : path.slice(m.mountPath.length + (m.mountPath === '/' ? 0 : 1));
    // A subPath mount of a file hides the image's file at that path; a file the volume lacks is missing.
    const entry = m.files.get(rel);
    if (!entry && isPartial(m.files)) return { kind: 'unknown', path };
    return toLookup(path, entry);
  };
  const glob = (pattern: string): FileLookup[] | undefined => {
    const path = normalizePath(pattern);
    const slash = path.lastIndexOf('/');
    const dir = slash <= 0 ? '/' : path.slice(0, slash);
    const name = path.slice(slash + 1);
    const m = covering(dir === '/' ? '/' : dir);
    if (!m || m.subPath !== undefined || !m.files || isPartial(m.files)) return undefined;
    const relDir = dir === m.mountPath ? '' : dir.slice(m.mountPath.length + 1);
    const out: FileLookup[] = [];
    for (const key of [...m.files.keys()].sort()) {
      const slashAt = key.lastIndexOf('/');
      const keyDir = slashAt < 0 ? '' : key.slice(0, slashAt);
      const base = key.slice(slashAt + 1);
      if (keyDir === relDir && matchWildcard(name, base)) out.push(toLookup(`${dir === '/' ? '' : dir}/${base}`, m.files.get(key)));
    }
    return out;
  };
  return { lookup, glob, stockFilesVisible, mountOf: (path) => covering(normalizePath(path))?.mount };
}
