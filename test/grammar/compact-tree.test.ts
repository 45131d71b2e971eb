import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/grammar/parse.js';
import { printConfig } from '../../src/grammar/print.js';
import type { ConfigTree, Line, Token } from '../../src/grammar/syntax-tree.js';
import { buildModel, type ConfigModel } from '../../src/model/config-model.js';
import { walkCorpus } from '../helpers/corpus.js';
import { loadCases } from './conformance-cases.js';

/*
 * The tree is a view over the lexer's line records (compact-tree.ts):
 * lines and tokens are built when first read. These tests pin what that
 * must not change: identity of what was read once, the plain-object form
 * (JSON), the model read through the records equal to the model read
 * through the tokens, and the records of files lexed in several chunks or
 * sharing a slab.
 */

const SAMPLE = '# c\n@SET A=b\n[SERVICE]\n    Flush 1\n\n[INPUT]\n    Name tail\r\n    [G] x\n        k v\n  bad\n[X\n@INCLUDE a.conf';

/** Every token-valued field a line kind has. */
const TOKEN_FIELDS: Record<Line['kind'], readonly string[]> = {
  blank: ['indent'],
  comment: ['indent', 'comment'],
  command: ['keyword', 'separator', 'argument'],
  header: ['open', 'name', 'close', 'rest'],
  entry: ['indent', 'key', 'separator', 'value', 'trailing'],
};

/** A model with each line replaced by its start offset (comparable across trees). */
function comparable(model: ConfigModel): unknown {
  const at = (x: { line: Line }): unknown => ({ ...x, line: x.line.start });
  return {
    sections: model.sections.map((s) => ({ type: s.type, name: s.name, plugin: s.plugin, start: s.start, end: s.end, entries: s.entries.map(at) })),
    includes: model.includes.map(at),
    sets: model.sets.map(at),
    varRefs: model.varRefs,
    indent: model.indent,
    newline: model.newline,
  };
}

describe('the compact tree', () => {
  it('gives the same objects on every read: lines, sections, preamble, tokens', () => {
    const { tree } = parseConfig(SAMPLE);
    expect(tree.lines).toBe(tree.lines);
    expect(tree.sections).toBe(tree.sections);
    expect(tree.preamble).toBe(tree.preamble);
    for (const line of tree.lines) {
      expect(line.tokens).toBe(line.tokens);
      for (const field of [...TOKEN_FIELDS[line.kind], 'newline']) {
        const token = (line as unknown as Record<string, Token | null>)[field];
        if (token) expect(line.tokens).toContain(token);
      }
    }
    for (const section of tree.sections) {
      expect(tree.lines).toContain(section.header);
      for (const line of section.lines) expect(tree.lines).toContain(line);
    }
    for (const line of tree.preamble) expect(tree.lines).toContain(line);
  });

  it('JSON.stringify writes the whole tree: every line with its fields and tokens', () => {
    const { tree } = parseConfig(SAMPLE);
    const copy = JSON.parse(JSON.stringify(tree)) as ConfigTree;
    expect(copy.text).toBe(SAMPLE);
    expect(copy.lines.length).toBe(tree.lines.length);
    tree.lines.forEach((line, i) => {
      const plain = copy.lines[i] as unknown as Record<string, unknown>;
      expect(plain).toMatchObject({ kind: line.kind, line: line.line, readerLine: line.readerLine, start: line.start, end: line.end });
      expect(plain.tokens).toEqual(line.tokens.map((t) => ({ ...t })));
      for (const field of TOKEN_FIELDS[line.kind]) expect(plain[field]).toEqual((line as unknown as Record<string, unknown>)[field]);
    });
    expect(copy.sections.map((s) => [s.name, s.type, s.lines.length, s.start, s.end])).toEqual(tree.sections.map((s) => [s.name, s.type, s.lines.length, s.start, s.end]));
    expect(printConfig(copy)).toBe(SAMPLE);
  });

  it('builds the same model from its records as from plain token objects (a JSON copy), over the corpus and the conformance cases', () => {
    const texts = [SAMPLE, ...walkCorpus((rel) => rel.endsWith('.conf')).map((f) => f.text)];
    for (const c of loadCases()) texts.push(...Object.values(c.files));
    for (const text of texts) {
      const { tree } = parseConfig(text);
      const plain = JSON.parse(JSON.stringify(tree)) as ConfigTree;
      expect(comparable(buildModel(tree)), JSON.stringify(text.slice(0, 80))).toEqual(comparable(buildModel(plain)));
    }
    expect(texts.length).toBeGreaterThan(1000);
  });

  it('a file lexed in several chunks: sections span the chunk boundaries, diagnostics repeat with their block', () => {
    // One section of ~3,000 entries (several 32 KB chunks), then blocks with one error each.
    const big = `[INPUT]\n${'    Name tail\n'.repeat(3000)}`;
    const block = '[OUTPUT]\n    Name  es\n    Match\n\n';
    const blocks = 4000;
    const text = `${big}${block.repeat(blocks)}`;
    const { tree, diagnostics } = parseConfig(text);
    expect(printConfig(tree)).toBe(text);
    expect(tree.sections.length).toBe(1 + blocks);
    expect(tree.sections[0]?.lines.length).toBe(3000);
    // Sections as the line kinds say.
    let expected = 0;
    for (const line of tree.lines) if (line.kind === 'header') expected++;
    expect(expected).toBe(tree.sections.length);
    tree.sections.forEach((s) => {
      const h = tree.lines.indexOf(s.header);
      expect(tree.lines[h + s.lines.length + 1]?.kind ?? 'header').toBe('header');
    });
    expect(diagnostics.map((d) => d.code)).toEqual(Array.from({ length: blocks }, () => 'MISSING_VALUE'));
    diagnostics.forEach((d, k) => expect(d.start).toBe(big.length + k * block.length + block.indexOf('Match')));
  });

  it('trees kept from many small files keep their own lines (records share slabs)', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `[INPUT]\n    Name tail${i}\n${i % 7 === 0 ? '    Tag  t\n' : ''}`);
    const trees = texts.map((t) => parseConfig(t).tree);
    trees.forEach((tree, i) => {
      expect(printConfig(tree)).toBe(texts[i]);
      expect(buildModel(tree).sections[0]?.plugin).toBe(`tail${i}`);
    });
  });

  it('lines shorter than the lexer guessed (the record buffer grows)', () => {
    const text = `[INPUT]\n${'\n'.repeat(70_000)}    k v\n`;
    const { tree, diagnostics } = parseConfig(text);
    expect(tree.lines.length).toBe(70_002);
    expect(printConfig(tree)).toBe(text);
    expect(diagnostics).toEqual([]);
  });
});
