import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import type { FileResult, MigrateOptions, MigrateResult } from '../../src/migrate/types.js';
import { findCases } from '../helpers/golden.js';
import { checkEditedObjects } from '../helpers/k8s-schema.js';
import { applyResults } from './helpers.js';

/*
 * Golden cases of --to-yaml on whole batches: fixtures/to-yaml/<topic>/<case>/
 *   input/...              the batch (relative paths kept)
 *   options.json           optional MigrateOptions (default {"toYaml": true})
 *   expected.diff          every file's diff, in path order (git rename and deletion diffs included)
 *   expected-findings.txt  findings and diagnostics, one per line
 *   expected-files.txt     what happens to each changed file: change, rename to, remove
 *   expected/...           every file after the run, at its new path
 * `vitest -u` regenerates the expectations; review them like code. Each case
 * is also run again on its own output (nothing changes), its diffs applied
 * back, its YAML outputs parsed, its edited Kubernetes objects validated.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/to-yaml/', import.meta.url));
const cases = findCases(ROOT);

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function formatFindings(result: MigrateResult): string {
  const rows: { path: string; line: number; column: number; text: string }[] = [];
  for (const f of result.files) {
    for (const x of f.findings) rows.push({ path: x.path, line: x.line, column: x.column, text: `${x.path}:${x.line}:${x.column} ${x.severity} ${x.ruleId} ${x.message}` });
    for (const d of f.diagnostics) rows.push({ path: d.path, line: d.line, column: d.column, text: `${d.path}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}` });
  }
  rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  return rows.map((r) => `${r.text}\n`).join('');
}

const byPath = (files: readonly FileResult[]): FileResult[] => [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

describe('--to-yaml golden cases (fixtures/to-yaml)', () => {
  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThan(10);
  });
});

describe.each(cases)('$id', ({ dir }) => {
  const inputDir = join(dir, 'input');
  const inputs = listFiles(inputDir).map((path) => ({ path, text: readFileSync(join(inputDir, path), 'utf8') }));
  const optionsPath = join(dir, 'options.json');
  const options: MigrateOptions = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as MigrateOptions) : { toYaml: true };
  const result = migrate(inputs, options);
  const files = byPath(result.files);
  const changed = files.filter((f) => f.changed);
  const after = applyResults(result.files);

  it('diff', async () => {
    await expect(files.map((f) => f.diff).join('')).toMatchFileSnapshot(join(dir, 'expected.diff'));
  });

  it('findings and diagnostics', async () => {
    await expect(formatFindings(result)).toMatchFileSnapshot(join(dir, 'expected-findings.txt'));
  });

  it('what happens to each file', async () => {
    const lines = changed.map((f) => (f.renamedTo !== undefined ? `rename ${f.path} -> ${f.renamedTo}` : f.removed === true ? `remove ${f.path}` : `change ${f.path}`));
    await expect(lines.map((l) => `${l}\n`).join('')).toMatchFileSnapshot(join(dir, 'expected-files.txt'));
  });

  it('outputs (at their new paths)', async () => {
    const written = after.filter((f) => changed.some((c) => (c.renamedTo ?? c.path) === f.path));
    for (const f of written) await expect(f.text).toMatchFileSnapshot(join(dir, 'expected', f.path));
    const paths = new Set(written.map((f) => f.path));
    expect(listFiles(join(dir, 'expected')).filter((p) => !paths.has(p))).toEqual([]);
  });

  it('the diffs apply to the inputs and give the outputs; unchanged files are untouched', () => {
    for (const f of changed) {
      expect(f.diff, f.path).not.toBe('');
      expect(applyPatch(f.before, f.diff), f.path).toBe(f.output);
    }
    for (const f of files.filter((x) => !x.changed)) {
      expect(f.diff, f.path).toBe('');
      expect(f.output, f.path).toBe(f.before);
      expect(f.renamedTo, f.path).toBeUndefined();
    }
  });

  it('the edits of each file give its output', () => {
    for (const f of changed.filter((x) => x.renamedTo === undefined && x.removed !== true)) {
      let out = f.before;
      for (const e of [...f.edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
      expect(out, f.path).toBe(f.output);
    }
  });

  it('is idempotent: a second run changes nothing', () => {
    const again = migrate(after, options);
    expect(again.files.filter((f) => f.changed).map((f) => `${f.path}\n${f.diff}`)).toEqual([]);
    expect(again.files.flatMap((f) => f.findings.filter((x) => x.severity === 'change')).map((x) => `${x.path}:${x.line} ${x.ruleId} ${x.message}`)).toEqual([]);
    // A refusal stays a refusal, and nothing new is refused.
    const errors = (r: MigrateResult): string[] => r.files.flatMap((f) => f.findings.filter((x) => x.severity === 'error').map((x) => `${x.path}:${x.line} ${x.ruleId} ${x.message}`)).sort();
    expect(errors(again)).toEqual(errors(result));
  });

  it('every YAML output parses; edited Kubernetes objects validate', () => {
    for (const f of changed) {
      const path = f.renamedTo ?? f.path;
      if (f.removed === true || !/\.ya?ml$/i.test(path)) continue;
      expect(parseAllDocuments(f.output, { uniqueKeys: false }).flatMap((d) => d.errors.map((e) => e.message)), path).toEqual([]);
      if (f.renamedTo === undefined) expect(checkEditedObjects(f.before, f.output), path).toEqual([]);
    }
  });

  it('reports no internal error', () => {
    const internal = [
      ...files.flatMap((f) => f.diagnostics.filter((d) => d.code === 'INTERNAL_ERROR')),
      ...files.flatMap((f) => f.findings.filter((x) => x.messageId === 'internal' || x.messageId === 'manifest')),
    ];
    expect(internal.map((d) => `${d.path}:${d.line} ${d.message}`)).toEqual([]);
  });
});
