/*
 * POSIX path helpers for container and batch paths (no I/O). Batch paths
 * may be Windows-style: backslashes are read as separators.
 */

/** What normalizePath changes: a backslash, an empty, `.` or `..` part, a trailing `/` (but `/` alone). */
const NOT_NORMAL = /\\|\/\/|(?:^|\/)\.\.?(?:\/|$)|.\/$/;

/** `a//b/./c/../d/` -> `a/b/d`; keeps a leading `/`; `..` above the root is dropped. */
export function normalizePath(path: string): string {
  // Most paths are normal already (issue #14: the deployment model normalises every path it joins or looks up).
  return NOT_NORMAL.test(path) ? normalizeParts(path) : path;
}

/** normalizePath without its fast path: part by part (exported for the test that holds the two together). */
export function normalizeParts(path: string): string {
  const abs = path.startsWith('/') || path.startsWith('\\');
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return abs ? `/${joined}` : joined;
}

/** The directory part: `a/b/c` -> `a/b`, `/x` -> `/`, `x` -> ``. */
export function dirname(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  if (i < 0) return '';
  return i === 0 ? '/' : p.slice(0, i);
}

/** `rel` against `base`, normalised; an absolute `rel` stays as it is. */
export function joinPath(base: string, rel: string): string {
  if (rel.startsWith('/')) return normalizePath(rel);
  return normalizePath(base === '' ? rel : `${base}/${rel}`);
}

/** `rel` against `base` and then against each directory above it, nearest first: `a/b` + `x` -> `a/b/x`, `a/x`, `x`. */
export function joinedUpward(base: string, rel: string): string[] {
  const out: string[] = [];
  for (let dir = base; ; dir = dirname(dir)) {
    out.push(joinPath(dir, rel));
    if (dir === '' || dir === '/' || dir === '.') return out;
  }
}

/** True when `dir` is `path` or one of its ancestors (both normalised, absolute). */
export function isWithin(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/');
  return path === dir || path.startsWith(`${dir}/`);
}
