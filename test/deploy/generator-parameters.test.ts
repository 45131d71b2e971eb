import { describe, expect, it } from 'vitest';
import { fillParameters } from '../../src/discover/releases.js';

/*
 * ApplicationSet list generator parameters filled into a template's image
 * reference (fixtures/sources/argo-cd/applicationset-list-element-versions,
 * applicationset-matrix-gotemplate-parameter run them through migrate()).
 */
describe('fillParameters', () => {
  const params = new Map([['fbTag', '1.7.9'], ['values.tag', '2.1.10'], ['repo', 'fluent/fluent-bit']]);

  it('fills fasttemplate and Go template keys, spaces trimmed', () => {
    expect(fillParameters('fluent/fluent-bit:{{fbTag}}', params)).toBe('fluent/fluent-bit:1.7.9');
    expect(fillParameters('{{ .repo }}:{{.values.tag}}', params)).toBe('fluent/fluent-bit:2.1.10');
    expect(fillParameters('fluent/fluent-bit:2.2.2', params)).toBe('fluent/fluent-bit:2.2.2');
  });

  it('gives up on a key the element lacks, a pipeline or an unclosed action', () => {
    expect(fillParameters('fluent/fluent-bit:{{missing}}', params)).toBeUndefined();
    expect(fillParameters('fluent/fluent-bit:{{ .fbTag | default "3.1" }}', params)).toBeUndefined();
    expect(fillParameters('fluent/fluent-bit:{{fbTag', params)).toBeUndefined();
  });
});
