import { describe, expect, it } from 'vitest';
import { parseAllDocuments, visit, type Document, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { dropSourceTokens, settleTokenFields, TOKEN_FIELD_SHAPES, trimSourceTokens } from '../../src/yaml/drop-source-tokens.js';
import { SOURCE_TOKEN_READ } from '../../src/yaml/source-options.js';
import { insertMapPair, insertSeqItem, removeMapPair, removeSeqItem, replaceScalar } from '../../src/yaml/yaml-edits.js';

describe('dropSourceTokens', () => {
  const text = 'a: &x 1\nb: [ "q", *x ]\nc:\n  - |\n    lit\n---\nd: {e: f}\n';

  it('forgets every CST token and keeps ranges and values', () => {
    const docs = parseAllDocuments(text, { keepSourceTokens: true }) as Document.Parsed[];
    const before: unknown[] = [];
    const ranges: unknown[] = [];
    for (const d of docs) visit(d, (_k, n) => void (before.push((n as { srcToken?: unknown }).srcToken), ranges.push((n as { range?: unknown }).range)));
    expect(before.some((t) => t !== undefined)).toBe(true);
    dropSourceTokens(docs);
    const after: unknown[] = [];
    const rangesAfter: unknown[] = [];
    for (const d of docs) visit(d, (_k, n) => void (after.push((n as { srcToken?: unknown }).srcToken), rangesAfter.push((n as { range?: unknown }).range)));
    expect(after.every((t) => t === undefined)).toBe(true);
    expect(rangesAfter).toEqual(ranges);
    expect(docs.map((d) => d.toJS())).toEqual([{ a: 1, b: ['q', 1], c: ['lit\n'] }, { d: { e: 'f' } }]);
  });

  it('keeps its hands off a document nested deeper than it can walk', () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    let docs: ReturnType<typeof parseAllDocuments> | undefined;
    try {
      docs = parseAllDocuments(deep, { keepSourceTokens: true });
    } catch {
      return; // yaml itself cannot compose it here: nothing to drop
    }
    expect(() => dropSourceTokens((Array.isArray(docs) ? docs : []) as Document.Parsed[])).not.toThrow();
  });
});

describe('trimSourceTokens', () => {
  const text = 'a: &x 1\nb: [ "q", *x ]\nc:\n  - |\n    lit\n  - k: v\n    l: "w"\n';

  it('keeps the tokens edits read (scalars, block sequence dashes) and forgets the rest', () => {
    const docs = parseAllDocuments(text, { keepSourceTokens: true }) as Document.Parsed[];
    const scalarsBefore: unknown[] = [];
    visit(docs[0] as Document.Parsed, { Scalar: (_k, n) => void scalarsBefore.push(n.srcToken) });
    trimSourceTokens(docs);
    const doc = docs[0] as Document.Parsed;
    const scalarsAfter: unknown[] = [];
    visit(doc, { Scalar: (_k, n) => void scalarsAfter.push(n.srcToken) });
    expect(scalarsAfter).toEqual(scalarsBefore);
    expect(scalarsAfter.every((t) => t !== undefined)).toBe(true);
    visit(doc, { Map: (_k, n) => void expect(n.srcToken).toBeUndefined(), Pair: (_k, n) => void expect(n.srcToken).toBeUndefined(), Alias: (_k, n) => void expect(n.srcToken).toBeUndefined() });
    const seq = doc.get('c', true) as YAMLSeq;
    const tok = seq.srcToken;
    expect(tok?.type).toBe('block-seq');
    const dashes = tok?.type === 'block-seq' ? tok.items.map((i) => i.start.find((t) => t.type === 'seq-item-ind')?.offset) : [];
    expect(dashes).toEqual([text.indexOf('- |'), text.indexOf('- k')]);
    expect(tok?.type === 'block-seq' && tok.items.every((i) => i.value === undefined)).toBe(true);
    expect((doc.get('b', true) as YAMLSeq).srcToken).toBeUndefined(); // a flow sequence
  });

  it('leaves edits unchanged: replaceScalar and removeSeqItem give what the full CST gives', () => {
    const full = parseAllDocuments(text, { keepSourceTokens: true }) as Document.Parsed[];
    const trimmed = parseAllDocuments(text, { keepSourceTokens: true }) as Document.Parsed[];
    trimSourceTokens(trimmed);
    const edits = (docs: Document.Parsed[]) => {
      const doc = docs[0] as Document.Parsed;
      const seq = doc.get('c', true) as YAMLSeq;
      return [
        replaceScalar(text, seq.items[0] as Scalar, 'new\n', 't'),
        replaceScalar(text, (doc.get('b', true) as YAMLSeq).items[0] as Scalar, 'z', 't'),
        removeSeqItem(text, seq, 1, 't'),
        removeSeqItem(text, seq, 0, 't'),
        insertSeqItem(text, seq, 0, 'x', 't'),
        insertSeqItem(text, seq, 'end', 'y', 't'),
        removeMapPair(text, seq.items[1] as YAMLMap, 'l', 't'),
        insertMapPair(text, doc.contents as YAMLMap, 'a', 'n', 'm', 't'),
      ];
    };
    expect(edits(trimmed)).toEqual(edits(full));
    expect(edits(full).flat().length).toBeGreaterThan(0);
  });
});

describe('settleTokenFields', () => {
  it('reads a clean document holding each node shape it is meant to settle', () => {
    const docs = parseAllDocuments(TOKEN_FIELD_SHAPES, SOURCE_TOKEN_READ) as Document.Parsed[];
    expect(docs).toHaveLength(1);
    const doc = docs[0] as Document.Parsed;
    expect(doc.errors).toEqual([]);
    expect(doc.toJS()).toEqual({ a: 'b', c: ['d', 'e', { k: 'v' }], f: 'g\n' });
    const kinds = new Set<string>();
    visit(doc, (_k, n) => {
      const node = n as { type?: string; spaceBefore?: boolean; commentBefore?: string; items?: unknown };
      if (node.type !== undefined) kinds.add(node.type);
      if (node.spaceBefore === true) kinds.add('spaceBefore');
      if (node.commentBefore !== undefined) kinds.add('commentBefore');
      if (Array.isArray(node.items)) kinds.add((n as YAMLMap | YAMLSeq).constructor.name);
    });
    expect([...kinds].sort()).toEqual(['BLOCK_LITERAL', 'PLAIN', 'QUOTE_DOUBLE', 'YAMLMap', 'YAMLSeq', 'commentBefore', 'spaceBefore'].sort());
  });

  it('changes no later reading (it runs once; a second call does nothing)', () => {
    const text = 'a: b\nc:\n  - "d"\n\n# x\ne: |\n  f\n';
    const read = (): unknown[] => (parseAllDocuments(text, SOURCE_TOKEN_READ) as Document.Parsed[]).map((d) => [d.toJS(), d.errors.length, (d.contents as YAMLMap).items.map((p) => (p.value as Scalar).srcToken?.type ?? 'collection')]);
    const before = read();
    settleTokenFields();
    settleTokenFields();
    expect(read()).toEqual(before);
  });
});
