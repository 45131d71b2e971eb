import { diffLines, formatPatch, FILE_HEADERS_ONLY, type StructuredPatchHunk } from 'diff';
import { sortEdits } from '../source/apply-edits.js';
import type { Edit } from '../source/edit.js';

/*
 * A unified diff computed per edited region, for large files: jsdiff's
 * Myers diff costs (lines of the file) x (lines changed), quadratic on a
 * file of many documents where every document changes. We know what
 * changed (the edits), so jsdiff runs on each edited region (the lines the
 * edits touch, widened by a margin so that a change among repeated lines
 * slides as it would in the whole-file diff), and the unchanged lines
 * between regions are counted, not diffed. Hunks are then assembled exactly
 * as jsdiff's structuredPatch does (3 lines of context, hunks closer than 6
 * lines joined, "\ No newline at end of file").
 */

const CONTEXT = 3;

/**
 * The most edits (removed + added lines) jsdiff may look for in one diff
 * (its `maxEditLength`). Myers costs about D^2 steps when nearly every line
 * differs (a classic config against its YAML: 18 s at 300 KB) and at most
 * (lines) x D; past this bound jsdiff gives up after ~0.1-0.3 s and the
 * linear fallback (`fallbackParts`) writes the rest. A whole rewrite of a
 * 1,000-line file stays under it, so the diffs of real files are jsdiff's.
 */
export const MAX_EDIT_LENGTH = 2_000;

/** A run of lines of the diff: unchanged (' '), removed ('-') or added ('+'). */
interface Part {
  readonly kind: ' ' | '-' | '+';
  readonly count: number;
  head(k: number): string[];
  tail(k: number): string[];
  all(): string[];
}

/** jsdiff's splitLines: every line with its `\n`, the last one without when the text has none. */
function splitLines(text: string): string[] {
  const result = text.split('\n').map((line) => `${line}\n`);
  if (text.endsWith('\n')) result.pop();
  else result.push((result.pop() as string).slice(0, -1));
  return result;
}

function listPart(kind: Part['kind'], lines: string[]): Part {
  return { kind, count: lines.length, head: (k) => lines.slice(0, k), tail: (k) => (k > 0 ? lines.slice(-k) : []), all: () => lines };
}

const lineStart = (text: string, at: number): number => (at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1);
const nextLineStart = (text: string, at: number): number => (at >= text.length ? text.length : (text.indexOf('\n', at) + 1) || text.length);

/** Unchanged lines `text[start, end)` (whole lines), read only where a hunk needs them. */
function gapPart(text: string, start: number, end: number): Part {
  let count = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  if (end > start && text.charCodeAt(end - 1) !== 10) count++;
  const lines = (): string[] => splitLines(text.slice(start, end));
  return {
    kind: ' ',
    count,
    head: (k) => {
      let pos = start;
      for (let n = 0; n < k && pos < end; n++) pos = Math.min(end, (text.indexOf('\n', pos) + 1) || end);
      return pos > start ? splitLines(text.slice(start, pos)) : [];
    },
    tail: (k) => {
      let pos = end;
      for (let n = 0; n < k && pos > start; n++) pos = lineStart(text, pos - 1);
      pos = Math.max(pos, start);
      return pos < end ? splitLines(text.slice(pos, end)) : [];
    },
    all: lines,
  };
}


/** `n` whole lines before / after an offset at a line start. */
function linesBack(text: string, at: number, n: number): number {
  let pos = at;
  for (let i = 0; i < n && pos > 0; i++) pos = lineStart(text, pos - 1);
  return pos;
}
function linesForward(text: string, at: number, n: number): number {
  let pos = at;
  for (let i = 0; i < n && pos < text.length; i++) pos = nextLineStart(text, pos);
  return pos;
}

/** `text` starts a line at `at` (the start of the text, or after a `\n`). */
const atLineStart = (text: string, at: number): boolean => at === 0 || text.charCodeAt(at - 1) === 10;

