/*
 * Make and shell variables that carry `docker` into a parser position
 * (`FLB_PARSER ?= docker`, then `Parser $(FLB_PARSER)` in a recipe, or
 * `--set input.tail.parser=${FLB_PARSER}`), and `${VAR:-docker}` defaults
 * used there. The text scan of docker-signals.ts sees `Parser $(FLB_PARSER)`
 * and a bare `docker`, neither a signal on its own. Text only; linear in the
 * text per variable; never throws.
 */

/** One such variable: the range of its `docker` value (at the assignment, or inside a `${VAR:-docker}` use). */
export interface DockerParserVariable {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** The assignment or the default as written (`FLB_PARSER ?= docker`, `${FLB_PARSER:-docker}`). */
  readonly written: string;
  /** The first use in a parser position, as written (`Parser $(FLB_PARSER)`), and its 1-based line. */
  readonly use: string;
  readonly useLine: number;
  /** A `${VAR:-docker}` default at its use, not an assignment. */
  readonly inPlace: boolean;
}

/** `NAME ?= docker` (Make: `=`, `:=`, `::=`, `?=`; `export`/`override`), `NAME=docker` (shell: `export`, `readonly`, `local`, `declare`), quotes optional. */
const ASSIGNMENT = /^[ \t]*(?:(?:export|override|readonly|local|declare)[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\?|::?|\+)?=[ \t]*(["']?)(docker)\2[ \t]*(?:#.*)?$/gm;

/** A use of a variable: `$(NAME)`, `${NAME}`, `$NAME`. */
const USE = /\$(?:\(([A-Za-z_][A-Za-z0-9_]*)\)|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** `${NAME:-docker}` / `${NAME:=docker}` / `${NAME-docker}`: a default used in place. */
const DEFAULT_USE = /\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=](["']?)(docker)\2\}/g;

/** Text before a use that puts it in a parser position: `Parser `, `parser: `, `tail.parser=`, `LOG_PARSER=`, after a `\n` escape too; not `multiline.parser`. */
const PARSER_BEFORE = /(?:^|[^\w.]|\\n|(?<!multiline)\.)\w*?parser["']?(?:[ \t]+(?:[:=][ \t]*)?|[:=][ \t]*)["']?$/i;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The text of the line before `offset`. */
function before(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
}

/** The use as a reader sees it: the parser key before it (`Parser `, `input.tail.parser=`) and the use itself. */
function useText(text: string, at: number, use: string): string {
  const line = before(text, at);
  const m = PARSER_BEFORE.exec(line);
  if (!m) return use;
  let key = line.slice(m.index).replace(/^(?:\\n|[^\w.])/, '');
  if (key.startsWith('.')) {
    // The dotted path before it (`input.tail`), scanned back by hand (linear).
    let from = m.index;
    while (from > 0 && /[\w.]/.test(line[from - 1] as string)) from--;
    key = `${line.slice(from, m.index)}${key}`;
  }
  return `${key}${use}`;
}

function isComment(text: string, offset: number): boolean {
  return /^[ \t]*#/.test(before(text, offset));
}

/** The variables of a shell script or Makefile that carry `docker` into a parser position. */
export function dockerParserVariables(text: string): DockerParserVariable[] {
  if (!text.includes('docker') || !/parser/i.test(text)) return [];
  const out: DockerParserVariable[] = [];
  // The first use in a parser position of each variable name: `$(NAME)`, `${NAME}`, `$NAME`.
  const uses = new Map<string, { at: number; text: string }>();
  for (const u of text.matchAll(USE)) {
    const name = (u[1] ?? u[2] ?? u[3]) as string;
    if (uses.has(name) || isComment(text, u.index) || !PARSER_BEFORE.test(before(text, u.index))) continue;
    uses.set(name, { at: u.index, text: u[0] });
  }
  for (const m of text.matchAll(ASSIGNMENT)) {
    const name = m[1] as string;
    const use = uses.get(name);
    if (!use) continue;
    const value = m[0].lastIndexOf('docker');
    const start = m.index + value;
    const written = m[0].slice(0, value + 'docker'.length + (m[2] as string).length).trim();
    out.push({ name, start, end: start + 'docker'.length, written, use: useText(text, use.at, use.text), useLine: lineOf(text, use.at), inPlace: false });
  }
  for (const m of text.matchAll(DEFAULT_USE)) {
    if (isComment(text, m.index) || !PARSER_BEFORE.test(before(text, m.index))) continue;
    const start = m.index + m[0].lastIndexOf('docker');
    out.push({ name: m[1] as string, start, end: start + 'docker'.length, written: m[0], use: useText(text, m.index, m[0]), useLine: lineOf(text, m.index), inPlace: true });
  }
  return out.sort((a, b) => a.start - b.start);
}
