import type { Diagnostic, DiagnosticCode, Severity } from '../source/diagnostic.js';
import { bareCrOffsets, cLower, cTrim, isCBlank, isCSpace, utf8LeadByte } from './reader.js';
import { isCanonicalSectionName } from './section-type.js';
import type { CommandLine, ConfigTree, EntryLine, HeaderLine, Line, SectionType } from './syntax-tree.js';

/** Which file of a Fluent Bit setup a classic text is, when the caller knows. */
export type ConfigRole = 'main' | 'parsers' | 'unknown';

/*
 * The checks Fluent Bit's classic reader (flb_cf_fluentbit.c read_config and
 * check_indent) and its next stage apply, as diagnostics. The loop below
 * replays read_config line by line on the lines the reader sees (reader.ts),
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
  (code: DiagnosticCode, severity: Severity, message: string, start: number, end: number, line?: Line): void;
}

/** Fluent Bit's indent string: the first byte of the first checked line plus the blanks after it. */
interface ReaderIndent {
  readonly text: string;
  /** For an indent taken from an unindented line whose first character is not ASCII: the one byte Fluent Bit keeps. */
  readonly leadByte: number | null;
  /** The line it came from, and whether that line was indented at all. */
  readonly from: Line;
  readonly unindented: boolean;
}

const MESSAGE_CONTEXT = 60;