/**
 * Where the linear diff of `before` -> `after` cuts (fallbackParts, and unified-diff.ts linearPatch, which writes
 * the same diff as block strings): the common leading lines end at `start` in both texts; the common trailing lines
 * start at `bs` in `before` and at `as` in `after`, each at the start of a line.
 */
export function linearBounds(before: string, after: string): { readonly start: number; readonly bs: number; readonly as: number } {
  // Common leading lines: the common leading characters, back to the start of the line where they end.
  const n = Math.min(before.length, after.length);
  let c = 0;
  while (c < n && before.charCodeAt(c) === after.charCodeAt(c)) c++;
  const start = lineStart(before, c);
  // Common trailing lines, after them: the common trailing characters, from the first start of a line in both.
  const max = n - start;
  let l = 0;
  while (l < max && before.charCodeAt(before.length - 1 - l) === after.charCodeAt(after.length - 1 - l)) l++;
  let bs = before.length - l;
  let as = after.length - l;
  if (!atLineStart(before, bs) || !atLineStart(after, as)) {
    const skip = (before.indexOf('\n', bs) + 1 || before.length) - bs;
    bs += skip;
    as += skip;
  }
  return { start, bs, as };
}

/**
 * The linear diff of `before` -> `after`, for when jsdiff gives up: the
 * common leading and trailing lines unchanged, everything between them one
 * removed run and one added run (in jsdiff's order: removed first). Equal to
 * jsdiff's diff whenever no line between them is common to both sides.
 */
export function fallbackParts(before: string, after: string): Part[] {
  const { start, bs, as } = linearBounds(before, after);
  const parts = [gapPart(before, 0, start)];
  if (bs > start) parts.push(listPart('-', splitLines(before.slice(start, bs))));
  if (as > start) parts.push(listPart('+', splitLines(after.slice(start, as))));
  parts.push(gapPart(before, bs, before.length));
  return parts;
}

/**
 * False when jsdiff cannot find a diff of `before` -> `after` within
 * `maxEditLength` edits, known in linear time: every copy of a line that
 * one side has more often than the other is an edit, so their count is a
 * lower bound of any diff's. A whole rewrite (a classic config against its
 * YAML) goes to the fallback at once instead of after jsdiff's bounded
 * search (~0.1-0.4 s). True does not promise that jsdiff finishes.
 */
export function jsdiffMayFinish(before: string, after: string, maxEditLength: number): boolean {
  // Fewer characters than the bound: fewer lines too, so fewer edits.
  if (before.length + after.length <= maxEditLength) return true;
  const surplus = new Map<string, number>();
  const count = (text: string, sign: 1 | -1): void => {
    for (let start = 0; start < text.length; ) {
      const end = (text.indexOf('\n', start) + 1) || text.length;
      const line = text.slice(start, end);
      surplus.set(line, (surplus.get(line) ?? 0) + sign);
      start = end;
    }
  };
  count(before, 1);
  count(after, -1);
  let edits = 0;
  for (const n of surplus.values()) {
    edits += Math.abs(n);
    if (edits > maxEditLength) return false;
  }
  return true;
}

/** The parts of `before` -> `after`: jsdiff's while it finds them within `maxEditLength` edits, else the linear fallback. */
function lineParts(before: string, after: string, maxEditLength: number): Part[] {
  const changes = jsdiffMayFinish(before, after, maxEditLength) ? diffLines(before, after, { maxEditLength }) : undefined;
  if (!changes) return fallbackParts(before, after);
  return changes.map((c) => listPart(c.added ? '+' : c.removed ? '-' : ' ', splitLines(c.value)));
}

interface Region {
  bs: number;
  be: number;
  as: number;
  ae: number;
}

function countLines(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n + 1;
}

/**
 * The regions of `before` the edits change, with their place in `after`
 * (whole lines, widened, merged when they touch); undefined when the edits
 * do not explain `after` (then the caller diffs the whole file).
 */
