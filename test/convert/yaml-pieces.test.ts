import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertConfig } from '../../src/convert/convert-config.js';
import type { ReadContext } from '../../src/convert/read-context.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import { emptyView } from '../../src/convert/view.js';
import { readInPieces, readYamlFile } from '../../src/convert/yaml-reader.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import type { Discovery } from '../../src/discover/discovery-types.js';
import { PiecesFallback, readPieces, topKeysInPieces, yamlPieces } from '../../src/yaml/yaml-pieces.js';
// @ts-expect-error -- a plain .mjs module without types
import { generateClassic } from '../../bench/generate-scale.mjs';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';

/*
 * A YAML config read back in pieces (src/yaml/yaml-pieces.ts; NOTES.md,
 * "`--to-yaml` read back in pieces") gives exactly what the whole read gives:
 * the same view, the same failures at the same offsets (a read in pieces
 * falls back to the whole read on any doubt), on every YAML text of the
 * corpus, of the conformance probes and of fixtures/, on the YAML that
 * --to-yaml writes for the corpus' classic configs and a generated one, and
 * on random line edits of those texts. Discovery of a YAML file (whose big
 * Fluent Bit configs are found from their pieces) answers the same too.
 */

const defaultMin = yamlPieces.minBytes;
afterEach(() => {
  yamlPieces.minBytes = defaultMin;
});

const isYaml = (rel: string): boolean => /\.ya?ml$/i.test(rel);
const isClassic = (rel: string): boolean => /\.conf$/i.test(rel);

function converted(text: string): string | undefined {
  try {
    return convertConfig(text).yaml ?? undefined;
  } catch {
    return undefined;
  }
}

const probes = readFileSync(resolve(process.cwd(), '../shared/conformance/yaml-probes.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .flatMap((l, i) => {
    const probe = JSON.parse(l) as { id?: string; files?: Record<string, string> };
    return Object.entries(probe.files ?? {}).filter(([n]) => isYaml(n)).map(([n, text]) => ({ rel: `probe ${probe.id ?? i}/${n}`, text }));
  });
const yamlTexts = [
  ...walkCorpus(isYaml).map((f) => ({ rel: `corpus/${f.rel}`, text: f.text })),
  ...probes,
  ...walkFiles('fixtures', isYaml).map((f) => ({ rel: `fixtures/${f.rel}`, text: f.text })),
];
const classicSources = [
  ...walkCorpus(isClassic).map((f) => ({ rel: `corpus/${f.rel}`, text: f.text })),
  ...walkFiles('fixtures/convert', isClassic).map((f) => ({ rel: `fixtures/convert/${f.rel}`, text: f.text })),
  ...walkFiles('fixtures/to-yaml', isClassic).map((f) => ({ rel: `fixtures/to-yaml/${f.rel}`, text: f.text })),
  { rel: 'generated 40 KB', text: generateClassic(40_000) as string },
];
const convertedTexts = classicSources.flatMap((f) => {
  const yaml = converted(f.text);
  return yaml === undefined ? [] : [{ rel: `${f.rel} -> yaml`, text: yaml }];
});
const allTexts = [...yamlTexts, ...convertedTexts];

function newContext(): ReadContext {
  return {
    files: setupFilesFrom(new Map()),
    baseDir: undefined,
    view: emptyView(),
    errors: [],
    included: new Set(),
    role: 'main',
    serviceSet: false,
    followIncludes: false,
    includeRefs: [],
  };
}

/** What a read leaves in its context. */
function read(text: string, minBytes: number): unknown {
  yamlPieces.minBytes = minBytes;
  try {
    const ctx = newContext();
    try {
      readYamlFile(ctx, 'fluent-bit.yaml', text);
    } catch (e) {
      // Nesting deep enough to overflow yaml's parser throws out of the whole read; in pieces too (after a fallback).
      return { threw: (e as Error).name };
    }
    return { view: ctx.view, errors: ctx.errors, includeRefs: ctx.includeRefs, serviceSet: ctx.serviceSet, included: [...ctx.included] };
  } finally {
    yamlPieces.minBytes = defaultMin;
  }
}

/** Whether the text is read in pieces (no fallback). */
function inPieces(text: string): boolean {
  const ctx = newContext();
  return readInPieces(ctx, 'fluent-bit.yaml', text) === 'read';
}

