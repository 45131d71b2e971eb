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
  // prettyErrors: false, position from the LineCounter: yaml's prettifier is
  // quadratic on a long line with many errors (see yamlErrors in find-configs.ts)
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  return list.flatMap((d) =>
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