/** A quoted, escaped excerpt for a message (control characters and invisible spaces spelled out). */
function show(s: string): string {
  const cut = s.length > MESSAGE_CONTEXT ? `${s.slice(0, MESSAGE_CONTEXT)}...` : s;
  return JSON.stringify(cut).replace(/[\u007f-\u00a0\u00ad\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function validateTree(tree: ConfigTree, role: ConfigRole = 'unknown'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: Reporter = (code, severity, message, start, end, line) => {
    const where = line && line.readerLine !== line.line && severity === 'error' ? ` (Fluent Bit counts this as line ${line.readerLine}: a NUL byte joined earlier lines)` : '';
    out.push({ code, severity, message: message + where, start, end });
  };
  const { text } = tree;
  const identity = tree.unread.length === 0;
  const contentOf = (line: Line): string => {
    if (identity) return text.slice(line.start, line.newline ? line.newline.start : line.end);
    let s = '';
    for (const t of line.tokens) if (t !== line.newline) s += t.text;
    return s;
  };
  /** Source offset of position `i` of a line's content (exact unless a NUL gap comes first). */
  const offsetAt = (line: Line, i: number): number => {
    if (identity) return line.start + i;
    let at = 0;
    for (const t of line.tokens) {
      if (i < at + t.text.length) return t.end - t.start === t.text.length ? t.start + (i - at) : t.start;
      at += t.text.length;
    }
    return line.newline ? line.newline.start : line.end;
  };
  const contentEnd = (line: Line): number => (line.newline ? line.newline.start : line.end);
  const whitespaceOnly = (line: Line): void => {
    report('WHITESPACE_ONLY_LINE', 'warning', 'line holds only blanks: Fluent Bit checks it as an indented entry; an empty line is safer', line.start, contentEnd(line));
  };
  const bareCrs = bareCrOffsets(text);
  let nextCr = 0;

  if (tree.bom) {
    report('BOM', 'error', 'file starts with a UTF-8 byte order mark: Fluent Bit reads it as part of the first line and rejects the file; save it without a BOM', 0, tree.bom.end);
  }
  if (tree.overflow !== null) {
    report('LINE_BUFFER_LIMIT', 'error', "Fluent Bit's line buffer doubles at every NUL byte and every long line and never shrinks; here it passes its 32 MiB limit and the reader fails (reading line is exceeded to the limit size): remove the NUL bytes", tree.overflow, tree.overflow + 1);
  }
  reportUnread(tree, report);

  // read_config's state for this file.
  let indent: ReaderIndent | null = null;
  /** The indent we check later lines against: Fluent Bit's, until it came from an unindented line and failed once. */
  let checkWith: ReaderIndent | null = null;
  /** current_section; after a bad header we go on as if it had opened an ignored section, so one typo is one error. */
  let section: { header: HeaderLine; type: SectionType; name: string; bad: boolean } | null = null;
  let nKeys = 0;
  let group: EntryLine | null = null;
  // Our own bookkeeping for warnings.
  let sectionKeys = 0;
  let pendingInclude: Line | null = null;
  const sectionByHeader = new Map(tree.sections.map((s) => [s.header, s]));

  const closeSection = (): void => {
    if (section && !section.bad && sectionKeys === 0) {
      const h = section.header;
      report('EMPTY_SECTION', 'warning', `section [${section.name}] has no keys`, h.start, contentEnd(h));
    }
  };

  for (const line of tree.lines) {
    while (nextCr < bareCrs.length && (bareCrs[nextCr] as number) < line.start) nextCr++;
    if (nextCr < bareCrs.length && (bareCrs[nextCr] as number) < line.end) checkBareCr(line, contentOf(line), offsetAt, report);
    if (line.kind === 'blank' && line.indent === null) continue; // empty line
    if (line.kind === 'comment' && line.indent === null) continue; // `#` in column 0 (or a line never read)
    if (line.kind === 'command') {
      checkCommand(line, contentOf(line), report);
      if (line.name === 'include' && section) pendingInclude = line;
      continue;
    }
    if (line.kind === 'header') {
      group = null;
      closeSection();
      pendingInclude = null;
      nKeys = 0;
      sectionKeys = 0;
      if (!line.close) {
        report('BAD_HEADER', 'error', 'section header has no closing "]" (Fluent Bit: bad header definition)', line.start, line.name?.end ?? line.open.end, line);
        section = { header: line, type: 'other', name: line.name?.text ?? '', bad: true };
        continue;
      }
      const node = sectionByHeader.get(line);
      section = { header: line, type: node?.type ?? 'other', name: node?.name ?? line.name?.text ?? '', bad: false };
      checkHeader(line, section.name, section.type, role, report);
      continue;
    }

    // An entry, an indented comment or a whitespace-only line: check_indent and the key/value split.
    // The line's content is read in place (s from base, len characters): no copy for plain text.
    const unindented = line.indent === null;
    const copy: boolean = !identity || unindented || indent === null;
    const s: string = copy ? contentOf(line) : text;
    const base = copy ? 0 : line.start;
    const len = copy ? s.length : contentEnd(line) - line.start;
    if (indent === null) {
      let i = 1;
      while (i < len && isCBlank(s.charCodeAt(i))) i++;
      const lead: number | null = s.charCodeAt(0) >= 0x80 ? utf8LeadByte(s, 0) : null;
      indent = { text: lead === null ? s.slice(0, i) : String.fromCodePoint(s.codePointAt(0) ?? 0), leadByte: lead, from: line, unindented };
      checkWith = indent;
      if (unindented) reportUnindented(line, s, 'sets', indent, report);
      if (lead === null && i === len) {
        // A "blank indented line": it only sets the indent. (A multi-byte
        // first character never is: only its first byte becomes the indent.)
        if (line.kind === 'blank') whitespaceOnly(line);
        continue;
      }
    }
    let result = checkIndent(s, base, len, checkWith as ReaderIndent);
    if (unindented && indent.from !== line) reportUnindented(line, s, result >= 0 ? 'passes' : 'fails', checkWith as ReaderIndent, report);
    if (result < 0) {
      const ci = checkWith as ReaderIndent;
      if (!unindented) {
        const code = indentErrorCode(result);
        const at = offsetAt(line, indentErrorAt(result));
        const from = ci.unindented ? ` taken from line ${ci.from.line}, which is not indented` : '';
        const desc = `this file indents with ${describe(ci)}${from}`;
        if (code === 'INDENT_TAB_SPACE_MIX') report(code, 'error', `inconsistent use of tab and space: ${desc}`, line.start, Math.max(at + 1, line.start + 1), line);
        else if (code === 'INDENT_TOO_LOW') report(code, 'error', `indentation level is too low: ${desc}`, line.start, Math.max(at, line.start + 1), line);
        else report(code, 'error', `extra indentation level found: ${desc} (a nested line must use exactly twice that)`, line.start, Math.max(at, line.start + 1), line);
        if (ci.unindented) {
          // Recover: check the rest of the file against this line's indent
          // rather than against a key's first letter.
          checkWith = { text: line.indent?.text ?? '', leadByte: null, from: line, unindented: false };
          result = checkIndent(s, base, len, checkWith);
        }
      }
      if (result < 0) result = indentOk(unindented ? 0 : (line.indent?.text.length ?? 0), 1);
    }
    const level = indentLevel(result);
    if (indentDepth(result) === 1) group = null;
    if (level >= len) {
      if (line.kind === 'blank') whitespaceOnly(line);
      continue;
    }
    if (s.charCodeAt(base + level) === 35) continue; // `#` right after the indent: a comment
    if (line.kind !== 'entry') continue;

    if (pendingInclude) {
      report('INCLUDE_MID_SECTION', 'info', '@INCLUDE inside a section: keys after it still belong to this section', pendingInclude.start, contentEnd(pendingInclude));
      pendingInclude = null;
    }
    sectionKeys++;
    // The key runs from the indent to the first space. For an indented line
    // that is the key token; the value is all after that space, which the
    // separator, value and trailing tokens hold.
    let key: string;
    let valueState: 'none' | 'empty' | 'blank' | 'text';
    if (unindented) {
      const space = s.indexOf(' ', level);
      key = s.slice(level, space < 0 ? len : space);
      valueState = space < 0 ? 'none' : space + 1 === len ? 'empty' : isAllCSpace(s, space + 1, len) ? 'blank' : 'text';
    } else {
      key = line.key.text;
      valueState = line.separator ? 'text' : !line.trailing ? 'none' : line.trailing.text.length === 1 ? 'empty' : 'blank';
    }
    const keyStart = unindented ? offsetAt(line, level) : line.key.start;
    const keyEnd = line.key.end;
    if (!unindented && key.charCodeAt(0) === 64) checkIndentedCommand(line, key, section?.type ?? null, report);
    if (valueState === 'none') {
      const hint = key.includes('\t')
        ? ': a tab does not separate key and value, use a space'
        : /^\$\{[^}]*\}$/.test(cTrim(key))
          ? ': Fluent Bit does not expand variables in keys (if a script substitutes this line first, migrate the generated file)'
          : '';
      report('MISSING_VALUE', 'error', `key ${show(cTrim(key))} has no value (Fluent Bit: undefined value)${hint}`, keyStart, keyEnd, line);
      continue;
    }
    if (key.charCodeAt(0) === 91) {
      // A group header: `[NAME] ...` with a space somewhere on the line.
      let close = base + level;
      while (close < base + len && s.charCodeAt(close) !== 93) close++;
      if (close === base + len) {
        report('BAD_GROUP_NAME', 'error', 'group header has no closing "]" (Fluent Bit: expected a valid group name)', keyStart, contentEnd(line), line);
        continue;
      }
      if (!section) {
        report('GROUP_WITHOUT_SECTION', 'error', "group before any section (Fluent Bit: current group don't have a parent section)", keyStart, keyEnd, line);
        continue;
      }
      if (group && nKeys === 0) {
        report('EMPTY_GROUP', 'error', `the group opened on line ${group.line} has no keys, and this group header at double indent comes right after it (Fluent Bit: previous group did not have keys)`, keyStart, keyEnd, line);
      }
      if (close - (base + level) - 1 < 1) {
        group = null; // `[]`: flb_cf_group_create() refuses an empty name and the line is dropped
        continue;
      }
      group = line;
      nKeys = 0;
      continue;
    }
    if (valueState === 'empty') {
      report('EMPTY_VALUE', 'error', `key ${show(cTrim(key))} has an empty value (Fluent Bit: key has an empty value)`, keyStart, contentEnd(line), line);
      continue;
    }
    if (!section) {
      report('ENTRY_BEFORE_SECTION', 'error', 'key before any section header (Fluent Bit: could not allocate key value pair)', keyStart, keyEnd, line);
    }
    if (isAllCSpace(key, 0, key.length)) {
      report('BLANK_KEY', 'error', `key ${show(key)} is only whitespace, which Fluent Bit trims to nothing (could not allocate key value pair)`, keyStart, keyEnd, line);
    }
    if (valueState === 'blank') {
      report('EMPTY_VALUE', 'error', `key ${show(cTrim(key))} has only whitespace as its value (Fluent Bit trims it to nothing: could not allocate key value pair)`, keyStart, contentEnd(line), line);
    }
    nKeys++;
  }
  closeSection();
  return out;
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
function reportUnindented(line: Line, content: string, how: 'sets' | 'fails' | 'passes', indent: ReaderIndent, report: Reporter): void {
  if (line.kind !== 'entry') return;
  const end = line.key.end;
  const rest = content.slice(indent.text.length);
  const space = rest.indexOf(' ');
  const readAs = space > 0 ? ` and reads the key as ${show(rest.slice(0, space))}` : '';
  if (content.charCodeAt(0) === 64) {
    const tail = how === 'fails' ? ' (indentation level is too low)' : how === 'sets' ? `, whose "@" becomes this file's indent` : '';
    report('SHORT_META_LINE', 'error', `${show(content)} is not a command: Fluent Bit runs only "@" lines longer than 3 bytes, and reads this one as an unindented key${tail}; delete it or make it a # comment`, line.start, end, line);
  } else if (how === 'sets') {
    report('MISSING_INDENT', 'error', `key is not indented: Fluent Bit takes ${describe(indent)} as this file's indent${readAs}, and rejects the next indented line`, line.start, end, line);
  } else if (how === 'passes') {
    report('MISSING_INDENT', 'error', `key is not indented: Fluent Bit matches it against the indent ${describe(indent)} taken from line ${indent.from.line}${readAs}`, line.start, end, line);
  } else {
    report('MISSING_INDENT', 'error', 'key is not indented: Fluent Bit requires keys to be indented under their section (indentation level is too low)', line.start, end, line);
  }
}

function checkIndentedCommand(line: EntryLine, key: string, sectionType: SectionType | null, report: Reporter): void {
  const lower = cLower(key);
  if (line.indent === null || (lower !== '@include' && lower !== '@set')) return;
  const plugin = sectionType === 'input' || sectionType === 'filter' || sectionType === 'output' || sectionType === 'custom';
  report('INDENTED_COMMAND', plugin ? 'error' : 'warning', `${key} must start at column 0; indented, it is read as a key named "${lower}"`, line.key.start, line.key.end);
}

function checkHeader(line: HeaderLine, name: string, type: SectionType, role: ConfigRole, report: Reporter): void {
  const at = [line.open.start, (line.close as NonNullable<HeaderLine['close']>).end] as const;
  if (type === 'other') {
    if (/\s/.test(name)) {
      report('SECTION_NAME_SPACES', 'warning', `section name "${name}" contains blanks: Fluent Bit does not recognise it and ignores the section`, ...at);
    } else {
      report('UNKNOWN_SECTION', 'warning', `unknown section [${name}]: Fluent Bit ignores it (1.8 and older reject it)`, ...at);
    }
  } else if (!isCanonicalSectionName(name)) {
    report('SECTION_ABBREVIATION', 'warning', `[${name}] is read as ${type.toUpperCase()} by prefix matching (Fluent Bit 1.8 and older reject it); write [${type.toUpperCase()}]`, ...at);
  }
  if (role === 'main' && (type === 'parser' || type === 'multiline_parser')) {
    report('PARSER_IN_MAIN_FILE', 'error', `[${name}] is not valid in the main configuration file; it belongs in a Parsers_File`, ...at);
  }
}

/**
 * A column-0 `@` line of more than 3 bytes: `@INCLUDE <path>` (longer than 9
 * bytes, exactly one space), else a meta command, which
 * flb_cf_meta_property_add() splits at the first space into a name and a
 * parameter, both trimmed; either being empty fails the reader without a
 * message.
 */
function checkCommand(line: CommandLine, content: string, report: Reporter): void {
  const { keyword, argument } = line;
  const start = line.start;
  const end = line.newline ? line.newline.start : line.end;
  if (line.name === 'include' && keyword.text.length === 8 && line.separator && argument) {
    if (isCBlank(argument.text.charCodeAt(0))) {
      report('INCLUDE_EXTRA_SPACE', 'error', `@INCLUDE takes exactly one space: Fluent Bit looks for a file named ${show(argument.text)}`, argument.start, argument.end, line);
    }
    return;
  }
  if (!line.separator) {
    report('META_WITHOUT_SPACE', 'error', `"${keyword.text}" has no argument: Fluent Bit rejects a command line without a space`, start, end, line);
    return;
  }
  // `@ x`: with the space right after `@`, the whole rest is the name.
  const name = cTrim(keyword.text.length === 1 ? content.slice(1) : keyword.text.slice(1));
  const param = cTrim(argument?.text ?? '');
  if (name === '') {
    report('BLANK_META_COMMAND', 'error', `${show(content)} has no command name after "@": Fluent Bit fails on it without a message; delete the line`, start, end, line);
    return;
  }
  const lower = cLower(name);
  if (param === '') {
    const what = lower === 'include' ? 'a path' : 'a parameter';
    report('EMPTY_META_PARAMETER', 'error', `"${keyword.text}" has nothing but blanks after the space, where ${what} belongs: Fluent Bit fails on it without a message; add ${what} or delete the line`, start, end, line);
    return;
  }
  if (lower === 'set') {
    const eq = param.indexOf('=');
    if (eq < 0) {
      report('SET_WITHOUT_EQUALS', 'warning', `@SET "${param}" has no "=": Fluent Bit ignores it (write @SET KEY=VALUE)`, start, end);
    } else if (isCSpace(param.charCodeAt(eq - 1)) || isCSpace(param.charCodeAt(eq + 1))) {
      report('SET_SPACES_AROUND_EQUALS', 'warning', `@SET keeps spaces around "=": the variable is named "${param.slice(0, eq)}"; write @SET KEY=VALUE`, start, end);
    }
    return;
  }
  report('UNKNOWN_META_COMMAND', 'warning', `unknown command ${keyword.text}: Fluent Bit ignores it`, start, end);
}

/** A `\r` not followed by `\n`, with more than blanks after it on the line: Fluent Bit reads on, where an editor breaks the line. */
function checkBareCr(line: Line, content: string, offsetAt: (line: Line, i: number) => number, report: Reporter): void {
  const cr = content.indexOf('\r');
  if (cr < 0) return;
  let last = content.length - 1;
  while (last > cr && isCSpace(content.charCodeAt(last))) last--;
  const inPath = line.kind === 'command' && line.name === 'include';
  if (last <= cr && !inPath) return; // only trailing whitespace: trimmed or ignored
  const at = offsetAt(line, cr);
  const what = inPath ? 'the @INCLUDE path keeps it' : `Fluent Bit reads ${show(content.slice(cr + 1, last + 1))} after it as part of this line, not as a new line`;
  report('BARE_CR', 'warning', `carriage return without a line feed: ${what}; use \\n or \\r\\n line breaks`, at, at + 1);
}

/** Bytes after a NUL, and a last line, that Fluent Bit never reads. */
function reportUnread(tree: ConfigTree, report: Reporter): void {
  for (const r of tree.unread) {
    if (r.reason === 'last-line') {
      const nul = tree.text.indexOf('\0', r.start);
      const why = nul >= 0 && nul < r.end
        ? 'it ends after a NUL byte; remove the NUL byte'
        : "it has no line break and exactly fills the reader's line buffer; end the file with a line break";
      report('NUL_BYTE', 'warning', `Fluent Bit reads nothing of this last line: ${why}`, r.start, r.end);
      continue;
    }
    const skipped = tree.text.slice(r.start + 1, r.end).replace(/\r?\n$/, '');
    const what = skipped === '' ? '' : ` ${show(skipped)}`;
    const then = r.end >= tree.text.length ? `skips${what} to the end of the file` : `skips${what}${what ? ' and' : ''} the line break, and continues the line with the next one`;
    report('NUL_BYTE', 'warning', `NUL byte: Fluent Bit stops reading the line here, ${then}; remove the NUL byte`, r.start, r.start + 1);
  }
}
