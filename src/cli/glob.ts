/**
 * Just enough glob for quoted CLI patterns like `'manifests/**\/*.yaml'`:
 * `*` (any run of characters within one path segment), `?` (one character
 * within a segment) and `**` as a whole segment (zero or more segments).
 * No braces, classes or negation. Patterns and paths use `/`.
 */

/** True when `arg` contains glob syntax this module understands. */
export function isGlob(arg: string): boolean {
  return /[*?]/.test(arg);
}

export interface GlobPattern {
  /** The literal leading directories, where the walk starts ('.' when none). */
  readonly base: string;
  /** Segments of the pattern below `base`. */
  readonly segments: readonly string[];
  /** Deepest file level below `base` that can match; `Infinity` with `**`. */
  readonly maxDepth: number;
  /** Tests a `/`-separated path relative to `base`. */
  matches(relativePath: string): boolean;
}

export function compileGlob(pattern: string): GlobPattern {
  const all = pattern.replaceAll('\\', '/').split('/');
  const firstMagic = all.findIndex(isGlob);
  const baseParts = all.slice(0, firstMagic);
  const segments = all.slice(firstMagic).filter((s) => s !== '');
  const base = baseParts.length === 0 ? '.' : baseParts.join('/') || '/';
  const source = segments
    .map((segment, i) => {
      const last = i === segments.length - 1;
      if (segment === '**') return last ? '.*' : '(?:[^/]+/)*';
      return segmentSource(segment) + (last ? '' : '/');
    })
    .join('');
  const regex = new RegExp(`^${source}$`);
  return {
    base,
    segments,
    maxDepth: segments.includes('**') ? Infinity : segments.length,
    matches: (relativePath) => regex.test(relativePath),
  };
}

function segmentSource(segment: string): string {
  let out = '';
  for (const ch of segment) {
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}
