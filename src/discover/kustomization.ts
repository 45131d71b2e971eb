import { isMap, type YAMLMap } from 'yaml';
import type { KustomizationInfo, KustomizeGenerator, KustomizeImage } from './discovery-types.js';
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
  return {
    docIndex,
    namespace: getString(obj, 'namespace'),
    resources,
    images,
    generators: [...generators(obj, 'configMapGenerator', 'ConfigMap'), ...generators(obj, 'secretGenerator', 'Secret')],
    node: obj,
  };
}

/** True for a Kustomization object (`kustomize.config.k8s.io/*`). */
export function isKustomizationObject(obj: YAMLMap): boolean {
  return getString(obj, 'kind') === 'Kustomization' && (getString(obj, 'apiVersion') ?? '').startsWith('kustomize.config.k8s.io/');
}

