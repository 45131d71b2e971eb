import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { yamlErrors } from '../../src/yaml/validate-yaml.js';

describe('yamlErrors', () => {
  it('says identical errors at one range once (yaml reports an unclosed flow collection once per open bracket)', () => {
    const text = 'a: [{b: [{c: [{d: 1\nnext: 2\n';
    const docs = parseAllDocuments(text, { prettyErrors: false });
    const raw = docs.flatMap((d) => d.errors.map((e) => `${e.pos[0]}:${e.pos[1]}:${e.message.split('\n')[0]}`));
    const out = yamlErrors(docs).map((e) => `${e.start}:${e.end}:${e.message}`);
    expect(raw.length).toBeGreaterThan(out.length);
    expect(new Set(out).size).toBe(out.length);
    expect(new Set(out)).toEqual(new Set(raw));
  });

  it('keeps the same words at different places', () => {
    const docs = parseAllDocuments('a: [\n---\nb: [\n', { prettyErrors: false });
    const out = yamlErrors(docs);
    expect(out.length).toBe(new Set(docs.flatMap((d) => d.errors.map((e) => `${e.pos[0]}:${e.pos[1]}:${e.message.split('\n')[0]}`))).size);
    expect(out.length).toBeGreaterThanOrEqual(2);
  });
});
