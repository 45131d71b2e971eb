import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { discoverFile } from '../../src/discover/discover-file.js';
import { isYamlName } from '../../src/source/sniff-format.js';
import { LineIndex } from '../../src/source/line-index.js';
import { fluentBitYamlErrors, validateYaml } from '../../src/yaml/validate-yaml.js';
import { readJsonl, type Probe } from '../convert/helpers/conformance.js';
import { fluentBitErrorsOf as errorsOf } from './helpers/fluent-bit-errors.js';

/*
 * What Fluent Bit's YAML config reader refuses in text the yaml package
 * parses without an error (fluentBitYamlErrors): every alias, anywhere (a
 * `<<` merge key's too), and an anchor name libyaml does not scan. An
 * anchor alone is accepted. Checked against ../shared/conformance's YAML
 * probes (walked: every probe Fluent Bit accepts must pass, every probe it
 * refuses for an alias or an anchor name must be refused at its line).
 * Migration golden cases: fixtures/sources/yaml-aliases.
 */


describe('fluentBitYamlErrors', () => {
  it('refuses every alias, wherever it stands in the config', () => {
    // A plugin value, a list item, a flow map, env, service, includes, parsers, an unknown section, a key.
    const text = [
      'env:',
      '  base: &b /var/log',
      '  other: *b',
      'service:',
      '  flush: &f 1',
      '  grace: *f',
      'includes:',
      '  - &inc extra.yaml',
      '  - *inc',
      'parsers:',
      '  - name: p',
      '    format: &fmt json',
      '  - name: q',
      '    format: *fmt',
      'custom_section: { a: &x 1, b: *x }',
      'pipeline:',
      '  inputs:',
      '    - name: tail',
      '      path: ${b}/containers/*.log',
      '      tag: &t kube.*',
      '      multiline.parser: [docker, *t]',
      '  outputs:',
      '    - name: stdout',
      '      match: *t',
      '      *t : x',
      '',
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      '3:10 alias *b', '6:10 alias *f', '9:5 alias *inc', '14:13 alias *fmt', '15:31 alias *x',
      '21:34 alias *t', '24:14 alias *t', '25:7 alias *t',
    ]);
  });

  it('refuses a merge key (its value is an alias), with a message about merge keys', () => {
    const text = 'base: &base\n  skip_long_lines: on\nmore: &more\n  refresh_interval: 10\npipeline:\n  inputs:\n    - name: tail\n      <<: *base\n    - name: tail\n      <<: [*base, *more]\n';
    expect(errorsOf(text)).toEqual(["8:11 merge key '<<", "10:12 merge key '<<", "10:19 merge key '<<"]);
    expect(fluentBitYamlErrors(text, parseAllDocuments(text) as never)[0]?.message).toMatch(/write the keys of &base out in this map$/);
  });

  it('refuses an alias without its anchor (before it, in an earlier document) with the same reason: anchoring it would not help', () => {
    expect(errorsOf('pipeline:\n  outputs:\n    - name: stdout\n      match: *m\n')).toEqual(['4:14 alias *m']);
    expect(errorsOf('service:\n  flush: &f 1\n---\npipeline:\n  outputs:\n    - name: stdout\n      flush: *f\n')).toEqual(['7:14 alias *f']);
  });

  it('accepts an anchor alone, and `*` or `&` that are text', () => {
    const text = "base: &base\n  a: 1\npipeline:\n  inputs:\n    - name: tail\n      path: /var/log/*.log\n      tag: &t kube.*\n  outputs:\n    - name: stdout\n      match: '*'\n      format: a&b\n      x: \"*y\"\n      y: |\n        *z &w\n";
    expect(errorsOf(text)).toEqual([]);
    expect(errorsOf('pipeline:\n  inputs:\n    - name: dummy\n')).toEqual([]);
  });

  it("refuses an anchor name libyaml does not scan (only letters, digits, '-', '_'), at its `&`", () => {
    expect(errorsOf('pipeline:\n  inputs:\n    - name: tail\n      path: &a.log\n      tag: &ok-_9 x\n')).toEqual(['4:13 anchor &a.log']);
    // A second service section: in one document (the key repeated, any case), or in a later document of the file.
    expect(errorsOf('service:\n  flush: 1\nSERVICE:\n  flush: 2\n')).toEqual(["3:1 duplicated definition of 'service'"]);
    expect(errorsOf('service:\n  flush: 1\n---\nservice:\n  flush: 2\n---\npipeline: {}\n')).toEqual(["4:1 duplicated definition of 'service'"]);
    expect(errorsOf('service:\n  flush: 1\npipeline:\n  inputs: []\n')).toEqual([]);
    expect(errorsOf('pipeline:\n  inputs:\n    - name: tail\n      tag: &é x\n')).toEqual(['4:12 anchor &é']);
  });

  it('validateYaml with fluentBit: yaml errors first, then what Fluent Bit refuses; without it a valid alias is fine', () => {
    expect(validateYaml('a: &x 1\nb: *x\n', { uniqueKeys: false })).toEqual([]);
    expect(validateYaml('a:\n  k: &x 1\nb:\n  k: *x\n', { uniqueKeys: false, fluentBit: true }).map((d) => d.start)).toEqual([21]);
    // A section that is not a map is refused too (fluent-bit-shape.ts): `a: 1` is no section Fluent Bit reads.
    expect(validateYaml('a: &x 1\nb: *x\n', { uniqueKeys: false, fluentBit: true }).map((d) => d.start)).toEqual([6, 11]);
    expect(validateYaml('a: [\n', { fluentBit: true }).map((d) => d.message)).not.toEqual([]);
  });
});

