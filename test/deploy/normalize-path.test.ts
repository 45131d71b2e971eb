import { describe, expect, it } from 'vitest';
import { normalizeParts as reference, normalizePath } from '../../src/deploy/paths.js';

describe('normalizePath: the fast path for normal paths answers as the full one', () => {
  it('on every path of up to 5 parts made of a, ., .., an empty part and a backslash', () => {
    const parts = ['a', '.', '..', '', 'b\\c', '.a', 'a.', '..a'];
    let n = 0;
    const walk = (prefix: string, depth: number): void => {
      for (const lead of depth === 0 ? ['', '/', '\\'] : ['']) {
        for (const p of parts) {
          const path = depth === 0 ? `${lead}${p}` : `${prefix}/${p}`;
          expect(normalizePath(path), JSON.stringify(path)).toBe(reference(path));
          n++;
          if (depth < 4) walk(path, depth + 1);
        }
      }
    };
    walk('', 0);
    for (const path of ['/', '', '//', '/a/', 'a/', '/var/log/containers', 'x/y', '/var/log/pods/*/*/*.log']) expect(normalizePath(path)).toBe(reference(path));
    expect(n).toBeGreaterThan(1000);
  });
});
