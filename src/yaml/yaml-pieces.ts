import { isMap, isScalar, isSeq, parseAllDocuments, visit, YAMLMap, YAMLSeq, type DocumentOptions, type Node, type Pair, type ParseOptions, type SchemaOptions } from 'yaml';
import { int32s } from '../source/off-heap.js';

/*
 * A YAML config read in pieces (issue #14; NOTES.md, "`--to-yaml` read back in
 * pieces"). yaml's `parseAllDocuments` holds its CST and its `Document` of the
 * whole text at once (~51x the text); a config the converter writes is one
 * block map at column 0 whose big parts are block sequences of small items
 * (`pipeline.inputs|filters|outputs`, `parsers`, `multiline_parsers`). Here
 * the text is cut at its top-level keys, at the keys of a top-level map
 * holding such a sequence (`pipeline:`), and at the `- ` lines of those
 * sequences; each piece is parsed on its own with the reader's options, its
 * offsets moved to the whole text, handed to the reader and dropped. Used by
 * the proof's read-back (src/convert/yaml-reader.ts) and by discovery of a big
 * YAML config file (src/discover/discover-file.ts, which needs no more than
 * its top-level keys and that it parses).
 *
 * Sound only where the pieces give what the whole parse gives, so every
 * precondition that fails makes the caller read the whole text instead
 * (`PiecesFallback`): a tab in a line's indentation, a byte-order mark, a
 * column-0 line that is not a plain key (markers `---` / `...`, `%`
 * directives, `- `, `?`, flow or quoted starts), a piece with any error or
 * warning (a quoted or flow scalar crossing a cut leaves one unterminated),
 * anchors, aliases or tags anywhere, a piece that is not exactly one block
 * pair (a key piece) or one block sequence item (an item piece) starting
 * where the cut says, and a lazy node whose `items` the reader touches
 * directly. The reader treats any failure of its own as a fallback too
 * (yaml-reader.ts), so a chunked read either gives the whole read's view or
 * none.
 */

