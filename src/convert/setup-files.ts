import { posix } from 'node:path';
import { matchWildcard } from '../source/wildcard.js';

/**
 * The files of one Fluent Bit setup, by name. Names are '/'-separated and
 * relative to the main file's directory (`fluent-bit.conf`,
 * `conf.d/out.conf`), or absolute for files outside it. The library never
 * touches a file system: the caller hands the texts over.
 */
export interface SetupFiles {
  readonly names: readonly string[];
  /** The text (or raw bytes, decoded as strict UTF-8 by the YAML reader) of a name, or undefined. */
  read(name: string): string | Uint8Array | undefined;
}

export function setupFilesFrom(files: ReadonlyMap<string, string | Uint8Array> | Readonly<Record<string, string | Uint8Array>>): SetupFiles {
  const map = files instanceof Map ? files as ReadonlyMap<string, string | Uint8Array> : new Map(Object.entries(files));
  const byName = new Map<string, string | Uint8Array>();
  for (const [name, text] of map) byName.set(normalizeName(name), text);
  return { names: [...byName.keys()], read: (name) => byName.get(normalizeName(name)) };
}

/** `a/./b/../c` -> `a/c`; keeps a leading `/`; never returns `.` for a relative name. */
export function normalizeName(name: string): string {
  const n = posix.normalize(name);
  return n === '.' ? '' : n.replace(/^\.\//, '');
}

/** Directory part of a name ('' for a top-level name). */
export function dirOf(name: string): string {
  const d = posix.dirname(name);
  return d === '.' ? '' : d;
}

/**
 * Resolves a path written in a config against a directory name. An absolute
 * path under `baseDir` (the directory the setup's files live in, e.g.
 * `/fluent-bit/etc/`) becomes the relative name of that file.
 */
export function resolveRef(ref: string, fromDir: string, baseDir?: string): string {
  if (ref.startsWith('/')) {
    const abs = normalizeName(ref);
    if (baseDir) {
      let base = normalizeName(baseDir);
      if (!base.endsWith('/')) base += '/';
      if (abs.startsWith(base)) return normalizeName(abs.slice(base.length));
    }
    return abs;
  }
  return normalizeName(fromDir === '' ? ref : `${fromDir}/${ref}`);
}

/** The path to write in a file living in `fromDir` so that it reaches `target` (both setup names). */
export function relativeRef(fromDir: string, target: string): string {
  if (target.startsWith('/')) return target;
  const rel = posix.relative(fromDir === '' ? '.' : fromDir, target);
  return rel === '' ? posix.basename(target) : rel;
}

/**
 * Names matching a glob pattern (already resolved to a setup name), segment
 * by segment: `*` and `?` never cross a `/`. Sorted by name: Fluent Bit's
 * `glob(GLOB_NOSORT)` takes directory order, which is unspecified; the
 * conformance data was produced with name order.
 */
export function globNames(pattern: string, names: readonly string[]): string[] {
  const parts = pattern.split('/');
  return names
    .filter((name) => {
      const segs = name.split('/');
      return segs.length === parts.length && segs.every((s, i) => matchWildcard(parts[i] as string, s));
    })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Fluent Bit's reader by name (source/sniff-format.ts, flb_cf_create_from_file): one definition for discovery and the converter. */
export { isYamlName } from '../source/sniff-format.js';
