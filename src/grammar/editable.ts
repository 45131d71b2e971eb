import type { Diagnostic } from '../source/diagnostic.js';
import { isCSpace } from '../source/c-text.js';
import { bareCrOffsets } from './reader.js';
import type { ConfigTree, Line } from './syntax-tree.js';

/*
 * Lines Fluent Bit accepts but our edit engine must not touch. Text edits
 * are splices on the source, and on these lines the source and what Fluent
 * Bit reads differ in ways an edit cannot keep track of:
 * - a NUL byte inside the line: Fluent Bit cuts the line there, drops the
 *   rest of that physical line and glues the next one on, so a value can
 *   span two physical lines and a replaced or inserted line changes what is
 *   glued to what;
 * - a last line that Fluent Bit never processes (it ends after a NUL), and a
 *   last line cut at a NUL without a line break: text appended after them
 *   would be glued onto them;
 * - a bare `\r` (no `\n` after it) with more text after it on the line:
 *   editors show two lines where Fluent Bit reads one.
 * A NUL gap that only covers a line break (a NUL at the start of the next
 * physical line) leaves the line itself intact and editable.
 */

export interface UneditableLine {
  /** Source range an edit must not touch (`end` is past the text when appending at the end is unsafe too). */
  readonly start: number;
  readonly end: number;
  /** The tree line. */
  readonly line: Line;
  readonly reason: 'nul' | 'bare-cr';
}

function contentEndOf(line: Line): number {
  return line.newline ? line.newline.start : line.end;
}

/** The tree line holding source offset `offset`, searching forward from line index `from`. */
function advance(lines: readonly Line[], from: number, offset: number): number {
  let i = from;
  while (i + 1 < lines.length && (lines[i + 1] as Line).start <= offset) i++;
  return i;
}

/** Trees are immutable: their uneditable lines are found once (a big config gets one fix per rule and section). */
const uneditableCache = new WeakMap<ConfigTree, readonly UneditableLine[]>();

/** Every line of the tree an edit must not touch, in order (one linear pass, once per tree; empty for plain text). */
export function uneditableLines(tree: ConfigTree): readonly UneditableLine[] {
  let found = uneditableCache.get(tree);
  if (!found) uneditableCache.set(tree, (found = findUneditableLines(tree)));
  return found;
}

function findUneditableLines(tree: ConfigTree): UneditableLine[] {
  const { text } = tree;
  const crs = bareCrOffsets(text);
  if (tree.unread.length === 0 && crs.length === 0) return [];
  const { lines } = tree; // built only when something is to be found (compact-tree.ts)
  const found = new Map<Line, UneditableLine>();
  let at = 0;
  for (const r of tree.unread) {
    at = advance(lines, at, r.start);
    const line = lines[at];
    if (!line) continue;
    const inside = r.reason === 'last-line' || r.start < contentEndOf(line);
    if (!inside) continue;
    const end = r.end >= text.length ? text.length + 1 : line.end;
    found.set(line, { start: line.start, end: Math.max(end, found.get(line)?.end ?? 0), line, reason: 'nul' });
  }
  at = 0;
  for (const cr of crs) {
    at = advance(lines, at, cr);
    const line = lines[at];
    if (!line || found.has(line)) continue;
    const end = contentEndOf(line);
    let k = cr + 1;
    while (k < end && isCSpace(text.charCodeAt(k))) k++;
    if (k < end) found.set(line, { start: line.start, end: line.end, line, reason: 'bare-cr' });
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

/** True when an edit may touch this line of the tree. */
export function isEditableLine(tree: ConfigTree, line: Line): boolean {
  return !uneditableLines(tree).some((u) => u.line === line);
}

interface Span {
  readonly start: number;
  readonly end: number;
  /** The rule id that made the edit. */
  readonly origin: string;
}

interface RuleFindingLike {
  readonly ruleId: string;
  readonly severity: string;
  readonly offset: number;
}

/** An edit overlaps the range, or inserts strictly inside it. */
function touches(edit: Span, u: UneditableLine): boolean {
  if (edit.start === edit.end) return u.start < edit.start && edit.start < u.end;
  return edit.start < u.end && edit.end > u.start;
}

/**
 * Splits a config's edits into those that are safe and those that touch an
 * uneditable line. Each skipped edit gets a LINE_NOT_EDITABLE warning (offsets
 * in the config text), and the rule's 'change' findings on that line are
 * dropped (the change is not made). Everything else passes through.
 */
export function skipUneditableEdits<E extends Span, F extends RuleFindingLike>(
  tree: ConfigTree,
  edits: readonly E[],
  findings: readonly F[] = [],
): { edits: E[]; findings: F[]; diagnostics: Diagnostic[] } {
  if (edits.length === 0) return { edits: [], findings: [...findings], diagnostics: [] };
  const unsafe = uneditableLines(tree);
  if (unsafe.length === 0) return { edits: [...edits], findings: [...findings], diagnostics: [] };
  const kept: E[] = [];
  const skipped: Array<{ edit: E; line: UneditableLine }> = [];
  for (const edit of edits) {
    const hit = unsafe.find((u) => touches(edit, u));
    if (hit) skipped.push({ edit, line: hit });
    else kept.push(edit);
  }
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const { edit, line } of skipped) {
    const key = `${line.start}:${edit.origin}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const why = line.reason === 'nul'
      ? 'it holds a NUL byte, after which Fluent Bit reads the next line as part of this one'
      : 'it holds a carriage return without a line feed, which editors show as a line break and Fluent Bit does not';
    const end = Math.min(line.line.newline ? line.line.newline.start : line.line.end, tree.text.length);
    diagnostics.push({
      code: 'LINE_NOT_EDITABLE',
      severity: 'warning',
      message: `${edit.origin}: this line was not changed because ${why}; remove that character and run flb-migrate again`,
      start: line.start,
      end: Math.max(end, line.start),
    });
  }
  const dropped = (f: F): boolean => f.severity === 'change' && skipped.some((s) => s.edit.origin === f.ruleId && f.offset >= s.line.start && f.offset < s.line.end);
  return { edits: kept, findings: findings.filter((f) => !dropped(f)), diagnostics };
}
