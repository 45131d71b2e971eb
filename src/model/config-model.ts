import { parseConfig, type ParseOptions, type ParseResult } from '../grammar/parse.js';
import { compactLine, compactParts, entryValue, indentWidth, keyAndValueText, keyStart, keyText, newlineWidth, type LineTable } from '../grammar/compact-tree.js';
import { COMMAND, END, ENTRY, HEADER, P1, P2, P3, P4, P5, START } from '../grammar/line-table.js';
import type { FileShape } from '../grammar/parser.js';
import { cTrim } from '../source/c-text.js';
import { cLower } from '../source/c-text.js';
import { sectionTypeOf } from '../grammar/section-type.js';
import type {
  CommandLine, ConfigTree, EntryLine, Line, SectionNode, SectionType,
} from '../grammar/syntax-tree.js';

/** A `${NAME}` or `${NAME:-default}` reference inside a value. */
export interface VarRef {
  readonly name: string;
  readonly fallback: string | null;
  /** Offsets of the whole `${...}` in the config text. */
  readonly start: number;
  readonly end: number;
  /**
   * Set in a config a Flux Kustomization with postBuild substitutes (view/flux-escape.ts): the text Flux writes in
   * place of the reference before Fluent Bit reads the config, which Fluent Bit then reads as it is.
   */
  readonly flux?: string;
}

/** One key/value entry of a section, in file order. */
export interface EntryModel {
  readonly line: EntryLine;
  /** The key as written, trimmed of C whitespace (`Parser`, `multiline.parser`). */
  readonly key: string;
  /** Fluent Bit's normalised key: trimmed and lower-cased (ASCII only, as C tolower()). */
  readonly name: string;
  /**
   * The value as Fluent Bit sees it: trimmed of C whitespace (a `\r` inside
   * it is kept; one before `\n` is the line break), and, on a line a NUL
   * byte glued to the next, the text Fluent Bit reads; '' when missing.
   */
  readonly value: string;
  /**
   * Source range of the value (empty range at the key's end when missing).
   * It slices `value` out of the source unless the line holds bytes Fluent
   * Bit never reads (a NUL), which the range then covers.
   */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** 2 for double-indented (group content) lines. */
  readonly depth: 1 | 2;
  /** Name of the enclosing group (`[GROUP x]`), if any. */
  readonly group: string | null;
  readonly varRefs: readonly VarRef[];
}

/** A read-only view of one section. Keys are looked up case-insensitively. */
export interface SectionModel {
  readonly node: SectionNode;
  readonly type: SectionType;
  /** Name between the brackets, as written. */
  readonly name: string;
  /** The plugin name (`Name` key), lower-cased, or '' when missing; a `${VAR}` in it is not expanded (the setup's variables do: rules' pluginOf). */
  readonly plugin: string;
  readonly entries: readonly EntryModel[];
  /** First entry with this key (case-insensitive), as Fluent Bit's getters do. */
  get(key: string): EntryModel | undefined;
  /** Every entry with this key, in order (duplicates are kept). */
  getAll(key: string): readonly EntryModel[];
  has(key: string): boolean;
  readonly start: number;
  readonly end: number;
}

