/*
 * The tokens of a POSIX sh script, as sh's token recognition makes them
 * (XCU 2.3) with quote removal (2.2, 2.6.7) applied to each word's value:
 *
 * - unquoted, `\` keeps the next character literal and `\`+newline is
 *   removed (the word goes on);
 * - inside "...", `\` escapes only `$`, backquote, `"`, `\` and newline
 *   (removed), and is kept before any other character;
 * - inside '...', nothing is special up to the next `'`;
 * - `$(...)`, `$((...))` and `${...}` stay whole in their word, as written
 *   (inside "..." too), nested parentheses, quotes and escapes included;
 * - `#` at the start of a word starts a comment up to the newline;
 * - the control operators (`;` `&` `|` `&&` `||` `;;` `(` `)` and newline)
 *   and the redirection operators (`<` `>` `>>` `<&` `>&` `<>` `>|` `<<`
 *   `<<-`, with an all-digit word just before as their IO number) are
 *   tokens of their own; a here-document's body (the lines after the
 *   `<<WORD` line, up to the line WORD) is skipped.
 *
 * Not modelled: expansions (a word holding `$X`, `$(...)` or backquotes is
 * kept as written and callers decide), aliases, reserved words (`if`,
 * `then`... are plain words), backquoted substitutions (a backquote is an
 * ordinary character). A CR before a LF is taken as part of the line end
 * (scripts saved with CRLF), which sh itself would not. Pure; linear in
 * the text read; never throws.
 */

/** A word: its value after quote removal, and the offsets of its raw text. */
export interface ShWord {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** Its `$` and backquote characters are literal, no expansion: in sh '...' or `\`-escaped; a PowerShell '...' word, cmd.exe (native-words.ts). */
  readonly literal?: true;
}

export type ShToken =
  | (ShWord & { readonly kind: 'word' })
  /** `;` `&` `|` `&&` `||` `;;` `(` `)` or `\n`. */
  | { readonly kind: 'control'; readonly value: string; readonly start: number; readonly end: number }
  /** `<` `>` `>>` `<&` `>&` `<>` `>|` `<<` `<<-`, with its IO number when one was written (`2>&1`). */
  | { readonly kind: 'redirect'; readonly value: string; readonly start: number; readonly end: number };

export interface ShTokens {
  readonly tokens: readonly ShToken[];
  /** False when a quote, `$(` or `${` is still open at the end of the text (sh reports a syntax error). */
  readonly complete: boolean;
}

export interface ShWordsOptions {
  /** Offset where reading starts (default 0). */
  readonly from?: number;
  /** Stop at the end of the first command: before the first control operator or comment. */
  readonly oneCommand?: boolean;
  /** Stop at an unquoted backquote too (a command read from inside `` `...` ``). */
  readonly endAtBackquote?: boolean;
}

const REDIRECTS = ['<<-', '<<', '>>', '<&', '>&', '<>', '>|', '<', '>'];
const CONTROLS = ['&&', '||', ';;', ';', '&', '|', '(', ')'];

/** The offset after the `$(...)`, `$((...))` or `${...}` opening at `i` (text[i] is `$`), or -1 when it never closes. */
function substitutionEnd(text: string, i: number): number {
  const open = text[i + 1] as string;
  const close = open === '(' ? ')' : '}';
  let depth = 1;
  let j = i + 2;
  while (j < text.length) {
    const c = text[j] as string;
    if (c === '\\') j += 2;
    else if (c === "'") {
      // Inside ${...} and $(...) single quotes quote as usual.
      const q = text.indexOf("'", j + 1);
      if (q < 0) return -1;
      j = q + 1;
    } else if (c === '"') {
      j = doubleQuoteEnd(text, j);
      if (j < 0) return -1;
    } else if (c === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) {
      j = substitutionEnd(text, j);
      if (j < 0) return -1;
    } else {
      if (c === open) depth++;
      else if (c === close && --depth === 0) return j + 1;
      j++;
    }
  }
  return -1;
}

/** The offset after the "..." opening at `i`, or -1 when it never closes. */
function doubleQuoteEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j] as string;
    if (c === '"') return j + 1;
    if (c === '\\') j += 2;
    else if (c === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) {
      j = substitutionEnd(text, j);
      if (j < 0) return -1;
    } else j++;
  }
  return -1;
}

/** The length of the line end at `i` (`\n` or `\r\n`), 0 when there is none. */
export function lineEnd(text: string, i: number): number {
  if (text[i] === '\n') return 1;
  return text[i] === '\r' && text[i + 1] === '\n' ? 2 : 0;
}

/** Where the here-document body that starts at `i` ends (after its delimiter line), or -1 when the delimiter never comes. */
function hereDocEnd(text: string, i: number, delimiter: string, stripTabs: boolean): number {
  let at = i;
  while (at < text.length) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    let line = text.slice(at, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (stripTabs) line = line.replace(/^\t+/, '');
    if (line === delimiter) return Math.min(nl + 1, text.length);
    at = nl + 1;
  }
  return -1;
}

/** The tokens of a sh script (see the module comment). */
export function shTokens(text: string, opts: ShWordsOptions = {}): ShTokens {
  const tokens: ShToken[] = [];
  let i = opts.from ?? 0;
  let cur = '';
  let start = -1;
  let quoted = false;
  /** The word holds a `$` or backquote sh expands (unquoted or in "...", not escaped). */
  let expands = false;
  /** Here-documents whose bodies start after the next newline. */
  const pending: { delimiter: string; stripTabs: boolean }[] = [];
  let wantDelimiter: { stripTabs: boolean } | undefined;
  const flush = (end: number): void => {
    if (start >= 0) {
      tokens.push({ kind: 'word', value: cur, start, end, ...(!expands && /[$`]/.test(cur) ? { literal: true as const } : {}) });
      if (wantDelimiter) pending.push({ delimiter: cur, stripTabs: wantDelimiter.stripTabs });
      wantDelimiter = undefined;
    }
    cur = '';
    start = -1;
    quoted = false;
    expands = false;
  };
  const incomplete = (): ShTokens => ({ tokens, complete: false });
  while (i < text.length) {
    const c = text[i] as string;
    const nl = lineEnd(text, i);
    if (c === '\\' && lineEnd(text, i + 1) > 0) {
      i += 1 + lineEnd(text, i + 1);
      continue;
    }
    if (c === ' ' || c === '\t') {
      flush(i);
      i++;
      continue;
    }
    if (nl > 0) {
      flush(i);
      if (opts.oneCommand) break;
      tokens.push({ kind: 'control', value: '\n', start: i, end: i + nl });
      i += nl;
      for (const doc of pending.splice(0)) {
        // A body the delimiter never ends runs to the end of the text (dash and bash take it so, bash with a warning).
        const end = hereDocEnd(text, i, doc.delimiter, doc.stripTabs);
        i = end < 0 ? text.length : end;
      }
      continue;
    }
    if (c === '#' && start < 0) {
      if (opts.oneCommand) break;
      const next = text.indexOf('\n', i);
      i = next < 0 ? text.length : text[next - 1] === '\r' ? next - 1 : next;
      continue;
    }
    if (c === '`' && opts.endAtBackquote) break;
    if (c === '<' || c === '>') {
      const op = REDIRECTS.find((r) => text.startsWith(r, i)) as string;
      // An all-digit unquoted word right before the operator is its IO number (`2>&1`).
      const ioNumber = start >= 0 && !quoted && /^\d+$/.test(cur) && start + cur.length === i;
      const opStart = ioNumber ? start : i;
      if (ioNumber) {
        cur = '';
        start = -1;
      } else flush(i);
      tokens.push({ kind: 'redirect', value: text.slice(opStart, i + op.length), start: opStart, end: i + op.length });
      if (op === '<<' || op === '<<-') wantDelimiter = { stripTabs: op === '<<-' };
      i += op.length;
      continue;
    }
    const control = ';&|()'.includes(c) ? CONTROLS.find((op) => text.startsWith(op, i)) : undefined;
    if (control !== undefined) {
      flush(i);
      if (opts.oneCommand) break;
      tokens.push({ kind: 'control', value: control, start: i, end: i + control.length });
      i += control.length;
      continue;
    }
    if (start < 0) start = i;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return incomplete();
      cur += text.slice(i + 1, close);
      quoted = true;
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        const d = text[j] as string;
        if (d === '\\' && lineEnd(text, j + 1) > 0) j += 1 + lineEnd(text, j + 1);
        else if (d === '\\' && j + 1 < text.length && '$`"\\'.includes(text[j + 1] as string)) {
          cur += text[j + 1];
          j += 2;
        } else if (d === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) {
          const end = substitutionEnd(text, j);
          if (end < 0) return incomplete();
          cur += text.slice(j, end);
          expands = true;
          j = end;
        } else {
          if (d === '$' || d === '`') expands = true;
          cur += d;
          j++;
        }
      }
      if (j >= text.length) return incomplete();
      quoted = true;
      i = j + 1;
    } else if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const end = substitutionEnd(text, i);
      if (end < 0) return incomplete();
      cur += text.slice(i, end);
      expands = true;
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[i + 1];
      quoted = true;
      i += 2;
    } else {
      // A lone trailing `\` stays literal, as in sh.
      if (c === '$' || c === '`') expands = true;
      cur += c;
      i++;
    }
  }
  flush(i);
  return { tokens, complete: true };
}

