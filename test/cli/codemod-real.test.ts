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
    ['helm template', 'chart.yaml', 'data:\n  {{- include "x" . }}\n', 'TEMPLATE_SYNTAX'],
    ['broken yaml', 'x.yaml', 'a: [\n', 'YAML_SYNTAX'],
  ])('throws a CodemodFileError naming the problem for %s input', (_name, path, source, code) => {
    expect(() => transform({ path, source }, undefined, {})).toThrow(CodemodFileError);
    expect(() => transform({ path, source }, undefined, {})).toThrow(new RegExp(`^${path}: not migrated \\(an error\\): ${path}:\\d+:\\d+: ${code} `));
  });

  it('returns undefined for an empty file (info only)', () => {
    expect(transform({ path: 'x.conf', source: '' }, undefined, {})).toBeUndefined();
  });
});
