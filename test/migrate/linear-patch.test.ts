import { describe, expect, it } from 'vitest';
import { convertConfig } from '../../src/convert/convert-config.js';
import { fallbackDiff } from '../../src/migrate/region-diff.js';
import { removalDiff, renameDiff, unifiedDiff } from '../../src/migrate/unified-diff.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';
import { rng as seeded } from '../helpers/rng.js';

/*
 * unified-diff.ts writes the linear fallback itself (linearPatch: a few block strings instead of a string per line;
 * memory of a big --to-yaml rename diff, issue #14, NOTES.md "`--to-yaml` classic within the RSS goal") and
 * relabels only the header lines of a patch. The diffs must be the ones the line-by-line writer gave
 * (region-diff.ts fallbackDiff, relabelled over the whole patch as before): checked on random texts of every
 * shape (common lines at either end or none, CRLF, no final newline, empty sides, repeated lines), odd file names,
 * and every classic file of the corpus and the fixtures against its YAML conversion.
 */

const strip = (path: string): string => path.replace(/^\.?\//, '');

/** unifiedDiff as it was, with the fallback forced. */
function plainUnified(path: string, before: string, after: string): string {
  if (before === after) return '';
  const clean = strip(path);
  const patch = fallbackDiff(`a/${clean}`, `b/${clean}`, before, after);
  return clean.includes(' ') && !patch.startsWith('--- "') ? patch.replace(/^(--- [^\n]*)\n(\+\+\+ [^\n]*)\n/, '$1\t\n$2\t\n') : patch;
}

function plainRename(from: string, to: string, before: string, after: string): string {
  const body = plainUnified(from, before, after);
  const a = strip(from);
  const b = strip(to);
  const header = `diff --git a/${a} b/${b}\nrename from ${a}\nrename to ${b}\n`;
  if (body === '') return header;
  return header + body.replace(/^(--- [^\n]*\n)\+\+\+ b\/[^\n\t]*(\t?)\n/, `$1+++ b/${b}$2\n`);
}

function plainRemoval(path: string, before: string): string {
  const a = strip(path);
  return `diff --git a/${a} b/${a}\ndeleted file mode 100644\n${fallbackDiff(`a/${a}`, '/dev/null', before, '')}`;
}

const names = ['f.conf', './conf/fluent-bit.conf', 'my dir/x.conf', 'tab\there.conf', 'café.conf', 'q"uote.conf'];

function check(before: string, after: string, label: string): void {
  for (const name of names) {
    // A bound of 0: every differing pair goes to the linear fallback (without edits, jsdiff cannot finish).
    expect(unifiedDiff(name, before, after, undefined, 0), `${label} ${name}`).toBe(plainUnified(name, before, after));
    expect(renameDiff(name, `${name}.yaml`, before, after, 0), `${label} rename ${name}`).toBe(plainRename(name, `${name}.yaml`, before, after));
  }
  expect(removalDiff('conf/x.conf', before), `${label} removal`).toBe(plainRemoval('conf/x.conf', before));
}

describe('the linear fallback written in blocks', () => {
  it('random texts of every shape', () => {
    const rng = seeded(1414);
    const pool = ['a', 'b', 'c', 'd', '', ' ', '[INPUT]', '    Name tail', 'x\r', '@@ -1 +1 @@', '--- a/f', '+++ b/f', '\\ No newline at end of file'];
    const text = (n: number): string => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(pool[Math.floor(rng() * pool.length)] as string);
      const joined = out.join(rng() < 0.2 ? '\r\n' : '\n');
      return rng() < 0.5 ? `${joined}\n` : joined;
    };
    let n = 0;
    for (let i = 0; i < 1500; i++) {
      const before = text(Math.floor(rng() * 14));
      // The after side shares a head, a tail, both or neither with the before side.
      const shape = Math.floor(rng() * 4);
      const head = shape === 1 || shape === 3 ? before.slice(0, Math.floor(rng() * before.length)) : '';
      const tail = shape >= 2 ? before.slice(Math.floor(rng() * before.length)) : '';
      const after = head + text(Math.floor(rng() * 10)) + tail;
      if (before === after) continue;
      check(before, after, `#${i}`);
      n++;
    }
    expect(n).toBeGreaterThan(1000);
    check('', 'a\n', 'empty before');
    check('a\n', '', 'empty after');
    check('a', 'a\n', 'final newline added');
    check('a\nb\nc\nd\ne\nf\ng\n', 'a\nb\nc\nd\nX\nf\ng\n', 'one line in the middle');
    expect(removalDiff('x', '')).toBe(plainRemoval('x', ''));
  });

  it('every classic file of the corpus and the fixtures against its YAML', () => {
    const files = [...walkCorpus((rel) => /\.conf$/i.test(rel)), ...walkFiles('fixtures', (rel) => /\.conf$/i.test(rel))];
    expect(files.length).toBeGreaterThan(100);
    let n = 0;
    for (const f of files) {
      const yaml = convertConfig(f.text).yaml ?? `${f.text}# changed\n`;
      check(f.text, yaml, f.rel);
      n++;
    }
    expect(n).toBe(files.length);
  });
});
