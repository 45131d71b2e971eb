import type { Diagnostic, DiagnosticCode, Severity } from '../source/diagnostic.js';
import { isCanonicalSectionName } from './section-type.js';
import type { ConfigTree, EntryLine, HeaderLine, Line } from './syntax-tree.js';

/** Which file of a Fluent Bit setup a classic text is, when the caller knows. */
export type ConfigRole = 'main' | 'parsers' | 'unknown';

/*
 * The checks Fluent Bit's classic reader (flb_cf_fluentbit.c read_config and
 * check_indent) and its next stage apply, as diagnostics. Errors are exactly
 * what Fluent Bit rejects; what it silently ignores or only warns about is a
 * warning; nothing it accepts is an error. Every problem is reported, not
 * only the first (Fluent Bit stops at the first).
 */

const BLANK = (c: string | undefined): boolean => c === ' ' || c === '\t';

interface Reporter {
  (code: DiagnosticCode, severity: Severity, message: string, start: number, end: number): void;
}

export function validateTree(tree: ConfigTree, role: ConfigRole = 'unknown'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: Reporter = (code, severity, message, start, end) => {
    out.push({ code, severity, message, start, end });
  };
  const { text } = tree;

  if (tree.bom) {
    report('BOM', 'error', 'file starts with a UTF-8 byte order mark: Fluent Bit reads it as part of the first line and rejects the file; save it without a BOM', 0, tree.bom.end);
  }

  // Indent string: Fluent Bit takes it from the first entry-like line;
  // build-tree.ts skips unindented lines when choosing it (they are reported
  // on their own), so one missing indent does not cascade into an error on
  // every line. It is set whenever an indented entry-like line exists.
  const indent = tree.indent ?? '';
  let sectionOpen = false;
  let sectionType: string | null = null;
  let sectionKeys = 0;
  let lastHeader: HeaderLine | null = null;
  let group: { line: EntryLine; entries: number } | null = null;
  let pendingInclude: Line | null = null;
  const sectionByHeader = new Map(tree.sections.map((s) => [s.header, s]));

  const closeGroup = (): void => {
    if (group && group.entries === 0) {
      report('EMPTY_GROUP', 'error', 'group has no keys (Fluent Bit: previous group did not have keys)', group.line.key.start, group.line.key.end);
    }
    group = null;
  };
  const closeSection = (): void => {
    closeGroup();
    if (lastHeader?.close && sectionKeys === 0) {
      report('EMPTY_SECTION', 'warning', `section [${lastHeader.name?.text ?? ''}] has no keys`, lastHeader.start, lastHeader.end - (lastHeader.newline?.text.length ?? 0));
    }
  };

  for (const line of tree.lines) {
    if (line.newline?.text === '\r') {
      report('BARE_CR_LINE_ENDING', 'error', 'carriage return without a line feed: Fluent Bit does not treat a bare \\r as a line break', line.newline.start, line.newline.end);
    }
    switch (line.kind) {
      case 'header': {
        closeSection();
        pendingInclude = null;
        lastHeader = line;
        sectionKeys = 0;
        sectionOpen = true;
        const name = line.name?.text ?? '';
        if (!line.close) {
          sectionType = null;
          report('BAD_HEADER', 'error', 'section header has no closing "]" (Fluent Bit: bad header definition)', line.start, line.name?.end ?? line.open.end);
          break;
        }
        const section = sectionByHeader.get(line);
        sectionType = section?.type ?? 'other';
        const at = [line.open.start, line.close.end] as const;
        if (sectionType === 'other') {
          if (/\s/.test(name)) {
            report('SECTION_NAME_SPACES', 'warning', `section name "${name}" contains blanks: Fluent Bit does not recognise it and ignores the section`, ...at);
          } else {
            report('UNKNOWN_SECTION', 'warning', `unknown section [${name}]: Fluent Bit ignores it (1.8 and older reject it)`, ...at);
          }
        } else if (!isCanonicalSectionName(name)) {
          report('SECTION_ABBREVIATION', 'warning', `[${name}] is read as ${sectionType.toUpperCase()} by prefix matching (Fluent Bit 1.8 and older reject it); write [${sectionType.toUpperCase()}]`, ...at);
        }
        if (role === 'main' && (sectionType === 'parser' || sectionType === 'multiline_parser')) {
          report('PARSER_IN_MAIN_FILE', 'error', `[${name}] is not valid in the main configuration file; it belongs in a Parsers_File`, ...at);
        }
        break;
      }
      case 'command':
        checkCommand(line, report);
        if (line.name === 'include' && sectionOpen) pendingInclude = line;
        break;
      case 'blank':
      case 'comment':
      case 'entry': {
        const hasIndent = line.kind === 'entry' ? line.indent !== null : line.indent !== null;
        if (!hasIndent) {
          if (line.kind !== 'entry') break; // empty line, column-0 comment
          report('MISSING_INDENT', 'error', 'key is not indented: Fluent Bit requires keys to be indented under their section', line.start, line.key.end);
          if (!sectionOpen) report('ENTRY_BEFORE_SECTION', 'error', 'key before any section header (Fluent Bit: could not allocate key value pair)', line.key.start, line.key.end);
          continue;
        }
        const depth = checkIndent(text, line, indent, report);
        if (line.kind === 'blank') {
          if (depth > 0) report('WHITESPACE_ONLY_LINE', 'warning', 'line holds only blanks: Fluent Bit checks it as an indented entry; an empty line is safer', line.start, line.end - (line.newline?.text.length ?? 0));
          break;
        }
        if (line.kind === 'comment') break;
        if (pendingInclude) {
          report('INCLUDE_MID_SECTION', 'info', '@INCLUDE inside a section: keys after it still belong to this section', pendingInclude.start, pendingInclude.end - (pendingInclude.newline?.text.length ?? 0));
          pendingInclude = null;
        }
        checkEntry(line, { sectionOpen, sectionType, depth }, report);
        const isGroupHeader = line.key.text.startsWith('[');
        if (isGroupHeader) {
          closeGroup();
          if (sectionOpen) group = { line, entries: 0 };
        } else if (depth === 2 && group) {
          group.entries++;
        } else if (depth === 1) {
          closeGroup();
        }
        sectionKeys++;
        break;
      }
    }
  }
  closeSection();
  return out;
}

