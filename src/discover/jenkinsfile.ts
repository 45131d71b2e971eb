/*
 * The shell scripts of a Jenkinsfile's steps (declarative and scripted
 * pipelines are the same Groovy calls): `sh`, `bat`, `powershell` and
 * `pwsh` with their script as the first argument or as `script:`
 * (`sh 'x'`, `sh('x')`, `sh(script: "x", returnStdout: true)`,
 * `sh label: 'l', script: '''x'''`), read as Groovy reads the string:
 *
 * - '...' and '''...''' are plain; "..." and """...""" are GStrings whose
 *   `${expr}` and `$name` interpolations are kept as written (unknown values:
 *   callers skip a word holding `$`);
 * - in all four, `\\` is one backslash, `\$` a dollar, `\'` and `\"` quotes,
 *   `\n`, `\t`, `\r`, `\b`, `\f`, `\uXXXX`, and a backslash before a line end
 *   joins the lines (Groovy's "escaping the newline");
 * - `+` joins parts; a part that is not a string literal (a variable, a call)
 *   becomes `${...}` (its text without blanks or quotes): unknown;
 * - `.stripIndent()` and `.trim()` after a literal change only blanks.
 *
 * Each character of a script keeps the file range it was read from, so what
 * is said lands on the file's text. Comments (`//`, `/* ... *\/`) and other
 * strings are skipped. A step inside a `dir(...) { }` or `ws(...) { }` block
 * runs in another directory (`inDir`). Slashy (`/.../`) and dollar-slashy
 * (`$/.../$`) strings are read too (readSlashy). Pure; one pass over the text; never throws.
 * Source: groovy-lang.org "Syntax" (4. Strings: escaping special characters,
 * string interpolation, triple-quoted strings); jenkins.io "Pipeline Steps
 * Reference" (sh, bat, powershell, pwsh: `script` is the first parameter;
 * dir, ws).
 */

import { trimTrailingSlashes } from '../source/trailing-slashes.js';

export type JenkinsStepName = 'sh' | 'bat' | 'powershell' | 'pwsh';

/** One step's script as its shell receives it. */
export interface JenkinsStep {
  readonly step: JenkinsStepName;
  /** File offset of the step's name. */
  readonly at: number;
  readonly text: string;
  /** File offset where text[i] was read from. */
  readonly starts: readonly number[];
  /** File offset after text[i]'s source (its escape, its interpolation). */
  readonly ends: readonly number[];
  /** The `dir(...)`/`ws(...)` block the step runs in, as its step name (`dir`), when it is in one. */
  readonly inDir?: string;
  /** With `inDir`: the directory the step runs in, relative to the workspace, when every block it is in is a `dir` with a plain relative path (`dir('deploy') { dir('fb') { } }`: `deploy/fb`). */
  readonly dirPath?: string;
  /** The Groovy interpolations and non-literal `+` parts left as written ([from, to) in `text`): Groovy puts their values in before the shell reads the text, so sh quotes around them quote nothing of theirs. */
  readonly groovy?: readonly (readonly [number, number])[];
}

export interface JenkinsScripts {
  readonly steps: readonly JenkinsStep[];
  /** File ranges of comments and of the literals read as step scripts: a helm line anywhere else is Groovy code flb-migrate does not read. */
  readonly skipped: readonly (readonly [number, number])[];
  /**
   * The Groovy files the pipeline `load`s (`load 'ci/deploy.groovy'`, `load('x')`, `load(path: 'x')`), each one plain relative literal,
   * relative to the workspace; none when the text has a `dir`/`ws` block (a load in one reads another directory's file, and a loaded
   * method called in one runs its steps there: where they run is not known).
   */
  readonly loads: readonly string[];
  /**
   * With a shared library (`@Library('x') _`, a `library` step): the names the text calls (`deployFluentBit(...)`, `log.info 'x'`), any
   * of which may be a global variable of the library (`vars/<name>.groovy`), whose steps run where it is called; none when the text
   * has a `dir`/`ws` block (as `loads`).
   */
  readonly libraryCalls: readonly string[];
  /**
   * Every `load` step (also in a `dir`/`ws` block): the file range of its name, its call as written (its first line), and its path argument as written (`text`, with each
   * Groovy part left as `${...}` at `groovy`), and `file` when the path is plain (as `loads`).
   */
  readonly loadSites: readonly { readonly at: number; readonly end: number; readonly call: string; readonly path: string; readonly groovy?: readonly (readonly [number, number])[]; readonly file?: string }[];
  /** With a shared library: each name of `libraryCalls` with the file offset of its first call, also when the text has a `dir`/`ws` block. */
  readonly calledAt: ReadonlyMap<string, number>;
  /** The text has a `dir`/`ws` block. */
  readonly inDir: boolean;
}

