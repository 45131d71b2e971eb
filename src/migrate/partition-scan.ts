import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, parseAllDocuments, parseDocument, Parser, type Document, type Node, type YAMLMap } from 'yaml';
import { isTemplatePath } from '../discover/template-check.js';
import { normalizeVfsPath } from '../includes/vfs.js';
import { aliasSearch, indexAliases, mayHoldAliasOrAnchor, type BadAlias } from '../yaml/aliases.js';
import { walkNodes } from '../yaml/walk-nodes.js';
import { isYamlName, looksLikeYamlConfig } from '../source/sniff-format.js';

/*
 * The scan of a big YAML file for partition.ts (issue #14, peak RSS): one
 * pass, one document composed at a time, keeping only small facts per unit
 * (a document of a stream, or an item of one `kind: List` document) and
 * the links between units that the whole-file run could make. Anything it
 * cannot place is a refusal (the file is migrated whole). See NOTES.md,
 * "Performance" -> "Partitioned big files".
 */

/** Kinds whose units are known to be read only through the links below (no batch-wide reading). */
const PARTITIONABLE_KINDS = new Set([
  'ConfigMap', 'Secret',
  'DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod', 'PodTemplate',
  'Service', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Namespace',
  'NetworkPolicy', 'PodDisruptionBudget', 'PriorityClass', 'ResourceQuota', 'LimitRange', 'HorizontalPodAutoscaler',
  'Ingress', 'IngressClass', 'Endpoints', 'EndpointSlice', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass',
  'Event', 'Lease', 'CustomResourceDefinition', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
]);

/** Longest scalar that can name an object (a DNS subdomain is at most 253 characters). */
const MAX_NAME = 253;
const NAME_LIKE = /^\S{1,253}$/;

/** One unit of the file: its text range and what it may link by. */
export interface ScanUnit {
  /** Where the unit's text starts: a line start (a document's first line, a List item's first line). */
  readonly start: number;
  /** Where a run ending with this unit ends (documents: the next document's start; items: the end of the item). */
  readonly end: number;
  /** Where the next unit's text starts (items: the next item's line start); `end` for documents. */
  readonly next: number;
}

export interface ScanResult {
  readonly units: readonly ScanUnit[];
  /** Units that must stay in one chunk: `group[i]` is the representative of unit i (union-find, resolved). */
  readonly group: readonly number[];
  /** Set when the units are List items: the wrapper that makes a run of them a document of its own. */
  readonly list?: { readonly header: string; readonly footer: string };
  /**
   * List items linked by an alias: `[j, i]`, item j holds an alias whose anchor is in item i (i < j). They go to
   * one chunk, which may then hold runs of units that are not adjacent in the file (partition.ts, chunksOf).
   */
  readonly shares: readonly (readonly [number, number])[];
}

export type ScanOutcome = { readonly ok: true; readonly scan: ScanResult } | { readonly ok: false; readonly reason: string };

