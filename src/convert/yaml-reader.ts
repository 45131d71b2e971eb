import {
  isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq,
} from 'yaml';
import { sectionTypeOf } from '../grammar/section-type.js';
import { cLower } from '../source/c-text.js';
import { cTrim, splitRuleTokens, translateYamlKey } from './c-string.js';
import { decodeText, fail, type ReadContext } from './read-context.js';
import { dirOf, globNames, resolveRef } from './setup-files.js';
import { fluentBitYamlErrors } from '../yaml/validate-yaml.js';
import { isLazy, itemsOf, pairsOf, PiecesFallback, readPieces, yamlPieces } from '../yaml/yaml-pieces.js';
import type { MultilineRule, Origin, PluginInstance, PluginKind, Prop } from './view.js';

/*
 * Reads a YAML-format config the way Fluent Bit v5.1.1's reader does
 * (src/config_format/flb_cf_yaml.c, then flb_config.c), checked against
 * ../shared/conformance/yaml-probes.jsonl:
 *
 * - libyaml events, no type resolution: every scalar is its string (`on`,
 *   `0755`, `~`, `null` stay as written; tags are ignored).
 * - Aliases are refused everywhere (no state accepts an alias event); anchors
 *   are ignored, but libyaml only allows [0-9A-Za-z_-] in their names.
 * - Repeated keys are kept, one property per occurrence, in order; a list
 *   value is one occurrence per item (items are not trimmed, scalars are).
 * - Top-level keys are matched case-insensitively; `service` may appear once
 *   across every file; `includes` are read where they stand, relative to the
 *   including file; an unknown key holding a flat map becomes a section
 *   typed by the classic prefix rule (so `inp:` would be an input).
 * - Plugin keys go through `flb_cf_key_translate`; values are trimmed
 *   (`flb_sds_trim`), and a value of only spaces is an error.
 * - A map as a plugin value (other than `processors`/`routes`) or an empty
 *   list cannot be configured; `service` and `parsers` accept scalars only.
 */


/** yaml's options for Fluent Bit's reading: every scalar a string, repeated keys kept. */
const OPTIONS = { schema: 'failsafe', uniqueKeys: false, strict: true, prettyErrors: false } as const;

/** Characters libyaml accepts in a stream (YAML 1.1 printable set, plus tab and line breaks). */
function firstNonPrintable(text: string): number {
  // One regex scan finds the first code unit outside the set (a surrogate included); the loop
  // below judges from there (a pair is printable). No loop over a whole text that is all printable.
  const from = text.search(/[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd]/);
  if (from < 0) return -1;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c >= 0x20 && c <= 0x7e) continue;
    if (c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd)) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c === 0xfeff && i === 0) continue;
    return i;
  }
  return -1;
}

const at = (node: Node | Pair | null | undefined): number => {
  if (!node) return 0;
  if ('range' in node && node.range) return node.range[0];
  if ('key' in node) return at(node.key as Node | null);
  return 0;
};

/** The string Fluent Bit gets for a scalar node (null for a missing value: libyaml gives an empty scalar). */
function scalarText(node: unknown): string | undefined {
  if (node === null || node === undefined) return '';
  if (isScalar(node)) return node.value === null || node.value === undefined ? '' : String(node.value);
  return undefined;
}

interface YamlFileState {
  readonly ctx: ReadContext;
  readonly name: string;
  /** Section property keys as stored, one string per distinct key of the file (memory, issue #14). */
  readonly keys: Map<string, string>;
  /** The origin plugin properties share (ReadSetupOptions.sharedPluginOrigins), else undefined. */
  readonly pluginOrigin?: Origin;
}

/** The YAML-only blocks of a plugin without any: one list for all. */
const NO_BLOCKS: readonly string[] = [];

/** Keys interned per file at most this many (unique keys cannot grow the map). */
const KEYS_KEPT = 4096;

/**
 * Reads one YAML file of a setup into the context's view (includes recursively). Never throws: a text nested
 * deeper than yaml's recursive parser and composer reach (a RangeError: the call stack) is an error of the file,
 * as discovery reports it (readSetup's contract; found on two fuzz fixtures).
 */
