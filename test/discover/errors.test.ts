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
  it('Go template: TEMPLATE_SYNTAX at the first {{', () => {
    expect(brief('go-template.yaml')).toEqual(['go-template.yaml:6:5 error TEMPLATE_SYNTAX']);
  });
  it('binary: BINARY_FILE at the NUL byte', () => {
    expect(brief('binary.conf')).toEqual(['binary.conf:1:4 error BINARY_FILE']);
    expect(load('binary.conf').configs).toEqual([]);
  });
  it('empty .conf: EMPTY_FILE info, still a (zero-byte) config', () => {
    const d = load('empty-parsers.conf');
    expect(brief('empty-parsers.conf')).toEqual(['empty-parsers.conf:1:1 info EMPTY_FILE']);
    expect(d.configs.map((c) => [c.name, c.text])).toEqual([['empty-parsers.conf', '']]);
  });
  it('whitespace-only YAML: EMPTY_FILE info', () => {
    expect(brief('whitespace.yaml')).toEqual(['whitespace.yaml:1:1 info EMPTY_FILE']);
  });
  it('folded scalar: UNSUPPORTED_SCALAR_STYLE warning, not offered for editing', () => {
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
