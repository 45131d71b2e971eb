import { discoverFile } from '../discover/discover-file.js';
import type { Discovery, KustomizeGenerator, ValuesFileRef, ValuesFromRef } from '../discover/discovery-types.js';
import { isHelmfileName } from '../discover/releases.js';
import { dirname, joinPath, normalizePath } from '../deploy/paths.js';

/** A values file's batch path: joined to its base (kustomize's valuesFile way); a repository-relative one (`anywhere`) without a leading `/`, never above the root. */
export function valuesFilePath(ref: ValuesFileRef): string | undefined {
  const base = ref.baseIsFile ? dirname(normalizePath(ref.base)) : normalizePath(ref.base);
  if (!ref.anywhere) return joinPath(base, ref.path);
  const joined = joinPath(base.replace(/^\//, ''), ref.path.replace(/^\//, ''));
  return joined === '' || joined === '..' || joined.startsWith('../') ? undefined : joined;
}

/** The index of the one batch path (normalised) a values file is: the path itself, or (`anywhere`) the one path ending with it; undefined for none or several. `byName`: the paths' indices by last segment, to look at those only (the CLI asks for every release of a run). */
export function valuesFileIndex(ref: ValuesFileRef, paths: readonly string[], byName?: ReadonlyMap<string, readonly number[]>): number | undefined {
  const path = valuesFilePath(ref);
  if (path === undefined) return undefined;
  const is = (i: number): boolean => paths[i] === path || (ref.anywhere && (paths[i] as string).endsWith(`/${path}`));
  const candidates = byName ? byName.get(lastSegment(path)) ?? [] : paths.keys();
  const found: number[] = [];
  for (const i of candidates) if (is(i)) found.push(i);
  return found.length === 1 ? found[0] : undefined;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * For the CLI's batching: the input files a release of `file` names as values
 * files (Argo CD `helm.valueFiles`, helmfile `values:` files), with `file`
 * itself, so that they are migrated together wherever they sit; empty when
 * none. Only texts that can name one are read.
 */
export function valuesFileLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  if (!text.includes('valueFiles') && !(isHelmfileName(file) && text.includes('values'))) return [];
  const { paths, byName } = indexed(inputs);
  const linked = discoverFile({ path: file, text }).releases.flatMap((r) => (r.valuesFileRefs ?? []).flatMap((ref) => {
    const at = valuesFileIndex(ref, paths, byName);
    return at === undefined ? [] : [inputs[at] as string];
  }));
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}

/** The inputs' normalised paths and their indices by last segment, made once per inputs array: the CLI asks for every release file of a run against the same list. */
const indexes = new WeakMap<readonly string[], { paths: readonly string[]; byName: ReadonlyMap<string, readonly number[]> }>();
function indexed(inputs: readonly string[]): { paths: readonly string[]; byName: ReadonlyMap<string, readonly number[]> } {
  let index = indexes.get(inputs);
  if (index === undefined) {
    const paths = inputs.map(normalizePath);
    const byName = new Map<string, number[]>();
    paths.forEach((p, i) => {
      const name = lastSegment(p);
      const list = byName.get(name);
      if (list === undefined) byName.set(name, [i]);
      else list.push(i);
    });
    indexes.set(inputs, (index = { paths, byName }));
  }
  return index;
}

/** A Flux `valuesFrom` item names this object: its kind and name, and its namespace when both say one (the release's is the item's). */
function namesObject(ref: ValuesFromRef, kind: string, name: string | undefined, namespace: string | undefined): boolean {
  return kind === ref.kind && name === ref.name && (namespace === undefined || ref.namespace === undefined || namespace === ref.namespace);
}

/** Whether a file holds the ConfigMap or Secret a `valuesFrom` item names. */
export function holdsValuesFromObject(d: Discovery, ref: ValuesFromRef): boolean {
  return d.configMaps.some((cm) => namesObject(ref, cm.kind, cm.name, cm.namespace));
}

/** The kustomize generators of a file that make the ConfigMap or Secret a `valuesFrom` item names. */
export function valuesFromGenerators(d: Discovery, ref: ValuesFromRef): KustomizeGenerator[] {
  return d.kustomizations.flatMap((k) => k.generators.filter((g) => namesObject(ref, g.kind, g.name, g.namespace ?? k.namespace)));
}

/** For the CLI's batching: the Flux `valuesFrom` items of a file's HelmReleases; only texts holding `valuesFrom` are read. */
export function valuesFromRefsIn(file: string, text: string): readonly ValuesFromRef[] {
  return text.includes('valuesFrom') ? discoverFile({ path: file, text }).valuesFrom : [];
}

/** A text that may hold a ConfigMap or Secret, or a kustomize generator of one (a text test). */
export function mayHoldValuesFrom(text: string): boolean {
  return text.includes('ConfigMap') || text.includes('Secret') || text.includes('Generator');
}

/** For the CLI's batching: which of `refs` a file holds (a ConfigMap, a Secret, a generator of one); parsed only when its text holds a name. */
export function heldValuesFrom(file: string, text: string, refs: readonly ValuesFromRef[]): ValuesFromRef[] {
  if (!refs.some((r) => text.includes(r.name))) return [];
  const d = discoverFile({ path: file, text });
  return refs.filter((r) => holdsValuesFromObject(d, r) || valuesFromGenerators(d, r).length > 0);
}