const STEPS = new Set<string>(['sh', 'bat', 'powershell', 'pwsh']);
const DIR_STEPS = new Set<string>(['dir', 'ws']);
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', s: ' ' };

interface Decoded {
  text: string;
  starts: number[];
  ends: number[];
  /** The Groovy interpolations and non-literal `+` parts of the text: [from, to) in text indices, as written (`${v}`, `$v`, `${env.V}`). */
  groovy?: [number, number][];
}

const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_$]/.test(c);
const isIdent = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);
const isNameStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isNamePart = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);

/** The opening delimiter of a string literal at `i` (`'''`, `"""`, `'`, `"`, a dollar-slashy `$/`, a slashy `/`), or undefined. */
function delimiterAt(text: string, i: number): string | undefined {
  const c = text[i];
  if (c === '$') return text[i + 1] === '/' && !isIdent(text[i - 1]) ? '$/' : undefined;
  if (c === '/') return slashyAt(text, i) ? '/' : undefined;
  if (c !== "'" && c !== '"') return undefined;
  return text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
}

/** The closing delimiter of a literal opened by `delim`. */
const closerOf = (delim: string): string => (delim === '$/' ? '/$' : delim);

/**
 * Whether the `/` at `i` opens a slashy string rather than dividing: Groovy's lexer (GroovyLexer.g4 `isRegexAllowed`)
 * reads a slashy string unless the token before is an operand (a name, a number, a literal, `)`, `]`, `}`, `++`, `--`);
 * `//` and `/*` are comments. The token before is the last character before `i` that is not a blank or a line end.
 */
function slashyAt(text: string, i: number): boolean {
  if (text[i + 1] === '/' || text[i + 1] === '*') return false;
  let k = i - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r')) k--;
  if (k < 0) return true;
  const p = text[k] as string;
  if (p === ')' || p === ']' || p === '}' || p === "'" || p === '"' || p === '/' || (p === '$' && text[k - 1] === '/')) return false;
  if ((p === '+' && text[k - 1] === '+') || (p === '-' && text[k - 1] === '-')) return false;
  if (!isIdent(p)) return true;
  // A keyword before an expression (`return /x/`) lets one start; any other name or number is an operand.
  let w = k;
  while (w >= 0 && isIdent(text[w])) w--;
  return SLASHY_AFTER.has(text.slice(w + 1, k + 1));
}

/** Keywords a slashy string may follow (GroovyLexer's REGEX_CHECK_ARRAY holds no keyword but `this`; `true`, `false` and `null` are literals). */
const SLASHY_AFTER = new Set(['return', 'assert', 'case', 'in', 'else', 'throw', 'yield', 'new', 'as', 'instanceof']);

/** The offset after the `}` closing the `${` interpolation whose `{` is at `open` (strings inside skipped). */
function interpolationEnd(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i] as string;
    const d = delimiterAt(text, i);
    if (d !== undefined) {
      i = readLiteral(text, i, undefined);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

/**
 * The interpolation at `i` (`${expr}`, or `$name` with its `.property` parts: Groovy's dotted interpolation) added to `out` as
 * written, each character with its own range, and listed in `out.groovy`; returns the offset after it.
 */
function readInterpolation(text: string, i: number, out: Decoded | undefined): number {
  let end = i + 1;
  if (text[i + 1] === '{') end = interpolationEnd(text, i + 1);
  else while (isNamePart(text[end]) || (text[end] === '.' && isNameStart(text[end + 1]))) end++;
  if (out === undefined) return end;
  const from = out.text.length;
  for (let k = i; k < end; k++) {
    out.text += text[k] as string;
    out.starts.push(k);
    out.ends.push(k + 1);
  }
  (out.groovy ??= []).push([from, out.text.length]);
  return end;
}

/** Reads the literal at `at` (a delimiter there), adding what Groovy makes of it to `out`; returns the offset after it. */
function readLiteral(text: string, at: number, out: Decoded | undefined): number {
  const delim = delimiterAt(text, at) as string;
  if (delim === '/' || delim === '$/') return readSlashy(text, at, delim, out);
  const gstring = delim[0] === '"';
  const multi = delim.length === 3;
  const add = (s: string, start: number, end: number): void => {
    if (out === undefined) return;
    out.text += s;
    for (let k = 0; k < s.length; k++) {
      out.starts.push(start);
      out.ends.push(end);
    }
  };
  let i = at + delim.length;
  while (i < text.length) {
    const c = text[i] as string;
    if (text.startsWith(delim, i)) return i + delim.length;
    if (!multi && (c === '\n' || c === '\r')) return i;
    if (c === '\\') {
      const n = text[i + 1];
      if (n === '\n' || (n === '\r' && text[i + 2] === '\n')) {
        i += n === '\r' ? 3 : 2;
        continue;
      }
      if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        add(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), i, i + 6);
        i += 6;
        continue;
      }
      if (n === undefined) return i + 1;
      add(ESCAPES[n] ?? n, i, i + 2);
      i += 2;
      continue;
    }
    if (gstring && c === '$' && (text[i + 1] === '{' || isNameStart(text[i + 1]))) {
      i = readInterpolation(text, i, out);
      continue;
    }
    add(c, i, i + 1);
    i++;
  }
  return i;
}