/**
 * Fluent Bit's check_indent: the line must start with exactly the indent
 * string; after it, extra blanks are allowed only if their count equals the
 * indent length ("double indent", group content). Returns 1 or 2 for a good
 * line, 0 after reporting a problem.
 */
function checkIndent(text: string, line: Line, indent: string, report: Reporter): number {
  const contentEnd = line.end - (line.newline?.text.length ?? 0);
  for (let k = 0; k < indent.length; k++) {
    const c = line.start + k < contentEnd ? text[line.start + k] : undefined;
    if (c !== indent[k]) {
      const at = line.start + k;
      if (BLANK(c)) {
        report('INDENT_TAB_SPACE_MIX', 'error', `inconsistent use of tab and space: this file indents with ${describe(indent)}`, line.start, Math.max(at + 1, line.start));
      } else {
        report('INDENT_TOO_LOW', 'error', `indentation level is too low: this file indents with ${describe(indent)}`, line.start, Math.max(at, line.start + 1));
      }
      return 0;
    }
  }
  let extra = 0;
  while (line.start + indent.length + extra < contentEnd && BLANK(text[line.start + indent.length + extra])) extra++;
  if (extra === 0) return 1;
  if (extra === indent.length) return 2;
  report('EXTRA_INDENT', 'error', `extra indentation level found: this file indents with ${describe(indent)} (a nested line must use exactly twice that)`, line.start, line.start + indent.length + extra);
  return 0;
}

