/*
 * Is a `.conf` file (or a ConfigMap `*.conf` key) Fluent Bit's classic
 * format, or another program's config that happens to share the extension
 * (nginx, redis, supervisord, fluentd, systemd units and drop-ins, INI
 * files)? Decided by content, line by line, erring towards Fluent Bit: a
 * broken Fluent Bit file must still reach the classic reader and get its
 * errors, so only a file with no Fluent Bit evidence, or one whose lines are
 * plainly another syntax, is "other".
 *
 * Linear: one pass over the lines, each looked at with anchored regexes
 * that have a single quantifier between literals (checked by recheck).
 */

/** Section names of the classic format, as written in headers (any case). */
const FLUENT_BIT_SECTIONS: ReadonlySet<string> = new Set([
  'service',
  'input',
  'inputs',
  'filter',
  'filters',
  'output',
  'outputs',
  'parser',
  'multiline_parser',
  'custom',
  'customs',
  'plugins',
  'upstream',
  'upstream_servers',
  'node',
  'stream_task',
  'stream_processor',
]);

/** Tags of fluentd's config language (`<source>`, `<match **>`, ...). */
const FLUENTD_TAGS: ReadonlySet<string> = new Set(['source', 'match', 'filter', 'label', 'system', 'parse', 'format', 'buffer', 'store', 'record', 'worker', 'inject', 'extract', 'server', 'security', 'transport', 'service_discovery']);

/** systemd unit sections, to name the file in the message. */
const SYSTEMD_SECTIONS: ReadonlySet<string> = new Set(['unit', 'service', 'install', 'socket', 'timer', 'mount', 'automount', 'path', 'slice', 'scope', 'swap', 'network', 'match', 'link', 'netdev']);

export type ConfKind =
  | { readonly kind: 'fluent-bit' }
  /**
   * `what` completes "not a Fluent Bit config (...)"; `start`/`end` is the
   * line that shows it. `isForeign`: some line is plainly another syntax
   * (tags, braces, `;` directives, INI); false when the text merely lacks
   * anything Fluent Bit would read, or has only unindented `name value`
   * lines (redis-style, or a broken Fluent Bit file).
   */
  | { readonly kind: 'other'; readonly what: string; readonly start: number; readonly end: number; readonly isForeign: boolean };

interface Evidence {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * A line's Evidence. A class, not a `{ start, end, text }` literal: V8 gives object literals of the same size one
 * shared tree of shapes, and yaml's CST items are `{ start: SourceToken[], key, sep }`; a number stored in that
 * tree's `start` generalized the field and threw away yaml's optimized parser and composer code in every run
 * (NOTES.md "The documents ratio, again").
 */
class LineEvidence implements Evidence {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly text: string,
  ) {}
}

/** Line counts by shape, with the first line of each shape. */
interface Tally {
  fbHeader: number;
  fbCommand: number;
  fbEntry: number;
  otherHeader: number;
  iniAssign: number;
  iniComment: number;
  tag: number;
  fluentdTag: number;
  block: number;
  directive: number;
  bareDirective: number;
  readonly first: Partial<Record<'otherHeader' | 'iniAssign' | 'iniComment' | 'tag' | 'block' | 'directive' | 'bareDirective' | 'line', Evidence>>;
  readonly otherHeaders: string[];
  /** A `[Service]` header was seen (Fluent Bit's, or a systemd drop-in's). */
  sawService: boolean;
}

