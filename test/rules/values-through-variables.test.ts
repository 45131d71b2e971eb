import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import type { MigrateOptions, MigrateResult } from '../../src/migrate/types.js';
import type { SourceFile } from '../../src/source/source-file.js';
import { findCases, readCaseOptions, readTree } from '../helpers/golden.js';

/*
 * Fluent Bit reads a property value after `${VAR}` expansion, so a rule must
 * decide on the expanded value (rules/support/tail-target.ts valueOf), never
 * on the text as written. This test fails when one reads a raw value where
 * the resolved one is meant: every golden case with classic .conf files is
 * run again with each value of its sections (plugins, [SERVICE], [PARSER],
 * [MULTILINE_PARSER]; the Name included) moved into a variable, `Parser docker` becoming
 * `Parser ${V1_3}` and `@SET V1_3=docker` appended at the file's end (Fluent
 * Bit sets variables before any plugin is made, wherever the @SET stands,
 * so no line moves). The same rules must report at the same places, with
 * the same severities. (Messages differ: they name the variables.)
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const SECTIONS = /^\s*\[(INPUT|FILTER|OUTPUT|SERVICE|PARSER|MULTILINE_PARSER)\]\s*$/i;
const PROPERTY = /^(\s+)([A-Za-z0-9_.\-]+)(\s+)(\S(?:.*\S)?)\s*$/;

/** The text with each value of its plugin sections moved into a variable (undefined when none was). */
function throughVariables(text: string, fileIndex: number): string | undefined {
  const sets: string[] = [];
  let inPlugin = false;
  const lines = text.split('\n').map((line) => {
    if (/^\s*\[/.test(line)) {
      inPlugin = SECTIONS.test(line);
      return line;
    }
    const m = PROPERTY.exec(line);
    if (!inPlugin || !m || line.trimStart().startsWith('#') || line.trimStart().startsWith('@')) return line;
    const [, indent, key, gap, value] = m as unknown as [string, string, string, string, string];
    // Parsers_File: the includes stage reports a file it cannot find only when its path has no variable (NOTES, varvalues).
    if (value.includes('${') || value.includes('#') || key.toLowerCase() === 'parsers_file') return line;
    const name = `V${fileIndex}_${sets.length}`;
    sets.push(`@SET ${name}=${value}`);
    return `${indent}${key}${gap}\${${name}}`;
  });
  if (sets.length === 0) return undefined;
  const out = lines.join('\n');
  return `${out}${out.endsWith('\n') ? '' : '\n'}${sets.join('\n')}\n`;
}

/** Where each finding is and what reports it (messages left out). */
function places(result: MigrateResult): string[] {
  return result.files
    .flatMap((f) => [...f.findings.map((x) => `${x.path}:${x.line}:${x.column} ${x.severity} ${x.ruleId}`), ...f.diagnostics.map((d) => `${d.path}:${d.line}:${d.column} ${d.severity} ${d.code}`)])
    .sort();
}

const cases = ['rules', 'sources', 'migrate'].flatMap((root) => findCases(join(FIXTURES, root)).map((c) => ({ ...c, id: `${root}/${c.id}` })));

describe('rules decide on values as Fluent Bit expands them', () => {
  let rewritten = 0;
  for (const c of cases) {
    const files = readTree(join(c.dir, 'input'));
    const options = readCaseOptions<MigrateOptions>(c.dir, 'options.json', { runtime: 'containerd' });
    if (options.toYaml === true || options.runtime === undefined) continue;
    // A Flux Kustomization with postBuild substitutes `${V...}` itself before Fluent Bit reads the file: another config.
    if (files.some((f) => f.text.includes('postBuild') && f.text.includes('kustomize.toolkit.fluxcd.io/'))) continue;
    const moved: SourceFile[] = files.map((f, i) => (f.path.endsWith('.conf') ? { ...f, text: throughVariables(f.text, i) ?? f.text } : f));
    if (moved.every((f, i) => f.text === files[i]?.text)) continue;
    rewritten++;
    it(c.id, () => {
      expect(places(migrate(moved, options))).toEqual(places(migrate(files, options)));
    });
  }
  it('walks golden cases with classic configs', () => {
    expect(rewritten).toBeGreaterThan(20);
  });
});
