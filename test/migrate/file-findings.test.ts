import { describe, expect, it } from 'vitest';
import { FileFindings } from '../../src/migrate/file-findings.js';
import { toFinding, type Finding } from '../../src/report/finding.js';
import { FilePositions } from '../../src/report/positions.js';
import type { FindingKind } from '../../src/rules/run-rules.js';
import type { FindingSeverity } from '../../src/rules/types.js';
import { rng } from '../helpers/rng.js';

/*
 * FileFindings keeps a file's findings as rows (memory, issue #14). Its
 * `located` must give exactly what the object-per-finding code gave: the
 * reference below is that code (dedup by position, rule, message and data,
 * the first reported kept; then sorted by position, severity, report order).
 */

const SEVERITY_ORDER = { error: 0, change: 1, warning: 2, info: 3 } as const;

interface Wrapped {
  readonly kind: FindingKind;
  readonly start: number;
  readonly end: number;
  readonly order: number;
}

function reference(rows: readonly Wrapped[], path: string, positions: FilePositions): Finding[] {
  const seen = new Set<string>();
  return rows
    .filter((x) => {
      const key = `${x.start}:${x.kind.ruleId}:${x.kind.messageId}:${JSON.stringify(x.kind.data)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.start - b.start || SEVERITY_ORDER[a.kind.severity] - SEVERITY_ORDER[b.kind.severity] || a.order - b.order)
    .map((x) => toFinding(x.kind, x.start, x.end, path, positions));
}

const TEXT = 'a\nbb\nccc\ndddd\neeeee\n';
const SEVERITIES: FindingSeverity[] = ['change', 'warning', 'info', 'error'];

/** A few kinds, some equal in content but distinct objects (a kind is shared within a run only). */
function kindsFor(next: () => number): FindingKind[] {
  const out: FindingKind[] = [];
  for (let i = 0; i < 6; i++) {
    const severity = SEVERITIES[Math.floor(next() * SEVERITIES.length)] as FindingSeverity;
    const kind: FindingKind = { ruleId: i % 2 === 0 ? 'tail-parser' : 'tail-path', messageId: i % 3 === 0 ? 'removeDockerMode' : 'replaceParserDocker', data: { key: 'Parser', value: i % 4 === 0 ? 'docker' : 'cri', newKey: 'multiline.parser', target: 'docker, cri' }, severity };
    out.push(kind, { ...kind, data: { ...kind.data } });
  }
  return out;
}

describe('FileFindings', () => {
  it('locates as the object-per-finding code did: same order, same dedup, with and without changes (2,000 generated cases)', () => {
    const positions = new FilePositions(TEXT);
    for (let seed = 1; seed <= 2000; seed++) {
      const next = rng(seed);
      const kinds = kindsFor(next);
      const rows = new FileFindings();
      let wrapped: Wrapped[] = [];
      const push = (): void => {
        const kind = kinds[Math.floor(next() * kinds.length)] as FindingKind;
        const start = Math.floor(next() * 6);
        const end = start + Math.floor(next() * 3);
        wrapped.push({ kind, start, end, order: wrapped.length });
        rows.push(kind, start, end);
      };
      const n = Math.floor(next() * 12);
      for (let i = 0; i < n; i++) push();
      // The alias guard drops rows; the safety net then reports more (numbered by the count of rows, as before).
      if (next() < 0.5) {
        const drop = new Set(wrapped.map((_, i) => i).filter(() => next() < 0.3));
        wrapped = wrapped.filter((_, i) => !drop.has(i));
        rows.retain((i) => !drop.has(i));
        const more = Math.floor(next() * 4);
        for (let i = 0; i < more; i++) push();
      }
      expect(rows.length).toBe(wrapped.length);
      const withAll = rows.located('a.conf', positions);
      expect(withAll, `seed ${seed}`).toStrictEqual(reference(wrapped, 'a.conf', positions));
      expect(rows.located('a.conf', positions, false), `seed ${seed}`).toStrictEqual(reference(wrapped, 'a.conf', positions).filter((f) => f.severity !== 'change'));
    }
  });

  it('makes one message string per kind', () => {
    const kind: FindingKind = { ruleId: 'tail-parser', messageId: 'removeDockerMode', data: { key: 'Docker_Mode', value: 'On' }, severity: 'change' };
    const rows = new FileFindings();
    rows.push(kind, 0, 1);
    rows.push(kind, 2, 3);
    const [a, b] = rows.located('a.conf', new FilePositions(TEXT));
    expect(a?.message).toBe('removed Docker_Mode On: Docker_Mode options are Docker-only');
    expect(b?.message).toBe(a?.message);
    expect(b?.line).toBe(2);
  });
});