/** Union-find over unit indexes. */
class Links {
  private readonly parent: number[] = [];
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    let x = i;
    while (this.parent[x] !== r) {
      const next = this.parent[x] as number;
      this.parent[x] = r;
      x = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  resolved(): number[] {
    return this.parent.map((_, i) => this.find(i));
  }
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

/** Facts collected over all units, linked at the end. */
class Facts {
  readonly links = new Links();
  /** Name-like scalar values -> units that hold them (not counting a unit's own metadata.name). */
  readonly refs = new Map<string, number[]>();
  /** ConfigMap/Secret names -> units that define them. */
  readonly objects = new Map<string, number[]>();
  /** Mount paths of config volumes (not hostPath/emptyDir) -> pod units. */
  readonly mounts = new Map<string, number[]>();
  /** Absolute paths written in config data, with their unit. */
  readonly absolute: { readonly path: string; readonly unit: number }[] = [];
  /** List items linked by an alias (ScanResult.shares). */
  readonly shares: [number, number][] = [];
}

function pushTo(map: Map<string, number[]>, key: string, unit: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [unit]);
  else if (list[list.length - 1] !== unit) list.push(unit);
}

function getKey(map: YAMLMap, key: string): unknown {
  for (const p of map.items) if (isPair(p) && isScalar(p.key) && p.key.value === key) return p.value;
  return undefined;
}

function stringOf(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * `@INCLUDE` and `Parsers_File` paths of a scalar's raw text (a block
 * scalar's lines, a quoted string's `\n` escapes): the references
 * includes/vfs.ts resolves through the batch's mounts when absolute.
 */
function includePaths(raw: string): string[] {
  if (!/@include|parsers_file/i.test(raw)) return [];
  const out: string[] = [];
  for (const m of raw.matchAll(/(?:^|\n|\\n)[ \t"']*(?:@include|parsers_file)[ \t]+([^\n]*?)(?=\\n|\n|$)/gi)) {
    const ref = trimPathEnd(m[1] as string).trim();
    if (ref.startsWith('/')) out.push(normalizeVfsPath(ref));
  }
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]{8,}={0,2}$/;

/**
 * Reads a stream of block documents from yaml's Lexer tokens (exact source
 * slices, plus control characters): document boundaries at `---`, and per
 * document its top-level kind, its metadata.name, every scalar (names it may
 * link by: a superset, keys included), every `mountPath` value (a superset:
 * volumes of every kind) and every absolute `@INCLUDE` / `Parsers_File` in
 * any scalar (base64 plain scalars decoded too). A document with anchors,
 * aliases, tags, explicit keys, escapes, flow metadata or anything else the
 * token walk cannot read surely is parsed on its own (readUnit). Undefined
 * when the file is not such a stream (a List, a `...` marker): the parsing
 * scan decides then.
 */
function lexStream(text: string): { readonly facts: Facts; readonly units: ScanUnit[] } | undefined {
  const facts = new Facts();
  const units: ScanUnit[] = [];
  let offset = 0;
  let docStart = 0;
  let lineStart = 0;
  let flow = 0;
  let tokensInDoc = 0;
  // Per document.
  let kind: string | undefined;
  let name: string | undefined;
  let unsure = false;
  let inMeta = false;
  let sawMeta = false;
  let metaIndent = -1;
  let lastScalar: { value: string | undefined; col: number; flow: number; line: number } | undefined;
  let key: { name: string | undefined; col: number; flow: number; line: number } | undefined;
  let line = 0;
  let refs: string[] = [];
  let mounts: string[] = [];
  let includes: string[] = [];
  let yamlKeys = false;
  let sawList = false;
  const finish = (end: number): void => {
    if (key?.name === 'mountPath') unsure = true; // its value never came
    const unit = facts.links.add();
    units.push({ start: docStart, end, next: end });
    if (kind !== undefined && (kind === 'List' || kind.endsWith('List'))) sawList = true;
    const composeIt = !sawList && (unsure || kind === undefined || ((kind === 'ConfigMap' || kind === 'Secret') && (name === undefined || yamlKeys)));
    if (sawList) {
      // The parsing scan reads Lists.
    } else if (composeIt) {
      const source = text.slice(docStart, end);
      const doc = parseDocument(source, { prettyErrors: false });
      // A document of comments only reads as nothing; an error is the chunk's to report (then the whole file runs).
      if (doc.contents !== null && doc.errors.length === 0) {
        refuseBadAliases(doc, source);
        const items = listItems(doc);
        if (items) sawList = true;
        else readUnit(facts, unit, doc.contents);
      } else if (doc.errors.length > 0) refuse('YAML errors');
    } else {
      if (!PARTITIONABLE_KINDS.has(kind as string)) refuse(`kind ${kind as string} is read batch-wide or not known to be independent`);
      if ((kind === 'ConfigMap' || kind === 'Secret') && name !== undefined) {
        if (!NAME_LIKE.test(name)) refuse(`a ${kind} name that is not a plain name ('${name.slice(0, 40)}')`);
        pushTo(facts.objects, name, unit);
      }
      for (const r of refs) pushTo(facts.refs, r, unit);
      for (const m of mounts) pushTo(facts.mounts, normalizeVfsPath(m), unit);
      for (const path of includes) facts.absolute.push({ path, unit });
    }
    kind = undefined;
    name = undefined;
    unsure = false;
    inMeta = false;
    sawMeta = false;
    metaIndent = -1;
    lastScalar = undefined;
    key = undefined;
    refs = [];
    mounts = [];
    includes = [];
    yamlKeys = false;
    tokensInDoc = 0;
    flow = 0;
  };
  /** A scalar token's value: plain as is, quoted unquoted (escapes: unsure). */
  const valueOf = (tok: string): string | undefined => {
    const c = tok.charCodeAt(0);
    if (c === 34 /* " */) {
      if (tok.includes('\\')) {
        try {
          return JSON.parse(tok) as string;
        } catch {
          unsure = true;
          return undefined;
        }
      }
      return tok.slice(1, -1);
    }
    if (c === 39 /* ' */) return tok.slice(1, -1).replace(/''/g, "'");
    return tok;
  };
  // The lexer marks a plain or block scalar with \x1f before it (its text may start with a space or a #).
  let scalarNext = false;
  for (const tok of new Lexer().lex(text)) {
    const c = tok.charCodeAt(0);
    // Control tokens are not source text.
    if (tok.length === 1 && (c === 2 || c === 0x1f || c === 0x18)) {
      if (c === 0x1f) scalarNext = true;
      continue;
    }
    const at = offset;
    offset += tok.length;
    const isScalar = scalarNext;
    scalarNext = false;
    if (c === 10 /* \n */ && !isScalar) {
      // A mount path not on its key's line (a block scalar, the next line) is not read here.
      if (key && key.line === line && key.name === 'mountPath') unsure = true;
      lineStart = offset;
      line++;
      lastScalar = undefined;
      continue;
    }
    const col = at - lineStart;
    const tokLine = line;
    // A token that spans lines (a block scalar's content, a multi-line quoted or plain scalar) moves the line start.
    const nl = tok.lastIndexOf('\n');
    if (nl >= 0) {
      lineStart = at + nl + 1;
      for (let i = tok.indexOf('\n'); i >= 0; i = tok.indexOf('\n', i + 1)) line++;
    }
    if (!isScalar && (c === 32 || c === 9)) continue; // indentation, spaces
    if (!isScalar && c === 35 /* # */) continue; // a comment
    if (!isScalar && tok === '---' && col === 0) {
      // Comments before the first `---` belong to the first document.
      if (tokensInDoc === 0 && units.length === 0) continue;
      finish(at);
      docStart = at;
      continue;
    }
    if (!isScalar && tok === '...' && col === 0) return undefined;
    if (!isScalar && c === 37 /* % */ && col === 0 && tokensInDoc === 0) refuse('a % directive');
    tokensInDoc++;
    if (isScalar || c === 34 || c === 39) {
      // handled below
    } else if (tok === ':') {
      if (lastScalar && lastScalar.line === line) key = { name: lastScalar.value, col: lastScalar.col, flow: lastScalar.flow, line };
      else unsure = true;
      lastScalar = undefined;
      continue;
    } else if (tok === '{' || tok === '[') {
      // A top-level value or metadata written in flow style: not read here.
      if (key && key.line === tokLine && key.flow === 0 && (key.col === 0 || (inMeta && key.name === 'name'))) unsure = true;
      if (col === 0 && flow === 0) unsure = true;
      flow++;
      continue;
    } else if (tok === '}' || tok === ']') {
      flow--;
      continue;
    } else if (tok === ',' || tok === '-' || /^[|>][-+0-9]*$/.test(tok)) {
      continue;
    } else {
      // Anchors, aliases, tags, explicit keys, anything else: the document is parsed.
      unsure = true;
      continue;
    }
    // A scalar (plain, quoted, or a block scalar's content).
    const value = valueOf(tok);
    if (value === undefined) continue;
    const pending = key && key.line === tokLine ? key : undefined;
    if (flow === 0 && col === 0) {
      // A top-level key (or a stray scalar): the metadata block ends.
      inMeta = false;
    }
    if (pending) {
      key = undefined;
      if (pending.flow === 0 && pending.col === 0) {
        if (pending.name === 'kind') {
          if (kind !== undefined) unsure = true; // a duplicate key: which one counts is the parser's call
          kind = value;
        }
        if (pending.name === 'metadata') unsure = true; // `metadata: x` on one line
      }
      if (inMeta && pending.flow === 0 && pending.col === metaIndent && pending.name === 'name') {
        if (name === undefined) name = value;
        else unsure = true;
        continue; // the object's own name is not a reference
      }
      if (pending.name === 'mountPath') mounts.push(value);
    } else if (lastScalar === undefined && flow === 0 && nl < 0) {
      // A key on its own line start: track the metadata block and its indentation.
      if (col === 0 && value === 'metadata') {
        if (sawMeta) unsure = true;
        sawMeta = true;
        inMeta = true;
        metaIndent = -1;
      } else if (inMeta && col > 0 && metaIndent < 0) metaIndent = col;
      if (/\.ya?ml$/i.test(value)) yamlKeys = true;
    }
    if (pending?.name === 'mountPath' && value === undefined) unsure = true;
    lastScalar = { value, col, flow, line: tokLine };
    if (value.length <= MAX_NAME && NAME_LIKE.test(value)) {
      refs.push(value);
      if (value.length >= 8 && BASE64.test(value) && value.length % 4 === 0) {
        for (const p of includePaths(Buffer.from(value, 'base64').toString('utf8'))) includes.push(p);
      }
    } else {
      for (const p of includePaths(tok)) includes.push(p);
      // A block scalar of one line (`name: |-`) reads as that line; base64 may be folded over lines.
      const trimmed = value.trim();
      if (trimmed !== value && trimmed.length <= MAX_NAME && NAME_LIKE.test(trimmed)) refs.push(trimmed);
      const compact = value.replace(/\s+/g, '');
      if (compact.length >= 8 && compact.length % 4 === 0 && BASE64.test(compact)) {
        for (const p of includePaths(Buffer.from(compact, 'base64').toString('utf8'))) includes.push(p);
      }
    }
  }
  if (offset !== text.length) return undefined; // the lexer's tokens did not tile the text
  finish(text.length);
  if (sawList) return undefined;
  return { facts, units };
}

/** A path written in text without what may close it (quotes, commas, brackets, spaces): a loop, not a backtracking regex. */
function trimPathEnd(s: string): string {
  let end = s.length;
  while (end > 0 && ` \t\r\n'"\`,;)]}`.includes(s[end - 1] as string)) end--;
  return s.slice(0, end);
}

/** Absolute paths on the lines of a config text: from each `/` that starts a word to the end of its line, trimmed. */
function absolutePaths(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s=:,'"[(])(\/[^\n]*)/gm)) {
    const raw = trimPathEnd(m[1] as string);
    if (raw.length > 1) out.push(normalizeVfsPath(raw));
  }
  return out;
}

/** Reads one unit (a document's object, or a List item). */
function readUnit(facts: Facts, unit: number, node: unknown): void {
  if (!isMap(node)) refuse('a document or List item that is not a mapping');
  const kind = stringOf(getKey(node, 'kind'));
  if (kind === undefined) refuse('a document without a kind (Helm values, a kind-less file)');
  if (!PARTITIONABLE_KINDS.has(kind)) refuse(`kind ${kind} is read batch-wide or not known to be independent`);
  const meta = getKey(node, 'metadata');
  const nameNode = isMap(meta) ? getKey(meta, 'name') : undefined;
  const name = stringOf(nameNode);
  if (kind === 'ConfigMap' || kind === 'Secret') {
    if (name !== undefined) {
      if (!NAME_LIKE.test(name)) refuse(`a ${kind} name that is not a plain name ('${name.slice(0, 40)}')`);
      pushTo(facts.objects, name, unit);
    }
    readData(facts, unit, node, kind);
  }
  // Every name-like scalar value (keys and the unit's own name excepted) may name an object of the file.
  const volumeKinds = new Map<string, Set<string>>();
  const mountList: { readonly name: string | undefined; readonly path: string }[] = [];
  const walk = (n: unknown, depth: number): void => {
    if (depth > 200) refuse('nesting deeper than 200');
    if (isScalar(n)) {
      if (n === nameNode) return;
      const v = n.value;
      if (typeof v === 'string' && v.length <= MAX_NAME && NAME_LIKE.test(v)) pushTo(facts.refs, v, unit);
      else if (typeof v === 'number' || typeof v === 'boolean') pushTo(facts.refs, String(v), unit);
      return;
    }
    if (isMap(n)) {
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const key = isScalar(p.key) ? p.key.value : undefined;
        if (key === 'volumeMounts' && isSeq(p.value)) {
          for (const m of p.value.items) {
            if (!isMap(m)) continue;
            const path = stringOf(getKey(m, 'mountPath'));
            if (path !== undefined) mountList.push({ name: stringOf(getKey(m, 'name')), path });
          }
        }
        if (key === 'volumes' && isSeq(p.value)) {
          for (const v of p.value.items) {
            if (!isMap(v)) continue;
            const vName = stringOf(getKey(v, 'name'));
            if (vName === undefined) continue;
            const kinds = volumeKinds.get(vName) ?? new Set<string>();
            for (const q of v.items) if (isPair(q) && isScalar(q.key) && q.key.value !== 'name') kinds.add(String(q.key.value));
            volumeKinds.set(vName, kinds);
          }
        }
        walk(p.value, depth + 1);
      }
      return;
    }
    if (isSeq(n)) for (const x of n.items) walk(x, depth + 1);
  };
  walk(node, 0);
  for (const m of mountList) {
    const kinds = m.name === undefined ? undefined : volumeKinds.get(m.name);
    // Only ConfigMap volumes place configs in the virtual filesystem (includes/vfs.ts); a host path or an emptyDir never does.
    const hostOnly = kinds !== undefined && kinds.size > 0 && [...kinds].every((k) => k === 'hostPath' || k === 'emptyDir');
    if (!hostOnly) pushTo(facts.mounts, normalizeVfsPath(m.path), unit);
  }
}

/** A ConfigMap's or Secret's keys: absolute paths its configs may @INCLUDE; keys that may be chart values refuse. */
function readData(facts: Facts, unit: number, node: YAMLMap, kind: string): void {
  for (const section of ['data', 'stringData', 'binaryData']) {
    const data = getKey(node, section);
    if (data === undefined || data === null) continue;
    if (!isMap(data)) {
      if (isScalar(data) && data.value === null) continue;
      refuse(`a ${kind} ${section} that is not a mapping`);
    }
    for (const p of data.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const key = String(p.key.value);
      const text = stringOf(p.value);
      if (text === undefined) continue;
      const base64 = section === 'binaryData' || (kind === 'Secret' && section === 'data');
      // Chart values in a key (Flux valuesFrom convention) make a chart workload and its mount: not placed here.
      if (!base64 && isYamlName(key) && !looksLikeYamlConfig(text)) refuse(`key ${key} may hold chart values`);
      for (const path of absolutePaths(text)) facts.absolute.push({ path, unit });
      if (base64) {
        const decoded = Buffer.from(text, 'base64').toString('utf8');
        for (const path of absolutePaths(decoded)) facts.absolute.push({ path, unit });
      }
    }
  }
}

/** The `kind: List` / `*List` shape discovery reads as items (discover-file.ts readObject). */
function listItems(doc: Document.Parsed): { readonly map: YAMLMap; readonly items: readonly unknown[] } | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const kind = stringOf(getKey(root, 'kind'));
  const items = getKey(root, 'items');
  if (kind === 'List' || (kind?.endsWith('List') === true && isSeq(items))) return { map: root, items: isSeq(items) ? items.items : [] };
  return undefined;
}