/**
 * Reads a slashy (`/.../`) or dollar-slashy (`$/.../$`) string as Groovy does (GroovyLexer.g4 SlashyStringCharacter,
 * DollarSlashyStringCharacter; StringUtils.replaceEscapes): both may span lines (`\r\n` read as `\n`), interpolate
 * `$name` and `${...}` (a `$` before anything else is itself), and take `\uXXXX` and a backslash before a line end
 * (joining the lines) when an odd run of backslashes ends there; a slashy string also `\/` (a `/`), a dollar-slashy
 * one `$/` (a `/`) and `$$` (a `$`). Every other backslash is itself. Returns the offset after the closing delimiter.
 */
function readSlashy(text: string, at: number, delim: '/' | '$/', out: Decoded | undefined): number {
  const add = (s: string, start: number, end: number): void => {
    if (out === undefined) return;
    out.text += s;
    out.starts.push(start);
    out.ends.push(end);
  };
  const dollar = delim === '$/';
  let i = at + delim.length;
  while (i < text.length) {
    const c = text[i] as string;
    if (dollar && c === '$' && (text[i + 1] === '/' || text[i + 1] === '$')) {
      add(text[i + 1] as string, i, i + 2);
      i += 2;
      continue;
    }
    if (c === '/' && (!dollar || text[i + 1] === '$')) return i + (dollar ? 2 : 1);
    if (c === '\\') {
      let run = i;
      while (text[run] === '\\') run++;
      // An escape needs an odd run (StringUtils' `(\\*)\\u`: an even run before it keeps it); the others are themselves.
      const oddRun = (run - i) % 2 === 1;
      for (; i < run - 1; i++) add('\\', i, i + 1);
      const n = text[i + 1];
      if (!dollar && n === '/') {
        add('/', i, i + 2);
        i += 2;
        continue;
      }
      if (oddRun && n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        add(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), i, i + 6);
        i += 6;
        continue;
      }
      if (oddRun && (n === '\n' || (n === '\r' && text[i + 2] === '\n'))) {
        i += n === '\r' ? 3 : 2;
        continue;
      }
      add('\\', i, i + 1);
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      add('\n', i, i + 2);
      i += 2;
      continue;
    }
    if (c === '$' && (text[i + 1] === '{' || isNameStart(text[i + 1]))) {
      i = readInterpolation(text, i, out);
      continue;
    }
    add(c, i, i + 1);
    i++;
  }
  return i;
}

/** Blanks (and line ends when `lines`) from `i`. */
function skipBlanks(text: string, i: number, lines: boolean): number {
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || (lines && (c === '\n' || c === '\r'))) i++;
    else if (text.startsWith('//', i) && lines) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else break;
  }
  return i;
}

interface Arg {
  readonly name: string | undefined;
  readonly script: Decoded;
  readonly literals: [number, number][];
}

/**
 * The arguments of a call from `i` (after its `(` when `paren`, else a
 * command call ending at the line's end): each one's name (`script:`) and its
 * text (literals decoded, other parts `${...}`). Returns the offset after them.
 */
