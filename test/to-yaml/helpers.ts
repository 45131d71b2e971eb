import type { FileResult } from '../../src/migrate/types.js';
import type { SourceFile } from '../../src/source/source-file.js';

/** The batch after a run, as --write leaves it: outputs in place, renamed files at their new paths, removed files gone. */
export function applyResults(results: readonly FileResult[]): SourceFile[] {
  const out: SourceFile[] = [];
  for (const r of results) {
    if (r.removed === true) continue;
    out.push({ path: r.renamedTo ?? r.path, text: r.output });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
