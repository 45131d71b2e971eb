import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { FileRef } from '../model/config-model.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import { trailingBlankHint } from './trailing-blank.js';
import type { Vfs } from './vfs.js';
import { base64LineNote } from '../yaml/base64-map.js';

/**
 * A reference the walk follows: an `@INCLUDE` (it has `line`), a
 * `Parsers_File`, or (`yaml: true`) a YAML config's `includes:` item, which
 * Fluent Bit reads as YAML relative to the including file.
 */
export type WalkRef = FileRef & { readonly yaml?: boolean };

/** Where Fluent Bit's YAML reader fails in a classic text: its first line that is not blank or a comment. */
function firstContent(text: string): number {
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n') lineStart = true;
    else if (lineStart && ch === '#') lineStart = false; // a comment line: skip to its end
    else if (lineStart && ch !== ' ' && ch !== '\t' && ch !== '\r') return i;
  }
  return 0;
}

/** The result of walking a config's include graph. */
export interface IncludeWalk {
  /** Every config reached, `start` first, in depth-first order, each once. */
  readonly configs: readonly EmbeddedConfig[];
  /**
   * INCLUDE_NOT_FOUND (info), INCLUDE_GLOB_NO_MATCH (warning), INCLUDE_CYCLE
   * (error), at the reference's range in the file of the config that makes it.
   */
  readonly diagnostics: readonly FileDiagnostic[];
  /** The configs an `@INCLUDE` or `includes:` item reads (not the start, not a Parsers_File target): Fluent Bit reads them by the include's reader, never by their name. */
  readonly included: readonly EmbeddedConfig[];
}

/**
 * Walks `@INCLUDE`-style references from `start` through `vfs`. The caller
 * supplies `getRefs` (the classic parser's model, or a YAML config's
 * `includes:` and `service.parsers_file`: yaml-refs.ts). Relative classic
 * references resolve against `start` (the top-level file, A.9), YAML
 * `includes:` against the including file; a YAML include of a classic
 * config is a YAML_SYNTAX error in both files (Fluent Bit reads it as YAML
 * and refuses it) and is not followed. References that leave
 * the inputs are INCLUDE_NOT_FOUND infos (the image may supply them); a
 * reference back to a config on the current path is an INCLUDE_CYCLE error
 * and is not followed; an `@INCLUDE` of a file already read is what `twice`
 * says (INCLUDE_TWICE). Never throws.
 */
