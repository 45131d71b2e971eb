import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import { readJsonl, type Probe } from '../convert/helpers/conformance.js';

/*
 * repeated-property against Fluent Bit v5.1.1's verdicts, walking
 * ../shared/conformance in place: every config Fluent Bit refused with
 * "configuration property '<key>' is set <n> times" gets a finding quoting
 * that text; no config Fluent Bit accepted gets one. The YAML probes (their
 * classic twins too) and the classic cases are all walked: the `repeat-*`
 * probes are the ones about repeated keys, the rest guard against false
 * reports (the cases repeat keys of every kind on purpose).
 */

interface Setup {
  readonly id: string;
  readonly files: Readonly<Record<string, string>>;
  readonly verdict: 'accept' | 'reject';
  readonly message: string;
}

interface ClassicCase {
  id: string;
  files: Record<string, string>;
  fluentbit: { verdict: 'accept' | 'reject'; message?: string };
}

const RULE = 'repeated-property';
const SET_TIMES = /configuration property '[^']*' is set \d+ times/g;

/** The `... is set N times` texts our findings quote for one setup. */
function quoted(files: Readonly<Record<string, string>>): string[] {
  const result = migrate(Object.entries(files).map(([path, text]) => ({ path, text })), { runtime: 'containerd' });
  return result.files.flatMap((f) => f.findings.filter((x) => x.ruleId === RULE).flatMap((x) => x.message.match(SET_TIMES) ?? []));
}

function setups(): Setup[] {
  const probes = readJsonl<Probe>('yaml-probes.jsonl');
  const cases = readJsonl<ClassicCase>('cases.jsonl');
  return [
    ...probes.map((p) => ({ id: p.id, files: p.files, verdict: p.fluentbit.verdict, message: p.fluentbit.message ?? '' })),
    ...probes.flatMap((p) => (p.classic ? [{ id: `${p.id} (classic twin)`, files: p.classic.files, verdict: p.classic.fluentbit.verdict, message: '' }] : [])),
    ...cases.map((c) => ({ id: c.id, files: c.files, verdict: c.fluentbit.verdict, message: c.fluentbit.message ?? '' })),
  ];
}

describe('repeated-property agrees with Fluent Bit v5.1.1 (../shared/conformance)', () => {
  const all = setups();
  const refused = all.filter((s) => s.verdict === 'reject' && (s.message.match(SET_TIMES) ?? []).length > 0);

  it('walks the repeat-* probes and the cases Fluent Bit refused for a repeated property', () => {
    expect(all.filter((s) => s.id.startsWith('repeat-')).length).toBeGreaterThan(10);
    // repeat-non-mult-list, repeat-non-mult-dup-keys, s1-0933 today; the walk takes whatever the data holds.
    expect(refused.length).toBeGreaterThanOrEqual(3);
  });

  it('reports what Fluent Bit refused, with its message', () => {
    const missing = refused.flatMap((s) => {
      const ours = quoted(s.files);
      const theirs = s.message.match(SET_TIMES) ?? [];
      return theirs.every((t) => ours.includes(t)) ? [] : [`${s.id}: Fluent Bit: ${theirs.join('; ')}; ours: ${ours.join('; ') || 'nothing'}`];
    });
    expect(missing).toEqual([]);
  });

  it('reports nothing Fluent Bit accepted', () => {
    const extra = all.filter((s) => s.verdict === 'accept').flatMap((s) => {
      const ours = quoted(s.files);
      return ours.length === 0 ? [] : [`${s.id}: ${ours.join('; ')}`];
    });
    expect(extra).toEqual([]);
  });
});
