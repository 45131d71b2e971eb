import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic } from '../source/diagnostic.js';

/**
 * YAML_SYNTAX diagnostics for parsed documents. Documents must be parsed
 * with `prettyErrors: false`: yaml's prettifier scans the whole line of
 * every error, which is quadratic on a 1 MB line of `]]]...` (one error per
 * bracket). The position comes from the LineCounter instead (what the
 * prettifier would have used); the message carries no position, since it
 * is reported separately (path:line:col).
 */
export function yamlErrors(docs: readonly Document.Parsed[], lineCounter: LineCounter, path?: string): Diagnostic[] {
  return docs.flatMap((d) =>
    d.errors.map((e): Diagnostic => {
      const at = e.pos[0] >= 0 ? lineCounter.linePos(e.pos[0]) : undefined;
      return {
        code: 'YAML_SYNTAX',
        severity: 'error',
        message: e.message.split('\n')[0] ?? e.message,
        start: e.pos[0],
        end: e.pos[1],
        ...(path === undefined ? {} : { path }),
        ...(at ? { line: at.line, column: at.col } : {}),
      };
    }),
  );
}

/**
 * Re-parses a YAML file (typically the output after edits) and returns its
 * YAML_SYNTAX errors with line/column; [] when it parses. Never throws;
 * aliases are not expanded.
 */
export function validateYaml(text: string, path?: string): Diagnostic[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  return yamlErrors(Array.isArray(docs) ? docs : [], lineCounter, path);
}