/** What a discovery says of a YAML file: its kind, diagnostics, first config (as JSON, without its offset map), documents by their ranges and errors. */
function discovered(text: string, minBytes: number): unknown {
  yamlPieces.minBytes = minBytes;
  try {
    const d: Discovery = discoverFile({ path: 'conf/fluent-bit.yaml', text });
    const { map: _map, ...config } = d.configs[0] ?? { map: undefined };
    return JSON.parse(JSON.stringify({
      fileKind: d.fileKind, diagnostics: d.diagnostics, configs: d.configs.length, config, configMaps: d.configMaps.length, podTemplates: d.podTemplates.length,
      sharedAnchors: d.sharedAnchors.length, templateRanges: d.templateRanges, documents: d.documents.map((doc) => ({ range: doc.range, errors: doc.errors.map((e) => e.message), contents: doc.contents?.range })),
    })) as unknown;
  } finally {
    yamlPieces.minBytes = defaultMin;
  }
}

describe('reading a YAML config in pieces', () => {
  it('walks the texts', () => {
    expect(yamlTexts.length).toBeGreaterThan(100);
    expect(convertedTexts.length).toBeGreaterThan(40);
  });

  it.each(allTexts.map((f) => [f.rel, f.text] as const))('%s: pieces == whole', (_rel, text) => {
    expect(read(text, 0)).toEqual(read(text, Infinity));
    expect(discovered(text, 0)).toEqual(discovered(text, Infinity));
  });

  it('reads what --to-yaml writes in pieces (no fallback)', () => {
    // Only a converted config with no key at column 0 (comments alone, or nothing) may have nothing to cut.
    const fallbacks = convertedTexts.filter((f) => /^[A-Za-z_][\w.-]*:/m.test(f.text) && !inPieces(f.text)).map((f) => f.rel);
    expect(fallbacks).toEqual([]);
    expect(inPieces(convertedTexts.find((f) => f.rel.startsWith('generated'))?.text ?? '')).toBe(true);
  });

  // Shapes at the cuts: [name, text, read in pieces?]; each read gives the whole read's result either way.
  const shapes: [string, string, boolean][] = [
    ['block scalar kept to the next item', 'pipeline:\n  inputs:\n    - name: tail\n      path: |+\n        a\n\n# col-0 comment\n\n    - name: dummy\n', true],
    ['folded scalar at the end', 'pipeline:\n  filters:\n    - name: grep\n      regex: >-\n        log\n        x\n', true],
    ['compact sequence under pipeline, alone: pipeline is one piece', 'pipeline:\n  inputs:\n  - name: tail\n  - name: dummy\n', true],
    ['compact sequence under pipeline, next to a cut list', 'pipeline:\n  inputs:\n  - name: tail\n  - name: dummy\n  outputs:\n    - name: stdout\n', false],
    ['compact sequence at the top', 'parsers:\n- name: a\n  format: json\n', false],
    ['multi-line plain and quoted values', 'pipeline:\n  outputs:\n    - name: es\n      host: a\n        b\n      match: "x\n        y"\n    - name: stdout\n', true],
    ['comments between items, keys with comments', '# head\nservice: # s\n  flush: 1\npipeline: # p\n  inputs: # i\n    # before\n    - name: tail # t\n  # between\n    - name: dummy\n# end', true],
    ['an item whose map starts on the next line', 'parsers:\n  -\n    name: a\n    format: json\n  - name: b\n    format: regex\n', true],
    ['nested lists in an item', 'pipeline:\n  inputs:\n    - name: tail\n      processors:\n        logs:\n          - name: content_modifier\n      path:\n        - /a\n        - /b\n', true],
    ['CRLF', 'service:\r\n  flush: 1\r\npipeline:\r\n  inputs:\r\n    - name: tail\r\n    - name: dummy\r\n', true],
    ['a key with an empty value between', 'extensions:\nservice:\n  flush: 1\nparsers:\n  - name: a\n', true],
    ['an item less indented than the first', 'parsers:\n    - name: a\n  - name: b\n', false],
    ['a line between the key and the items indent', 'pipeline:\n  inputs:\n    - name: a\n   x: 1\n', false],
    ['duplicate keys and case', 'Pipeline:\n  inputs:\n    - name: a\npipeline:\n  INPUTS:\n    - name: b\n', true],
    ['a failure in an item', 'pipeline:\n  inputs:\n    - name: a\n    - tag: no-name\n', false],
    ['a flow map as an item', 'pipeline:\n  inputs:\n    - {name: a, tag: b}\n    - name: c\n', true],
    // What Fluent Bit refuses in a config's shape (fluent-bit-shape.ts), in a cut piece or between cut ones: the reader
    // and discovery leave it to the whole read, which reports it.
    ['a refused shape in a cut list item (an empty list)', 'pipeline:\n  inputs:\n    - name: a\n      path: []\n    - name: b\n', false],
    ['an item without name in a cut list', 'pipeline:\n  inputs:\n    - name: a\n    - nAme: b\n', false],
    ['a section that is no map before a cut one', 'service:\npipeline:\n  inputs:\n    - name: a\n    - name: b\n', false],
    ['a nested service property', 'service:\n  storage:\n    path: /x\npipeline:\n  inputs:\n    - name: a\n    - name: b\n', false],
    ['a second service after cut lists', 'service:\n  flush: 1\npipeline:\n  inputs:\n    - name: a\n    - name: b\nservice:\n  flush: 2\n', false],
    ['a list in a parser between cut items', 'parsers:\n  - name: a\n    format: json\n  - name: b\n    decode_field_as:\n      - json log\n', false],
  ];
  it.each(shapes)('%s', (_name, text, cut) => {
    expect(inPieces(text)).toBe(cut);
    expect(read(text, 0)).toEqual(read(text, Infinity));
    expect(discovered(text, 0)).toEqual(discovered(text, Infinity));
  });

  it('falls back on what it cannot cut', () => {
    const base = 'service:\n  flush: 1\npipeline:\n  inputs:\n    - name: tail\n      path: /x\n    - name: dummy\n  outputs:\n    - name: stdout\n      match: "*"\n';
    expect(inPieces(base)).toBe(true);
    for (const bad of [
      `---\n${base}`, `%YAML 1.1\n---\n${base}`, `${base}...\n`, base.replace('  flush', '\tflush'), base.replace('/x', '&a /x'),
      base.replace('- name: dummy', '- name: *a'), base.replace('/x', '!!str /x'), base.replace('/x', '"/x\n    - y: "'),
      base.replace('/x', '[/x,\n    - a]'), `\ufeff${base}`, base.replace('service:', '? service\n:'),
      base.replace('\n  outputs:', '\r  outputs:'),
    ]) {
      expect(inPieces(bad)).toBe(false);
      expect(read(bad, 0)).toEqual(read(bad, Infinity));
    }
  });

  it('never reads in pieces with unique keys asked for (a key repeated across pieces is an error of the whole parse only)', () => {
    const repeated = 'service:\n  flush: 1\nservice:\n  flush: 2\n';
    expect(topKeysInPieces(repeated, { uniqueKeys: false })).toHaveLength(2);
    expect(topKeysInPieces(repeated, { uniqueKeys: true })).toBeUndefined();
    expect(() => readPieces(repeated, {})).toThrow(PiecesFallback);
  });
});

