import { describe, expect, it } from 'vitest';
import { valuesFileIndices } from '../../src/migrate/values-file-links.js';

/* helmfile `values:` glob patterns (filepath.Glob, expanded by helmfile's ExpandPaths) against a batch's paths. */
const PATHS = ['deploy/values/env-a.yaml', 'deploy/values/env-b.yaml', 'deploy/values/env-ab.yaml', 'deploy/values/sub/env-c.yaml', 'deploy/helmfile.yaml', 'deploy/values/Env-x.yaml'];
const glob = (path: string): string[] => valuesFileIndices({ base: 'deploy/helmfile.yaml', baseIsFile: true, path, anywhere: false, precedence: 0, glob: true }, PATHS).map((i) => PATHS[i] as string);

describe('values file globs', () => {
  it('* and ? stay within a segment; matches come in path order', () => {
    expect(glob('values/env-*.yaml')).toEqual(['deploy/values/env-a.yaml', 'deploy/values/env-ab.yaml', 'deploy/values/env-b.yaml']);
    expect(glob('values/env-?.yaml')).toEqual(['deploy/values/env-a.yaml', 'deploy/values/env-b.yaml']);
    expect(glob('values/*/env-*.yaml')).toEqual(['deploy/values/sub/env-c.yaml']);
    expect(glob('*.yaml')).toEqual(['deploy/helmfile.yaml']);
  });
  it('classes, ranges and negation; a pattern matching nothing gives nothing', () => {
    expect(glob('values/env-[ab].yaml')).toEqual(['deploy/values/env-a.yaml', 'deploy/values/env-b.yaml']);
    expect(glob('values/env-[!a].yaml')).toEqual(['deploy/values/env-b.yaml']);
    expect(glob('values/[A-Z]nv-*.yaml')).toEqual(['deploy/values/Env-x.yaml']);
    expect(glob('values/none-*.yaml')).toEqual([]);
    expect(glob('values/**********************************x')).toEqual([]);
  });
});
