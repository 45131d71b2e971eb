import { visit, type Document } from 'yaml';

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
    try {
      visit(doc, (_key, node) => {
        if (node !== null && typeof node === 'object' && 'srcToken' in node) (node as { srcToken?: unknown }).srcToken = undefined;
      });
    } catch (error) {
      // Deep nesting (visit recurses per level): keep the tokens, it only costs memory.
      if (!(error instanceof RangeError)) throw error;
    }
  }
}