/** The List's own keys: nothing but apiVersion, kind, metadata and items (read by no rule). */
function checkListKeys(map: YAMLMap): void {
  for (const p of map.items) {
    const key = isPair(p) && isScalar(p.key) ? p.key.value : undefined;
    if (key !== 'apiVersion' && key !== 'kind' && key !== 'metadata' && key !== 'items') refuse(`a List key ${String(key)} beside its items`);
  }
}

/**
 * Scans `text` (a YAML stream or one List document) into units and the
 * links between them, or says why it cannot be partitioned.
 */
export function scanUnits(path: string, text: string): ScanOutcome {
  try {
    return { ok: true, scan: scan(path, text) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.message };
    // The yaml parser's recursion on absurdly nested input: the whole-file run reports it.
    if (e instanceof RangeError) return { ok: false, reason: 'input the scan cannot read' };
    throw e;
  }
}

function scan(path: string, text: string): ScanResult {
  if (isTemplatePath(path)) refuse('a template path');
  if (text.includes('{{')) refuse('template syntax ({{)');
  if (text.charCodeAt(0) === 0xfeff) refuse('a byte order mark');
  if (text.includes('\r')) refuse('CR line ends');
  const facts = new Facts();
  const units: ScanUnit[] = [];
  // A JSON List (`kubectl get ... -o json`): its items are found by brackets and read one by one (never the whole List at once).
  const json = jsonList(text);
  if (json) {
    const list = readJsonList(text, json, facts, units);
    link(facts);
    return { units, group: facts.links.resolved(), shares: facts.shares, list };
  }
  // A block-YAML List (`kubectl get ... -o yaml`): its items are found by their dash lines and parsed one by one.
  const block = blockList(text, facts, units);
  if (block) {
    link(facts);
    return { units, group: facts.links.resolved(), shares: facts.shares, list: block };
  }
  // A stream of block documents: read from yaml's lexer (~4x cheaper than parsing), a document it cannot read surely is parsed.
  const lexed = lexStream(text);
  if (lexed) {
    link(lexed.facts);
    return { units: lexed.units, group: lexed.facts.links.resolved(), shares: [] };
  }
  const docStarts: number[] = [];
  const composer = new Composer({ prettyErrors: false });
  const mayHoldAlias = aliasSearch(text);
  let docCount = 0;
  let list: ScanResult['list'];
  const onDoc = (doc: Document.Parsed): void => {
    const index = docCount++;
    if (doc.errors.length > 0 || doc.warnings.length > 0) refuse('YAML errors or warnings');
    refuseBadAliases(doc, mayHoldAlias);
    const items = listItems(doc);
    if (items) {
      if (index > 0) refuse('a List in a stream of documents');
      list = readList(text, doc, items, facts, units);
      return;
    }
    if (list) refuse('a document after a List');
    const unit = facts.links.add();
    units.push({ start: 0, end: 0, next: 0 }); // placed below, once every document start is known
    // A document of comments only reads as nothing.
    if (doc.contents !== null || index === 0) readUnit(facts, unit, doc.contents);
  };
  for (const token of new Parser().parse(text)) {
    if (token.type === 'directive') refuse('a % directive');
    if (token.type === 'document') {
      const start = lineStartOf(text, token.offset);
      if (text.slice(start, token.offset).trim() !== '') refuse('a document that does not start a line');
      docStarts.push(start);
    }
    for (const doc of composer.next(token)) onDoc(doc);
  }
  for (const doc of composer.end()) onDoc(doc);
  if (!list) {
    if (docStarts.length !== units.length) refuse('documents the scan cannot place');
    units.forEach((_, i) => {
      const start = i === 0 ? 0 : (docStarts[i] as number);
      const end = i + 1 < docStarts.length ? (docStarts[i + 1] as number) : text.length;
      units[i] = { start, end, next: end };
    });
  }
  link(facts);
  return { units, group: facts.links.resolved(), shares: facts.shares, ...(list ? { list } : {}) };
}

