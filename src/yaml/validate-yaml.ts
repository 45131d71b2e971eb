import { isAlias, isNode, parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic } from '../source/diagnostic.js';
import { LineIndex } from '../source/line-index.js';
import { aliasSearch, indexAliases, type BadAlias } from './aliases.js';
import { walkNodes } from './walk-nodes.js';

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
 * YAML_SYNTAX diagnostics for the aliases no loader resolves (indexAliases'
 * `bad`), at each alias, in `text` (the text `docs` were parsed from). yaml
 * parses them without an error; kubectl, Helm (go-yaml) and Fluent Bit
 * (libyaml) reject the file. A line named in a message is written
 * `at line N` (readers of embedded texts map it to the file's). `docs`, when
 * given, are searched for an anchor of the name in an earlier document (the
 * usual cause: a `---` between them).
 */
export function badAliasErrors(text: string, bad: readonly BadAlias[], docs?: readonly Document[]): Diagnostic[] {
  if (bad.length === 0) return [];
  const lines = new LineIndex(text);
  // Where `&name` is written: a node's range starts after its properties.
  const anchorLine = (name: string, node: number | undefined): number => {
    const at = node === undefined ? -1 : text.lastIndexOf(`&${name}`, node);
    return lines.position(at >= 0 ? at : (node ?? 0)).line;
  };
  return bad.map((a): Diagnostic => {
    const loaders = a.kind === 'cycle' ? 'YAML loaders (kubectl, Helm) reject' : 'YAML loaders (kubectl, Helm, Fluent Bit) reject';
    let message: string;
    if (a.kind === 'later') {
      message = `alias *${a.name} comes before its anchor &${a.name} (at line ${anchorLine(a.name, a.anchor)}): an alias must follow its anchor, ${loaders} it; move &${a.name} before the alias, or write the value out`;
    } else if (a.kind === 'cycle') {
      message = `alias *${a.name} stands inside the node &${a.name} anchors (at line ${anchorLine(a.name, a.anchor)}): a recursive value, ${loaders} it; write the value out`;
    } else {
      const earlier = docs === undefined ? undefined : anchorInEarlierDocument(docs, a.name, a.start);
      message =
        earlier === undefined
          ? `alias *${a.name} names no anchor in its document: ${loaders} it; anchor the value with &${a.name} before the alias in this document, or write the value out`
          : `alias *${a.name} names no anchor in its document: &${a.name} (at line ${anchorLine(a.name, earlier)}) is in an earlier one, and an anchor does not reach past '---'; ${loaders} it; anchor the value again in this document, or write it out`;
    }
    return { code: 'YAML_SYNTAX', severity: 'error', message, start: a.start, end: a.end };
  });
}

/** Where the last node anchored `&name` in a document before the one at `offset` starts (undefined: none). */
function anchorInEarlierDocument(docs: readonly Document[], name: string, offset: number): number | undefined {
  let found: number | undefined;
  for (const d of docs) {
    const range = d.range;
    if (!range || range[0] > offset || (range[0] <= offset && offset < range[2])) break;
    walkNodes(d, (node) => {
      if (isNode(node) && !isAlias(node) && node.anchor === name && node.range) found = node.range[0];
    });
  }
  return found;
}

/**
 * Re-parses a YAML file (typically the output after edits) and returns its
 * YAML_SYNTAX errors: yaml's, else its aliases without an anchor before
 * them (badAliasErrors); [] when it parses. Never throws; aliases are not
 * expanded. `uniqueKeys: false` for a text whose duplicate keys are not an
 * error (a Fluent Bit YAML config: its reader keeps them).
 */
export function validateYaml(text: string, options: { readonly uniqueKeys?: boolean } = {}): Diagnostic[] {
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: options.uniqueKeys ?? true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const errors = yamlErrors(docs);
  if (errors.length > 0) return errors;
  const mayHoldAlias = aliasSearch(text);
  const bad: BadAlias[] = [];
  for (const d of docs) indexAliases(d, mayHoldAlias, bad);
  return badAliasErrors(text, bad, docs);
}
