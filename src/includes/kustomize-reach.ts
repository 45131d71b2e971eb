import { isKustomizationFileName } from '../discover/kustomization.js';
import type { Discovery, KustomizationInfo } from '../discover/discovery-types.js';
import { normalizeVfsPath } from './vfs-path.js';

/*
 * What a kustomization's `resources:` (and `bases:`) build: the files they
 * list and, for a directory, its kustomization and what that one builds.
 * A `configMapGenerator` / `secretGenerator` entry with `behavior: merge`
 * adds its keys to the object of that kind and name among them (kustomize
 * api/resource/resource.go): an overlay adding `input.conf` to its base's
 * ConfigMap.
 */

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** `rel` against the directory of `path` (both batch paths), normalised. */
export function besideKustomization(path: string, rel: string): string {
  const dir = dirOf(normalizeVfsPath(path));
  return normalizeVfsPath(dir === '' ? rel : `${dir}/${rel}`);
}

/** For each kustomization of the batch: the kustomization files and other files (normalised batch paths) its resources build. */
export function kustomizeReach(sources: readonly Pick<Discovery, 'path' | 'kustomizations'>[]): (path: string, info: KustomizationInfo) => ReadonlySet<string> {
  const byDir = new Map<string, { path: string; info: KustomizationInfo }[]>();
  for (const s of sources) {
    const path = normalizeVfsPath(s.path);
    if (s.kustomizations.length === 0 || !isKustomizationFileName(path)) continue;
    for (const info of s.kustomizations) byDir.set(dirOf(path), [...(byDir.get(dirOf(path)) ?? []), { path, info }]);
  }
  return (path, info) => {
    const out = new Set<string>();
    const walk = (p: string, k: KustomizationInfo, depth: number): void => {
      if (depth > 16) return;
      for (const r of k.resources) {
        const target = besideKustomization(p, r);
        const inner = byDir.get(target);
        if (!inner) out.add(target);
        else {
          for (const k2 of inner) {
            if (out.has(k2.path)) continue;
            out.add(k2.path);
            walk(k2.path, k2.info, depth + 1);
          }
        }
      }
    };
    walk(normalizeVfsPath(path), info, 0);
    return out;
  };
}