export function readYamlFile(ctx: ReadContext, name: string, source: string | Uint8Array): void {
  try {
    readYamlFileOf(ctx, name, source);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    fail(ctx, name, 0, `the YAML is nested too deeply to read (${error.message})`);
  }
}

function readYamlFileOf(ctx: ReadContext, name: string, source: string | Uint8Array): void {
  ctx.included.add(name);
  ctx.view.files.push(name);
  const text = decodeText(source);
  if (text === null) {
    fail(ctx, name, 0, 'invalid UTF-8: Fluent Bit\'s YAML reader refuses the file');
    return;
  }
  const bad = firstNonPrintable(text);
  if (bad >= 0) {
    fail(ctx, name, bad, `control character U+${text.charCodeAt(bad).toString(16).padStart(4, '0').toUpperCase()} is not allowed in YAML (libyaml refuses the file)`);
    return;
  }
  if (text.length >= yamlPieces.minBytes && readInPieces(ctx, name, text) !== 'fallback') return;
  const docs = parseAllDocuments(text, OPTIONS);
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      fail(ctx, name, err.pos[0], `invalid YAML: ${err.message.split('\n')[0] ?? ''}`);
      return;
    }
  }
  const problem = libyamlProblem(text, list);
  if (problem) {
    fail(ctx, name, problem.offset, problem.message);
    return;
  }
  const st: YamlFileState = { ctx, name, keys: new Map(), ...pluginOriginOf(ctx, name) };
  for (const doc of list) {
    const root = doc.contents;
    if (!isMap(root)) {
      fail(ctx, name, at(root), 'a YAML config document must be a map of sections');
      return;
    }
    if (!readSections(st, root)) return;
  }
}

/** What a failed read in pieces must undo: the context as it was. */
function snapshot(ctx: ReadContext): () => void {
  const lengths = Object.entries(ctx.view).map(([k, v]) => [k, (v as unknown[]).length] as const);
  const errors = ctx.errors.length;
  const refs = ctx.includeRefs.length;
  const included = [...ctx.included];
  const serviceSet = ctx.serviceSet;
  return () => {
    ctx.instanceSink?.lost(); // what it took cannot be taken back
    for (const [k, n] of lengths) (ctx.view[k as keyof typeof ctx.view] as unknown[]).length = n;
    ctx.errors.length = errors;
    ctx.includeRefs.length = refs;
    ctx.included.clear();
    for (const n of included) ctx.included.add(n);
    ctx.serviceSet = serviceSet;
  };
}

/**
 * Reads a big YAML config piece by piece (yaml-pieces.ts): never yaml's CST and Document of the whole text at once.
 * 'fallback' when the pieces cannot stand for the whole parse, or when anything fails (a failure is reported by
 * the whole read, which checks the whole text's YAML errors and aliases first): the context is then as before.
 */
export function readInPieces(ctx: ReadContext, name: string, text: string): 'read' | 'fallback' {
  const undo = snapshot(ctx);
  const errors = ctx.errors.length;
  try {
    const pieces = readPieces(text, OPTIONS);
    if (readSections({ ctx, name, keys: new Map(), ...pluginOriginOf(ctx, name) }, pieces.root) && ctx.errors.length === errors) {
      pieces.drain();
      return 'read';
    }
  } catch (e) {
    // A stack overflow in a deeply nested piece: the whole read meets it as before.
    if (!(e instanceof PiecesFallback) && !(e instanceof RangeError)) throw e;
  }
  undo();
  return 'fallback';
}

/**
 * The first thing Fluent Bit's YAML reader refuses in documents the yaml package parses without an error, in text
 * order: fluentBitYamlErrors (src/yaml: every alias, an anchor name libyaml does not scan, an empty `---` document,
 * and the shapes of fluent-bit-shape.ts: a section of the wrong kind, a list or map where one value goes, a plugin
 * without name, a second service...), the walk discovery runs, so both refuse the same configs with one message.
 */
