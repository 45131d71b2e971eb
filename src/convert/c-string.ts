import { cLower, cTrim as trimCSpaces } from '../source/c-text.js';

/**
 * The string primitives Fluent Bit applies to keys and values, ported from
 * its C source so both readers (classic and YAML) normalise exactly as the
 * real reader does:
 *
 * - `cTrim`: `flb_sds_trim` (C `isspace` in the C locale: space, \t, \n, \v,
 *   \f, \r). JavaScript's `trim()` strips more (U+00A0, U+FEFF, ...).
 * - C `tolower` is `cLower` (source/c-text.ts), shared with the classic grammar.
 * - `translateYamlKey`: `flb_cf_key_translate` for the YAML format.
 * - `splitRuleTokens`: `flb_slist_split_tokens` (src/flb_slist.c), used on
 *   classic `[MULTILINE_PARSER]` `rule` values.
 */

/**
 * `flb_sds_trim`: strips C whitespace at both ends (source/c-text.ts cTrim).
 * Returns null when the string is non-empty but only whitespace (the C
 * function returns -1 then, which Fluent Bit's callers treat as "could not
 * add the property"); an empty string stays empty.
 */
export function cTrim(s: string): string | null {
  const trimmed = trimCSpaces(s);
  return s.length > 0 && trimmed.length === 0 ? null : trimmed;
}

const isAsciiLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
const isAsciiUpper = (c: string | undefined): boolean => c !== undefined && c >= 'A' && c <= 'Z';

/**
 * `flb_cf_key_translate` for YAML (src/config_format/flb_config_format.c):
 * a key that does not start with a lower-case letter is kept as written; a
 * key with an `_` is lower-cased; otherwise camelCase becomes snake_case
 * (`readFromHead` -> `read_from_head`, `dB` -> `d_b`,
 * `multiline.Parser` -> `multiline._parser`). Fluent Bit matches the result
 * case-insensitively later.
 */
export function translateYamlKey(key: string): string {
  if (!isAsciiLower(key[0])) return key;
  if (key.includes('_')) return cLower(key);
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i] as string;
    if (isAsciiUpper(c) && i > 0) out += '_';
    out += cLower(c);
  }
  return out;
}

/**
 * Splits a classic `rule` value the way `flb_slist_split_tokens(list, str, 3)`
 * does: tokens are separated by spaces (not tabs); a token starting with `"`
 * runs to the next `"` not preceded by a backslash and has `\"` unescaped;
 * after the third token the trimmed rest of the line becomes a fourth entry.
 * A quoted token without its closing quote is the raw rest of the string.
 */
export function splitRuleTokens(str: string, maxSplit = 3): string[] {
  const out: string[] = [];
  let buf: number | null = 0;
  let count = 0;
  for (;;) {
    const r = retrieveToken(str, buf);
    if (r.token === null) break;
    out.push(r.token);
    buf = r.next;
    if (buf === null) break;
    count++;
    if (maxSplit > 0 && count >= maxSplit) {
      let p: number = buf;
      while (str[p] === ' ') p++;
      if (p < str.length) out.push(str.slice(p));
      break;
    }
  }
  return out;
}

function retrieveToken(str: string, from: number | null): { token: string | null; next: number | null } {
  if (from === null) return { token: null, next: null };
  let p = from;
  while (str[p] === ' ') p++;
  let start = p;
  let quoted = false;
  if (str[p] === '"') {
    quoted = true;
    p++;
    start = p;
    for (;;) {
      while (p < str.length && str[p] !== '"') p++;
      if (p >= str.length) break;
      if (str[p - 1] === '\\') {
        p++;
        continue;
      }
      break;
    }
  } else {
    while (p < str.length && str[p] !== ' ') p++;
  }
  if (p < str.length) {
    let token = str.slice(start, p);
    if (quoted) token = token.split('\\"').join('"');
    p++;
    while (p < str.length && str[p] === ' ') p++;
    return { token, next: p };
  }
  return { token: p > start ? str.slice(start) : null, next: null };
}
