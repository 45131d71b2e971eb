import type { Diagnostic } from '../source/diagnostic.js';
import { buildTree } from './build-tree.js';
import { parser } from './parser.js';
import { layoutText } from './reader.js';
import type { ConfigTree } from './syntax-tree.js';
import { lexer } from './tokens.js';
import { validateTree, type ConfigRole } from './validate.js';

export interface ParseOptions {
  /** 'main' makes [PARSER] sections an error, as Fluent Bit does. */
  readonly role?: ConfigRole;
}

export interface ParseResult {
  readonly tree: ConfigTree;
  /** Offsets are into `text`; line/column are not filled in here. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses Fluent Bit classic-format text into a lossless tree.
 *
 * - Never throws for any input; problems are diagnostics (all of them).
 * - `printConfig(parseConfig(text).tree) === text`, byte for byte, for every
 *   input (comments, tabs, CRLF, BOM, trailing blanks, no final newline).
 */
export function parseConfig(text: string, options: ParseOptions = {}): ParseResult {
  const layout = layoutText(text);
  const lexed = lexer.tokenize(layout.logical);
  parser.input = lexed.tokens;
  const raw = parser.configFile();
  const internal: Diagnostic[] = [];
  for (const e of lexed.errors) {
    const start = layout.toSource(e.offset);
    internal.push({ code: 'INTERNAL_ERROR', severity: 'error', message: `lexer: ${e.message}`, start, end: layout.toSource(e.offset + e.length) });
  }
  for (const e of parser.errors) {
    const start = Number.isFinite(e.token.startOffset) ? layout.toSource(e.token.startOffset) : text.length;
    internal.push({ code: 'INTERNAL_ERROR', severity: 'error', message: `parser: ${e.message}`, start, end: start });
  }
  const tree = buildTree(text, layout, raw.bom, raw.lines);
  const diagnostics = [...internal, ...validateTree(tree, options.role)];
  return { tree, diagnostics };
}
