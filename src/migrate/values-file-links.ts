import { discoverFile } from '../discover/discover-file.js';
import type { Discovery, KustomizeGenerator, ValuesFileRef, ValuesFromRef } from '../discover/discovery-types.js';
import { isHelmfileName } from '../discover/releases.js';
import { inClusterPipeline, scriptReleases } from '../discover/shell-helm.js';
import { isYamlPath } from '../source/sniff-format.js';
import { dirname, joinPath, joinedUpward, normalizePath } from '../deploy/paths.js';

/** A values file's batch path: joined to its base (kustomize's valuesFile way); a repository-relative one (`anywhere`) without a leading `/`, never above the root. */
export function valuesFilePath(ref: ValuesFileRef): string | undefined {
  const base = ref.baseIsFile ? dirname(normalizePath(ref.base)) : normalizePath(ref.base);
  if (!ref.anywhere) return joinPath(base, ref.path);
  const joined = joinPath(base.replace(/^\//, ''), ref.path.replace(/^\//, ''));
  return joined === '' || joined === '..' || joined.startsWith('../') ? undefined : joined;
}

/**
 * The index of the one batch path (normalised) a values file is: the path itself, or (`anywhere`) the one path ending
 * with it; when several end with it, the one under the nearest ancestor directory of `from` (the release's file: the
 * repository that holds it holds the path, as two teams' trees side by side each hold `envs/prod/values.yaml`);
 * undefined for none, or several none of `from`'s ancestors holds (valuesFileAmbiguity says which). `byName`: the
 * paths' indices by last segment, to look at those only (the CLI asks for every release of a run).
 */
export function valuesFileIndex(ref: ValuesFileRef, paths: readonly string[], byName?: ReadonlyMap<string, readonly number[]>, from?: string): number | undefined {
  const found = valuesFileMatches(ref, paths, byName);
  if (found.length <= 1 || ref.upward) return found.length <= 1 ? found[0] : undefined;
  return repositoryMatch(ref, found, paths) ?? (from === undefined ? undefined : nearestMatch(valuesFilePath(ref) as string, found, paths, from));
}

/**
 * Of several `found` for an Argo CD `$ref/<path>` whose `ref:` source names its repository (`.../config.git`), the one
 * whose checkout directory (the path before `<path>`) is named as that repository (`config/envs/prod/fb.yaml`): Argo CD
 * reads it in that repository's checkout, wherever the Application's own repository sits. Undefined unless exactly one.
 */
function repositoryMatch(ref: ValuesFileRef, found: readonly number[], paths: readonly string[]): number | undefined {
  const path = valuesFilePath(ref);
  if (ref.repository === undefined || path === undefined) return undefined;
  const named = found.filter((i) => {
    const root = (paths[i] as string).slice(0, -(path.length + 1));
    return lastSegment(root) === ref.repository;
  });
  return named.length === 1 ? named[0] : undefined;
}

/**
 * The batch paths (indices) that end with an `anywhere` values file's path when more than one does and the release's
 * file does not tell which (valuesFileIndex): empty otherwise, and for more than MAX_AMBIGUOUS (a common name,
 * `$values/values.yaml` in a tree of charts: the CLI would join them all to the release's batch; left unsaid).
 */
export function valuesFileAmbiguity(ref: ValuesFileRef, paths: readonly string[], from: string, byName?: ReadonlyMap<string, readonly number[]>): number[] {
  if ((!ref.anywhere && !ref.upward) || ref.glob) return [];
  const found = valuesFileMatches(ref, paths, byName);
  if (ref.upward) return found.length > 1 && found.length <= MAX_AMBIGUOUS ? found : [];
  return found.length > 1 && found.length <= MAX_AMBIGUOUS && repositoryMatch(ref, found, paths) === undefined && nearestMatch(valuesFilePath(ref) as string, found, paths, from) === undefined ? found : [];
}

/** The most candidate files an ambiguous values file path is said with (and the CLI batches with its release). */
export const MAX_AMBIGUOUS = 8;

/** The indices of the batch paths a (non-glob) values file may be: its path, or (`anywhere`) any path ending with it. */
function valuesFileMatches(ref: ValuesFileRef, paths: readonly string[], byName?: ReadonlyMap<string, readonly number[]>): number[] {
  const path = valuesFilePath(ref);
  if (path === undefined) return [];
  const upward = ref.upward ? new Set(joinedUpward(ref.baseIsFile ? dirname(normalizePath(ref.base)) : normalizePath(ref.base), ref.path)) : undefined;
  const is = (i: number): boolean => paths[i] === path || (ref.anywhere && (paths[i] as string).endsWith(`/${path}`)) || upward?.has(paths[i] as string) === true;
  const candidates = byName ? byName.get(lastSegment(path)) ?? [] : paths.keys();
  const found: number[] = [];
  for (const i of candidates) if (is(i)) found.push(i);
  return found;
}

/** Of `found`, the one that is `path` under the nearest ancestor directory of `from` (its own directory first). */
function nearestMatch(path: string, found: readonly number[], paths: readonly string[], from: string): number | undefined {
  for (let dir = dirname(normalizePath(from)); ; dir = dirname(dir)) {
    const want = joinPath(dir, path);
    const at = found.find((i) => paths[i] === want);
    if (at !== undefined) return at;
    if (dir === '' || dir === '/') return undefined;
  }
}

/**
 * The batch paths (normalised) a values file is: valuesFileIndex's one, or
 * for a glob (helmfile's filepath.Glob: `*` and `?` within a segment,
 * `[...]` classes) every path it matches, in path order.
 */
export function valuesFileIndices(ref: ValuesFileRef, paths: readonly string[], byName?: ReadonlyMap<string, readonly number[]>, from?: string): number[] {
  if (!ref.glob) {
    const at = valuesFileIndex(ref, paths, byName, from);
    return at === undefined ? [] : [at];
  }
  const path = valuesFilePath(ref);
  if (path === undefined) return [];
  const pattern = path.split('/');
  const matches = (p: string): boolean => {
    const parts = p.split('/');
    return parts.length === pattern.length && parts.every((part, i) => segmentMatches(pattern[i] as string, part));
  };
  return [...paths.keys()].filter((i) => matches(paths[i] as string)).sort((a, b) => ((paths[a] as string) < (paths[b] as string) ? -1 : 1));
}

/** One path segment against a filepath.Match pattern: `*` (any run), `?` (one character), `[...]` (a class, `^`/`!` negating, `a-z` ranges); no regex (patterns come from input). */
function segmentMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    const one = p < pattern.length && pattern[p] !== '*' ? matchOne(pattern, p, name[n] as string) : undefined;
    if (one !== undefined && one.ok) {
      p = one.next;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whether the pattern item at `p` (a character, `?` or a `[...]` class) matches `c`, and where the next item starts. */
function matchOne(pattern: string, p: number, c: string): { ok: boolean; next: number } {
  const ch = pattern[p] as string;
  if (ch === '?') return { ok: true, next: p + 1 };
  if (ch !== '[') return { ok: ch === c, next: p + 1 };
  const close = pattern.indexOf(']', p + 2);
  if (close < 0) return { ok: ch === c, next: p + 1 };
  let i = p + 1;
  const negate = pattern[i] === '^' || pattern[i] === '!';
  if (negate) i++;
  let found = false;
  for (; i < close; i++) {
    const lo = pattern[i] as string;
    if (pattern[i + 1] === '-' && i + 2 < close) {
      if (c >= lo && c <= (pattern[i + 2] as string)) found = true;
      i += 2;
    } else if (c === lo) found = true;
  }
  return { ok: found !== negate, next: close + 1 };
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
  // A file with top-level `releases:` may be a nested helmfile (another helmfile's `helmfiles:` names it: read as one).
  const nested = !isHelmfileName(file) && text.includes('values') && /^releases[ \t]*:/m.test(text);
  // A Tekton or Argo Workflows step's helm line whose values files are repository-relative (discover/shell-helm.ts scriptReleases).
  const inCluster = text.includes('helm') && isYamlPath(file) && inClusterPipeline(text) !== undefined;
  if (!text.includes('valueFiles') && !text.includes('valuesFiles') && !(isHelmfileName(file) && text.includes('values')) && !nested && !inCluster) return [];
  const { paths, byName } = indexed(inputs);
  const refs = [
    ...discoverFile({ path: file, text }, nested ? { helmfile: { helmfile: true } } : undefined).releases.flatMap((r) => r.valuesFileRefs ?? []),
    ...(inCluster ? scriptReleases(file, text).releases.flatMap((r) => r.valuesFileRefs.filter((ref) => ref.anywhere)) : []),
  ];
  // An ambiguous `anywhere` path (VALUES_FILE_AMBIGUOUS): every file it may be joins, so that the batch says so.
  const linked = refs.flatMap((ref) => {
    const found = valuesFileIndices(ref, paths, byName, file);
    return (found.length > 0 ? found : valuesFileAmbiguity(ref, paths, file, byName)).map((at) => inputs[at] as string);
  });
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

/** A `name:` value (an object's, or a generator's list item's), plain or quoted. */
const NAME_VALUE = /^[ \t-]*["']?name["']?[ \t]*:[ \t]*["']?([^"'\s#]+)/gm;

/** For the CLI's batching: which of `refs` a file holds (a ConfigMap, a Secret, a generator of one); parsed only when its text holds a name. */
export function heldValuesFrom(file: string, text: string, refs: readonly ValuesFromRef[]): ValuesFromRef[] {
  // One pass over the text's `name:` values (a run names hundreds of objects: no search per name).
  const wanted = new Set(refs.map((r) => r.name));
  let named = false;
  for (const m of text.matchAll(NAME_VALUE)) {
    if (!wanted.has(m[1] as string)) continue;
    named = true;
    break;
  }
  if (!named) return [];
  const d = discoverFile({ path: file, text });
  return refs.filter((r) => holdsValuesFromObject(d, r) || valuesFromGenerators(d, r).length > 0);
}
