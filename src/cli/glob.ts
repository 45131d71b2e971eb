// Globs for path arguments and --exclude, on picomatch (the matcher of
// fast-glob, chokidar and vite): its syntax and semantics for `*`, `?`,
// `[...]` classes (POSIX ones too), `{a,b}` braces and `{1..3}` ranges,
// backslash escapes and dotfiles. picomatch runs on ONE path segment at a
// time; `**` segments are matched here, by a linear pass over segments.
import picomatch from 'picomatch';

/**
 * The most unbounded wildcards (`*`) one segment may hold. picomatch turns a
 * segment into a backtracking regex whose worst case grows as name^stars on
 * a name that almost matches (`*a*a*a*a*b` against 255 `a`s runs for
 * seconds); with at most 3 and names of at most 255 characters (NAME_MAX), a
 * test costs a bounded few million steps, so a walk stays linear in the
 * number of entries whatever names the tree holds.
 */
export const MAX_STARS_PER_SEGMENT = 3;

/** A glob that cannot be used: reported as a usage error or on its argument. */
export class GlobError extends Error {
  override readonly name = 'GlobError';
}

/** True when `arg` holds glob syntax (`*`, `?`, `[...]`, `{a,b}`; backslash-escaped characters are literal). */
export function isGlob(arg: string): boolean {
  return picomatch.scan(arg).isGlob;
}

/** Tests one directory entry name (never contains `/`). */
type SegmentMatcher = (name: string) => boolean;

/** `**`: zero or more whole segments. */
const GLOBSTAR = Symbol('**');

type Segment = SegmentMatcher | typeof GLOBSTAR;

export interface GlobPattern {
  /** The pattern as given. */
  readonly pattern: string;
  /** The literal leading directories, where the walk starts (`.` when none; `/` for the root). */
  readonly base: string;
  /** True when the last segment ends in a literal extension (`*.txt`): the user named the file type. */
  readonly namesExtension: boolean;
  /** The state before any segment below `base` is read. */
  start(): GlobState;
}

/**
 * Where a walk is in the pattern: the set of segment positions reachable
 * after the path so far (an NFA state). `step` reads one more path segment;
 * `isDead` means nothing below can match (the walk prunes the directory);
 * `isMatch` means the path so far matches the whole pattern.
 */
export interface GlobState {
  readonly isDead: boolean;
  readonly isMatch: boolean;
  step(name: string): GlobState;
}

interface CompileOptions {
  /** Let `*`, `?`, classes and `**` match a leading `.` (excludes do; path globs do not, as in a shell). */
  readonly dot?: boolean;
  /**
   * Split the literal leading directories off as `base`, where a walk
   * starts (path arguments). Without it every segment is matched, from the
   * first (excludes, matched against whole paths).
   */
  readonly splitBase?: boolean;
  /** How messages name the pattern (default: the pattern). */
  readonly label?: string;
}

/**
 * Compiles a glob. Segments are split brace-aware by picomatch.scan; a brace
 * that spans a `/` (`{a/b,c}`), and a segment with more than
 * MAX_STARS_PER_SEGMENT wildcards, are refused with a GlobError.
 */
export function compileGlob(pattern: string, options: CompileOptions = {}): GlobPattern {
  const splitBase = options.splitBase !== false;
  const scan = picomatch.scan(pattern, { parts: true });
  const base = splitBase ? (scan.base === '' ? '.' : unescapeLiteral(scan.base)) : '';
  const rest = splitBase ? scan.glob : pattern;
  const parts = rest === '' ? [] : (picomatch.scan(rest, { parts: true }).parts ?? [rest]);
  const dot = options.dot === true;
  const label = options.label ?? pattern;
  const segments = parts
    .filter((p) => p !== '' && p !== '.')
    .map((part): Segment => {
      if (part === '**') return GLOBSTAR;
      if (part.includes('/')) throw new GlobError(`'${label}': a brace that spans a '/' is not supported; give one pattern per alternative`);
      if (countStars(part) > MAX_STARS_PER_SEGMENT) {
        throw new GlobError(`'${label}': more than ${MAX_STARS_PER_SEGMENT} '*' in one path segment ('${part}') can take too long to match; split it into several patterns`);
      }
      if (!picomatch.scan(part).isGlob) {
        const literal = unescapeLiteral(part);
        return (name) => name === literal;
      }
      return picomatch(posixNegation(part), { dot, noextglob: true });
    });
  const last = parts[parts.length - 1] ?? '';
  return {
    pattern,
    base,
    namesExtension: /\.[A-Za-z0-9_-]+$/.test(last),
    start: () => stateOf(segments, dot, closure(segments, [0])),
  };
}

/** Star tokens of a segment, a run of them counting once (`a**b` is one `*`). */
function countStars(part: string): number {
  let stars = 0;
  let previous = '';
  // @types/picomatch types parse()'s options as `{ maxLength }` only; picomatch reads them all.
  const options = { noextglob: true } as Parameters<typeof picomatch.parse>[1];
  for (const token of picomatch.parse(part, options).tokens) {
    if (token.type === 'star' && previous !== 'star') stars++;
    previous = token.type;
  }
  return stars;
}

/** The shell's `[!ab]` is picomatch's `[^ab]` (picomatch reads `[!` as a literal `!`). */
function posixNegation(part: string): string {
  return part.replace(/(^|[^\\])\[!/g, '$1[^');
}

/** A segment without glob syntax, its escapes removed (`a\*b` names `a*b`). */
function unescapeLiteral(part: string): string {
  return part.replace(/\\(.)/g, '$1');
}

/** Adds the positions reachable through `**` matching zero segments. */
function closure(segments: readonly Segment[], positions: readonly number[]): number[] {
  const out = new Set(positions);
  for (const p of [...out].sort((a, b) => a - b)) {
    for (let q = p; q < segments.length && segments[q] === GLOBSTAR; q++) out.add(q + 1);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * One NFA step per path segment: O(pattern segments) segment tests, each on
 * one name. Never the backtracking of a whole-path regex, whose `**` parts
 * multiply (`**\/*a*\/**\/*a*\/**\/b` on a deep path).
 */
function stateOf(segments: readonly Segment[], dot: boolean, positions: readonly number[]): GlobState {
  return {
    isDead: positions.length === 0,
    isMatch: positions.includes(segments.length),
    step(name: string): GlobState {
      const next: number[] = [];
      for (const p of positions) {
        const segment = segments[p];
        if (segment === undefined) continue;
        if (segment === GLOBSTAR) {
          // `**` never crosses `.` or `..`, and (like the shell's globstar) no dot directory unless dot is set.
          if (name !== '.' && name !== '..' && (dot || !name.startsWith('.'))) next.push(p);
        } else if (segment(name)) {
          next.push(p + 1);
        }
      }
      return stateOf(segments, dot, closure(segments, [...new Set(next)]));
    },
  };
}

/** Matches a `/`-separated relative path against a compiled glob (tests and one-off checks). */
export function matchesPath(glob: GlobPattern, relativePath: string): boolean {
  let state = glob.start();
  for (const name of relativePath.split('/')) {
    if (name === '') continue;
    state = state.step(name);
    if (state.isDead) return false;
  }
  return state.isMatch;
}
