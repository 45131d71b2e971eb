import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyConf, isFluentBitConfKey } from '../../src/discover/conf-kind.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import { migrate } from '../../src/migrate/migrate.js';
import { LineIndex } from '../../src/source/line-index.js';

/*
 * `.conf` files are sniffed by content (src/discover/conf-kind.ts): the
 * fixtures under not-fluent-bit/ (nginx, redis, supervisord, fluentd,
 * systemd, INI, TOML, logrotate, Apache...) each get ONE NOT_FLUENT_BIT info
 * and no error; those under fluent-bit/ (only @INCLUDE lines, only parsers,
 * a fragment of filters, broken ones) are read by the classic reader, errors
 * and all. The folders are walked: drop a file in to cover a new shape.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/discover/conf-kinds/', import.meta.url));
const read = (kind: string) =>
  readdirSync(join(ROOT, kind))
    .sort()
    .map((name) => ({ name: `${kind}/${name}`, text: readFileSync(join(ROOT, kind, name), 'utf8') }));
const others = read('not-fluent-bit');
const fluentBit = read('fluent-bit');

function brief(path: string, text: string): string {
  const d = discoverFile({ path, text });
  const lines = new LineIndex(text);
  const diags = d.diagnostics.map((x) => {
    const p = lines.position(x.start);
    return `  ${p.line}:${p.column} ${x.severity} ${x.code} ${x.message}`;
  });
  return [`${path}: ${d.fileKind}, ${d.configs.length} config(s)`, ...diags].join('\n');
}

describe('.conf files that are not Fluent Bit', () => {
  it('finds the fixtures', () => {
    expect(others.length).toBeGreaterThanOrEqual(10);
    expect(fluentBit.length).toBeGreaterThanOrEqual(10);
  });

  it.each(others)('$name: one NOT_FLUENT_BIT info, no config, no error', ({ name, text }) => {
    const d = discoverFile({ path: name, text });
    expect(d.fileKind).toBe('not-fluent-bit');
    expect(d.configs).toEqual([]);
    expect(d.diagnostics.map((x) => [x.code, x.severity])).toEqual([['NOT_FLUENT_BIT', 'info']]);
    const result = migrate([{ path: name, text }], { runtime: 'containerd' }).files[0]!;
    expect(result.hasErrors).toBe(false);
    expect(result.changed).toBe(false);
    expect(result.diagnostics.map((x) => x.code)).toEqual(['NOT_FLUENT_BIT']);
    expect(result.findings).toEqual([]);
  });

  it.each(others)('$name: a ConfigMap key of that name is not read as Fluent Bit either', ({ text }) => {
    expect(isFluentBitConfKey(text)).toBe(false);
  });

  it.each(fluentBit)('$name: read by the classic reader', ({ name, text }) => {
    const d = discoverFile({ path: name, text });
    expect(d.fileKind === 'classic-conf' || d.fileKind === 'empty').toBe(true);
    expect(d.configs.map((c) => c.format)).toEqual(['classic']);
    expect(isFluentBitConfKey(text)).toBe(true);
  });

  it('a broken Fluent Bit file still gets its errors; one with a NUL byte gets the reader\'s NUL warnings', () => {
    const run = (name: string) => {
      const f = fluentBit.find((x) => x.name === `fluent-bit/${name}`)!;
      return migrate([{ path: f.name, text: f.text }], { runtime: 'containerd' }).files[0]!;
    };
    const broken = run('broken-unindented.conf');
    expect(broken.hasErrors).toBe(true);
    expect(broken.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code)).toContain('MISSING_INDENT');
    const nul = run('nul-byte.conf');
    expect(nul.hasErrors).toBe(false);
    expect(nul.diagnostics.map((x) => x.code)).toContain('NUL_BYTE');
    expect(nul.findings.some((f) => f.ruleId === 'tail-parser' && f.severity === 'change')).toBe(true);
  });

  it('names the syntax and the line that shows it', async () => {
    const report = [...others, ...fluentBit].map(({ name, text }) => brief(name, text)).join('\n');
    await expect(`${report}\n`).toMatchFileSnapshot(join(ROOT, 'expected.txt'));
  });

  it('errs towards Fluent Bit: a header among comments, a lone @INCLUDE, an empty text', () => {
    expect(classifyConf('')).toEqual({ kind: 'fluent-bit' });
    expect(classifyConf('# a\n\n# b\n')).toEqual({ kind: 'fluent-bit' });
    expect(classifyConf('@INCLUDE x.conf')).toEqual({ kind: 'fluent-bit' });
    expect(classifyConf('\uFEFF[INPUT]\n    Name tail\n')).toEqual({ kind: 'fluent-bit' });
    // fluentd has an @include of its own, next to its tags
    expect(classifyConf('@include conf.d/*.conf\n<system>\n  log_level info\n</system>\n')).toMatchObject({ kind: 'other', isForeign: true });
    // a systemd unit's [Service] is a Fluent Bit section name too: its `Key=Value` lines decide
    expect(classifyConf('[Service]\nEnvironment=A=1\n')).toMatchObject({ kind: 'other', isForeign: true });
    expect(classifyConf('[SERVICE]\n    Flush 1\n    Log_Level info\n')).toEqual({ kind: 'fluent-bit' });
  });

  it('is linear on long lines of each shape', () => {
    for (const ch of [' ', '=', '{', '<', '[', ';', 'a', '\t', '#']) {
      const line = `${ch.repeat(200_000)}x`;
      for (const text of [line, `[INPUT]\n    ${line}\n`, `a ${line};`, `<${line}`]) expect(() => classifyConf(text)).not.toThrow();
    }
  });
});
