import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import type { FileResult, MigrateOptions, MigrateResult } from '../../src/migrate/types.js';
import { checkEditedObjects } from './k8s-schema.js';

/*
 * The golden-case harness: a folder holding
 *   input/...              the batch (relative paths kept, '/'-separated)
 *   options.json           optional MigrateOptions (default {"runtime":"containerd"})
 *   expected.diff          every file's diff, in path order
 *   expected-findings.txt  findings and diagnostics, one per line
 *   expected/...           full output of every changed file
 * `vitest -u` regenerates the expectations; review them like code. In CI
 * (`CI=true`, set by .ci/run) a missing expectation fails instead of being
 * written. Every case is also migrated a second time (idempotence), its
 * diffs applied back, its edited Kubernetes objects validated, and the
 * invariants of src/migrate/invariants.ts hold unless the case says
 * otherwise (fixtures/migrate shows refusals on purpose).
 */

export interface GoldenCase {
  /** `<folder>/<case>` relative to the walked root */
  readonly id: string;
  readonly dir: string;
}

/** Walks `dir` for folders holding an `input/` directory (never a fixed list). */
export function findCases(dir: string): GoldenCase[] {
  if (!existsSync(dir)) return [];
  const out: GoldenCase[] = [];
  const walk = (d: string): void => {
    const names = readdirSync(d).sort();
    if (names.includes('input') && statSync(join(d, 'input')).isDirectory()) {
      out.push({ id: relative(dir, d).split('\\').join('/'), dir: d });
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** Every file under `dir`, as `/`-separated paths relative to it, sorted. */
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

/** One line per finding and diagnostic, ordered by path, line, column (stable otherwise). */
function formatFindings(result: MigrateResult): string {
  const rows: { path: string; line: number; column: number; text: string }[] = [];
  for (const f of result.files) {
    for (const x of f.findings) rows.push({ path: x.path, line: x.line, column: x.column, text: `${x.path}:${x.line}:${x.column} ${x.severity} ${x.ruleId} ${x.message}` });
    for (const d of f.diagnostics) rows.push({ path: d.path, line: d.line, column: d.column, text: `${d.path}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}` });
  }
  rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  return rows.map((r) => `${r.text}\n`).join('');
}

function byPath(files: readonly FileResult[]): FileResult[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The invariant codes (src/source/diagnostic.ts). */
const isInvariant = (code: string): boolean => code.startsWith('INVARIANT_');

/** Declares the golden tests of `cases` (findCases). */
export function describeGoldenCases(cases: readonly GoldenCase[], opts: { readonly allowInvariantViolations: boolean }): void {
  describe.each(cases)('$id', ({ dir }) => {
    const inputDir = join(dir, 'input');
    const inputs = listFiles(inputDir).map((path) => ({ path, text: readFileSync(join(inputDir, path), 'utf8') }));
    const optionsPath = join(dir, 'options.json');
    const options: MigrateOptions = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as MigrateOptions) : { runtime: 'containerd' };
    const result = migrate(inputs, options);
    const files = byPath(result.files);
    const changed = files.filter((f) => f.changed);

    it('diff', async () => {
      await expect(files.map((f) => f.diff).join('')).toMatchFileSnapshot(join(dir, 'expected.diff'));
    });

    it('findings and diagnostics', async () => {
      await expect(formatFindings(result)).toMatchFileSnapshot(join(dir, 'expected-findings.txt'));
    });

    it('outputs of changed files', async () => {
      for (const f of changed) await expect(f.output).toMatchFileSnapshot(join(dir, 'expected', f.path));
      // No stale expectation for a file that no longer changes.
      const changedPaths = new Set(changed.map((f) => f.path));
      expect(listFiles(join(dir, 'expected')).filter((p) => !changedPaths.has(p))).toEqual([]);
    });

    it('the diff applies to the input and gives the output', () => {
      for (const f of changed) {
        expect(f.diff, f.path).not.toBe('');
        expect(applyPatch(f.before, f.diff), f.path).toBe(f.output);
      }
      for (const f of files.filter((x) => !x.changed)) {
        expect(f.diff, f.path).toBe('');
        expect(f.output, f.path).toBe(f.before);
      }
    });

    it('is idempotent', () => {
      const again = migrate(files.map((f) => ({ path: f.path, text: f.output })), options);
      expect(again.files.filter((f) => f.changed).map((f) => `${f.path}\n${f.diff}`)).toEqual([]);
      const changes = again.files.flatMap((f) => f.findings.filter((x) => x.severity === 'change'));
      expect(changes.map((x) => `${x.path}:${x.line}:${x.column} ${x.ruleId} ${x.message}`)).toEqual([]);
    });

    it('edited Kubernetes objects validate and every mount names a volume', () => {
      for (const f of changed) {
        if (!/\.ya?ml$/i.test(f.path)) continue;
        expect(checkEditedObjects(f.before, f.output), f.path).toEqual([]);
      }
    });

    it('reports no internal error', () => {
      const internal = files.flatMap((f) => f.diagnostics.filter((d) => d.code === 'INTERNAL_ERROR'));
      expect(internal.map((d) => `${d.path}:${d.line} ${d.message}`)).toEqual([]);
    });

    it.skipIf(opts.allowInvariantViolations)('breaks no invariant (src/migrate/invariants.ts)', () => {
      const violations = files.flatMap((f) => f.diagnostics.filter((d) => isInvariant(d.code)));
      expect(violations.map((d) => `${d.path}:${d.line} ${d.code} ${d.message}`)).toEqual([]);
    });
  });
}
