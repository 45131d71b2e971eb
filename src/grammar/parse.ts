import type { Diagnostic } from '../source/diagnostic.js';
import { CompactTree, LineTable } from './compact-tree.js';
import type { LineRecords } from './line-table.js';
import { parser, type FileShape } from './parser.js';
import { layoutText, type TextLayout } from './reader.js';
import type { ConfigTree } from './syntax-tree.js';
import { beginLexing, endLexing, lexChunk } from './tokens.js';
import { validateLines, type ConfigRole } from './validate.js';

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
 * - The tree's lines and tokens are built when first read (compact-tree.ts);
 *   the diagnostics are computed here, from the lexer's line records.
 */
export function parseConfig(text: string, options: ParseOptions = {}): ParseResult {
  const layout = layoutText(text);
  const internal: Diagnostic[] = [];
  const { records, shape } = lexAndParse(layout, internal);
  const table = new LineTable(text, layout, records);
  const checked = validateLines(table, shape.bom, options.role);
  return { tree: new CompactTree(table, shape), diagnostics: internal.length === 0 ? checked : [...internal, ...checked] };
}

/**
 * Characters per Chevrotain run: the text is lexed and parsed in chunks of
 * about this many characters (ending at a line end), so only one chunk's
 * tokens are alive at a time. They die young, and memory does not grow with
 * the number of tokens of the whole file.
 */
const CHUNK = 1 << 15;

/** Lexes and parses the layout's logical text; internal errors (never expected) go to `internal`. */
function lexAndParse(layout: TextLayout, internal: Diagnostic[]): { records: LineRecords; shape: FileShape } {
  const text = layout.logical;
  const n = text.length;
  let bom = false;
  let preamble = 0;
  const sections: number[] = [];
  beginLexing(text);
  let from = 0;
  do {
    let to = n;
    if (n - from > CHUNK) {
      const nl = text.indexOf('\n', from + CHUNK);
      if (nl >= 0) to = nl + 1;
    }
    const lexed = lexChunk(from, to);
    for (const e of lexed.errors) {
      internal.push({ code: 'INTERNAL_ERROR', severity: 'error', message: `lexer: ${e.message}`, start: layout.toSource(from + e.offset), end: layout.toSource(from + e.offset + e.length) });
    }
    parser.input = lexed.tokens;
    const shape = parser.configFile();
    for (const e of parser.errors) {
      const start = Number.isFinite(e.token.startOffset) ? layout.toSource(from + e.token.startOffset) : layout.toSource(n);
      internal.push({ code: 'INTERNAL_ERROR', severity: 'error', message: `parser: ${e.message}`, start, end: start });
    }
    if (shape) {
      // A chunk's leading lines continue the section (or the preamble) the previous chunk ended in.
      bom ||= shape.bom;
      if (sections.length > 0) sections[sections.length - 1] = (sections[sections.length - 1] as number) + shape.preamble;
      else preamble += shape.preamble;
      for (const size of shape.sections) sections.push(size);
    }
    from = to;
  } while (from < n);
  return { records: endLexing(), shape: { bom, preamble, sections } };
}
