import { createToken, Lexer, skipGrammarValidations, type CustomPatternMatcherReturn, type TokenType } from './chevrotain.js';

/*
 * Token definitions and the one Lexer instance for the classic format.
 *
 * The format is line-oriented, so the lexer is too: the `line` mode sees the
 * start of each line and classifies it by its first byte, exactly as Fluent
 * Bit's reader (flb_cf_fluentbit.c read_config) does; small modes then cover
 * the rest of a header, an entry or a command line. Every mode can match any
 * character, so the lexer never drops input (no SKIPPED groups, no errors).
 *
 * A line break is `\r\n`, `\n` or a bare `\r`. Fluent Bit treats a bare `\r`
 * as ordinary content; we treat it as a break and report it (BARE_CR), which
 * keeps every character class simple. Rest-of-line tokens are custom
 * matchers built on indexOf-style scans: linear time even on 1 MB lines.
 */

const NL = 10; // \n
const CR = 13; // \r

function endOfLine(text: string, offset: number): number {
  let i = offset;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NL || c === CR) break;
    i++;
  }
  return i;
}

function isBlank(c: number): boolean {
  // isspace() minus the line breaks: space, \t, \v, \f
  return c === 32 || c === 9 || c === 11 || c === 12;
}

function atLineStart(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const p = text.charCodeAt(offset - 1);
  return p === NL || p === CR || (offset === 1 && p === 0xfeff);
}

function match(text: string, start: number, end: number): CustomPatternMatcherReturn | null {
  return end > start ? [text.slice(start, end)] : null;
}

/** A line break; `PopNewline` also leaves the line's sub-mode. */
export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\n|\r/, line_breaks: true });
export const PopNewline = createToken({ name: 'PopNewline', pattern: /\r\n|\n|\r/, line_breaks: true, pop_mode: true });

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

/** `@WORD` at column 0: a command keyword. */
export const CommandKeyword = createToken({
  name: 'CommandKeyword',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 64 || !atLineStart(text, offset)) return null;
      let i = offset + 1;
      const n = text.length;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 32 || c === NL || c === CR) break;
        i++;
      }
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
export const SectionName = createToken({ name: 'SectionName', pattern: /[^\]\r\n]+/ });
export const HeaderClose = createToken({ name: 'HeaderClose', pattern: /]/, pop_mode: true, push_mode: 'headerRest' });
/** Anything after the first `]` of a header (Fluent Bit ignores it). */
export const HeaderRest = createToken({
  name: 'HeaderRest',
  pattern: { exec: (text: string, offset: number) => match(text, offset, endOfLine(text, offset)) },
  line_breaks: false,
});

/** Leading blanks (space / tab) of a line. */
export const Indent = createToken({ name: 'Indent', pattern: /[ \t]+/ });

/** A key: everything up to the first ASCII space (tabs are part of the key). */
export const Key = createToken({ name: 'Key', pattern: /[^ \r\n]+/, push_mode: 'value' });

/** Blanks that run to the end of the line (only blanks left on the line). */
export const Trailing = createToken({
  name: 'Trailing',
  pattern: {
    exec: (text: string, offset: number) => {
      let i = offset;
      const n = text.length;
      while (i < n && isBlank(text.charCodeAt(i))) i++;
      if (i === offset) return null;
      if (i < n && text.charCodeAt(i) !== NL && text.charCodeAt(i) !== CR) return null;
      return [text.slice(offset, i)];
    },
  },
  line_breaks: false,
  start_chars_hint: [' ', '\t', '\v', '\f'],
});
/** The key/value separator: the first space plus any blanks after it. */
export const Separator = createToken({ name: 'Separator', pattern: / [ \t\v\f]*/ });
/** The value: up to the last non-blank character of the line. */
export const Value = createToken({
  name: 'Value',
  pattern: {
    exec: (text: string, offset: number) => {
      let end = endOfLine(text, offset);
      while (end > offset && isBlank(text.charCodeAt(end - 1))) end--;
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
