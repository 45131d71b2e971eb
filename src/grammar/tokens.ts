import { createToken, Lexer, skipGrammarValidations, type CustomPatternMatcherReturn, type TokenType } from './chevrotain.js';
import { isCSpace, utf8LengthAtMost } from './reader.js';

/*
 * Token definitions and the one Lexer instance for the classic format.
 *
 * The format is line-oriented, so the lexer is too: the `line` mode sees the
 * start of each line and classifies it by its first byte, exactly as Fluent
 * Bit's reader (flb_cf_fluentbit.c read_config) does; small modes then cover
 * the rest of a header, an entry or a command line. Every mode can match any
 * character, so the lexer never drops input (no SKIPPED groups, no errors).
 *
 * The lexer reads the layout's logical text (reader.ts: NUL gaps removed).
 * A line ends at `\n` only, as with fgets(); a `\r` right before it belongs
 * to the line break (Fluent Bit strips it), any other `\r` is content.
 * Rest-of-line tokens are custom matchers built on indexOf and single
 * forward scans: linear time even on 1 MB lines.
 */

const NL = 10; // \n
const CR = 13; // \r
const SPACE = 32;

/** End of the line's content: the next `\n`, minus a `\r` right before it. */
function endOfLine(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) return text.length;
  if (end > offset && text.charCodeAt(end - 1) === CR) end--;
  return end;
}

/** Trims a content end back over a `\r` that belongs to a following `\r\n`. */
function beforeLineBreak(text: string, offset: number, end: number): number {
  return end > offset && end < text.length && text.charCodeAt(end) === NL && text.charCodeAt(end - 1) === CR ? end - 1 : end;
}

function atLineStart(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const p = text.charCodeAt(offset - 1);
  return p === NL || (offset === 1 && p === 0xfeff);
}

function match(text: string, start: number, end: number): CustomPatternMatcherReturn | null {
  return end > start ? [text.slice(start, end)] : null;
}

/** A line break (`\n` or `\r\n`); `PopNewline` also leaves the line's sub-mode. */
export const Newline = createToken({ name: 'Newline', pattern: /\r?\n/, line_breaks: true });
export const PopNewline = createToken({ name: 'PopNewline', pattern: /\r?\n/, line_breaks: true, pop_mode: true });

/** U+FEFF at offset 0 only. */
export const Bom = createToken({
  name: 'Bom',
  pattern: { exec: (text: string, offset: number) => (offset === 0 && text.charCodeAt(0) === 0xfeff ? ['\ufeff'] : null) },
  line_breaks: false,
  start_chars_hint: ['\ufeff'],
});

/** `#` to the end of the line (column 0, or right after an indent). */
export const Comment = createToken({
  name: 'Comment',
  pattern: { exec: (text: string, offset: number) => (text.charCodeAt(offset) === 35 ? match(text, offset, endOfLine(text, offset)) : null) },
  line_breaks: false,
  start_chars_hint: ['#'],
});

/**
 * `@WORD` at column 0 on a line of more than 3 bytes: a command keyword.
 * Fluent Bit reads a shorter `@` line (`@`, `@ab`, `@a `) as an entry.
 */
export const CommandKeyword = createToken({
  name: 'CommandKeyword',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 64 || !atLineStart(text, offset)) return null;
      const end = endOfLine(text, offset);
      if (utf8LengthAtMost(text, 3, offset, end) <= 3) return null;
      let i = offset + 1;
      while (i < end && text.charCodeAt(i) !== SPACE) i++;
      return [text.slice(offset, i)];
    },
  },
  line_breaks: false,
  start_chars_hint: ['@'],
  push_mode: 'command',
});
/** The first space after a command keyword. */
export const CommandSeparator = createToken({ name: 'CommandSeparator', pattern: / /, pop_mode: true, push_mode: 'commandArgument' });
/** The raw rest of a command line (not trimmed: `@INCLUDE` paths are verbatim). */
export const CommandArgument = createToken({
  name: 'CommandArgument',
  pattern: { exec: (text: string, offset: number) => match(text, offset, endOfLine(text, offset)) },
  line_breaks: false,
});

