import { isMap, isSeq, parseAllDocuments, type YAMLMap } from 'yaml';
import type { InlinePatchImage, KustomizationInfo, KustomizeGenerator, KustomizeImage } from './discovery-types.js';
import { getNode, getSeq, getString, scalarSource } from '../yaml/yaml-nodes.js';

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

function generators(obj: YAMLMap, key: string, kind: 'ConfigMap' | 'Secret'): KustomizeGenerator[] {
  return (getSeq(obj, key)?.items ?? []).flatMap((g) =>
    isMap(g) ? [{ kind, name: getString(g, 'name'), namespace: getString(g, 'namespace'), files: generatorFiles(getSeq(g, 'files')) }] : [],
  );
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
  const resources = ['resources', 'bases'].flatMap((k) => (getSeq(obj, k)?.items ?? []).flatMap((it) => {
    const s = scalarSource(it);
    return s === undefined ? [] : [s];
  }));
  const patches = [
    ...(getSeq(obj, 'patchesStrategicMerge')?.items ?? []).flatMap((it) => scalarSource(it) ?? []),
    ...(getSeq(obj, 'patches')?.items ?? []).flatMap((p) => (isMap(p) ? (getString(p, 'path') ?? []) : [])),
  ];
  return {
    docIndex,
    namespace: getString(obj, 'namespace'),
    resources,
    images,
    generators: [...generators(obj, 'configMapGenerator', 'ConfigMap'), ...generators(obj, 'secretGenerator', 'Secret')],
    patches,
    inlinePatchImages: (getSeq(obj, 'patches')?.items ?? []).flatMap((p) => (isMap(p) ? inlinePatchImages(p) : [])),
    node: obj,
  };
}

/** JSON6902 paths that set a pod template container's image (`/spec/template/spec/containers/0/image`). */
const CONTAINER_IMAGE_PATH = /^\/spec\/template\/spec\/containers\/(\d+)\/image$/;

/**
 * The container images one `patches[]` entry's inline `patch:` text sets: a
 * strategic-merge object (its kind and name, or the entry's `target`; its
 * containers by name) or JSON6902 `add`/`replace` ops on a container's image
 * (the `target`'s kind and name; the container by index).
 */
function inlinePatchImages(entry: YAMLMap): InlinePatchImage[] {
  const text = getString(entry, 'patch');
  if (text === undefined) return [];
  const target = getNode(entry, 'target');
  const targetKind = isMap(target) ? getString(target, 'kind') : undefined;
  const targetName = isMap(target) ? getString(target, 'name') : undefined;
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]?.errors.length !== 0) return [];
  const root = docs[0].contents;
  if (isSeq(root)) {
    if (targetKind === undefined || targetName === undefined) return [];
    return root.items.flatMap((op) => {
      if (!isMap(op) || !['add', 'replace'].includes(getString(op, 'op') ?? '')) return [];
      const m = CONTAINER_IMAGE_PATH.exec(getString(op, 'path') ?? '');
      const image = getString(op, 'value');
      return m && image ? [{ kind: targetKind, name: targetName, container: { index: Number(m[1]) }, image }] : [];
    });
  }
  if (!isMap(root)) return [];
  const kind = getString(root, 'kind') ?? targetKind;
  const name = getString(getNode(root, 'metadata'), 'name') ?? targetName;
  if (kind === undefined || name === undefined) return [];
  const containers = getSeq(getNode(getNode(getNode(root, 'spec'), 'template'), 'spec'), 'containers');
  return (containers?.items ?? []).flatMap((c) => {
    const container = isMap(c) ? getString(c, 'name') : undefined;
    const image = isMap(c) ? getString(c, 'image') : undefined;
    return container && image ? [{ kind, name, container: { name: container }, image }] : [];
  });
}

/** True for a Kustomization object (`kustomize.config.k8s.io/*`). */
export function isKustomizationObject(obj: YAMLMap): boolean {
  return getString(obj, 'kind') === 'Kustomization' && (getString(obj, 'apiVersion') ?? '').startsWith('kustomize.config.k8s.io/');
}


/** A kustomize path that names something outside the checkout (a git URL, an `https://` file). */
function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(ref) || ref.includes('?ref=') || ref.includes('//');
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
  for (const [i, doc] of docs.entries()) {
    const obj = doc.contents;
    if (doc.errors.length > 0 || !isMap(obj)) continue;
    // What discovery reads of a kustomization (resources, bases, generators), and the paths it does not need.
    const info = readKustomization(obj, i);
    for (const r of info.resources) add(r);
    for (const g of info.generators) for (const f of g.files) add(f.path);
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
