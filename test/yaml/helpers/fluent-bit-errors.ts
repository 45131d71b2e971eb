import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { LineIndex } from '../../../src/source/line-index.js';
import { fluentBitYamlErrors } from '../../../src/yaml/validate-yaml.js';

/**
 * `line:col message-start` (1-based, the message up to its first ':') of each
 * fluentBitYamlErrors error for `text`, which must parse as YAML; each one is a
 * `YAML_SYNTAX` error with a span.
 */
export function fluentBitErrorsOf(text: string): string[] {
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  expect(docs.flatMap((d) => d.errors)).toEqual([]);
  const lines = new LineIndex(text);
  return fluentBitYamlErrors(text, docs).map((d) => {
    const p = lines.position(d.start);
    expect(d.code).toBe('YAML_SYNTAX');
    expect(d.severity).toBe('error');
    expect(d.end).toBeGreaterThanOrEqual(d.start);
    return `${p.line}:${p.column} ${d.message.slice(0, d.message.indexOf(':'))}`;
  });
}
