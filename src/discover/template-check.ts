import { visit, type Document } from 'yaml';
import type { Diagnostic } from '../source/diagnostic.js';

const MARKER = /\{\{|\{%/g;

/** First `{{`/`{%` not on a `#` comment line, or -1. */
function firstMarker(text: string): number {
  // Each comment line is looked at once: scanning back to the line start for
  // every marker was quadratic on a long `# {{{{...` line.
  let commentLineEnd = -1;
  for (const m of text.matchAll(MARKER)) {
    if (m.index < commentLineEnd) continue;
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    if (!/^\s*#/.test(text.slice(lineStart, m.index + 2))) return m.index;
    const lineEnd = text.indexOf('\n', m.index);
    commentLineEnd = lineEnd < 0 ? text.length : lineEnd;
  }
  return -1;
}

function diag(at: number, severity: 'error' | 'warning'): Diagnostic {
  return {
    code: 'TEMPLATE_SYNTAX',
    severity,
    message:
      severity === 'error'
        ? 'file contains Go/Helm template syntax ({{ ... }}) and is not valid YAML; render it first (helm template) and run on the output'
        : 'document contains template placeholders ({{ ... }}) read as YAML flow mappings; document skipped',
    start: at,
    end: at + 2,
  };
}

/** Result of the template check: a fatal error for the file, or documents to skip. */
export interface TemplateCheck {
  /** The file doesn't parse and contains a template marker (error). */
  readonly fatal: Diagnostic | undefined;
  /** Documents that parse only because `{{ ... }}` was read as a flow mapping (warning each; the document is skipped). */
  readonly skipped: ReadonlyMap<number, Diagnostic>;
}

/**
 * Detects templated manifests. A file that fails to parse and contains a
 * template marker is fatal (TEMPLATE_SYNTAX, error). A document that parses
 * only because `{{ ... }}` was read as a YAML flow mapping (placeholders such
 * as `{{cluster_name}}`) is skipped with a TEMPLATE_SYNTAX warning; the other
 * documents of the file are still discovered. `{{ }}` inside string scalars
 * (block, quoted or plain) is opaque text and not reported.
 */
export function checkTemplate(text: string, docs: readonly Document.Parsed[]): TemplateCheck {
  const skipped = new Map<number, Diagnostic>();
  if (docs.some((d) => d.errors.length > 0)) {
    const at = firstMarker(text);
    return { fatal: at >= 0 ? diag(at, 'error') : undefined, skipped };
  }
  docs.forEach((doc, i) => {
    visit(doc, {
      Map(_, node) {
        const start = node.range?.[0];
        if (node.flow && start !== undefined && /^\{[{%]/.test(text.slice(start, start + 2))) {
          skipped.set(i, diag(start, 'warning'));
          return visit.BREAK;
        }
        return undefined;
      },
    });
  });
  return { fatal: undefined, skipped };
}