/**
 * Refuses anchors and aliases in a JSON or JSON-looking (flow) List's items (`text`: the items' text, `nodes`: their
 * nodes). jsonList hands a text with a `&` or `*` outside strings to the YAML scans, so for it this only guards that
 * promise (JSON has neither); a flow List read by the parsing scan is refused.
 */
function refuseAnchorsOrAliases(text: string, nodes: readonly unknown[]): void {
  // A `*` or `&` at a node start may be an alias or an anchor (cheap); the nodes say for sure.
  if (!mayHoldAliasOrAnchor(text)) return;
  let found = false;
  for (const node of nodes) {
    walkNodes(node as Node, (n) => {
      if (found || n === null || isPair(n)) return found;
      found = isAlias(n) || n.anchor !== undefined;
      return found;
    });
  }
  if (found) refuse('anchors or aliases in a List');
}

/**
 * The anchors of a List's items, read item by item in document order, linking each item that holds an alias with
 * the item that holds its anchor (Facts.shares). An alias names the closest anchor of that name before it in its
 * document (YAML 1.2; yaml, libyaml and go-yaml resolve it so): the anchor recorded last under that name when the
 * alias is read. A chunk keeps its items in file order, so the alias resolves there to the same node: an anchor of
 * that name between the two in the chunk is between them in the file too, where the one recorded would not have
 * been the closest. An alias within its own item needs no link. An alias with no anchor among the items before it
 * (one of the List's own keys, or none: the whole-file run reports it as YAML_SYNTAX), or inside the node it names
 * (a cycle), refuses: the whole-file run decides. Merge keys (`<<: *base`) are aliases like any other.
 */
