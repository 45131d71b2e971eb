import { isScalar, isSeq, parseAllDocuments, type CST, type Document } from 'yaml';
import { SOURCE_TOKEN_READ } from './source-options.js';
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

/**
 * A small document of the node shapes a stream of manifests is made of: a map, a sequence of scalars and of a map,
 * plain, double-quoted and literal block scalars, a key after a blank line and after a comment. Each of these gets
 * yaml's `srcToken` field in a hidden class of its own.
 */
export const TOKEN_FIELD_SHAPES = 'a: b\nc:\n  - d\n  - "e"\n  - k: v\n\n# c\nf: |\n  g\n';

let tokenFieldsSettled = false;

/**
 * Reads TOKEN_FIELD_SHAPES as discovery does, trims and drops its tokens; once per thread, before the first read.
 * yaml's composer adds `srcToken` to every node it makes, and V8 records for each hidden class that the field holds
 * one class of token and is never written again. Code TurboFan optimizes while discovery reads the first documents
 * (yaml's `composeNode`) depends on that. The first `undefined` that dropSourceTokens stores, once the first file
 * is checked, breaks it, and V8 throws that code away and compiles it again (NOTES.md "The documents ratio, a third
 * time"). Storing into these classes once before anything is optimized makes the field general from the start.
 * No effect on any result.
 */
export function settleTokenFields(): void {
  if (tokenFieldsSettled) return;
  tokenFieldsSettled = true;
  const documents = parseAllDocuments(TOKEN_FIELD_SHAPES, SOURCE_TOKEN_READ);
  if (!Array.isArray(documents)) return;
  trimSourceTokens(documents);
  dropSourceTokens(documents);
}
