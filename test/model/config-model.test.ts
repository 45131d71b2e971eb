import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/model/config-model.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

const corpus = (rel: string): string => readFileSync(join(CORPUS_DIR, rel), 'utf8');

describe('model over real corpus files', () => {
  it('kustomize base fluent-bit.conf: one SERVICE, duplicate Parsers_File kept in order, three includes', () => {
    const { model, diagnostics } = loadConfig(corpus('fluent__fluent-bit-kubernetes-logging/base/fluent-bit.conf'));
    expect(diagnostics).toEqual([]);
    expect(model.sections.map((s) => s.type)).toEqual(['service']);
    const service = model.sectionsOf('service')[0]!;
    expect(service.getAll('parsers_file').map((e) => e.value)).toEqual(['parser-cri.conf', 'parsers.conf']);
    expect(service.get('PARSERS_FILE')?.value).toBe('parser-cri.conf');
    expect(service.get('log_level')?.varRefs.map((r) => r.name)).toEqual(['LOG_LEVEL']);
    expect(model.includes.map((i) => i.path)).toEqual(['input-kubernetes.conf', 'filter-kubernetes.conf', 'outputs.conf']);
    expect(model.varRefs.map((r) => r.name)).toEqual(['LOG_LEVEL']);
  });

  it('calyptia withManySets.conf: @set variables in order, raw names kept (spaces included)', () => {
    const { model } = loadConfig(corpus('chronosphereio__calyptia-fluent-bit-config-parser/__fixtures__/directives/set/withManySets.conf'));
    expect(model.sets.map((s) => s.name)).toContain('C ');
    expect(model.sets[0]).toMatchObject({ name: 'A', value: 'B' });
    expect(model.sectionsOf('input').length).toBe(2);
    expect(model.sectionsOf('input')[0]!.plugin).toBe('dummy');
  });

  it('the value range of every entry slices the value out of the source', () => {
    const text = corpus('fluent__fluent-bit-kubernetes-logging/base/input-kubernetes.conf');
    const { model } = loadConfig(text);
    const tail = model.sectionsOf('input').find((s) => s.plugin === 'tail');
    expect(tail).toBeDefined();
    for (const e of tail!.entries) expect(text.slice(e.valueStart, e.valueEnd)).toBe(e.value);
  });
});

describe('model semantics', () => {
  it('section types follow the prefix rule, keys are case-folded, duplicates kept', () => {
    const { model } = loadConfig('[INP]\n    NAME tail\n    Path /a\n    path /b\n[filters]\n    Name grep\n');
    expect(model.sections.map((s) => s.type)).toEqual(['input', 'filter']);
    const input = model.sections[0]!;
    expect(input.plugin).toBe('tail');
    expect(input.getAll('PATH').map((e) => e.value)).toEqual(['/a', '/b']);
    expect(input.get('path')?.key).toBe('Path');
  });

  it('${VAR} follows Fluent Bit scanning, with :- defaults', () => {
    const { model } = loadConfig('[INPUT]\n    Name tail\n    Path ${A}/x/${B:-/var/log}\n    Tag a}b${C}\n');
    const refs = model.varRefs.map((r) => [r.name, r.fallback]);
    expect(refs).toEqual([['A', null], ['B', '/var/log']]);
  });

  it('groups: double-indented entries after a [GROUP x] header belong to it', () => {
    const { model } = loadConfig('[INPUT]\n    Name tail\n    [GROUP 1] x\n        a b\n    Path /x\n');
    const input = model.sections[0]!;
    expect(input.get('a')).toMatchObject({ group: 'GROUP 1', depth: 2 });
    expect(input.get('path')).toMatchObject({ group: null, depth: 1 });
  });

  it('newline style and indent are reported', () => {
    const { model } = loadConfig('[INPUT]\r\n\tName tail\r\n');
    expect(model.newline).toBe('\r\n');
    expect(model.indent).toBe('\t');
  });
});

describe('model over the lines Fluent Bit reads (bare CR, NUL, C whitespace)', () => {
  it('a \r inside a value is kept; one before \n is the line break; a second one is trimmed', () => {
    const { model, diagnostics } = loadConfig('[INPUT]\r\n    Name dummy\r\n    Tag ign\rored\r\n    Alias a\r\r\n');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const input = model.sections[0]!;
    expect(input.get('name')?.value).toBe('dummy');
    expect(input.get('tag')?.value).toBe('ign\rored');
    expect(input.get('alias')?.value).toBe('a');
    expect(model.newline).toBe('\r\n');
  });

  it('a bare \r is not a line break: the next "line" is part of the value', () => {
    const { model } = loadConfig('[INPUT]\n    Name tail\r    Path /x\n');
    const input = model.sections[0]!;
    expect(input.entries.map((e) => [e.name, e.value])).toEqual([['name', 'tail\r    Path /x']]);
  });

  it('a NUL-glued line is one logical entry: the rest of the physical line is dropped, the next line glued on', () => {
    const text = '[OUTPUT]\n    Name s\0tdout\n  Match                 *\n    Format json\n';
    const { model } = loadConfig(text);
    const out = model.sections[0]!;
    expect(out.entries.map((e) => [e.name, e.value])).toEqual([['name', 's  Match                 *'], ['format', 'json']]);
    expect(out.has('match')).toBe(false);
    const name = out.get('name')!;
    expect(text.slice(name.valueStart, name.valueEnd)).toBe('s\0tdout\n  Match                 *');
  });

  it('a NUL inside a key: the glued key is the key Fluent Bit reads', () => {
    const { model } = loadConfig('[OUTPUT]\n    Name null\n    Mat\0junk\nch *\n');
    expect(model.sections[0]!.get('match')?.value).toBe('*');
  });

  it('a last line ending after a NUL is never read', () => {
    const { model, tree } = loadConfig('[OUTPUT]\n    Name null\n    Match *\0\n');
    expect(model.sections[0]!.has('match')).toBe(false);
    expect(tree.unread.map((r) => r.reason)).toEqual(['last-line']);
  });

  it('keys and values are trimmed of C whitespace only, keys lower-cased in ASCII only', () => {
    const { model } = loadConfig('[INPUT]\n    \vName\u00a0 x\u00a0\n    TÄG y\n');
    const input = model.sections[0]!;
    expect(input.entries.map((e) => [e.key, e.name, e.value])).toEqual([['Name\u00a0', 'name\u00a0', 'x\u00a0'], ['TÄG', 'tÄg', 'y']]);
  });

  it('groups close at any line at the indent, comments included; [] opens none', () => {
    const { model } = loadConfig('[INPUT]\n    Name tail\n    [G] x\n    # note\n        a b\n    [] y\n        c d\n');
    const input = model.sections[0]!;
    expect(input.get('a')).toMatchObject({ group: null, depth: 2 });
    expect(input.get('c')).toMatchObject({ group: null, depth: 2 });
  });

  it('[] is an ignored (other) section, and "@ab" is a key, not a command', () => {
    const { model, tree } = loadConfig('[]\n    a b\n@ab\n@abc x\n');
    expect(model.sections.map((s) => s.type)).toEqual(['other']);
    expect(tree.lines.map((l) => l.kind)).toEqual(['header', 'entry', 'entry', 'command']);
  });
});