function readArgs(text: string, i: number, paren: boolean): { args: Arg[]; end: number } {
  const args: Arg[] = [];
  for (;;) {
    i = skipBlanks(text, i, paren);
    if (paren && text[i] === ')') return { args, end: i + 1 };
    const named = /^([A-Za-z_]\w*)[ \t]*:(?!:)/.exec(text.slice(i, i + 40));
    let name: string | undefined;
    if (named) {
      name = named[1];
      i = skipBlanks(text, i + named[0].length, paren);
    }
    const script: Decoded = { text: '', starts: [], ends: [] };
    const literals: [number, number][] = [];
    for (;;) {
      if (delimiterAt(text, i) !== undefined) {
        const end = readLiteral(text, i, script);
        literals.push([i, end]);
        i = end;
        // Methods that change blanks only.
        for (let m = /^\.(?:stripIndent|trim)\(\)/.exec(text.slice(i, i + 16)); m; m = /^\.(?:stripIndent|trim)\(\)/.exec(text.slice(i, i + 16))) i += m[0].length;
      } else {
        const start = i;
        i = expressionEnd(text, i, paren);
        if (i === start) break;
        const raw = text.slice(start, i).replace(/[\s'"`]+/g, '');
        const placeholder = `\${${raw}}`;
        (script.groovy ??= []).push([script.text.length, script.text.length + placeholder.length]);
        script.text += placeholder;
        for (let k = 0; k < placeholder.length; k++) {
          script.starts.push(start);
          script.ends.push(i);
        }
      }
      const next = skipBlanks(text, i, paren);
      if (text[next] !== '+') {
        i = next;
        break;
      }
      i = skipBlanks(text, next + 1, true);
    }
    args.push({ name, script, literals });
    if (text[i] === ',') {
      i = skipBlanks(text, i + 1, true);
      continue;
    }
    if (paren && text[i] === ')') return { args, end: i + 1 };
    return { args, end: i };
  }
}

/** The end of a Groovy expression that is not a literal: the first `+`, `,`, closing bracket (or line end, in a command call) at its depth. */
function expressionEnd(text: string, i: number, paren: boolean): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (delimiterAt(text, i) !== undefined) {
      i = readLiteral(text, i, undefined);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && (c === '+' || c === ',' || (!paren && (c === '\n' || c === '\r')))) return i;
    i++;
  }
  return i;
}

/** A brace block of the Groovy text: the `dir`/`ws` step it belongs to, its `{` and the offset after its `}`. */
interface Block {
  readonly dir: string | undefined;
  /** A `dir` block's path when it is a plain relative literal (`dir('deploy')`, `dir(path: 'deploy')`). */
  readonly dirPath?: string;
  readonly open: number;
  close: number;
  /** A declarative `environment { }` block. */
  readonly environment?: true;
  /** The block holding this one (undefined: the file). */
  readonly parent: Block | undefined;
}

/** A Groovy variable given a plain string literal: `def v = '...'` (`kind: 'def'`) or a declarative `environment { V = '...' }` (`kind: 'env'`). */
interface Definition {
  readonly name: string;
  readonly value: string;
  /** `set`: an `env.NAME = '...'` statement (visible after it) or a `withEnv(['NAME=...']) { }` entry (its block): in the environment, not a Groovy variable. */
  readonly kind: 'def' | 'env' | 'set';
  /** File offset of the name. */
  readonly at: number;
  /** The block it is visible in (undefined: the whole file). */
  readonly scope: Block | undefined;
}

/** `def NAME = ` / `String NAME = ` / `final NAME = ` after the keyword (sticky at the keyword's end). */
const DEF_NAME = /[ \t]+(?:(?:def|String)[ \t]+)?([A-Za-z_]\w*)[ \t]*=[ \t]*/y;
/** `.NAME = ` after `env` (sticky at the dot; not `==`). */
const ENV_SET = /\.([A-Za-z_]\w*)[ \t]*=(?!=)[ \t]*/y;
/** `NAME=value` of a withEnv entry. */
const ENV_ENTRY = /^([A-Za-z_]\w*)=(.*)$/s;

/**
 * The entries of `withEnv([...])` from `at` (after its `(`): each a plain string literal `NAME=value`, with the file offset of the
 * literal; undefined when the list holds anything else (a variable, a GString with an interpolation, a call). Also returns the
 * offset after the `)`.
 */
