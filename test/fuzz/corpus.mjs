// The fuzzer's seed inputs: every file of ../shared/corpus (walked, never
// listed; MANIFEST.tsv and README.md skipped), paths relative to it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export function loadSeedCorpus(cwd = process.cwd()) {
  const root = resolve(cwd, '../shared/corpus');
  if (!existsSync(root)) throw new Error(`corpus not found at ${root}: check out ../shared beside this repo`);
  const out = [];
  const walk = (dir) => {
    for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile()) {
        const rel = relative(root, p).split('\\').join('/');
        if (rel === 'MANIFEST.tsv' || rel === 'README.md') continue;
        out.push({ path: rel, text: readFileSync(p, 'utf8') });
      }
    }
  };
  walk(root);
  return out;
}