function libyamlProblem(text: string, docs: readonly Document.Parsed[]): { offset: number; message: string } | null {
  const first = fluentBitYamlErrors(text, docs).sort((a, b) => a.start - b.start)[0];
  return first ? { offset: first.start, message: first.message } : null;
}

function readSections(st: YamlFileState, root: YAMLMap): boolean {
  const { ctx, name } = st;
  for (const pair of pairsOf(root)) {
    const key = scalarText(pair.key);
    if (key === undefined || !isScalar(pair.key)) {
      fail(ctx, name, at(pair), 'a section name must be a plain string');
      return false;
    }
    const value = pair.value as Node | null;
    const ok = readSection(st, key, pair, value);
    if (!ok) return false;
  }
  return true;
}

function readSection(st: YamlFileState, key: string, pair: Pair, value: Node | null): boolean {
  const { ctx, name } = st;
  switch (cLower(key)) {
    case 'env': return readEnv(st, value, pair);
    case 'includes': return readIncludes(st, value, pair);
    case 'service':
      if (ctx.serviceSet) {
        fail(ctx, name, at(pair), 'duplicated definition of \'service\': Fluent Bit allows one service section across all files');
        return false;
      }
      ctx.serviceSet = true;
      return readService(st, value, pair);
    case 'pipeline': return readPipeline(st, value, pair);
    case 'customs': return readPluginList(st, 'custom', value, pair);
    case 'parsers': return readParsers(st, value, pair);
    case 'multiline_parsers': return readMultilineParsers(st, value, pair);
    case 'stream_processor': return readFlatMapList(st, value, pair, 'stream_processor');
    case 'plugins': return readPlugins(st, value, pair);
    case 'upstream_servers': return readUpstreams(st, value, pair);
    case 'extensions': return true; // v5.1: arbitrary nested content, kept but unused
    default: return readOtherSection(st, key, value, pair);
  }
}

function expectMap(st: YamlFileState, value: Node | null, pair: Pair, what: string): YAMLMap | null {
  if (isMap(value)) return value;
  fail(st.ctx, st.name, at(value ?? pair), `${what} must be a map`);
  return null;
}

function readEnv(st: YamlFileState, value: Node | null, pair: Pair): boolean {
  const { ctx, name } = st;
  if (isSeq(value)) {
    for (const item of itemsOf(value)) {
      if (!isMap(item)) {
        fail(ctx, name, at(item as Node), 'env list items must be maps with name and value');
        return false;
      }
      let varName: string | undefined;
      let varValue: string | undefined;
      for (const p of pairsOf(item)) {
        const k = scalarText(p.key);
        const v = scalarText(p.value);
        if (k === undefined || v === undefined) {
          fail(ctx, name, at(p), 'env list items hold scalars only');
          return false;
        }
        if (cLower(k) === 'name') varName = v;
        else if (cLower(k) === 'value') varValue = v;
      }
      if (varName === undefined) {
        fail(ctx, name, at(item), 'env list item without a name');
        return false;
      }
      if (!addEnv(st, varName, varValue ?? '', at(item))) return false;
    }
    return true;
  }
  const map = expectMap(st, value, pair, 'env');
  if (!map) return false;
  for (const p of pairsOf(map)) {
    const k = scalarText(p.key);
    const v = scalarText(p.value);
    if (k === undefined || v === undefined) {
      fail(ctx, name, at(p.value as Node ?? p), 'nested maps are not allowed in env section');
      return false;
    }
    if (!addEnv(st, k, v, at(p))) return false;
  }
  return true;
}

function addEnv(st: YamlFileState, key: string, value: string, offset: number): boolean {
  const k = cTrim(key);
  const v = cTrim(value);
  if (k === null || k === '' || v === null) {
    fail(st.ctx, st.name, offset, 'env entry with an empty name or a value of only spaces');
    return false;
  }
  st.ctx.view.env.push({ key: k, value: v, origin: { file: st.name, offset } });
  return true;
}

