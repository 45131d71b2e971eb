import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One input file for the property tests: corpus or fixture. */
export interface PropertyInput {
  /** Path as given to migrate (relative to its root, prefixed `corpus/` or `fixtures/`). */
  readonly path: string;
  readonly text: string;
}

const CORPUS = resolve(process.cwd(), '../shared/corpus');
const FIXTURES = resolve(process.cwd(), 'fixtures');

/** Not inputs: expected outputs, diffs, findings, options, notes. */
function isFixtureInput(rel: string): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  if (rel.split('/').some((part) => part === 'expected' || part === 'slow')) return false;
  if (name.startsWith('expected') || name === 'options.json' || name.startsWith('.')) return false;
  return !/\.(diff|txt|md)$/.test(name);
}

function walk(root: string, prefix: string, accept: (rel: string) => boolean): PropertyInput[] {
  const out: PropertyInput[] = [];
  const go = (dir: string): void => {
    for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) go(p);
      else if (ent.isFile()) {
        const rel = relative(root, p).split('\\').join('/');
        if (accept(rel)) out.push({ path: `${prefix}/${rel}`, text: readFileSync(p, 'utf8') });
      }
    }
  };
  go(root);
  return out;
}

/** Every corpus file (walked; MANIFEST.tsv and README.md skipped) and every fixture input. */
export function loadPropertyInputs(): PropertyInput[] {
  if (!existsSync(CORPUS)) throw new Error(`corpus not found at ${CORPUS}: check out ../shared beside this repo`);
  return [
    ...walk(CORPUS, 'corpus', (rel) => rel !== 'MANIFEST.tsv' && rel !== 'README.md'),
    ...walk(FIXTURES, 'fixtures', isFixtureInput),
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
