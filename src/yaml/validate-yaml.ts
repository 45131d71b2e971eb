import { isAlias, isNode, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../source/diagnostic.js';
import { LineIndex } from '../source/line-index.js';
import { aliasSearch, indexAliases, LIBYAML_ANCHOR, mayHoldAliasOrAnchor, type BadAlias } from './aliases.js';
import { fluentBitShapeErrors, type ShapeState } from './fluent-bit-shape.js';
import { walkNodes } from './walk-nodes.js';

/**
 * YAML_SYNTAX diagnostics for parsed documents, at yaml's error offsets.
 * Documents must be parsed with `prettyErrors: false`: yaml's prettifier
 * scans the whole line of every error, which is quadratic on a 1 MB line of
 * `]]]...` (one error per bracket). The message carries no position: it is
 * reported separately (path:line:col, computed once in src/report).
 */
export function yamlErrors(docs: readonly Document.Parsed[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // yaml reports an unclosed flow collection once per open bracket, all at the same place with the same words: one
  // line each is noise (a fuzzed file gave 19 lines for 3 places); identical errors at one range are said once.
  const seen = new Set<string>();
  for (const d of docs) {
    for (const e of d.errors) {
      const message = e.message.split('\n')[0] ?? e.message;
      const start = Math.max(0, e.pos[0]);
      const end = Math.max(0, e.pos[1]);
      const key = `${start}:${end}:${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ code: 'YAML_SYNTAX', severity: 'error', message, start, end });
    }
  }
  return out;
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
 * YAML_SYNTAX diagnostics for what Fluent Bit's YAML config reader refuses
 * in a text the `yaml` package parses without an error (`docs`, parsed from
 * `text`): every alias, anywhere (flb_cf_yaml.c consumes libyaml events and
 * no state of it accepts an alias event: probes section-anchor-alias,
 * section-merge-key, "unexpected event 'alias-event'"), a `<<` merge key's
 * included (its value is an alias); and an anchor whose name libyaml does not
 * scan (only `[0-9A-Za-z_-]`: `&a.log` fails with "did not find expected
 * alphabetic or numeric character", probe value-amp-start-plain). An anchor
 * alone is accepted: libyaml hands it over with its node and the reader
 * ignores it. One error per alias and bad anchor, in document order, each at
 * its `*name` / `&name`; an alias with no anchor before it gets this message
 * too (anchoring it would not help Fluent Bit). Walks the documents only
 * when the text may hold an alias or an anchor (aliases.ts, mayHoldAliasOrAnchor).
 * An empty document that libyaml reads is refused too (emptyDocumentError),
 * and so is every shape fluent-bit-shape.ts lists (a section of the wrong
 * kind, a list or map where a single value goes, a plugin without `name`, a
 * second `service` ...), each at its node, before the aliases of its document.
 */
export function fluentBitYamlErrors(text: string, docs: readonly Document[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const mayHold = mayHoldAliasOrAnchor(text);
  // The shapes its reader and config stage refuse (fluent-bit-shape.ts), a second `service` section among them
  // (in this document or an earlier one of the file: ctx->service_set, "duplicated definition", probe service-twice).
  const shape: ShapeState = { serviceSeen: false };
  for (const doc of docs) {
    const empty = emptyDocumentError(doc);
    if (empty) out.push(empty);
    out.push(...fluentBitShapeErrors(doc.contents as Node | null, shape));
    if (!mayHold) continue;
    // Which aliases stand for a `<<` merge key (the value, or an item of a sequence value).
    const merges = new Set<unknown>();
    walkNodes(doc, (node) => {
      if (isPair(node) && isScalar(node.key) && node.key.value === '<<') {
        if (isAlias(node.value)) merges.add(node.value);
        else if (isSeq(node.value)) for (const it of node.value.items) if (isAlias(it)) merges.add(it);
      }
      if (isAlias(node)) {
        const start = node.range?.[0] ?? 0;
        const end = node.range?.[1] ?? start;
        const message = merges.has(node)
          ? `merge key '<<: *${node.source}': Fluent Bit's YAML config reader refuses aliases, merge keys included ("unexpected event 'alias-event'"); write the keys of &${node.source} out in this map`
          : `alias *${node.source}: Fluent Bit's YAML config reader refuses aliases ("unexpected event 'alias-event'"); write the value out in place of *${node.source}`;
        out.push({ code: 'YAML_SYNTAX', severity: 'error', message, start, end });
        return;
      }
      if (isNode(node) && node.anchor !== undefined && !LIBYAML_ANCHOR.test(node.anchor)) {
        // A node's range starts after its properties: `&name` is the last one written before it.
        const at = text.lastIndexOf(`&${node.anchor}`, node.range?.[0] ?? 0);
        const start = at >= 0 ? at : (node.range?.[0] ?? 0);
        out.push({
          code: 'YAML_SYNTAX',
          severity: 'error',
          message: `anchor &${node.anchor}: Fluent Bit's YAML parser (libyaml) allows only letters, digits, '-' and '_' in an anchor name ("did not find expected alphabetic or numeric character"); quote the value if '&' belongs to it, else rename the anchor`,
          start,
          end: start + node.anchor.length + 1,
        });
      }
    });
  }
  return out;
}

/** A document with nothing in it but comments (yaml gives it an empty plain scalar, or no contents). */
export function isEmptyDocument(doc: Document): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null && c.source === '' && c.type === 'PLAIN');
}

/**
 * An empty document libyaml reads (a `---` with nothing after it, comments
 * aside: a document of one empty scalar), which Fluent Bit's YAML config
 * reader refuses: its state 'document' takes a mapping or the document's end
 * only (flb_cf_yaml.c consume_event, STATE_DOCUMENT). An error at the `---`.
 * yaml's empty document after a second `...` (no `---`) is none for libyaml.
 */
function emptyDocumentError(doc: Document): Diagnostic | undefined {
  if (!isEmptyDocument(doc) || doc.directives?.docStart !== true || !doc.range) return undefined;
  const start = doc.range[0];
  const message = "empty YAML document: Fluent Bit's YAML config reader refuses a document that is not a map of sections (\"unexpected event 'scalar-event' (6) in state 'document' (2)\"); remove this '---', or write sections under it";
  return { code: 'YAML_SYNTAX', severity: 'error', message, start, end: start + 3 };
}

/**
 * Re-parses a YAML file (typically the output after edits) and returns its
 * YAML_SYNTAX errors: yaml's, else its aliases without an anchor before
 * them (badAliasErrors); [] when it parses. Never throws; aliases are not
 * expanded. `uniqueKeys: false` for a text whose duplicate keys are not an
 * error (a Fluent Bit YAML config: its reader keeps them). `fluentBit` for
 * a text Fluent Bit reads as its YAML config: after yaml's errors, what its
 * reader refuses (fluentBitYamlErrors: every alias, bad anchor names).
 */
export function validateYaml(text: string, options: { readonly uniqueKeys?: boolean; readonly fluentBit?: boolean } = {}): Diagnostic[] {
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: options.uniqueKeys ?? true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const errors = yamlErrors(docs);
  if (errors.length > 0) return errors;
  if (options.fluentBit === true) return fluentBitYamlErrors(text, docs);
  const mayHoldAlias = aliasSearch(text);
  const bad: BadAlias[] = [];
  for (const d of docs) indexAliases(d, mayHoldAlias, bad);
  return badAliasErrors(text, bad, docs);
}
