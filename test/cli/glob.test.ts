import { describe, expect, it } from 'vitest';
import { compileGlob, isGlob } from '../../src/cli/glob.js';

describe('compileGlob', () => {
  it('splits the literal base from the pattern', () => {
    expect(compileGlob('manifests/**/*.yaml')).toMatchObject({ base: 'manifests', segments: ['**', '*.yaml'], maxDepth: Infinity });
    expect(compileGlob('*.yaml')).toMatchObject({ base: '.', maxDepth: 1 });
    expect(compileGlob('/abs/dir/?.conf')).toMatchObject({ base: '/abs/dir', maxDepth: 1 });
  });

  it.each([
    ['**/*.yaml', 'a.yaml', true],
    ['**/*.yaml', 'x/y/a.yaml', true],
    ['**/*.yaml', 'x/a.yml', false],
    ['*.yaml', 'x/a.yaml', false],
    ['*/values.yaml', 'chart/values.yaml', true],
    ['?.conf', 'a.conf', true],
    ['?.conf', 'ab.conf', false],
    ['a.b*', 'aXb', false],
    ['**', 'any/thing', true],
    ['*/**/z', 'z', false],
    ['*/**/z', 'x/z', true],
    ['*/**/z', 'x/y/w/z', true],
  ])('%s matches %s: %s', (pattern, relative, expected) => {
    const glob = compileGlob(`base/${pattern}`);
    expect(glob.base).toBe('base');
    expect(glob.matches(relative)).toBe(expected);
  });

  it('recognises magic characters', () => {
    expect(isGlob('a/*.yaml')).toBe(true);
    expect(isGlob('a/b.yaml')).toBe(false);
  });
});
