import { forEachLine } from '../grammar/compact-tree.js';
import type { Line, SectionType } from '../grammar/syntax-tree.js';
import { loadConfig } from '../model/config-model.js';
import { entryGroups, entryValue, keyInterner, modelByOffset, type LoadedClassic } from './classic-reader.js';
import type { Diagnostic } from '../source/diagnostic.js';
import { cLower } from '../source/c-text.js';
import { cTrim } from './c-string.js';
import { rawFinding, type RawFinding } from './findings.js';

/*
 * A classic file as a list of items the YAML writer can regroup (sections by
 * kind, @SET lines into `env`, @INCLUDE lines into `includes`), each carrying
 * the comments and blank lines that belong to it:
 *
 * - comments and blank lines above an entry go with that entry;
 * - indented comments right after a section's last entry stay with the
 *   section (trailing); from the first blank line or column-0 comment on,
 *   they go with whatever comes next;
 * - comments at the top of the file, separated from the first section by a
 *   blank line, stay at the top; what is left at the end stays at the end;
 * - what Fluent Bit ignores (unknown sections, classic groups, unknown
 *   @commands) becomes comments, with a warning.
 */

export type Trivia =
  | { readonly kind: 'blank' }
  | { readonly kind: 'comment'; readonly text: string; readonly col0: boolean };

/**
 * Where an item is in its file (what findings point at). Items keep offsets,
 * not the tree's line objects: those (with their token views) were ~40x the
 * text of a big file, alive for the whole conversion (issue #14).
 */
export interface At {
  readonly start: number;
}

export interface PropItem {
  /** Fluent Bit's key: trimmed, ASCII lower-cased. */
  readonly key: string;
  readonly value: string;
  /** The key's offset. */
  readonly keyStart: number;
  readonly leading: readonly Trivia[];
}

export type SectionKind = Exclude<SectionType, 'other' | 'stream_processor'> | 'node';

export interface SectionItem {
  readonly kind: 'section';
  readonly type: SectionKind;
  readonly name: string;
  /** The header line. */
  readonly header: At;
  readonly file: string;
  readonly leading: readonly Trivia[];
  /** Text after `]` on the header line, if any (ignored by Fluent Bit). */
  readonly note: string | null;
  readonly props: PropItem[];
  readonly trailing: readonly Trivia[];
}

export interface SetItem {
  readonly kind: 'set';
  readonly name: string;
  readonly value: string;
  /** The `@SET` line. */
  readonly line: At;
  readonly file: string;
  readonly leading: readonly Trivia[];
}

export interface IncludeItem {
  readonly kind: 'include';
  /** The path exactly as written (Fluent Bit does not trim it). */
  readonly ref: string;
  /** The `@INCLUDE` line. */
  readonly line: At;
  readonly file: string;
  readonly leading: readonly Trivia[];
}

export type DocItem = SectionItem | SetItem | IncludeItem;

export interface ClassicDoc {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly header: Trivia[];
  readonly items: DocItem[];
  readonly footer: Trivia[];
  readonly newline: '\n' | '\r\n';
  /** The file separates things with blank lines (the YAML keeps that style between blocks). */
  readonly usesBlankLines: boolean;
  readonly findings: RawFinding[];
}

const NO_TRIVIA: readonly Trivia[] = Object.freeze([]);
/**
 * Shared, frozen: every blank line, and the leading trivia of an item after exactly one blank line (most sections of
 * a big config). Memory, issue #14 (`toyamlrss3`): an object per blank line and a list per item were ~6 MB of a 10 MB
 * config's doc.
 */
const BLANK: Trivia = Object.freeze({ kind: 'blank' });
const ONE_BLANK: readonly Trivia[] = Object.freeze([BLANK]);

/** A list of trivia as kept: the shared forms when it is empty or one blank line. */
const kept = (list: readonly Trivia[]): readonly Trivia[] => (list.length === 0 ? NO_TRIVIA : list.length === 1 && list[0]?.kind === 'blank' ? ONE_BLANK : list);

const rtrim = (s: string): string => {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t' || s[end - 1] === '\r')) end--;
  return s.slice(0, end);
};

/** The source text of a line without its line break. */
function lineText(text: string, line: Line): string {
  return text.slice(line.start, line.end - (line.newline?.text.length ?? 0));
}

/** A line Fluent Bit ignores, kept as a YAML comment (its indentation kept after the `#`). */
function asComment(text: string, line: Line, col0 = true): Trivia {
  const body = rtrim(lineText(text, line));
  const stripped = body.replace(/^[ \t]*/, '');
  return { kind: 'comment', text: stripped.startsWith('#') ? stripped : `# ${body}`, col0 };
}