function editedRegions(before: string, after: string, edits: readonly Edit[]): Region[] | undefined {
  const sorted = sortEdits(edits).filter((e, i, all) => {
    const p = all[i - 1];
    return !(p && p.start === e.start && p.end === e.end && p.text === e.text && e.start !== e.end);
  });
  // Exact regions first: the lines each edit touches, merged when they touch.
  const exact: Region[] = [];
  let delta = 0;
  for (const e of sorted) {
    const bs = lineStart(before, e.start);
    const be = Math.max(bs, nextLineStart(before, e.end));
    const as = bs + delta;
    delta += e.text.length - (e.end - e.start);
    const r = { bs, be, as, ae: be + delta };
    const last = exact[exact.length - 1];
    if (last && r.bs <= last.be) {
      last.be = r.be;
      last.ae = r.ae;
    } else exact.push(r);
  }
  // Then widened by their own size (a change among repeated lines slides by at most that), at least
  // twice the context, inside the unchanged text around them (the same on both sides), each up to
  // the middle of the gap to the next: dense edits (every document of a stream) must not merge
  // into one region as long as the file, which jsdiff would diff in quadratic time.
  const merged: Region[] = [];
  exact.forEach((r, i) => {
    const last = merged[merged.length - 1];
    const next = exact[i + 1];
    const margin = Math.max(2 * CONTEXT, countLines(before, r.bs, r.be) + countLines(after, r.as, r.ae));
    const bs = Math.max(linesBack(before, r.bs, margin), last ? last.be : 0);
    const middle = next ? Math.max(r.be, lineStart(before, Math.floor((r.be + next.bs) / 2))) : before.length;
    const be = Math.min(linesForward(before, r.be, margin), middle);
    // Regions that meet stay apart: both end in unchanged lines (the widening), so no change is cut in two.
    merged.push({ bs, be, as: r.as - (r.bs - bs), ae: r.ae + (be - r.be) });
  });
  // The unchanged text between regions must be the same on both sides.
  let pb = 0;
  let pa = 0;
  for (const r of merged) {
    if (r.bs - pb !== r.as - pa || r.as < pa || r.ae > after.length || before.slice(pb, r.bs) !== after.slice(pa, r.as)) return undefined;
    pb = r.be;
    pa = r.ae;
  }
  if (before.length - pb !== after.length - pa || before.slice(pb) !== after.slice(pa)) return undefined;
  return merged;
}

/**
 * jsdiff's hunk assembly (structuredPatch's diffLinesResultToPatch), over
 * parts given one by one, and formatPatch's text of each hunk as soon as it
 * is complete. Streamed (memory, issue #14): the parts and hunks of a big
 * file's diff were all alive until the end (~10x the file, promoted to the
 * old generation); now only the current hunk is.
 */
class PatchWriter {
  /** The text so far: the file headers, then one string per hunk. */
  readonly out: string[];
  /** The last part received, not assembled yet: an unchanged run right after it is merged into it. */
  #held: Part | undefined = undefined;
  /** The part assembled before the current one (its tail is the context of a new hunk). */
  #prev: Part | undefined = undefined;
  #oldRangeStart = 0;
  #newRangeStart = 0;
  #curRange: string[] = [];
  #oldLine = 1;
  #newLine = 1;

  constructor(header: string) {
    this.out = [header];
  }

  push(p: Part): void {
    if (p.count === 0) return;
    const held = this.#held;
    // Two unchanged runs in a row are one (hunks are cut on the length of a run).
    if (held && held.kind === ' ' && p.kind === ' ') {
      this.#held = listPart(' ', [...held.all(), ...p.all()]);
      return;
    }
    if (held) this.#step(held, false);
    this.#held = p;
  }

