import { describe, expect, it } from 'vitest';
import { buildClassicDoc } from '../../src/convert/classic-doc.js';
import { writeYaml } from '../../src/convert/yaml-writer.js';
import { diffSlices } from '../../src/migrate/lazy-diff.js';
import { migrate } from '../../src/migrate/migrate.js';
import { markedSlices } from '../../src/migrate/unified-diff.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';
import { rng as seeded } from '../helpers/rng.js';

/*
 * `toyamlrss3` (NOTES.md "`to-yaml classic` 10 MB within the goal"): the linear fallback's hunk lines come in flat
 * slices (markedSlices) instead of one replaceAll rope; under --to-yaml a result's `diff` is made when read
 * (lazy-diff.ts) and the CLI may read it in slices (diffSlices); the YAML writer may drop a doc's sections as it
 * writes them (`consume`). Each is checked against the form it replaces, on every classic file of the corpus and of
 * the fixtures (walked) and on random texts.
 */

const classic = [...walkCorpus((rel) => /\.conf$/i.test(rel)), ...walkFiles('fixtures', (rel) => /\.conf$/i.test(rel))];

/** The hunk lines as unified-diff.ts wrote them before (one replaceAll over the block). */
function markedWhole(text: string, start: number, end: number, mark: string): string {
  if (end <= start) return '';
  const block = text.slice(start, end);
  if (block.charCodeAt(block.length - 1) === 10) return `${mark}${block.slice(0, -1).replaceAll('\n', `\n${mark}`)}\n`;
  return `${mark}${block.replaceAll('\n', `\n${mark}`)}\n\\ No newline at end of file\n`;
}

describe('markedSlices', () => {
  it('walks classic files', () => {
    expect(classic.length).toBeGreaterThan(100);
  });

  it('equals the replaceAll form on every classic file and random texts, in slices of whole lines of any size', () => {
    const rng = seeded(3);
    const pool = ['a', '', ' ', 'x\r', '[INPUT]', '    Name tail'];
    const random = Array.from({ length: 200 }, () => {
      const lines = Array.from({ length: Math.floor(rng() * 12) }, () => pool[Math.floor(rng() * pool.length)] as string).join('\n');
      return rng() < 0.5 ? `${lines}\n` : lines;
    });
    for (const text of [...classic.map((f) => f.text), ...random]) {
      const cuts = [0, Math.floor(text.length / 3), text.length];
      for (const [start, end] of [[0, text.length], [cuts[0], cuts[1]], [cuts[1], cuts[2]]] as [number, number][]) {
        // Ranges as the fallback cuts them: whole lines, or up to the end of the text.
        const s = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
        const e = end === text.length ? end : text.lastIndexOf('\n', end - 1) + 1;
        const whole = markedWhole(text, s, Math.max(s, e), '-');
        for (const size of [1, 2, 7, 64, 1 << 20]) {
          const slices = [...markedSlices(text, s, Math.max(s, e), '-', size)];
          expect(slices.join('')).toBe(whole);
          for (const slice of slices.slice(0, -1)) expect(slice.endsWith('\n')).toBe(true);
        }
      }
    }
  });
});

describe('a --to-yaml result diff made when read', () => {
  it.each(classic.map((f) => [f.rel, f.text] as const))('%s: its slices are its diff; the keys and JSON as a plain result', (_rel, text) => {
    for (const runtime of ['containerd', undefined] as const) {
      const run = (): ReturnType<typeof migrate>['files'][number] => migrate([{ path: 'conf/fluent-bit.conf', text }], { toYaml: true, ...(runtime ? { runtime } : {}) }).files[0] as never;
      const sliced = run();
      const slices = diffSlices(sliced);
      const joined = slices === undefined ? undefined : [...slices].join('');
      const read = run();
      if (joined !== undefined) expect(joined).toBe(read.diff);
      // Read: a plain data property, the same keys in the same order as a spread copy.
      expect(diffSlices(read)).toBeUndefined();
      expect(Object.keys(read)).toEqual(Object.keys({ ...sliced }));
      expect(JSON.stringify(read)).toBe(JSON.stringify({ ...sliced }));
    }
  });
});

describe('the YAML writer consuming its doc', () => {
  it.each(classic.map((f) => [f.rel, f.text] as const))('%s: the same text and findings', (rel, text) => {
    for (const role of ['main', 'parsers'] as const) {
      const plan = { includesAt: 'top', includePath: () => 'x.yaml', referencedVars: new Set<string>() } as const;
      const keep = buildClassicDoc(rel, text, role);
      const whole = writeYaml(keep, keep.items, plan);
      const consumed = buildClassicDoc(rel, text, role);
      expect(writeYaml(consumed, consumed.items, { ...plan, consume: true })).toEqual(whole);
      expect(consumed.items).toHaveLength(0);
    }
  });
});
