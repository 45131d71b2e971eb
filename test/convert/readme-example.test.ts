import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertConfig } from '../../src/convert/convert-config.js';

/** The README's classic -> YAML example is the converter's real output. */
describe('README classic -> YAML example', () => {
  it('shows what convertConfig returns', () => {
    const readme = readFileSync('README.md', 'utf8');
    const at = readme.indexOf('<!-- readme-example: to-yaml -->');
    expect(at).toBeGreaterThanOrEqual(0);
    const blocks = [...readme.slice(at).matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const [input, output] = blocks;
    const result = convertConfig(input ?? '', { fluentBitVersion: '3.2.0' });
    expect(result.findings.filter((f) => f.severity !== 'change')).toEqual([]);
    expect(result.yaml).toBe(output);
  });
});
