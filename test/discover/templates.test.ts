import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { migrate } from '../../src/migrate/migrate.js';
import { LineIndex } from '../../src/source/line-index.js';
import { readTree } from '../helpers/golden.js';

/*
 * A template gets ONE TEMPLATE_SYNTAX diagnostic for the file, whatever its
 * shape (YAML that fails to parse, YAML that parses only because `{{x}}` is a
 * flow mapping or because every action sits in a string, a `.tpl`, a `.conf`
 * with `{{ }}`, a Jinja `.j2`): a warning under fixtures/.../warning/ (it
 * holds a Fluent Bit config or a Docker-era setting), an info under info/
 * (it holds neither). Never an error, never an edit, never a finding per line.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/discover/templates/', import.meta.url));

// Every file but the expectation, walked (the fixtures grow).
const files = readTree(ROOT).filter((f) => !/(^|\/)expected\.txt$/.test(f.path));
const bySeverity = (severity: string) => files.filter((f) => f.path.startsWith(`${severity}/`));

describe('templates: one diagnostic per file, its severity set by what the template holds', () => {
  it('finds every shape in both folders', () => {
    for (const severity of ['warning', 'info']) {
      const names = bySeverity(severity).map((f) => f.path);
      for (const shape of [/templates\/[^/]+\.yaml$/, /-parses\.yaml$/, /\.tpl$/, /placeholders\.yaml$/, /\.conf$/, /\.j2$/]) {
        expect(names.some((n) => shape.test(n)), `${severity}: ${shape}`).toBe(true);
      }
    }
  });

  it.each(files)('$path', ({ path, text }) => {
    const severity = path.split('/')[0];
    const d = discoverFile({ path, text });
    const templates = d.diagnostics.filter((x) => x.code === 'TEMPLATE_SYNTAX');
    expect(templates.map((x) => x.severity)).toEqual([severity]);
    expect(d.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    // A document that is not templated (placeholders.yaml's Namespace) is still read; the template never is.
    expect(d.configs).toEqual([]);
    const result = migrate([{ path, text }], { runtime: 'containerd' }).files[0]!;
    expect(result.hasErrors).toBe(false);
    expect(result.changed).toBe(false);
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.map((x) => `${x.severity} ${x.code}`)).toEqual([`${severity} TEMPLATE_SYNTAX`]);
    if (severity === 'warning') expect(templates[0]?.message).toMatch(/render it first/);
  });

  it('says what it found and where', async () => {
    const report = files.map(({ path, text }) => {
      const lines = new LineIndex(text);
      return discoverFile({ path, text }).diagnostics.map((x) => {
        const p = lines.position(x.start);
        return `${path}:${p.line}:${p.column}: ${x.severity} ${x.code} ${x.message}`;
      });
    });
    await expect(`${report.flat().join('\n')}\n`).toMatchFileSnapshot(join(ROOT, 'expected.txt'));
  });

  it('a chart file without template syntax is a plain manifest (Helm renders it as it is), and is migrated', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fb\ndata:\n  fluent-bit.conf: |\n    [INPUT]\n        Name   tail\n        Path   /var/log/containers/*.log\n        Parser docker\n';
    const result = migrate([{ path: 'chart/templates/configmap.yaml', text }], { runtime: 'containerd' }).files[0]!;
    expect(result.changed).toBe(true);
    expect(result.diagnostics.map((x) => x.code)).not.toContain('TEMPLATE_SYNTAX');
  });

  it('outside templates/, `{{` that is YAML flow syntax is not a template: broken YAML stays an error', () => {
    const d = discoverFile({ path: 'x.yaml', text: 'a: {processors: {{metrics: [O: [],O: [1: [/-1\n' });
    expect(new Set(d.diagnostics.map((x) => `${x.severity} ${x.code}`))).toEqual(new Set(['error YAML_SYNTAX']));
  });

  it('a Fluent Bit YAML config with a {{placeholder}} is a template, not a config', () => {
    const d = discoverFile({ path: 'fluent-bit.yaml', text: 'pipeline:\n  inputs:\n    - name: tail\n      tag: {{tag}}\n      parser: docker\n' });
    expect(d.configs).toEqual([]);
    expect(d.diagnostics.map((x) => `${x.severity} ${x.code}`)).toEqual(['warning TEMPLATE_SYNTAX']);
  });

  it('a marker on a comment line is no template', () => {
    expect(discoverFile({ path: 'a.conf', text: '# use {{ .Values.x }} here\n[INPUT]\n    Name tail\n' }).fileKind).toBe('classic-conf');
    expect(discoverFile({ path: 'chart/templates/a.yaml', text: '# {{ x }}\napiVersion: v1\nkind: Service\n' }).fileKind).toBe('manifest');
  });

  it('outside a template name, `<%` is an ERB tag only when the tag closes on its line (`<%= @x %>`): a regex holding `<%` stays a config', () => {
    const regex = discoverFile({ path: 'parsers.conf', text: '[PARSER]\n    Name   pct\n    Format regex\n    Regex  ^<%(?<v>\\d+)%>$\n' });
    expect(regex.fileKind).toBe('classic-conf');
    expect(regex.diagnostics.map((x) => x.code)).not.toContain('TEMPLATE_SYNTAX');
    const erb = discoverFile({ path: 'td-agent-bit.conf', text: '[INPUT]\n    Name tail\n    Path <%= @path %>\n' });
    expect(erb.diagnostics.map((x) => `${x.severity} ${x.code}`)).toEqual(['warning TEMPLATE_SYNTAX']);
  });

  it('is linear on long lines of markers', () => {
    for (const run of ['{{', '{%', '<%', '<%= a', '{{ a', '# {{']) {
      const text = `${run.repeat(300_000)}\n`;
      expect(() => discoverFile({ path: 'x.conf', text })).not.toThrow();
      expect(() => discoverFile({ path: 'x.yaml', text: `a: [\n${text}` })).not.toThrow();
    }
  });
});
