import type { Diagnostic, DiagnosticCode, Severity } from '../source/diagnostic.js';
import type { LineTable } from './compact-tree.js';
import {
  BLANK, COMMAND, COMMENT, END, ENTRY, HEADER, INDENT_HAS_TAB, KIND, KIND_MASK, P1, P2, P3, P4, P5, START, STRIDE,
} from './line-table.js';
import { cLower } from '../source/c-text.js';
import { cTrim, isCSpace } from '../source/c-text.js';
import { bareCrOffsets, isCBlank, utf8LeadByte } from './reader.js';
import { sectionNameInfo, type SectionNameInfo } from './section-type.js';
import type { SectionType, UnreadRange } from './syntax-tree.js';

/** Which file of a Fluent Bit setup a classic text is, when the caller knows. */
export type ConfigRole = 'main' | 'parsers' | 'unknown';

/*
 * The checks Fluent Bit's classic reader (flb_cf_fluentbit.c read_config and
 * check_indent) and its next stage apply, as diagnostics. The loop below
 * replays read_config line by line on the lines the reader sees (reader.ts),
 * reading the lexer's line records (offsets, no token objects),
 * so an error is reported on exactly the line where Fluent Bit stops, with
 * Fluent Bit's reason. Errors are what Fluent Bit rejects; what it silently
 * ignores or only warns about is a warning; nothing it accepts is an error,
 * except an unindented key (MISSING_INDENT): the reader takes the key's
 * first character as the file's indent and reads the rest as the key, which
 * no section Fluent Bit uses accepts. Every problem is reported, not only
 * the first (Fluent Bit stops at the first). The rules, with the conformance
 * cases that show them, are in src/grammar/README.md.
 */

interface Reporter {
  /** `line`: the index of the line Fluent Bit stops on (its number is added when a NUL shifted Fluent Bit's count). */
  (code: DiagnosticCode, severity: Severity, message: string, start: number, end: number, line?: number): void;
}

/** Fluent Bit's indent string: the first byte of the first checked line plus the blanks after it. */
interface ReaderIndent {
  readonly text: string;
  /** For an indent taken from an unindented line whose first character is not ASCII: the one byte Fluent Bit keeps. */
  readonly leadByte: number | null;
  /** The index of the line it came from, and whether that line was indented at all. */
  readonly from: number;
  readonly unindented: boolean;
}

const MESSAGE_CONTEXT = 60;