class ItemAnchors {
  /** Anchor name -> the item holding its latest anchor, and that node's range (file offsets). */
  private readonly last = new Map<string, { readonly unit: number; readonly start: number; readonly end: number }>();
  constructor(private readonly facts: Facts) {}

  /** Reads item `unit`'s nodes (`node`), parsed from a text that starts at file offset `base`. */
  read(unit: number, node: unknown, base: number): void {
    walkNodes(node as Node, (n) => {
      if (n === null || isPair(n)) return;
      const range = n.range;
      if (!range) refuse('an anchor or alias the scan cannot place');
      if (isAlias(n)) {
        const at = base + range[0];
        const anchor = this.last.get(n.source);
        if (!anchor) refuse('an alias whose anchor is in no List item before it');
        if (at >= anchor.start && at < anchor.end) refuse('an alias without its anchor before it in its document');
        if (anchor.unit !== unit) this.facts.shares.push([unit, anchor.unit]);
        return;
      }
      // Recorded before what the node holds is walked: an alias inside it is a cycle.
      if (n.anchor !== undefined) this.last.set(n.anchor, { unit, start: base + range[0], end: base + range[1] });
    });
  }
}

/**
 * Refuses a document holding an alias no loader resolves (no anchor before
 * it in its document, or inside the node it names: indexAliases' `bad`):
 * the whole-file run reports it as a YAML error, and a chunk need not hold
 * the text that shows it (a List's own keys are in no chunk), so such a file
 * is migrated whole. `source`: the text the document was parsed from, or
 * its aliasSearch (a document without an alias start is not walked).
 */
