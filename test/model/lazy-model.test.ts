import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/grammar/parse.js';
import type { ConfigTree } from '../../src/grammar/syntax-tree.js';
import { buildModel, type ConfigModel } from '../../src/model/config-model.js';
import { parseDiscoveredConfigs } from '../../src/model/parse-configs.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import { classicView } from '../../src/view/classic.js';

/*
 * The model and the classic view make sections' entries, lines and
 * properties when first read, and a parsed config can release its model
 * (memory, issue #14). What they give must not depend on when or in which
 * order they are read.
 */

const corpus = join(__dirname, '../../../shared/corpus');

function confFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...confFiles(p));
    else if (name.endsWith('.conf')) out.push(p);
  }
  return out;
}

/** Everything a model tells, as plain data (entries read in file order). */
function shape(model: ConfigModel): unknown {
  return {
    sections: model.sections.map((s) => ({
      type: s.type, name: s.name, plugin: s.plugin, start: s.start, end: s.end,
      entries: s.entries.map((e) => [e.key, e.name, e.value, e.valueStart, e.valueEnd, e.depth, e.group, e.varRefs, e.line.start, e.line.end]),
    })),
    includes: model.includes.map((r) => [r.path, r.start, r.end, r.line.start]),
    sets: model.sets.map((r) => [r.name, r.value, r.start, r.end]),
    varRefs: model.varRefs,
    indent: model.indent,
    newline: model.newline,
  };
}

const sample = [
  '@SET A=1',
  '[SERVICE]',
  '    Flush 5',
  '[INPUT]',
  ...Array.from({ length: 20 }, (_, i) => `    Key${i % 7} value-${i} \${V${i}}`),
  '    NAME Tail',
  '    name second',
  '[FILTER]',
  '    Name  kubernetes',
  '    [GROUP g]',
  '        inner 1',
  '    after 2',
  '',
].join('\n');

describe('the lazy model', () => {
  it('gives the same model whatever is read first (plugin, lookups, lines, entries), over the corpus', () => {
    const texts = [sample, ...confFiles(corpus).map((f) => readFileSync(f, 'utf8'))];
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts) {
      const eager = buildModel(parseConfig(text).tree);
      const want = shape(eager);
      // Another order: plugins and lookups before any entry list, lines before the tree's lines.
      const tree = parseConfig(text).tree;
      const lazy = buildModel(tree);
      for (const s of lazy.sections) {
        void s.plugin;
        void s.get('name');
        void s.getAll('key1');
      }
      const lines = lazy.sections.flatMap((s) => s.entries.map((e) => e.line));
      expect(shape(lazy)).toEqual(want);
      // A line read through an entry is the tree's own line object.
      for (const line of lines) expect(tree.lines).toContain(line);
    }
  });

  it('looks keys up case-insensitively, duplicates kept in order, in small and large sections', () => {
    const model = buildModel(parseConfig(sample).tree);
    const input = model.sectionsOf('input')[0];
    expect(input?.entries.length).toBeGreaterThan(12);
    expect(input?.plugin).toBe('tail');
    expect(input?.getAll('NAME').map((e) => e.value)).toEqual(['Tail', 'second']);
    expect(input?.get('key3')?.value).toBe('value-3 ${V3}');
    expect(input?.getAll('Key3').map((e) => e.value)).toEqual(['value-3 ${V3}', 'value-10 ${V10}', 'value-17 ${V17}']);
    expect(input?.has('missing')).toBe(false);
    const filter = model.sectionsOf('filter')[0];
    expect(filter?.plugin).toBe('kubernetes');
    expect(filter?.get('INNER')?.group).toBe('GROUP g');
    expect(filter?.get('after')?.depth).toBe(1);
  });

  it('a lookup in a small section makes only the entries it returns, the objects entries then holds', () => {
    const text = '[INPUT]\n    Name tail\n    Path /a\n    Tag x\n    path /b\n    [G] g\n        Path /c\n';
    const model = buildModel(parseConfig(text).tree);
    const input = model.sections[0];
    if (!input) throw new Error('no section');
    const first = input.get('PATH');
    const all = input.getAll('path');
    expect(all.map((e) => [e.value, e.depth, e.group])).toEqual([['/a', 1, null], ['/b', 1, null], ['/c', 2, 'G']]);
    expect(all[0]).toBe(first);
    expect(input.has('tag')).toBe(true);
    expect(input.entries.map((e) => e.name)).toEqual(['name', 'path', 'tag', 'path', 'path']);
    expect(input.entries[1]).toBe(first);
    expect(input.entries[3]).toBe(all[1]);
    expect(input.getAll('path')).toEqual(all);
    expect(input.get('path')).toBe(first);
  });

  it('a released model is made again with the same content; the tree builds its lines again', () => {
    const [parsed] = parseDiscoveredConfigs([discoverFile({ path: 'fluent-bit.conf', text: sample })]);
    expect(parsed).toBeDefined();
    if (!parsed) return;
    const first = parsed.model;
    expect(parsed.model).toBe(first);
    const want = shape(first);
    const lines: ConfigTree['lines'] = parsed.tree.lines;
    parsed.releaseModel();
    const again = parsed.model;
    expect(again).not.toBe(first);
    expect(shape(again)).toEqual(want);
    expect(parsed.tree.lines).not.toBe(lines);
    expect(parsed.tree.lines.map((l) => [l.kind, l.start, l.end])).toEqual(lines.map((l) => [l.kind, l.start, l.end]));
  });
});

describe('the lazy classic view', () => {
  it('returns one property object per entry, whether found by a lookup or in properties', () => {
    const [parsed] = parseDiscoveredConfigs([discoverFile({ path: 'fluent-bit.conf', text: sample })]);
    if (!parsed) throw new Error('no config');
    const view = classicView(parsed.config, parsed.model);
    const input = view.sectionsOf('input')[0];
    if (!input) throw new Error('no input');
    const found = input.getAll('key3');
    const second = input.get('name');
    expect(input.properties.length).toBe(22);
    expect(input.properties.filter((p) => p.name === 'key3')).toEqual(found);
    for (const p of found) expect(input.properties).toContain(p);
    expect(input.properties).toContain(second);
    expect(input.properties).toBe(input.properties);
    expect(input.get('key3')).toBe(found[0]);
    expect(input.at).toBe(input.at);
    expect(found[0]?.varRefs).toEqual([{ name: 'V3', fallback: null, start: 8, end: 13 }]);
    const filter = view.sectionsOf('filter')[0];
    expect(filter?.plugin).toBe('kubernetes');
    expect(filter?.get('inner')).toBe(filter?.properties[1]);
  });
});
