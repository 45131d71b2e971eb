import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { resolveAlias } from '../yaml/aliases.js';
import { pairOf } from '../yaml/yaml-nodes.js';

/**
 * Which of a release's value sets gives the value at a path once Helm has
 * merged them (helm/helm pkg/cli/values/options.go `mergeMaps` for `-f`
 * files, pkg/chartutil/coalesce.go `coalesceValues`/`CoalesceTables` for a
 * chart's values.yaml below them; Flux's and Argo CD's merges are the same):
 * maps merge key by key, a later set's scalar or list replaces the earlier
 * value wholesale (a map too), and `key: null` deletes the key, so no lower
 * set gives it and the chart's template default applies.
 *
 *   value     the set whose node is the merged value (findings and edits go there)
 *   null      the set whose `key: null` (at the path or above it) deletes it
 *   replaced  the set whose scalar or list above the path replaces the maps below it
 *   undefined no set gives the path
 */
export type Supplied<S> =
  | { readonly kind: 'value'; readonly set: S; readonly node: Node }
  | { readonly kind: 'null'; readonly set: S }
  | { readonly kind: 'replaced'; readonly set: S }
  | undefined;

/**
 * How a chart template's `if` reads a switch Helm merged to `s`: 'null' when a set deletes it (`key: null`, the
 * chart's values.yaml default with it, so the `if` sees nothing), 'false' for a value Go templates read as false
 * (false, 0, ''; a string "false" is true), undefined when it is on or no set gives it.
 */
export function switchOff<S>(s: Supplied<S>): 'null' | 'false' | undefined {
  if (s?.kind === 'null') return 'null';
  if (s?.kind !== 'value' || !isScalar(s.node)) return undefined;
  const v = s.node.value;
  return v === false || v === 0 || v === '' ? 'false' : undefined;
}

/** `sets` lowest precedence first, each with its values root (the chart's root: a subchart's values are already under their key). */
export function suppliedAt<S extends { readonly values: { readonly root: YAMLMap } }>(sets: readonly S[], path: readonly string[]): Supplied<S> {
  for (let i = sets.length - 1; i >= 0; i--) {
    const set = sets[i] as S;
    const found = nodeIn(set.values.root, path);
    if (found === 'absent') continue;
    if (found === 'null' || found === 'replaced') return { kind: found, set };
    return { kind: 'value', set, node: found };
  }
  return undefined;
}

/** The node at `path` in one set, or why it has none: absent (lower sets decide), null, or a non-map above it. */
function nodeIn(root: YAMLMap, path: readonly string[]): Node | 'absent' | 'null' | 'replaced' {
  let at: unknown = root;
  for (let j = 0; j < path.length; j++) {
    if (!isMap(at)) return 'replaced';
    const pair = pairOf(at, path[j] as string);
    if (!pair) return 'absent';
    const v = resolveAlias(pair.value);
    if (v === null || v === undefined || (isScalar(v) && v.value === null)) return 'null';
    at = v;
  }
  return at as Node;
}

/** The set that supplies the value at `path` (undefined when none does, or a higher set deletes or replaces it). */
export function supplierOf<S extends { readonly values: { readonly root: YAMLMap } }>(sets: readonly S[], path: readonly string[]): S | undefined {
  const s = suppliedAt(sets, path);
  return s?.kind === 'value' ? s.set : undefined;
}

/** suppliedAt over a workload's `valueSets` (lowest precedence first): the values whose set decides `path`. */
export function suppliedIn(valueSets: readonly { readonly root: YAMLMap }[], path: readonly string[]): Supplied<{ readonly root: YAMLMap }> {
  const s = suppliedAt(valueSets.map((values) => ({ values })), path);
  return s === undefined ? undefined : { ...s, set: s.set.values };
}

/** Whether `values` (one of `valueSets`) is the set whose `path` Helm renders, so the one to edit; true when `valueSets` does not hold it. */
export function rendersFrom(valueSets: readonly { readonly root: YAMLMap }[], values: { readonly root: YAMLMap }, path: readonly (string | number)[]): boolean {
  if (!valueSets.includes(values) || !path.every((k): k is string => typeof k === 'string')) return true;
  const s = suppliedIn(valueSets, path);
  return s?.kind === 'value' && s.set === values;
}
