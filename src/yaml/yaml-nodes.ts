import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { mergedMaps, resolveAlias } from './aliases.js';

/** How deep `<<` merge keys are followed (a merged map may merge others). */
const MAX_MERGE_DEPTH = 8;

/** The text of a pair's scalar key (numbers and booleans stringified), or undefined. */
function keyText(item: unknown): string | undefined {
  if (!isPair(item) || !isScalar(item.key)) return undefined;
  const v = item.key.value;
  return typeof v === 'string' ? v : String(v);
}

function mergedPair(map: YAMLMap, key: string, depth: number): Pair | undefined {
  // One scan finds the key and the `<<` merge key (which only counts when the key is not the map's own).
  let merge: Pair | undefined;
  for (const item of map.items) {
    const k = keyText(item);
    if (k === key) return item as Pair;
    if (k === '<<' && merge === undefined) merge = item as Pair;
  }
  if (merge === undefined || depth >= MAX_MERGE_DEPTH) return undefined;
  for (const m of mergedMaps(merge.value)) {
    const found = mergedPair(m as YAMLMap, key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The pair of `map` whose scalar key equals `key` (case-sensitive, like
 * Kubernetes); a key the map does not have is looked up in the maps its
 * `<<` merge key names (aliases read through, see yaml/aliases.ts).
 */
export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return mergedPair(map, key, 0);
}

/** The value node of `key` in `node` when `node` is a map (an alias resolved to its anchored node). */
export function getNode(node: unknown, key: string): Node | undefined {
  const n = resolveAlias(node);
  if (!isMap(n)) return undefined;
  const v = resolveAlias(pairOf(n, key)?.value);
  return v === null || v === undefined ? undefined : (v as Node);
}

export function getMap(node: unknown, key: string): YAMLMap | undefined {
  const v = getNode(node, key);
  return isMap(v) ? v : undefined;
}

export function getSeq(node: unknown, key: string): YAMLSeq | undefined {
  const v = getNode(node, key);
  return isSeq(v) ? v : undefined;
}

export function getScalar(node: unknown, key: string): Scalar | undefined {
  const v = getNode(node, key);
  return isScalar(v) ? v : undefined;
}

/** String form of a scalar value (numbers/booleans stringified); undefined for non-scalars and null. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'string' ? node.value : String(node.value);
}

export function getString(node: unknown, key: string): string | undefined {
  return scalarString(getNode(node, key));
}

/**
 * A scalar as written: a plain `1.10` is `1.10` (the yaml package reads the
 * number 1.1), a quoted value its decoded string; undefined for non-scalars
 * and null.
 */
export function scalarSource(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  return typeof node.source === 'string' && node.source !== '' ? node.source : String(node.value);
}
