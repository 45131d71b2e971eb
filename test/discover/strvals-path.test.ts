import { describe, expect, it } from 'vitest';
import { strvalsPath } from '../../src/discover/discover-file.js';

/* A Flux valuesFrom `targetPath` as Helm's strvals reads the key of `<path>=<value>` (helm pkg/strvals/parser.go). */
describe('strvalsPath', () => {
  it('names split at dots; a backslash takes the next character as it is', () => {
    expect(strvalsPath('fluent-bit.enabled')).toEqual(['fluent-bit', 'enabled']);
    expect(strvalsPath('a\\.b.c')).toEqual(['a.b', 'c']);
    expect(strvalsPath('a\\\\b')).toEqual(['a\\b']);
    expect(strvalsPath('a\\[0]')).toEqual(['a[0]']);
  });

  it('list indexes, nested too, and names after them', () => {
    expect(strvalsPath('a.b[0].c')).toEqual(['a', 'b', 0, 'c']);
    expect(strvalsPath('a[1][2]')).toEqual(['a', 1, 2]);
    expect(strvalsPath('a[+3]')).toEqual(['a', 3]);
  });

  it('what strvals refuses, or reads as more than one value: undefined', () => {
    for (const bad of ['a[x]', 'a[-1]', 'a[65537]', 'a[0]b', 'a..b', '.a', 'a.', 'a,b', 'a=b', '[0]', 'a\\', 'a[0', '']) expect(strvalsPath(bad), bad).toBeUndefined();
    expect(strvalsPath(Array.from({ length: 32 }, (_, i) => `k${i}`).join('.'))).toBeUndefined();
    expect(strvalsPath(Array.from({ length: 31 }, (_, i) => `k${i}`).join('.'))).toHaveLength(31);
  });
});
