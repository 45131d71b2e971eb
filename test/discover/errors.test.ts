import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { LineIndex } from '../../src/source/line-index.js';

const DIR = fileURLToPath(new URL('../../fixtures/discover/errors/', import.meta.url));
const load = (name: string) => discoverFile({ path: name, text: readFileSync(join(DIR, name), 'utf8') });
const brief = (name: string) => {
  const d = load(name);
  const index = new LineIndex(d.text);
  return d.diagnostics.map((x) => {
    const p = index.position(x.start);
    return `${name}:${p.line}:${p.column} ${x.severity} ${x.code}`;
  });
};

describe('bad input becomes diagnostics', () => {
  it('invalid YAML: YAML_SYNTAX at the yaml package position', () => {
    const d = load('invalid-yaml.yaml');
    expect(d.configs).toEqual([]);
    expect(d.diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX', severity: 'error' });
    expect(brief('invalid-yaml.yaml')[0]).toBe('invalid-yaml.yaml:5:3 error YAML_SYNTAX');
  });
  it('a YAML-format config in a ConfigMap key that does not parse: YAML_SYNTAX at the error, in the file (Fluent Bit refuses it), not a key taken for something else', () => {
    expect(brief('configmap-yaml-config-invalid.yaml')).toEqual([
      'configmap-yaml-config-invalid.yaml:13:5 error YAML_SYNTAX',
      'configmap-yaml-config-invalid.yaml:14:7 error YAML_SYNTAX',
    ]);
    expect(load('configmap-yaml-config-invalid.yaml').diagnostics[0]?.message).toMatch(/^data\.fluent-bit\.yaml: /);
    // An unclosed quote under `.yml`; a `.yaml` key whose text opens no Fluent Bit section stays an other key.
    const second = load('configmap-yaml-config-invalid-2.yaml');
    expect(brief('configmap-yaml-config-invalid-2.yaml').every((b) => b.endsWith('error YAML_SYNTAX'))).toBe(true);
    expect(second.diagnostics.length).toBeGreaterThan(0);
    expect(second.diagnostics.every((d) => d.message.startsWith('data.fluent-bit.yml: '))).toBe(true);
  });
  it('Go template holding a Fluent Bit config: one TEMPLATE_SYNTAX warning at the config, no configs', () => {
    expect(brief('go-template.yaml')).toEqual(['go-template.yaml:9:5 warning TEMPLATE_SYNTAX']);
    expect(load('go-template.yaml').configs).toEqual([]);
    expect(load('go-template.yaml').diagnostics[0]?.message).toContain('render it first: `helm template … | flb-migrate -`');
  });
  it('binary: BINARY_FILE at the first byte that shows it (invalid UTF-8, or a NUL in YAML)', () => {
    expect(brief('binary.yaml')).toEqual(['binary.yaml:1:4 error BINARY_FILE']);
    expect(load('binary.yaml').configs).toEqual([]);
    const png = discoverFile({ path: 'logo.conf', text: '\uFFFDPNG\r\n\u001a\n\u0000\u0000' });
    expect(png.diagnostics.map((d) => [d.code, d.start])).toEqual([['BINARY_FILE', 0]]);
  });
  it('a NUL byte in a .conf is text: Fluent Bit reads it, so the classic reader gets the file (was BINARY_FILE)', () => {
    // binary.conf (`abc\0def`) is text without a Fluent Bit line: one NOT_FLUENT_BIT info.
    expect(brief('binary.conf')).toEqual(['binary.conf:1:1 info NOT_FLUENT_BIT']);
    const conf = discoverFile({ path: 'fluent-bit.conf', text: '[INPUT]\n    Name tail\n    Tag  a\u0000b\n' });
    expect(conf.diagnostics).toEqual([]);
    expect(conf.configs.map((c) => c.name)).toEqual(['fluent-bit.conf']);
  });
  it('a .conf that looks like data is still BINARY_FILE: control bytes with a NUL, NULs making a tenth of it, or more than 64', () => {
    const binary = (text: string) => discoverFile({ path: 'x.conf', text }).diagnostics.map((d) => `${d.code}@${d.start}`);
    expect(binary('[INPUT]\n\u0000\u0001\u0002')).toEqual(['BINARY_FILE@8']);
    expect(binary('[\u0000I\u0000N\u0000P\u0000U\u0000T\u0000]\u0000')).toEqual(['BINARY_FILE@1']);
    expect(binary(`[INPUT]\n    Name tail\n${'#\u0000\n'.repeat(65)}${'#'.repeat(2000)}\n`)).toEqual(['BINARY_FILE@23']);
    expect(binary(`[INPUT]\n    Name tail\n${'#\u0000\n'.repeat(13)}${'#'.repeat(2000)}\n`)).toEqual([]);
    // without a NUL, a stray control character is the text it always was
    expect(binary('[INPUT]\n    Name tail\n    Tag a\u0001b\n')).toEqual([]);
  });
  it('empty .conf: EMPTY_FILE info, still a (zero-byte) config', () => {
    const d = load('empty-parsers.conf');
    expect(brief('empty-parsers.conf')).toEqual(['empty-parsers.conf:1:1 info EMPTY_FILE']);
    expect(d.configs.map((c) => [c.name, c.text])).toEqual([['empty-parsers.conf', '']]);
  });
  it('whitespace-only YAML: EMPTY_FILE info', () => {
    expect(brief('whitespace.yaml')).toEqual(['whitespace.yaml:1:1 info EMPTY_FILE']);
  });
  it('folded scalar that joins two of its lines: UNSUPPORTED_SCALAR_STYLE warning, not offered for editing', () => {
    const d = load('folded.yaml');
    expect(brief('folded.yaml')).toEqual(['folded.yaml:6:20 warning UNSUPPORTED_SCALAR_STYLE']);
    expect(d.configs).toEqual([]);
    expect(d.otherKeys.map((k) => k.name)).toEqual(['fluent-bit.conf', 'plain.conf']);
  });
  it('multi-line plain scalar: UNSUPPORTED_SCALAR_STYLE warning', () => {
    expect(brief('plain-multiline.yaml')).toEqual(['plain-multiline.yaml:6:15 warning UNSUPPORTED_SCALAR_STYLE']);
  });
  it('alias bomb: aliases are never expanded, the config is still found', () => {
    const d = load('alias-bomb.yaml');
    expect(d.configs.map((c) => c.yamlPath.join('/'))).toEqual(['config/inputs']);
  });
  it('never throws on garbage', () => {
    for (const text of ['\t- : :', '{{', '"unterminated', '- [', 'a: |\n\tb', '---\n...\n---', '\uFEFF']) {
      expect(() => discoverFile({ path: 'x.yaml', text })).not.toThrow();
    }
  });
});
