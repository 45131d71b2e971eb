// Lossless round trips over every corpus file and fixture input: the classic
// parser prints back every byte of any text, unchanged results are
// byte-identical, and a changed file differs from its input exactly by its
// edits.
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/source/apply-edits.js';
import { parseConfig } from '../../src/grammar/parse.js';
import { printConfig } from '../../src/grammar/print.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import { migrate } from '../../src/migrate/migrate.js';
import { RUNTIMES } from '../../src/migrate/types.js';
import { groupByDirectory, loadPropertyInputs } from './inputs.js';

const INPUTS = loadPropertyInputs();

describe('round trip', () => {
  it('walks the corpus and the fixtures', () => {
    expect(INPUTS.filter((f) => f.path.startsWith('corpus/')).length).toBeGreaterThan(100);
    expect(INPUTS.filter((f) => f.path.startsWith('fixtures/')).length).toBeGreaterThan(100);
  });

  it('printConfig(parseConfig(x).tree) === x for every file, and every config embedded in it', () => {
    const bad: string[] = [];
    for (const f of INPUTS) {
      if (printConfig(parseConfig(f.text).tree) !== f.text) bad.push(f.path);
      for (const c of discoverFile(f).configs) {
        if (c.format === 'classic' && printConfig(parseConfig(c.text).tree) !== c.text) bad.push(`${f.path} ${c.name}`);
      }
    }
    expect(bad).toEqual([]);
  });

  for (const runtime of RUNTIMES) {
    it(`${runtime}: an unchanged file is returned byte for byte; a changed one is its input plus its edits`, () => {
      const bad: string[] = [];
      for (const group of groupByDirectory(INPUTS)) {
        for (const [i, r] of migrate(group, { runtime }).files.entries()) {
          const before = group[i]?.text;
          if (r.before !== before) bad.push(`${r.path}: before is not the input`);
          if (!r.changed && r.output !== before) bad.push(`${r.path}: unchanged but output differs`);
          if (!r.changed && (r.edits.length > 0 || r.diff !== '')) bad.push(`${r.path}: unchanged with edits or a diff`);
          if (r.changed && applyEdits(before ?? '', r.edits) !== r.output) bad.push(`${r.path}: output is not input + edits`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