function readIncludes(st: YamlFileState, value: Node | null, pair: Pair): boolean {
  const { ctx, name } = st;
  if (!isSeq(value)) {
    fail(ctx, name, at(value ?? pair), 'includes must be a list of file paths');
    return false;
  }
  for (const item of itemsOf(value)) {
    const ref = scalarText(item);
    if (ref === undefined) {
      fail(ctx, name, at(item as Node), 'an include must be a file path');
      return false;
    }
    const offset = at(item as Node);
    if (!ctx.followIncludes) {
      ctx.includeRefs.push({ ref, origin: { file: name, offset } });
      continue;
    }
    // Relative paths resolve against the including file (flb_cf_yaml.c read_config joins parent->path).
    const target = resolveRef(ref, dirOf(name), ctx.baseDir);
    const targets = ref.includes('*') ? globNames(target, ctx.files.names) : [target];
    if (targets.length === 0) {
      fail(ctx, name, offset, `including file '${ref}': the glob matches no file`);
      return false;
    }
    for (const t of targets) {
      const text = ctx.files.read(t);
      if (text === undefined) {
        fail(ctx, name, offset, `including file '${ref}': no such file`);
        return false;
      }
      if (ctx.included.has(t)) {
        fail(ctx, name, offset, `including file '${ref}': the file is already included`);
        return false;
      }
      const before = ctx.errors.length;
      readYamlFile(ctx, t, text);
      if (ctx.errors.length > before) {
        fail(ctx, name, offset, `including file '${ref}' failed`);
        return false;
      }
    }
  }
  return true;
}

const pluginOriginOf = (ctx: ReadContext, name: string): { pluginOrigin?: Origin } => (ctx.sharedPluginOrigins === true ? { pluginOrigin: { file: name, offset: 0 } } : {});

/** A property through flb_cf_section_property_add: translated key, trimmed value. `plugin`: a plugin's property. */
function sectionProp(st: YamlFileState, key: string, value: string, offset: number, plugin = false): Prop | 'blank' | 'badkey' {
  let k = st.keys.get(key);
  if (k === undefined) {
    k = cTrim(translateYamlKey(key)) ?? '';
    if (st.keys.size >= KEYS_KEPT) st.keys.clear();
    st.keys.set(key, k);
  }
  if (k === '') return 'badkey';
  const v = cTrim(value);
  if (v === null) return 'blank';
  return { key: k, value: v, origin: plugin && st.pluginOrigin !== undefined ? st.pluginOrigin : { file: st.name, offset } };
}

function readService(st: YamlFileState, value: Node | null, pair: Pair): boolean {
  const { ctx, name } = st;
  const map = expectMap(st, value, pair, 'service');
  if (!map) return false;
  for (const p of pairsOf(map)) {
    const k = scalarText(p.key);
    const v = scalarText(p.value);
    if (k === undefined) {
      fail(ctx, name, at(p), 'service keys must be strings');
      return false;
    }
    if (v === undefined) {
      fail(ctx, name, at(p.value as Node), isMap(p.value) ? `unsupported nested service property '${k}'` : `service property '${k}' must be a single value (write the key once per value)`);
      return false;
    }
    const prop = sectionProp(st, k, v, at(p));
    if (prop === 'badkey') {
      fail(ctx, name, at(p), 'empty service key');
      return false;
    }
    if (prop !== 'blank') ctx.view.service.push(prop); // a value of only spaces is dropped silently
  }
  return true;
}

function readPipeline(st: YamlFileState, value: Node | null, pair: Pair): boolean {
  const { ctx, name } = st;
  if (!isMap(value)) {
    const v = scalarText(value);
    fail(ctx, name, at(value ?? pair), `the pipeline component '${v ?? ''}' is not valid. Try one of these values: customs, inputs, filters or outputs.`);
    return false;
  }
  for (const p of pairsOf(value)) {
    const k = scalarText(p.key);
    const kind = k === undefined ? undefined : ({ inputs: 'input', filters: 'filter', outputs: 'output', customs: 'custom' } as const)[cLower(k) as 'inputs'];
    if (kind === undefined) {
      fail(ctx, name, at(p), `the pipeline component '${k ?? ''}' is not valid. Try one of these values: customs, inputs, filters or outputs.`);
      return false;
    }
    if (!readPluginList(st, kind, p.value as Node | null, p)) return false;
  }
  return true;
}

