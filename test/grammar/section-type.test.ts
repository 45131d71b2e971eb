import { describe, expect, it } from 'vitest';
import { isCanonicalSectionName, sectionNameInfo, sectionTypeOf } from '../../src/grammar/section-type.js';

/** get_section_type() as written: the lower-cased name must be a prefix of a type word, tried in order. */
const WORDS = [
  ['service', 'service'], ['parser', 'parser'], ['multiline_parser', 'multiline_parser'], ['stream_processor', 'stream_processor'],
  ['plugins', 'plugins'], ['upstream_servers', 'upstream_servers'], ['custom', 'custom'], ['customs', 'custom'],
  ['input', 'input'], ['inputs', 'input'], ['filter', 'filter'], ['filters', 'filter'], ['output', 'output'], ['outputs', 'output'],
] as const;
function reference(name: string): string {
  if (name === '') return 'other';
  const lower = name.toLowerCase();
  for (const [word, type] of WORDS) if (lower.length <= word.length && word.startsWith(lower)) return type;
  return 'other';
}

describe('section typing (a lookup of every prefix)', () => {
  it('agrees with the prefix rule on every prefix of every word, in three cases, and on near misses', () => {
    const names = new Set<string>(['', ']', '] x', ' INPUT ', 'INPUT ', 'inputz', 'upstream', 'UPSTREAM_SERVERS', 'node', 'stream_task', 'İNPUT', '\u212Austom', 'ınput', 'ſervice']);
    for (const [word] of WORDS) {
      for (let n = 1; n <= word.length + 1; n++) {
        const prefix = `${word}s`.slice(0, n);
        names.add(prefix).add(prefix.toUpperCase()).add(prefix[0]!.toUpperCase() + prefix.slice(1)).add(`${prefix}x`);
      }
    }
    for (const name of names) {
      expect(sectionTypeOf(name), name).toBe(reference(name));
      const info = sectionNameInfo(name);
      expect(info.type, name).toBe(reference(name));
      if (info.type !== 'other') expect(info.canonical, name).toBe(isCanonicalSectionName(name));
    }
  });
});
