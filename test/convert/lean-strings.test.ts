import { describe, expect, it } from 'vitest';
import { forEachLine } from '../../src/grammar/compact-tree.js';
import type { EntryLine } from '../../src/grammar/syntax-tree.js';
import { cTrim, translateYamlKey } from '../../src/convert/c-string.js';
import { cLower } from '../../src/source/c-text.js';
import { expandVars, referencedVars } from '../../src/convert/env.js';
import { readSetup } from '../../src/convert/read-setup.js';
import { convertConfig } from '../../src/convert/convert-config.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import { entryGroups, entryValue, keyInterner, modelByOffset } from '../../src/convert/classic-reader.js';
import { loadConfig } from '../../src/model/config-model.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';
import { rng as seeded } from '../helpers/rng.js';

/*
 * The classic readers' strings (memory of --to-yaml on a big classic config, issue #14; NOTES.md "`--to-yaml`
 * classic within the RSS goal"): an entry's value is cut from the text when its tokens tile their span, keys are
 * interned per reading, cLower returns a string without A-Z as it is. Each gives the characters the plain
 * form gave: the joined tokens, `cLower(cTrim(key))`, the character-by-character lower-casing. Checked on every
 * entry of every classic file of the corpus and of the fixtures (walked), on NUL and CRLF shapes, and on random
 * strings.
 */

const texts = [
  ...walkCorpus((rel) => /\.conf$/i.test(rel)),
  ...walkFiles('fixtures', (rel) => /\.conf$/i.test(rel)),
];

const joined = (line: EntryLine): string | null => cTrim((line.separator?.text ?? '').slice(1) + (line.value?.text ?? '') + (line.trailing?.text ?? ''));

function plainLower(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : (s[i] as string);
  }
  return out;
}

function checkEntries(text: string): number {
  let n = 0;
  const keyOf = keyInterner();
  for (const role of ['main', 'parsers'] as const) {
    forEachLine(loadConfig(text, { role }).tree, (line) => {
      if (line.kind !== 'entry') return;
      expect(entryValue(text, line)).toBe(joined(line));
      expect(keyOf(line.key.text)).toBe(plainLower(cTrim(line.key.text) ?? ''));
      n++;
    });
  }
  return n;
}

describe('entry values cut from the text, interned keys', () => {
  it('walks classic files', () => {
    expect(texts.length).toBeGreaterThan(100);
  });

  it.each(texts.map((f) => [f.rel, f.text] as const))('%s: the joined tokens, cLower(cTrim(key))', (_rel, text) => {
    checkEntries(text);
  });

  it('NUL bytes, CRLF, tabs, empty and spaces-only values, values with trailing spaces', () => {
    const shapes = [
      '[INPUT]\n    Name tail\n    Path /var/log/a\u0000b.log\n    Tag  x\u0000\n',
      '[INPUT]\r\n    Name\ttail \t\r\n    Path    /var/log/containers/*.log   \r\n    Empty\r\n    Spaces    \r\n',
      '[OUTPUT]\n    Name es\u0000\n    Match *\n\u0000    Host a\n',
      '[SERVICE]\n    Flush 1\n    Parsers_File   parsers.conf  # not a comment\n',
      '[FILTER]\n    Name  modify\n    Add   k  v  \n    [GROUP g]\n        Key value\n',
    ];
    let n = 0;
    for (const s of shapes) n += checkEntries(s);
    expect(n).toBeGreaterThan(20);
  });

  it('cLower on random strings (ASCII, Latin-1, surrogates) equals the character-by-character form', () => {
    const rng = seeded(14);
    const alphabet = ['A', 'Z', 'a', 'z', '@', '[', '`', '{', '_', '.', ' ', 'É', 'é', 'İ', 'ß', '\u0000', '\ud83d', '\ude00', 'K'];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const len = Math.floor(rng() * 24);
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rng() * alphabet.length)];
      expect(cLower(s)).toBe(plainLower(s));
    }
    const plain = 'already_lower.key';
    expect(cLower(plain)).toBe(plain);
  });

  it('keyInterner: one string per distinct key, and right after its map is cleared', () => {
    const keyOf = keyInterner();
    expect(keyOf('  Docker_Mode ')).toBe('docker_mode');
    expect(keyOf('Name')).toBe(keyOf('Name'));
    for (let i = 0; i < 5000; i++) expect(keyOf(`K${i}`)).toBe(`k${i}`);
    expect(keyOf('   ')).toBe('');
  });

  it('the YAML reader interns section keys: the translated, trimmed key of each, past the map bound too', () => {
    const raw = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `readFromHead${i}` : i % 3 === 1 ? `Mem_Buf_Limit${i}` : `plain.key${i}`));
    const yaml = `pipeline:\n  inputs:\n    - name: dummy\n${raw.map((k, i) => `      ${k}: v${i}\n`).join('')}    - name: dummy\n${raw.slice(0, 50).map((k) => `      ${k}: again\n`).join('')}`;
    const { view, errors } = readSetup('fluent-bit.yaml', { files: setupFilesFrom({ 'fluent-bit.yaml': yaml }) });
    expect(errors).toEqual([]);
    const keys = view.inputs.flatMap((i) => i.props.map((p) => p.key));
    expect(keys).toEqual(['name', ...raw.map((k) => cTrim(translateYamlKey(k))), 'name', ...raw.slice(0, 50).map((k) => cTrim(translateYamlKey(k)))]);
  });

  it('referencedVars: nothing looked up without `${`, the names expandVars looks up otherwise', () => {
    for (const v of ['', 'plain', '$x', '{a}', '${A}', 'x${A}y${B:-d}', '${}', '}${A}', '${A']) {
      const looked: string[] = [];
      expandVars(v, (n) => { looked.push(n); return undefined; });
      expect(referencedVars(v)).toEqual(looked);
    }
  });

});

