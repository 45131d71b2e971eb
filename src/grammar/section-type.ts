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
  return sectionTypeAt(name, 0, name.length);
}

/** Section type of the header name `text[from, to)`, compared in place (no copy for ASCII names). */
export function sectionTypeAt(text: string, from: number, to: number): SectionType {
  if (to === from) return 'other';
  if (!isAscii(text, from, to)) {
    const lower = text.slice(from, to).toLowerCase();
    for (const [word, type] of TYPE_WORDS) {
      if (lower.length <= word.length && word.startsWith(lower)) return type;
    }
    return 'other';
  }
  let first = text.charCodeAt(from);
  if (first >= 65 && first <= 90) first += 32;
  const candidates = WORDS_BY_FIRST[first];
  if (candidates === undefined) return 'other';
  for (let w = 0; w < candidates.length; w++) {
    const [word, type] = candidates[w] as (typeof TYPE_WORDS)[number];
    if (to - from <= word.length && asciiEqualsIgnoringCase(text, from, to, word)) return type;
  }
  return 'other';
}

/** TYPE_WORDS by their first character code, in TYPE_WORDS order. */
const WORDS_BY_FIRST: ReadonlyArray<ReadonlyArray<(typeof TYPE_WORDS)[number]> | undefined> = (() => {
  const out: Array<Array<(typeof TYPE_WORDS)[number]>> = [];
  for (const entry of TYPE_WORDS) (out[entry[0].charCodeAt(0)] ??= []).push(entry);
  return out;
})();

function isAscii(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** `text[from, to)` (ASCII) lower-cased equals the start of `word` (lower-case ASCII). */
function asciiEqualsIgnoringCase(text: string, from: number, to: number, word: string): boolean {
  for (let i = from; i < to; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(i - from)) return false;
  }
  return true;
}

const CANONICAL_NAMES: readonly string[] = [
  'service', 'parser', 'multiline_parser', 'stream_processor', 'plugins', 'upstream', 'upstream_servers',
  'custom', 'input', 'filter', 'output', 'node', 'stream_task',
];

/** True when the name is the canonical spelling of its type (`SERVICE`, `INPUT`, ...; any case). */
export function isCanonicalSectionName(name: string): boolean {
  return isCanonicalSectionNameAt(name, 0, name.length);
}

/** CANONICAL_NAMES by length. */
const CANONICAL_BY_LENGTH: ReadonlyArray<readonly string[] | undefined> = (() => {
  const out: string[][] = [];
  for (const word of CANONICAL_NAMES) (out[word.length] ??= []).push(word);
  return out;
})();

/** isCanonicalSectionName() of `text[from, to)`, compared in place. */
export function isCanonicalSectionNameAt(text: string, from: number, to: number): boolean {
  if (!isAscii(text, from, to)) return CANONICAL_NAMES.includes(text.slice(from, to).toLowerCase());
  const candidates = CANONICAL_BY_LENGTH[to - from];
  if (candidates === undefined) return false;
  for (let w = 0; w < candidates.length; w++) {
    if (asciiEqualsIgnoringCase(text, from, to, candidates[w] as string)) return true;
  }
  return false;
}
