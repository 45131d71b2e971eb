import type { Discovery, EmbeddedConfig } from '../discover/discovery-types.js';
import type { FileRef } from '../model/config-model.js';
import type { ParsedConfig } from '../model/parse-configs.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import { createVfs } from './vfs.js';
import { walkIncludes, type IncludeWalk, type WalkRef } from './walk-includes.js';
import { yamlFileRefs } from './yaml-refs.js';

/** Files every official Fluent Bit image ships in /fluent-bit/etc: not reported as missing. */
const IMAGE_FILES = /^\/fluent-bit\/etc\/(parsers[\w-]*\.conf|plugins\.conf)$/;

/** The Fluent Bit version a config runs on, when known (major, minor). */
export type VersionLookup = (config: EmbeddedConfig) => { readonly version: { readonly major: number; readonly minor: number } | undefined };

/**
 * Include diagnostics for a batch: every `@INCLUDE` and `Parsers_File` that
 * Fluent Bit reads from a top-level file (walkBatchIncludes) is resolved through the batch's
 * virtual filesystem (ConfigMap keys as a directory, pod mounts, Helm chart
 * pieces, plain files by directory). Targets we were not given are info (the
 * image may supply them), cycles are errors, and so is a second `@INCLUDE`
 * of a file (a warning for a config that runs on Fluent Bit < 2.0, per
 * `versionOf`). Each problem is reported once, in the file of the config
 * that makes the reference.
 */
export function includeDiagnostics(discoveries: readonly Discovery[], parsed: readonly ParsedConfig[], versionOf?: VersionLookup, runsDirectly?: (config: EmbeddedConfig) => boolean): FileDiagnostic[] {
  return [...walkBatchIncludes(discoveries, parsed, versionOf, runsDirectly).diagnostics];
}

/** The include walks of a batch: their diagnostics, and the configs each walk joins into one setup. */
export interface BatchIncludes {
  readonly diagnostics: readonly FileDiagnostic[];
  /** Per root walk (rootWalks): the ids of the configs it reaches, its start first; a walk that reaches no other config is left out. */
  readonly links: readonly (readonly string[])[];
  /** Ids of the configs some walk reads through an `@INCLUDE` or `includes:` item: Fluent Bit picks their reader by the include, not by their name. */
  readonly included: ReadonlySet<string>;
}

/**
 * One walk, two formats: from every classic config without errors
 * (`@INCLUDE`, `Parsers_File`) and every YAML-format config of a readable
 * file (`includes:`, `service.parsers_file`), through the batch's virtual
 * filesystem. Only the walks of top-level files count (rootWalks): a config
 * that another config of the batch includes is read by Fluent Bit through
 * that includer, whose walk resolves its relative classic paths against the
 * right directory (A.9), unless `runsDirectly` says a workload runs it
 * (`-c`). See includeDiagnostics for the diagnostics; `links` say which
 * configs Fluent Bit loads together across directories and ConfigMaps.
 */
