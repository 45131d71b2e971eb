import { splitRuleTokens } from './c-string.js';
import type {
  ClassicDoc, DocItem, IncludeItem, PropItem, SectionItem, SetItem, Trivia,
} from './classic-doc.js';
import { cTrim } from './c-string.js';
import { rawFinding, type FindingData, type RawFinding } from './findings.js';
import type { ConvertMessageId } from './rules.js';
import { isPatternKey, needsDoubleQuotes, renderKey, renderScalar } from './yaml-scalar.js';

type Problem = (file: string, offset: number, messageId: ConvertMessageId<'to-yaml-unsupported'>, data?: FindingData) => void;

/*
 * Writes the YAML text for one converted file:
 *
 *   env:            @SET lines, in order
 *   includes:       (here or at the end: the caller decides, see convert-setup.ts)
 *   service:        every [SERVICE], merged in order
 *   customs:
 *   pipeline:
 *     inputs: / filters: / outputs:   sections of each kind, in file order
 *   parsers: / multiline_parsers: / plugins: / upstream_servers:
 *
 * Keys are Fluent Bit's lower-cased keys (they read back unchanged through
 * the YAML key translation: no upper-case letter is left to split). A key
 * repeated on consecutive lines of a plugin section becomes a list (one
 * occurrence per item, in place); a key repeated around other keys stays a
 * repeated key, which Fluent Bit's reader keeps in order. Values are quoted
 * only where YAML needs it; regexes and time formats are single-quoted.
 */

export interface WritePlan {
  /** Where the `includes:` block goes. */
  readonly includesAt: 'top' | 'bottom';
  /** The path to write for an include (relative to this YAML file), or null to drop it. */
  readonly includePath: (item: IncludeItem) => string | null;
  /** Rewrites a service value (a `parsers_file` pointing at a converted file). */
  readonly mapValue?: (key: string, value: string) => string;
  /** Trivia to write at the end instead of the document's own. */
  readonly footer?: readonly Trivia[];
  /** Variable names some `${...}` of the setup looks up. */
  readonly referencedVars: ReadonlySet<string>;
  /**
   * True: the caller reads neither `items` nor the doc's items again. The list is emptied once grouped by type, and
   * each plugin section goes once written, so that the doc is not whole next to the YAML it becomes (memory, issue
   * #14: a big config's doc is ~5x its text). The text is the same.
   */
  readonly consume?: boolean;
}

export interface WriteResult {
  readonly text: string;
  /** Constructs without a YAML form (the setup is refused when there is any). */
  readonly problems: RawFinding[];
  /** Warnings about what was kept as a comment. */
  readonly notes: RawFinding[];
}

const IMPLICIT_KEY_MAX = 1024;

/** Lines held before the ones up to the last non-blank are joined into one string (see Out; tests force small ones). */
export const writerLimits = { flushLines: 4096 };

/**
 * The output lines. Every `writerLimits.flushLines` lines, those up to the last non-blank one are joined into one string: a big
 * config's YAML was a string per line (~400k for 10 MB, ~25 MB) until the end, next to its docs (memory, issue
 * #14). Blank lines at the end are never joined yet, so that `truncate` (a separator line of a block that wrote
 * nothing) and `dropTrailingBlanks` only touch lines still held; `text` is the lines joined by `newline`.
 */
class Out {
  #held: string[] = [];
  readonly #chunks: string[] = [];
  #joined = 0;

  constructor(private readonly newline: string) {}

  /** Lines written so far. */
  get count(): number {
    return this.#joined + this.#held.length;
  }

  trivia(list: readonly Trivia[], indent: string, dropLeadingBlanks: boolean): void {
    let start = 0;
    if (dropLeadingBlanks) while (start < list.length && (list[start] as Trivia).kind === 'blank') start++;
    for (let i = start; i < list.length; i++) {
      const t = list[i] as Trivia;
      this.push(t.kind === 'blank' ? '' : `${indent}${commentText(t.text)}`);
    }
  }

  push(line: string): void {
    const held = this.#held;
    held.push(line);
    if (held.length < writerLimits.flushLines) return;
    let last = held.length - 1;
    while (last >= 0 && held[last] === '') last--;
    if (last < 0) return;
    this.#chunks.push(held.slice(0, last + 1).join(this.newline));
    this.#joined += last + 1;
    this.#held = held.slice(last + 1);
  }

