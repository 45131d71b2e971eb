import { posix } from 'node:path';
import { dirname, normalizePath } from '../../deploy/paths.js';
import type { ConfigMapInfo, Discovery, EmbeddedConfig } from '../../discover/discovery-types.js';
import { dirIdOf } from '../../includes/vfs.js';

/*
 * Where the files of a setup live, by the names its configs use for each
 * other: the keys of one ConfigMap (or Secret), or the plain files under
 * one directory (named relative to it, so `@INCLUDE conf.d/in.conf`
 * resolves). The conversion works on these names; edits go back to the
 * batch files through `byName`. A directory's space names every plain file
 * of the batch from there, `../shared/out.conf` included.
 */
export interface Space {
  readonly id: string;
  readonly kind: 'configmap' | 'files';
  /** Plain files: the directory (normalised batch path, '' for the top); ConfigMaps: ''. */
  readonly dir: string;
  readonly byName: ReadonlyMap<string, EmbeddedConfig>;
  readonly texts: ReadonlyMap<string, string>;
  /** The ConfigMap or Secret, for ConfigMap spaces. */
  readonly configMap: { readonly discovery: Discovery; readonly info: ConfigMapInfo } | undefined;
}

export interface SpaceIndex {
  /** The space a config is named in when it is a main file: its ConfigMap, or its own directory. */
  spaceOf(config: EmbeddedConfig): Space;
  /** The name of `config` in `space` (undefined when it is not in it). */
  nameIn(space: Space, config: EmbeddedConfig): string | undefined;
  /** Every ConfigMap space, and the file spaces made so far. */
  readonly all: () => readonly Space[];
}

/** A config's batch path, '/'-separated and normalised. */
export function batchPath(config: EmbeddedConfig): string {
  return normalizePath(config.path);
}

/**
 * The ConfigMap (or Secret) of a file at a document and object path, by one map per file built on first use: a
 * config's ConfigMap was found by scanning every ConfigMap of its file, per config, quadratic in a big manifest.
 * The first ConfigMap at that place wins, as the scan's `find` did.
 */
export class ConfigMapIndex {
  private readonly byFile = new Map<Discovery, Map<string, ConfigMapInfo>>();

  find(discovery: Discovery, docIndex: number, objectPath: readonly (string | number)[]): ConfigMapInfo | undefined {
    let map = this.byFile.get(discovery);
    if (!map) {
      map = new Map();
      for (const m of discovery.configMaps) {
        const key = placeKey(m.docIndex, m.objectPath);
        if (!map.has(key)) map.set(key, m);
      }
      this.byFile.set(discovery, map);
    }
    return map.get(placeKey(docIndex, objectPath));
  }
}

function placeKey(docIndex: number, objectPath: readonly (string | number)[]): string {
  return `${docIndex}\u0000${objectPath.join('/')}`;
}

export function indexSpaces(discoveries: readonly Discovery[], configMaps: ConfigMapIndex = new ConfigMapIndex()): SpaceIndex {
  const cmSpaces = new Map<string, Space>();
  const fileConfigs: EmbeddedConfig[] = [];
  for (const d of discoveries) {
    for (const c of d.configs) {
      if (c.origin === 'file') fileConfigs.push(c);
      if (c.origin !== 'configmap') continue;
      const id = dirIdOf(c);
      let space = cmSpaces.get(id);
      if (!space) {
        const info = configMaps.find(d, c.docIndex, c.configMap?.objectPath ?? []);
        space = { id, kind: 'configmap', dir: '', byName: new Map(), texts: new Map(), configMap: info ? { discovery: d, info } : undefined };
        cmSpaces.set(id, space);
      }
      (space.byName as Map<string, EmbeddedConfig>).set(c.name, c);
      (space.texts as Map<string, string>).set(c.name, c.text);
    }
  }
  const fileSpaces = new Map<string, Space>();
  const fileSpace = (dir: string): Space => {
    let space = fileSpaces.get(dir);
    if (space) return space;
    const byName = new Map<string, EmbeddedConfig>();
    const texts = new Map<string, string>();
    // Every plain file of the batch, named from this directory (`../shared/out.conf` too): an include may reach any of them.
    for (const c of fileConfigs) {
      const p = batchPath(c);
      if (p.startsWith('/') !== dir.startsWith('/')) continue;
      const name = posix.relative(dir === '' ? '.' : dir, p);
      if (name === '') continue;
      byName.set(name, c);
      texts.set(name, c.text);
    }
    space = { id: `fs:${dir}`, kind: 'files', dir, byName, texts, configMap: undefined };
    fileSpaces.set(dir, space);
    return space;
  };
  const namesOf = new Map<Space, Map<EmbeddedConfig, string>>();
  return {
    spaceOf(config) {
      if (config.origin === 'configmap') return cmSpaces.get(dirIdOf(config)) as Space;
      return fileSpace(dirname(batchPath(config)));
    },
    nameIn(space, config) {
      // The first name of the config in the space, by a reverse map made once per space (a directory's space names every plain file).
      let names = namesOf.get(space);
      if (!names) {
        names = new Map();
        for (const [name, c] of space.byName) if (!names.has(c)) names.set(c, name);
        namesOf.set(space, names);
      }
      return names.get(config);
    },
    all: () => [...cmSpaces.values(), ...fileSpaces.values()],
  };
}