/** `loaded`: the text's parse and model in this role, when a reader made them already (else parsed here). */
export function buildClassicDoc(file: string, text: string, role: 'main' | 'parsers' = 'main', loaded?: LoadedClassic): ClassicDoc {
  const { model, diagnostics } = loaded ?? loadConfig(text, { role });
  const findings: RawFinding[] = [];
  const { sectionAt } = modelByOffset(model);
  const groups = entryGroups(model);
  const keyOf = keyInterner();

  const header: Trivia[] = [];
  const items: DocItem[] = [];
  let pending: Trivia[] = [];
  let current: SectionItem | null = null;
  let ignoring = false; // inside a section Fluent Bit ignores
  let seenAnchor = false;
  let hasUpstream = false;
  let groupReported: number | null = null; // the line's start

  /** Splits pending trivia at a boundary: the section's trailing comments, then the rest. */
  const takeLeading = (): readonly Trivia[] => {
    let i = 0;
    if (current) {
      while (i < pending.length) {
        const t = pending[i] as Trivia;
        if (t.kind !== 'comment' || t.col0) break;
        i++;
      }
      if (i > 0) (current as { trailing: readonly Trivia[] }).trailing = [...current.trailing, ...pending.slice(0, i)];
    }
    let rest = pending.slice(i);
    pending = [];
    if (!seenAnchor) {
      seenAnchor = true;
      let lastBlank = -1;
      rest.forEach((t, k) => { if (t.kind === 'blank') lastBlank = k; });
      header.push(...rest.slice(0, lastBlank + 1));
      rest = rest.slice(lastBlank + 1);
    }
    return kept(rest);
  };

  /** The section's props cut to size when it ends (a list grown by push keeps room for 17; memory, issue #14). */
  const closeSection = (): void => {
    if (current !== null && current.props.length > 0) (current as { props: PropItem[] }).props = current.props.slice();
  };

  let crlf = 0;
  let lf = 0;
  let usesBlankLines = false;
  forEachLine(model.tree, (line) => {
    const group = groups.line(line);
    if (line.newline?.text === '\r\n') crlf++;
    else if (line.newline?.text === '\n') lf++;
    switch (line.kind) {
      case 'blank':
        usesBlankLines = true;
        pending.push(BLANK);
        break;
      case 'comment':
        pending.push({ kind: 'comment', text: rtrim(line.comment.text), col0: line.indent === null });
        break;
      case 'header': {
        const section = sectionAt(line.start);
        groups.header(section !== undefined);
        const type = section?.type ?? 'other';
        const name = section?.name ?? '';
        const isNode = type === 'other' && cLower(name) === 'node' && hasUpstream;
        if ((type === 'other' && !isNode) || type === 'stream_processor') {
          const leading = takeLeading();
          closeSection();
          current = null;
          ignoring = true;
          pending.push(...leading, asComment(text, line));
          findings.push(rawFinding('to-yaml-ignored-section', 'ignoredSection', 'warning', file, line.start, {
            name, why: type === 'other' ? 'unknown section' : 'not read from this file',
          }));
          break;
        }
        const leading = takeLeading();
        closeSection();
        ignoring = false;
        if (type === 'upstream_servers') hasUpstream = true;
        const rest = line.rest ? rtrim(line.rest.text).trim() : '';
        current = {
          kind: 'section', type: isNode ? 'node' : (type as SectionKind), name, header: { start: line.start }, file,
          leading, note: rest === '' ? null : rest, props: [], trailing: NO_TRIVIA,
        };
        items.push(current);
        break;
      }
      case 'command': {
        if (line.name !== 'include' && line.name !== 'set') {
          pending.push(asComment(text, line));
          findings.push(rawFinding('to-yaml-ignored-command', 'ignoredCommand', 'warning', file, line.start, { command: line.keyword.text }));
          break;
        }
        if (!line.argument) break; // reported by the grammar
        const leading = takeLeading();
        if (line.name === 'include') {
          items.push({ kind: 'include', ref: line.argument.text, line: { start: line.start }, file, leading });
        } else {
          const param = cTrim(line.argument.text) ?? '';
          const eq = param.indexOf('=');
          if (eq < 0) {
            pending.push(...leading, asComment(text, line)); // Fluent Bit ignores it (SET_WITHOUT_EQUALS)
            break;
          }
          items.push({ kind: 'set', name: param.slice(0, eq), value: param.slice(eq + 1), line: { start: line.start }, file, leading });
        }
        break;
      }
      case 'entry': {
        if (ignoring || !current) {
          pending.push(asComment(text, line));
          break;
        }
        if (group !== null) {
          // A group header or its content: not a property of the section (it stays inside it).
          pending.push(asComment(text, line, false));
          const groupName = (line.key.text + (line.separator?.text ?? '') + (line.value?.text ?? '')).slice(1).split(']')[0] ?? '';
          if (group === undefined && cLower(groupName) === 'processors' && (current.type === 'input' || current.type === 'output')) {
            findings.push(rawFinding('to-yaml-unsupported', 'processorsGroup', 'error', file, line.key.start, { section: current.name }));
          } else if (group === undefined && groupReported !== line.start) {
            groupReported = line.start;
            findings.push(rawFinding('to-yaml-group', 'group', 'warning', file, line.key.start, {
              group: rtrim(lineText(text, line)).trim(), section: current.name,
            }));
          }
          break;
        }
        const value = entryValue(text, line);
        const key = keyOf(line.key.text);
        if (value === null || key === '') break; // reported by the grammar
        // One shared empty list for the props with no comment above (most of them; memory, issue #14).
        if (pending.length === 0) current.props.push({ key, value, keyStart: line.key.start, leading: NO_TRIVIA });
        else {
          current.props.push({ key, value, keyStart: line.key.start, leading: pending });
          pending = [];
        }
        seenAnchor = true;
        break;
      }
    }
  });
  const rest = takeLeading();
  closeSection();
  return {
    file, diagnostics, header, items, footer: [...rest],
    newline: crlf > lf ? '\r\n' : '\n',
    usesBlankLines,
    findings,
  };
}