function refuseBadAliases(doc: Document, source: string | ((start: number, end: number) => boolean)): void {
  const bad: BadAlias[] = [];
  indexAliases(doc, typeof source === 'string' ? aliasSearch(source) : source, bad);
  if (bad.length > 0) refuse('an alias without its anchor before it in its document');
}

function readList(text: string, doc: Document.Parsed, items: { readonly map: YAMLMap; readonly items: readonly unknown[] }, facts: Facts, units: ScanUnit[]): ScanResult['list'] {
  checkListKeys(items.map);
  const root = doc.contents as YAMLMap;
  const seq = getKey(root, 'items') as Node;
  const json = root.flow === true;
  if (!json && isSeq(seq) && seq.flow === true) refuse('a flow sequence of items in a block List');
  const apiVersion = stringOf(getKey(root, 'apiVersion'));
  const kind = stringOf(getKey(root, 'kind')) as string;
  const starts: number[] = [];
  const ends: number[] = [];
  for (const item of items.items) {
    const node = item as Node;
    const range = node?.range;
    if (!range || node.anchor !== undefined) refuse('an item without a place, or an anchored item');
    const lineStart = lineStartOf(text, range[0]);
    const before = text.slice(lineStart, range[0]);
    if (json ? before.trim() !== '' : !/^[ ]*-[ ]+$/.test(before)) refuse('an item that does not start its line');
    starts.push(lineStart);
    ends.push(json ? range[1] : range[1]);
    const unit = facts.links.add();
    readUnit(facts, unit, item);
  }
  if (starts.length === 0) refuse('an empty List');
  // The document was composed whole: its aliases were checked (refuseBadAliases), the nodes carry file offsets.
  if (json) {
    // A flow (JSON-looking) List whose items hold anchors or aliases: its chunks' wrapper drops the commas between
    // items, not placed with runs that are not adjacent.
    refuseAnchorsOrAliases(text.slice(starts[0], ends[ends.length - 1]), items.items);
  } else if (mayHoldAliasOrAnchor(text.slice(starts[0], ends[ends.length - 1]))) {
    const anchors = new ItemAnchors(facts);
    items.items.forEach((item, i) => anchors.read(i, item, 0));
  }
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    // A block item's text runs to the next item's line; a JSON item's to its closing brace (the comma is the wrapper's).
    const end = json ? (ends[i] as number) : i + 1 < starts.length ? (starts[i + 1] as number) : endOfLine(text, ends[i] as number);
    units.push({ start, end, next: i + 1 < starts.length ? (starts[i + 1] as number) : end });
  }
  // What is outside the items (the List's own keys) must hold no comment a whole run would read.
  const outside = text.slice(0, starts[0]) + text.slice(units[units.length - 1]?.end ?? 0);
  if (outside.includes('#')) refuse('a comment outside the items of the List');
  if (json) {
    return { header: `{"apiVersion":${JSON.stringify(apiVersion ?? 'v1')},"kind":${JSON.stringify(kind)},"items":[\n`, footer: '\n]}\n' };
  }
  if (apiVersion !== undefined && !/^[\w./-]+$/.test(apiVersion)) refuse('an apiVersion that needs quoting');
  if (!/^[\w.-]+$/.test(kind)) refuse('a List kind that needs quoting');
  return { header: `apiVersion: ${apiVersion ?? 'v1'}\nkind: ${kind}\nitems:\n`, footer: '' };
}

