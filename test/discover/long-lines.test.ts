import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { checkLongLines } from '../../src/discover/input-checks.js';

const big = 'x'.repeat(70 * 1024);

describe('long YAML lines (guard against the yaml package spending seconds on pathological lines)', () => {
  it.each([
    ['a long double-quoted value', `data:\n  dash.json: "${big}\\"q\\" end"\n`],
    ['a long single-quoted value', `data:\n  k: '${big}''s'\n`],
    ['a long plain token (base64)', `data:\n  k: ${'QUJD'.repeat(20000)}==\n`],
    ['a long sequence item', `a:\n  - "${big}"\n`],
    ['valid minified JSON', JSON.stringify({ kind: 'List', items: Array.from({ length: 2000 }, (_, i) => ({ kind: 'ConfigMap', metadata: { name: `c${i}` } })) })],
  ])('accepts %s', (_name, text) => {
    expect(checkLongLines(text)).toBeUndefined();
  });

  it.each([
    ['a run of closing brackets', `a: b\n${']'.repeat(70 * 1024)}\n`],
    ['a run of quotes', `${'"'.repeat(70 * 1024)}\n`],
    ['nested compact mappings', `${'a: '.repeat(30 * 1024)}b\n`],
    ['an unterminated quoted value', `k: "${big}\n`],
  ])('rejects %s, with the line of the problem', (_name, text) => {
    const d = discoverFile({ path: 'x.yaml', text });
    expect(d.configs).toEqual([]);
    expect(d.diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX', severity: 'error' });
  });

  it('rejects invalid minified JSON at the JSON error position', () => {
    const text = `{"kind":"List","items":[${'{"a":1},'.repeat(10000)}]`;
    const d = discoverFile({ path: 'x.json', text });
    expect(d.diagnostics[0]?.message).toMatch(/invalid JSON/);
  });
});