  /** Ends the parts: the last one, then jsdiff's empty unchanged run that closes the last hunk. */
  end(): string {
    if (this.#held) this.#step(this.#held, true);
    this.#held = undefined;
    this.#step(listPart(' ', []), true);
    return this.out.join('');
  }

  /** One part of jsdiff's loop; `last`: the last part or the closing empty run (never folded into a hunk as a whole). */
  #step(current: Part, last: boolean): void {
    if (current.kind !== ' ') {
      if (!this.#oldRangeStart) {
        const prev = this.#prev;
        this.#oldRangeStart = this.#oldLine;
        this.#newRangeStart = this.#newLine;
        if (prev) {
          this.#curRange = prev.tail(CONTEXT).map((l) => ` ${l}`);
          this.#oldRangeStart -= this.#curRange.length;
          this.#newRangeStart -= this.#curRange.length;
        }
      }
      for (const line of current.all()) this.#curRange.push(current.kind + line);
      if (current.kind === '+') this.#newLine += current.count;
      else this.#oldLine += current.count;
    } else {
      if (this.#oldRangeStart) {
        if (current.count <= CONTEXT * 2 && !last) {
          for (const line of current.all()) this.#curRange.push(` ${line}`);
        } else {
          const contextSize = Math.min(current.count, CONTEXT);
          for (const line of current.head(contextSize)) this.#curRange.push(` ${line}`);
          this.#write({
            oldStart: this.#oldRangeStart,
            oldLines: this.#oldLine - this.#oldRangeStart + contextSize,
            newStart: this.#newRangeStart,
            newLines: this.#newLine - this.#newRangeStart + contextSize,
            lines: this.#curRange,
          });
          this.#oldRangeStart = 0;
          this.#newRangeStart = 0;
          this.#curRange = [];
        }
      }
      this.#oldLine += current.count;
      this.#newLine += current.count;
    }
    this.#prev = current;
  }

  /** A complete hunk: its lines without their `\n` (a marker after a line that had none), as formatPatch writes it. */
  #write(hunk: StructuredPatchHunk): void {
    for (let i = 0; i < hunk.lines.length; i++) {
      const line = hunk.lines[i] as string;
      if (line.endsWith('\n')) hunk.lines[i] = line.slice(0, -1);
      else hunk.lines.splice(++i, 0, '\\ No newline at end of file');
    }
    this.out.push(formatPatch({ oldFileName: undefined, newFileName: undefined, oldHeader: undefined, newHeader: undefined, hunks: [hunk] }, HUNKS_ONLY));
  }
}

/** formatPatch options that write the hunks alone (the file headers are written once, before them). */
const HUNKS_ONLY = { includeIndex: false, includeUnderline: false, includeFileHeaders: false } as const;

/** The file headers as formatPatch writes them (quoting odd names), for the hunks that follow. */
const fileHeaders = (oldFileName: string, newFileName: string): string =>
  formatPatch({ oldFileName, newFileName, oldHeader: undefined, newHeader: undefined, hunks: [] }, FILE_HEADERS_ONLY);

/**
 * The unified diff of `before` -> `after` (file headers only, 3 lines of
 * context) from the regions `edits` change; undefined when the edits do not
 * explain `after`. The parts of the whole diff are the unchanged gaps
 * between regions and jsdiff's parts inside them (the linear fallback in a
 * region where jsdiff gives up after `maxEditLength` edits), written hunk by
 * hunk.
 */
export function regionDiff(
  oldFileName: string,
  newFileName: string,
  before: string,
  after: string,
  edits: readonly Edit[],
  maxEditLength = MAX_EDIT_LENGTH,
): string | undefined {
  const regions = editedRegions(before, after, edits);
  if (!regions) return undefined;
  const writer = new PatchWriter(fileHeaders(oldFileName, newFileName));
  let pb = 0;
  for (const r of regions) {
    writer.push(gapPart(before, pb, r.bs));
    for (const part of lineParts(before.slice(r.bs, r.be), after.slice(r.as, r.ae), maxEditLength)) writer.push(part);
    pb = r.be;
  }
  writer.push(gapPart(before, pb, before.length));
  return writer.end();
}

/**
 * The unified diff of `before` -> `after` from the linear fallback
 * (`fallbackParts`), for when jsdiff gave up on the whole file: the same
 * headers, hunks, context and markers as jsdiff writes.
 */
export function fallbackDiff(oldFileName: string, newFileName: string, before: string, after: string): string {
  const writer = new PatchWriter(fileHeaders(oldFileName, newFileName));
  for (const part of fallbackParts(before, after)) writer.push(part);
  return writer.end();
}
