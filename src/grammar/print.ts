import type { ConfigTree } from './syntax-tree.js';

/**
 * Prints a tree back to text by concatenating its tokens in order. No
 * formatting happens here: `printConfig(parseConfig(text).tree) === text`
 * for every input.
 */
export function printConfig(tree: ConfigTree): string {
  const parts: string[] = [];
  if (tree.bom) parts.push(tree.bom.text);
  for (const line of tree.lines) for (const t of line.tokens) parts.push(t.text);
  return parts.join('');
}
