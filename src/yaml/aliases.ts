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
 *
 * An alias that names no anchor before it in its document (anchors do not
 * reach past `---`), or that stands inside the node it names (a cycle), is
 * parsed by yaml without an error (it throws only when the alias is
 * resolved, in toJS), but every loader that matters rejects the text:
 * go-yaml (kubectl, Helm: "unknown anchor", "anchor ... contains itself"),
 * libyaml ("found undefined alias"). indexAliases hands them to the caller
 * (`BadAlias`), which reports them as YAML errors (validate-yaml.ts).
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

/** An alias no YAML loader resolves (yaml parses it without an error). */
export interface BadAlias {
  /** The alias's name (without `*`). */
  readonly name: string;
  /** The `*name` range in the text the document was parsed from. */
  readonly start: number;
  readonly end: number;
  /**
   * `undefined`: no anchor of that name in its document; `later`: its
   * anchor comes after it (`anchor`: where); `cycle`: it stands inside the
   * node it names (`anchor`: where that node starts).
   */
  readonly kind: 'undefined' | 'later' | 'cycle';
  readonly anchor?: number;
}

/**
 * Where an alias may start: a `*` at the start of a node (after whitespace,
 * a flow indicator or a flow `:`) followed by a name character. yaml reads an
 * alias nowhere else, and a `*` without a name is a BAD_ALIAS error (such a
 * document is never indexed). `Match *` or `/var/log/*.log` in a config
 * string do not match.
 */
const ALIAS_START = /(?<=^|[\s[\]{},:\uFEFF])\*[^\s,[\]{}]/g;

/** ALIAS_START for `&` too: where an alias or an anchor may start (`/var/log/*.log`, `match: '*'` or `a&b` do not match). */
const PROPERTY_START = /(?<=^|[\s[\]{},:\uFEFF])[*&][^\s,[\]{}]/;

/** False when `text` surely holds no alias and no anchor (the nodes decide otherwise): most texts have none, and are not walked. */
export function mayHoldAliasOrAnchor(text: string): boolean {
  return PROPERTY_START.test(text);
}

/** The anchor names libyaml scans (`IS_ALPHA`: letters, digits, `-`, `_`); the yaml package takes any non-space, non-flow character. */
export const LIBYAML_ANCHOR = /^[0-9A-Za-z_-]+$/;

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
 * not walked (issue #14: most manifests have none). With `bad`, the aliases
 * no loader resolves (no anchor before them in the document, or inside the
 * node they name) are pushed to it, in document order; such an alias is
 * left unresolved (resolveAlias gives undefined, as for a missing anchor).
 */
export function indexAliases(doc: Document, mayHoldAlias?: (start: number, end: number) => boolean, bad?: BadAlias[]): SharedAnchor[] {
  const range = doc.range;
  if (mayHoldAlias !== undefined && range !== undefined && range !== null && !mayHoldAlias(range[0], range[2])) return [];
  const anchors = new Map<string, Node>();
  const users = new Map<Node, number[]>();
  let unresolved: Alias[] | undefined;
  const base = bad?.length ?? 0;
  walkNodes(doc, (node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const at = node.range?.[0] ?? 0;
      const targetRange = target?.range;
      if (target && targetRange && at >= targetRange[0] && at < targetRange[1]) {
        bad?.push({ name: node.source, start: at, end: node.range?.[1] ?? at, kind: 'cycle', anchor: targetRange[0] });
      } else if (target) {
        RESOLVED.set(node, target);
        const list = users.get(target) ?? [];
        list.push(at);
        users.set(target, list);
      } else (unresolved ??= []).push(node);
      return;
    }
    if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
  });
  if (bad && unresolved) {
    // An alias whose name an anchor after it in the document takes came before its anchor: the first such anchor is named.
    const starts = new Map<string, number[]>();
    walkNodes(doc, (node) => {
      if (!isNode(node) || isAlias(node) || !node.anchor || !node.range) return;
      const list = starts.get(node.anchor);
      if (list) list.push(node.range[0]);
      else starts.set(node.anchor, [node.range[0]]);
    });
    for (const node of unresolved) {
      const at = node.range?.[0] ?? 0;
      const later = starts.get(node.source)?.find((s) => s > at);
      bad.push({ name: node.source, start: at, end: node.range?.[1] ?? at, kind: later === undefined ? 'undefined' : 'later', ...(later === undefined ? {} : { anchor: later }) });
    }
    // Cycles were pushed during the walk, these after it: this document's share in document order again.
    bad.push(...bad.splice(base).sort((a, b) => a.start - b.start));
  }
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
