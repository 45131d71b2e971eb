import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../../src/grammar/parse.js';
import type { ConfigTree, Line } from '../../src/grammar/syntax-tree.js';
import type { ConfigRole } from '../../src/grammar/validate.js';
import { buildModel } from '../../src/model/config-model.js';
import type { Diagnostic } from '../../src/source/diagnostic.js';
import { LineIndex } from '../../src/source/line-index.js';

/** ../shared/conformance beside the checkout (CI lays it out the same way). */
export const CONFORMANCE_DIR = resolve(process.cwd(), '../shared/conformance');

export interface ConformanceCase {
  readonly id: string;
  readonly desc: string;
  readonly main: string;
  readonly files: Readonly<Record<string, string>>;
  readonly fluentbit: {
    readonly verdict: 'accept' | 'reject';
    readonly class: 'syntax' | 'other' | null;
    readonly message?: string | null;
    readonly file?: string | null;
    readonly line?: number | null;
  };
}

/** Every case of cases.jsonl, in file order (walked, never listed: the set may grow). */
export function loadCases(): ConformanceCase[] {
  const path = resolve(CONFORMANCE_DIR, 'cases.jsonl');
  if (!existsSync(path)) throw new Error(`conformance cases not found at ${path}: check out ../shared beside this repo`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ConformanceCase);
}

/** One error we report, placed where Fluent Bit would count it. */
export interface CaseError {
  readonly file: string;
  /** Physical line (1-based, counted by `\n`). */
  readonly line: number;
  /** The line as Fluent Bit's reader counts it (it falls behind after a NUL). */
  readonly readerLine: number;
  readonly diagnostic: Diagnostic;
}

export interface CaseResult {
  /** Every file we parsed, in reading order, with the role it was parsed in. */
  readonly read: ReadonlyArray<{ readonly file: string; readonly role: ConfigRole }>;
  readonly errors: readonly CaseError[];
  readonly verdict: 'accept' | 'reject';
}

/** `*` matches any run of characters (glob(3) without `?`/`[`, as the cases use it). */
function globToRegExp(pattern: string): RegExp {
  const src = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  return new RegExp(`^${src}$`);
}

function normalise(path: string): string {
  return path.replace(/^\.\//, '');
}

/** The tree line holding source offset `offset` (the last line for the end of the text). */
function lineAt(tree: ConfigTree, offset: number): Line | undefined {
  let lo = 0;
  let hi = tree.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((tree.lines[mid] as Line).start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return tree.lines[lo];
}

/**
 * Parses every file Fluent Bit reads for a case, the way conformance/README.md
 * says: the main file; each column-0 `@INCLUDE` target (the rest of the line,
 * `*` globbing over the case's file names); each `Parsers_File` of a
 * `[SERVICE]` section; recursively. Files named but not in the case are
 * skipped (a missing file is a class `other` failure). The main file and
 * what it includes are parsed with role 'main', parsers files (and what they
 * include) with role 'parsers'.
 */
export function runCase(c: ConformanceCase): CaseResult {
  const names = Object.keys(c.files);
  const read: Array<{ file: string; role: ConfigRole }> = [];
  const errors: CaseError[] = [];
  const seen = new Set<string>();
  const visit = (file: string, role: ConfigRole): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = c.files[file];
    if (text === undefined) return;
    read.push({ file, role });
    const { tree, diagnostics } = parseConfig(text, { role });
    const li = new LineIndex(text);
    for (const d of diagnostics) {
      if (d.severity !== 'error') continue;
      const { line } = li.position(d.start);
      errors.push({ file, line, readerLine: lineAt(tree, d.start)?.readerLine ?? line, diagnostic: d });
    }
    const model = buildModel(tree);
    for (const inc of model.includes) {
      const target = normalise(inc.path);
      const targets = inc.isGlob ? names.filter((n) => globToRegExp(target).test(n)).sort() : [target];
      for (const t of targets) visit(t, role);
    }
    for (const s of model.sectionsOf('service')) {
      for (const e of s.getAll('parsers_file')) visit(normalise(e.value), 'parsers');
    }
  };
  visit(c.main, 'main');
  return { read, errors, verdict: errors.length > 0 ? 'reject' : 'accept' };
}
