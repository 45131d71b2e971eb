import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the shared corpus (../shared/corpus next to the repo). */
export const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));

/** Walks `dir` recursively and returns files whose name matches `filter`, as paths relative to `dir`, sorted. */
export function walkFiles(dir: string, filter: (name: string) => boolean): string[] {
  const out: string[] = [];
  const go = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) go(p);
      else if (filter(name)) out.push(relative(dir, p));
    }
  };
  go(dir);
  return out.sort();
}

/** Reads a file as UTF-8 text (invalid bytes become U+FFFD, which discovery reports as BINARY_FILE). */
export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export interface ManifestRow {
  readonly localPath: string;
  readonly kind: string;
  readonly notes: string;
}

export function readManifest(): ManifestRow[] {
  const lines = readText(join(CORPUS_DIR, 'MANIFEST.tsv')).split('\n').slice(1);
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.split('\t');
      return { localPath: cols[0] ?? '', kind: cols[5] ?? '', notes: cols[6] ?? '' };
    });
}
