/**
 * Writes a string as a YAML scalar that Fluent Bit's YAML reader (libyaml,
 * no type resolution) reads back as exactly that string. Plain when YAML
 * allows it, single quotes otherwise, double quotes only for characters
 * that have no other form (control characters, line breaks). The rules are
 * those of libyaml's scanner, checked against yaml-probes.jsonl:
 *
 * - a plain scalar cannot start with an indicator: `!&*|>'"%@` and backtick
 *   (probes value-*-start-plain), `#` (a comment: the value is empty),
 *   `{`/`[` (a flow collection, even in block context), `,` (a flow entry);
 *   nor with `- `, `? `, `: ` or be only `-`/`?`/`:`;
 * - it cannot contain `: ` or end with `:` (a mapping value) nor contain
 *   ` #` (a comment), with a space or a tab;
 * - `on`, `yes`, `~`, `null`, `0755`, `1e3` need no quotes: Fluent Bit does
 *   not resolve types (probes bool-*, number-*, value-tilde-plain).
 */

/** YAML 1.1 printable characters (libyaml), excluding the line breaks and tab handled separately. */
function isPrintable(code: number): boolean {
  if (code >= 0x20 && code <= 0x7e) return true;
  if (code === 0x85) return false; // NEL is a line break in YAML 1.1
  if (code >= 0xa0 && code <= 0xd7ff) return code !== 0x2028 && code !== 0x2029; // LS/PS are line breaks too
  if (code >= 0xe000 && code <= 0xfffd) return code !== 0xfeff;
  return code >= 0x10000 && code <= 0x10ffff;
}

/** True when the string holds a character that only a double-quoted scalar can carry. */
export function needsDoubleQuotes(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c === 0x09) continue;
    if (!isPrintable(c)) return true;
  }
  return false;
}

const BAD_FIRST = new Set(['!', '&', '*', '|', '>', '\'', '"', '%', '@', '`', '#', '{', '[', '}', ']', ',']);
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** True when `s` can be written as a plain scalar (value or implicit key) in block context. */
export function isPlainSafe(s: string): boolean {
  if (s.length === 0) return false;
  if (needsDoubleQuotes(s)) return false;
  const first = s[0] as string;
  if (isBlank(first) || isBlank(s[s.length - 1])) return false;
  if (BAD_FIRST.has(first)) return false;
  if ((first === '-' || first === '?' || first === ':') && (s.length === 1 || isBlank(s[1]))) return false;
  if (first === '?' || first === ':') return false; // legal when glued to text, but easy to misread
  if (s.endsWith(':')) return false;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s[i];
    const n = s[i + 1];
    if (c === ':' && isBlank(n)) return false;
    if (isBlank(c) && n === '#') return false;
  }
  if (s.startsWith('---') || s.startsWith('...')) return false;
  return true;
}

export function singleQuoted(s: string): string {
  return `'${s.split('\'').join('\'\'')}'`;
}

const ESCAPES: Readonly<Record<number, string>> = {
  0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r', 0x1b: '\\e',
  0x22: '\\"', 0x5c: '\\\\', 0x85: '\\N', 0x2028: '\\L', 0x2029: '\\P',
};

export function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    const esc = ESCAPES[c];
    if (esc !== undefined) out += esc;
    else if (isPrintable(c)) out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, '0').toUpperCase()}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0').toUpperCase()}`;
    else out += `\\U${c.toString(16).padStart(8, '0').toUpperCase()}`;
  }
  return `${out}"`;
}

export type QuoteStyle = 'auto' | 'single';

/**
 * A value as YAML text. `single` always quotes (regexes and time formats, as
 * the Fluent Bit docs write them); `auto` quotes only where YAML needs it.
 */
export function renderScalar(value: string, style: QuoteStyle = 'auto'): string {
  if (needsDoubleQuotes(value)) return doubleQuoted(value);
  if (style === 'single') return singleQuoted(value);
  return isPlainSafe(value) ? value : singleQuoted(value);
}

/** A mapping key as YAML text (implicit key: one line, at most 1024 characters). */
export function renderKey(key: string): string {
  if (needsDoubleQuotes(key)) return doubleQuoted(key);
  if (key === '<<') return singleQuoted(key); // a merge key for YAML 1.1 tools
  return isPlainSafe(key) ? key : singleQuoted(key);
}

/**
 * Keys whose values are regular expressions or time formats: always single
 * quoted (backslashes stay as written in single quotes; probes
 * regex-backslash-single, timefmt-single).
 */
export function isPatternKey(key: string): boolean {
  return key === 'regex' || key === 'exclude' || key.endsWith('_regex') || key.startsWith('time_format')
    || key.endsWith('dateformat') || key.endsWith('date_format');
}
