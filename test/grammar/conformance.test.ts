import { describe, expect, it } from 'vitest';
import { loadCases, runCase, type ConformanceCase } from './conformance-cases.js';

/*
 * ../shared/conformance/cases.jsonl: small classic configs with the verdict
 * of the real Fluent Bit v5.1.1 reader. For every `accept` and `syntax`
 * case we must give the same verdict, and where Fluent Bit names a file and
 * a line, one of our errors must be on that line (counted the way Fluent Bit
 * counts, see Line.readerLine). Class `other` cases (the text was read, a
 * later stage refused it) are left out of the count. The set is walked, not
 * listed: new cases are picked up as they come.
 */

/**
 * Deliberate exceptions to the line rule, with the reason (also in
 * src/grammar/README.md). Empty today: every line Fluent Bit names has one
 * of our errors on it.
 */
const LINE_EXCEPTIONS: ReadonlyMap<string, string> = new Map<string, string>([]);

const cases = loadCases();
const counted = cases.filter((c) => c.fluentbit.class !== 'other');

function summary(c: ConformanceCase): string {
  const fb = c.fluentbit;
  return `${c.id} (${c.desc}): Fluent Bit ${fb.verdict}${fb.message ? ` "${fb.message.split('\n')[0]}"` : ''}`;
}

describe('conformance with the Fluent Bit v5.1.1 classic reader (../shared/conformance)', () => {
  it('has cases of every kind', () => {
    expect(cases.length).toBeGreaterThanOrEqual(1500);
    expect(counted.some((c) => c.fluentbit.verdict === 'accept')).toBe(true);
    expect(counted.some((c) => c.fluentbit.class === 'syntax')).toBe(true);
  });

  it('accepts exactly what Fluent Bit accepts, rejects exactly its syntax rejects, on the line it names', () => {
    let agree = 0;
    let lineTotal = 0;
    let lineMatch = 0;
    const verdictMisses: string[] = [];
    const lineMisses: string[] = [];
    for (const c of counted) {
      const fb = c.fluentbit;
      const ours = runCase(c);
      if (ours.verdict === fb.verdict) agree++;
      else {
        const errs = ours.errors.map((e) => `${e.file}:${e.line} ${e.diagnostic.code}`).join(', ');
        verdictMisses.push(`${summary(c)}; we ${ours.verdict}${errs ? ` (${errs})` : ''}`);
      }
      if (fb.verdict !== 'reject' || !fb.file || fb.line == null) continue;
      lineTotal++;
      if (ours.errors.some((e) => e.file === fb.file && e.readerLine === fb.line)) lineMatch++;
      else if (!LINE_EXCEPTIONS.has(c.id)) {
        lineMisses.push(`${summary(c)}; our errors: ${ours.errors.map((e) => `${e.file}:${e.readerLine} ${e.diagnostic.code}`).join(', ') || 'none'}`);
      }
    }
    console.log(`conformance: ${agree}/${counted.length} agree; line matches ${lineMatch}/${lineTotal} (${LINE_EXCEPTIONS.size} documented exceptions)`);
    expect(verdictMisses).toEqual([]);
    expect(lineMisses).toEqual([]);
  });

  it('lists only exceptions that are still needed', () => {
    for (const id of LINE_EXCEPTIONS.keys()) {
      const c = cases.find((x) => x.id === id);
      expect(c, id).toBeDefined();
      const fb = (c as ConformanceCase).fluentbit;
      expect(runCase(c as ConformanceCase).errors.some((e) => e.file === fb.file && e.readerLine === fb.line), id).toBe(false);
    }
  });
});