const HEADER = /^[ \t]*\[([^\]\r\n]*)\][ \t]*$/;
const COMMAND = /^@(?:include|set) /i;
// `key value` under an indent, the value not starting with `=` (that is `key = value`, INI).
const INDENTED_ENTRY = /^[ \t]+[^\s=]+[ \t]+[^\s=]/;
// `key=value`, `key = value`, `key: value` is not one (YAML), `#`/`;` lines are comments.
const ASSIGNMENT = /^[ \t]*[^\s=#;[<{}@]+[ \t]*=/;
const TAG = /^[ \t]*<\/?([A-Za-z][\w:.-]*)(?:[ \t][^>]*)?>/;
const BLOCK = /(?:\{|^[ \t]*\};?)[ \t]*$/;
const DIRECTIVE = /^[ \t]*[A-Za-z_][\w.-]*[ \t][^#]*;[ \t]*$/;
const BARE_DIRECTIVE = /^[A-Za-z_][\w.-]*[ \t]+\S/;

function tally(text: string): Tally {
  const t: Tally = {
    fbHeader: 0,
    fbCommand: 0,
    fbEntry: 0,
    otherHeader: 0,
    iniAssign: 0,
    iniComment: 0,
    tag: 0,
    fluentdTag: 0,
    block: 0,
    directive: 0,
    bareDirective: 0,
    first: {},
    otherHeaders: [],
    sawService: false,
  };
  let start = text.startsWith('\uFEFF') ? 1 : 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    classify(t, line, new LineEvidence(start, end, line.trim()));
    if (end === text.length) break;
    start = end + 1;
  }
  return t;
}

function note(t: Tally, key: keyof Tally['first'], e: Evidence): void {
  if (t.first[key] === undefined) t.first[key] = e;
}

function classify(t: Tally, line: string, e: Evidence): void {
  const trimmed = e.text;
  if (trimmed === '' || trimmed.startsWith('#')) return;
  note(t, 'line', e);
  if (trimmed.startsWith(';')) {
    t.iniComment++;
    note(t, 'iniComment', e);
    return;
  }
  if (COMMAND.test(line)) {
    t.fbCommand++;
    return;
  }
  const header = HEADER.exec(line);
  if (header) {
    const name = (header[1] ?? '').trim().toLowerCase();
    if (name === 'service') t.sawService = true;
    if (FLUENT_BIT_SECTIONS.has(name)) t.fbHeader++;
    else {
      t.otherHeader++;
      t.otherHeaders.push(name);
      note(t, 'otherHeader', e);
    }
    return;
  }
  const tag = TAG.exec(line);
  if (tag) {
    t.tag++;
    if (FLUENTD_TAGS.has((tag[1] ?? '').toLowerCase())) t.fluentdTag++;
    note(t, 'tag', e);
    return;
  }
  if (DIRECTIVE.test(line)) {
    t.directive++;
    note(t, 'directive', e);
    return;
  }
  if (BLOCK.test(line)) {
    t.block++;
    note(t, 'block', e);
    return;
  }
  if (ASSIGNMENT.test(line)) {
    t.iniAssign++;
    note(t, 'iniAssign', e);
    return;
  }
  if (INDENTED_ENTRY.test(line)) {
    t.fbEntry++;
    return;
  }
  if (BARE_DIRECTIVE.test(line)) {
    t.bareDirective++;
    note(t, 'bareDirective', e);
  }
}

function quote(e: Evidence): string {
  const text = e.text.length > 40 ? `${e.text.slice(0, 37)}...` : e.text;
  return `\`${text.replace(/`/g, "'")}\``;
}

function other(what: string, e: Evidence | undefined, isForeign = true): ConfKind {
  return { kind: 'other', what, start: e?.start ?? 0, end: e?.end ?? 0, isForeign };
}