  /** Forgets the lines after the first `count` (only blank lines held since then: see the class comment). */
  truncate(count: number): void {
    if (count < this.#joined) throw new Error('Out.truncate: lines already joined');
    this.#held.length = count - this.#joined;
  }

  dropTrailingBlanks(): void {
    const held = this.#held;
    while (held.length > 0 && held[held.length - 1] === '') held.pop();
  }

  text(): string {
    if (this.count === 0) return '';
    const parts = this.#held.length > 0 ? [...this.#chunks, this.#held.join(this.newline)] : this.#chunks;
    return `${parts.join(this.newline)}${this.newline}`;
  }
}

export function writeYaml(doc: ClassicDoc, items: readonly DocItem[], plan: WritePlan): WriteResult {
  const problems: RawFinding[] = [];
  const notes: RawFinding[] = [];
  const problem: Problem = (file, offset, messageId, data = {}) => {
    problems.push(rawFinding('to-yaml-unsupported', messageId, 'error', file, offset, data));
  };
  const sets: SetItem[] = [];
  const includes: IncludeItem[] = [];
  const byType = new Map<string, SectionItem[]>();
  const nodesOf = new Map<SectionItem, SectionItem[]>();
  let lastUpstream: SectionItem | null = null;
  for (const item of items) {
    if (item.kind === 'set') sets.push(item);
    else if (item.kind === 'include') includes.push(item);
    else if (item.type === 'node') {
      if (lastUpstream) (nodesOf.get(lastUpstream) as SectionItem[]).push(item);
    } else {
      if (item.type === 'upstream_servers') {
        lastUpstream = item;
        nodesOf.set(item, []);
      }
      const list = byType.get(item.type) ?? [];
      list.push(item);
      byType.set(item.type, list);
    }
  }
  if (plan.consume === true) (items as DocItem[]).length = 0;

  const out = new Out(doc.newline);
  const blocks: (() => void)[] = [];
  const sep = doc.usesBlankLines;
  const keyOf = (p: PropItem): string => {
    if (p.key.length > IMPLICIT_KEY_MAX) problem(doc.file, p.keyStart, 'longKey', { max: IMPLICIT_KEY_MAX });
    return renderKey(p.key);
  };
  const valueOf = (key: string, value: string): string => renderScalar(value, isPatternKey(key) ? 'single' : 'auto');

  if (sets.length > 0) {
    blocks.push(() => {
      const writable = (s: SetItem): boolean => {
        const name = cTrim(s.name);
        return name !== null && name !== '' && name === s.name && cTrim(s.value) === s.value;
      };
      const anyWritable = sets.some(writable);
      // Fluent Bit applies every @SET before any section (flb_config.c), so the last of a name wins wherever a ${...}
      // stands; YAML tools may reject a repeated key, so the earlier ones become comments (issue: stop 28 field test).
      const lastOf = new Map<string, SetItem>();
      for (const s of sets) if (writable(s)) lastOf.set(s.name, s);
      out.trivia((sets[0] as SetItem).leading, '', true);
      // `env:` with nothing under it is an error for Fluent Bit: only comments then
      const ind = anyWritable ? '  ' : '';
      if (anyWritable) out.push('env:');
      sets.forEach((s, i) => {
        if (i > 0) out.trivia(s.leading, ind, false);
        if (writable(s)) {
          const line = `${renderKey(s.name)}: ${renderScalar(s.value)}`;
          out.push(lastOf.get(s.name) === s ? `  ${line}` : `  ${commentText(`# ${line}  (overridden below, as @SET did)`)}`);
          return;
        }
        // YAML env trims names and values (flb_cf_env_property_add): the exact variable cannot be written.
        const shown = `@SET ${s.name}=${s.value}`;
        if (plan.referencedVars.has(s.name)) {
          problem(s.file, s.line.start, 'spacedVariableUsed', {
            line: shown, name: JSON.stringify(s.name), usage: `\${${s.name}}`, fix: `@SET ${s.name.trim()}=${s.value.trim()}`, fixUsage: `\${${s.name.trim()}}`,
          });
        } else {
          notes.push(rawFinding('to-yaml-unused-variable', 'unusedVariable', 'warning', s.file, s.line.start, { line: shown, name: JSON.stringify(s.name) }));
        }
        out.push(`${ind}${commentText(`# ${shown}`)}`);
      });
    });
  }
  const includeBlock = (): void => {
    const kept = includes.map((i) => ({ item: i, path: plan.includePath(i) })).filter((x): x is { item: IncludeItem; path: string } => x.path !== null);
    if (kept.length === 0) return;
    out.trivia(kept[0]?.item.leading ?? [], '', true);
    out.push('includes:');
    kept.forEach(({ item, path }, i) => {
      if (i > 0) out.trivia(item.leading, '  ', false);
      out.push(`  - ${renderScalar(path)}`);
    });
  };

  const services = byType.get('service') ?? [];
  if (services.length > 0) {
    blocks.push(() => {
      const first = services[0] as SectionItem;
      const hasProps = services.some((s) => s.props.length > 0);
      out.trivia(first.leading, '', true);
      if (!hasProps) {
        // `service:` with no value is an error in YAML: keep only the comments.
        for (const s of services) {
          if (s !== first) out.trivia(s.leading, '', false);
          out.push(commentText(`# [${s.name}]`));
          out.trivia(s.trailing, '', false);
        }
        return;
      }
      out.push('service:');
      services.forEach((s, i) => {
        if (i > 0) out.trivia(s.leading, '  ', false);
        if (s.note) out.push(`  ${commentText(noteComment(s.note))}`);
        for (const [j, p] of s.props.entries()) {
          out.trivia(p.leading, '  ', i === 0 && j === 0);
          out.push(`  ${keyOf(p)}: ${valueOf(p.key, plan.mapValue ? plan.mapValue(p.key, p.value) : p.value)}`);
        }
        out.trivia(s.trailing, '  ', false);
      });
    });
  }

  if (includes.length > 0 && plan.includesAt === 'top') blocks.push(includeBlock);

  const pluginList = (list: SectionItem[], indent: string): void => {
    list.forEach((s, i) => {
      writeMapItem(out, s, indent, i === 0, keyOf, valueOf, { mult: true, problem });
      if (plan.consume === true) (list as (SectionItem | undefined)[])[i] = undefined; // written: it goes (see consume)
    });
  };
  const customs = byType.get('custom') ?? [];
  if (customs.length > 0) {
    blocks.push(() => {
      out.push('customs:');
      pluginList(customs, '  ');
    });
  }
  const kinds = [['inputs', 'input'], ['filters', 'filter'], ['outputs', 'output']] as const;
  if (kinds.some(([, t]) => (byType.get(t) ?? []).length > 0)) {
    blocks.push(() => {
      out.push('pipeline:');
      let firstKind = true;
      for (const [key, type] of kinds) {
        const list = byType.get(type) ?? [];
        if (list.length === 0) continue;
        if (!firstKind && sep) out.push('');
        firstKind = false;
        out.push(`  ${key}:`);
        pluginList(list, '    ');
      }
    });
  }
  const parsers = byType.get('parser') ?? [];
  if (parsers.length > 0) {
    blocks.push(() => {
      out.push('parsers:');
      parsers.forEach((s, i) => writeMapItem(out, s, '  ', i === 0, keyOf, valueOf, { mult: false, problem }));
    });
  }
  const mlParsers = byType.get('multiline_parser') ?? [];
  if (mlParsers.length > 0) {
    blocks.push(() => {
      out.push('multiline_parsers:');
      mlParsers.forEach((s, i) => writeMapItem(out, s, '  ', i === 0, keyOf, valueOf, { mult: false, problem, rules: true }));
    });
  }
  const plugins = byType.get('plugins') ?? [];
  if (plugins.length > 0) {
    blocks.push(() => {
      out.push('plugins:');
      plugins.forEach((s, i) => {
        out.trivia(s.leading, '  ', i === 0);
        for (const p of s.props) {
          if (p.key !== 'path') {
            problem(s.file, p.keyStart, 'pluginsKey', { section: s.name, key: p.key });
            continue;
          }
          out.trivia(p.leading, '  ', false);
          out.push(`  - ${renderScalar(p.value)}`);
        }
        out.trivia(s.trailing, '  ', false);
      });
    });
  }
  const upstreams = byType.get('upstream_servers') ?? [];
  if (upstreams.length > 0) {
    blocks.push(() => {
      out.push('upstream_servers:');
      upstreams.forEach((s, i) => {
        for (const p of s.props) if (p.key === 'nodes') problem(s.file, p.keyStart, 'upstreamNodes');
        writeMapItem(out, s, '  ', i === 0, keyOf, valueOf, { mult: false, problem, nodes: nodesOf.get(s) ?? [] });
      });
    });
  }
  if (includes.length > 0 && plan.includesAt === 'bottom') blocks.push(includeBlock);

  out.trivia(doc.header, '', false);
  blocks.forEach((b, i) => {
    const before = out.count;
    if (i > 0 && sep) out.push('');
    const mark = out.count;
    b();
    if (out.count === mark) out.truncate(before); // the block wrote nothing
  });
  out.trivia(plan.footer ?? doc.footer, '', false);
  out.dropTrailingBlanks();
  const text = out.text();
  return { text, problems, notes };
}

/** A comment as YAML can hold it: characters libyaml refuses anywhere are written as visible escapes. */
function commentText(text: string): string {
  if (!needsDoubleQuotes(text)) return text;
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    out += c !== 0x09 && needsDoubleQuotes(ch) ? `\\x{${c.toString(16).toUpperCase()}}` : ch;
  }
  return out;
}

function noteComment(note: string): string {
  return note.startsWith('#') ? note : `# ${note}`;
}

interface ItemOptions {
  /** Consecutive repeats of a key become a list (plugin sections only; lists are errors elsewhere). */
  readonly mult: boolean;
  readonly problem: Problem;
  /** Multiline parser: `rule` lines become a `rules:` list when every rule has exactly three tokens. */
  readonly rules?: boolean;
  readonly nodes?: readonly SectionItem[];
}

/** One `- key: value` map item of a list, at `indent` (the column of the dash). */
function writeMapItem(
  out: Out, s: SectionItem, indent: string, first: boolean,
  keyOf: (p: PropItem) => string, valueOf: (key: string, value: string) => string, opts: ItemOptions,
): void {
  out.trivia(s.leading, indent, first);
  if (s.note) out.push(`${indent}${commentText(noteComment(s.note))}`);
  const inner = `${indent}  `;
  let dashPending = true;
  const line = (text: string): void => {
    out.push(dashPending ? `${indent}- ${text}` : `${inner}${text}`);
    dashPending = false;
  };
  const triv = (list: readonly Trivia[]): void => {
    // trivia before the first line of the item goes above the dash
    out.trivia(list, dashPending ? indent : inner, dashPending);
  };
  const props = s.props;
  const ruleProps = opts.rules ? props.filter((p) => p.key === 'rule') : [];
  const rules = ruleProps.map((p) => splitRuleTokens(p.value, 3));
  const rulesAsList = ruleProps.length > 0 && rules.every((t) => t.length === 3 && t.every((x) => cTrim(x) === x));
  if (opts.rules) {
    for (const p of props) if (p.key === 'rules') opts.problem(s.file, p.keyStart, 'multilineRules');
  }
  let i = 0;
  let rulesWritten = false;
  while (i < props.length) {
    const p = props[i] as PropItem;
    if (rulesAsList && p.key === 'rule') {
      if (!rulesWritten) {
        rulesWritten = true;
        triv(p.leading);
        line('rules:');
        ruleProps.forEach((rp, k) => {
          const t = rules[k] as string[];
          if (k > 0) out.trivia(rp.leading, `${inner}  `, false);
          out.push(`${inner}  - state: ${renderScalar(t[0] as string)}`);
          out.push(`${inner}    regex: ${renderScalar(t[1] as string, 'single')}`);
          out.push(`${inner}    next_state: ${renderScalar(t[2] as string)}`);
        });
      }
      i++;
      continue;
    }
    let j = i + 1;
    if (opts.mult && p.key !== 'name') while (j < props.length && (props[j] as PropItem).key === p.key) j++;
    triv(p.leading);
    if (j - i >= 2) {
      line(`${keyOf(p)}:`);
      for (let k = i; k < j; k++) {
        const q = props[k] as PropItem;
        if (k > i) out.trivia(q.leading, `${inner}  `, false);
        out.push(`${inner}  - ${valueOf(q.key, q.value)}`);
      }
    } else {
      line(`${keyOf(p)}: ${valueOf(p.key, p.value)}`);
    }
    i = j;
  }
  if (opts.nodes && opts.nodes.length > 0) {
    line('nodes:');
    opts.nodes.forEach((n, k) => writeMapItem(out, n, `${inner}  `, k === 0, keyOf, valueOf, { mult: false, problem: opts.problem }));
  }
  if (dashPending) out.push(`${indent}- {}`);
  out.trivia(s.trailing, inner, false);
}
