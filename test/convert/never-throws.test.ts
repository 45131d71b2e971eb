import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { convertSetup } from '../../src/convert/convert-setup.js';
import { readSetup, readSetupFiles } from '../../src/convert/read-setup.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';

/*
 * readSetup, readSetupFiles and convertSetup never throw (their contract: problems are errors or findings): every
 * file of fixtures/ and of the corpus, read as the main file under a YAML and under a classic name. The fuzz
 * fixtures hold YAML nested deeper than yaml's recursive parser reaches (a RangeError it throws).
 */

const files = [...walkFiles(resolve(process.cwd(), 'fixtures')), ...walkCorpus()].filter((f) => !f.rel.endsWith('.md') && f.text.length < 2_000_000);

describe('the setup readers never throw', () => {
  it('walks fixtures/ and the corpus', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files.some((f) => f.rel.startsWith('fuzz/'))).toBe(true);
  });

  for (const main of ['fluent-bit.yaml', 'fluent-bit.conf']) {
    it(`reads each file as ${main}`, () => {
      const thrown: string[] = [];
      for (const f of files) {
        const setup = setupFilesFrom({ [main]: f.text });
        for (const [what, run] of [
          ['readSetup', () => readSetup(main, { files: setup })],
          ['readSetupFiles', () => readSetupFiles(main, { files: setup })],
          ['convertSetup', () => convertSetup({ files: { [main]: f.text }, main })],
        ] as const) {
          try {
            run();
          } catch (error) {
            thrown.push(`${f.rel} ${what}: ${(error as Error).message}`);
          }
        }
      }
      expect(thrown).toEqual([]);
    });
  }

  it('a YAML config nested too deeply is an error of its file, with the reason', () => {
    // The fuzz fixtures that threw (yaml's parser recursed past the stack): flow collections nested thousands deep.
    const deep = files.filter((f) => f.rel.startsWith('fuzz/') && /(\[\s*){2000}|(\{\s*){2000}/.test(f.text));
    expect(deep.length).toBeGreaterThan(0);
    for (const f of deep) {
      const r = readSetup('fluent-bit.yaml', { files: setupFilesFrom({ 'fluent-bit.yaml': f.text }) });
      expect(r.errors.length, f.rel).toBe(1);
      expect(r.errors[0]?.message, f.rel).toMatch(/nested too deeply|Maximum call stack/);
    }
  });
});