export function walkBatchIncludes(
  discoveries: readonly Discovery[],
  parsed: readonly ParsedConfig[],
  versionOf?: VersionLookup,
  /** True for a config a workload of the batch runs as its `-c` file (deploy/: a container's mainConfig). */
  runsDirectly?: (config: EmbeddedConfig) => boolean,
  /** True for a chart config string a higher value set of its release replaces (deploy/: Deployment.overriddenBy): Helm never renders it, so it is no file of the chart's ConfigMap and no walk starts there. */
  replaced?: (config: EmbeddedConfig) => boolean,
): BatchIncludes {
  const vfs = createVfs(discoveries, replaced);
  const byId = new Map(parsed.map((p) => [p.config.id, p]));
  const refsOf = (cfg: EmbeddedConfig): WalkRef[] => {
    if (cfg.format === 'yaml') {
      const { includes, parsersFiles } = yamlFileRefs(cfg);
      return [
        ...includes.map((r) => ({ ...r, yaml: true })),
        ...parsersFiles.filter((r) => !IMAGE_FILES.test(r.path) && !r.path.includes('${')),
      ].sort((a, b) => a.start - b.start);
    }
    const p = byId.get(cfg.id);
    if (!p) return [];
    const refs: FileRef[] = [...p.model.includes];
    for (const s of p.model.sectionsOf('service')) {
      for (const e of s.getAll('parsers_file')) {
        if (!IMAGE_FILES.test(e.value) && e.varRefs.length === 0) refs.push({ path: e.value, start: e.valueStart, end: e.valueEnd });
      }
    }
    return refs;
  };
  const walks: IncludeWalk[] = [];
  for (const p of parsed) {
    if (p.hasErrors || replaced?.(p.config)) continue;
    const twice = (_: EmbeddedConfig, r: { path: string }, target: EmbeddedConfig): Pick<FileDiagnostic, 'code' | 'severity' | 'message'> => {
      // Before 2.0 there was no "Read twice" check: the sections are read (and instantiated) twice.
      const v = versionOf?.(p.config).version;
      const old = v !== undefined && v.major < 2;
      const what = target.name === r.path ? 'reads that file' : `reads '${target.name}'`;
      return {
        code: 'INCLUDE_TWICE',
        severity: old ? 'warning' : 'error',
        message: old
          ? `@INCLUDE ${r.path} ${what} a second time: its sections run twice on this Fluent Bit < 2.0 (2.0+ aborts with "Read twice"); include it once`
          : `@INCLUDE ${r.path} ${what} a second time: Fluent Bit >= 2.0 aborts ("Read twice"); include it once`,
      };
    };
    walks.push(walkIncludes(p.config, refsOf, vfs, twice));
  }
  for (const d of discoveries) {
    if (d.diagnostics.some((x) => x.severity === 'error')) continue;
    for (const c of d.configs) if (c.format === 'yaml' && !replaced?.(c)) walks.push(walkIncludes(c, refsOf, vfs));
  }
  const roots = rootWalks(walks, (w) => runsDirectly?.(w.configs[0] as EmbeddedConfig) === true);
  const seen = new Set<string>();
  const out: FileDiagnostic[] = [];
  const links: string[][] = [];
  const included = new Set(walks.flatMap((w) => w.included.map((c) => c.id)));
  for (const walk of walks) {
    if (!roots.has(walk)) continue;
    if (walk.configs.length > 1) links.push(walk.configs.map((c) => c.id));
    for (const d of walk.diagnostics) {
      const key = `${d.path}:${d.start}:${d.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return { diagnostics: out, links, included };
}

/**
 * The walks of top-level files, as Fluent Bit reads a batch: a config that
 * another walk reaches is read through that includer, not on its own, so its
 * own walk (relative classic paths against its own directory, its own
 * "read before" set) is not what Fluent Bit does. In rounds, among the walks
 * whose start no root walk reaches yet: a start is a root when every such
 * walk that reaches it is reached back (nothing includes it, or it is in an
 * include cycle with no way in: A includes B includes A, both are roots and
 * both edges of the cycle are reported); when no start qualifies (a cycle
 * the walks see differently), the first in batch order is. A start that
 * only a non-root walk reaches (a wrong resolution: a same-named file next
 * to the included one) is a root of a later round. `direct` walks (a
 * workload runs their start with `-c`) are roots whatever includes them.
 * Each walk's `configs` has its start first.
 */
export function rootWalks<W extends { readonly configs: readonly { readonly id: string }[] }>(walks: readonly W[], direct: (walk: W) => boolean): Set<W> {
  const startOf = (i: number): string => (walks[i] as W).configs[0]?.id ?? '';
  const byStart = new Map<string, number>();
  walks.forEach((_, i) => {
    if (!byStart.has(startOf(i))) byStart.set(startOf(i), i);
  });
  // reachedBy[i]: the other walks that reach walk i's start.
  const reachedBy: number[][] = walks.map(() => []);
  walks.forEach((w, j) => {
    for (const c of w.configs.slice(1)) {
      const i = byStart.get(c.id);
      if (i !== undefined && i !== j) reachedBy[i]?.push(j);
    }
  });
  const sets = new Map<number, Set<string>>();
  const reaches = (i: number, j: number): boolean => {
    let s = sets.get(i);
    if (!s) sets.set(i, (s = new Set((walks[i] as W).configs.map((c) => c.id))));
    return s.has(startOf(j));
  };
  const roots = new Set<W>();
  const covered = new Set<string>();
  const take = (i: number): void => {
    const w = walks[i] as W;
    roots.add(w);
    for (const c of w.configs) covered.add(c.id);
  };
  walks.forEach((w, i) => {
    if (direct(w)) take(i);
  });
  let open = walks.map((_, i) => i).filter((i) => !covered.has(startOf(i)));
  while (open.length > 0) {
    const openSet = new Set(open);
    const fresh = open.filter((i) => (reachedBy[i] as number[]).every((j) => !openSet.has(j) || reaches(i, j)));
    if (fresh.length === 0) fresh.push(open[0] as number);
    for (const i of fresh) take(i);
    open = open.filter((i) => !covered.has(startOf(i)));
  }
  return roots;
}