/** A reference to another file (an `@INCLUDE` path, a `Parsers_File` value) and its range in the config text. */
export interface FileRef {
  /** The path exactly as Fluent Bit uses it. */
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** An `@INCLUDE` command: the raw rest of the line is the path. */
export interface IncludeRef extends FileRef {
  readonly line: CommandLine;
  readonly isGlob: boolean;
}

export interface SetVariable {
  readonly line: CommandLine;
  readonly name: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface ConfigModel {
  readonly tree: ConfigTree;
  readonly sections: readonly SectionModel[];
  sectionsOf(type: SectionType): readonly SectionModel[];
  readonly includes: readonly IncludeRef[];
  readonly sets: readonly SetVariable[];
  /** Every `${VAR}` reference in entry values, in order. */
  readonly varRefs: readonly VarRef[];
  /** The file's indent string (Fluent Bit's rule), or null. */
  readonly indent: string | null;
  /** The dominant line break of the file ('\n' when there is none). */
  readonly newline: '\n' | '\r\n';
}

/**
 * Scans `${...}` the way Fluent Bit's flb_env_var_translate does: after a
 * `${`, the name runs to the FIRST `}` after the current position. Bash-style
 * `${NAME:-default}` (v5.0.6+) is split into name and fallback.
 */
export function findVarRefs(value: string, offset: number): VarRef[] {
  const refs: VarRef[] = [];
  let pos = 0;
  for (;;) {
    const open = value.indexOf('${', pos);
    if (open < 0) break;
    const close = value.indexOf('}', pos);
    if (close < 0) break;
    if (close < open) break; // Fluent Bit's quirk: a `}` before `${` stops expansion
    const inner = value.slice(open + 2, close);
    const dash = inner.indexOf(':-');
    refs.push({
      name: dash < 0 ? inner : inner.slice(0, dash),
      fallback: dash < 0 ? null : inner.slice(dash + 2),
      start: offset + open,
      end: offset + close + 1,
    });
    pos = close + 1;
  }
  return refs;
}

function groupNameOf(content: string): string {
  const close = content.indexOf(']');
  return close < 0 ? content.slice(1) : content.slice(1, close);
}

const NO_REFS: readonly VarRef[] = Object.freeze([]);

/**
 * An entry of the model. A class over the tree, not a literal holding its
 * line: a big config has one per entry, and its line object is built only
 * when read (compactLine), so a model does not build every line of the
 * tree (memory, issue #14). Same fields as before.
 */
class Entry implements EntryModel {
  readonly key: string;
  readonly name: string;
  readonly value: string;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly depth: 1 | 2;
  readonly group: string | null;
  readonly varRefs: readonly VarRef[];
  /** The line: its index in a compact tree, or the line itself (another tree). */
  readonly #line: number | EntryLine;
  readonly #tree: ConfigTree;
  /** Its index in its section's entries (package-internal: entryOrdinal). */
  readonly #ordinal: number;

  constructor(tree: ConfigTree, line: number | EntryLine, ordinal: number, key: string, name: string, value: string, valueStart: number, valueEnd: number, depth: 1 | 2, group: string | null) {
    this.key = key;
    this.name = name;
    this.value = value;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.depth = depth;
    this.group = group;
    this.varRefs = value.includes('${') ? findVarRefs(value, valueStart) : NO_REFS;
    this.#line = line;
    this.#tree = tree;
    this.#ordinal = ordinal;
  }

  get ordinal(): number {
    return this.#ordinal;
  }