/** Where a JSON List's items are: the `[` and `]` of its top-level "items", and each item's braces. */
interface JsonItems {
  readonly open: number;
  readonly close: number;
  readonly items: readonly (readonly [number, number])[];
}

/**
 * The items of a text that is one JSON object with a top-level "items"
 * array, found by a bracket scan that knows double-quoted strings; undefined
 * when the text is not that shape (then the YAML scan decides). Anything
 * YAML reads differently from JSON outside strings (a comment, a single
 * quote, an anchor or alias, a tag) refuses.
 */
function jsonList(text: string): JsonItems | undefined {
  const first = text.search(/\S/);
  if (first < 0 || text[first] !== '{') return undefined;
  let depth = 0;
  let open = -1;
  let close = -1;
  let keyAt = -1; // start of the last string at depth 1
  let lastKey = '';
  const items: [number, number][] = [];
  let itemStart = -1;
  for (let i = first; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      const start = i;
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i++;
        else if (c === 34) break;
        else if (c === 10) refuse('a JSON string across lines');
      }
      if (depth === 2 && open >= 0 && close < 0 && itemStart < 0) refuse('a List item that is not an object');
      if (depth === 1) {
        keyAt = start;
        lastKey = text.slice(start + 1, i);
      }
      continue;
    }
    switch (ch) {
      case 123: // {
      case 91: // [
        if (depth === 1 && ch === 91 && lastKey === 'items' && keyAt >= 0 && /^\s*:\s*$/.test(text.slice(keyAt + 7, i))) {
          if (open >= 0) refuse('two items arrays');
          open = i;
        } else if (depth === 2 && open >= 0 && close < 0 && ch === 123) itemStart = i;
        depth++;
        break;
      case 125: // }
      case 93: // ]
        depth--;
        if (depth < 0) refuse('unbalanced brackets');
        if (depth === 2 && ch === 125 && itemStart >= 0 && close < 0) {
          items.push([itemStart, i + 1]);
          itemStart = -1;
        }
        if (depth === 1 && ch === 93 && open >= 0 && close < 0) close = i;
        if (depth === 0) {
          // More after the object: a stream, for the YAML scans.
          if (text.slice(i + 1).trim() !== '') return undefined;
          return open >= 0 && close >= 0 ? { open, close, items } : undefined;
        }
        break;
      case 35: // #
      case 39: // '
      case 38: // &
      case 42: // *
      case 33: // !
        return undefined; // YAML syntax outside strings: for the YAML scans
      default:
        if (depth === 2 && open >= 0 && close < 0 && itemStart < 0 && ch !== 44 && ch !== 32 && ch !== 10 && ch !== 9) refuse('a List item that is not an object');
    }
  }
  return undefined;
}

function readJsonList(text: string, at: JsonItems, facts: Facts, units: ScanUnit[]): ScanResult['list'] {
  if (at.items.length === 0) refuse('an empty List');
  // The List without its items: one document, no error, a List map whose items are empty.
  const wrapper = `${text.slice(0, at.open + 1)}${text.slice(at.close)}`;
  const skeleton = parseAllDocuments(wrapper, { prettyErrors: false });
  const doc = Array.isArray(skeleton) && skeleton.length === 1 ? skeleton[0] : undefined;
  if (!doc || doc.errors.length > 0 || doc.warnings.length > 0) refuse('YAML errors or warnings');
  // The List's own keys are in no chunk (each gets a header of its own): the whole-file run alone would report them.
  refuseBadAliases(doc, wrapper);
  const shape = listItems(doc);
  if (!shape || shape.items.length !== 0) refuse('not a List');
  checkListKeys(shape.map);
  let previous = -1;
  for (const [start, end] of at.items) {
    const lineStart = lineStartOf(text, start);
    if (text.slice(lineStart, start).trim() !== '') refuse('an item that does not start its line');
    const between = previous < 0 ? text.slice(at.open + 1, start) : text.slice(previous, start);
    if (!(previous < 0 ? /^\s*$/ : /^\s*,\s*$/).test(between)) refuse('items not separated by one comma');
    previous = end;
    const item = parseDocument(text.slice(start, end), { prettyErrors: false });
    if (item.errors.length > 0 || item.warnings.length > 0) refuse('YAML errors or warnings');
    // JSON has no anchors or aliases (jsonList leaves a `&` or `*` outside strings to the YAML scans).
    refuseAnchorsOrAliases(text.slice(start, end), [item.contents]);
    readUnit(facts, facts.links.add(), item.contents);
    units.push({ start: lineStart, end, next: end });
  }
  if (!/^\s*$/.test(text.slice(previous, at.close))) refuse('text after the last item');
  units.forEach((u, i) => {
    if (i + 1 < units.length) units[i] = { ...u, next: (units[i + 1] as ScanUnit).start };
  });
  const root = doc.contents as YAMLMap;
  const apiVersion = stringOf(getKey(root, 'apiVersion'));
  const kind = stringOf(getKey(root, 'kind')) as string;
  return { header: `{"apiVersion":${JSON.stringify(apiVersion ?? 'v1')},"kind":${JSON.stringify(kind)},"items":[\n`, footer: '\n]}\n' };
}

