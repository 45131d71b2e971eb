import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/grammar/parse.js';
import { printConfig } from '../../src/grammar/print.js';
import { classicBlocksInYaml, walkCorpus } from '../helpers/corpus.js';
import { loadCases } from './conformance-cases.js';

const isYaml = (rel: string): boolean => /\.(ya?ml|json)$/i.test(rel);

describe('round-trip over ../shared/corpus', () => {
  const files = walkCorpus();
  const classicFiles = files.filter((f) => !isYaml(f.rel) && !f.rel.endsWith('.md'));
  const blocks = files.filter((f) => isYaml(f.rel)).flatMap((f) => classicBlocksInYaml(f.text).map((text, i) => ({ rel: `${f.rel}#${i}`, text })));

  it('finds plain classic files and embedded blocks', () => {
    expect(classicFiles.length).toBeGreaterThan(40);
    expect(blocks.length).toBeGreaterThan(100);
  });

  it.each(classicFiles.map((f) => [f.rel, f.text] as const))('plain file %s prints back byte for byte', (_rel, text) => {
    const { tree, diagnostics } = parseConfig(text);
    expect(printConfig(tree)).toBe(text);
    expect(diagnostics.filter((d) => d.code === 'INTERNAL_ERROR')).toEqual([]);
  });

  it('every embedded config block prints back byte for byte, with zero lexer errors', () => {
    let ok = 0;
    for (const b of blocks) {
      const { tree, diagnostics } = parseConfig(b.text);
      expect(printConfig(tree), b.rel).toBe(b.text);
      expect(diagnostics.filter((d) => d.code === 'INTERNAL_ERROR'), b.rel).toEqual([]);
      ok++;
    }
    expect(ok).toBe(blocks.length);
  });
});

describe('round-trip over every file of ../shared/conformance/cases.jsonl (NUL, bare CR, BOM, long lines)', () => {
  it('prints every file back byte for byte, with no internal errors', () => {
    const cases = loadCases();
    let files = 0;
    for (const c of cases) {
      for (const [name, text] of Object.entries(c.files)) {
        const { tree, diagnostics } = parseConfig(text);
        expect(printConfig(tree), `${c.id} ${name}`).toBe(text);
        expect(diagnostics.filter((d) => d.code === 'INTERNAL_ERROR'), `${c.id} ${name}`).toEqual([]);
        files++;
      }
    }
    expect(files).toBeGreaterThan(cases.length);
  });
});
