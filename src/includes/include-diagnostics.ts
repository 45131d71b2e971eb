import type { Discovery } from '../discover/discovery-types.js';
import type { FileRef } from '../model/config-model.js';
import type { ParsedConfig } from '../model/parse-configs.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import { createVfs } from './vfs.js';
import { walkIncludes } from './walk-includes.js';

/** Files every official Fluent Bit image ships in /fluent-bit/etc: not reported as missing. */
const IMAGE_FILES = /^\/fluent-bit\/etc\/(parsers[\w-]*\.conf|plugins\.conf)$/;

/**
 * Include diagnostics for a batch: every `@INCLUDE` and `Parsers_File` of
 * every classic config without errors is resolved through the batch's
 * virtual filesystem (ConfigMap keys as a directory, pod mounts, Helm chart
 * pieces, plain files by directory). Targets we were not given are info (the
 * image may supply them), cycles are errors. Each problem is reported once,
 * in the file of the config that makes the reference.
 */
export function includeDiagnostics(discoveries: readonly Discovery[], parsed: readonly ParsedConfig[]): FileDiagnostic[] {
  const vfs = createVfs(discoveries);
  const byId = new Map(parsed.map((p) => [p.config.id, p]));
  const refsOf = (cfg: { id: string }): FileRef[] => {
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
  for (const p of parsed) {
    if (p.hasErrors) continue;
    for (const d of walkIncludes(p.config, refsOf, vfs).diagnostics) {
      const key = `${d.path}:${d.start}:${d.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