describe('yaml-probes.jsonl: the migration refuses what Fluent Bit\'s YAML reader refuses (an alias, an anchor name, a second service), and nothing it accepts', () => {
  const probes = readJsonl<Probe>('yaml-probes.jsonl');
  /** Fluent Bit refused the probe for an alias event or an anchor name libyaml did not scan. */
  const aliasOrAnchor = (p: Probe): boolean => p.fluentbit.verdict === 'reject' && /alias-event|did not find expected alphabetic or numeric character/.test(p.fluentbit.message ?? '') && /[&*]/.test(p.files[p.main] ?? '');
  /** ... or for a second service section ("duplicated definition"). */
  const readerRefusal = (p: Probe): boolean => aliasOrAnchor(p) || (p.fluentbit.verdict === 'reject' && /duplicated definition/.test(p.fluentbit.message ?? ''));
  /** Every YAML file of a probe as discovery reads it alone (a fluent-bit.yaml file): its error diagnostics. */
  const errorsIn = (p: Probe): { file: string; line: number; code: string; message: string }[] =>
    Object.entries(p.files).flatMap(([name, text]) => {
      if (!isYamlName(name) || p.encoding?.[name] !== undefined) return [];
      const lines = new LineIndex(text);
      return discoverFile({ path: name, text }).diagnostics.filter((d) => d.severity === 'error').map((d) => ({ file: name, line: lines.position(d.start).line, code: d.code, message: d.message }));
    });

  it('walks the probes: some are refused for an alias or an anchor', () => {
    expect(probes.length).toBeGreaterThan(200);
    expect(probes.filter(aliasOrAnchor).map((p) => p.id).sort()).toEqual(expect.arrayContaining(['section-anchor-alias', 'section-merge-key', 'value-amp-start-plain']));
  });

  it('every probe Fluent Bit accepts reads without an error', () => {
    const bad = probes.filter((p) => p.fluentbit.verdict === 'accept').flatMap((p) => errorsIn(p).map((e) => `${p.id}: ${e.file}:${e.line} ${e.code} ${e.message}`));
    expect(bad).toEqual([]);
  });

  it('every probe refused for an alias, an anchor name or a second service is refused, at the line Fluent Bit names', () => {
    expect(probes.filter(readerRefusal).map((p) => p.id)).toEqual(expect.arrayContaining(['service-twice']));
    const bad: string[] = [];
    for (const p of probes.filter(readerRefusal)) {
      const line = Number(/line (\d+)/.exec(p.fluentbit.message ?? '')?.[1]);
      const errors = errorsIn(p).filter((e) => e.file === p.main);
      if (!errors.some((e) => e.code === 'YAML_SYNTAX' && e.line === line)) bad.push(`${p.id}: Fluent Bit refuses at line ${line}, we report ${JSON.stringify(errors)}`);
    }
    expect(bad).toEqual([]);
  });

  /*
   * Shapes (fluent-bit-shape.ts). Reader level: Fluent Bit's reader stops on an event its state does not take ("YAML
   * error found in file "<main>", line L, column C" with L 1-based) or says why itself (nested maps in env, a nested
   * service property, a list where a section's map goes). Later, but certain: the configuration stage refuses a
   * property it cannot set (a map, an empty list), a blank value, a plugin without `name`. Left out:
   * include-classic-file (the refusal is in the included file, which a file read alone does not see: NOTES.md
   * "Fluent Bit's YAML refusals"), and what depends on a plugin's config map (repeat-non-mult-*, unknown keys).
   */
  const mainFileError = (p: Probe): boolean => p.fluentbit.verdict === 'reject' && new RegExp(`YAML error found in file "${p.main.replace(/\./g, '\\.')}"`).test(p.fluentbit.message ?? '');
  const ownWords = /nested maps are not allowed in env section|unsupported nested service property|env list is only allowed in env section/;
  const shapeAtReader = (p: Probe): boolean => !readerRefusal(p) && p.fluentbit.verdict === 'reject' && (mainFileError(p) || ownWords.test(p.fluentbit.message ?? ''));
  const shapeLater = (p: Probe): boolean => p.fluentbit.verdict === 'reject' && /could not configure property|is missing the 'name' property|unable to add variant value property/.test(p.fluentbit.message ?? '');

  it('walks the probes: some are refused for their shape, by the reader or after it', () => {
    expect(probes.filter(shapeAtReader).map((p) => p.id)).toEqual(expect.arrayContaining([
      'env-nested-map', 'parsers-decode-list', 'parsers-file-list', 'repeat-list-nested-map', 'section-empty-pipeline', 'section-empty-service', 'section-inputs-top-level', 'service-nested-map',
    ]));
    expect(probes.filter(shapeLater).map((p) => p.id)).toEqual(expect.arrayContaining([
      'repeat-list-empty', 'repeat-map-value', 'section-nested-value-input', 'value-whitespace-quoted', 'section-plugin-without-name', 'key-name-camel',
    ]));
  });

  it("every probe Fluent Bit's reader refuses for its shape is refused, at the line Fluent Bit names", () => {
    const bad: string[] = [];
    for (const p of probes.filter(shapeAtReader)) {
      const named = /line (\d+)/.exec(p.fluentbit.message ?? '')?.[1];
      const errors = errorsIn(p).filter((e) => e.file === p.main && e.code === 'YAML_SYNTAX');
      const ok = named === undefined ? errors.length > 0 : errors.some((e) => e.line === Number(named));
      if (!ok) bad.push(`${p.id}: Fluent Bit refuses${named === undefined ? '' : ` at line ${named}`}, we report ${JSON.stringify(errors)}`);
    }
    expect(bad).toEqual([]);
  });

  it('every probe refused later for its shape (a map or an empty list as a property, a blank value, no name) is refused', () => {
    const bad: string[] = [];
    for (const p of probes.filter(shapeLater)) {
      const errors = errorsIn(p).filter((e) => e.file === p.main && e.code === 'YAML_SYNTAX');
      if (errors.length === 0) bad.push(`${p.id}: Fluent Bit refuses (${(p.fluentbit.message ?? '').split('\n')[0]}), we report nothing`);
    }
    expect(bad).toEqual([]);
  });
});
