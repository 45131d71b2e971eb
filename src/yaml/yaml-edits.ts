import { isMap, isPair, isScalar, isSeq, Scalar, stringify, type CST, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Edit } from '../source/edit.js';
import { lineEndOf, lineStartOf, newlineAt, nextLineStart } from './newline-style.js';
import { escapeDouble } from './quoted-scalar.js';
import { trailingNewlines } from '../source/trailing-newlines.js';

/**
 * Edit producers for YAML text, from nodes of a document parsed with
 * `keepSourceTokens: true` over exactly `text` (the outer file, or the inner
 * text of an embedded YAML-format config). They never mutate nodes, never
 * touch bytes outside the returned ranges, and copy the file's newline style
 * and the siblings' indentation. Each returns Edit(s) tagged with `origin`.
 */

/** Offset of the `-` indicator of block sequence item `index`, from the CST. */
function dashOffset(seq: YAMLSeq, index: number): number | undefined {
  const tok = seq.srcToken;
  if (tok?.type !== 'block-seq') return undefined;
  const item = tok.items[index];
  return item?.start.find((t: CST.SourceToken) => t.type === 'seq-item-ind')?.offset;
}

/**
 * End of a node's last real content: the end of its last scalar/flow
 * descendant. (A block collection's own range can run over the comment lines
 * that follow it, which belong to the next sibling.)
 */
function contentEnd(node: unknown, fallback: number): number {
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    for (let i = node.items.length - 1; i >= 0; i--) {
      const item: unknown = node.items[i];
      if (isPair(item)) {
        const v = contentEnd(item.value, -1);
        if (v >= 0) return v;
        const k = contentEnd(item.key, -1);
        if (k >= 0) return k;
      } else {
        const v = contentEnd(item, -1);
        if (v >= 0) return v;
      }
    }
    return fallback;
  }
  const range = (node as Node | null | undefined)?.range;
  return range ? range[1] : fallback;
}

function itemStart(seq: YAMLSeq, index: number): number | undefined {
  const item = seq.items[index];
  if (isPair(item)) return (item.key as Node | null)?.range?.[0];
  return (item as Node | undefined)?.range?.[0];
}

function itemEnd(seq: YAMLSeq | YAMLMap, index: number): number | undefined {
  const item: unknown = seq.items[index];
  const end = isPair(item) ? contentEnd(item.value, contentEnd(item.key, -1)) : contentEnd(item, -1);
  return end < 0 ? undefined : end;
}

/** Removes a whole line range `[lineStartOf(from), next line after to)`, keeping neighbouring comment lines. */
function removeLines(text: string, from: number, to: number, origin: string): Edit {
  const start = lineStartOf(text, from);
  // the last content line may end with a comment: it goes too (it's on the item's own line)
  let end = nextLineStart(text, Math.max(from, to - 1 < from ? from : to - 1));
  if (end === text.length && start > 0 && !text.endsWith('\n')) {
    // last line without a final newline: remove the preceding line break instead
    const prevBreak = text[start - 2] === '\r' ? start - 2 : start - 1;
    return { start: prevBreak, end: text.length, text: '', origin };
  }
  if (end > text.length) end = text.length;
  return { start, end, text: '', origin };
}

/** Removes a flow collection item `[a, b]` / `{a: 1, b: 2}` with its comma. */
function removeFlowItem(text: string, coll: YAMLSeq | YAMLMap, index: number, origin: string): Edit[] {
  const start = isSeq(coll) ? itemStart(coll, index) : (coll.items[index]?.key as Node | undefined)?.range?.[0];
  const end = itemEnd(coll, index);
  if (start === undefined || end === undefined) return [];
  if (index + 1 < coll.items.length) {
    const next = isSeq(coll) ? itemStart(coll, index + 1) : (coll.items[index + 1]?.key as Node | undefined)?.range?.[0];
    return next === undefined ? [] : [{ start, end: next, text: '', origin }];
  }
  if (index > 0) {
    const prevEnd = itemEnd(coll, index - 1);
    return prevEnd === undefined ? [] : [{ start: prevEnd, end, text: '', origin }];
  }
  return [{ start, end, text: '', origin }];
}

/**
 * Removes item `index` of a sequence. Block sequences lose the item's whole
 * lines (from the `- ` line to its last content line, including a comment
 * on that last line); comment lines before the next item stay. Flow
 * sequences lose the item and one comma.
 */
export function removeSeqItem(text: string, seq: YAMLSeq, index: number, origin: string): Edit[] {
  if (index < 0 || index >= seq.items.length) return [];
  if (seq.flow) return removeFlowItem(text, seq, index, origin);
  const dash = dashOffset(seq, index) ?? itemStart(seq, index);
  if (dash === undefined) return [];
  const end = contentEnd(seq.items[index] as Node, dash + 1);
  return [removeLines(text, dash, end, origin)];
}

