import { isScalar, Scalar } from 'yaml';
import type { Discovery, EmbeddedConfig, OtherKey } from '../discover/discovery-types.js';
import { decodeBase64 } from '../source/base64.js';
import { DEFAULT_CONFIG_PATH } from './container-fs.js';
import type { ObjectIndex } from './objects.js';
import { dirname, joinPath, normalizePath } from './paths.js';
import type { BatchFileText, ConfigMapValue, Container, Deployment, FileLookup } from './types.js';

/*
 * The files a config names by path that are not configs (a Lua filter's `script`), read from the batch as Fluent Bit
 * opens them (Deployment.filesNamed). The path goes through the same lookups as includes: a container's mounts
 * (container-fs.ts, the ConfigMap keys and projected sources behind them), else the config's own ConfigMap or
 * directory. A key's text is read from its file's parsed document (OtherKey carries its offsets, not its file).
 *
 * Fluent Bit's lua filter (plugins/filter_lua/lua_config.c, lua_config_create): `code` wins over `script`; a
 * `script` path is stat()ed as written (from the process's working directory), and when that fails and it is
 * relative, `conf_path` (the directory of the `-c` file) is put in front of it. The working directory is not
 * modelled: a relative path is read against the `-c` file's directory.
 */

/** The batch's files by path and by the ConfigMap keys they hold, each index built on first use. */
export interface BatchFiles {
  fileOfKey(key: OtherKey): Discovery | undefined;
  byPath(path: string): Discovery | undefined;
}

/** BatchFiles over a batch: one per batch, shared by the build context and the deployment's readers. */
export function batchFiles(discoveries: readonly Discovery[]): BatchFiles {
  let keyFiles: Map<OtherKey, Discovery> | undefined;
  let plainFiles: Map<string, Discovery> | undefined;
  return {
    fileOfKey: (key) => (keyFiles ??= new Map(discoveries.flatMap((d) => d.otherKeys.map((k) => [k, d] as const)))).get(key),
    byPath: (path) => (plainFiles ??= new Map(discoveries.map((d) => [normalizePath(d.path), d] as const))).get(normalizePath(path)),
  };
}

/** Builds Deployment.filesNamed and Deployment.configMapKey over the batch. */
export function namedFiles(files: BatchFiles, objects: ObjectIndex, runnersOf: (config: EmbeddedConfig) => readonly Container[]): Pick<Deployment, 'filesNamed' | 'configMapKey' | 'configMapData'> {
  const { fileOfKey } = files;
  const plainFile = (path: string): BatchFileText | undefined => {
    const d = files.byPath(path);
    return d === undefined ? undefined : { path: d.path, fileText: d.text, start: 0, end: d.text.length, content: d.text, verbatim: true };
  };
  const keyText = (key: OtherKey | undefined): BatchFileText | undefined => {
    const d = key === undefined ? undefined : fileOfKey(key);
    if (key === undefined || d === undefined) return undefined;
    if (key.base64 !== undefined) {
      const content = decodeBase64(key.base64);
      return content === undefined ? undefined : { path: d.path, fileText: d.text, start: key.start, end: key.end, content, verbatim: false };
    }
    const node = d.documents[key.docIndex]?.getIn(key.yamlPath, true);
    if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
    return { path: d.path, fileText: d.text, start: key.start, end: key.end, content: String(node.value), verbatim: node.type === Scalar.BLOCK_LITERAL };
  };
  const fromLookup = (l: FileLookup): BatchFileText | undefined => (l.kind === 'other-key' ? keyText(l.key) : undefined);
  const configMapData = configMapReader(objects, files);
  const configMapKey = (name: string, namespace: string | undefined, key: string, fromPath: string): BatchFileText | undefined => keyText(objects.find('ConfigMap', name, namespace, fromPath)?.entries.get(key)?.other);
  const filesNamed = (config: EmbeddedConfig, ref: string): readonly BatchFileText[] => {
    const runners = runnersOf(config).filter((c) => c.runsFluentBit);
    const found: BatchFileText[] = [];
    const add = (f: BatchFileText | undefined): void => {
      if (f !== undefined && !found.some((x) => x.path === f.path && x.start === f.start)) found.push(f);
    };
    if (runners.length > 0) {
      for (const c of runners) add(fromLookup(c.lookup(ref.startsWith('/') ? normalizePath(ref) : joinPath(dirname(c.configPath ?? DEFAULT_CONFIG_PATH), ref))));
      return found;
    }
    // No container of the batch runs it: beside the config, as Fluent Bit run on that file (or ConfigMap) would read it.
    if (config.origin === 'file') {
      if (!ref.startsWith('/')) add(plainFile(joinPath(dirname(normalizePath(config.path)), ref)));
    } else if (config.origin === 'configmap' && config.configMap !== undefined && !ref.includes('/')) {
      const cm = config.configMap;
      const entry = objects.find(cm.kind, cm.name, cm.namespace, config.path)?.entries.get(ref);
      add(keyText(entry?.other));
    }
    return found;
  };
  return { filesNamed, configMapKey, configMapData };
}

/** Deployment.configMapData over the batch: it reads the objects and files only, so a container being built can use it (its env's envFrom). */
export function configMapData(files: BatchFiles, objects: ObjectIndex): Deployment['configMapData'] {
  return configMapReader(objects, files);
}

function configMapReader(objects: ObjectIndex, files: BatchFiles): Deployment['configMapData'] {
  return (name, namespace, fromPath) => {
    const cm = objects.find('ConfigMap', name, namespace, fromPath);
    if (cm === undefined) return undefined;
    const keys = new Map<string, ConfigMapValue | undefined>();
    for (const [key, entry] of cm.entries) {
      const other = entry.other;
      // binaryData (base64) is not read into the environment; a key holding a config, or one without text (a generator's file): set, value unknown.
      if (other?.base64 !== undefined) continue;
      if (entry.value !== undefined && entry.configs.length === 0) {
        keys.set(key, entry.value);
        continue;
      }
      const d = other === undefined ? undefined : files.fileOfKey(other);
      const node = other === undefined ? undefined : d?.documents[other.docIndex]?.getIn(other.yamlPath, true);
      keys.set(key, d !== undefined && isScalar(node) && node.value !== null && node.value !== undefined ? { value: String(node.value), node, path: d.path, text: d.text } : undefined);
    }
    // Only a ConfigMap written in a manifest, or one kustomize generates from literals, env files and files the batch
    // holds (`complete`), lists all its keys: a script's `--from-literal`, an env file not in the batch may hold others.
    const written = files.byPath(cm.path)?.configMaps.some((w) => w.kind === 'ConfigMap' && w.name === cm.name && w.namespace === cm.namespace) === true;
    return { keys, partial: cm.partial === true || cm.kind !== 'ConfigMap' || !(written || cm.complete === true) };
  };
}
