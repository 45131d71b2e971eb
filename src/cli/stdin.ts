import type { FileResult } from '../migrate/types.js';
import { looksLikeClassicConfig } from '../source/sniff-format.js';

export { looksLikeClassicConfig };

/** How standard input is named in every report. */
export const STDIN_PATH = '<stdin>';

/**
 * The library picks YAML vs classic config from the file extension, and
 * stdin has none: so stdin is handed over as `<stdin>.yaml`, or
 * `<stdin>.conf` when its first meaningful line is a `[SECTION]` header or an
 * `@INCLUDE`/`@SET` command (a YAML stream never starts that way in practice).
 */
export function stdinLibraryPath(text: string): string {
  return looksLikeClassicConfig(text) ? `${STDIN_PATH}.conf` : `${STDIN_PATH}.yaml`;
}

/** Renames the file in a result (path, findings, diagnostics, diff headers) back to `<stdin>`. */
export function renameResult(r: FileResult, to: string): FileResult {
  const from = r.path;
  const lines = r.diff.split('\n');
  // Only the `---`/`+++` header lines before the first hunk name the file.
  for (let i = 0; i < lines.length && !(lines[i] ?? '').startsWith('@@'); i++) {
    const line = lines[i] ?? '';
    for (const prefix of ['--- a/', '+++ b/', '--- ', '+++ ']) {
      if (line.startsWith(prefix + from) && /^(\t|$)/.test(line.slice(prefix.length + from.length))) {
        lines[i] = prefix + to + line.slice(prefix.length + from.length);
        break;
      }
    }
  }
  return {
    ...r,
    path: to,
    diff: lines.join('\n'),
    findings: r.findings.map((f) => (f.path === from ? { ...f, path: to } : f)),
    diagnostics: r.diagnostics.map((d) => (d.path === from ? { ...d, path: to } : d)),
  };
}