/** A quoted, escaped excerpt for a message (control characters and invisible spaces spelled out). */
function show(s: string): string {
  const cut = s.length > MESSAGE_CONTEXT ? `${s.slice(0, MESSAGE_CONTEXT)}...` : s;
  return JSON.stringify(cut).replace(/[\u007f-\u00a0\u00ad\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const NONE = 0;
const EMPTY = 1;
const BLANK_VALUE = 2;
const TEXT = 3;

/**
 * Replays read_config over the lexer's line records (compact-tree.ts
 * LineTable): offsets and character codes only; strings are made for
 * messages, the indent string and the rare command and header lines.
 */
export function validateLines(table: LineTable, hasBom: boolean, role: ConfigRole = 'unknown'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: Reporter = (code, severity, message, start, end, line) => {
    const where = line !== undefined && table.lineNo(line) !== line + 1 && severity === 'error' ? ` (Fluent Bit counts this as line ${line + 1}: a NUL byte joined earlier lines)` : '';
    out.push({ code, severity, message: message + where, start, end });
  };
  const { text, logical: L, rec: r, base: rb, count } = table;
  const { identity } = table;
  const src = (x: number): number => (identity ? x : table.src(x));
  const contentEnd = (i: number): number => src(r[rb + i * STRIDE + P5] as number);
  const whitespaceOnly = (i: number): void => {
    report('WHITESPACE_ONLY_LINE', 'warning', 'line holds only blanks: Fluent Bit checks it as an indented entry; an empty line is safer', src(r[rb + i * STRIDE + START] as number), contentEnd(i));
  };
  const bareCrs = bareCrOffsets(text);
  let nextCr = 0;

  if (hasBom) {
    report('BOM', 'error', 'file starts with a UTF-8 byte order mark: Fluent Bit reads it as part of the first line and rejects the file; save it without a BOM', 0, src(1));
  }
  const { layout } = table;
  if (layout.overflow !== null) {
    report('LINE_BUFFER_LIMIT', 'error', "Fluent Bit's line buffer doubles at every NUL byte and every long line and never shrinks; here it passes its 32 MiB limit and the reader fails (reading line is exceeded to the limit size): remove the NUL bytes", layout.overflow, layout.overflow + 1);
  }
  reportUnread(text, layout.dropped ? [...layout.gaps, layout.dropped] : layout.gaps, report);

  // read_config's state for this file.
  let indent: ReaderIndent | null = null;
  /** The indent we check later lines against: Fluent Bit's, until it came from an unindented line and failed once. */
  let checkWith = null as ReaderIndent | null; // (cast: assigned in checkAgainst, which TS does not follow)
  /** checkWith's text when it is made of blanks only (taken from an indented line), else '': the fast path's indent. */
  let fastIndent = '';
  let fastSpaces = false;
  const checkAgainst = (ci: ReaderIndent): void => {
    checkWith = ci;
    let spaces = 0;
    let blanks = 0;
    for (let k = 0; k < ci.text.length; k++) {
      const c = ci.text.charCodeAt(k);
      if (c === 32) spaces++;
      if (isCBlank(c)) blanks++;
    }
    fastIndent = ci.leadByte === null && blanks === ci.text.length ? ci.text : '';
    fastSpaces = fastIndent !== '' && spaces === fastIndent.length;
  };
  /** current_section; after a bad header we go on as if it had opened an ignored section, so one typo is one error. */
  let section: { header: number; type: SectionType; bad: boolean } | null = null;
  /** An [UPSTREAM] section came before: a later [NODE] is one of its nodes (flb_upstream_ha.c reads them), not unknown. */
  let seenUpstream = false;
  // [STREAM_TASK] is unknown to the main reader but is what a streams_file holds (flb_sp.c sp_config_file reads only
  // those sections, `strcasecmp(section->name, "STREAM_TASK")`: ASCII case only, hence cLower): a file of nothing but
  // [STREAM_TASK] sections is taken for a streams file, without the warning.
  const streamTaskWarnings = new Set<Diagnostic>();
  let otherHeaders = false;
  let nKeys = 0;
  /** Line index of the open group's header, or -1. */
  let group = -1;
  // Our own bookkeeping for warnings.
  let sectionKeys = 0;
  let pendingInclude = -1;

  const closeSection = (): void => {
    if (section && !section.bad && sectionKeys === 0) {
      const h = section.header;
      report('EMPTY_SECTION', 'warning', `section [${sectionName(table, h)}] has no keys`, src(r[rb + h * STRIDE + START] as number), contentEnd(h));
    }
  };

  for (let i = 0; i < count; i++) {
    const o = rb + i * STRIDE;
    const word = r[o + KIND] as number;
    const kind = word & KIND_MASK;
    const base = r[o + START] as number;
    const p1 = r[o + P1] as number;
    if (nextCr < bareCrs.length) {
      const start = src(base);
      while (nextCr < bareCrs.length && (bareCrs[nextCr] as number) < start) nextCr++;
      if (nextCr < bareCrs.length && (bareCrs[nextCr] as number) < src(r[o + END] as number)) checkBareCr(table, i, report);
    }
    if (kind === ENTRY && p1 - base === fastIndent.length && pendingInclude < 0 && section !== null && fastIndent !== '') {
      // The common line, in short: an entry indented with exactly the
      // file's (blank) indent, in a section, whose key does not start with
      // `@`, `[` or whitespace and has a value. It passes check_indent at
      // depth 1 and nothing else applies to it (the general path below
      // gives the same verdict, only slower).
      // Same blanks: an indent of spaces only and no tab on the line, or the same characters.
      let same = fastSpaces && (word & INDENT_HAS_TAB) === 0;
      if (!same) {
        let k = 0;
        while (k < fastIndent.length && L.charCodeAt(base + k) === fastIndent.charCodeAt(k)) k++;
        same = k === fastIndent.length;
      }
      const first = L.charCodeAt(p1);
      if (same && r[o + P3] !== r[o + P2] && first !== 64 && first !== 91 && !isCSpace(first)) {
        group = -1;
        sectionKeys++;
        nKeys++;
        continue;
      }
    }
    if (kind === BLANK && p1 === base) continue; // empty line
    if (kind === COMMENT && p1 === base) continue; // `#` in column 0 (or a line never read)
    if (kind === COMMAND) {
      const name = checkCommand(table, i, report);
      if (name === 'include' && section) pendingInclude = i;
      continue;
    }
    if (kind === HEADER) {
      group = -1;
      closeSection();
      pendingInclude = -1;
      nKeys = 0;
      sectionKeys = 0;
      if (r[o + P4] === r[o + P3]) {
        report('BAD_HEADER', 'error', 'section header has no closing "]" (Fluent Bit: bad header definition)', src(base), src(r[o + P3] as number), i);
        section = { header: i, type: 'other', bad: true };
        continue;
      }
      const info = sectionNameInfo(L.slice(r[o + P2], r[o + P3]));
      section = { header: i, type: info.type, bad: false };
      const before = out.length;
      checkHeader(table, i, info, role, seenUpstream, report);
      if (info.type === 'upstream_servers') seenUpstream = true;
      if (info.type === 'other' && cLower(L.slice(r[o + P2], r[o + P3])) === 'stream_task') {
        for (const d of out.slice(before)) if (d.code === 'UNKNOWN_SECTION') streamTaskWarnings.add(d);
      } else {
        otherHeaders = true;
      }
      continue;
    }

    // An entry, an indented comment or a whitespace-only line: check_indent and the key/value split.
    // The line's content is read in place: L[base, base + len).
    const unindented = p1 === base;
    const len = (r[o + P5] as number) - base;
    if (indent === null) {
      let k = 1;
      while (k < len && isCBlank(L.charCodeAt(base + k))) k++;
      const lead: number | null = L.charCodeAt(base) >= 0x80 ? utf8LeadByte(L, base) : null;
      indent = { text: lead === null ? L.slice(base, base + k) : String.fromCodePoint(L.codePointAt(base) ?? 0), leadByte: lead, from: i, unindented };
      checkAgainst(indent);
      if (unindented) reportUnindented(table, i, 'sets', indent, report);
      if (lead === null && k === len) {
        // A "blank indented line": it only sets the indent. (A multi-byte
        // first character never is: only its first byte becomes the indent.)
        if (kind === BLANK) whitespaceOnly(i);
        continue;
      }
    }
    let result = checkIndent(L, base, len, checkWith as ReaderIndent);
    if (unindented && indent.from !== i) reportUnindented(table, i, result >= 0 ? 'passes' : 'fails', checkWith as ReaderIndent, report);
    if (result < 0) {
      const ci = checkWith as ReaderIndent;
      if (!unindented) {
        const code = indentErrorCode(result);
        const at = table.offsetAt(i, indentErrorAt(result));
        const start = src(base);
        const from = ci.unindented ? ` taken from line ${table.lineNo(ci.from)}, which is not indented` : '';
        const desc = `this file indents with ${describe(ci)}${from}`;
        if (code === 'INDENT_TAB_SPACE_MIX') report(code, 'error', `inconsistent use of tab and space: ${desc}`, start, Math.max(at + 1, start + 1), i);
        else if (code === 'INDENT_TOO_LOW') report(code, 'error', `indentation level is too low: ${desc}`, start, Math.max(at, start + 1), i);
        else report(code, 'error', `extra indentation level found: ${desc} (a nested line must use exactly twice that)`, start, Math.max(at, start + 1), i);
        if (ci.unindented) {
          // Recover: check the rest of the file against this line's indent
          // rather than against a key's first letter.
          checkAgainst({ text: L.slice(base, p1), leadByte: null, from: i, unindented: false });
          result = checkIndent(L, base, len, checkWith as ReaderIndent);
        }
      }
      if (result < 0) result = indentOk(unindented ? 0 : p1 - base, 1);
    }
    const level = indentLevel(result);
    if (indentDepth(result) === 1) group = -1;
    if (level >= len) {
      if (kind === BLANK) whitespaceOnly(i);
      continue;
    }
    if (L.charCodeAt(base + level) === 35) continue; // `#` right after the indent: a comment
    if (kind !== ENTRY) continue;

    if (pendingInclude >= 0) {
      report('INCLUDE_MID_SECTION', 'info', '@INCLUDE inside a section: keys after it still belong to this section', src(r[rb + pendingInclude * STRIDE + START] as number), contentEnd(pendingInclude));
      pendingInclude = -1;
    }
    sectionKeys++;
    // The key runs from the indent to the first space. For an indented line
    // that is the key part; the value is all after that space, which the
    // separator, value and trailing parts hold.
    let keyFrom: number;
    let keyTo: number;
    let valueState: number;
    const stop = base + len;
    if (unindented) {
      let space = base + level;
      while (space < stop && L.charCodeAt(space) !== 32) space++;
      keyFrom = base + level;
      keyTo = space;
      valueState = space === stop ? NONE : space + 1 === stop ? EMPTY : isAllCSpace(L, space + 1, stop) ? BLANK_VALUE : TEXT;
    } else {
      keyFrom = p1;
      keyTo = r[o + P2] as number;
      const trailing = (r[o + P5] as number) - (r[o + P4] as number);
      valueState = r[o + P3] !== r[o + P2] ? TEXT : trailing === 0 ? NONE : trailing === 1 ? EMPTY : BLANK_VALUE;
    }
    const first = keyTo > keyFrom ? L.charCodeAt(keyFrom) : -1;
    const keyStart = unindented ? table.offsetAt(i, level) : src(p1);
    const keyEnd = src(r[o + P2] as number);
    if (!unindented && first === 64) checkIndentedCommand(L.slice(keyFrom, keyTo), keyStart, keyEnd, section?.type ?? null, report);
    if (valueState === NONE) {
      const key = L.slice(keyFrom, keyTo);
      const hint = key.includes('\t')
        ? ': a tab does not separate key and value, use a space'
        : /^\$\{[^}]*\}$/.test(cTrim(key))
          ? ': Fluent Bit does not expand variables in keys (if a script substitutes this line first, migrate the generated file)'
          : '';
      report('MISSING_VALUE', 'error', `key ${show(cTrim(key))} has no value (Fluent Bit: undefined value)${hint}`, keyStart, keyEnd, i);
      continue;
    }
    if (first === 91) {
      // A group header: `[NAME] ...` with a space somewhere on the line.
      let close = base + level;
      while (close < stop && L.charCodeAt(close) !== 93) close++;
      if (close === stop) {
        report('BAD_GROUP_NAME', 'error', 'group header has no closing "]" (Fluent Bit: expected a valid group name)', keyStart, contentEnd(i), i);
        continue;
      }
      if (!section) {
        report('GROUP_WITHOUT_SECTION', 'error', "group before any section (Fluent Bit: current group don't have a parent section)", keyStart, keyEnd, i);
        continue;
      }
      if (group >= 0 && nKeys === 0) {
        report('EMPTY_GROUP', 'error', `the group opened on line ${table.lineNo(group)} has no keys, and this group header at double indent comes right after it (Fluent Bit: previous group did not have keys)`, keyStart, keyEnd, i);
      }
      if (close - (base + level) - 1 < 1) {
        group = -1; // `[]`: flb_cf_group_create() refuses an empty name and the line is dropped
        continue;
      }
      group = i;
      nKeys = 0;
      continue;
    }
    if (valueState === EMPTY) {
      report('EMPTY_VALUE', 'error', `key ${show(cTrim(L.slice(keyFrom, keyTo)))} has an empty value (Fluent Bit: key has an empty value)`, keyStart, contentEnd(i), i);
      continue;
    }
    if (!section) {
      report('ENTRY_BEFORE_SECTION', 'error', 'key before any section header (Fluent Bit: could not allocate key value pair)', keyStart, keyEnd, i);
    }
    if (isAllCSpace(L, keyFrom, keyTo)) {
      report('BLANK_KEY', 'error', `key ${show(L.slice(keyFrom, keyTo))} is only whitespace, which Fluent Bit trims to nothing (could not allocate key value pair)`, keyStart, keyEnd, i);
    }
    if (valueState === BLANK_VALUE) {
      report('EMPTY_VALUE', 'error', `key ${show(cTrim(L.slice(keyFrom, keyTo)))} has only whitespace as its value (Fluent Bit trims it to nothing: could not allocate key value pair)`, keyStart, contentEnd(i), i);
    }
    nKeys++;
  }
  closeSection();
  return otherHeaders || streamTaskWarnings.size === 0 ? out : out.filter((d) => !streamTaskWarnings.has(d));
}

/*
 * check_indent() results, packed in a number (one call per line, no
 * allocation): level * 4 + depth when the line passes, a negative value
 * encoding the error code and its content position when it fails.
 */
const indentOk = (level: number, depth: 1 | 2): number => level * 4 + depth;
const indentLevel = (r: number): number => r >> 2;
const indentDepth = (r: number): 1 | 2 => ((r & 3) === 2 ? 2 : 1);
const INDENT_ERRORS = ['INDENT_TAB_SPACE_MIX', 'INDENT_TOO_LOW', 'EXTRA_INDENT'] as const;
const indentError = (code: 0 | 1 | 2, at: number): number => -(at * 4 + code + 1);
const indentErrorCode = (r: number): (typeof INDENT_ERRORS)[number] => INDENT_ERRORS[((-r - 1) & 3) as 0 | 1 | 2];
const indentErrorAt = (r: number): number => (-r - 1) >> 2;

/**
 * check_indent() on the content `s[base, base + len)`: the line must start
 * with exactly the indent string; after it, extra blanks are allowed only if
 * their count equals the indent length ("double indent", group content).
 */
function checkIndent(s: string, base: number, len: number, indent: ReaderIndent): number {
  const ind = indent.text;
  if (indent.leadByte !== null) {
    // Fluent Bit's indent is the first byte of a multi-byte character; the
    // rest of that character becomes part of the key (never a blank).
    const c = len > 0 ? s.charCodeAt(base) : 0;
    if (c < 0x80 || utf8LeadByte(s, base) !== indent.leadByte) return indentError(isCBlank(c) ? 0 : 1, 0);
    return indentOk(ind.length, 1);
  }
  let k = 0;
  for (; k < ind.length; k++) {
    const c = k < len ? s.charCodeAt(base + k) : 0; // 0: the C string's end
    if (c !== ind.charCodeAt(k)) return indentError(isCBlank(c) ? 0 : 1, k);
  }
  let extra = 0;
  while (k + extra < len && isCBlank(s.charCodeAt(base + k + extra))) extra++;
  if (extra === 0) return indentOk(k, 1);
  if (extra === k) return indentOk(k + extra, 2);
  return indentError(2, k + extra);
}

/** True when `s[from, to)` holds only C isspace() characters. */
function isAllCSpace(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isCSpace(s.charCodeAt(i))) return false;
  return true;
}

function describe(indent: ReaderIndent): string {
  const { text } = indent;
  if (/^ +$/.test(text)) return `${text.length} space${text.length === 1 ? '' : 's'}`;
  if (/^\t+$/.test(text)) return `${text.length} tab${text.length === 1 ? '' : 's'}`;
  return indent.leadByte === null ? show(text) : `the first byte of ${show(text)}`;
}

/**
 * An unindented key. Fluent Bit either takes its first character as the
 * file's indent ('sets': the line is read with the rest as its key, and the
 * next indented line fails), fails on it ('fails': indentation level is too
 * low), or, after such an indent, matches it ('passes').
 */
function reportUnindented(table: LineTable, i: number, how: 'sets' | 'fails' | 'passes', indent: ReaderIndent, report: Reporter): void {
  if (table.kind(i) !== ENTRY) return;
  const content = table.content(i);
  const start = table.src(table.at(i, START));
  const end = table.src(table.at(i, P2));
  const rest = content.slice(indent.text.length);
  const space = rest.indexOf(' ');
  const readAs = space > 0 ? ` and reads the key as ${show(rest.slice(0, space))}` : '';
  if (content.charCodeAt(0) === 64) {
    const tail = how === 'fails' ? ' (indentation level is too low)' : how === 'sets' ? `, whose "@" becomes this file's indent` : '';
    report('SHORT_META_LINE', 'error', `${show(content)} is not a command: Fluent Bit runs only "@" lines longer than 3 bytes, and reads this one as an unindented key${tail}; delete it or make it a # comment`, start, end, i);
  } else if (how === 'sets') {
    report('MISSING_INDENT', 'error', `key is not indented: Fluent Bit takes ${describe(indent)} as this file's indent${readAs}, and rejects the next indented line`, start, end, i);
  } else if (how === 'passes') {
    report('MISSING_INDENT', 'error', `key is not indented: Fluent Bit matches it against the indent ${describe(indent)} taken from line ${table.lineNo(indent.from)}${readAs}`, start, end, i);
  } else {
    report('MISSING_INDENT', 'error', 'key is not indented: Fluent Bit requires keys to be indented under their section (indentation level is too low)', start, end, i);
  }
}

/** An indented key starting with `@` (the caller checked the line has an indent). */
function checkIndentedCommand(key: string, start: number, end: number, sectionType: SectionType | null, report: Reporter): void {
  const lower = cLower(key);
  if (lower !== '@include' && lower !== '@set') return;
  const plugin = sectionType === 'input' || sectionType === 'filter' || sectionType === 'output' || sectionType === 'custom';
  report('INDENTED_COMMAND', plugin ? 'error' : 'warning', `${key} must start at column 0; indented, it is read as a key named "${lower}"`, start, end);
}

/** The name between `[` and the first `]` of header line `h`, as written. */
function sectionName(table: LineTable, h: number): string {
  return table.logical.slice(table.at(h, P2), table.at(h, P3));
}

/** A header line with its `]`. */
function checkHeader(table: LineTable, h: number, { type, canonical }: SectionNameInfo, role: ConfigRole, afterUpstream: boolean, report: Reporter): void {
  const parserInMain = role === 'main' && (type === 'parser' || type === 'multiline_parser');
  if (canonical && !parserInMain) return;
  const name = sectionName(table, h);
  if (type === 'other' && afterUpstream && cLower(name) === 'node') return;
  const start = table.src(table.at(h, START));
  const end = table.src(table.at(h, P4));
  if (type === 'other') {
    if (/\s/.test(name)) {
      report('SECTION_NAME_SPACES', 'warning', `section name "${name}" contains blanks: Fluent Bit does not recognise it and ignores the section`, start, end);
    } else {
      report('UNKNOWN_SECTION', 'warning', `unknown section [${name}]: Fluent Bit ignores it (1.8 and older reject it)`, start, end);
    }
  } else if (!canonical) {
    report('SECTION_ABBREVIATION', 'warning', `[${name}] is read as ${type.toUpperCase()} by prefix matching (Fluent Bit 1.8 and older reject it); write [${type.toUpperCase()}]`, start, end);
  }
  if (role === 'main' && (type === 'parser' || type === 'multiline_parser')) {
    report('PARSER_IN_MAIN_FILE', 'error', `[${name}] is not valid in the main configuration file; it belongs in a Parsers_File`, start, end);
  }
}

/** The lower-cased command word of a command line, without `@` ('include', 'set', ...). */
function commandName(table: LineTable, i: number): string {
  return cLower(table.logical.slice(table.at(i, START) + 1, table.at(i, P2)));
}

/**
 * A column-0 `@` line of more than 3 bytes: `@INCLUDE <path>` (longer than 9
 * bytes, exactly one space), else a meta command, which
 * flb_cf_meta_property_add() splits at the first space into a name and a
 * parameter, both trimmed; either being empty fails the reader without a
 * message. Returns the command's name (commandName()).
 */
function checkCommand(table: LineTable, i: number, report: Reporter): string {
  const L = table.logical;
  const keyword = L.slice(table.at(i, START), table.at(i, P2));
  const lineName = cLower(keyword.slice(1));
  const hasSeparator = table.at(i, P3) > table.at(i, P2);
  const argument = table.at(i, P4) > table.at(i, P3) ? L.slice(table.at(i, P3), table.at(i, P4)) : null;
  const start = table.src(table.at(i, START));
  const end = table.src(table.at(i, P5));
  if (lineName === 'include' && keyword.length === 8 && hasSeparator && argument !== null) {
    if (isCBlank(argument.charCodeAt(0))) {
      report('INCLUDE_EXTRA_SPACE', 'error', `@INCLUDE takes exactly one space: Fluent Bit looks for a file named ${show(argument)}`, table.src(table.at(i, P3)), table.src(table.at(i, P4)), i);
    }
    return lineName;
  }
  if (!hasSeparator) {
    report('META_WITHOUT_SPACE', 'error', `"${keyword}" has no argument: Fluent Bit rejects a command line without a space`, start, end, i);
    return lineName;
  }
  const content = table.content(i);
  // `@ x`: with the space right after `@`, the whole rest is the name.
  const name = cTrim(keyword.length === 1 ? content.slice(1) : keyword.slice(1));
  const param = cTrim(argument ?? '');
  if (name === '') {
    report('BLANK_META_COMMAND', 'error', `${show(content)} has no command name after "@": Fluent Bit fails on it without a message; delete the line`, start, end, i);
    return lineName;
  }
  const lower = cLower(name);
  if (param === '') {
    const what = lower === 'include' ? 'a path' : 'a parameter';
    report('EMPTY_META_PARAMETER', 'error', `"${keyword}" has nothing but blanks after the space, where ${what} belongs: Fluent Bit fails on it without a message; add ${what} or delete the line`, start, end, i);
    return lineName;
  }
  if (lower === 'set') {
    const eq = param.indexOf('=');
    if (eq < 0) {
      report('SET_WITHOUT_EQUALS', 'warning', `@SET "${param}" has no "=": Fluent Bit ignores it (write @SET KEY=VALUE)`, start, end);
    } else if (isCSpace(param.charCodeAt(eq - 1)) || isCSpace(param.charCodeAt(eq + 1))) {
      report('SET_SPACES_AROUND_EQUALS', 'warning', `@SET keeps spaces around "=": the variable is named "${param.slice(0, eq)}"; write @SET KEY=VALUE`, start, end);
    }
    return lineName;
  }
  report('UNKNOWN_META_COMMAND', 'warning', `unknown command ${keyword}: Fluent Bit ignores it`, start, end);
  return lineName;
}

/** A `\r` not followed by `\n`, with more than blanks after it on the line: Fluent Bit reads on, where an editor breaks the line. */
function checkBareCr(table: LineTable, i: number, report: Reporter): void {
  const content = table.content(i);
  const cr = content.indexOf('\r');
  if (cr < 0) return;
  let last = content.length - 1;
  while (last > cr && isCSpace(content.charCodeAt(last))) last--;
  const inPath = table.kind(i) === COMMAND && commandName(table, i) === 'include';
  if (last <= cr && !inPath) return; // only trailing whitespace: trimmed or ignored
  const at = table.offsetAt(i, cr);
  const what = inPath ? 'the @INCLUDE path keeps it' : `Fluent Bit reads ${show(content.slice(cr + 1, last + 1))} after it as part of this line, not as a new line`;
  report('BARE_CR', 'warning', `carriage return without a line feed: ${what}; use \\n or \\r\\n line breaks`, at, at + 1);
}

/** Bytes after a NUL, and a last line, that Fluent Bit never reads. */
function reportUnread(text: string, unread: readonly UnreadRange[], report: Reporter): void {
  for (const r of unread) {
    if (r.reason === 'last-line') {
      const nul = text.indexOf('\0', r.start);
      const why = nul >= 0 && nul < r.end
        ? 'it ends after a NUL byte; remove the NUL byte'
        : "it has no line break and exactly fills the reader's line buffer; end the file with a line break";
      report('NUL_BYTE', 'warning', `Fluent Bit reads nothing of this last line: ${why}`, r.start, r.end);
      continue;
    }
    const skipped = text.slice(r.start + 1, r.end).replace(/\r?\n$/, '');
    const what = skipped === '' ? '' : ` ${show(skipped)}`;
    const then = r.end >= text.length ? `skips${what} to the end of the file` : `skips${what}${what ? ' and' : ''} the line break, and continues the line with the next one`;
    report('NUL_BYTE', 'warning', `NUL byte: Fluent Bit stops reading the line here, ${then}; remove the NUL byte`, r.start, r.start + 1);
  }
}
