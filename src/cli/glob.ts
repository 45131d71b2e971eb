import { matchWildcard } from '../source/wildcard.js';

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
  return {
    base,
    segments,
    maxDepth: segments.includes('**') ? Infinity : segments.length,
    matches: (relativePath) => matchSegments(segments, relativePath.split('/')),
  };
}

/**
 * Pattern segments against path segments, `**` standing for zero or more
 * whole segments. One pass per pattern segment over the reachable path
 * prefixes: O(pattern * path) wildcard steps, never the exponential
 * backtracking of a regex like `^(?:[^/]+/)*[^/]*a[^/]*a...$`.
 */
function matchSegments(pattern: readonly string[], path: readonly string[]): boolean {
  let reach: boolean[] = new Array<boolean>(path.length + 1).fill(false);
  reach[0] = true;
  for (const segment of pattern) {
    const next: boolean[] = new Array<boolean>(path.length + 1).fill(false);
    if (segment === '**') {
      let isReached = false;
      for (let j = 0; j <= path.length; j++) {
        isReached ||= reach[j] === true;
        next[j] = isReached;
      }
    } else {
      for (let j = 0; j < path.length; j++) {
        if (reach[j] === true && matchWildcard(segment, path[j] ?? '')) next[j + 1] = true;
      }
    }
    reach = next;
  }
  return reach[path.length] === true;
}
