import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import transform, { CodemodFileError } from '../../src/codemod.js';

const fixture = (p: string) => readFileSync(new URL(`../../fixtures/cli/tree/${p}`, import.meta.url), 'utf8');

describe('codemod transform with the real migrate()', () => {
  it('returns the migrated ConfigMap', () => {
    const source = fixture('logging/fluent-bit-configmap.yaml');
    const out = transform({ path: 'cm.yaml', source }, {}, { runtime: 'containerd' });
    expect(out).toBe(source.replace('Parser            docker', 'multiline.parser  docker, cri'));
  });

  it('returns undefined for a file with nothing to migrate', () => {
    expect(transform({ path: 'svc.yaml', source: 'apiVersion: v1\nkind: Service\n' }, {}, {})).toBeUndefined();
  });

  it.each([
    ['binary', 'x.yaml', '\u0000\u0001\u0002PNG', 'BINARY_FILE'],
    ['broken yaml', 'x.yaml', 'a: [\n', 'YAML_SYNTAX'],
  ])('throws a CodemodFileError naming the problem for %s input', (_name, path, source, code) => {
    expect(() => transform({ path, source }, undefined, {})).toThrow(CodemodFileError);
    expect(() => transform({ path, source }, undefined, {})).toThrow(new RegExp(`^${path}: not migrated \\(an error\\): ${path}:\\d+:\\d+: ${code} `));
  });

  it('never edits a Helm template: undefined, and a template holding a Fluent Bit config is reported as a warning (was an error)', () => {
    const reports: string[] = [];
    const api = { report: (m: string) => reports.push(m) };
    expect(transform({ path: 'chart.yaml', source: 'data:\n  {{- include "x" . }}\n' }, api, {})).toBeUndefined();
    expect(reports).toEqual([]);
    const source = 'data:\n  {{- include "x" . }}\n  fluent-bit.conf: |\n    [INPUT]\n        Parser docker\n';
    expect(transform({ path: 'chart.yaml', source }, api, {})).toBeUndefined();
    expect(reports).toEqual([expect.stringMatching(/^chart\.yaml:5:9: warning TEMPLATE_SYNTAX Helm\/Go template holding a Fluent Bit config and Docker-era settings \(Parser docker at line 5\)/)]);
  });

  it('returns undefined for an empty file (info only)', () => {
    expect(transform({ path: 'x.conf', source: '' }, undefined, {})).toBeUndefined();
  });
});

describe('codemod: files that are not UTF-8 (as jscodeshift reads them, decoded as UTF-8)', () => {
  const asJscodeshiftReads = (bytes: Buffer) => bytes.toString('utf8');
  it.each([
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[INPUT]\n    Name tail\n', 'utf16le')]), 'file looks like UTF-16LE (with a byte-order mark) read as UTF-8'],
    ['UTF-16BE without BOM', Buffer.from('[INPUT]\n    Name tail\n', 'utf16le').swap16(), 'file looks like UTF-16BE read as UTF-8'],
    ['Latin-1', Buffer.from('[INPUT]\n    # caf\u00e9\n    Name tail\n', 'latin1'), 'file is not valid UTF-8 (it looks like Latin-1 / Windows-1252 text)'],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x01]), 'file looks binary'],
  ])('%s: the error names the encoding', (_name, bytes, message) => {
    expect(() => transform({ path: 'fluent-bit.conf', source: asJscodeshiftReads(bytes) }, undefined, {})).toThrow(message);
  });
});
