import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { convertConfig } from '../../src/convert/convert-config.js';
import { convertSetup } from '../../src/convert/convert-setup.js';
import { loadSeedCorpus } from '../fuzz/corpus.mjs';
import { makeCase } from '../fuzz/mutate.mjs';
import { looksClassic } from '../helpers/corpus.js';

/*
 * Seeded mutations of the fuzz seed corpus (byte flips, deleted and doubled
 * lines, indentation and line-ending changes, NULs, BOMs...): the converter
 * never throws, and every answer is either YAML that parses or a refusal
 * with an error finding at a position. Never "not equivalent": that would be
 * the writer and the readers disagreeing.
 */
const SEED = 15;
const CASES = 1500;

describe('convert fuzz', () => {
  // classic texts only (YAML manifests would just be refused as invalid classic)
  const corpus = loadSeedCorpus().filter((f) => looksClassic(f.text) && !/\.(ya?ml|json)$/i.test(f.path));

  it(`${CASES} mutated inputs: YAML that parses, or a clear refusal`, () => {
    const bad: string[] = [];
    let converted = 0;
    for (let i = 0; i < CASES; i++) {
      const c = makeCase(corpus, SEED, i, { small: true });
      for (const f of c.files) {
        let single;
        try {
          single = convertConfig(f.text, { path: 'fluent-bit.conf' });
        } catch (e) {
          bad.push(`case ${i} ${f.path}: threw ${String(e)}`);
          continue;
        }
        if (single.yaml !== null) {
          converted++;
          const errs = parseAllDocuments(single.yaml, { uniqueKeys: false }).flatMap((d) => d.errors);
          if (errs.length > 0) bad.push(`case ${i} ${f.path}: output does not parse: ${errs[0]?.message ?? ''}`);
        } else if (!single.findings.some((x) => x.severity === 'error' && x.line >= 1)) {
          bad.push(`case ${i} ${f.path}: refused without an error finding`);
        }
        if (single.findings.some((x) => x.ruleId === 'to-yaml-not-equivalent')) {
          bad.push(`case ${i} ${f.path}: ${single.findings.find((x) => x.ruleId === 'to-yaml-not-equivalent')?.message ?? ''}`);
        }
      }
      const files = Object.fromEntries(c.files.map((f, k) => [k === 0 ? 'fluent-bit.conf' : `f${k}.conf`, f.text]));
      try {
        const r = convertSetup({ files, main: 'fluent-bit.conf' });
        if (r.findings.some((x) => x.ruleId === 'to-yaml-not-equivalent')) bad.push(`case ${i} setup: not equivalent`);
      } catch (e) {
        bad.push(`case ${i} setup: threw ${String(e)}`);
      }
    }
    console.log(`convert fuzz: ${CASES} cases, ${converted} texts converted`);
    expect(bad).toEqual([]);
  });
});