function readPluginList(st: YamlFileState, kind: PluginKind, value: Node | null, pair: Pair): boolean {
  const { ctx, name } = st;
  if (!isSeq(value)) {
    fail(ctx, name, at(value ?? pair), `${kind} plugins must be a list of maps`);
    return false;
  }
  for (const item of itemsOf(value)) {
    if (!isMap(item)) {
      fail(ctx, name, at(item as Node), `each ${kind} must be a map of properties`);
      return false;
    }
    if (!readPlugin(st, kind, item)) return false;
  }
  return true;
}

function readPlugin(st: YamlFileState, kind: PluginKind, map: YAMLMap): boolean {
  const { ctx, name } = st;
  const props: Prop[] = [];
  const yamlOnly: string[] = [];
  for (const p of pairsOf(map)) {
    const rawKey = scalarText(p.key);
    if (rawKey === undefined) {
      fail(ctx, name, at(p), 'plugin keys must be strings');
      return false;
    }
    const v = p.value as Node | null;
    if (isSeq(v) || isMap(v)) {
      if (rawKey === 'processors' || rawKey === 'routes') {
        yamlOnly.push(rawKey);
        continue;
      }
      if (isMap(v)) {
        fail(ctx, name, at(v), `could not configure property '${translateYamlKey(rawKey)}' on ${kind} plugin: a map is not a property value`);
        return false;
      }
      if (v.items.length === 0) {
        fail(ctx, name, at(v), `could not configure property '${translateYamlKey(rawKey)}' on ${kind} plugin: empty list`);
        return false;
      }
      const key = cTrim(translateYamlKey(rawKey));
      if (key === null || key === '') {
        fail(ctx, name, at(p), 'empty plugin key');
        return false;
      }
      for (const it of v.items) {
        const s = scalarText(it);
        if (s === undefined || it === null) {
          fail(ctx, name, at(it as Node), `list items of '${key}' must be scalars`);
          return false;
        }
        // list items are appended as they are (cfl_array_append_string): not trimmed
        props.push({ key, value: s, origin: st.pluginOrigin ?? { file: name, offset: at(it as Node) } });
      }
      continue;
    }
    const s = scalarText(v) ?? '';
    const prop = sectionProp(st, rawKey, s, at(p), true);
    if (prop === 'badkey') {
      fail(ctx, name, at(p), 'empty plugin key');
      return false;
    }
    if (prop === 'blank') {
      fail(ctx, name, at(v ?? p), `value of '${rawKey}' holds only spaces (Fluent Bit: unable to add variant value property)`);
      return false;
    }
    props.push(prop);
  }
  if (!props.some((p) => cLower(p.key) === 'name')) {
    fail(ctx, name, at(map), `section '${kind}' is missing the 'name' property`);
    return false;
  }
  // Cut to size (a list grown by push keeps room for 17 items; memory of a big setup, issue #14).
  addInstance(ctx, { kind, props: props.slice(), yamlOnly: yamlOnly.length === 0 ? NO_BLOCKS : yamlOnly, origin: { file: name, offset: at(map) } });
  return true;
}

/** A plugin instance read: to the sink when there is one (ReadSetupOptions.instanceSink), else to the view. */
function addInstance(ctx: ReadContext, inst: PluginInstance): void {
  if (ctx.instanceSink) {
    ctx.instanceSink.take(inst);
    return;
  }
  const { view } = ctx;
  const list = inst.kind === 'custom' ? view.customs : inst.kind === 'input' ? view.inputs : inst.kind === 'filter' ? view.filters : view.outputs;
  list.push(inst);
}

