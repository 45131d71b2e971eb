import { describe, expect, it } from 'vitest';
import { convertSetup } from '../../src/convert/convert-setup.js';
import { readSetup } from '../../src/convert/read-setup.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import {
  applyConversion, firstDifference, mainAfter, readJsonl, type FingerprintCase,
} from './helpers/conformance.js';
import { projectFingerprint, storedFingerprint } from './helpers/fingerprint.js';

/*
 * For every case of ../shared/conformance/fingerprints.jsonl (what Fluent
 * Bit v5.1.1 reported for an accepted classic config): convert the classic
 * files, read the produced YAML the way Fluent Bit's YAML reader does, and
 * compare with the stored fingerprint. The classic reader is held to the
 * same fingerprint, so both sides of the run-time proof are checked against
 * Fluent Bit itself.
 */

/**
 * Cases refused on purpose, with the reason. Each must stay refused with
 * exactly this rule; anything else must match.
 */
const REFUSED_BY_DESIGN: Readonly<Record<string, string>> = {
  // `@set C =3` defines the variable "C " (name with a space) and the dummy
  // input uses `${C }`; YAML env trims names, so no YAML can define it. The
  // sosreport shows the dummy template raw, but in_dummy resolves it on
  // every record ("Always try to resolve environment variables for dynamic
  // content", plugins/in_dummy), so dropping the variable would change them.
  'corpus:chronosphereio__calyptia-fluent-bit-config-parser/__fixtures__/directives/set/withManySets.conf': 'to-yaml-unsupported',
};

interface Outcome {
  readonly id: string;
  readonly classicMatch: string | null | 'blocked';
  readonly status: 'match' | 'mismatch' | 'grammar' | 'refused';
  readonly detail: string;
  readonly refusalRule?: string;
}

const cases = readJsonl<FingerprintCase>('fingerprints.jsonl');

function run(c: FingerprintCase): Outcome {
  const want = storedFingerprint(c.fluentbit.fingerprint);
  const env = c.env ?? {};
  const classic = readSetup(c.main, { files: setupFilesFrom(c.files) });
  const classicMatch = classic.errors.length > 0 ? 'blocked' as const : firstDifference(projectFingerprint(classic.view, env), want);
  const result = convertSetup({ files: c.files, main: c.main });
  if (!result.ok) {
    const errors = result.findings.filter((f) => f.severity === 'error');
    // Fluent Bit accepted this config: a refusal as invalid input is our classic grammar disagreeing.
    if (errors.every((f) => f.ruleId === 'to-yaml-invalid-input')) {
      const codes = [...new Set(errors.map((f) => f.message.split(': ')[1]?.split(':')[0] ?? '?'))].join(',');
      return { id: c.id, classicMatch, status: 'grammar', detail: codes };
    }
    return { id: c.id, classicMatch, status: 'refused', detail: errors.map((f) => `${f.path}:${f.line} ${f.ruleId} ${f.message}`).join('; '), refusalRule: errors[0]?.ruleId };
  }
  const files = applyConversion(c.files, result);
  const back = readSetup(mainAfter(c.main, result), { files: setupFilesFrom(files) });
  if (back.errors.length > 0) return { id: c.id, classicMatch, status: 'mismatch', detail: `YAML read errors: ${JSON.stringify(back.errors)}` };
  const d = firstDifference(projectFingerprint(back.view, env), want);
  return { id: c.id, classicMatch, status: d ? 'mismatch' : 'match', detail: d ?? '' };
}

describe('fingerprints.jsonl: converted configs read as Fluent Bit read the classic ones', () => {
  const outcomes = cases.map(run);
  const count = (s: Outcome['status']): number => outcomes.filter((o) => o.status === s).length;

  it('walks every case', () => {
    expect(cases.length).toBeGreaterThan(300);
    const grammar = outcomes.filter((o) => o.status === 'grammar');
    const byCode = new Map<string, number>();
    for (const o of grammar) for (const code of o.detail.split(',')) byCode.set(code, (byCode.get(code) ?? 0) + 1);
    const blocked = grammar.length > 0 ? `; ${grammar.length} refused because our classic grammar rejects a config Fluent Bit accepts (issue #12: ${[...byCode].map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
    console.log(`fingerprints: ${count('match')}/${cases.length} match; ${count('refused')} refused by design${blocked}`);
    const classicOk = outcomes.filter((o) => o.classicMatch === null).length;
    console.log(`fingerprints: classic reader ${classicOk}/${cases.length - outcomes.filter((o) => o.classicMatch === 'blocked').length} (cases our grammar accepts)`);
  });

  it('the classic reader gives Fluent Bit\'s fingerprint for every case our grammar accepts', () => {
    const bad = outcomes.filter((o) => o.classicMatch !== null && o.classicMatch !== 'blocked').map((o) => `${o.id}: ${String(o.classicMatch)}`);
    expect(bad).toEqual([]);
  });

  it('every converted setup reads back to Fluent Bit\'s fingerprint', () => {
    expect(outcomes.filter((o) => o.status === 'mismatch').map((o) => `${o.id}: ${o.detail}`)).toEqual([]);
  });

  it('refuses only the cases listed, for the reason listed', () => {
    const refused = Object.fromEntries(outcomes.filter((o) => o.status === 'refused').map((o) => [o.id, o.refusalRule]));
    expect(refused).toEqual(REFUSED_BY_DESIGN);
  });

  it('a grammar refusal is always our grammar disagreeing with Fluent Bit (never a conversion problem)', () => {
    // These cases are accepted by Fluent Bit; once the classic grammar reads
    // them (issue #12), they must convert and match like the rest.
    for (const o of outcomes.filter((x) => x.status === 'grammar')) expect(o.classicMatch, o.id).toBe('blocked');
  });
});
