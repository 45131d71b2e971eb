import type { Diagnostic } from '../source/diagnostic.js';
import { LineIndex } from '../source/line-index.js';
import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { Vfs } from './vfs.js';

/** One reference found in a config's text: the path as written and its inner offset. */
export interface IncludeRef {
  readonly ref: string;
  readonly offset: number;
  /** Length of the reference in the inner text (for the diagnostic range); default `ref.length`. */
  readonly length?: number;
}

/** The result of walking a config's include graph. */
export interface IncludeWalk {
  /** Every config reached, `start` first, in depth-first order, each once. */
  readonly configs: readonly EmbeddedConfig[];
  /** INCLUDE_NOT_FOUND (info), INCLUDE_GLOB_NO_MATCH (warning), INCLUDE_CYCLE (error), located in the outer file of the referring config. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Walks `@INCLUDE`-style references from `start` through `vfs`. The caller
 * supplies `getRefs` (from the classic/YAML parser). Relative references
 * resolve against `start` (the top-level file, A.9). References that leave
 * the inputs are INCLUDE_NOT_FOUND infos (the image may supply them); a
 * reference back to a config on the current path is an INCLUDE_CYCLE error
 * and is not followed. `texts` maps an outer path to its text for line/col
 * (missing: line/col left unset). Never throws.
 */
export function walkIncludes(
  start: EmbeddedConfig,
  getRefs: (cfg: EmbeddedConfig) => readonly IncludeRef[],
  vfs: Vfs,
  texts: ReadonlyMap<string, string> = new Map(),
): IncludeWalk {
  const seen = new Set<string>();
  const order: EmbeddedConfig[] = [];
  const diagnostics: Diagnostic[] = [];
  const indexes = new Map<string, LineIndex>();
  const locate = (cfg: EmbeddedConfig, r: IncludeRef, d: Omit<Diagnostic, 'start' | 'end' | 'path'>): Diagnostic => {
    const s = cfg.map.toOuter(r.offset);
    const e = cfg.map.toOuter(r.offset + (r.length ?? r.ref.length));
    const text = texts.get(cfg.path);
    let index = indexes.get(cfg.path);
    if (!index && text !== undefined) indexes.set(cfg.path, (index = new LineIndex(text)));
    return { ...d, start: s, end: Math.max(s, e), path: cfg.path, ...(index ? index.position(s) : {}) };
  };
  const visit = (cfg: EmbeddedConfig, stack: readonly string[]): void => {
    if (seen.has(cfg.id)) return;
    seen.add(cfg.id);
    order.push(cfg);
    for (const r of getRefs(cfg)) {
      const res = vfs.resolve(cfg, r.ref, start);
      if (res.kind === 'found') {
        for (const target of res.configs) {
          if (target.id === cfg.id || stack.includes(target.id)) {
            diagnostics.push(locate(cfg, r, { code: 'INCLUDE_CYCLE', severity: 'error', message: `'${r.ref}' includes '${target.name}' again (include cycle); Fluent Bit aborts with "Read twice"` }));
            continue;
          }
          visit(target, [...stack, cfg.id]);
        }
      } else if (res.kind === 'not-found' && res.glob) {
        diagnostics.push(locate(cfg, r, { code: 'INCLUDE_GLOB_NO_MATCH', severity: 'warning', message: `'${r.ref}' matches no file among the inputs; Fluent Bit aborts on a glob with no match unless the image supplies one` }));
      } else if (res.kind === 'not-found' || res.kind === 'outside') {
        diagnostics.push(locate(cfg, r, { code: 'INCLUDE_NOT_FOUND', severity: 'info', message: `'${r.ref}' is not among the inputs; it may be supplied by the image` }));
      }
    }
  };
  visit(start, []);
  return { configs: order, diagnostics };
}
