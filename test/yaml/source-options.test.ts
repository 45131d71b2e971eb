import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, parseAllDocuments, parseDocument, type Scalar } from 'yaml';
import type { Edit } from '../../src/source/edit.js';
import { applyEdits } from '../../src/source/apply-edits.js';
import { SOURCE_TOKEN_READ } from '../../src/yaml/source-options.js';
import { isolatedValue } from '../../src/yaml/verify-scalar.js';
import { walkNodes } from '../../src/yaml/walk-nodes.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';
import { yieldToEventLoop } from '../helpers/yield.js';

/**
 * One options object for every yaml read that keeps CST tokens (src/yaml/source-options.ts; NOTES.md "The
 * documents ratio, again"): reads with options of other shapes made V8 throw away yaml's optimized composer code and
 * our node walks in the middle of a run. Outputs must not depend on it.
 */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The isolated check as it was before it shared discovery's options (`{ prettyErrors: false }`). */
function isolatedValueBefore(outerText: string, scalarStart: number, scope: { end: number; indent: number }, outer: readonly Edit[]): unknown {
  if (scope.indent < 0 || /^%/m.test(outerText)) return undefined;
  if (!outer.every((e) => e.start >= scalarStart && e.end <= scope.end)) return undefined;
  const source = applyEdits(outerText.slice(scalarStart, scope.end), outer.map((e) => ({ ...e, start: e.start - scalarStart, end: e.end - scalarStart })));
  const doc = parseDocument(`${' '.repeat(scope.indent)}k: ${source}`, { prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents) || doc.contents.items.length !== 1) return undefined;
  const pair = doc.contents.items[0];
  return isPair(pair) && isScalar(pair.value) ? pair.value.value : undefined;
}

/** The value, or the error's name (yaml's parser overflows the stack on a fixture's deep flow nesting). */
function settle(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return { threw: (e as Error).name };
  }
}

describe('one options object for yaml reads that keep CST tokens', () => {
  it('no other module spells its own options for a read that keeps CST tokens', () => {
    const offenders = sourceFiles('src').filter((f) => !f.endsWith(join('yaml', 'source-options.ts'))).filter((f) =>
      readFileSync(f, 'utf8').split('\n').some((line) => /keepSourceTokens\s*:\s*true/.test(line) && !/^\s*(\*|\/\/)/.test(line)),
    );
    expect(offenders).toEqual([]);
  });

  it('the isolated check of an edited scalar reads the same value with them (corpus, fixtures, edits)', async () => {
    const isYaml = (rel: string): boolean => /\.ya?ml$/i.test(rel);
    const files = [...walkCorpus(isYaml), ...walkFiles(resolve(process.cwd(), 'fixtures'), isYaml)];
    let compared = 0;
    let read = 0;
    for (const [n, file] of files.entries()) {
      if (n % 20 === 0) await yieldToEventLoop();
      const text = file.text;
      if (/^%/m.test(text)) continue;
      const docs = settle(() => parseAllDocuments(text, SOURCE_TOKEN_READ));
      if (!Array.isArray(docs)) continue;
      let scalars = 0;
      for (const doc of docs) {
        if (doc.errors.length > 0) continue;
        walkNodes(doc, (node) => {
          // The first scalars of each file: the shapes repeat, and a few thousand cases take seconds.
          if (!isScalar(node) || scalars >= 6) return;
          const scalar = node as Scalar & { srcToken?: { indent?: number } };
          const tok = scalar.srcToken;
          if (!scalar.range || typeof tok?.indent !== 'number' || typeof scalar.value !== 'string') return;
          const [start, end] = scalar.range;
          scalars++;
          const scope = { end, indent: tok.indent };
          const mid = start + Math.floor((end - start) / 2);
          // No edit; text inserted in the middle (a quote, a colon, a line break: some break the scalar); the last character replaced.
          const cases: Edit[][] = [[], [{ start: mid, end: mid, text: 'x', origin: 'test' }], [{ start: mid, end: mid, text: '"', origin: 'test' }], [{ start: mid, end: mid, text: ': y', origin: 'test' }], [{ start: mid, end: mid, text: '\nz: 1\n', origin: 'test' }], [{ start: Math.max(start, end - 1), end, text: '#', origin: 'test' }]];
          for (const edits of cases) {
            const now = settle(() => isolatedValue(text, start, scope, edits));
            expect(now, `${file.rel} @${start} ${JSON.stringify(edits)}`).toEqual(settle(() => isolatedValueBefore(text, start, scope, edits)));
            compared++;
            if (typeof now === 'string') read++;
          }
        });
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(read).toBeGreaterThan(500);
  });
});