function withEnvList(text: string, at: number): { entries: { name: string; value: string; at: number }[]; end: number } | undefined {
  let i = skipBlanks(text, at, true);
  if (text[i] !== '[') return undefined;
  const entries: { name: string; value: string; at: number }[] = [];
  i = skipBlanks(text, i + 1, true);
  while (text[i] !== ']') {
    if (delimiterAt(text, i) === undefined) return undefined;
    const value: Decoded = { text: '', starts: [], ends: [] };
    const end = readLiteral(text, i, value);
    const m = ENV_ENTRY.exec(value.text);
    // withEnv expands `${X}` in a value (EnvVars.overrideExpandingAll): one holding `$` is not plain.
    if (value.groovy !== undefined || m === null || (m[2] as string).includes('$')) return undefined;
    entries.push({ name: m[1] as string, value: m[2] as string, at: i + 1 });
    i = skipBlanks(text, end, true);
    if (text[i] === ',') i = skipBlanks(text, i + 1, true);
    else if (text[i] !== ']') return undefined;
  }
  i = skipBlanks(text, i + 1, true);
  return text[i] === ')' ? { entries, end: i + 1 } : undefined;
}

/** `NAME = ` at a line's start in an `environment { }` block (sticky). */
const ENV_NAME = /[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*/y;

/** The string literal at `at` when it is the whole value of an assignment (nothing but blanks, `;` or a comment after it on its line) and holds no interpolation: its value. */
function plainLiteral(text: string, at: number, blockEnd?: number): string | undefined {
  if (delimiterAt(text, at) === undefined) return undefined;
  const delim = delimiterAt(text, at) as string;
  const value: Decoded = { text: '', starts: [], ends: [] };
  const end = readLiteral(text, at, value);
  // Unterminated, or a GString with an interpolation: not a plain value.
  if (value.groovy !== undefined || end - at < 2 * delim.length || !text.startsWith(closerOf(delim), end - delim.length)) return undefined;
  let k = end;
  while (text[k] === ' ' || text[k] === '\t' || text[k] === ';') k++;
  return k >= text.length || k === blockEnd || text[k] === '\n' || text[k] === '\r' || text.startsWith('//', k) ? value.text : undefined;
}

/** How many times `name` is assigned in the text (`name =`, `name +=`, `env.name =`, an sh `name=`), declared (`def name`) or is a closure parameter (`name ->`): one means the definition alone. */
function assignments(text: string, name: string): number {
  let n = 0;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (isNamePart(text[at - 1]) || isNamePart(text[at + name.length])) continue;
    let k = at + name.length;
    while (text[k] === ' ' || text[k] === '\t') k++;
    const op = /^[-+*/]?=(?![=~])|^->/.test(text.slice(k, k + 3));
    const head = text.slice(Math.max(0, at - 12), at);
    const word = head.trimEnd();
    const declared = word.length < head.length && (word.endsWith('def') || word.endsWith('String')) && !isNamePart(word[word.length - (word.endsWith('def') ? 4 : 7)]);
    if (op || declared) n++;
  }
  return n;
}

/** A build parameter named `name` (`string(name: 'V', ...)`): Jenkins puts it in the environment and `params`, so `$V` may be it. */
function parameterNamed(text: string, name: string): boolean {
  for (const quoted of [`'${name}'`, `"${name}"`]) {
    for (let at = text.indexOf(quoted); at >= 0; at = text.indexOf(quoted, at + 1)) if (text.slice(Math.max(0, at - 12), at).trimEnd().endsWith('name:')) return true;
  }
  return false;
}

/** Whether `block` is `scope` or inside it. */
function within(block: Block | undefined, scope: Block | undefined): boolean {
  for (let b = block; ; b = b?.parent) {
    if (b === scope) return true;
    if (b === undefined) return false;
  }
}

/** A Groovy interpolation or `+` part naming a variable: `${v}`, `$v`, `${env.V}`, `$env.V`. */
const GROOVY_NAME = /^\$(?:\{[ \t]*(env\.)?([A-Za-z_]\w*)[ \t]*\}|(env\.)?([A-Za-z_]\w*))$/;
/** A value an sh `$V` expansion gives as one word that reads the same as text (no blanks, quotes, `$`, globs or escapes). */
const SHELL_PLAIN = /^[\w./@:+=,%^~-]+$/;

/**
 * The step's script with each variable whose value is known put in: a Groovy interpolation (or `+` part) of a `def`
 * or `environment` variable assigned once, visible at the step; in an `sh` step also a shell `$V`/`${V}` (outside sh
 * single quotes) of an `environment` variable (Jenkins puts them in the step's environment). The value's characters
 * keep the file range of what they replace. Anything else is kept as written (callers say a word holding `$`).
 */
