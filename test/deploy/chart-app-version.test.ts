import { describe, expect, it } from 'vitest';
import { fluentBitChartDefault } from '../../src/deploy/chart-app-version.js';
import { formatVersion } from '../../src/deploy/image-version.js';

/** `chart -> appVersion` as the function tells it, for short expectations. */
function told(written: string): string | undefined {
  const t = fluentBitChartDefault(written);
  if (t === undefined) return undefined;
  return t.kind === 'newer' ? `>= ${formatVersion(t.atLeast)} (past ${t.last})` : `${t.chart} -> ${formatVersion(t.version)}${t.range ? ' (range)' : ''}`;
}

describe('fluentBitChartDefault (fluent/fluent-bit chart version -> appVersion)', () => {
  it('reads an exact version of the index', () => {
    expect(told('0.15.15')).toBe('0.15.15 -> 1.7.9');
    expect(told('0.16.0')).toBe('0.16.0 -> 1.8.2');
    expect(told('v0.19.10')).toBe('0.19.10 -> 1.8.11');
    expect(told('0.1.0')).toBe('0.1.0 -> 1.3.7');
    expect(told('0.37.1')).toBe('0.37.1 -> 2.1.8');
    expect(told('=0.20.11')).toBe('0.20.11 -> 1.9.9');
    expect(told(' 0.21.0 ')).toBe('0.21.0 -> 2.0.4');
  });

  it('knows nothing of a version the index does not hold, a prerelease or a template', () => {
    expect(told('0.7.11')).toBeUndefined();
    expect(told('0.8.1')).toBeUndefined();
    expect(told('0.20.0-rc1')).toBeUndefined();
    expect(told('{{ .Values.fluentBitChart }}')).toBeUndefined();
    expect(told('${CHART_VERSION}')).toBeUndefined();
    expect(told('HEAD')).toBeUndefined();
    expect(told('main')).toBeUndefined();
    expect(told('')).toBeUndefined();
  });

  it('says a version past the index is at least its last appVersion', () => {
    expect(told('0.47.10')).toBe('>= 2.1.8 (past 0.37.1)');
    expect(told('1.0.0')).toBe('>= 2.1.8 (past 0.37.1)');
    expect(told('>=0.40.0')).toBe('>= 2.1.8 (past 0.37.1)');
    expect(told('0.50.*')).toBe('>= 2.1.8 (past 0.37.1)');
  });

  it('takes the oldest chart a constraint matches (Masterminds semver, as Helm, Argo CD and Flux read it)', () => {
    expect(told('0.20.*')).toBe('0.20.0 -> 1.9.3 (range)');
    expect(told('0.20.x')).toBe('0.20.0 -> 1.9.3 (range)');
    expect(told('0.20')).toBe('0.20.0 -> 1.9.3 (range)');
    expect(told('~0.20.5')).toBe('0.20.5 -> 1.9.7 (range)');
    expect(told('~> 0.15.10')).toBe('0.15.10 -> 1.7.6 (range)');
    expect(told('^0.19')).toBe('0.19.0 -> 1.8.7 (range)');
    expect(told('^0.19.3')).toBe('0.19.3 -> 1.8.9 (range)');
    expect(told('>=0.15 <0.21')).toBe('0.15.0 -> 1.7.2 (range)');
    expect(told('>= 0.15.4, < 0.21.0')).toBe('0.15.4 -> 1.7.3 (range)');
    expect(told('>0.19')).toBe('0.20.0 -> 1.9.3 (range)');
    expect(told('>0.19.23')).toBe('0.19.24 -> 1.8.15 (range)');
    expect(told('0.16.0 - 0.19.0')).toBe('0.16.0 -> 1.8.2 (range)');
    expect(told('>=0.16.0 !=0.16.0')).toBe('0.16.1 -> 1.8.2 (range)');
    expect(told('^0.30 || ^0.15')).toBe('0.15.0 -> 1.7.2 (range)');
    // A range that starts past the index's charts but not past its last one: the first chart at or after its start.
    expect(told('>=0.37.1')).toBe('0.37.1 -> 2.1.8 (range)');
  });

  it('knows nothing of a constraint with no lower bound (any chart up to the newest may run) or one it cannot read', () => {
    expect(told('*')).toBeUndefined();
    expect(told('x')).toBeUndefined();
    expect(told('<0.16.0')).toBeUndefined();
    expect(told('>=0.20 || <0.10')).toBeUndefined();
    expect(told('>=0.15 <0.21 || latest')).toBeUndefined();
    expect(told('~0.20.0-0')).toBeUndefined();
  });
});