/**
 * The simple commands of a script: the words between control operators,
 * without redirections (an operator and its target word), in order. sh
 * parses and runs a script one line (complete command) at a time: when it
 * cannot parse the script to its end, the commands of the lines before the
 * broken one are kept. `read`: the script's tokens when the caller has
 * them already (`shTokens(text)`).
 */
export function shCommands(text: string, read: ShTokens = shTokens(text)): ShWord[][] {
  const out: ShWord[][] = [];
  let cur: ShWord[] = [];
  let tokens = read.tokens;
  if (!read.complete) {
    let last = tokens.length - 1;
    while (last >= 0 && tokens[last]?.value !== '\n') last--;
    tokens = tokens.slice(0, last + 1);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as ShToken;
    if (t.kind === 'redirect') {
      if (tokens[i + 1]?.kind === 'word') i++;
    } else if (t.kind === 'control') {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push({ value: t.value, start: t.start, end: t.end, ...(t.literal ? { literal: t.literal } : {}) });
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** The words of the one command that starts at `from` (redirections left out), or undefined when a quote or substitution in it never closes. */
export function shCommandWords(text: string, from: number, opts: { readonly endAtBackquote?: boolean } = {}): ShWord[] | undefined {
  const { tokens, complete } = shTokens(text, { from, oneCommand: true, endAtBackquote: opts.endAtBackquote === true });
  if (!complete) return undefined;
  const words: ShWord[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as ShToken;
    if (t.kind === 'redirect') {
      if (tokens[i + 1]?.kind === 'word') i++;
    } else if (t.kind === 'word') words.push({ value: t.value, start: t.start, end: t.end, ...(t.literal ? { literal: t.literal } : {}) });
  }
  return words;
}

/** `value` as one sh word: as is when it has only characters sh never treats specially, else in single quotes. */
export function shQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
