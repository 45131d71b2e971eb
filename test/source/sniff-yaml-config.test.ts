import { describe, expect, it } from 'vitest';
import { sniffYamlConfig } from '../../src/source/sniff-format.js';

describe('sniffYamlConfig: a text is parsed only when it can name a Fluent Bit YAML section', () => {
  it('answers undefined, without a parse, for a classic text that names no section word', () => {
    expect(sniffYamlConfig('[FILTER]\n    Name grep\n    Regex log ^x\n')).toBeUndefined();
    expect(sniffYamlConfig('a: 1\nb: 2\n')).toBeUndefined();
  });

  it('still reads the YAML configs and the broken ones, whatever the case of their keys', () => {
    expect(sniffYamlConfig('pipeline:\n  inputs:\n    - name: tail\n')).toBe('valid');
    expect(sniffYamlConfig('SERVICE:\n  flush: 1\n')).toBe('valid');
    expect(sniffYamlConfig('env:\n  X: 1\n')).toBe('valid');
    expect(sniffYamlConfig('multiline_parsers:\n  - name: m\n')).toBe('valid');
    expect(sniffYamlConfig('includes:\n  - a.yaml\n')).toBe('valid');
    expect(sniffYamlConfig('pipeline:\n  inputs: [\n')).toBe('broken');
  });

  it('parses a text with a backslash: a double-quoted key may spell a section with escapes', () => {
    expect(sniffYamlConfig('"\\x65nv":\n  X: 1\n')).toBe('valid');
    expect(sniffYamlConfig('"p\\u0069peline":\n  inputs: []\n')).toBe('valid');
  });
});