/** Names the syntax the file is written in, from its strongest non-Fluent-Bit line. */
function describeOther(t: Tally): ConfKind {
  const { first } = t;
  if (t.tag > 0 && first.tag) {
    return other(t.fluentdTag > 0 ? `${quote(first.tag)} is fluentd syntax` : `${quote(first.tag)} is \`<tag>\` block syntax (Apache-style)`, first.tag);
  }
  if (t.block + t.directive > 0) {
    const e = first.directive ?? first.block;
    const what = first.directive ? `${quote(first.directive)} is a \`;\`-terminated directive (nginx-style)` : `${quote(first.block as Evidence)} is \`{ }\` block syntax (nginx-style)`;
    return other(what, e);
  }
  if (t.otherHeader + t.iniAssign + t.iniComment > 0) {
    const isSystemd = t.otherHeaders.some((h) => SYSTEMD_SECTIONS.has(h) && h !== 'service');
    const isSupervisord = t.otherHeaders.some((h) => h === 'supervisord' || h.startsWith('program:'));
    // No section header at all: `KEY=value` lines are a dotenv, env or properties file (kustomize's `envs:`), not INI.
    const flat = t.otherHeader === 0 && !t.sawService;
    const kind = isSystemd ? 'a systemd unit' : isSupervisord ? 'a supervisord config' : t.sawService ? 'an INI file (a systemd drop-in?)' : flat ? 'a flat key=value file (env, properties or sysctl style)' : 'an INI file';
    const e = first.iniAssign ?? first.otherHeader ?? first.iniComment;
    const why = first.iniAssign ? `${quote(first.iniAssign)} is a \`key=value\` line` : first.otherHeader ? `${quote(first.otherHeader)} is not a Fluent Bit section` : `${quote(first.iniComment as Evidence)} is a \`;\` comment`;
    return other(`${why}: ${kind}`, e);
  }
  if (t.bareDirective > 0 && first.bareDirective) {
    // Weak: a broken Fluent Bit file has unindented keys too.
    return other(`${quote(first.bareDirective)} is an unindented \`name value\` directive (redis-style)`, first.bareDirective, false);
  }
  return other('no Fluent Bit section header or @INCLUDE/@SET line', first.line, false);
}

/**
 * `fluent-bit` when the text should be read as Fluent Bit's classic format:
 * - a known section header (`[INPUT]`, `[parser]`, any indentation, so a
 *   broken file still gets its errors) or a column-0 `@INCLUDE`/`@SET`,
 *   unless the file's entries are plainly INI (`Key=Value`, as in a systemd
 *   drop-in whose `[Service]` Fluent Bit would also accept), or its other
 *   lines are fluentd tags or nginx blocks;
 * - no known header, but unknown headers with indented `key value` entries
 *   and nothing else (a misspelled section: the reader says so).
 * Everything else is `other`, with the line that shows it. A text without
 * any meaningful line (empty, comments only) is Fluent Bit: nothing to read.
 */
export function classifyConf(text: string): ConfKind {
  const t = tally(text);
  if (t.first.line === undefined) return { kind: 'fluent-bit' };
  const foreign = t.tag + t.block + t.directive;
  if (t.fbHeader > 0) {
    if (t.iniAssign > t.fbEntry) return describeOther(t);
    if (foreign > t.fbHeader + t.fbEntry) return describeOther(t);
    return { kind: 'fluent-bit' };
  }
  if (t.fbCommand > 0) {
    // Only @INCLUDE/@SET lines (a main file that includes the rest), or with
    // entries: Fluent Bit. fluentd has `@include` too, next to its tags.
    if (foreign > 0 || t.iniAssign > t.fbEntry) return describeOther(t);
    return { kind: 'fluent-bit' };
  }
  if (t.otherHeader > 0 && t.fbEntry > 0 && t.iniAssign + t.iniComment + foreign + t.bareDirective === 0) return { kind: 'fluent-bit' };
  return describeOther(t);
}

/** A known section header anywhere, even folded into one line by a plain YAML scalar. */
const ANY_HEADER = /\[(?:SERVICE|INPUT|FILTER|OUTPUT|PARSER|MULTILINE_PARSER)\]/i;

/**
 * For a ConfigMap `*.conf` key (nginx, redis and fluentd configs are
 * mounted from ConfigMaps too): Fluent Bit when classifyConf says so, or
 * when no line is plainly another syntax and a section header appears
 * somewhere (a plain or folded scalar joins the lines; discovery then
 * reports its style).
 */
export function isFluentBitConfKey(text: string): boolean {
  const kind = classifyConf(text);
  return kind.kind === 'fluent-bit' || (!kind.isForeign && ANY_HEADER.test(text));
}