function describe(indent: string): string {
  if (/^ +$/.test(indent)) return `${indent.length} space${indent.length === 1 ? '' : 's'}`;
  if (/^\t+$/.test(indent)) return `${indent.length} tab${indent.length === 1 ? '' : 's'}`;
  return JSON.stringify(indent);
}

function checkEntry(
  line: EntryLine,
  ctx: { sectionOpen: boolean; sectionType: string | null; depth: number },
  report: Reporter,
): void {
  const { key } = line;
  if (!ctx.sectionOpen) {
    report('ENTRY_BEFORE_SECTION', 'error', 'key before any section header (Fluent Bit: could not allocate key value pair)', key.start, key.end);
  }
  if (key.text.startsWith('[')) {
    const content = key.text + (line.separator?.text ?? '') + (line.value?.text ?? '');
    if (!content.includes(']')) {
      report('BAD_GROUP_NAME', 'error', 'group header has no closing "]" (Fluent Bit: expected a valid group name)', key.start, line.value?.end ?? key.end);
    }
    if (!ctx.sectionOpen) {
      report('GROUP_WITHOUT_SECTION', 'error', 'group before any section', key.start, key.end);
    }
  }
  if (!line.separator) {
    if (line.trailing) {
      report('EMPTY_VALUE', 'error', `key "${key.text.trim()}" has an empty value`, key.start, line.trailing.end);
    } else {
      const hint = key.text.includes('\t')
        ? ': a tab does not separate key and value, use a space'
        : /^\$\{[^}]*\}$/.test(key.text.trim())
          ? ': Fluent Bit does not expand variables in keys (if a script substitutes this line first, migrate the generated file)'
          : '';
      report('MISSING_VALUE', 'error', `key "${key.text.trim()}" has no value (Fluent Bit: undefined value)${hint}`, key.start, key.end);
    }
  }
  const lower = key.text.toLowerCase();
  if (lower === '@include' || lower === '@set') {
    const plugin = ctx.sectionType === 'input' || ctx.sectionType === 'filter' || ctx.sectionType === 'output' || ctx.sectionType === 'custom';
    report('INDENTED_COMMAND', plugin ? 'error' : 'warning', `${key.text} must start at column 0; indented, it is read as a key named "${lower}"`, key.start, key.end);
  }
}

function checkCommand(line: Extract<Line, { kind: 'command' }>, report: Reporter): void {
  const { keyword, argument } = line;
  const end = line.end - (line.newline?.text.length ?? 0);
  if (!line.separator) {
    report('META_WITHOUT_SPACE', 'error', `"${keyword.text}" has no argument: Fluent Bit rejects a command line without a space`, line.start, end);
    return;
  }
  if (line.name === 'include') {
    if (!argument) {
      report('UNKNOWN_META_COMMAND', 'warning', '@INCLUDE without a path is ignored', line.start, end);
    } else if (BLANK(argument.text[0])) {
      report('INCLUDE_EXTRA_SPACE', 'error', `@INCLUDE takes exactly one space: Fluent Bit looks for a file named "${argument.text}"`, argument.start, argument.end);
    }
    return;
  }
  if (line.name === 'set') {
    const param = argument?.text.trim() ?? '';
    const eq = param.indexOf('=');
    if (eq < 0) {
      report('SET_WITHOUT_EQUALS', 'warning', `@SET "${param}" has no "=": Fluent Bit ignores it (write @SET KEY=VALUE)`, line.start, end);
    } else if (/\s$/.test(param.slice(0, eq)) || /^\s/.test(param.slice(eq + 1))) {
      report('SET_SPACES_AROUND_EQUALS', 'warning', `@SET keeps spaces around "=": the variable is named "${param.slice(0, eq)}"; write @SET KEY=VALUE`, line.start, end);
    }
    return;
  }
  report('UNKNOWN_META_COMMAND', 'warning', `unknown command ${keyword.text}: Fluent Bit ignores it`, line.start, end);
}
