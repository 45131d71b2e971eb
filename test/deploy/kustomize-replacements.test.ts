import { describe, expect, it } from 'vitest';
import { fieldPathSegments, replacedValue } from '../../src/deploy/kustomize-replacements.js';

describe('kustomize replacements', () => {
  it('splits a field path at dots outside [...] selectors, \\. a dot of the key (kyaml SmarterPathSplitter)', () => {
    expect(fieldPathSegments('spec.template.spec.containers.[name=fluent-bit].image')).toEqual(['spec', 'template', 'spec', 'containers', '[name=fluent-bit]', 'image']);
    expect(fieldPathSegments('data.fluent-bit\\.conf')).toEqual(['data', 'fluent-bit.conf']);
    expect(fieldPathSegments('spec.template.spec.nodeSelector.[a.b=c]')).toEqual(['spec', 'template', 'spec', 'nodeSelector', '[a.b=c]']);
  });

  it('replaces the whole target value, or one delimited part: a negative index prepends, one past the end appends (setTargetValue)', () => {
    expect(replacedValue('fluent/fluent-bit:2.2.2', { value: 'x' })).toBe('x');
    expect(replacedValue('fluent/fluent-bit:2.2.2', { value: '1.7.9', delimiter: ':', index: 1 })).toBe('fluent/fluent-bit:1.7.9');
    expect(replacedValue('a-b', { value: 'z', delimiter: '-', index: -1 })).toBe('z-a-b');
    expect(replacedValue('a-b', { value: 'z', delimiter: '-', index: 5 })).toBe('a-b-z');
  });
});
