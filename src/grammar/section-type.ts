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

/** Section type of a header name, by Fluent Bit's prefix rule. */
export function sectionTypeOf(name: string): SectionType {
  if (name === '') return 'other';
  const lower = name.toLowerCase();
  for (const [word, type] of TYPE_WORDS) {
    if (lower.length <= word.length && word.startsWith(lower)) return type;
  }
  return 'other';
}

/** True when the name is the canonical spelling of its type (`SERVICE`, `INPUT`, ...; any case). */
export function isCanonicalSectionName(name: string): boolean {
  const lower = name.toLowerCase();
  return ['service', 'parser', 'multiline_parser', 'stream_processor', 'plugins', 'upstream', 'upstream_servers',
    'custom', 'input', 'filter', 'output', 'node', 'stream_task'].includes(lower);
}
