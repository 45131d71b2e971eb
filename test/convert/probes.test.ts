import { describe, expect, it } from 'vitest';
import { convertSetup } from '../../src/convert/convert-setup.js';
import { checkKnownPlugins } from '../../src/convert/plugin-registry.js';
import { readSetup } from '../../src/convert/read-setup.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import {
  applyConversion, firstDifference, mainAfter, readJsonl, type Probe,
} from './helpers/conformance.js';
import { projectFingerprint, storedFingerprint } from './helpers/fingerprint.js';

/*
 * For every probe of ../shared/conformance/yaml-probes.jsonl: our YAML reader
 * gives Fluent Bit's verdict and, for accepted probes with a report, its
 * fingerprint. Where a probe has a classic twin, converting the twin gives
 * YAML that reads to the twin's own result.
 */

const probes = readJsonl<Probe>('yaml-probes.jsonl');

function probeFiles(p: Probe): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = { ...p.files };
  for (const [name, enc] of Object.entries(p.encoding ?? {})) {
    if (enc === 'latin1') files[name] = Buffer.from(p.files[name] ?? '', 'latin1');
  }
  return files;
}

/** The reader's verdict, and which stage decided a reject. */
function verdictOf(p: Probe): { verdict: 'accept' | 'reject'; stage: 'reader' | 'plugins' | null; view: ReturnType<typeof readSetup>['view']; why: string } {
  // Every file Fluent Bit would read is in the probe, so a missing one is an error.
  const r = readSetup(p.main, { files: setupFilesFrom(probeFiles(p)), unknownParsersFile: 'error' });
  if (r.errors.length > 0) return { verdict: 'reject', stage: 'reader', view: r.view, why: r.errors[0]?.message ?? '' };
  const plugins = checkKnownPlugins(r.view, p.env ?? {});
  if (plugins.length > 0) return { verdict: 'reject', stage: 'plugins', view: r.view, why: plugins[0]?.message ?? '' };
  return { verdict: 'accept', stage: null, view: r.view, why: '' };
}

describe('yaml-probes.jsonl: the YAML reader reads as Fluent Bit v5.1.1 does', () => {
  const results = probes.map((p) => ({ p, v: verdictOf(p) }));

  it('walks every probe', () => {
    expect(probes.length).toBeGreaterThan(200);
    const verdicts = results.filter(({ p, v }) => p.fluentbit.verdict === v.verdict).length;
    const withFp = results.filter(({ p }) => p.fluentbit.verdict === 'accept' && p.fluentbit.fingerprint);
    const fpOk = withFp.filter(({ p, v }) => firstDifference(projectFingerprint(v.view, p.env ?? {}), storedFingerprint(p.fluentbit.fingerprint as never)) === null).length;
    const pluginStage = results.filter(({ v }) => v.stage === 'plugins').length;
    console.log(`probes: ${verdicts}/${probes.length} verdicts (${pluginStage} rejects decided by the plugin registry), ${fpOk}/${withFp.length} fingerprints`);
  });

  it('gives Fluent Bit\'s verdict for every probe', () => {
    const bad = results.filter(({ p, v }) => p.fluentbit.verdict !== v.verdict).map(({ p, v }) => `${p.id}: ${v.verdict} (${v.why}), Fluent Bit: ${p.fluentbit.verdict} ${p.fluentbit.message ?? ''}`);
    expect(bad).toEqual([]);
  });

  it('gives Fluent Bit\'s fingerprint for every accepted probe with a report', () => {
    const bad: string[] = [];
    for (const { p, v } of results) {
      if (p.fluentbit.verdict !== 'accept' || !p.fluentbit.fingerprint) continue;
      const d = firstDifference(projectFingerprint(v.view, p.env ?? {}), storedFingerprint(p.fluentbit.fingerprint));
      if (d) bad.push(`${p.id}: ${d}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('yaml-probes.jsonl: converting each classic twin gives YAML that reads like the twin', () => {
  const twins = probes.filter((p) => p.classic);
  const outcomes = twins.map((p) => {
    const twin = p.classic as NonNullable<Probe['classic']>;
    const result = convertSetup({ files: twin.files, main: twin.main });
    let status: 'match' | 'refused' | 'rejected-too' | 'converted' | 'mismatch' = 'converted';
    let detail = '';
    if (!result.ok) {
      status = 'refused';
      detail = result.findings.filter((f) => f.severity === 'error').map((f) => f.message).join('; ');
    } else {
      const files = applyConversion(twin.files, result);
      const back = readSetup(mainAfter(twin.main, result), { files: setupFilesFrom(files), unknownParsersFile: 'error' });
      const pluginErrors = back.errors.length === 0 ? checkKnownPlugins(back.view, p.env ?? {}) : [];
      const rejected = back.errors.length > 0 || pluginErrors.length > 0;
      if (twin.fluentbit.verdict === 'reject') {
        status = rejected ? 'rejected-too' : 'mismatch';
        detail = rejected ? '' : 'Fluent Bit rejects the twin but the converted YAML reads fine';
      } else if (rejected) {
        status = 'mismatch';
        detail = JSON.stringify([...back.errors, ...pluginErrors]);
      } else if (twin.fluentbit.fingerprint) {
        const d = firstDifference(projectFingerprint(back.view, p.env ?? {}), storedFingerprint(twin.fluentbit.fingerprint));
        status = d ? 'mismatch' : 'match';
        detail = d ?? '';
      }
    }
    return { p, twin, status, detail };
  });

  it('walks every twin', () => {
    const n = (s: string): number => outcomes.filter((o) => o.status === s).length;
    console.log(`probe twins: ${n('match')} match the twin's fingerprint, ${n('converted')} converted (twin accepted without a report), ${n('rejected-too')} rejected like the twin, ${n('refused')} refused; ${n('mismatch')} mismatches of ${twins.length}`);
    expect(twins.length).toBeGreaterThan(150);
  });

  it('every converted twin reads like the twin', () => {
    expect(outcomes.filter((o) => o.status === 'mismatch').map((o) => `${o.p.id}: ${o.detail}`)).toEqual([]);
  });

  it('refuses a twin only when Fluent Bit refuses it too', () => {
    const bad = outcomes.filter((o) => o.status === 'refused' && o.twin.fluentbit.verdict === 'accept').map((o) => `${o.p.id}: ${o.detail}`);
    expect(bad).toEqual([]);
  });
});
