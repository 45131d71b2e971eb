import { describe, expect, it } from 'vitest';
import { compileGlob, GlobError, isGlob, matchesPath, MAX_STARS_PER_SEGMENT } from '../../src/cli/glob.js';

describe('compileGlob (picomatch, one segment at a time)', () => {
  it('splits the literal base from the pattern', () => {
    expect(compileGlob('manifests/**/*.yaml')).toMatchObject({ base: 'manifests', namesExtension: true });
    expect(compileGlob('*.yaml').base).toBe('.');
    expect(compileGlob('/abs/dir/?.conf').base).toBe('/abs/dir');
    expect(compileGlob('./m/*.yaml').base).toBe('m');
    expect(compileGlob('a\\*b/*.yaml').base).toBe('a*b');
    expect(compileGlob('clusters/*/logging')).toMatchObject({ base: 'clusters', namesExtension: false });
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
    // braces, ranges, classes
    ['*.{yaml,yml}', 'a.yml', true],
    ['*.{yaml,yml}', 'a.json', false],
    ['{dev,prod}/*.yaml', 'prod/a.yaml', true],
    ['{dev,prod}/*.yaml', 'qa/a.yaml', false],
    ['node-{1..3}.conf', 'node-2.conf', true],
    ['node-{1..3}.conf', 'node-4.conf', false],
    ['[ab]*.yaml', 'b1.yaml', true],
    ['[ab]*.yaml', 'c1.yaml', false],
    ['[!ab]*.yaml', 'c1.yaml', true],
    ['[!ab]*.yaml', 'a1.yaml', false],
    ['[^ab]*.yaml', 'c1.yaml', true],
    ['[[:digit:]]*.conf', '1.conf', true],
    // directories
    ['clusters/*/logging', 'clusters/eu/logging', true],
    ['clusters/*/logging', 'clusters/eu/x/logging', false],
    // dotfiles: not matched by wildcards (as in a shell), only when written
    ['*.yaml', '.hidden.yaml', false],
    ['.*.yaml', '.hidden.yaml', true],
    ['**/a.yaml', '.github/a.yaml', false],
    // escapes
    ['a\\*b.yaml', 'a*b.yaml', true],
    ['a\\*b.yaml', 'axb.yaml', false],
  ])('%s matches %s: %s', (pattern, relative, expected) => {
    expect(matchesPath(compileGlob(pattern, { splitBase: false }), relative)).toBe(expected);
  });

  it('recognises glob syntax', () => {
    expect(isGlob('a/*.yaml')).toBe(true);
    expect(isGlob('a/{b,c}.yaml')).toBe(true);
    expect(isGlob('a/[bc].yaml')).toBe(true);
    expect(isGlob('a/b.yaml')).toBe(false);
    expect(isGlob('a/b\\*.yaml')).toBe(false);
  });

  it('refuses a brace spanning a / and a segment with too many stars (GlobError)', () => {
    expect(() => compileGlob('{a/b,c}/x.yaml')).toThrow(GlobError);
    expect(() => compileGlob(`d/${'*a'.repeat(MAX_STARS_PER_SEGMENT + 1)}`)).toThrow(/more than 3 '\*' in one path segment/);
    expect(() => compileGlob(`d/${'*a'.repeat(MAX_STARS_PER_SEGMENT)}`)).not.toThrow();
    // a run of stars is one star
    expect(() => compileGlob('d/a****b')).not.toThrow();
  });

  it('stays linear on the inputs that make whole-path regexes backtrack (a slow matcher times this test out)', () => {
    // picomatch's whole-path regex for this pattern takes ~10 s on a 300-level path; segment by segment it is instant.
    const deep = compileGlob('**/*a*/**/*a*/**/*a*/**/b');
    expect(matchesPath(deep, `${'aa/'.repeat(300)}a`)).toBe(false);
    // three stars against a 255-character name (NAME_MAX), many times: a few million steps each, bounded
    const stars = compileGlob(`*a*a*b`);
    for (let i = 0; i < 20; i++) expect(matchesPath(stars, 'a'.repeat(255))).toBe(false);
  });
});
