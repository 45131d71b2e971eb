import { spawnSync } from '../helpers/child-process.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch, createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackDiff, jsdiffMayFinish, MAX_EDIT_LENGTH, regionDiff } from '../../src/migrate/region-diff.js';
import { removalDiff, renameDiff, unifiedDiff } from '../../src/migrate/unified-diff.js';
import { applyEdits } from '../../src/source/apply-edits.js';
import type { Edit } from '../../src/source/edit.js';

/*
 * Every diff we print is linear-ish in the texts (issue #14): jsdiff looks
 * for at most MAX_EDIT_LENGTH edits, then the linear fallback writes the
 * changed lines between the common leading and trailing ones as one removed
 * and one added run. Below the bound the output is jsdiff's, byte for byte;
 * above it the patch still applies, with jsdiff, `git apply` and GNU
 * `patch`, on real files. Small bounds are forced through the internal
 * `maxEditLength` parameter; no timing here.
 */

const jsdiff = (before: string, after: string, a = 'a/f', b = 'b/f'): string =>
  createTwoFilesPatch(a, b, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });

const lines = (n: number, label: string, from = 0): string => Array.from({ length: n }, (_, i) => `${label} ${from + i}\n`).join('');

let seed = 11;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};

/**
 * `before` and `after` with `common` leading and trailing lines and a middle where no line is on both sides
 * (no trailing lines when one side has a final newline and the other not: their last lines differ).
 */
function rewrite(common: number, removed: number, added: number, endings: { before: boolean; after: boolean }): [string, string] {
  const head = lines(common, 'head');
  const tail = endings.before === endings.after ? lines(common, 'tail') : '';
  const cut = (text: string, keep: boolean): string => (keep || text === '' ? text : text.slice(0, -1));
  return [cut(head + lines(removed, 'old') + tail, endings.before), cut(head + lines(added, 'new') + tail, endings.after)];
}

