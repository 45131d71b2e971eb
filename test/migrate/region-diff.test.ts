import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch, createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import { regionDiff } from '../../src/migrate/region-diff.js';
import { WHOLE_FILE_DIFF_LIMIT } from '../../src/migrate/unified-diff.js';
import { applyEdits } from '../../src/source/apply-edits.js';
import type { Edit } from '../../src/source/edit.js';
// @ts-expect-error - a plain .mjs module of the bench
import { generateClassic, generateJsonList, generateManifest } from '../../bench/generate-scale.mjs';

/*
 * The per-region diff of large files (region-diff.ts) gives the same text as
 * jsdiff's whole-file diff: on every migrated fixture and corpus-like input,
 * on generated multi-document files, and on random edits among repeated
 * lines (where a change can slide); and the patch always applies.
 */

const whole = (before: string, after: string): string =>
  createTwoFilesPatch('a/f', 'b/f', before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function check(before: string, edits: readonly Edit[], same = true): void {
  const after = applyEdits(before, edits);
  if (after === before) return;
  const ours = regionDiff('a/f', 'b/f', before, after, edits);
  if (same) expect(ours).toBe(whole(before, after));
  expect(applyPatch(before, ours as string)).toBe(after);
}

describe('regionDiff', () => {
  it('equals the whole-file diff of every migrated fixture file (each fixture folder a batch)', () => {
    const byDir = new Map<string, { path: string; text: string }[]>();
    for (const file of walk('fixtures').filter((f) => /\.(ya?ml|conf|json)$/.test(f) && !/expected/.test(f))) {
      const dir = file.slice(0, file.lastIndexOf('/'));
      byDir.set(dir, [...(byDir.get(dir) ?? []), { path: file, text: readFileSync(file, 'utf8') }]);
    }
    let n = 0;
    for (const files of byDir.values()) {
      for (const r of migrate(files, { runtime: 'containerd' }).files) {
        if (!r.changed) continue;
        check(r.before, r.edits);
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
  });

  it('equals the whole-file diff on generated streams, Lists and classic configs', () => {
    for (const text of [generateManifest(60), generateJsonList(40_000), generateClassic(40_000)] as string[]) {
      const path = text.startsWith('{') ? 'list.json' : text.startsWith('#') ? 'big.conf' : 'stream.yaml';
      const r = migrate([{ path, text }], { runtime: 'containerd' }).files[0];
      expect(r?.changed).toBe(true);
      check(text, r?.edits ?? []);
    }
  });

  // Among lines that repeat everywhere, Myers over the whole file may align a change elsewhere: still a patch that applies.
  it('gives a patch that applies for random edits among repeated lines', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pool = ['a\n', 'b\n', 'a\n', '    x\n', '\n', 'c\r\n'];
    for (let round = 0; round < 300; round++) {
      const lines = Array.from({ length: 5 + rand(60) }, () => pool[rand(pool.length)] as string);
      let text = lines.join('');
      if (rand(4) === 0) text = text.slice(0, -1);
      const edits: Edit[] = [];
      let at = 0;
      while (at < text.length) {
        at += rand(40);
        if (at > text.length) break;
        const end = Math.min(text.length, at + (rand(3) === 0 ? rand(8) : 0));
        edits.push({ start: at, end, text: Array.from({ length: rand(3) }, () => pool[rand(pool.length)]).join(''), origin: 't' });
        at = end + 1;
      }
      check(text, edits, false);
    }
  });

  it('is what migrate() prints for a file above the whole-file limit (same text as jsdiff)', () => {
    const text = generateManifest(120) as string;
    expect(text.length).toBeGreaterThan(WHOLE_FILE_DIFF_LIMIT);
    const r = migrate([{ path: 'stream.yaml', text }], { runtime: 'containerd' }).files[0];
    expect(r?.diff).toBe(createTwoFilesPatch('a/stream.yaml', 'b/stream.yaml', text, r?.output ?? '', undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }));
  });

  it('gives up (undefined) when the edits do not explain the new text', () => {
    expect(regionDiff('a/f', 'b/f', 'a\nb\n', 'a\nc\n', [])).toBeUndefined();
  });
});
