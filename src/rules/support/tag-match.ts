import type { Section } from '../../view/types.js';
import { valueOf } from './tail-target.js';

/*
 * Whether a filter's `Match` / `Match_Regex` can take the records of a tail input, from the input's `Tag`.
 *
 * Fluent Bit (src/flb_router.c `router_match`): `Match` is case-sensitive and `*` is its only wildcard (any run of
 * characters, dots included); `Match_Regex` is searched in the tag (flb_regex_match: onig_search, unanchored). A tail
 * input's `Tag` with a `*` takes the file's path in its place (plugins/in_tail tag_compose: the first `*`, the path's
 * separators made dots, the leading one dropped: `kube.*` reads `kube.var.log.containers.<file>.log`); without `Tag`
 * the tag is the input instance's name (`tail.<n>`). Fluent Operator (apis/fluentbit/v1alpha2 filter_types.go,
 * pkg/utils GenerateNamespacedMatchExpr / GenerateNamespacedMatchRegExpr) renders a ClusterFilter's `match` /
 * `matchRegex` as they are, and a namespaced Filter's behind the namespace's hash (`<md5>.<match>`,
 * `^<md5>\.<regex without ^>`), which its rewrite_tag puts in front of the input's own tag: a Filter's `match` is read
 * against the input's tag as it is, and its `matchRegex` anchored at the tag's start.
 */

/** The tags a tail input emits, as a `*` pattern (a `*` stands for any run of characters); undefined when its tag is not known (a variable left unresolved, `Tag_Regex`). */
export function tailTagPattern(section: Section, variables: ReadonlyMap<string, string>): string | undefined {
  if (section.get('tag_regex') !== undefined) return undefined;
  const tag = section.get('tag');
  if (tag === undefined) return 'tail.*';
  const value = valueOf(tag, variables);
  if (value.includes('${')) return undefined;
  const star = value.indexOf('*');
  if (star < 0) return value;
  const path = section.get('path');
  const file = path === undefined ? '*' : valueOf(path, variables).split(',')[0]?.trim() ?? '*';
  if (file === '' || file.includes('${')) return undefined;
  // The path's separators made dots (the first one dropped), its own wildcards kept as `*`.
  const dotted = [...file].map((ch, i) => (ch === '/' || ch === '\\' || ch === ':' ? (i > 0 ? '.' : '') : ch === '?' ? '*' : ch)).join('');
  return value.slice(0, star) + dotted + value.slice(star + 1);
}

/**
 * Whether two `*` patterns have a tag in common (`*`: any run of characters). O(a * b) table, no backtracking.
 */
export function patternsMeet(a: string, b: string): boolean {
  const n = a.length;
  const m = b.length;
  // meet[i][j]: a[i..] and b[j..] have a string in common; filled from the ends.
  let next = new Array<boolean>(m + 1).fill(false);
  for (let i = n; i >= 0; i--) {
    const row = new Array<boolean>(m + 1).fill(false);
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) row[j] = true;
      // A star takes nothing (the other pattern's next character is next), or one more character of the other.
      else if (i < n && a[i] === '*') row[j] = (next[j] ?? false) || (j < m && (row[j + 1] ?? false));
      else if (j < m && b[j] === '*') row[j] = (row[j + 1] ?? false) || (i < n && (next[j] ?? false));
      else row[j] = i < n && j < m && a[i] === b[j] && (next[j + 1] ?? false);
    }
    next = row;
  }
  return next[0] ?? false;
}

/** The literal text a regex must start its match with when it is anchored (`^abc\.d...`), else undefined. */
function anchoredPrefix(regex: string): string | undefined {
  if (!regex.startsWith('^') || regex.includes('|')) return undefined;
  let out = '';
  for (let i = 1; i < regex.length; i++) {
    const ch = regex[i] as string;
    let lit: string | undefined;
    let width = 1;
    if (ch === '\\') {
      const esc = regex[i + 1];
      if (esc === undefined || /[A-Za-z0-9]/.test(esc)) break; // \d, \w, \1: a class or a reference
      lit = esc;
      width = 2;
    } else if (!'.[](){}*+?^$'.includes(ch)) lit = ch;
    if (lit === undefined) break;
    // A quantifier after it makes the character optional or repeated: the prefix ends before it.
    if ('*?{'.includes(regex[i + width] ?? '')) break;
    out += lit;
    i += width - 1;
  }
  return out;
}

/**
 * Whether a filter with `match` / `matchRegex` (either may be absent: none matches nothing) can take records tagged by
 * `tag` (a `*` pattern, tailTagPattern). `anchored`: the regex is read from the tag's start (a namespaced Fluent Operator
 * Filter). A regex is never run here (a pattern from input can backtrack exponentially): a regex of literal text (with
 * `^`/`$` at its ends) is a `*` pattern and decided exactly (literalPattern); any other is ruled out only when its
 * anchored literal prefix (`^kube\.`) is one the tag cannot start with; else it is taken to match.
 */
export function filterMatchesTag(match: string | undefined, matchRegex: string | undefined, tag: string, anchored: boolean): boolean {
  if (match !== undefined && match !== '' && patternsMeet(match, tag)) return true;
  if (matchRegex === undefined || matchRegex === '') return false;
  const regex = anchored ? `^${matchRegex.replace(/^\^/, '')}` : matchRegex;
  // A regex of literal characters only (escaped punctuation included, `^`/`$` at its ends) is a `*` pattern: decided exactly.
  const literal = literalPattern(regex);
  if (literal !== undefined && literal.length * tag.length <= 1_000_000) return patternsMeet(literal, tag);
  const wild = tag.indexOf('*');
  const fixed = wild < 0 ? tag : tag.slice(0, wild);
  const prefix = anchoredPrefix(regex);
  if (prefix !== undefined) return prefix.length <= fixed.length ? fixed.startsWith(prefix) : wild >= 0 && prefix.startsWith(fixed);
  if (wild < 0 && ![...regex].some((ch) => REGEX_SYNTAX.includes(ch))) return tag.includes(regex);
  return true;
}

/**
 * The `*` pattern of the strings an unanchored search of `regex` finds something in, when `regex` is literal text
 * (letters, digits, other characters that are no regex syntax, `\` before punctuation) with an optional `^` first and
 * `$` last: `*text*`, `text*` (`^`), `*text` (`$`). Undefined for any other regex, or one whose text holds a `*`.
 */
function literalPattern(regex: string): string | undefined {
  const start = regex.startsWith('^');
  const end = regex.endsWith('$') && !regex.endsWith('\\$');
  const body = regex.slice(start ? 1 : 0, end ? regex.length - 1 : regex.length);
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\') {
      const esc = body[i + 1];
      if (esc === undefined || /[A-Za-z0-9]/.test(esc)) return undefined;
      text += esc;
      i++;
    } else if (REGEX_SYNTAX.includes(ch)) return undefined;
    else text += ch;
  }
  if (text.includes('*')) return undefined;
  return `${start ? '' : '*'}${text}${end ? '' : '*'}`;
}

/** The characters that make a regex more than its literal text. */
const REGEX_SYNTAX = '\\.[](){}*+?^$|';