/** Removes the pair with key `key` (or at index) from a map: its whole lines in block style, or with its comma in flow style. */
export function removeMapPair(text: string, map: YAMLMap, key: string | number, origin: string): Edit[] {
  const index = typeof key === 'number' ? key : map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === key);
  const pair = map.items[index];
  if (!pair) return [];
  if (map.flow) return removeFlowItem(text, map, index, origin);
  const start = (pair.key as Node | null)?.range?.[0];
  if (start === undefined) return [];
  const end = itemEnd(map, index) ?? start + 1;
  return [removeLines(text, start, end, origin)];
}

/** Orders `obj`'s keys like the first sibling map that has them (unknown keys keep their order, after). */
function orderLike(obj: Record<string, unknown>, siblings: readonly unknown[]): Record<string, unknown> {
  const model = siblings.find(isMap);
  if (!model) return obj;
  const order = model.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  const keys = Object.keys(obj).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  });
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

/** Renders a value (or a YAML snippet given as `{ yaml }`) as block YAML lines without a final newline. */
function renderBlock(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'yaml' in value && typeof (value as { yaml: unknown }).yaml === 'string') {
    return (value as { yaml: string }).yaml.replace(/\r?\n$/, '');
  }
  return stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
}

function indentLines(block: string, first: string, rest: string, nl: string): string {
  return block
    .split(/\r?\n/)
    .map((line, i) => (i === 0 ? first + line : line === '' ? '' : rest + line))
    .join(nl);
}

/** What to insert: a JS value, or a YAML snippet text (`{ yaml: 'name: x\nhostPath: ...' }`) used verbatim. */
export type InsertValue = unknown;

/**
 * Inserts `value` as a new item after item `after` (or at the end when
 * `after` is `'end'` or past the end). Block items copy the sibling's
 * column and the text between `-` and its value; object keys follow the
 * sibling's key order; the file's newline style is used. Flow sequences get
 * `, value`. An empty sequence yields [] (the caller must write the key).
 */
export function insertSeqItem(text: string, seq: YAMLSeq, after: number | 'end', value: InsertValue, origin: string): Edit[] {
  const count = seq.items.length;
  if (count === 0) return [];
  const idx = after === 'end' || after >= count ? count - 1 : Math.max(0, after);
  const ordered = value !== null && typeof value === 'object' && !Array.isArray(value) && !('yaml' in value)
    ? orderLike(value as Record<string, unknown>, seq.items)
    : value;
  const end = itemEnd(seq, idx);
  if (end === undefined) return [];
  if (seq.flow) {
    const flow = stringify(ordered, { flowCollectionPadding: true, collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '');
    return [{ start: end, end, text: `, ${flow}`, origin }];
  }
  const dash = dashOffset(seq, idx) ?? itemStart(seq, idx);
  const valueStart = itemStart(seq, idx);
  if (dash === undefined || valueStart === undefined) return [];
  const column = dash - lineStartOf(text, dash);
  const gap = valueStart > dash && text.slice(dash + 1, valueStart).match(/^ +$/) ? valueStart - dash - 1 : 1;
  const nl = newlineAt(text, dash);
  const pad = ' '.repeat(column);
  const body = indentLines(renderBlock(ordered), `${pad}-${' '.repeat(gap)}`, ' '.repeat(column + 1 + gap), nl);
  return [insertLinesAfter(text, end, body, nl, origin)];
}

/**
 * Inserts whole lines after the line holding `offset`: at the start of the
 * next line (`body` + newline), or, on a last line without a line break, at
 * the end of the text (newline + `body`). Inserting at a line start, never
 * before the line break of the anchor line, keeps the insertion outside any
 * edit that removes the anchor's lines (removeLines ends after the break):
 * a rule may remove the item another rule inserts after (the Docker mount
 * or volume that ends its list).
 */
function insertLinesAfter(text: string, offset: number, body: string, nl: string, origin: string): Edit {
  const lineEnd = lineEndOf(text, offset);
  const next = nextLineStart(text, lineEnd);
  if (next > lineEnd && text[next - 1] === '\n') return { start: next, end: next, text: body + nl, origin };
  return { start: text.length, end: text.length, text: nl + body, origin };
}

/**
 * Inserts `key: value` after the pair `after` (index, key, or `'end'`) with
 * the same indentation; flow maps get `, key: value`.
 */
export function insertMapPair(text: string, map: YAMLMap, after: number | string | 'end', key: string, value: InsertValue, origin: string): Edit[] {
  const count = map.items.length;
  if (count === 0) return [];
  let idx = typeof after === 'number' ? after : after === 'end' ? count - 1 : map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === after);
  if (idx < 0 || idx >= count) idx = count - 1;
  const pair = map.items[idx] as Pair;
  const end = itemEnd(map, idx);
  const keyStart = (pair.key as Node | null)?.range?.[0];
  if (end === undefined || keyStart === undefined) return [];
  if (map.flow) {
    const flow = stringify({ [key]: value }, { collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '').replace(/^\{ ?|\s?\}$/g, '');
    return [{ start: end, end, text: `, ${flow}`, origin }];
  }
  const column = keyStart - lineStartOf(text, keyStart);
  const nl = newlineAt(text, keyStart);
  const pad = ' '.repeat(column);
  const body = indentLines(renderBlock({ [key]: value }), pad, pad, nl);
  return [insertLinesAfter(text, end, body, nl, origin)];
}

/**
 * Inserts block lines (`command:`, `- x`, ..., written for column 0) after
 * the pair `after` of a block map, at the column of its keys. `seqIndent`
 * says how far `- ` items sit under their key in this map's style: `0`
 * (kubectl style, `- ` under the key's first letter) or `2`; `lines`
 * starting with `- ` get it. Returns [] for a flow or empty map.
 */
export function insertMapLines(text: string, map: YAMLMap, after: string | 'end', lines: readonly string[], seqIndent: number, origin: string): Edit[] {
  const count = map.items.length;
  if (count === 0 || map.flow) return [];
  let idx = after === 'end' ? count - 1 : map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === after);
  if (idx < 0) idx = count - 1;
  const pair = map.items[idx] as Pair;
  const end = itemEnd(map, idx);
  const keyStart = (pair.key as Node | null)?.range?.[0];
  if (end === undefined || keyStart === undefined) return [];
  const pad = ' '.repeat(keyStart - lineStartOf(text, keyStart));
  const nl = newlineAt(text, keyStart);
  const body = lines.map((l) => (l.startsWith('- ') ? pad + ' '.repeat(seqIndent) + l : pad + l)).join(nl);
  return [insertLinesAfter(text, end, body, nl, origin)];
}

