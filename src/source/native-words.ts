import { lineEnd as lineEndAt, type ShWord } from './sh-words.js';

/*
 * The words of one native command line (`helm upgrade ...`) in a shell that
 * is not sh: PowerShell (a `pwsh`/`powershell` CI step) or Windows' cmd.exe
 * (an Azure `script:` step on a Windows pool). Only as far as finding the
 * command's chart and flags needs, never to run it:
 *
 * - PowerShell (about_Quoting_Rules, about_Parsing): a backquote escapes the
 *   next character, and a backquote at the end of a line continues the
 *   command on the next; '...' is literal ('' is one quote); "..." takes
 *   backquote escapes and "" (variables are kept as written, callers skip
 *   words holding `$`); `;`, `|`, `&&`, `||` and a newline end the command;
 *   `#` at the start of a word starts a comment.
 * - cmd.exe: `^` escapes the next character, and `^` at the end of a line
 *   continues the command; "..." quotes (no escapes inside); `&`, `|`, `&&`,
 *   `||` and a newline end the command.
 *
 * A CR before a LF is part of the line end. Pure; linear in the text read;
 * never throws. Unterminated quotes end at the end of the line.
 */

export type NativeShell = 'powershell' | 'cmd';

/** The words of the command starting at `from`, up to the end of that command. */
export function nativeCommandWords(text: string, from: number, shell: NativeShell): ShWord[] {
  const escape = shell === 'powershell' ? '`' : '^';
  const words: ShWord[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === escape && lineEndAt(text, i + 1) > 0) {
      i += 1 + lineEndAt(text, i + 1);
      continue;
    }
    // An escape ending the text escapes nothing (and the word loop would not move past it).
    if (c === escape && i + 1 >= text.length) break;
    if (lineEndAt(text, i) > 0 || c === '|' || c === ';' || c === '&') break;
    if (c === '#' && shell === 'powershell') break;
    const start = i;
    let value = '';
    // A `$` PowerShell expands (unquoted or in "..." and not escaped); one in '...', escaped, or in cmd.exe is literal.
    let expands = false;
    while (i < text.length) {
      const d = text[i] as string;
      if (d === ' ' || d === '\t' || lineEndAt(text, i) > 0 || d === '|' || d === '&' || (d === ';' && shell === 'powershell')) break;
      if (d === escape) {
        // At a line end the escape continues the command and ends this word.
        if (lineEndAt(text, i + 1) > 0 || i + 1 >= text.length) break;
        value += text[i + 1] as string;
        i += 2;
      } else if (d === "'" && shell === 'powershell') {
        i = quoted(text, i, "'", undefined, (ch) => (value += ch));
      } else if (d === '"') {
        i = quoted(text, i, '"', shell === 'powershell' ? '`' : undefined, (ch, escaped) => {
          if (ch === '$' && !escaped && shell === 'powershell') expands = true;
          value += ch;
        });
      } else {
        if (d === '$' && shell === 'powershell') expands = true;
        value += d;
        i++;
      }
    }
    words.push({ value, start, end: i, ...(!expands && /[$`]/.test(value) ? { literal: true as const } : {}) });
  }
  return words;
}

/** Reads the quoted text opening at `i` (a doubled quote is one quote; `escape` escapes inside); returns the offset after it. */
function quoted(text: string, i: number, quote: string, escape: string | undefined, add: (s: string, escaped: boolean) => void): number {
  let j = i + 1;
  while (j < text.length && lineEndAt(text, j) === 0) {
    const c = text[j] as string;
    if (escape !== undefined && c === escape && j + 1 < text.length) {
      add(text[j + 1] as string, true);
      j += 2;
    } else if (c === quote) {
      if (text[j + 1] !== quote) return j + 1;
      add(quote, false);
      j += 2;
    } else {
      add(c, false);
      j++;
    }
  }
  return j;
}

/**
 * The first word of the command at `from` that holds what nativeCommandWords
 * does not model, as written: in PowerShell an unquoted `,` (an array: one
 * argument per item), `(`, `)`, `{`, `}` (subexpressions, script blocks), a
 * splat (`@x`) or the stop-parsing token `--%`; in cmd.exe a `%` (`%VAR%`
 * expands). Undefined when every word is read as written (a `$` is left to
 * callers, which skip a word holding one).
 */
export function nativeUnmodelled(text: string, from: number, shell: NativeShell): string | undefined {
  for (const w of nativeCommandWords(text, from, shell)) {
    const raw = text.slice(w.start, w.end);
    if (shell === 'cmd') {
      if (raw.includes('%')) return raw;
      continue;
    }
    if (raw === '--%' || raw.startsWith('@')) return raw;
    let quote: string | undefined;
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i] as string;
      if (quote === undefined && c === '`') i++;
      else if (quote !== undefined) {
        if (c === '`' && quote === '"') i++;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === ',' || c === '(' || c === ')' || c === '{' || c === '}') return raw;
    }
  }
  return undefined;
}
