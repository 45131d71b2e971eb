/**
 * Matches one path segment (a file or ConfigMap key name) against a
 * wildcard pattern: `*` is any run of characters, `?` one character, and
 * neither crosses a `/` (a `name` containing `/` never matches). Every
 * other character matches itself.
 *
 * Greedy two-pointer walk that only ever backtracks to the last `*`:
 * O(pattern * name) in the worst case, never exponential. A pattern turned
 * into a regex (`[^/]*a[^/]*a...`) backtracks in O(name^stars), so
 * `@INCLUDE *a*a*a*a*a*a*a*a*a*a*a*a*b` against a 40-character key ran for
 * 40 s.
 */
export function matchWildcard(pattern: string, name: string): boolean {
  if (name.includes('/')) return false;
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < name.length) {
    const pc = pattern[p];
    if (pc !== undefined && pc !== '*' && (pc === '?' || pc === name[t])) {
      p++;
      t++;
    } else if (pc === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
