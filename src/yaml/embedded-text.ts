import { Scalar } from 'yaml';
import type { Edit } from '../source/edit.js';
import { applyEdits } from '../source/apply-edits.js';
import type { OffsetMap } from './offset-map.js';
import { blockLiteralMap, layoutBlockLiteral, type BlockLayout } from './block-literal.js';
import { decodeQuoted, quotedMap, renderQuoted } from './quoted-scalar.js';
import { isolatedValue, verifiedMap, type ScalarScope } from './verify-scalar.js';

/** How a config's text is written in its outer file. */
export type ScalarStyle =
  | 'file'
  | 'block-literal'
  | 'block-folded'
  | 'double-quoted'
  | 'single-quoted'
  | 'plain';

/** The decoded text of a string scalar plus its map back to the outer file. */
export interface EmbeddedText {
  readonly text: string;
  readonly style: ScalarStyle;
  readonly map: OffsetMap;
  /** Outer range of the scalar's source (header/quotes included). */
  readonly start: number;
  readonly end: number;
}

/** Why a scalar's text can't be edited in place (reported as UNSUPPORTED_SCALAR_STYLE). */
export interface UnsupportedText {
  readonly style: ScalarStyle;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly reason: string;
}

function styleOf(node: Scalar): ScalarStyle {
  switch (node.type) {
    case Scalar.BLOCK_LITERAL:
      return 'block-literal';
    case Scalar.BLOCK_FOLDED:
      return 'block-folded';
    case Scalar.QUOTE_DOUBLE:
      return 'double-quoted';
    case Scalar.QUOTE_SINGLE:
      return 'single-quoted';
    default:
      return 'plain';
  }
}

function plainMap(start: number, end: number, value: string): OffsetMap {
  return {
    toOuter: (o) => start + Math.max(0, Math.min(o, value.length)),
    mapEdits: (edits: readonly Edit[]) => {
      if (edits.length === 0) return [];
      const next = applyEdits(value, edits);
      if (next === value) return [];
      const safe = /^[^\s'"@`!&*|>%#{}[\],?:-][^\r\n]*$/.test(next) && !/(: | #|\s$)/.test(next);
      return [{ start, end, text: safe ? next : renderQuoted(next, 'double'), origin: edits[0]?.origin ?? 'yaml' }];
    },
  };
}

/**
 * The map of a folded block scalar that reads as the literal block of its lines (layoutBlockLiteral): its edits are
 * the literal block's, and when the edited block would read otherwise as `>` (an edit leaves two lines at the
 * block's indentation next to each other, which `>` joins), its header becomes `|` with the same chomping.
 */
function foldedMap(text: string, start: number, layout: BlockLayout, value: string, scope: ScalarScope): OffsetMap {
  const literal = blockLiteralMap(text, layout, value);
  const headerEnd = layout.headerStart + layout.headerSource.length;
  return {
    toOuter: literal.toOuter,
    mapEdits: (edits: readonly Edit[]): Edit[] => {
      const outer = literal.mapEdits(edits);
      if (outer.length === 0 || isolatedValue(text, start, scope, outer) === applyEdits(value, edits)) return outer;
      const header = outer.find((e) => e.start === layout.headerStart && e.end === headerEnd);
      const literalHeader = (header?.text ?? layout.headerSource).replace(/^>/, '|');
      return [...outer.filter((e) => e !== header), { start: layout.headerStart, end: headerEnd, text: literalHeader, origin: edits[0]?.origin ?? 'yaml' }];
    },
  };
}

/**
 * Builds the EmbeddedText of a string scalar parsed with `keepSourceTokens`.
 * Literal blocks, folded blocks that fold none of their lines, and quoted
 * scalars are mappable; other folded blocks, multi-line plain scalars and
 * anything whose decoding we can't reproduce exactly are returned as
 * UnsupportedText (never edited). Never throws.
 */
export function embedScalar(text: string, node: Scalar): EmbeddedText | UnsupportedText {
  const value = typeof node.value === 'string' ? node.value : String(node.value ?? '');
  const style = styleOf(node);
  const tok = node.srcToken;
  const range = node.range ?? [0, 0, 0];
  const start = range[0];
  const end = range[1];
  if (style === 'block-folded') {
    // A folded block whose lines are all kept (each key line more indented than the section headers, blank lines
    // between headers) reads as the literal block of the same lines: edited as one, its header made `|` when an edit
    // would let `>` join two lines.
    const layout = tok?.type === 'block-scalar' ? layoutBlockLiteral(text, tok, value) : undefined;
    const last = layout?.lines[layout.lines.length - 1];
    if (!layout || !tok || tok.type !== 'block-scalar') {
      return { style, text: value, start, end, reason: 'this folded (>) block scalar joins some of its lines (two lines at the block\'s indentation with no blank line between them); convert it to a literal block (|) to migrate it' };
    }
    return { text: value, style, map: verifiedMap(text, start, value, foldedMap(text, start, layout, value, { end, indent: tok.indent }), { end, indent: tok.indent }), start, end: last ? last.contentEnd : end };
  }
  if (style === 'block-literal' && tok?.type === 'block-scalar') {
    const layout = layoutBlockLiteral(text, tok, value);
    if (!layout) return { style, text: value, start, end, reason: 'could not map the literal block scalar line by line' };
    const last = layout.lines[layout.lines.length - 1];
    return { text: value, style, map: verifiedMap(text, start, value, blockLiteralMap(text, layout, value), { end, indent: tok.indent }), start, end: last ? last.contentEnd : end };
  }
  if ((style === 'double-quoted' || style === 'single-quoted') && tok && 'source' in tok && typeof tok.source === 'string') {
    const source = tok.source;
    const decoded = decodeQuoted(source, tok.offset);
    const starts = decoded.value === value ? decoded.starts : [];
    const scope = { end: tok.offset + source.length, indent: 'indent' in tok ? tok.indent : -1 };
    return { text: value, style, map: verifiedMap(text, tok.offset, value, quotedMap(source, tok.offset, value, starts), scope), start: tok.offset, end: tok.offset + source.length };
  }
  if (style === 'plain' && tok && 'source' in tok && typeof tok.source === 'string') {
    if (/[\r\n]/.test(tok.source)) {
      return { style, text: value, start, end, reason: 'multi-line plain scalars fold line breaks; use a literal block scalar (|)' };
    }
    const scope = { end: tok.offset + tok.source.length, indent: 'indent' in tok ? tok.indent : -1 };
    return { text: value, style, map: verifiedMap(text, tok.offset, value, plainMap(tok.offset, tok.offset + tok.source.length, value), scope), start: tok.offset, end: tok.offset + tok.source.length };
  }
  return { style, text: value, start, end, reason: 'unrecognised scalar source' };
}

/** Type guard: the scalar can be edited through its map. */
export function isEmbeddedText(x: EmbeddedText | UnsupportedText): x is EmbeddedText {
  return 'map' in x;
}