function resolveStep(step: JenkinsStep, groovy: readonly [number, number][], block: Block | undefined, known: ReadonlyMap<string, readonly Definition[]>): JenkinsStep {
  // `env`: the step's environment (`$V` in sh, `env.V`); `bare`: a Groovy name (a def, or a declarative environment variable).
  const lookup = (name: string, kind: 'env' | 'bare'): string | undefined => {
    const seen = (known.get(name) ?? []).filter((d) => (kind === 'env' ? d.kind !== 'def' : d.kind !== 'set') && within(block, d.scope) && (d.kind === 'env' || d.at < step.at));
    return seen.length === 1 ? seen[0]?.value : undefined;
  };
  const out: Decoded = { text: '', starts: [], ends: [] };
  const put = (value: string, from: number, to: number): void => {
    const start = step.starts[from] ?? step.at;
    const end = step.ends[to - 1] ?? start;
    out.text += value;
    for (let k = 0; k < value.length; k++) {
      out.starts.push(start);
      out.ends.push(end);
    }
  };
  const keep = (k: number): void => {
    out.text += step.text[k] as string;
    out.starts.push(step.starts[k] as number);
    out.ends.push(step.ends[k] as number);
  };
  const left: [number, number][] = [];
  let g = 0;
  let single = false;
  let double = false;
  for (let i = 0; i < step.text.length;) {
    const range = groovy[g];
    if (range !== undefined && range[0] === i) {
      g++;
      const m = GROOVY_NAME.exec(step.text.slice(range[0], range[1]));
      const env = m?.[1] ?? m?.[3];
      const name = m?.[2] ?? m?.[4];
      const value = name === undefined ? undefined : env !== undefined ? lookup(name, 'env') : lookup(name, 'bare');
      if (value !== undefined) put(value, range[0], range[1]);
      else {
        const from = out.text.length;
        for (let k = range[0]; k < range[1]; k++) keep(k);
        left.push([from, out.text.length]);
      }
      i = range[1];
      continue;
    }
    const c = step.text[i] as string;
    if (step.step === 'sh' && c === '$' && !single) {
      const m = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/.exec(step.text.slice(i, i + 80));
      const name = m?.[1] ?? m?.[2];
      const value = name === undefined ? undefined : lookup(name, 'env');
      if (m !== null && value !== undefined && SHELL_PLAIN.test(value) && (range === undefined || range[0] >= i + m[0].length)) {
        put(value, i, i + m[0].length);
        i += m[0].length;
        continue;
      }
    }
    if (step.step === 'sh') {
      if (c === '\\' && !single) {
        keep(i);
        if (i + 1 < step.text.length) keep(i + 1);
        i += 2;
        continue;
      }
      if (c === "'" && !double) single = !single;
      else if (c === '"' && !single) double = !double;
      else if (c === '\n' && !double) single = false;
    }
    keep(i);
    i++;
  }
  return { step: step.step, at: step.at, text: out.text, starts: out.starts, ends: out.ends, ...(step.inDir !== undefined ? { inDir: step.inDir } : {}), ...(step.dirPath !== undefined ? { dirPath: step.dirPath } : {}), ...(left.length > 0 ? { groovy: left } : {}) };
}

