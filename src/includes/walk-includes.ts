import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { FileRef } from '../model/config-model.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import type { Vfs } from './vfs.js';

/** The result of walking a config's include graph. */
export interface IncludeWalk {
  /** Every config reached, `start` first, in depth-first order, each once. */
  readonly configs: readonly EmbeddedConfig[];
  /**
   * INCLUDE_NOT_FOUND (info), INCLUDE_GLOB_NO_MATCH (warning), INCLUDE_CYCLE
   * (error), at the reference's range in the file of the config that makes it.
   */
  readonly diagnostics: readonly FileDiagnostic[];
}

/**
 * Walks `@INCLUDE`-style references from `start` through `vfs`. The caller
 * supplies `getRefs` (from the classic parser's model). Relative references
 * resolve against `start` (the top-level file, A.9). References that leave
 * the inputs are INCLUDE_NOT_FOUND infos (the image may supply them); a
 * reference back to a config on the current path is an INCLUDE_CYCLE error
 * and is not followed; an `@INCLUDE` of a file already read is what `twice`
 * says (INCLUDE_TWICE). Never throws.
 */
export function walkIncludes(start: EmbeddedConfig, getRefs: (cfg: EmbeddedConfig) => readonly FileRef[], vfs: Vfs, twice?: (cfg: EmbeddedConfig, r: FileRef, target: EmbeddedConfig) => Pick<FileDiagnostic, 'code' | 'severity' | 'message'> | undefined): IncludeWalk {
  const seen = new Set<string>();
  const order: EmbeddedConfig[] = [];
  // Included files only: a Parsers_File target seen again is loaded as a parsers file, not read as config.
  const included = new Set<string>();
  const diagnostics: FileDiagnostic[] = [];
  const report = (cfg: EmbeddedConfig, r: FileRef, d: Pick<FileDiagnostic, 'code' | 'severity' | 'message'>): void => {
    const s = cfg.map.toOuter(r.start);
    diagnostics.push({ ...d, path: cfg.path, start: s, end: Math.max(s, cfg.map.toOuter(r.end)) });
  };
  const visit = (cfg: EmbeddedConfig, stack: readonly string[]): void => {
    if (seen.has(cfg.id)) return;
    seen.add(cfg.id);
    order.push(cfg);
    for (const r of getRefs(cfg)) {
      const res = vfs.resolve(cfg, r.path, start);
      if (res.kind === 'found') {
        for (const target of res.configs) {
          if (target.id === cfg.id || stack.includes(target.id)) {
            report(cfg, r, { code: 'INCLUDE_CYCLE', severity: 'error', message: `'${r.path}' includes '${target.name}' again (include cycle); Fluent Bit aborts with "Read twice"` });
            continue;
          }
          // Read before as config (the top file or another @INCLUDE; a Parsers_File is loaded, not read as config):
          // Fluent Bit records every file it reads and refuses a second read.
          if ('line' in r) {
            const again = included.has(target.id) && twice ? twice(cfg, r, target) : undefined;
            if (again) report(cfg, r, again);
            included.add(target.id);
          }
          visit(target, [...stack, cfg.id]);
        }
      } else if (res.kind === 'not-found' && res.glob) {
        report(cfg, r, { code: 'INCLUDE_GLOB_NO_MATCH', severity: 'warning', message: `'${r.path}' matches no file among the inputs; Fluent Bit aborts on a glob with no match unless the image supplies one` });
      } else if (res.kind === 'not-found' || res.kind === 'outside') {
        report(cfg, r, { code: 'INCLUDE_NOT_FOUND', severity: 'info', message: `'${r.path}' is not among the inputs; it may be supplied by the image` });
      }
    }
  };
  included.add(start.id);
  visit(start, []);
  return { configs: order, diagnostics };
}
