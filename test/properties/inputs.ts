import { dirname, resolve } from 'node:path';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';

/** One input file for the property tests: corpus or fixture. */
export interface PropertyInput {
  /** Path as given to migrate (relative to its root, prefixed `corpus/` or `fixtures/`). */
  readonly path: string;
  readonly text: string;
}

const FIXTURES = resolve(process.cwd(), 'fixtures');

/** Not inputs: expected outputs, diffs, findings, options, notes. */
function isFixtureInput(rel: string): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  if (rel.split('/').some((part) => part === 'expected' || part === 'slow')) return false;
  if (name.startsWith('expected') || name === 'options.json' || name.startsWith('.')) return false;
  return !/\.(diff|txt|md)$/.test(name);
}

/** Every corpus file (walked; MANIFEST.tsv and README.md skipped) and every fixture input. */
export function loadPropertyInputs(): PropertyInput[] {
  return [
    ...walkCorpus().map((f) => ({ path: `corpus/${f.rel}`, text: f.text })),
    ...walkFiles(FIXTURES, isFixtureInput).map((f) => ({ path: `fixtures/${f.rel}`, text: f.text })),
  ];
}

/** Files grouped by directory, as the CLI batches them (first-seen order). */
export function groupByDirectory<T extends { readonly path: string }>(files: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const f of files) {
    const key = dirname(f.path);
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()];
}
