import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, visit, type Document } from 'yaml';
import { aliasSearch, indexAliases } from '../../src/yaml/aliases.js';
import { walkNodes, type WalkedNode } from '../../src/yaml/walk-nodes.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';

const isYaml = (rel: string): boolean => /\.(ya?ml|json)$/i.test(rel);
/** Every YAML file of the corpus and the fixtures (walked: both trees grow). */
const yamlFiles = [...walkCorpus(isYaml), ...walkFiles(resolve(process.cwd(), 'fixtures'), isYaml)];

/** Shapes the walk and the alias search must get right: aliases after every kind of separator, in flow and block, streams, merge keys, comments. */
const SHAPES = [
  'a: &x 1\nb: [ "q", *x ]\nc:\n  - |\n    lit\n---\nd: {e: f}\n',
  'a: &x 1\nb: {"c":*x}\n',
  'a: &x 1\nb: [*x,*x]\nc: {k: *x}\n? *x\n: v\n',
  'base: &b {k: v}\nm:\n  <<: *b\n  l: w\n',
  '- &a x\n- *a\n-\t*a\n',
  'k: "*not" # *comment\nl: a*b\nm: |\n  Match *\n  Path /var/log/*.log\n',
  'one: 1\n---\ntwo: &t 2\n---\nthree: *t\n---\nfour: &f 4\nfive: *f\n',
  '--- &top\na: 1\n--- *top\n',
  '{a: &x 1, b: *x}\n',
  '',
  '# only a comment\n',
  'a:\n  b:\n    c: [1, {d: [2, 3]}, *x]\n',
];

const viaVisit = (doc: Document): WalkedNode[] => {
  const out: WalkedNode[] = [];
  visit(doc, (_key, node) => void out.push(node as WalkedNode));
  return out;
};
const viaWalk = (doc: Document): WalkedNode[] => {
  const out: WalkedNode[] = [];
  walkNodes(doc, (node) => void out.push(node));
  return out;
};
const docsOf = (text: string): Document.Parsed[] => {
  try {
    return parseAllDocuments(text, { keepSourceTokens: true, uniqueKeys: false }) as Document.Parsed[];
  } catch (error) {
    if (error instanceof RangeError) return []; // nested deeper than yaml's parser recurses (a fixture of that)
    throw error;
  }
};

describe('walkNodes', () => {
  it("meets yaml's visit: the same nodes in the same order, on the corpus, the fixtures and odd shapes", () => {
    let nodes = 0;
    for (const text of [...SHAPES, ...yamlFiles.map((f) => f.text)]) {
      for (const doc of docsOf(text)) {
        const expected = viaVisit(doc);
        expect(viaWalk(doc)).toEqual(expected);
        expect(viaWalk(doc).every((n, i) => n === expected[i])).toBe(true);
        nodes += expected.length;
      }
    }
    expect(nodes).toBeGreaterThan(10_000);
  });

  it('skips what a node holds when the callback says so, and walks deep nesting without recursion', () => {
    const doc = docsOf('a: {b: [1, 2]}\nc: 3\n')[0] as Document.Parsed;
    const seen: string[] = [];
    walkNodes(doc, (node) => {
      seen.push(node === null ? 'null' : String((node as { constructor: { name: string } }).constructor.name));
      return node !== null && 'items' in node && node !== doc.contents; // skip the inner map's contents
    });
    expect(seen).toEqual(['YAMLMap', 'Pair', 'Scalar', 'YAMLMap', 'Pair', 'Scalar', 'Scalar']);
    let count = 0;
    walkNodes(docsOf(`${'['.repeat(500)}${']'.repeat(500)}`)[0], () => void count++);
    expect(count).toBe(500);
  });
});

describe('indexAliases with the source text', () => {
  it('finds the same aliases as a full walk (a document without an alias start is not walked)', () => {
    let shared = 0;
    for (const text of [...SHAPES, ...yamlFiles.map((f) => f.text)]) {
      const full = docsOf(text).map((d) => indexAliases(d));
      const search = aliasSearch(text);
      const quick = docsOf(text).map((d) => indexAliases(d, search));
      expect(quick).toEqual(full);
      shared += full.flat().length;
    }
    expect(shared).toBeGreaterThan(5);
  });

  it('answers a stream of many documents in order, with an alias only at its end', () => {
    const text = `${Array.from({ length: 300 }, (_, i) => `k${i}: /var/log/*.log\n`).join('---\n')}---\na: &x 1\nb: *x\n`;
    const docs = docsOf(text);
    const search = aliasSearch(text);
    const anchors = docs.map((d) => indexAliases(d, search));
    expect(anchors.slice(0, -1).every((a) => a.length === 0)).toBe(true);
    expect(anchors[anchors.length - 1]).toEqual(indexAliases(docs[docs.length - 1] as Document.Parsed));
    expect(anchors[anchors.length - 1]?.length).toBe(1);
  });
});
