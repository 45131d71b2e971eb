import { describe, expect, it } from 'vitest';
import { parseAllDocuments, visit, type Document } from 'yaml';
import { dropSourceTokens } from '../../src/yaml/drop-source-tokens.js';

describe('dropSourceTokens', () => {
  const text = 'a: &x 1\nb: [ "q", *x ]\nc:\n  - |\n    lit\n---\nd: {e: f}\n';

  it('forgets every CST token and keeps ranges and values', () => {
    const docs = parseAllDocuments(text, { keepSourceTokens: true }) as Document.Parsed[];
    const before: unknown[] = [];
    const ranges: unknown[] = [];
    for (const d of docs) visit(d, (_k, n) => void (before.push((n as { srcToken?: unknown }).srcToken), ranges.push((n as { range?: unknown }).range)));
    expect(before.some((t) => t !== undefined)).toBe(true);
    dropSourceTokens(docs);
    const after: unknown[] = [];
    const rangesAfter: unknown[] = [];
    for (const d of docs) visit(d, (_k, n) => void (after.push((n as { srcToken?: unknown }).srcToken), rangesAfter.push((n as { range?: unknown }).range)));
    expect(after.every((t) => t === undefined)).toBe(true);
    expect(rangesAfter).toEqual(ranges);
    expect(docs.map((d) => d.toJS())).toEqual([{ a: 1, b: ['q', 1], c: ['lit\n'] }, { d: { e: 'f' } }]);
  });

  it('keeps its hands off a document nested deeper than it can walk', () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    let docs: ReturnType<typeof parseAllDocuments> | undefined;
    try {
      docs = parseAllDocuments(deep, { keepSourceTokens: true });
    } catch {
      return; // yaml itself cannot compose it here: nothing to drop
    }
    expect(() => dropSourceTokens((Array.isArray(docs) ? docs : []) as Document.Parsed[])).not.toThrow();
  });
});