/** Scalar-only key/value map (parsers, stream processor tasks, rule and node groups). */
function readFlatProps(st: YamlFileState, map: YAMLMap, what: string, opts: { blankIsError: boolean; skip?: (key: string) => boolean }): Prop[] | null {
  const { ctx, name } = st;
  const props: Prop[] = [];
  for (const p of pairsOf(map)) {
    const k = scalarText(p.key);
    if (k === undefined) {
      fail(ctx, name, at(p), `${what} keys must be strings`);
      return null;
    }
    if (opts.skip?.(k)) continue;
    const v = scalarText(p.value);
    if (v === undefined) {
      fail(ctx, name, at(p.value as Node), `${what} values must be single scalars ('${k}')`);
      return null;
    }
    const prop = sectionProp(st, k, v, at(p));
    if (prop === 'badkey') {
      fail(ctx, name, at(p), `empty ${what} key`);
      return null;
    }
    if (prop === 'blank') {
      if (opts.blankIsError) {
        fail(ctx, name, at(p.value as Node), `value of '${k}' holds only spaces`);
        return null;
      }
      continue;
    }
    props.push(prop);
  }
  return props;
}

function expectSeqOfMaps(st: YamlFileState, value: Node | null, pair: Pair, what: string): Iterable<YAMLMap> | null {
  if (!isSeq(value)) {
    fail(st.ctx, st.name, at(value ?? pair), `${what} must be a list of maps`);
    return null;
  }
  // Read in pieces: one item at a time (a non-map item fails where it stands; any failure makes the whole text read instead).
  if (isLazy(value)) return lazyMaps(st, value, what);
  const out: YAMLMap[] = [];
  for (const item of value.items) {
    if (!isMap(item)) {
      fail(st.ctx, st.name, at(item as Node), `each ${what} entry must be a map`);
      return null;
    }
    out.push(item);
  }
  return out;
}

function* lazyMaps(st: YamlFileState, value: YAMLSeq, what: string): Iterable<YAMLMap> {
  for (const item of itemsOf(value)) {
    if (!isMap(item)) {
      fail(st.ctx, st.name, at(item as Node), `each ${what} entry must be a map`);
      throw new PiecesFallback('a failure of the reader');
    }
    yield item;
  }
}

function readParsers(st: YamlFileState, value: Node | null, pair: Pair): boolean {
  const maps = expectSeqOfMaps(st, value, pair, 'parsers');
  if (!maps) return false;
  for (const m of maps) {
    const props = readFlatProps(st, m, 'parser', { blankIsError: false });
    if (!props) return false;
    st.ctx.view.parsers.push({ props, origin: { file: st.name, offset: at(m) } });
  }
  return true;
}

/**
 * The nested list `key` of a multiline parser (`rules`) or upstream server
 * (`nodes`): every pair of `map` with that exact key (strcmp in
 * flb_cf_yaml.c) must be a list of maps of flat properties, each handed to
 * `each` in order; false at the first error.
 */
function readNestedMaps(st: YamlFileState, map: YAMLMap, key: string, what: string, each: (item: YAMLMap, props: Prop[]) => boolean): boolean {
  for (const p of pairsOf(map)) {
    if (scalarText(p.key) !== key) continue;
    const list = expectSeqOfMaps(st, p.value as Node | null, p, key);
    if (!list) return false;
    for (const item of list) {
      const props = readFlatProps(st, item, what, { blankIsError: true });
      if (!props || !each(item, props)) return false;
    }
  }
  return true;
}

function readMultilineParsers(st: YamlFileState, value: Node | null, pair: Pair): boolean {
  const { ctx, name } = st;
  const maps = expectSeqOfMaps(st, value, pair, 'multiline_parsers');
  if (!maps) return false;
  for (const m of maps) {
    // `rules` is matched with strcmp (case-sensitive) in flb_cf_yaml.c
    const props = readFlatProps(st, m, 'multiline parser', { blankIsError: false, skip: (k) => k === 'rules' });
    if (!props) return false;
    const groups: MultilineRule[] = [];
    const rulesRead = readNestedMaps(st, m, 'rules', 'rule', (r, rp) => {
      const get = (k: string): string | undefined => rp.find((x) => cLower(x.key) === k)?.value;
      const state = get('state');
      const regex = get('regex');
      const next = get('next_state');
      const missing = state === undefined ? 'state' : regex === undefined ? 'regex' : next === undefined ? 'next_state' : null;
      if (missing) {
        fail(ctx, name, at(r), `multiline parser rule: invalid '${missing}' key`);
        return false;
      }
      groups.push({ state: state as string, regex: regex as string, nextState: next as string });
      return true;
    });
    if (!rulesRead) return false;
    const ruleProps = props.filter((p) => cLower(p.key) === 'rule');
    const classicRules = rulesFromProps(ruleProps);
    ctx.view.multilineParsers.push({
      props: props.filter((p) => cLower(p.key) !== 'rule'),
      rules: [...groups, ...classicRules],
      origin: { file: name, offset: at(m) },
    });
  }
  return true;
}