/** A seeded generator (mulberry32): the same cases every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['\t', ' ', '  ', '"', '\'', '[', ']', '{', '}', '|', '|+', '>-', '&a ', '*a', '!!str ', '# c', ' #', ': ', '- ', '-', '?', ',', '\r', 'key: v', '%'];
const LINES = ['---', '...', '# comment', '  # indented comment', '', '  ', '\t', 'top: 1', '  sub: x', '    - name: dummy', '- item', '%YAML 1.2', 'x', '  |', '"', '[', '&a b: c', 'k: *a'];

function mutate(text: string, next: () => number): string {
  const lines = text.split('\n');
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const edits = 1 + Math.floor(next() * 3);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(next() * lines.length);
    const line = lines[i] ?? '';
    switch (Math.floor(next() * 6)) {
      case 0: lines[i] = ' '.repeat(Math.floor(next() * 3)) + line; break; // indent
      case 1: lines[i] = line.replace(/^ {1,2}/, ''); break; // outdent
      case 2: {
        const at = Math.floor(next() * (line.length + 1));
        lines[i] = line.slice(0, at) + pick(INSERTS) + line.slice(at);
        break;
      }
      case 3: lines.splice(i, 0, pick(LINES)); break;
      case 4: lines.splice(i, 1); break;
      default: lines.splice(i, 0, line); break; // a repeated line
    }
  }
  return lines.join('\n');
}

describe('random line edits', () => {
  // Cut-friendly bases: the texts read in pieces, small enough for many cases.
  const bases = allTexts.filter((f) => f.text.length < 20_000 && inPieces(f.text));

  it('has bases', () => {
    expect(bases.length).toBeGreaterThan(50);
  });

  it('pieces == whole on 3,000 mutated texts', () => {
    const next = rng(14);
    let cut = 0;
    for (let n = 0; n < 3000; n++) {
      const base = bases[Math.floor(next() * bases.length)] as { rel: string; text: string };
      const text = mutate(base.text, next);
      const whole = read(text, Infinity);
      const pieces = read(text, 0);
      if (JSON.stringify(pieces) !== JSON.stringify(whole)) expect({ rel: base.rel, n, text, pieces }).toEqual({ rel: base.rel, n, text, pieces: whole });
      if (inPieces(text)) cut++;
      if (n % 10 === 0) expect(discovered(text, 0)).toEqual(discovered(text, Infinity));
    }
    // Most edits keep a text that can be cut: the property is tested on the pieces, not only on the fallback.
    expect(cut).toBeGreaterThan(500);
  });
});