describe('the linear fallback', () => {
  it('equals jsdiff wherever no line between the common leading and trailing lines is on both sides', () => {
    let n = 0;
    for (const common of [0, 1, 2, 3, 4, 7, 12]) {
      for (const [removed, added] of [[0, 1], [1, 0], [1, 1], [5, 3], [3, 9], [40, 40], [0, 25]] as const) {
        for (const endings of [{ before: true, after: true }, { before: false, after: true }, { before: true, after: false }, { before: false, after: false }]) {
          const [before, after] = rewrite(common, removed, added, endings);
          if (before === after) continue;
          expect(fallbackDiff('a/f', 'b/f', before, after), JSON.stringify({ common, removed, added, endings })).toBe(jsdiff(before, after));
          // unifiedDiff with a bound jsdiff cannot meet takes the fallback: the same text.
          expect(unifiedDiff('f', before, after, undefined, 0)).toBe(jsdiff(before, after));
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(150);
  });

  it('equals jsdiff on a whole-file rewrite of a few hundred lines, CRLF and a last line without newline included', () => {
    for (const [before, after] of [
      [lines(300, 'old'), lines(280, 'new')],
      [`# kept\n${lines(300, 'old')}`, `# kept\n${lines(250, 'new').replaceAll('\n', '\r\n')}# end`],
      ['', lines(40, 'new')],
      [lines(40, 'old'), ''],
      ['x', 'y'],
    ] as const) {
      expect(unifiedDiff('f', before, after, undefined, 0)).toBe(jsdiff(before, after));
    }
  });

  it('is taken when jsdiff needs more edits than the bound, and still gives a patch that applies', () => {
    // Changes among lines common to both sides: jsdiff keeps them, the fallback does not.
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n';
    const after = 'a\nB\nc\nD\ne\nF\ng\nH\ni\nJ\nk\n';
    const bounded = unifiedDiff('f', before, after, undefined, 4);
    expect(bounded).not.toBe(jsdiff(before, after));
    expect(bounded).toBe('--- a/f\n+++ b/f\n@@ -1,11 +1,11 @@\n a\n-b\n-c\n-d\n-e\n-f\n-g\n-h\n-i\n-j\n+B\n+c\n+D\n+e\n+F\n+g\n+H\n+i\n+J\n k\n');
    expect(applyPatch(before, bounded)).toBe(after);
    // Within the bound (10 edits), jsdiff's own diff.
    expect(unifiedDiff('f', before, after, undefined, 10)).toBe(jsdiff(before, after));
    expect(unifiedDiff('f', before, after)).toBe(jsdiff(before, after));
  });

  it('gives patches that apply for random texts under any bound, and jsdiff\'s text whenever jsdiff finishes under it', () => {
    const pool = ['a\n', 'b\n', 'a\n', '    x\n', '\n', 'c\r\n', 'd'];
    let n = 0;
    for (let round = 0; round < 300; round++) {
      const make = (): string => Array.from({ length: rand(40) }, () => pool[rand(pool.length)]).join('');
      const before = make();
      const after = rand(5) === 0 ? before.slice(0, rand(before.length + 1)) + make() : make();
      if (before === after) continue;
      const bound = rand(30);
      const ours = unifiedDiff('f', before, after, undefined, bound);
      expect(applyPatch(before, ours)).toBe(after);
      const within = createTwoFilesPatch('a/f', 'b/f', before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY, maxEditLength: bound });
      if (within !== undefined) expect(ours).toBe(within);
      // The linear pre-check skips jsdiff only where jsdiff would give up.
      if (!jsdiffMayFinish(before, after, bound)) expect(within).toBeUndefined();
      n += jsdiffMayFinish(before, after, bound) ? 0 : 1;
    }
    expect(n).toBeGreaterThan(50);
  });

  it('skips jsdiff on a whole rewrite (the pre-check), with the same text as after jsdiff\'s bounded search', () => {
    const [before, after] = rewrite(3, 1_500, 1_200, { before: true, after: true });
    expect(jsdiffMayFinish(before, after, MAX_EDIT_LENGTH)).toBe(false);
    expect(createTwoFilesPatch('a/f', 'b/f', before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY, maxEditLength: MAX_EDIT_LENGTH })).toBeUndefined();
    expect(unifiedDiff('f', before, after)).toBe(fallbackDiff('a/f', 'b/f', before, after));
    // Lines moved, not changed: no surplus, so jsdiff runs (and finds its diff within the bound).
    const moved = lines(50, 'm');
    const swapped = lines(25, 'm', 25) + lines(25, 'm');
    expect(jsdiffMayFinish(moved, swapped, 60)).toBe(true);
    expect(unifiedDiff('f', moved, swapped, undefined, 60)).toBe(jsdiff(moved, swapped));
  });

  it('is taken inside an edited region of a big file (a region can be the whole file): the same hunks elsewhere', () => {
    // 4,000 lines; an edit rewrites 300 lines in the middle, and two small edits elsewhere.
    const before = lines(4_000, 'line');
    const at = (n: number): number => before.indexOf(`line ${n}\n`);
    const edits: Edit[] = [
      { start: at(10), end: at(11), text: 'changed 10\n', origin: 't' },
      { start: at(2_000), end: at(2_300), text: lines(250, 'new'), origin: 't' },
      { start: at(3_900), end: at(3_900), text: 'inserted\n', origin: 't' },
    ];
    const after = applyEdits(before, edits);
    const exact = regionDiff('a/f', 'b/f', before, after, edits);
    expect(exact).toBe(jsdiff(before, after));
    const bounded = regionDiff('a/f', 'b/f', before, after, edits, 100);
    expect(bounded).toBe(exact); // all-different rewrite: the fallback's runs are jsdiff's
    // With common lines inside the rewritten region, the bounded diff differs there only, and applies.
    const mixed: Edit[] = [edits[0] as Edit, { start: at(2_000), end: at(2_300), text: before.slice(at(2_000), at(2_300)).replace(/line (\d+)5\n/g, 'LINE $15\n'), origin: 't' }, edits[2] as Edit];
    const after2 = applyEdits(before, mixed);
    const ours = regionDiff('a/f', 'b/f', before, after2, mixed, 10) as string;
    expect(ours).not.toBe(jsdiff(before, after2));
    expect(applyPatch(before, ours)).toBe(after2);
    expect(ours.split('\n@@ ').slice(0, 2)).toEqual(jsdiff(before, after2).split('\n@@ ').slice(0, 2));
    // unifiedDiff goes the same way for a small file whose whole-file jsdiff gives up: per region.
    const small = lines(200, 'l');
    const smallEdits: Edit[] = [{ start: 0, end: small.indexOf('l 5\n'), text: 'X\nY\n', origin: 't' }, { start: small.indexOf('l 100\n'), end: small.indexOf('l 110\n'), text: lines(12, 'n'), origin: 't' }];
    const smallAfter = applyEdits(small, smallEdits);
    expect(unifiedDiff('f', small, smallAfter, smallEdits, 25)).toBe(jsdiff(small, smallAfter));
  });

  it('writes a removal as jsdiff does (also without a final newline, and of an empty file)', () => {
    for (const text of ['a\nb\n', 'a\nb', '', '\n', lines(500, 'x')]) {
      const old = `diff --git a/d/f.conf b/d/f.conf\ndeleted file mode 100644\n${createTwoFilesPatch('a/d/f.conf', '/dev/null', text, '', undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY })}`;
      expect(removalDiff('./d/f.conf', text)).toBe(old);
    }
  });

  it('keeps names with a space or odd characters as before', () => {
    const [before, after] = rewrite(2, 10, 12, { before: false, after: false });
    for (const path of ['dir with space/f.conf', 'd/\u00e9t\u00e9.conf', 'tab\there.conf']) {
      const expected = unifiedDiff(path, before, after);
      expect(unifiedDiff(path, before, after, undefined, 0)).toBe(expected);
    }
  });
});

describe('whole-file rewrites of big texts, applied to real files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flb-migrate-difflin-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Applies `patch` in a fresh git repository holding `files`, with git apply or GNU patch; returns the tree's texts. */
  function applyReal(tool: 'git' | 'patch', files: Record<string, string>, patch: string): Record<string, string> {
    const root = mkdtempSync(join(dir, `${tool}-`));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
    writeFileSync(join(root, '..', `${tool}.diff`), patch);
    const r =
      tool === 'git'
        ? spawnSync('git', ['apply', '--verbose', join(root, '..', `${tool}.diff`)], { cwd: root, encoding: 'utf8' })
        : spawnSync('patch', ['-p1', '--batch', '--forward', '-i', join(root, '..', `${tool}.diff`)], { cwd: root, encoding: 'utf8' });
    expect(r.status, `${tool}: ${r.stderr}${r.stdout}`).toBe(0);
    const out: Record<string, string> = {};
    for (const name of spawnSync('ls', ['-A', root], { encoding: 'utf8' }).stdout.split('\n').filter((x) => x !== '' && !x.endsWith('.orig'))) out[name] = readFileSync(join(root, name), 'utf8');
    return out;
  }

  it('20,000 lines, all different: above the bound, one removed and one added run, applied by git apply and GNU patch', () => {
    const before = `# head\n${lines(20_000, 'old line')}# tail`;
    const after = `# head\n${lines(20_000, 'new: line')}# tail\n`;
    const patch = unifiedDiff('big.conf', before, after);
    expect(20_001 * 2).toBeGreaterThan(MAX_EDIT_LENGTH);
    // Its shape: the common first line as context, every other line removed then added, the marker of the old last line.
    expect(patch.startsWith('--- a/big.conf\n+++ b/big.conf\n@@ -1,20002 +1,20002 @@\n # head\n-old line 0\n')).toBe(true);
    expect(patch.endsWith('+new: line 19999\n+# tail\n')).toBe(true);
    expect(patch).toContain('-old line 19999\n-# tail\n\\ No newline at end of file\n+new: line 0\n');
    expect(applyPatch(before, patch)).toBe(after);
    for (const tool of ['git', 'patch'] as const) expect(applyReal(tool, { 'big.conf': before }, patch)).toEqual({ 'big.conf': after });
  });

  it('a renamed rewrite (--to-yaml) and a removal apply with git apply; the rename body with GNU patch too', () => {
    const before = lines(6_000, '[INPUT] old');
    const after = `pipeline:\n${lines(5_000, '  - name: new')}`;
    const rename = renameDiff('./c.conf', './c.yaml', before, after);
    expect(rename.startsWith('diff --git a/c.conf b/c.yaml\nrename from c.conf\nrename to c.yaml\n--- a/c.conf\n+++ b/c.yaml\n@@ -1,6000 +1,5001 @@\n')).toBe(true);
    const removal = removalDiff('gone.conf', lines(3_000, 'x'));
    expect(applyReal('git', { 'c.conf': before, 'gone.conf': lines(3_000, 'x') }, rename + removal)).toEqual({ 'c.yaml': after });
    // GNU patch does not rename: the hunks turn the old text into the new one in place.
    expect(applyReal('patch', { 'c.conf': before }, unifiedDiff('c.conf', before, after))).toEqual({ 'c.conf': after });
  });
});
