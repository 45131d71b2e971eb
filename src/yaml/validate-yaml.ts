import { parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic } from '../source/diagnostic.js';

/**
 * YAML_SYNTAX diagnostics for parsed documents, at yaml's error offsets.
 * Documents must be parsed with `prettyErrors: false`: yaml's prettifier
 * scans the whole line of every error, which is quadratic on a 1 MB line of
 * `]]]...` (one error per bracket). The message carries no position: it is
 * reported separately (path:line:col, computed once in src/report).
 */
export function yamlErrors(docs: readonly Document.Parsed[]): Diagnostic[] {
  return docs.flatMap((d) =>
    d.errors.map((e): Diagnostic => ({
      code: 'YAML_SYNTAX',
      severity: 'error',
      message: e.message.split('\n')[0] ?? e.message,
      start: Math.max(0, e.pos[0]),
      end: Math.max(0, e.pos[1]),
    })),
  );
}

/**
 * Re-parses a YAML file (typically the output after edits) and returns its
 * YAML_SYNTAX errors; [] when it parses. Never throws; aliases are not
 * expanded.
 */
export function validateYaml(text: string): Diagnostic[] {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  return yamlErrors(Array.isArray(docs) ? docs : []);
}
