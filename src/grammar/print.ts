import type { ConfigTree } from './syntax-tree.js';

/**
 * Prints a tree back to text by concatenating the source range of every
 * token in order. No formatting happens here: the ranges are contiguous and
 * cover the input, so `printConfig(parseConfig(text).tree) === text` for
 * every input. (A token's `text` leaves out bytes Fluent Bit never reads,
 * after a NUL, so the ranges, not the texts, are printed.)
 */
export function printConfig(tree: ConfigTree): string {
  const { text } = tree;
  const parts: string[] = [];
  if (tree.bom) parts.push(text.slice(tree.bom.start, tree.bom.end));
  for (const line of tree.lines) for (const t of line.tokens) parts.push(text.slice(t.start, t.end));
  return parts.join('');
}
