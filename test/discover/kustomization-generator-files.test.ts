import { describe, expect, it } from 'vitest';
import { kustomizationGeneratorFiles } from '../../src/discover/kustomization.js';

describe('kustomizationGeneratorFiles', () => {
  it('lists the files and env files of both generators, and none for a kustomization without one', () => {
    const text = [
      'resources: [daemonset.yaml]',
      'configMapGenerator:',
      '  - name: fb',
      '    files: [fluent-bit.cfg, parsers=custom.parsers]',
      'secretGenerator:',
      '  - name: s',
      '    envs: [fb.env]',
      '',
    ].join('\n');
    expect(kustomizationGeneratorFiles(text).sort()).toEqual(['custom.parsers', 'fb.env', 'fluent-bit.cfg']);
    expect(kustomizationGeneratorFiles('resources: [daemonset.yaml]\nimages: [{name: fluent-bit, newTag: 2.2.0}]\n')).toEqual([]);
  });

  it('still reads a generator key spelled with escapes in a double-quoted key (the text test lets a backslash through)', () => {
    expect(kustomizationGeneratorFiles('"configMap\\x47enerator":\n  - name: fb\n    files: [fluent-bit.cfg]\n')).toEqual(['fluent-bit.cfg']);
  });
});
