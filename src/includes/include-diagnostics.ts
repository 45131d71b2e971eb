import type { Discovery } from '../discover/discovery-types.js';
import { createVfs } from './vfs.js';
import { walkIncludes, type IncludeRef } from './walk-includes.js';
import type { Diagnostic } from '../source/diagnostic.js';
import type { ClassicUnit } from '../migrate/parse-configs.js';

/** Files every official Fluent Bit image ships in /fluent-bit/etc: not reported as missing. */
const IMAGE_FILES = /^\/fluent-bit\/etc\/(parsers[\w-]*\.conf|plugins\.conf)$/;

/**
 * Include diagnostics for a batch: every `@INCLUDE` and `Parsers_File` of
 * every classic config is resolved through the batch's virtual filesystem
 * (ConfigMap keys as a directory, pod mounts, Helm chart pieces, plain files
 * by directory). Targets we were not given are info (the image may supply
 * them), cycles are errors. Each problem is reported once.
 */
export function includeDiagnostics(discoveries: readonly Discovery[], units: readonly ClassicUnit[]): Diagnostic[] {
  const vfs = createVfs(discoveries);
  const byId = new Map(units.map((u) => [u.config.id, u]));
  const texts = new Map(discoveries.map((d) => [d.path, d.text]));
  const getRefs = (cfg: { id: string }): IncludeRef[] => {
    const u = byId.get(cfg.id);
    if (!u) return [];
    const refs: IncludeRef[] = u.model.includes.map((i) => ({ ref: i.path, offset: i.start }));
    for (const s of u.model.sectionsOf('service')) {
      for (const e of s.getAll('parsers_file')) {
        if (!IMAGE_FILES.test(e.value) && e.varRefs.length === 0) refs.push({ ref: e.value, offset: e.valueStart });
      }
    }
    return refs;
  };
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const u of units) {
    if (u.diagnostics.some((d) => d.severity === 'error')) continue;
    for (const d of walkIncludes(u.config, getRefs, vfs, texts).diagnostics) {
      const key = `${d.path}:${d.start}:${d.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