  get line(): EntryLine {
    const line = this.#line;
    return typeof line === 'number' ? (compactLine(this.#tree, line) as EntryLine) : line;
  }

  /** Start offset of the key (package-internal: entryKeyStart). */
  keyStart(): number {
    const line = this.#line;
    if (typeof line !== 'number') return keyStart(line);
    const parts = compactParts(this.#tree) as { readonly table: LineTable };
    return parts.table.src(parts.table.at(line, P1));
  }
}

/** An entry's index in its section's entries (package-internal, for src/view: without reading every entry). */
export function entryOrdinal(e: EntryModel, section: SectionModel): number {
  return e instanceof Entry ? e.ordinal : section.entries.indexOf(e);
}

/** Start offset of an entry's key, without building its line when it is ours. */
export function entryKeyStart(e: EntryModel): number {
  return e instanceof Entry ? e.keyStart() : keyStart(e.line);
}

/** Sections with more entries than this index them by name (when first looked up); smaller ones are scanned. */
const INDEX_FROM = 12;
/** A compact tree's section of at most this many lines is looked up in its records until its entries are read. */
const SCAN_UP_TO = 2 * INDEX_FROM;

/**
 * A section of the model. A class with prototype lookups, not a literal
 * with three closures and a map per section (memory, issue #14): small
 * sections are scanned, larger ones indexed when first looked up. The
 * entries of a compact tree's section are read from its records when first
 * read (rules never read most sections of a big config).
 */
class Section implements SectionModel {
  readonly type: SectionType;
  readonly name: string;
  readonly start: number;
  readonly end: number;
  #entries: readonly EntryModel[] | undefined;
  /** Entries made by a lookup before `entries` was read, by position. */
  #made: (EntryModel | undefined)[] | undefined;
  #plugin: string | undefined;
  #byName: Map<string, EntryModel[]> | undefined;
  readonly #tree: ConfigTree;
  readonly #index: number;
  /** Where a compact tree's entries are read from: the records and the header's line. */
  readonly #source: CompactSource | undefined;
  readonly #header: number;

  constructor(tree: ConfigTree, index: number, type: SectionType, name: string, start: number, end: number, entries: readonly EntryModel[] | undefined, source: CompactSource | undefined, header: number) {
    this.type = type;
    this.name = name;
    this.start = start;
    this.end = end;
    this.#entries = entries;
    this.#made = undefined;
    this.#plugin = undefined;
    this.#byName = undefined;
    this.#tree = tree;
    this.#index = index;
    this.#source = source;
    this.#header = header;
  }

  get entries(): readonly EntryModel[] {
    if (this.#entries === undefined) {
      this.#entries = (this.#source as CompactSource).entries(this.#header, this.#index, this.#made);
      this.#made = undefined;
    }
    return this.#entries;
  }

  /**
   * The entries named `name` (the first only unless `all`), when the section
   * is a small one of a compact tree whose entries were not read: found in
   * the records, and only those made (kept by position, so that `entries`
   * holds the same objects). Undefined otherwise.
   */
  #scan(name: string, all: boolean): EntryModel[] | undefined {
    const source = this.#source;
    if (this.#entries !== undefined || source === undefined || (source.shape.sections[this.#index] as number) > SCAN_UP_TO) return undefined;
    return source.find(this.#header, this.#index, name, all, (this.#made ??= []));
  }

  /** The plugin name (`Name` key), lower-cased, or '' when missing. */
  get plugin(): string {
    if (this.#plugin === undefined) {
      if (this.#entries === undefined && this.#source !== undefined) this.#plugin = this.#source.plugin(this.#header, this.#index);
      else {
        const e = this.get('name');
        this.#plugin = e ? e.value.toLowerCase() : '';
      }
    }
    return this.#plugin;
  }

  /** The tree's section node (its lines are built when read). */
  get node(): SectionNode {
    return this.#tree.sections[this.#index] as SectionNode;
  }

  #indexed(): Map<string, EntryModel[]> | undefined {
    const { entries } = this;
    if (entries.length <= INDEX_FROM) return undefined;
    if (this.#byName === undefined) {
      const byName = new Map<string, EntryModel[]>();
      for (const e of entries) {
        const list = byName.get(e.name);
        if (list) list.push(e);
        else byName.set(e.name, [e]);
      }
      this.#byName = byName;
    }
    return this.#byName;
  }

  get(key: string): EntryModel | undefined {
    const name = key.toLowerCase();
    const scanned = this.#scan(name, false);
    if (scanned) return scanned[0];
    const byName = this.#indexed();
    if (byName) return byName.get(name)?.[0];
    for (const e of this.entries) if (e.name === name) return e;
    return undefined;
  }

  getAll(key: string): readonly EntryModel[] {
    const name = key.toLowerCase();
    const scanned = this.#scan(name, true);
    if (scanned) return scanned;
    const byName = this.#indexed();
    if (byName) return byName.get(name) ?? [];
    return this.entries.filter((e) => e.name === name);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

/** Strings remembered per model at most (a config of unique keys must not grow the maps with its size). */
const STRINGS_KEPT = 4096;

/**
 * Keys and short values repeat across a big config (`Name`, `Match`,
 * `tail`, `On`): one string each per model, instead of one per entry.
 */
class Strings {
  readonly #keys = new Map<string, readonly [string, string]>();
  readonly #values = new Map<string, string>();

  /** Trimmed key and its Fluent Bit name, for a raw key text. */
  key(raw: string): readonly [string, string] {
    let k = this.#keys.get(raw);
    if (k === undefined) {
      const key = cTrim(raw);
      if (this.#keys.size >= STRINGS_KEPT) this.#keys.clear();
      this.#keys.set(raw, (k = [key, cLower(key)]));
    }
    return k;
  }

  value(text: string): string {
    if (text.length > 16) return text;
    const known = this.#values.get(text);
    if (known !== undefined) return known;
    if (this.#values.size >= STRINGS_KEPT) this.#values.clear();
    this.#values.set(text, text);
    return text;
  }
}

// Fluent Bit's current_group: opened by a `[NAME] ...` line, closed by any
// line at the indent (key, group header, comment or whitespace-only line).

/** A compact tree's records, read into entries section by section (when a section's entries are first read). */
class CompactSource {
  constructor(
    readonly tree: ConfigTree,
    readonly table: LineTable,
    readonly shape: FileShape,
    readonly indent: string | null,
    readonly strings: Strings,
  ) {}

  /** The sections, without their entries. */
  sections(): SectionModel[] {
    const { table, shape } = this;
    const out: SectionModel[] = [];
    let h = shape.preamble;
    for (let k = 0; k < shape.sections.length; k++) {
      const size = shape.sections[k] as number;
      const name = this.strings.value(table.logical.slice(table.at(h, P2), table.at(h, P3)));
      out.push(new Section(this.tree, k, sectionTypeOf(name), name, table.src(table.at(h, START)), table.src(table.at(h + size, END)), undefined, this, h));
      h += 1 + size;
    }
    return out;
  }

  /** The value of the first `Name` entry of section `k` (header line `h`), lower-cased, or '': what `entries` would give, without making them. */
  plugin(h: number, k: number): string {
    const { table, strings } = this;
    const text = table.logical;
    const size = this.shape.sections[k] as number;
    for (let i = h + 1; i <= h + size; i++) {
      if (table.kind(i) !== ENTRY) continue;
      const p1 = table.at(i, P1);
      if (text.charCodeAt(p1) === 0x5b /* [ */) continue; // a group header
      if (strings.key(text.slice(p1, table.at(i, P2)))[1] !== 'name') continue;
      return strings.value(text.slice(table.at(i, P3), table.at(i, P4)).toLowerCase());
    }
    return '';
  }

  /**
   * Visits the entries of section `k` (header line `h`) in order: position,
   * line, depth, group and interned [key, name]; stops when `visit` says so.
   */
  #scan(h: number, k: number, visit: (ordinal: number, i: number, depth: 1 | 2, group: string | null, names: readonly [string, string]) => boolean): void {
    const { table, indent, strings } = this;
    const text = table.logical;
    const size = this.shape.sections[k] as number;
    let group: string | null = null;
    let ordinal = 0;
    for (let i = h + 1; i <= h + size; i++) {
      const kind = table.kind(i);
      if (kind === HEADER || kind === COMMAND) continue;
      const width = table.at(i, P1) - table.at(i, START);
      if (kind !== ENTRY && width === 0) continue; // empty line, column-0 comment
      const depth: 1 | 2 = indent !== null && width > 0 && width >= indent.length * 2 ? 2 : 1;
      if (depth === 1) group = null;
      if (kind !== ENTRY) continue;
      const p1 = table.at(i, P1);
      if (text.charCodeAt(p1) === 0x5b /* [ */) {
        const name = groupNameOf(text.slice(p1, table.at(i, P4)));
        group = name === '' ? null : name; // `[]` opens no group
        continue;
      }
      if (visit(ordinal++, i, depth, depth === 2 ? group : null, strings.key(text.slice(p1, table.at(i, P2))))) return;
    }
  }

  /** The entry at line `i`. */
  #entry(i: number, ordinal: number, depth: 1 | 2, group: string | null, names: readonly [string, string]): EntryModel {
    const { table } = this;
    const a = table.at(i, P3);
    const b = table.at(i, P4);
    if (b > a) return new Entry(this.tree, i, ordinal, names[0], names[1], this.strings.value(table.logical.slice(a, b)), table.src(a), table.src(b), depth, group);
    const keyEnd = table.src(table.at(i, P2));
    return new Entry(this.tree, i, ordinal, names[0], names[1], '', keyEnd, keyEnd, depth, group);
  }

  /** The entries of section `k`, whose header is line `h` (`made`: entries made already, by position). */
  entries(h: number, k: number, made: readonly (EntryModel | undefined)[] | undefined): EntryModel[] {
    const entries: EntryModel[] = [];
    this.#scan(h, k, (ordinal, i, depth, group, names) => {
      entries.push(made?.[ordinal] ?? this.#entry(i, ordinal, depth, group, names));
      return false;
    });
    return entries.slice(); // an array of its size (one grown by push keeps room for 17)
  }

  /** The entries of section `k` named `name` (the first only unless `all`), made once each into `made`. */
  find(h: number, k: number, name: string, all: boolean, made: (EntryModel | undefined)[]): EntryModel[] {
    const out: EntryModel[] = [];
    this.#scan(h, k, (ordinal, i, depth, group, names) => {
      if (names[1] !== name) return false;
      out.push((made[ordinal] ??= this.#entry(i, ordinal, depth, group, names)));
      return !all;
    });
    return out;
  }
}

/** The sections of another tree (built by hand, a JSON copy), read from its line objects. */
function lineSections(tree: ConfigTree, indent: string | null, strings: Strings): SectionModel[] {
  return tree.sections.map((node, k) => {
    const entries: EntryModel[] = [];
    let group: string | null = null;
    for (const line of node.lines) {
      if (line.kind === 'header' || line.kind === 'command') continue;
      const width = indentWidth(line);
      if (line.kind !== 'entry' && width === 0) continue;
      const depth: 1 | 2 = indent !== null && width > 0 && width >= indent.length * 2 ? 2 : 1;
      if (depth === 1) group = null;
      if (line.kind !== 'entry') continue;
      const rawKey = keyText(line);
      if (rawKey.startsWith('[')) {
        const name = groupNameOf(keyAndValueText(line));
        group = name === '' ? null : name;
        continue;
      }
      const [key, name] = strings.key(rawKey);
      const value = entryValue(line);
      entries.push(new Entry(tree, line, entries.length, key, name, strings.value(value.text), value.start, value.end, depth, depth === 2 ? group : null));
    }
    return new Section(tree, k, node.type, node.name, node.start, node.end, entries.slice(), undefined, -1);
  });
}

/** Builds the read-only model over a parsed tree. Holds references to tokens, not copies. */
export function buildModel(tree: ConfigTree): ConfigModel {
  const strings = new Strings();
  const compact = compactParts(tree);
  const sections = compact ? new CompactSource(tree, compact.table, compact.shape, tree.indent, strings).sections() : lineSections(tree, tree.indent, strings);
  const includes: IncludeRef[] = [];
  const sets: SetVariable[] = [];
  let crlf = 0;
  let lf = 0;
  const count = compact ? compact.table.count : tree.lines.length;
  for (let i = 0; i < count; i++) {
    let nl: number;
    let line: Line | undefined;
    if (compact) {
      nl = compact.table.at(i, END) - compact.table.at(i, P5);
      if (compact.table.kind(i) === COMMAND) line = compactLine(tree, i);
    } else {
      line = tree.lines[i] as Line;
      nl = newlineWidth(line);
    }
    if (nl === 2) crlf++;
    else if (nl === 1) lf++;
    if (line?.kind !== 'command' || !line.argument) continue;
    const arg = line.argument;
    if (line.name === 'include') {
      includes.push({ line, path: arg.text, isGlob: arg.text.includes('*'), start: arg.start, end: arg.end });
    } else if (line.name === 'set') {
      const param = cTrim(arg.text);
      const eq = param.indexOf('=');
      if (eq > 0) {
        sets.push({ line, name: param.slice(0, eq), value: param.slice(eq + 1), start: arg.start, end: arg.end });
      }
    }
  }
  let varRefs: readonly VarRef[] | undefined;
  return {
    tree,
    sections,
    sectionsOf: (type) => sections.filter((s) => s.type === type),
    includes,
    sets,
    get varRefs() {
      return (varRefs ??= allVarRefs(sections)); // reads every section's entries: made when first read
    },
    indent: tree.indent,
    newline: crlf > lf ? '\r\n' : '\n',
  };
}

/** Every entry's `${VAR}` references, in order (loops: flatMap is slow on large files). */
function allVarRefs(sections: readonly SectionModel[]): VarRef[] {
  const out: VarRef[] = [];
  for (const s of sections) for (const e of s.entries) for (const ref of e.varRefs) out.push(ref);
  return out;
}

/** Parses and models in one step. */
export function loadConfig(text: string, options?: ParseOptions): ParseResult & { model: ConfigModel } {
  const result = parseConfig(text, options);
  return { ...result, model: buildModel(result.tree) };
}
