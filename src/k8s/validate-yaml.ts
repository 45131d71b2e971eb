import { LineCounter, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../source/diagnostic.js';

/**
 * Re-parses a YAML file (typically the output after edits) and returns its
 * YAML_SYNTAX errors with line/column; [] when it parses. The pipeline runs
 * this on every edited YAML file: an error here means an edit was wrong.
 * Never throws; aliases are not expanded.
 */
export function validateYaml(text: string, path?: string): Diagnostic[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  return list.flatMap((d) =>
    d.errors.map((e): Diagnostic => ({
      code: 'YAML_SYNTAX',
      severity: 'error',
      message: e.message.split('\n')[0] ?? e.message,
      start: e.pos[0],
      end: e.pos[1],
      ...(path === undefined ? {} : { path }),
      ...(e.linePos ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}),
    })),
  );
}