/** Thrown when the pieces cannot stand for the whole parse; the caller reads the whole text. */
export class PiecesFallback extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** yaml's options for the pieces: the whole read's own. */
export type PieceOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** Texts shorter than this are read whole (a piece's parse has a fixed cost; memory is no concern there). Tests set 0. */
export const yamlPieces = { minBytes: 256 * 1024 };

/** One key of a block map and what follows it up to the next key of the same map. */
interface Block {
  /** The piece's first offset (the key line, or 0 for the file's first key: leading comments go with it). */
  readonly start: number;
  readonly end: number;
  /** Offset of the key (its line start + indentation). */
  readonly keyAt: number;
  /** How the value is cut: not (one piece), into sequence items, or into the keys of a map. */
  readonly split: { readonly valueAt: number; readonly items: readonly number[] } | { readonly valueAt: number; readonly keys: readonly Block[] } | null;
}

const KEY_LINE = /^[A-Za-z_][\w.-]*:(?: +#.*| *)\r?$/;

/** Lines with content (not blank, not a comment): their starts and indentations. */
interface Lines {
  readonly starts: Int32Array;
  readonly indents: Int32Array;
  readonly count: number;
}

function contentLines(text: string): Lines {
  let starts = new Int32Array(1024);
  let indents = new Int32Array(1024);
  let count = 0;
  for (let at = 0; at < text.length;) {
    let i = at;
    while (text.charCodeAt(i) === 0x20) i++;
    const c = text.charCodeAt(i);
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    if (c === 0x09) throw new PiecesFallback('a tab in the indentation');
    const blank = i >= text.length || c === 0x0a || (c === 0x0d && i + 1 === nl);
    if (!blank && c !== 0x23 /* # */) {
      if (count === starts.length) {
        const s = int32s(count * 2);
        s.set(starts);
        starts = s;
        const d = int32s(count * 2);
        d.set(indents);
        indents = d;
      }
      starts[count] = at;
      indents[count] = i - at;
      count++;
    }
    at = nl + 1;
  }
  return { starts, indents, count };
}

const lineText = (text: string, from: number): string => {
  const nl = text.indexOf('\n', from);
  return text.slice(from, nl < 0 ? text.length : nl);
};

const isItemLine = (text: string, at: number): boolean => {
  if (text.charCodeAt(at) !== 0x2d /* - */) return false;
  const n = text.charCodeAt(at + 1);
  return Number.isNaN(n) || n === 0x20 || n === 0x0a || (n === 0x0d && text.charCodeAt(at + 2) === 0x0a);
};

/**
 * How the value of the key on content line `j` (whose block runs over content lines up to `to`, excluded, and
 * ends at offset `end`) is cut, or null when it is one piece.
 */
function splitOf(text: string, lines: Lines, j: number, to: number, end: number, depth: number): Block['split'] {
  const { starts, indents } = lines;
  if (j + 1 >= to || !KEY_LINE.test(lineText(text, (starts[j] as number) + (indents[j] as number)))) return null;
  const m = indents[j + 1] as number;
  const valueAt = (starts[j + 1] as number) + m;
  if (isItemLine(text, valueAt)) {
    const items: number[] = [];
    for (let i = j + 1; i < to; i++) {
      const ind = indents[i] as number;
      if (ind < m) return null;
      if (ind === m) {
        if (!isItemLine(text, (starts[i] as number) + m)) return null;
        items.push(starts[i] as number);
      }
    }
    return { valueAt, items };
  }
  if (depth >= 2) return null;
  const keyLines: number[] = [];
  for (let i = j + 1; i < to; i++) {
    const ind = indents[i] as number;
    if (ind < m) return null;
    if (ind === m) keyLines.push(i);
  }
  const keys: Block[] = [];
  let anySplit = false;
  keyLines.forEach((k, n) => {
    const next = n + 1 < keyLines.length ? (keyLines[n + 1] as number) : to;
    const blockEnd = next < to ? (starts[next] as number) : end;
    const split = splitOf(text, lines, k, next, blockEnd, depth + 1);
    if (split) anySplit = true;
    keys.push({ start: starts[k] as number, end: blockEnd, keyAt: (starts[k] as number) + m, split });
  });
  return anySplit ? { valueAt, keys } : null;
}

const BAD_COLUMN_0 = new Set([...'-%.?:[]{},&*!|>\'"@`'].map((c) => c.charCodeAt(0)));

/** The top-level blocks of a text, or a fallback. */
export function planPieces(text: string): Block[] {
  if (text.charCodeAt(0) === 0xfeff) throw new PiecesFallback('a byte-order mark');
  // A lone CR is a line break to yaml, not to the cuts (made at LF).
  if (/\r(?!\n)/.test(text)) throw new PiecesFallback('a line break that is a lone CR');
  const lines = contentLines(text);
  const { starts, indents, count } = lines;
  if (count === 0 || indents[0] !== 0) throw new PiecesFallback('no block map at column 0');
  const tops: number[] = [];
  for (let i = 0; i < count; i++) {
    if (indents[i] !== 0) continue;
    if (BAD_COLUMN_0.has(text.charCodeAt(starts[i] as number))) throw new PiecesFallback('a column-0 line that is not a plain key');
    tops.push(i);
  }
  return tops.map((k, n) => {
    const next = n + 1 < tops.length ? (tops[n + 1] as number) : count;
    const end = next < count ? (starts[next] as number) : text.length;
    return { start: n === 0 ? 0 : (starts[k] as number), end, keyAt: starts[k] as number, split: splitOf(text, lines, k, next, end, 1) };
  });
}

/** Parses text[start, end) alone: one document, no error or warning, no anchor, alias or tag; offsets moved by `start`. */
function parsePiece(text: string, start: number, end: number, options: PieceOptions): Node {
  const docs = parseAllDocuments(text.slice(start, end), options);
  const doc = Array.isArray(docs) && docs.length === 1 ? docs[0] : undefined;
  if (!doc) throw new PiecesFallback('a piece that is not one document');
  if (doc.errors.length > 0 || doc.warnings.length > 0) throw new PiecesFallback('a piece with a YAML error or warning');
  visit(doc, {
    Alias() {
      throw new PiecesFallback('an alias');
    },
    Node(_k, node) {
      const n = node as Node & { anchor?: string; tag?: string };
      if (n.anchor !== undefined || n.tag !== undefined) throw new PiecesFallback('an anchor or a tag');
      if (n.range) n.range = [n.range[0] + start, n.range[1] + start, n.range[2] + start];
    },
  });
  if (!doc.contents) throw new PiecesFallback('an empty piece');
  return doc.contents as Node;
}

/** A block's key piece: exactly one pair of a block map starting at the key. */
function pairPiece(text: string, start: number, end: number, keyAt: number, options: PieceOptions): Pair {
  const root = parsePiece(text, start, end, options);
  if (!isMap(root) || root.flow === true || root.items.length !== 1 || root.range?.[0] !== keyAt) throw new PiecesFallback('a key piece that is not one block pair');
  return root.items[0] as Pair;
}

/** Lazy collections: their items come from the pieces, once, in order. */
const sources = new WeakMap<object, { iterate: () => Iterable<unknown> }>();

function lazy<T extends YAMLMap | YAMLSeq>(node: T, range: [number, number, number], make: () => Iterable<unknown>, pending: Set<{ drain: () => void }>): T {
  node.range = range;
  Object.defineProperty(node, 'items', {
    get() {
      throw new PiecesFallback('the reader touched a lazy collection directly');
    },
  });
  let used = false;
  let done = false;
  const entry = {
    drain: () => {
      if (used && !done) throw new PiecesFallback('a lazy collection the reader left before its end');
      if (!used) for (const _ of it()) { /* parse and check what the reader did not read */ }
    },
  };
  function* it(): Iterable<unknown> {
    if (used) throw new PiecesFallback('a lazy collection read twice');
    used = true;
    yield* make();
    done = true;
    pending.delete(entry);
  }
  pending.add(entry);
  sources.set(node, { iterate: it });
  return node;
}

/** The pairs of a block (a key piece, its value cut as planned). */
function* blockPairs(text: string, blocks: readonly Block[], options: PieceOptions, pending: Set<{ drain: () => void }>): Iterable<Pair> {
  for (const b of blocks) {
    if (!b.split) {
      yield pairPiece(text, b.start, b.end, b.keyAt, options);
      continue;
    }
    const split = b.split;
    const head = 'items' in split ? (split.items[0] as number) : (split.keys[0] as Block).start;
    const pair = pairPiece(text, b.start, head, b.keyAt, options);
    const value = pair.value;
    if (!isScalar(value) || (value.value !== '' && value.value !== null)) throw new PiecesFallback('a cut value that is not empty in its key piece');
    const range: [number, number, number] = [split.valueAt, b.end, b.end];
    if ('items' in split) {
      const items = split.items;
      pair.value = lazy(new YAMLSeq(), range, function* () {
        for (let i = 0; i < items.length; i++) {
          const start = items[i] as number;
          const root = parsePiece(text, start, i + 1 < items.length ? (items[i + 1] as number) : b.end, options);
          if (!isSeq(root) || root.flow === true || root.items.length !== 1 || root.range?.[0] !== split.valueAt - (items[0] as number) + start) {
            throw new PiecesFallback('an item piece that is not one block sequence item');
          }
          yield root.items[0];
        }
      }, pending);
    } else {
      const keys = split.keys;
      pair.value = lazy(new YAMLMap(), range, () => blockPairs(text, keys, options, pending), pending);
    }
    yield pair;
  }
}

/** The pieces of a whole config text. */
export interface PiecesRead {
  /** The root map (lazy: read it with `pairsOf`). */
  readonly root: YAMLMap;
  /** Parses and checks every piece the reader did not read (a piece nobody reads may still make the whole parse fail). */
  readonly drain: () => void;
}

/** The pieces of a text, read lazily (a PiecesFallback, thrown here or while reading, says to parse the whole text). */
export function readPieces(text: string, options: PieceOptions): PiecesRead {
  // Two pieces never see each other's keys: a key repeated across them is yaml's error only in the whole parse.
  if (options.uniqueKeys !== false) throw new PiecesFallback('unique keys asked for (a key repeated across pieces)');
  const blocks = planPieces(text);
  const pending = new Set<{ drain: () => void }>();
  const root = lazy(new YAMLMap(), [(blocks[0] as Block).keyAt, text.length, text.length], () => blockPairs(text, blocks, options, pending), pending);
  return {
    root,
    drain: () => {
      while (pending.size > 0) for (const p of [...pending]) p.drain();
    },
  };
}

/** The pairs of a map: a lazy one's from its pieces, else its items. */
export function pairsOf(map: YAMLMap): Iterable<Pair> {
  const source = sources.get(map);
  return source ? (source.iterate() as Iterable<Pair>) : map.items as Pair[];
}

/** The items of a sequence: a lazy one's from its pieces, else its items. */
export function itemsOf(seq: YAMLSeq): Iterable<unknown> {
  const source = sources.get(seq);
  return source ? source.iterate() : seq.items;
}

/** Whether a collection is read from pieces. */
export const isLazy = (node: unknown): boolean => typeof node === 'object' && node !== null && sources.has(node);

/**
 * `read` run on the root of a text read in pieces, then every piece it did not read parsed and checked: its result
 * when every piece parses with `options` (`uniqueKeys: false`: readPieces falls back otherwise) without an error or
 * a warning (then the whole text does too, as one block map), or undefined when the pieces cannot tell (a fallback,
 * or a stack overflow of a deeply nested piece: the whole parse reports it). `read` must read every collection it
 * enters to its end (pairsOf, itemsOf).
 */
export function readAllPieces<T>(text: string, options: PieceOptions, read: (root: YAMLMap) => T): T | undefined {
  try {
    const pieces = readPieces(text, options);
    const result = read(pieces.root);
    pieces.drain();
    return result;
  } catch (e) {
    if (e instanceof PiecesFallback || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The top-level keys of a text read in pieces (readAllPieces), or undefined when the pieces cannot tell. */
export function topKeysInPieces(text: string, options: PieceOptions): Node[] | undefined {
  return readAllPieces(text, options, (root) => {
    const keys: Node[] = [];
    for (const pair of pairsOf(root)) keys.push(pair.key as Node);
    return keys;
  });
}
