// Properties of migrate() over every corpus file and fixture input, for all
// three runtimes, batched per directory like the CLI:
// - idempotence: migrating the outputs changes no file;
// - outputs re-parse with no new error diagnostic (YAML and every config);
// - the unified diff applies back: applyPatch(before, diff) === after.
import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/grammar/parse.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import { migrate } from '../../src/migrate/migrate.js';
import { RUNTIMES, type FileResult } from '../../src/migrate/types.js';
import type { SourceFile } from '../../src/source/source-file.js';
import { groupByDirectory, loadPropertyInputs } from './inputs.js';

const GROUPS = groupByDirectory(loadPropertyInputs());

/** Error codes of a file: YAML/discovery errors plus every classic config's parse errors. */
function errorCodes(file: SourceFile): string[] {
  const d = discoverFile(file);
  const codes = d.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code);
  for (const c of d.configs) {
    if (c.format === 'classic') codes.push(...parseConfig(c.text).diagnostics.filter((x) => x.severity === 'error').map((x) => x.code));
  }
  return codes.sort();
}

/** Codes in `after` beyond those in `before` (multiset difference). */
function newCodes(before: readonly string[], after: readonly string[]): string[] {
  const left = [...before];
  return after.filter((code) => {
    const i = left.indexOf(code);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

describe.each(RUNTIMES)('migrate properties (%s)', (runtime) => {
  const firsts = GROUPS.map((group) => ({ group, results: migrate(group, { runtime }).files }));
  const changed = firsts.flatMap(({ group, results }) => results.flatMap((r, i) => (r.changed ? [{ input: group[i] as SourceFile, r }] : [])));

  it('changes some files (the properties are not vacuous)', () => {
    expect(changed.length).toBeGreaterThan(20);
  });

  it('is idempotent: a second run, batched per directory, changes zero files', () => {
    const again: string[] = [];
    for (const { results } of firsts) {
      const second = migrate(results.map((r: FileResult) => ({ path: r.path, text: r.output })), { runtime }).files;
      for (const r of second) if (r.changed) again.push(`${r.path}\n${r.diff}`);
    }
    expect(again).toEqual([]);
  });

  it('outputs re-parse with no new error diagnostic', () => {
    const bad: string[] = [];
    for (const { input, r } of changed) {
      const added = newCodes(errorCodes(input), errorCodes({ path: r.path, text: r.output }));
      if (added.length > 0) bad.push(`${r.path}: ${added.join(', ')}`);
    }
    expect(bad).toEqual([]);
  });

  it('unified diffs apply back: applyPatch(before, diff) === after', () => {
    const bad = changed.filter(({ input, r }) => applyPatch(input.text, r.diff) !== r.output).map(({ r }) => r.path);
    expect(bad).toEqual([]);
  });
});
