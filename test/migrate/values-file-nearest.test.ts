import { describe, expect, it } from 'vitest';
import type { ValuesFileRef } from '../../src/discover/discovery-types.js';
import { MAX_AMBIGUOUS, valuesFileAmbiguity, valuesFileIndex } from '../../src/migrate/values-file-links.js';

/* An `anywhere` values file (Argo CD `$values/...`) several batch paths end with: the nearest ancestor of the release's file holding it decides. */
const ref: ValuesFileRef = { base: '', path: 'envs/prod/fb.yaml', anywhere: true, precedence: -1 };
const paths = ['a/envs/prod/fb.yaml', 'a/b/envs/prod/fb.yaml', 'c/envs/prod/fb.yaml', 'x/envs/prod/fb.yaml.bak'];

describe('values files under the nearest repository', () => {
  it('the nearest ancestor holding the path wins, its own directory first', () => {
    expect(valuesFileIndex(ref, paths, undefined, 'a/app.yaml')).toBe(0);
    expect(valuesFileIndex(ref, paths, undefined, 'a/b/app.yaml')).toBe(1);
    expect(valuesFileIndex(ref, paths, undefined, 'a/b/deep/er/app.yaml')).toBe(1);
    expect(valuesFileIndex(ref, paths, undefined, 'c/apps/app.yaml')).toBe(2);
  });

  it('absolute paths climb to /; a path at the root itself', () => {
    const abs = paths.map((p) => `/r/${p}`);
    expect(valuesFileIndex(ref, abs, undefined, '/r/c/x/app.yaml')).toBe(2);
    expect(valuesFileIndex(ref, ['envs/prod/fb.yaml', 'a/envs/prod/fb.yaml'], undefined, 'apps/app.yaml')).toBe(0);
  });

  it('several and no ancestor holding it: none, and the ambiguity names them; one alone links wherever it is', () => {
    expect(valuesFileIndex(ref, paths, undefined, 'd/app.yaml')).toBeUndefined();
    expect(valuesFileIndex(ref, paths)).toBeUndefined();
    expect(valuesFileAmbiguity(ref, paths, 'd/app.yaml')).toEqual([0, 1, 2]);
    expect(valuesFileAmbiguity(ref, paths, 'a/app.yaml')).toEqual([]);
    expect(valuesFileIndex(ref, ['c/envs/prod/fb.yaml'], undefined, 'd/app.yaml')).toBe(0);
    expect(valuesFileAmbiguity(ref, ['c/envs/prod/fb.yaml'], 'd/app.yaml')).toEqual([]);
  });

  it('a path relative to the release file (not anywhere) is never ambiguous', () => {
    const own: ValuesFileRef = { base: 'a/helmfile.yaml', baseIsFile: true, path: 'envs/prod/fb.yaml', anywhere: false, precedence: 0 };
    expect(valuesFileIndex(own, paths, undefined, 'a/helmfile.yaml')).toBe(0);
    expect(valuesFileAmbiguity(own, paths, 'd/app.yaml')).toEqual([]);
  });

  it('more candidates than MAX_AMBIGUOUS: not said (a common name in a tree of charts)', () => {
    const many = Array.from({ length: MAX_AMBIGUOUS + 1 }, (_, i) => `c${i}/envs/prod/fb.yaml`);
    expect(valuesFileAmbiguity(ref, many, 'd/app.yaml')).toEqual([]);
    expect(valuesFileAmbiguity(ref, many.slice(1), 'd/app.yaml')).toHaveLength(MAX_AMBIGUOUS);
    expect(valuesFileIndex(ref, many, undefined, 'c3/apps/app.yaml')).toBe(3);
  });

  it('the ref source\'s repository names the checkout directory: it wins over the nearest; else the nearest decides', () => {
    const config: ValuesFileRef = { ...ref, repository: 'c' };
    expect(valuesFileIndex(config, paths, undefined, 'a/app.yaml')).toBe(2);
    expect(valuesFileAmbiguity(config, paths, 'd/app.yaml')).toEqual([]);
    // No directory named so (or two): the nearest ancestor, as before.
    expect(valuesFileIndex({ ...ref, repository: 'elsewhere' }, paths, undefined, 'a/app.yaml')).toBe(0);
    expect(valuesFileIndex({ ...ref, repository: 'c' }, [...paths, 'z/c/envs/prod/fb.yaml'], undefined, 'a/app.yaml')).toBe(0);
  });
});
