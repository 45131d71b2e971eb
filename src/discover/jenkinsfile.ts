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
 * runs in another directory (`inDir`). Slashy strings (`/.../`) are not read
 * (read as division). Pure; one pass over the text; never throws.
 * Source: groovy-lang.org "Syntax" (4. Strings: escaping special characters,
 * string interpolation, triple-quoted strings); jenkins.io "Pipeline Steps
 * Reference" (sh, bat, powershell, pwsh: `script` is the first parameter;
 * dir, ws).
 */

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
}

export interface JenkinsScripts {
  readonly steps: readonly JenkinsStep[];
  /** File ranges of comments and of the literals read as step scripts: a helm line anywhere else is Groovy code flb-migrate does not read. */
  readonly skipped: readonly (readonly [number, number])[];
}

const STEPS = new Set<string>(['sh', 'bat', 'powershell', 'pwsh']);
const DIR_STEPS = new Set<string>(['dir', 'ws']);
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', s: ' ' };

interface Decoded {
  text: string;
  starts: number[];
  ends: number[];
}

const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_$]/.test(c);
const isIdent = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);

/** The opening delimiter of a string literal at `i` (`'''`, `"""`, `'`, `"`), or undefined. */
function delimiterAt(text: string, i: number): string | undefined {
  const c = text[i];
  if (c !== "'" && c !== '"') return undefined;
  return text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
}

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

/** Reads the literal at `at` (a delimiter there), adding what Groovy makes of it to `out`; returns the offset after it. */
function readLiteral(text: string, at: number, out: Decoded | undefined): number {
  const delim = delimiterAt(text, at) as string;
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
    if (gstring && c === '$' && text[i + 1] === '{') {
      const end = interpolationEnd(text, i + 1);
      for (let k = i; k < end; k++) add(text[k] as string, k, k + 1);
      i = end;
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

/** Every `sh`/`bat`/`powershell`/`pwsh` step's script of a Jenkinsfile (see above). */
export function jenkinsSteps(text: string): JenkinsScripts {
  const steps: JenkinsStep[] = [];
  const skipped: [number, number][] = [];
  // Open braces: the `dir`/`ws` step a block belongs to, or undefined.
  const blocks: (string | undefined)[] = [];
  let pendingDir: string | undefined;
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
      blocks.push(pendingDir);
      pendingDir = undefined;
      i++;
      continue;
    }
    if (c === '}') {
      blocks.pop();
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
    if (!dotted && DIR_STEPS.has(word) && text[after] === '(') {
      const { end } = readArgs(text, after + 1, true);
      pendingDir = text[skipBlanks(text, end, true)] === '{' ? word : undefined;
      i = end;
      continue;
    }
    const callsLike = text[after] === '(' || delimiterAt(text, after) !== undefined || /^[A-Za-z_]\w*[ \t]*:(?!:)/.test(text.slice(after, after + 40));
    if (dotted || !STEPS.has(word) || !callsLike || (after === j && text[after] !== '(')) {
      i = j;
      continue;
    }
    const paren = text[after] === '(';
    const { args, end } = readArgs(text, paren ? after + 1 : after, paren);
    const arg = args.find((a) => a.name === 'script') ?? args.find((a) => a.name === undefined);
    if (arg !== undefined) {
      skipped.push(...arg.literals);
      const inDir = blocks.find((b) => b !== undefined);
      steps.push({ step: word as JenkinsStepName, at: i, text: arg.script.text, starts: arg.script.starts, ends: arg.script.ends, ...(inDir !== undefined ? { inDir } : {}) });
    }
    i = Math.max(end, j);
  }
  return { steps, skipped };
}
