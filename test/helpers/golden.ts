import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { applyPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import type { FileResult, MigrateOptions, MigrateResult } from '../../src/migrate/types.js';
import type { SourceFile } from '../../src/source/source-file.js';
import { walkFiles } from './corpus.js';
import { checkEditedObjects } from './k8s-schema.js';

/*
 * The one golden-file harness. Every golden test walks its fixture root with
 * findCases (never a fixed list: the fixtures grow), reads a case with
 * readTree / readCaseOptions, and compares with vitest's toMatchFileSnapshot:
 * `npx vitest run -u <test file>` regenerates the expectations (review them
 * like code); in CI (`CI=true`, set by .ci/run) a missing expectation fails
 * instead of being written. expectNoStaleFiles says when an expected/ file
 * is no longer produced.
 *
 * describeGoldenCases runs whole batches through migrate(); a case folder:
 *   input/...              the batch (relative paths kept, '/'-separated)
 *   options.json           optional MigrateOptions (default: the caller's)
 *   expected.diff          every file's diff, in path order (git rename and deletion diffs included)
 *   expected-findings.txt  findings and diagnostics, one per line
 *   expected-files.txt     (with fileActions) what happens to each changed file: change, rename to, remove
 *   expected/...           every changed file after the run, at its new path
 * Every case is also migrated a second time on its own output (idempotence),
 * its diffs and edits applied back, its YAML outputs parsed, its edited
 * Kubernetes objects validated, and the invariants of
 * src/migrate/invariants.ts hold unless the case says otherwise
 * (fixtures/migrate shows refusals on purpose).
 */

export interface GoldenCase {
  /** `<folder>/<case>` relative to the walked root, '/'-separated */
  readonly id: string;
  readonly dir: string;
}

/** A folder holding an `input/` directory. */
export const hasInputDir = (dir: string): boolean => existsSync(join(dir, 'input')) && statSync(join(dir, 'input')).isDirectory();

/**
 * Walks `root` for case folders (`isCase`, default: an `input/` directory),
 * in name order, never a fixed list. A case folder is not walked further;
 * with `nested: false` only the root's own folders are looked at.
 */
export function findCases(root: string, opts: { readonly isCase?: (dir: string) => boolean; readonly nested?: boolean } = {}): GoldenCase[] {
  if (!existsSync(root)) return [];
  const isCase = opts.isCase ?? hasInputDir;
  const out: GoldenCase[] = [];
  const walk = (d: string): void => {
    if (d !== root && isCase(d)) {
      out.push({ id: relative(root, d).split('\\').join('/'), dir: d });
      return;
    }
    if (d !== root && opts.nested === false) return;
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

/** Every file under `dir` with its text, paths '/'-separated and relative to it, sorted by path ([] when there is no `dir`). */
export function readTree(dir: string): SourceFile[] {
  if (!existsSync(dir)) return [];
  return walkFiles(dir)
    .map((f) => ({ path: f.rel, text: f.text }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** readTree(dir) as an object of texts by path, each path behind `prefix`. */
export const readTreeObject = (dir: string, prefix = ''): Record<string, string> => Object.fromEntries(readTree(dir).map((f) => [`${prefix}${f.path}`, f.text]));

/** The paths of readTree(dir). */
export const listFiles = (dir: string): string[] => readTree(dir).map((f) => f.path);

/** The JSON file `name` of a case folder, or `fallback` when it has none. */
export function readCaseOptions<T>(dir: string, name: string, fallback: T): T {
  const p = join(dir, name);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as T) : fallback;
}

/** No file under `expectedDir` other than `produced` (a stale expectation of a file the case no longer writes). */
export function expectNoStaleFiles(expectedDir: string, produced: Iterable<string>): void {
  const keep = new Set(produced);
  expect(listFiles(expectedDir).filter((p) => !keep.has(p))).toEqual([]);
}

/** One line per finding and diagnostic, ordered by path, line, column (stable otherwise). */
export function formatFindings(result: MigrateResult): string {
  const rows: { path: string; line: number; column: number; text: string }[] = [];
  for (const f of result.files) {
    for (const x of f.findings) rows.push({ path: x.path, line: x.line, column: x.column, text: `${x.path}:${x.line}:${x.column} ${x.severity} ${x.ruleId} ${x.message}` });
    for (const d of f.diagnostics) rows.push({ path: d.path, line: d.line, column: d.column, text: `${d.path}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}` });
  }
  rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  return rows.map((r) => `${r.text}\n`).join('');
}

const byPath = <T extends { readonly path: string }>(files: readonly T[]): T[] => [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

/** The batch after a run, as --write leaves it: outputs in place, renamed files at their new paths, removed files gone. */
export function applyResults(results: readonly FileResult[]): SourceFile[] {
  return byPath(results.filter((r) => r.removed !== true).map((r) => ({ path: r.renamedTo ?? r.path, text: r.output })));
}

/** The invariant codes (src/source/diagnostic.ts). */
const isInvariant = (code: string): boolean => code.startsWith('INVARIANT_');

export interface GoldenOptions {
  /** The MigrateOptions of a case without options.json. */
  readonly defaultOptions: MigrateOptions;
  /**
   * Which cases show INVARIANT_* refusals on purpose (by case id): those must show at least one,
   * every other case none. A boolean applies to every case.
   */
  readonly expectInvariantViolations: boolean | ((id: string) => boolean);
  /** Compare expected-files.txt (what happens to each changed file: --to-yaml renames and removes files). */
  readonly fileActions?: boolean;
}

/** Declares the golden tests of `cases` (findCases), each a batch run through migrate(). */
export function describeGoldenCases(cases: readonly GoldenCase[], opts: GoldenOptions): void {
  describe.each(cases)('$id', ({ id, dir }) => {
    const options = readCaseOptions<MigrateOptions>(dir, 'options.json', opts.defaultOptions);
    const result = migrate(readTree(join(dir, 'input')), options);
    const files = byPath(result.files);
    const changed = files.filter((f) => f.changed);
    const after = applyResults(result.files);

    it('diff', async () => {
      await expect(files.map((f) => f.diff).join('')).toMatchFileSnapshot(join(dir, 'expected.diff'));
    });

    it('findings and diagnostics', async () => {
      await expect(formatFindings(result)).toMatchFileSnapshot(join(dir, 'expected-findings.txt'));
    });

    if (opts.fileActions === true) {
      it('what happens to each file', async () => {
        const lines = changed.map((f) => (f.renamedTo !== undefined ? `rename ${f.path} -> ${f.renamedTo}` : f.removed === true ? `remove ${f.path}` : `change ${f.path}`));
        await expect(lines.map((l) => `${l}\n`).join('')).toMatchFileSnapshot(join(dir, 'expected-files.txt'));
      });
    }

    it('outputs of changed files (at their new paths)', async () => {
      const written = after.filter((f) => changed.some((c) => (c.renamedTo ?? c.path) === f.path));
      for (const f of written) await expect(f.text).toMatchFileSnapshot(join(dir, 'expected', f.path));
      expectNoStaleFiles(join(dir, 'expected'), written.map((f) => f.path));
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
        // From the end backwards; two inserts at one offset keep their order (src/source/apply-edits.ts).
        const edits = f.edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i);
        let out = f.before;
        for (const { e } of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
        expect(out, f.path).toBe(f.output);
      }
    });

    it('is idempotent: a second run changes nothing', () => {
      const again = migrate(after, options);
      expect(again.files.filter((f) => f.changed).map((f) => `${f.path}\n${f.diff}`)).toEqual([]);
      expect(again.files.flatMap((f) => f.findings.filter((x) => x.severity === 'change')).map((x) => `${x.path}:${x.line}:${x.column} ${x.ruleId} ${x.message}`)).toEqual([]);
      // A refusal stays a refusal, and nothing new is refused.
      const errors = (r: MigrateResult): string[] => r.files.flatMap((f) => f.findings.filter((x) => x.severity === 'error').map((x) => `${x.path}:${x.line} ${x.ruleId} ${x.message}`)).sort();
      expect(errors(again)).toEqual(errors(result));
    });

    it('every YAML output parses; edited Kubernetes objects validate and every mount names a volume', () => {
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

    const violations = (): string[] => files.flatMap((f) => f.diagnostics.filter((d) => isInvariant(d.code))).map((d) => `${d.path}:${d.line} ${d.code} ${d.message}`);
    const expected = typeof opts.expectInvariantViolations === 'function' ? opts.expectInvariantViolations(id) : opts.expectInvariantViolations;
    if (expected) {
      // A refusal case whose refusal went away would otherwise pass on its snapshots' update alone.
      it('shows the invariant refusal it is there for (src/migrate/invariants.ts)', () => {
        expect(violations()).not.toEqual([]);
      });
    } else {
      it('breaks no invariant (src/migrate/invariants.ts)', () => {
        expect(violations()).toEqual([]);
      });
    }
  });
}