/** How far a block map writes `- ` items under their keys (0 or 2), from its first block sequence value; 0 (kubectl style) when it has none. */
export function seqIndentOf(text: string, map: YAMLMap): number {
  for (const pair of map.items) {
    const value = pair.value;
    const keyStart = (pair.key as Node | null)?.range?.[0];
    if (!isSeq(value) || value.flow || keyStart === undefined || value.items.length === 0) continue;
    const dash = dashOffset(value, 0);
    if (dash === undefined) continue;
    return Math.max(0, (dash - lineStartOf(text, dash)) - (keyStart - lineStartOf(text, keyStart)));
  }
  return 0;
}

/** True when `value` written plain reads back as the same string. */
function isSafePlain(value: string): boolean {
  if (value === '' || /[\r\n]/.test(value)) return false;
  const rendered = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  return rendered === value;
}

/** Flow indicators: a plain scalar inside `[...]` / `{...}` cannot hold them (`docker, cri` would be two items). */
export const FLOW_INDICATOR = /[,[\]{}]/;

/**
 * Replaces a scalar's value keeping its quoting style: double and single
 * quotes stay, plain stays plain when the new value reads back the same
 * (else it becomes double-quoted; `inFlow`, the scalar stands in a flow
 * collection: also when the value holds a flow indicator). Block scalars are
 * re-rendered as a literal block with the same header and indentation.
 */
export function replaceScalar(text: string, node: Scalar, value: string, origin: string, inFlow = false): Edit[] {
  const tok = node.srcToken;
  if (!tok) return [];
  if (tok.type === 'block-scalar') {
    const header = tok.props.find((p): p is CST.SourceToken => p.type === 'block-scalar-header');
    const nlTok = tok.props.find((p): p is CST.SourceToken => p.type === 'newline');
    if (!header || !nlTok) return [];
    const bodyStart = nlTok.offset + nlTok.source.length;
    const bodyEnd = bodyStart + tok.source.length;
    const first = /^( *)\S/m.exec(tok.source);
    const indent = ' '.repeat(first?.[1]?.length ?? tok.indent + 2);
    const nl = nlTok.source;
    // Chomping keeps the value's final line breaks: none (strip), one (clip) or more (keep).
    const breaks = trailingNewlines(value);
    const chomp = breaks === 0 ? '-' : breaks === 1 ? '' : '+';
    // A value whose first line starts with a space needs an explicit indentation indicator.
    const headerLine = lineStartOf(text, header.offset);
    const parentIndent = /^ */.exec(text.slice(headerLine, header.offset))?.[0].length ?? 0;
    const indicator = /^\n* /.test(value) ? String(indent.length - parentIndent) : '';
    if (indicator !== '' && (Number(indicator) < 1 || Number(indicator) > 9)) return [];
    const lines = (breaks === 0 ? value : value.slice(0, -1)).split('\n').map((l) => (l === '' ? '' : indent + l));
    return [
      { start: header.offset, end: header.offset + header.source.length, text: `|${indicator}${chomp}`, origin },
      { start: bodyStart, end: bodyEnd, text: lines.join(nl) + nl, origin },
    ];
  }
  if (!('source' in tok) || typeof tok.source !== 'string') return [];
  const start = tok.offset;
  const end = start + tok.source.length;
  let out: string;
  if (node.type === Scalar.QUOTE_SINGLE && !/[\r\n\t]/.test(value)) out = `'${value.replace(/'/g, "''")}'`;
  else if (node.type === Scalar.PLAIN && isSafePlain(value) && !(inFlow && FLOW_INDICATOR.test(value))) out = value;
  else out = `"${escapeDouble(value)}"`;
  return [{ start, end, text: out, origin }];
}
