import { discoverFile } from '../discover/discover-file.js';
import type { ValuesFileRef } from '../discover/discovery-types.js';
import { isHelmfileName } from '../discover/releases.js';
import { dirname, joinPath, normalizePath } from '../deploy/paths.js';

/** A values file's batch path: joined to its base (kustomize's valuesFile way); a repository-relative one (`anywhere`) without a leading `/`, never above the root. */
export function valuesFilePath(ref: ValuesFileRef): string | undefined {
  const base = ref.baseIsFile ? dirname(normalizePath(ref.base)) : normalizePath(ref.base);
  if (!ref.anywhere) return joinPath(base, ref.path);
  const joined = joinPath(base.replace(/^\//, ''), ref.path.replace(/^\//, ''));
  return joined === '' || joined === '..' || joined.startsWith('../') ? undefined : joined;
}

/** The index of the one batch path (normalised) a values file is: the path itself, or (`anywhere`) the one path ending with it; undefined for none or several. */
export function valuesFileIndex(ref: ValuesFileRef, paths: readonly string[]): number | undefined {
  const path = valuesFilePath(ref);
  if (path === undefined) return undefined;
  const found = paths.flatMap((p, i) => (p === path || (ref.anywhere && p.endsWith(`/${path}`)) ? [i] : []));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * For the CLI's batching: the input files a release of `file` names as values
 * files (Argo CD `helm.valueFiles`, helmfile `values:` files), with `file`
 * itself, so that they are migrated together wherever they sit; empty when
 * none. Only texts that can name one are read.
 */
export function valuesFileLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  if (!text.includes('valueFiles') && !(isHelmfileName(file) && text.includes('values'))) return [];
  const paths = inputs.map(normalizePath);
  const linked = discoverFile({ path: file, text }).releases.flatMap((r) => (r.valuesFileRefs ?? []).flatMap((ref) => {
    const at = valuesFileIndex(ref, paths);
    return at === undefined ? [] : [inputs[at] as string];
  }));
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}
