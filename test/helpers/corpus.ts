import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';

/** ../shared/corpus beside the checkout (CI lays it out the same way). */
export const CORPUS_DIR = resolve(process.cwd(), '../shared/corpus');

export interface CorpusFile {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the walked root, '/'-separated. */
  readonly rel: string;
  readonly text: string;
}

/**
 * Every file below `root` whose '/'-separated relative path passes `accept`,
 * in name order, read as UTF-8 (invalid bytes become U+FFFD, which discovery
 * reports as BINARY_FILE). Walked, never listed: the trees may grow.
 */
export function walkFiles(root: string, accept: (rel: string) => boolean = () => true): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (dir: string): void => {
    for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile()) {
        const rel = relative(root, p).split('\\').join('/');
        if (accept(rel)) out.push({ path: p, rel, text: readFileSync(p, 'utf8') });
      }
    }
  };
  walk(root);
  return out;
}

/** Walks the corpus (MANIFEST.tsv and README.md skipped). */
export function walkCorpus(filter: (rel: string) => boolean = () => true): CorpusFile[] {
  if (!existsSync(CORPUS_DIR)) throw new Error(`corpus not found at ${CORPUS_DIR}: check out ../shared beside this repo`);
  return walkFiles(CORPUS_DIR, (rel) => rel !== 'MANIFEST.tsv' && rel !== 'README.md' && filter(rel));
}

export interface ManifestRow {
  readonly localPath: string;
  readonly kind: string;
  readonly notes: string;
}

/** The rows of the corpus MANIFEST.tsv, in file order. */
export function readManifest(): ManifestRow[] {
  const lines = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1);
  const rows: ManifestRow[] = [];
  for (const line of lines) {
    const cols = line.split('\t');
    if (cols.length < 7) continue;
    rows.push({ localPath: cols[0] ?? '', kind: cols[5] ?? '', notes: cols[6] ?? '' });
  }
  return rows;
}

const CLASSIC_HINT = /^(\[(SERVICE|INPUT|FILTER|OUTPUT|PARSER|MULTILINE_PARSER)\]|@INCLUDE )/im;

/** True for text that looks like a classic config (a known section header or @INCLUDE at column 0). */
export function looksClassic(text: string): boolean {
  return CLASSIC_HINT.test(text);
}

/**
 * Every string scalar inside the YAML documents of `text` that looks like a
 * classic config (test-side extraction with the yaml package, independent of
 * src/discover). Templated files that do not parse yield what does parse.
 */
export function classicBlocksInYaml(text: string): string[] {
  const blocks: string[] = [];
  const visit = (node: unknown): void => {
    if (isScalar(node)) {
      if (typeof node.value === 'string' && looksClassic(node.value)) blocks.push(node.value);
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isMap(node)) {
          const pair = item as { key: unknown; value: unknown };
          visit(pair.value);
        } else visit(item);
      }
    }
  };
  for (const doc of parseAllDocuments(text)) {
    if ('contents' in doc) visit(doc.contents as Node | null);
  }
  return blocks;
}