export function walkIncludes(start: EmbeddedConfig, getRefs: (cfg: EmbeddedConfig) => readonly WalkRef[], vfs: Vfs, twice?: (cfg: EmbeddedConfig, r: FileRef, target: EmbeddedConfig) => Pick<FileDiagnostic, 'code' | 'severity' | 'message'> | undefined): IncludeWalk {
  const seen = new Set<string>();
  const order: EmbeddedConfig[] = [];
  // Included files only: a Parsers_File target seen again is loaded as a parsers file, not read as config.
  const included = new Set<string>();
  const diagnostics: FileDiagnostic[] = [];
  const targets: EmbeddedConfig[] = [];
  const report = (cfg: EmbeddedConfig, r: WalkRef, d: Pick<FileDiagnostic, 'code' | 'severity' | 'message'>): void => {
    const s = cfg.map.toOuter(r.start);
    diagnostics.push(Object.assign({}, d, { message: d.message + base64LineNote(cfg, r.start), path: cfg.path, start: s, end: Math.max(s, cfg.map.toOuter(r.end)) })); // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
  };
  const visit = (cfg: EmbeddedConfig, stack: readonly string[]): void => {
    if (seen.has(cfg.id)) return;
    seen.add(cfg.id);
    order.push(cfg);
    for (const r of getRefs(cfg)) {
      // A YAML `includes:` path is relative to the including file; classic ones to the top-level file (A.9).
      const res = vfs.resolve(cfg, r.path, r.yaml === true ? cfg : start);
      // An @INCLUDE path with a trailing blank whose trimmed path resolves (classic includes resolve from the top file).
      const blankHint = (res.kind === 'not-found' || res.kind === 'outside') && 'line' in r ? trailingBlankHint(r.path, (p) => vfs.resolve(cfg, p, start).kind === 'found') : undefined;
      if (res.kind === 'found') {
        for (const target of res.configs) {
          if (target.id === cfg.id || stack.includes(target.id)) {
            report(cfg, r, { code: 'INCLUDE_CYCLE', severity: 'error', message: `'${r.path}' includes '${target.name}' again (include cycle); Fluent Bit aborts with "Read twice"` });
            continue;
          }
          if (r.yaml === true && target.format === 'classic') {
            // Fluent Bit reads every `includes:` target as YAML, whatever its name (probe include-classic-file).
            const first = firstContent(target.text);
            const at = target.map.toOuter(first);
            const line = target.text.slice(0, first).split('\n').length;
            diagnostics.push({
              code: 'YAML_SYNTAX',
              severity: 'error',
              path: target.path,
              start: at,
              end: at,
              message: `'${target.name}' is a classic config, but '${cfg.name}' includes it with 'includes:', which Fluent Bit reads as YAML: it refuses it ("YAML error found in file \"${target.name}\", line ${line}"); convert it to YAML (flb-migrate --to-yaml) or include a YAML file`,
            });
            report(cfg, r, { code: 'YAML_SYNTAX', severity: 'error', message: `'${r.path}' holds a classic config, which Fluent Bit's YAML reader refuses ("including file '${r.path}'", "yaml error"); include a YAML config instead` });
            continue;
          }
          if ('line' in r && r.yaml !== true && target.format === 'yaml') {
            // An @INCLUDE is read by the classic reader whatever the file is called (flb_cf_fluentbit.c recurses into its own read_config: A.0, A.9).
            diagnostics.push(
              readerMismatch(
                target,
                `'${target.name}' is a YAML config, but '${cfg.name}' reads it with @INCLUDE, which Fluent Bit always reads as classic: it refuses to start; include a classic config, or convert '${cfg.name}' to YAML (flb-migrate --to-yaml) and list this file under includes:`,
              ),
            );
          }
          // Read before as config (the top file or another @INCLUDE; a Parsers_File is loaded, not read as config):
          // Fluent Bit records every file it reads and refuses a second read.
          if ('line' in r || r.yaml === true) {
            if (target.id !== start.id) targets.push(target);
            const again = included.has(target.id) && twice && 'line' in r ? twice(cfg, r, target) : undefined;
            if (again) report(cfg, r, again);
            included.add(target.id);
          }
          visit(target, [...stack, cfg.id]);
        }
      } else if (blankHint !== undefined) {
        report(cfg, r, { code: 'INCLUDE_NOT_FOUND', severity: 'info', message: `'${r.path}' is not among the inputs: ${blankHint}` });
      } else if (res.kind === 'not-found' && res.glob) {
        report(cfg, r, { code: 'INCLUDE_GLOB_NO_MATCH', severity: 'warning', message: `'${r.path}' matches no file among the inputs; Fluent Bit aborts on a glob with no match unless the image supplies one` });
      } else if (res.kind === 'not-found' || res.kind === 'outside') {
        // Fluent Bit does not expand variables in a YAML include path (probe include-env-in-path): it looks for that very name.
        const literal = r.yaml === true && r.path.includes('${') ? ` (Fluent Bit does not expand \${...} in includes: it looks for a file of that very name)` : '';
        report(cfg, r, { code: 'INCLUDE_NOT_FOUND', severity: 'info', message: `'${r.path}' is not among the inputs; it may be supplied by the image${literal}` });
      }
    }
  };
  included.add(start.id);
  visit(start, []);
  return { configs: order, diagnostics, included: targets };
}

/** A CONFIG_READER_MISMATCH warning at a config's first line (here and in deploy/reader-mismatch.ts). */
export function readerMismatch(config: EmbeddedConfig, message: string): FileDiagnostic {
  const at = config.map.toOuter(0);
  return { code: 'CONFIG_READER_MISMATCH', severity: 'warning', path: config.path, start: at, end: at, message };
}
