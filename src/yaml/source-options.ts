import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

/**
 * The options of every yaml read whose nodes keep their CST tokens: discovery's (`parseDocumentsTrimmed`, chart
 * values), the YAML config view's, and the isolated check of an edited scalar (verify-scalar.ts). One object, so
 * yaml's `Composer` always holds options of one shape and composes nodes of one shape (with `srcToken`): reads with
 * other options gave yaml's composer and our node walks a second shape in the middle of a run, and V8 threw away
 * their optimized code (NOTES.md "The documents ratio, again"). Never mutated.
 */
export const SOURCE_TOKEN_READ: Readonly<ParseOptions & DocumentOptions & SchemaOptions> = { keepSourceTokens: true, prettyErrors: false, uniqueKeys: false };
