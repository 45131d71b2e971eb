import { parseConfig, type ParseOptions, type ParseResult } from '../grammar/parse.js';
import { entryValue, indentWidth, keyAndValueText, keyText, newlineWidth } from '../grammar/compact-tree.js';
import { cLower, cTrim } from '../grammar/reader.js';
import type {
  CommandLine, ConfigTree, EntryLine, SectionNode, SectionType,
} from '../grammar/syntax-tree.js';

/** A `${NAME}` or `${NAME:-default}` reference inside a value. */
export interface VarRef {
  readonly name: string;
  readonly fallback: string | null;
  /** Offsets of the whole `${...}` in the config text. */
  readonly start: number;
  readonly end: number;
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
  /** The plugin name (`Name` key), lower-cased, or '' when missing. */
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

function groupNameOf(line: EntryLine): string {
  const content = keyAndValueText(line);
  const close = content.indexOf(']');
  return close < 0 ? content.slice(1) : content.slice(1, close);
}

const NO_REFS: readonly VarRef[] = Object.freeze([]);

// Entries are read through compact-tree.ts's part readers: the same values
// as the tokens, without building the line's tokens (a model of a large
// file would otherwise hold a token object and a string per part of every
// line).
function buildSection(node: SectionNode, indent: string | null): SectionModel {
  const entries: EntryModel[] = [];
  // Fluent Bit's current_group: opened by a `[NAME] ...` line, closed by any
  // line at the indent (key, group header, comment or whitespace-only line).
  let group: string | null = null;
  for (const line of node.lines) {
    if (line.kind === 'header' || line.kind === 'command') continue;
    const width = indentWidth(line);
    if (line.kind !== 'entry' && width === 0) continue; // empty line, column-0 comment
    const depth: 1 | 2 = indent !== null && width > 0 && width >= indent.length * 2 ? 2 : 1;
    if (depth === 1) group = null;
    if (line.kind !== 'entry') continue;
    const rawKey = keyText(line);
    if (rawKey.startsWith('[')) {
      const name = groupNameOf(line);
      group = name === '' ? null : name; // `[]` opens no group
      continue;
    }
    const key = cTrim(rawKey);
    const value = entryValue(line);
    entries.push({
      line,
      key,
      name: cLower(key),
      value: value.text,
      valueStart: value.start,
      valueEnd: value.end,
      depth,
      group: depth === 2 ? group : null,
      varRefs: value.text.includes('${') ? findVarRefs(value.text, value.start) : NO_REFS,
    });
  }
  const byName = new Map<string, EntryModel[]>();
  for (const e of entries) {
    const list = byName.get(e.name);
    if (list) list.push(e);
    else byName.set(e.name, [e]);
  }
  const nameEntry = byName.get('name')?.[0];
  return {
    node,
    type: node.type,
    name: node.name,
    plugin: nameEntry ? nameEntry.value.toLowerCase() : '',
    entries,
    get: (key) => byName.get(key.toLowerCase())?.[0],
    getAll: (key) => byName.get(key.toLowerCase()) ?? [],
    has: (key) => byName.has(key.toLowerCase()),
    start: node.start,
    end: node.end,
  };
}

/** Builds the read-only model over a parsed tree. Holds references to tokens, not copies. */
export function buildModel(tree: ConfigTree): ConfigModel {
  const sections = tree.sections.map((s) => buildSection(s, tree.indent));
  const includes: IncludeRef[] = [];
  const sets: SetVariable[] = [];
  let crlf = 0;
  let lf = 0;
  for (const line of tree.lines) {
    const nl = newlineWidth(line);
    if (nl === 2) crlf++;
    else if (nl === 1) lf++;
    if (line.kind !== 'command' || !line.argument) continue;
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
  return {
    tree,
    sections,
    sectionsOf: (type) => sections.filter((s) => s.type === type),
    includes,
    sets,
    varRefs: allVarRefs(sections),
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