/**
 * A file that is one block-YAML List document with a top-level `items:`
 * line: each item runs from its `- ` line to the next one at the same
 * indentation (block scalars and nested nodes are indented deeper), the
 * block ends at the first line indented less that is not blank or a
 * comment. Each item is parsed on its own (an alias to another item's anchor
 * links the two: ItemAnchors), and the List without its items once.
 * Undefined when the file is not that shape (the other scans decide).
 */
function blockList(text: string, facts: Facts, units: ScanUnit[]): ScanResult['list'] {
  const itemsLine = /^items:[ \t]*\n/m.exec(text);
  if (!itemsLine || !/^kind:[ \t]*["']?[\w.-]*List["']?[ \t]*$/m.test(text)) return undefined;
  if (/^(---|\.\.\.)([ \t]|$)/m.test(text.slice(itemsLine.index))) return undefined;
  const blockStart = itemsLine.index + itemsLine[0].length;
  const first = /^( *)- /m.exec(text.slice(blockStart));
  if (!first || text.slice(blockStart, blockStart + first.index).trim() !== '') return undefined;
  const indent = (first[1] as string).length;
  const starts: number[] = [];
  let end = text.length;
  for (let at = blockStart; at < text.length; ) {
    const nl = text.indexOf('\n', at);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    const lineText = text.slice(at, nl < 0 ? text.length : nl);
    const body = lineText.trimStart();
    const col = lineText.length - body.length;
    if (body !== '' && !body.startsWith('#')) {
      if (col < indent || (col === indent && !body.startsWith('- ') && body !== '-')) {
        end = at;
        break;
      }
      if (col === indent) starts.push(at);
    }
    at = lineEnd;
  }
  if (starts.length === 0) return undefined;
  const wrapper = `${text.slice(0, itemsLine.index)}items: []\n${text.slice(end)}`;
  const skeleton = parseAllDocuments(wrapper, { prettyErrors: false });
  const doc = Array.isArray(skeleton) && skeleton.length === 1 ? skeleton[0] : undefined;
  if (!doc || doc.errors.length > 0 || doc.warnings.length > 0) refuse('YAML errors or warnings');
  // The List's own keys are in no chunk (each gets a header of its own): the whole-file run alone would report them.
  refuseBadAliases(doc, wrapper);
  const shape = listItems(doc);
  if (!shape || shape.items.length !== 0) return undefined;
  checkListKeys(shape.map);
  const anchors = new ItemAnchors(facts);
  starts.forEach((start, i) => {
    const itemEnd = i + 1 < starts.length ? (starts[i + 1] as number) : end;
    const source = text.slice(start, itemEnd);
    const item = parseDocument(source, { prettyErrors: false });
    if (item.errors.length > 0 || item.warnings.length > 0) refuse('YAML errors or warnings in a List item');
    const seq = item.contents;
    if (!isSeq(seq) || seq.items.length !== 1) refuse('an item the scan cannot place');
    // The item's node (its `- ` too: an anchor on the item itself is in its text); offsets are the item's.
    if (mayHoldAliasOrAnchor(source)) anchors.read(i, seq, start);
    readUnit(facts, facts.links.add(), seq.items[0]);
    units.push({ start, end: itemEnd, next: itemEnd });
  });
  const outside = text.slice(0, starts[0]) + text.slice(end);
  if (outside.includes('#')) refuse('a comment outside the items of the List');
  const root = doc.contents as YAMLMap;
  const apiVersion = stringOf(getKey(root, 'apiVersion'));
  const kind = stringOf(getKey(root, 'kind')) as string;
  if (apiVersion !== undefined && !/^[\w./-]+$/.test(apiVersion)) refuse('an apiVersion that needs quoting');
  if (!/^[\w.-]+$/.test(kind)) refuse('a List kind that needs quoting');
  return { header: `apiVersion: ${apiVersion ?? 'v1'}\nkind: ${kind}\nitems:\n`, footer: '' };
}

function endOfLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Names -> objects, absolute config paths -> pods that mount a prefix of them. */
function link(facts: Facts): void {
  for (const [name, defining] of facts.objects) {
    // Objects of one name are not linked to each other (every namespace has its kube-root-ca.crt): a unit that names them links them all.
    const refs = facts.refs.get(name) ?? [];
    if (refs.length === 0) continue;
    const first = defining[0] as number;
    for (const d of defining) facts.links.union(first, d);
    for (const u of refs) facts.links.union(first, u);
  }
  for (const { path, unit } of facts.absolute) {
    // The path itself (a subPath mount) and every directory above it (a directory mount).
    for (let p = path; p.length > 0; p = p.slice(0, Math.max(0, p.lastIndexOf('/')))) {
      for (const u of facts.mounts.get(p) ?? []) facts.links.union(unit, u);
      if (p === '/') break;
    }
    for (const u of facts.mounts.get('/') ?? []) facts.links.union(unit, u);
  }
}
