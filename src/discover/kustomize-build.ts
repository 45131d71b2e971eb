import { dirname, joinPath, normalizePath } from '../source/paths.js';
import type { KustomizationInfo } from './discovery-types.js';
import { isKustomizationFileName, isRemote } from './kustomization.js';

/*
 * What `kustomize build` of a kustomization reads through its `resources:`
 * (and the deprecated `bases:`): each entry is a file, or a directory whose
 * kustomization kustomize builds first and whose output it takes
 * (kubernetes-sigs/kustomize api/internal/target/kusttarget.go
 * `accumulateResources`: a file, else `ldr.New(path)`, a directory or a git
 * URL). One index of the batch's kustomizations (by directory) answers both
 * questions the deployment model asks:
 * - `reach`: the files and kustomizations one kustomization builds (a
 *   `behavior: merge` generator adds its keys to an object among them);
 * - `chains`: the kustomizations that build a file, innermost first (each
 *   one's patches and `images:` apply in that order).
 * Paths are joined as kustomize's loader joins them (`filepath.Join` on its
 * root: `./`, `//` and a trailing `/` go, a leading `..` stays and names the
 * directory above; a `..` above an absolute root is dropped), with
 * deploy/paths.ts `joinPath`. A remote resource (a git URL, an `https://`
 * file: `isRemote`) is never a file of the batch and is skipped. Walks stop
 * at a depth of 16 kustomizations (a cycle stops earlier).
 */

/** A kustomization of the batch: its file (a batch path) and what it holds. */
export interface KustomizationNode {
  readonly path: string;
  readonly info: KustomizationInfo;
}

export interface KustomizeBuild<K extends KustomizationNode> {
  /** The files and kustomization files (`buildPath` form) that `k`'s resources build, at any depth; `k` itself only through a cycle. */
  reach(k: KustomizationNode): ReadonlySet<string>;
  /**
   * What a `behavior: merge`/`replace` generator of `k` changes: `k`'s reach; for a Component, the reach of each
   * kustomization of the batch that lists it (kusttarget.go accumulateComponents runs its generators over the listing
   * kustomization's accumulator: its resources and Components), nothing when none does.
   */
  generatorReach(k: KustomizationNode): ReadonlySet<string>;
  /** The chains of kustomizations that build `path` (a file or a directory with no kustomization), each innermost first. */
  chains(path: string): readonly (readonly K[])[];
  /**
   * The chains that transform the objects `k` generates (its generators, and a Component's, run in `k`'s build):
   * each starts at `k` (a Component: with the Components after it and the listing kustomization), outer ones after.
   */
  generatorChains(k: KustomizationNode): readonly (readonly K[])[];
  /** Every kustomization indexed, batch order (kustomization files or not). */
  readonly nodes: readonly K[];
  /** The kustomization of a file (`buildPath` form; the last one when a file holds several), else undefined. */
  at(path: string): K | undefined;
}

/** Kustomizations inside kustomizations deeper than this are not walked. */
const MAX_DEPTH = 16;

/** A batch path as the walk compares it (deploy/paths.ts `normalizePath`). */
export const buildPath = normalizePath;

/** Indexes `kustomizations` (those in a kustomization file: kustomization.yaml, .yml, Kustomization) by directory. */
export function kustomizeBuild<K extends KustomizationNode>(kustomizations: readonly K[]): KustomizeBuild<K> {
  const byDir = new Map<string, K[]>();
  for (const k of kustomizations) {
    const path = buildPath(k.path);
    if (!isKustomizationFileName(path)) continue;
    const dir = dirname(path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), k]);
  }
  /** Each local resource of `k`: its path, and the kustomizations of that directory (undefined for a file). */
  const resourcesOf = (k: KustomizationNode): { target: string; inner: readonly K[] | undefined }[] => {
    const base = dirname(buildPath(k.path));
    return k.info.resources.flatMap((r) => {
      if (isRemote(r.trim())) return [];
      const target = joinPath(base, r);
      return [{ target, inner: byDir.get(target) }];
    });
  };

  /** The Components `k` lists (`components:`) that the batch holds, in order. */
  const componentsOf = (k: KustomizationNode): K[] => {
    const base = dirname(buildPath(k.path));
    return (k.info.components ?? []).flatMap((c) => (byDir.get(joinPath(base, c)) ?? []).filter((x) => x.info.component === true));
  };

  const reach = (start: KustomizationNode): ReadonlySet<string> => {
    const out = new Set<string>();
    // Breadth first, so that a kustomization is walked at the least depth it is reached at.
    let level: KustomizationNode[] = [start];
    for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
      const next: KustomizationNode[] = [];
      for (const k of level) {
        // A Component's objects and generated ones are part of the build of each kustomization that lists it.
        for (const c of componentsOf(k)) {
          const p = buildPath(c.path);
          if (out.has(p)) continue;
          out.add(p);
          next.push(c);
        }
        for (const { target, inner } of resourcesOf(k)) {
          if (inner === undefined) out.add(target);
          else {
            for (const k2 of inner) {
              const p = buildPath(k2.path);
              if (out.has(p)) continue;
              out.add(p);
              next.push(k2);
            }
          }
        }
      }
      level = next;
    }
    return out;
  };

  const generatorReach = (k: KustomizationNode): ReadonlySet<string> => {
    if (k.info.component !== true) return reach(k);
    const self = buildPath(k.path);
    const out = new Set<string>();
    for (const lister of kustomizations) if (componentsOf(lister).some((c) => buildPath(c.path) === self)) for (const p of reach(lister)) out.add(p);
    return out;
  };

  let files: Map<string, K[][]> | undefined;
  let generators: Map<string, K[][]> | undefined;
  /** Files each kustomization builds, with the chain of kustomizations inside it, innermost first; every path, for the chains of each. */
  const allChains = (): Map<string, K[][]> => {
    const out = new Map<string, K[][]>();
    generators = new Map();
    const expand = (k: K, outer: readonly K[], depth: number): void => {
      if (depth > MAX_DEPTH || outer.includes(k)) return;
      const own = buildPath(k.path);
      generators!.set(own, [...(generators!.get(own) ?? []), [k, ...outer]]);
      // kustomize accumulates k's resources, applies its Components in order (each one's generators and patches over
      // them), then k's own transformers (api/internal/target/kusttarget.go accumulateComponents): k's resources
      // are transformed by its Components first. A Component's own resources are in the same build.
      const components = componentsOf(k).filter((c) => !outer.includes(c) && c !== k);
      const chain = [...components, k, ...outer];
      for (const { target, inner } of resourcesOf(k)) {
        if (inner) for (const k2 of inner) expand(k2, chain, depth + 1);
        else out.set(target, [...(out.get(target) ?? []), chain]);
      }
      components.forEach((c, i) => expand(c, chain.slice(i + 1), depth + 1));
    };
    for (const k of kustomizations) expand(k, [], 0);
    return out;
  };

  let byPath: Map<string, K> | undefined;
  return {
    reach,
    generatorReach,
    chains: (path) => (files ??= allChains()).get(buildPath(path)) ?? [],
    generatorChains: (k) => {
      files ??= allChains();
      return generators?.get(buildPath(k.path)) ?? [];
    },
    nodes: kustomizations,
    at: (path) => (byPath ??= new Map(kustomizations.map((k) => [buildPath(k.path), k]))).get(path),
  };
}
