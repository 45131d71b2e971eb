import { describe, expect, it } from 'vitest';
import { looksLikeClassicConfig, renameResult } from '../../src/cli/stdin.js';

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

  it('renames diff headers, findings and diagnostics back to <stdin>', () => {
    const r = renameResult(
      {
        path: '<stdin>.yaml', before: '', output: '', changed: true, edits: [], hasErrors: false,
        findings: [{ ruleId: 'tail-parser', messageId: 'm', data: {}, severity: 'info', message: 'm', path: '<stdin>.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 }],
        diagnostics: [{ code: 'BOM', severity: 'warning', message: 'm', start: 0, end: 1, path: '<stdin>.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 }],
        diff: '--- a/<stdin>.yaml\n+++ b/<stdin>.yaml\t(header)\n@@ -1 +1 @@\n--- a/<stdin>.yaml\n',
      },
      '<stdin>',
    );
    expect(r.diff).toBe('--- a/<stdin>\n+++ b/<stdin>\t(header)\n@@ -1 +1 @@\n--- a/<stdin>.yaml\n');
    expect([r.path, r.findings[0]?.path, r.diagnostics[0]?.path]).toEqual(['<stdin>', '<stdin>', '<stdin>']);
  });
});
