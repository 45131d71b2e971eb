import { isScalar, isSeq, type CST, type Document } from 'yaml';
import { walkNodes } from './walk-nodes.js';

/**
 * Forgets the CST tokens (`keepSourceTokens`) of parsed documents: they are
 * needed to build edits, and are ~60% of a document's memory. Called on a
 * reading that no edit will be made from any more (the input of a changed
 * file before the output check re-reads it; the output check's own reading),
 * so that a big input's two readings are not alive with their CSTs at once.
 * Ranges and values stay. Assigns undefined rather than deleting (a delete
 * turns every node into a slow dictionary object).
 */
export function dropSourceTokens(documents: readonly Document.Parsed[]): void {
  for (const doc of documents) {
    walkNodes(doc, (node) => {
      if (node !== null && 'srcToken' in node && node.srcToken !== undefined) (node as { srcToken?: unknown }).srcToken = undefined;
    });
  }
}

/**
 * Keeps only the CST tokens edits read (yaml-edits.ts, embedded-text.ts): a
 * scalar's own token, and of a block sequence the `-` indicators of its
 * items. A collection's token holds its whole subtree's CST, so the tokens
 * of maps, pairs, aliases and flow collections go, and a block sequence's
 * token is replaced by a copy without its items' values. About half of a
 * document's CST (issue #14). Called once discovery has built its embedded
 * texts; src/yaml/README.md lists the tokens edits may read.
 */
export function trimSourceTokens(documents: readonly Document.Parsed[]): void {
  for (const doc of documents) {
    walkNodes(doc, (node) => {
      if (node === null || isScalar(node) || !('srcToken' in node)) return;
      const tok = (node as { srcToken?: CST.Token }).srcToken;
      if (tok === undefined) return;
      if (isSeq(node) && tok.type === 'block-seq') {
        const trimmed: CST.BlockSequence = { type: 'block-seq', offset: tok.offset, indent: tok.indent, items: tok.items.map((item) => ({ start: item.start })) };
        node.srcToken = trimmed;
      } else {
        (node as { srcToken?: unknown }).srcToken = undefined;
      }
    });
  }
}
