import { isCollection, isDocument, isPair, type Document, type Node, type Pair } from 'yaml';

/** What the walk hands its callback: a node, a pair of a map, or an absent key or value (null). */
export type WalkedNode = Node | Pair | null;

/**
 * Calls `each` on every node, pair, key and value under `root` (a document:
 * its contents), in document order (a node before what it holds, a key before
 * its value, items in order): the nodes and the order yaml's `visit` gives a
 * visitor, without its per-node path arrays and visitor dispatch (issue #14:
 * discovery walked every document three times with `visit`, ~5% of a tree
 * run). `each` returning true skips what that node holds. Iterative, so
 * deep nesting costs no stack. Read-only walkers only: the tree must not
 * change under it.
 */
export function walkNodes(root: Document | Node | Pair | null | undefined, each: (node: WalkedNode) => boolean | void): void {
  const start = isDocument(root) ? root.contents : root;
  if (start === undefined) return;
  const stack: WalkedNode[] = [start as WalkedNode];
  while (stack.length > 0) {
    const node = stack.pop() as WalkedNode;
    if (each(node) === true || node === null) continue;
    if (isPair(node)) {
      stack.push(node.value as WalkedNode, node.key as WalkedNode);
    } else if (isCollection(node)) {
      const items = node.items as WalkedNode[];
      for (let i = items.length - 1; i >= 0; i--) stack.push(items[i] as WalkedNode);
    }
  }
}