/** `[` at column 0 opens a section header. */
export const HeaderOpen = createToken({
  name: 'HeaderOpen',
  pattern: { exec: (text: string, offset: number) => (text.charCodeAt(offset) === 91 && atLineStart(text, offset) ? ['['] : null) },
  line_breaks: false,
  start_chars_hint: ['['],
  push_mode: 'header',
});
/** Everything up to the first `]` of the line. */
export const SectionName = createToken({
  name: 'SectionName',
  pattern: {
    exec: (text: string, offset: number) => {
      const end = endOfLine(text, offset);
      let i = offset;
      while (i < end && text.charCodeAt(i) !== 93) i++;
      return match(text, offset, i);
    },
  },
  line_breaks: false,
});
export const HeaderClose = createToken({ name: 'HeaderClose', pattern: /]/, pop_mode: true, push_mode: 'headerRest' });
/** Anything after the first `]` of a header (Fluent Bit ignores it). */
export const HeaderRest = createToken({
  name: 'HeaderRest',
  pattern: { exec: (text: string, offset: number) => match(text, offset, endOfLine(text, offset)) },
  line_breaks: false,
});

/** Leading blanks (space / tab) of a line. */
export const Indent = createToken({ name: 'Indent', pattern: /[ \t]+/ });

/** A key: everything up to the first ASCII space (tabs, `\v`, `\f` and a bare `\r` are part of the key). */
export const Key = createToken({
  name: 'Key',
  pattern: {
    exec: (text: string, offset: number) => {
      const n = text.length;
      let i = offset;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === SPACE || c === NL) break;
        i++;
      }
      return match(text, offset, beforeLineBreak(text, offset, i));
    },
  },
  line_breaks: false,
  push_mode: 'value',
});

/** C isspace() characters that run to the end of the line (nothing else left on it). */
export const Trailing = createToken({
  name: 'Trailing',
  pattern: {
    exec: (text: string, offset: number) => {
      const n = text.length;
      let i = offset;
      while (i < n && isCSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== NL) i++;
      if (i < n && text.charCodeAt(i) !== NL) return null;
      return match(text, offset, beforeLineBreak(text, offset, i));
    },
  },
  line_breaks: false,
  start_chars_hint: [' ', '\t', '\v', '\f', '\r'],
});
/** The key/value separator: the first space plus the C isspace() characters after it (Fluent Bit trims them off the value). */
export const Separator = createToken({
  name: 'Separator',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== SPACE) return null;
      const n = text.length;
      let i = offset + 1;
      while (i < n && isCSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== NL) i++;
      return match(text, offset, beforeLineBreak(text, offset, i));
    },
  },
  line_breaks: false,
  start_chars_hint: [' '],
});
/** The value: up to the last non-isspace() character of the line. */
export const Value = createToken({
  name: 'Value',
  pattern: {
    exec: (text: string, offset: number) => {
      let end = endOfLine(text, offset);
      while (end > offset && isCSpace(text.charCodeAt(end - 1))) end--;
      return match(text, offset, end);
    },
  },
  line_breaks: false,
});

export const allTokens: readonly TokenType[] = [
  Newline, PopNewline, Bom, Comment, CommandKeyword, CommandSeparator, CommandArgument,
  HeaderOpen, SectionName, HeaderClose, HeaderRest, Indent, Key, Trailing, Separator, Value,
];

/**
 * The one lexer instance, built once at module load.
 *
 * First-char optimisation is off on purpose: the catch-all tokens (keys,
 * values, rest-of-line) start with "any character", which Chevrotain cannot
 * index, and every mode has at most seven patterns tried in order, so the
 * index would buy little.
 */
export const lexer = new Lexer(
  {
    defaultMode: 'line',
    modes: {
      line: [Newline, Bom, Comment, CommandKeyword, HeaderOpen, Indent, Key],
      command: [PopNewline, CommandSeparator],
      commandArgument: [PopNewline, CommandArgument],
      header: [PopNewline, SectionName, HeaderClose],
      headerRest: [PopNewline, HeaderRest],
      value: [PopNewline, Trailing, Separator, Value],
    },
  },
  {
    positionTracking: 'onlyOffset',
    ensureOptimizations: false,
    skipValidations: skipGrammarValidations(),
  },
);
