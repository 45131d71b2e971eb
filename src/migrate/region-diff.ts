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

/** The parts of the whole diff: unchanged gaps between regions, jsdiff's parts inside them. */
function diffParts(before: string, after: string, regions: readonly Region[]): Part[] {
  const parts: Part[] = [];
  const push = (p: Part): void => {
    if (p.count === 0) return;
    const last = parts[parts.length - 1];
    // Two unchanged runs in a row are one (hunks are cut on the length of a run).
    if (last && last.kind === ' ' && p.kind === ' ') parts[parts.length - 1] = listPart(' ', [...last.all(), ...p.all()]);
    else parts.push(p);
  };
  let pb = 0;
  for (const r of regions) {
    push(gapPart(before, pb, r.bs));
    for (const c of diffLines(before.slice(r.bs, r.be), after.slice(r.as, r.ae))) {
      push(listPart(c.added ? '+' : c.removed ? '-' : ' ', splitLines(c.value)));
    }
    pb = r.be;
  }
  push(gapPart(before, pb, before.length));
  return parts;
}

/** jsdiff's hunk assembly (structuredPatch's diffLinesResultToPatch), over parts. */
function hunksOf(parts: readonly Part[]): StructuredPatchHunk[] {
  const diff = [...parts, listPart(' ', [])];
  const hunks: StructuredPatchHunk[] = [];
  let oldRangeStart = 0;
  let newRangeStart = 0;
  let curRange: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (let i = 0; i < diff.length; i++) {
    const current = diff[i] as Part;
    if (current.kind !== ' ') {
      if (!oldRangeStart) {
        const prev = diff[i - 1];
        oldRangeStart = oldLine;
        newRangeStart = newLine;
        if (prev) {
          curRange = prev.tail(CONTEXT).map((l) => ` ${l}`);
          oldRangeStart -= curRange.length;
          newRangeStart -= curRange.length;
        }
      }
      for (const line of current.all()) curRange.push(current.kind + line);
      if (current.kind === '+') newLine += current.count;
      else oldLine += current.count;
    } else {
      if (oldRangeStart) {
        if (current.count <= CONTEXT * 2 && i < diff.length - 2) {
          for (const line of current.all()) curRange.push(` ${line}`);
        } else {
          const contextSize = Math.min(current.count, CONTEXT);
          for (const line of current.head(contextSize)) curRange.push(` ${line}`);
          hunks.push({ oldStart: oldRangeStart, oldLines: oldLine - oldRangeStart + contextSize, newStart: newRangeStart, newLines: newLine - newRangeStart + contextSize, lines: curRange });
          oldRangeStart = 0;
          newRangeStart = 0;
          curRange = [];
        }
      }
      oldLine += current.count;
      newLine += current.count;
    }
  }
  for (const hunk of hunks) {
    for (let i = 0; i < hunk.lines.length; i++) {
      const line = hunk.lines[i] as string;
      if (line.endsWith('\n')) hunk.lines[i] = line.slice(0, -1);
      else hunk.lines.splice(++i, 0, '\\ No newline at end of file');
    }
  }
  return hunks;
}

/**
 * The unified diff of `before` -> `after` (file headers only, 3 lines of
 * context) from the regions `edits` change; undefined when the edits do not
 * explain `after`.
 */
export function regionDiff(oldFileName: string, newFileName: string, before: string, after: string, edits: readonly Edit[]): string | undefined {
  const regions = editedRegions(before, after, edits);
  if (!regions) return undefined;
  const hunks = hunksOf(diffParts(before, after, regions));
  return formatPatch({ oldFileName, newFileName, oldHeader: undefined, newHeader: undefined, hunks }, FILE_HEADERS_ONLY);
}
