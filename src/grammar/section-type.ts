import { cLower } from '../source/c-text.js';
import type { SectionType } from './syntax-tree.js';

/**
 * Fluent Bit's section typing (flb_config_format.c get_section_type):
 * `strncasecmp(name, word, strlen(name)) == 0`, i.e. the written name must be
 * a case-insensitive PREFIX of the type word, tried in this order. So
 * `[INPUTS]` and `[INP]` are inputs and `[ INPUT ]` is OTHER. `[]` is OTHER
 * too: flb_cf_section_create() takes a length of 0 as "use strlen()", so the
 * name becomes `]` plus the rest of the line, which matches no type word
 * (conformance s1-0007, s1-0256: keys under `[]` are ignored).
 */
const TYPE_WORDS: ReadonlyArray<readonly [string, SectionType]> = [
  ['service', 'service'],
  ['parser', 'parser'],
  ['multiline_parser', 'multiline_parser'],
  ['stream_processor', 'stream_processor'],
  ['plugins', 'plugins'],
  ['upstream_servers', 'upstream_servers'],
  ['custom', 'custom'],
  ['customs', 'custom'],
  ['input', 'input'],
  ['inputs', 'input'],
  ['filter', 'filter'],
  ['filters', 'filter'],
  ['output', 'output'],
  ['outputs', 'output'],
];

const CANONICAL_NAMES: readonly string[] = [
  'service', 'parser', 'multiline_parser', 'stream_processor', 'plugins', 'upstream', 'upstream_servers',
  'custom', 'input', 'filter', 'output', 'node', 'stream_task',
];

/** What a header name says: its type, and whether it is the canonical spelling (any case). */
export interface SectionNameInfo {
  readonly type: SectionType;
  readonly canonical: boolean;
}

const OTHER: SectionNameInfo = Object.freeze({ type: 'other', canonical: false });

/**
 * Every lower-cased name the prefix rule types: each prefix of each type
 * word, typed by the first word (in TYPE_WORDS order) it is a prefix of.
 * Any other name is OTHER. (Names are lower-cased with cLower, C's
 * ASCII-only tolower, as strncasecmp compares them: a non-ASCII look-alike
 * such as the Kelvin sign U+212A never becomes `k`.)
 */
const PREFIXES: ReadonlyMap<string, SectionNameInfo> = (() => {
  const out = new Map<string, SectionNameInfo>();
  for (const [word, type] of TYPE_WORDS) {
    for (let n = 1; n <= word.length; n++) {
      const prefix = word.slice(0, n);
      if (!out.has(prefix)) out.set(prefix, Object.freeze({ type, canonical: CANONICAL_NAMES.includes(prefix) }));
    }
  }
  return out;
})();

/** Type and canonical spelling of a header name (one lower-cased copy, one lookup). */
export function sectionNameInfo(name: string): SectionNameInfo {
  return PREFIXES.get(cLower(name)) ?? OTHER;
}

/** Section type of a header name, by Fluent Bit's prefix rule. */
export function sectionTypeOf(name: string): SectionType {
  return sectionNameInfo(name).type;
}

/** True when the name is the canonical spelling of its type (`SERVICE`, `INPUT`, ...; any case). */
export function isCanonicalSectionName(name: string): boolean {
  return CANONICAL_NAMES.includes(cLower(name));
}
