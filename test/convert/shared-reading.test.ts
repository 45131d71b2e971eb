import { describe, expect, it } from 'vitest';
import { forEachLine } from '../../src/grammar/compact-tree.js';
import type { Line } from '../../src/grammar/syntax-tree.js';
import { buildClassicDoc } from '../../src/convert/classic-doc.js';
import type { ClassicReadings } from '../../src/convert/classic-reader.js';
import { readSetup } from '../../src/convert/read-setup.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import { loadConfig } from '../../src/model/config-model.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';

/*
 * Memory of --to-yaml on a big classic config (issue #14, NOTES.md
 * "`--to-yaml` of a big classic config: RSS"): the convert readers walk a
 * tree's lines one at a time (forEachLine: nothing kept), and convertSetup
 * builds its docs from the parse its setup reading made (classicReadings)
 * instead of parsing every file again. Both must give what the cached lines
 * and a parse of its own give: checked here on every classic file of the
 * corpus and of the convert and to-yaml fixtures (walked).
 */

const isClassic = (rel: string): boolean => /\.conf$/i.test(rel) || /(^|\/)input\/[^/]*$/.test(rel) && !/\.(ya?ml|json)$/i.test(rel);
const texts = [
  ...walkCorpus((rel) => /\.conf$/i.test(rel)),
  ...walkFiles('fixtures/convert', isClassic),
  ...walkFiles('fixtures/to-yaml', (rel) => /\.conf$/i.test(rel)),
];

const roles = ['main', 'parsers'] as const;

describe('forEachLine', () => {
  it('walks classic files', () => {
    expect(texts.length).toBeGreaterThan(40);
  });

  it.each(texts.map((f) => [f.rel, f.text] as const))('%s: the lines tree.lines holds, then the same objects', (_rel, text) => {
    const walked: Line[] = [];
    const { tree } = loadConfig(text);
    forEachLine(tree, (line, i) => {
      expect(i).toBe(walked.length);
      walked.push(line);
    });
    const fresh = loadConfig(text).tree.lines;
    expect(JSON.parse(JSON.stringify(walked))).toEqual(JSON.parse(JSON.stringify(fresh)));
    // Once the tree's lines are built, the walk visits those objects.
    const built = tree.lines;
    const again: Line[] = [];
    forEachLine(tree, (line) => again.push(line));
    expect(again.length).toBe(built.length);
    again.forEach((line, i) => expect(line).toBe(built[i]));
  });
});

describe('a doc from a shared parse', () => {
  it.each(texts.flatMap((f) => roles.map((role) => [f.rel, role, f.text] as const)))('%s (%s): the same doc from its own parse, a shared one and one whose lines are built', (rel, role, text) => {
    const own = buildClassicDoc(rel, text, role);
    expect(buildClassicDoc(rel, text, role, loadConfig(text, { role }))).toEqual(own);
    const built = loadConfig(text, { role });
    void built.model.tree.lines;
    for (const s of built.model.sections) void s.entries;
    expect(buildClassicDoc(rel, text, role, built)).toEqual(own);
  });
});

describe('readSetup with classicReadings', () => {
  it.each(texts.map((f) => [f.rel, f.text] as const))('%s: the same result, and the parse of every classic file read', (rel, text) => {
    const files = setupFilesFrom(new Map([[rel, text]]));
    const plain = readSetup(rel, { files, unknownParsersFile: 'external' });
    const readings: ClassicReadings = new Map();
    const shared = readSetup(rel, { files, unknownParsersFile: 'external', classicReadings: readings });
    expect(shared).toEqual(plain);
    expect([...readings.keys()]).toEqual(shared.view.files);
    const read = readings.get(rel);
    expect(read?.text).toBe(text);
    expect(read?.role).toBe('main');
    expect(read?.loaded.diagnostics).toEqual(loadConfig(text, { role: 'main' }).diagnostics);
  });
});
