import { describe, expect, it } from 'vitest';
import { DOCKER_SIGNAL_PATTERNS, findDockerSignals, scanDockerSignals, type DockerSignal } from '../../src/discover/docker-signals.js';
import { RangeIndex } from '../../src/migrate/consumed.js';
import { walkCorpus } from '../helpers/corpus.js';
import { rng } from '../helpers/rng.js';

/*
 * The safety net scans as rows (memory, issue #14). The rows must be the
 * signals the object scan found before, in the same order, and the range
 * index from two lists must answer as it did from pairs.
 */

/** The object scan as it was (one `matchAll` per pattern, sorted, nested ones dropped), over the same patterns: the reference. */
function objectScan(text: string): DockerSignal[] {
  const out: DockerSignal[] = [];
  for (const [kind, pattern] of DOCKER_SIGNAL_PATTERNS) {
    for (const m of text.matchAll(new RegExp(pattern))) {
      let start = m.index;
      if (m[0].startsWith('/docker/')) while (start > 0 && m.index - start < 4096 && /[\w./-]/.test(text[start - 1] as string)) start--;
      out.push({ kind, start, end: m.index + m[0].length, text: text.slice(start, m.index + m[0].length) });
    }
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  let reach = -1;
  return out.filter((s) => {
    if (s.end <= reach) return false;
    reach = s.end;
    return true;
  });
}

describe('Docker signals as rows', () => {
  it('finds what the object scan found, in order, on every corpus file', () => {
    let signals = 0;
    for (const file of walkCorpus()) {
      const expected = objectScan(file.text);
      signals += expected.length;
      expect(findDockerSignals(file.text), file.rel).toStrictEqual(expected);
      const rows = scanDockerSignals(file.text);
      expect(rows.kinds.map((kind, i) => ({ kind, start: rows.starts[i], end: rows.ends[i] })), file.rel).toStrictEqual(expected.map(({ kind, start, end }) => ({ kind, start, end })));
    }
    expect(signals).toBeGreaterThan(0);
  });

  it('scans a part of a text with offsets in the whole text', () => {
    const text = 'x\nParser docker\n/var/lib/docker/containers/a-json.log\nDocker_Mode On\n';
    const rows = scanDockerSignals(text, 2, text.indexOf('Docker_Mode'));
    expect(rows.kinds).toEqual(['parser-docker', 'docker-data-root']);
    expect(text.slice(rows.starts[1], rows.ends[1])).toBe('/var/lib/docker/containers/a-json.log');
  });

  it('a range index from two lists answers as one from pairs (500 generated cases)', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const next = rng(seed);
      const pairs: [number, number][] = Array.from({ length: Math.floor(next() * 20) }, () => {
        const s = Math.floor(next() * 50);
        return [s, s + Math.floor(next() * 10) - 2];
      });
      const index = new RangeIndex(
        pairs.map(([s]) => s),
        pairs.map(([, e]) => e),
      );
      for (let at = -1; at < 60; at++) {
        const want = Math.max(-Infinity, ...pairs.filter(([s, e]) => s < e && s <= at).map(([, e]) => e));
        expect(index.maxEndFrom(at), `seed ${seed} at ${at}`).toBe(want);
      }
    }
  });
});
