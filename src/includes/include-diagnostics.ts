import type { Discovery, EmbeddedConfig } from '../discover/discovery-types.js';
import type { FileRef } from '../model/config-model.js';
import type { ParsedConfig } from '../model/parse-configs.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import { createVfs } from './vfs.js';
import { walkIncludes, type WalkRef } from './walk-includes.js';
import { yamlFileRefs } from './yaml-refs.js';

/** Files every official Fluent Bit image ships in /fluent-bit/etc: not reported as missing. */
const IMAGE_FILES = /^\/fluent-bit\/etc\/(parsers[\w-]*\.conf|plugins\.conf)$/;

/** The Fluent Bit version a config runs on, when known (major, minor). */
export type VersionLookup = (config: EmbeddedConfig) => { readonly version: { readonly major: number; readonly minor: number } | undefined };

/**
 * Include diagnostics for a batch: every `@INCLUDE` and `Parsers_File` of
 * every classic config without errors is resolved through the batch's
 * virtual filesystem (ConfigMap keys as a directory, pod mounts, Helm chart
 * pieces, plain files by directory). Targets we were not given are info (the
 * image may supply them), cycles are errors, and so is a second `@INCLUDE`
 * of a file (a warning for a config that runs on Fluent Bit < 2.0, per
 * `versionOf`). Each problem is reported once, in the file of the config
 * that makes the reference.
 */
export function includeDiagnostics(discoveries: readonly Discovery[], parsed: readonly ParsedConfig[], versionOf?: VersionLookup): FileDiagnostic[] {
  return [...walkBatchIncludes(discoveries, parsed, versionOf).diagnostics];
}

/** The include walks of a batch: their diagnostics, and the configs each walk joins into one setup. */
export interface BatchIncludes {
  readonly diagnostics: readonly FileDiagnostic[];
  /** Per walk (one per readable config of the batch): the ids of the configs it reaches, its start first. */
  readonly links: readonly (readonly string[])[];
}

/**
 * One walk, two formats: from every classic config without errors
 * (`@INCLUDE`, `Parsers_File`) and every YAML-format config of a readable
 * file (`includes:`, `service.parsers_file`), through the batch's virtual
 * filesystem. See includeDiagnostics for the diagnostics; `links` say which
 * configs Fluent Bit loads together across directories and ConfigMaps.
 */
export function walkBatchIncludes(discoveries: readonly Discovery[], parsed: readonly ParsedConfig[], versionOf?: VersionLookup): BatchIncludes {
  const vfs = createVfs(discoveries);
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
  const seen = new Set<string>();
  const out: FileDiagnostic[] = [];
  const links: string[][] = [];
  const keep = (walk: { readonly configs: readonly EmbeddedConfig[]; readonly diagnostics: readonly FileDiagnostic[] }): void => {
    if (walk.configs.length > 1) links.push(walk.configs.map((c) => c.id));
    for (const d of walk.diagnostics) {
      const key = `${d.path}:${d.start}:${d.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  };
  for (const p of parsed) {
    if (p.hasErrors) continue;
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
    keep(walkIncludes(p.config, refsOf, vfs, twice));
  }
  for (const d of discoveries) {
    if (d.diagnostics.some((x) => x.severity === 'error')) continue;
    for (const c of d.configs) if (c.format === 'yaml') keep(walkIncludes(c, refsOf, vfs));
  }
  return { diagnostics: out, links };
}
