import { describe, expect, it } from 'vitest';
import { looksLikeClassicConfig, renameResult, stdinLibraryPath } from '../../src/cli/stdin.js';

describe('stdin helpers', () => {
  it.each([
    ['[SERVICE]\n    Flush 1\n', true],
    ['# comment\n\n  [INPUT]\n', true],
    ['@INCLUDE inputs.conf\n', true],
    ['\uFEFF[OUTPUT]\n', true],
    ['apiVersion: v1\nkind: ConfigMap\n', false],
    ['---\n[a, b]\n', false],
    ['', false],
  ])('looksLikeClassicConfig(%j) is %s', (text, expected) => {
    expect(looksLikeClassicConfig(text)).toBe(expected);
  });

  it('renames the result, findings and diagnostics back to <stdin> (diff headers are relabelled by the reporter)', () => {
    const r = renameResult(
      {
        path: '<stdin>.yaml', before: '', output: '', changed: true, edits: [], hasErrors: false,
        findings: [{ ruleId: 'tail-parser', messageId: 'm', data: {}, severity: 'info', message: 'm', path: '<stdin>.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 }],
        diagnostics: [{ code: 'BOM', severity: 'warning', message: 'm', start: 0, end: 1, path: '<stdin>.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 }],
        diff: '--- a/<stdin>.yaml\n+++ b/<stdin>.yaml\t(header)\n@@ -1 +1 @@\n--- a/<stdin>.yaml\n',
      },
      '<stdin>',
    );
    expect(r.diff).toBe('--- a/<stdin>.yaml\n+++ b/<stdin>.yaml\t(header)\n@@ -1 +1 @@\n--- a/<stdin>.yaml\n');
    expect([r.path, r.findings[0]?.path, r.diagnostics[0]?.path]).toEqual(['<stdin>', '<stdin>', '<stdin>']);
  });

  it.each([
    ['[INPUT]\n', undefined, '<stdin>.conf'],
    ['kind: ConfigMap\n', undefined, '<stdin>.yaml'],
    ['kind: ConfigMap\n', 'k8s/cm.yml', 'k8s/cm.yml'],
    ['[INPUT]\n', 'etc/fluent-bit.CONF', 'etc/fluent-bit.CONF'],
    ['[INPUT]\n', 'values', 'values.conf'],
  ])('stdinLibraryPath(%j, %j) is %j', (text, name, expected) => {
    expect(stdinLibraryPath(text, name)).toBe(expected);
  });
});