/** entryGroups' answer for every line against the model's entries (entryAt, which makes them). */
function checkGroups(text: string): number {
  let n = 0;
  for (const role of ['main', 'parsers', 'unknown'] as const) {
    const { model } = loadConfig(text, { role });
    const { sectionAt, entryAt } = modelByOffset(model);
    const groups = entryGroups(loadConfig(text, { role }).model);
    let inSection = false;
    forEachLine(model.tree, (line) => {
      if (line.kind === 'header') {
        const section = sectionAt(line.start);
        inSection = section !== undefined;
        expect(groups.line(line)).toBeUndefined();
        groups.header(inSection);
        return;
      }
      const got = groups.line(line);
      if (line.kind !== 'entry') {
        expect(got).toBeUndefined();
        return;
      }
      const want = inSection ? entryAt(line.key.start)?.group : undefined;
      expect(got, `line ${line.line}`).toBe(want);
      n++;
    });
  }
  return n;
}

describe('entryGroups: the model entries group, without making them', () => {
  it.each(texts.map((f) => [f.rel, f.text] as const))('%s', (_rel, text) => {
    checkGroups(text);
  });

  it('groups of every shape: indents, tabs, [] and unclosed names, comments and blank lines with spaces, commands, preamble', () => {
    const shapes = [
      'Key v\n[INPUT]\n    Name tail\n    [GROUP a]\n        k1 v1\n        # c\n        k2 v2\n    k3 v3\n        k4 v4\n',
      '[FILTER]\n  Name lua\n  [X]\n    a 1\n  \n    b 2\n\n    c 3\n  [] v\n    d 4\n  [unclosed\n    e 5\n',
      '[OUTPUT]\n\tName es\n\t[G]\n\t\tk v\n\t  k2 v\n@INCLUDE x.conf\n\t\tk3 v\n  # indented comment\n\t\tk4 v\n',
      '[SERVICE]\n    Flush 1\n[MULTILINE_PARSER]\n    name m\n    rule "start_state" "/a/" "cont"\n    [GROUP]\n        rule "cont" "/b/" "cont"\n',
      '[INPUT]\r\n    Name dummy\r\n    [GROUP g]\r\n        k v\r\n    x y\r\n',
      '    [INPUT]\n    Name dummy\n        [G]\n            k v\n',
      '[PARSER]\n  Name p\n   [G] x\n      k v\n     k2 v\n',
    ];
    let n = 0;
    for (const s of shapes) n += checkGroups(s);
    expect(n).toBeGreaterThan(40);
  });
});

describe('sharedPluginOrigins: the same view but for plugin property origins, the same errors', () => {
  const strip = (view: ReturnType<typeof readSetup>['view']): unknown => ({
    ...view,
    ...Object.fromEntries((['customs', 'inputs', 'filters', 'outputs'] as const).map((k) => [k, view[k].map((i) => ({ ...i, props: i.props.map((p) => ({ key: p.key, value: p.value })) }))])),
  });
  const yamls = walkFiles('fixtures', (rel) => /\.ya?ml$/i.test(rel));
  const cases = [
    ...texts.map((f) => [f.rel, 'fluent-bit.conf', f.text] as const),
    ...texts.flatMap((f) => {
      const yaml = convertConfig(f.text).yaml;
      return yaml === null ? [] : [[`${f.rel} as YAML`, 'fluent-bit.yaml', yaml] as const];
    }),
    ...yamls.map((f) => [f.rel, 'fluent-bit.yaml', f.text] as const),
  ];

  it('walks classic and YAML configs', () => {
    expect(cases.length).toBeGreaterThan(200);
  });

  it.each(cases)('%s', (_rel, name, text) => {
    const files = setupFilesFrom({ [name]: text, 'parsers.conf': '[PARSER]\n    Name p\n    Format json\n' });
    const read = (sharedPluginOrigins: boolean): ReturnType<typeof readSetup> | string => {
      try {
        return readSetup(name, { files, unknownParsersFile: 'external', sharedPluginOrigins });
      } catch (e) {
        return String(e); // deeply nested YAML of the fuzz fixtures overflows the stack either way (noticed, left alone)
      }
    };
    const plain = read(false);
    const shared = read(true);
    if (typeof plain === 'string' || typeof shared === 'string') {
      expect(shared).toEqual(plain);
      return;
    }
    expect(shared.errors).toEqual(plain.errors);
    expect(shared.includeRefs).toEqual(plain.includeRefs);
    expect(strip(shared.view)).toEqual(strip(plain.view));
    for (const k of ['customs', 'inputs', 'filters', 'outputs'] as const) {
      for (const i of shared.view[k]) for (const p of i.props) expect(p.origin).toEqual({ file: i.origin.file, offset: 0 });
    }
  });
});