/** A `dir` (or `load`) step's path argument (`'deploy'`, `path: 'deploy'`) when it is one plain relative literal (no interpolation, `+` part, `..`, `~` or `$`). */
function plainDir(args: readonly Arg[]): string | undefined {
  if (args.length !== 1) return undefined;
  const arg = args[0] as Arg;
  if ((arg.name !== undefined && arg.name !== 'path') || arg.script.groovy !== undefined || arg.literals.length !== 1) return undefined;
  const path = trimTrailingSlashes(arg.script.text.trim().replace(/^(?:\.\/)+/, ''));
  if (path === '' || path === '.' || /^[/\\~]|^[A-Za-z]:|[$`*?\\]|(?:^|\/)\.\.?(?:\/|$)/.test(path)) return undefined;
  return path;
}

/** The directory of the `dir` blocks a step is in, outermost first, joined; undefined when one is a `ws` block or a path that is not plain. */
function blockDir(blocks: readonly Block[]): string | undefined {
  const parts: string[] = [];
  for (const b of blocks) {
    if (b.dir === undefined) continue;
    if (b.dirPath === undefined) return undefined;
    parts.push(b.dirPath);
  }
  return parts.join('/');
}

/** Every `sh`/`bat`/`powershell`/`pwsh` step's script of a Jenkinsfile (see above). */
export function jenkinsSteps(text: string): JenkinsScripts {
  const steps: { step: JenkinsStep; groovy: readonly [number, number][]; block: Block | undefined }[] = [];
  const skipped: [number, number][] = [];
  const definitions: Definition[] = [];
  const loads: string[] = [];
  const loadSites: { at: number; end: number; call: string; path: string; groovy?: readonly (readonly [number, number])[]; file?: string }[] = [];
  let sawDir = false;
  const calls = new Map<string, number>();
  let library = false;
  // Open braces, innermost last.
  const blocks: Block[] = [];
  let pendingDir: string | undefined;
  let pendingDirPath: string | undefined;
  let pendingSet: { name: string; value: string; at: number }[] | undefined;
  let pendingEnvironment = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (text.startsWith('//', i) || text.startsWith('/*', i)) {
      const end = c === '/' && text[i + 1] === '/' ? (text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i)) : (text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2);
      skipped.push([i, end]);
      i = end;
      continue;
    }
    if (delimiterAt(text, i) !== undefined) {
      i = readLiteral(text, i, undefined);
      continue;
    }
    if (c === '{') {
      blocks.push({ dir: pendingDir, open: i, close: text.length, parent: blocks[blocks.length - 1], ...(pendingEnvironment ? { environment: true as const } : {}), ...(pendingDirPath !== undefined ? { dirPath: pendingDirPath } : {}) });
      pendingDir = undefined;
      pendingDirPath = undefined;
      if (pendingSet !== undefined) for (const e of pendingSet) definitions.push({ ...e, kind: 'set', scope: blocks[blocks.length - 1] });
      pendingSet = undefined;
      pendingEnvironment = false;
      i++;
      continue;
    }
    if (c === '}') {
      const block = blocks.pop();
      if (block !== undefined) {
        block.close = i + 1;
        if (block.environment) definitions.push(...environmentDefinitions(text, block.open + 1, i, block.parent));
      }
      i++;
      continue;
    }
    if (!isIdentStart(c) || isIdent(text[i - 1])) {
      i++;
      continue;
    }
    let j = i;
    while (isIdent(text[j])) j++;
    const word = text.slice(i, j);
    let before = i - 1;
    while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
    // `x.sh(...)`: a method of another object, not the step (a shared library's `steps.sh` is the step).
    const dotted = text[before] === '.' && !text.slice(Math.max(0, before - 5), before).endsWith('steps');
    const after = skipBlanks(text, j, false);
    if (!dotted && (word === 'def' || word === 'String')) {
      DEF_NAME.lastIndex = j;
      const m = DEF_NAME.exec(text);
      const value = m === null ? undefined : plainLiteral(text, j + m[0].length);
      if (m !== null && value !== undefined) definitions.push({ name: m[1] as string, value, kind: 'def', at: j + m[0].indexOf(m[1] as string), scope: blocks[blocks.length - 1] });
      i = j;
      continue;
    }
    if (!dotted && word === 'env' && text[j] === '.') {
      ENV_SET.lastIndex = j;
      const m = ENV_SET.exec(text);
      const value = m === null ? undefined : plainLiteral(text, j + m[0].length);
      if (m !== null && value !== undefined) definitions.push({ name: m[1] as string, value, kind: 'set', at: j + 1, scope: undefined });
      i = j;
      continue;
    }
    if (!dotted && word === 'withEnv' && text[after] === '(') {
      const list = withEnvList(text, after + 1);
      if (list !== undefined && text[skipBlanks(text, list.end, true)] === '{') pendingSet = list.entries;
      i = j;
      continue;
    }
    if (!dotted && word === 'environment' && text[skipBlanks(text, j, true)] === '{') {
      pendingEnvironment = true;
      i = j;
      continue;
    }
    // `load 'x'`: jenkins.io workflow-cps `load` ("Current directory (pwd()) relative path to the Groovy file to load").
    // `load path`: a variable (its value is not read).
    if (!dotted && word === 'load' && (text[after] === '(' || (after > j && (delimiterAt(text, after) !== undefined || isIdentStart(text[after] as string))))) {
      const { args, end } = readArgs(text, text[after] === '(' ? after + 1 : after, text[after] === '(');
      const file = plainDir(args);
      if (file !== undefined) loads.push(file);
      const arg = args.length === 1 ? (args[0] as Arg) : undefined;
      if (arg !== undefined && (arg.name === undefined || arg.name === 'path')) loadSites.push({ at: i, end: j, call: (text.slice(i, Math.max(end, j)).split('\n')[0] as string).trim(), path: arg.script.text, ...(arg.script.groovy !== undefined ? { groovy: arg.script.groovy } : {}), ...(file !== undefined ? { file } : {}) });
      i = Math.max(end, j);
      continue;
    }
    if (!dotted && DIR_STEPS.has(word) && text[after] === '(') {
      sawDir = true;
      const { args, end } = readArgs(text, after + 1, true);
      pendingDir = text[skipBlanks(text, end, true)] === '{' ? word : undefined;
      pendingDirPath = pendingDir === 'dir' ? plainDir(args) : undefined;
      i = end;
      continue;
    }
    const callsLike = text[after] === '(' || delimiterAt(text, after) !== undefined || /^[A-Za-z_]\w*[ \t]*:(?!:)/.test(text.slice(after, after + 40));
    if (word === 'Library' && text[i - 1] === '@') library = true;
    // A global variable of a shared library (`vars/NAME.groovy`) is called as a step (`NAME(...)`, `NAME 'x'`, `NAME { }`) or by a method (`NAME.m(...)`).
    else if (!dotted && !STEPS.has(word) && ((callsLike && (text[after] === '(' || after > j)) || text[after] === '{' || (text[j] === '.' && isNameStart(text[j + 1])))) {
      if (!calls.has(word)) calls.set(word, i);
    }
    if (dotted || !STEPS.has(word) || !callsLike || (after === j && text[after] !== '(')) {
      i = j;
      continue;
    }
    const paren = text[after] === '(';
    const { args, end } = readArgs(text, paren ? after + 1 : after, paren);
    const arg = args.find((a) => a.name === 'script') ?? args.find((a) => a.name === undefined);
    if (arg !== undefined) {
      skipped.push(...arg.literals);
      const inDir = blocks.find((b) => b.dir !== undefined)?.dir;
      const dirPath = inDir === undefined ? undefined : blockDir(blocks);
      steps.push({
        step: { step: word as JenkinsStepName, at: i, text: arg.script.text, starts: arg.script.starts, ends: arg.script.ends, ...(inDir !== undefined ? { inDir } : {}), ...(dirPath !== undefined ? { dirPath } : {}), ...(arg.script.groovy !== undefined ? { groovy: arg.script.groovy } : {}) },
        groovy: arg.script.groovy ?? [],
        block: blocks[blocks.length - 1],
      });
    }
    i = Math.max(end, j);
  }
  // Each name defined once and assigned nowhere else (a build parameter of that name may set it too).
  const known = new Map<string, Definition[]>();
  for (const d of definitions) known.set(d.name, [...(known.get(d.name) ?? []), d]);
  for (const [name, list] of known) if (list.length !== 1 || assignments(text, name) !== 1 || parameterNamed(text, name)) known.delete(name);
  return {
    steps: steps.map(({ step, groovy, block }) => (known.size === 0 || !step.text.includes('$') ? step : resolveStep(step, groovy, block, known))),
    skipped,
    loads: sawDir ? [] : loads,
    libraryCalls: sawDir || !(library || calls.has('library')) ? [] : [...calls.keys()],
    loadSites,
    calledAt: library || calls.has('library') ? calls : new Map(),
    inDir: sawDir,
  };
}

/** The `NAME = 'literal'` lines of a declarative `environment { }` body (`from`..`to`), visible in `scope` (the block holding it). */
function environmentDefinitions(text: string, from: number, to: number, scope: Block | undefined): Definition[] {
  const out: Definition[] = [];
  for (let at = from; at < to; at = text.indexOf('\n', at) + 1 || to) {
    ENV_NAME.lastIndex = at;
    const m = ENV_NAME.exec(text);
    if (m === null || m.index + m[0].length > to) continue;
    // A one-line block (`environment { V = 'x' }`): its `}` ends the value too.
    const value = plainLiteral(text, at + m[0].length, to);
    if (value !== undefined) out.push({ name: m[1] as string, value, kind: 'env', at: at + m[0].indexOf(m[1] as string), scope });
  }
  return out;
}
