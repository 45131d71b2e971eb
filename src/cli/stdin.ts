import * as path from 'node:path';
import type { FileResult } from '../migrate/types.js';
import { looksLikeClassicConfig } from '../source/sniff-format.js';

export { looksLikeClassicConfig };

/** How standard input is named in every report, unless --stdin-filepath names it. */
export const STDIN_PATH = '<stdin>';

const KNOWN_EXTENSIONS = ['.yaml', '.yml', '.json', '.conf'];

/**
 * The library picks YAML vs classic config from the file extension. A
 * `--stdin-filepath` with a known extension is handed over as is; otherwise
 * (`<stdin>`, or a name like `values`) the text is sniffed and handed over
 * as `<name>.conf` when its first meaningful line is a `[SECTION]` header or
 * an `@INCLUDE`/`@SET` command (a YAML stream never starts that way in
 * practice), else as `<name>.yaml`.
 */
export function stdinLibraryPath(text: string, name = STDIN_PATH): string {
  if (KNOWN_EXTENSIONS.includes(path.extname(name).toLowerCase())) return name;
  return looksLikeClassicConfig(text) ? `${name}.conf` : `${name}.yaml`;
}

/**
 * Renames the file in a result (path, findings, diagnostics) back to `to`;
 * diff headers are relabelled by the caller. Standard input is never
 * renamed: a --to-yaml conversion of it is its new text, with a plain diff.
 */
export function renameResult(r: FileResult, to: string, plainDiff?: (path: string, before: string, after: string) => string): FileResult {
  const from = r.path;
  const { renamedTo, ...rest } = r;
  const base: FileResult = renamedTo === undefined || plainDiff === undefined ? r : { ...rest, diff: plainDiff(from, r.before, r.output) };
  if (from === to) return base;
  return {
    ...base,
    path: to,
    findings: r.findings.map((f) => (f.path === from ? { ...f, path: to } : f)),
    diagnostics: r.diagnostics.map((d) => (d.path === from ? { ...d, path: to } : d)),
  };
}
