import { isAlias, isMap, isNode, isSeq, type Alias, type Document, type Node } from 'yaml';
import { walkNodes } from './walk-nodes.js';

/*
 * YAML anchors and aliases (`data: &common {...}` / `data: *common`), read
 * the way Kubernetes and Helm read them (go-yaml resolves aliases and `<<`
 * merge keys), without ever expanding them: an alias resolves to the one
 * anchored node, so an alias bomb costs one lookup per alias. Resolution is
 * recorded once per document (`indexAliases`), in document order (an alias
 * names the closest anchor of that name before it), and then used by the
 * path lookups of yaml-nodes.ts. Walkers that iterate `items` directly do
 * not follow aliases (bounded work whatever the document holds).
 *
 * Reading through an alias is read-only: the anchored node is shared by
 * every alias of it, so an edit there would change all its users at once.
 * `sharedAnchors` lists those nodes so that the conductor can refuse edits
 * inside them (migrate.ts).
 */

const RESOLVED = new WeakMap<Alias, Node>();

/** An anchored node that at least one alias reuses. */
export interface SharedAnchor {
  /** The anchor's name (without `&`). */
  readonly name: string;
  /** The anchored node's range in the text the document was parsed from (value end). */
  readonly start: number;
  readonly end: number;
  /** Where each alias of it stands (the `*name` offsets). */
  readonly aliases: readonly number[];
}

/**
 * Where an alias may start: a `*` at the start of a node (after whitespace,
 * a flow indicator or a flow `:`) followed by a name character. yaml reads an
 * alias nowhere else, and a `*` without a name is a BAD_ALIAS error (such a
 * document is never indexed). `Match *` or `/var/log/*.log` in a config
 * string do not match.
 */
const ALIAS_START = /(?<=^|[\s[\]{},:\uFEFF])\*[^\s,[\]{}]/g;

/**
 * Answers "may `text` hold an alias between `start` and `end`" (false: surely
 * none) for the documents of one text, asked in order: each search starts
 * where the last one's answer still holds, so a stream is scanned once, not
 * once per document.
 */
export function aliasSearch(text: string): (start: number, end: number) => boolean {
  // No alias start from `from` up to `hit` (-1: up to the end of the text).
  let from = -1;
  let hit = -1;
  return (start, end) => {
    if (from < 0 || start < from || (hit >= 0 && start > hit)) {
      ALIAS_START.lastIndex = start;
      hit = ALIAS_START.exec(text)?.index ?? -1;
      from = start;
    }
    return hit >= 0 && hit < end;
  };
}

/**
 * Resolves every alias of `doc` to its anchored node (recorded for
 * resolveAlias) and returns the anchored nodes that aliases reuse. Linear in
 * the size of the document. With `mayHoldAlias` (aliasSearch of the text the
 * document was parsed from), a document whose text holds no alias start is
 * not walked (issue #14: most manifests have none).
 */
export function indexAliases(doc: Document, mayHoldAlias?: (start: number, end: number) => boolean): SharedAnchor[] {
  const range = doc.range;
  if (mayHoldAlias !== undefined && range !== undefined && range !== null && !mayHoldAlias(range[0], range[2])) return [];
  const anchors = new Map<string, Node>();
  const users = new Map<Node, number[]>();
  walkNodes(doc, (node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) {
        RESOLVED.set(node, target);
        const list = users.get(target) ?? [];
        list.push(node.range?.[0] ?? 0);
        users.set(target, list);
      }
      return;
    }
    if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
  });
  const out: SharedAnchor[] = [];
  for (const [node, aliases] of users) {
    const range = node.range;
    if (!range || !node.anchor) continue;
    out.push({ name: node.anchor, start: range[0], end: range[1], aliases });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The node an alias stands for (after indexAliases of its document), or the node itself. */
export function resolveAlias(node: unknown): unknown {
  return isAlias(node) ? RESOLVED.get(node) : node;
}

/** The maps a `<<` merge key value names: one alias, a map, or a sequence of them (earlier wins). */
export function mergedMaps(value: unknown): Node[] {
  const v = resolveAlias(value);
  if (isMap(v)) return [v];
  if (isSeq(v)) return v.items.flatMap((it) => {
    const m = resolveAlias(it);
    return isMap(m) ? [m] : [];
  });
  return [];
}