/** Classic-style `rule` properties, tokenised as Fluent Bit does (they work in YAML too). */
export function rulesFromProps(props: readonly Prop[]): MultilineRule[] {
  return props.map((p) => {
    const t = splitRuleTokens(p.value, 3);
    return { state: t[0] ?? '', regex: t[1] ?? '', nextState: t[2] ?? null };
  });
}


function readFlatMapList(st: YamlFileState, value: Node | null, pair: Pair, what: string): boolean {
  const maps = expectSeqOfMaps(st, value, pair, what);
  if (!maps) return false;
  for (const m of maps) if (!readFlatProps(st, m, what, { blankIsError: false })) return false;
  return true;
}

function readPlugins(st: YamlFileState, value: Node | null, pair: Pair): boolean {
  if (!isSeq(value)) {
    fail(st.ctx, st.name, at(value ?? pair), 'plugins must be a list of paths');
    return false;
  }
  for (const item of itemsOf(value)) {
    const s = scalarText(item);
    if (s === undefined) {
      fail(st.ctx, st.name, at(item as Node), 'plugins must be a list of paths');
      return false;
    }
    st.ctx.view.plugins.push(cTrim(s) ?? '');
  }
  return true;
}

function readUpstreams(st: YamlFileState, value: Node | null, pair: Pair): boolean {
  const maps = expectSeqOfMaps(st, value, pair, 'upstream_servers');
  if (!maps) return false;
  for (const m of maps) {
    const props = readFlatProps(st, m, 'upstream server', { blankIsError: false, skip: (k) => k === 'nodes' });
    if (!props) return false;
    const nodes: Prop[][] = [];
    const nodesRead = readNestedMaps(st, m, 'nodes', 'upstream node', (_, np) => {
      nodes.push(np);
      return true;
    });
    if (!nodesRead) return false;
    st.ctx.view.upstreams.push({ props, nodes, origin: { file: st.name, offset: at(m) } });
  }
  return true;
}

/**
 * Any other top-level key: a flat map, made into a section whose type comes
 * from the classic prefix rule (flb_cf_section_create), so `serv:` adds to
 * the service and `inp:` is an input. Everything else is ignored.
 */
function readOtherSection(st: YamlFileState, key: string, value: Node | null, pair: Pair): boolean {
  const map = expectMap(st, value, pair, `section '${key}'`);
  if (!map) return false;
  const props = readFlatProps(st, map, `section '${key}'`, { blankIsError: false });
  if (!props) return false;
  const type = sectionTypeOf(key);
  const origin = { file: st.name, offset: at(pair) };
  const { view } = st.ctx;
  switch (type) {
    case 'service': view.service.push(...props); break;
    case 'input': case 'filter': case 'output': case 'custom': {
      if (!props.some((p) => cLower(p.key) === 'name')) {
        fail(st.ctx, st.name, at(pair), `section '${type}' is missing the 'name' property (the key '${key}' is read as a ${type} by prefix)`);
        return false;
      }
      addInstance(st.ctx, { kind: type, props, yamlOnly: [], origin });
      break;
    }
    case 'parser': view.parsers.push({ props, origin }); break;
    case 'multiline_parser':
      view.multilineParsers.push({ props: props.filter((p) => cLower(p.key) !== 'rule'), rules: rulesFromProps(props.filter((p) => cLower(p.key) === 'rule')), origin });
      break;
    default: break;
  }
  return true;
}
