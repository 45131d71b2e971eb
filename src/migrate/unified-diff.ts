import { createTwoFilesPatch, FILE_HEADERS_ONLY, formatPatch } from 'diff';
import type { Edit } from '../source/edit.js';
import { joinSlices } from './lazy-diff.js';
import { jsdiffMayFinish, linearBounds, MAX_EDIT_LENGTH, regionDiff } from './region-diff.js';

export { MAX_EDIT_LENGTH } from './region-diff.js';

/**
 * Texts up to this many characters are diffed whole by jsdiff; above it, with
 * the edits known, per edited region (region-diff.ts): jsdiff's cost grows
 * with (lines of the file) x (lines changed). Either way jsdiff looks for at
 * most MAX_EDIT_LENGTH edits per diff, then gives up for the linear fallback.
 */
export const WHOLE_FILE_DIFF_LIMIT = 64 * 1024;

/**
 * A patch cut after its `---` / `+++` lines: the header lines are relabelled alone, the hunks never copied. The
 * hunks come in slices of whole lines (the linear fallback's made as they are read: `diffSlices`, lazy-diff.ts).
 */
interface Patch {
  readonly headers: string;
  readonly hunks: Iterable<string>;
}

/** Cuts a patch (file headers, then hunks) after its second line. */
function cutPatch(patch: string): Patch {
  const first = patch.indexOf('\n');
  const second = first < 0 ? -1 : patch.indexOf('\n', first + 1);
  return second < 0 ? { headers: patch, hunks: [] } : { headers: patch.slice(0, second + 1), hunks: [patch.slice(second + 1)] };
}

/** The patch of unifiedDiff, cut (see there). */
function unifiedPatch(path: string, before: string, after: string, edits: readonly Edit[] | undefined, maxEditLength: number): Patch | undefined {
  if (before === after) return undefined;
  const clean = path.replace(/^\.?\//, '');
  const a = `a/${clean}`;
  const b = `b/${clean}`;
  const regions = edits && before.length + after.length > WHOLE_FILE_DIFF_LIMIT ? regionDiff(a, b, before, after, edits, maxEditLength) : undefined;
  const whole =
    regions ??
    (jsdiffMayFinish(before, after, maxEditLength)
      ? createTwoFilesPatch(a, b, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY, maxEditLength })
      : undefined) ??
    // jsdiff gave up on the whole file: per edited region if the edits are known (each region bounded the same way), else linear.
    (edits && before.length + after.length <= WHOLE_FILE_DIFF_LIMIT ? regionDiff(a, b, before, after, edits, maxEditLength) : undefined);
  const patch = whole === undefined ? linearPatch(a, b, before, after) : cutPatch(whole);
  // Like git, a TAB after a header name with a space, so `patch` does not cut the name there (jsdiff C-quotes odd names itself).
  return clean.includes(' ') && !patch.headers.startsWith('--- "')
    ? { headers: patch.headers.replace(/^(--- [^\n]*)\n(\+\+\+ [^\n]*)\n/, '$1\t\n$2\t\n'), hunks: patch.hunks }
    : patch;
}

/**
 * A git-style unified diff (`--- a/path`, `+++ b/path`, 3 lines of context,
 * no `Index:`/`====` lines; a trailing TAB after a name with a space, C
 * quoting for names with control characters or non-ASCII, as git writes
 * them). '' when the texts are equal. `edits` (what turned `before` into
 * `after`) lets a large file be diffed per edited region, same hunks.
 * Linear-ish in the texts: where jsdiff needs more than `maxEditLength`
 * edits (a whole rewrite), the changed lines between the common leading and
 * trailing ones are one removed and one added run (region-diff.ts
 * `fallbackDiff`, written here by `linearPatch`). `maxEditLength`: tests force a small bound.
 */
export function unifiedDiff(path: string, before: string, after: string, edits?: readonly Edit[], maxEditLength = MAX_EDIT_LENGTH): string {
  return joinSlices(unifiedDiffSlices(path, before, after, edits, maxEditLength));
}

/** unifiedDiff's text in slices of whole lines (see lazy-diff.ts); none when the texts are equal. */
export function* unifiedDiffSlices(path: string, before: string, after: string, edits?: readonly Edit[], maxEditLength = MAX_EDIT_LENGTH): Generator<string> {
  const patch = unifiedPatch(path, before, after, edits, maxEditLength);
  if (patch === undefined) return;
  yield patch.headers;
  yield* patch.hunks;
}

/** `a/x` as written in `diff --git` and rename lines: without the leading `./`. */
const clean = (path: string): string => path.replace(/^\.?\//, '');

/**
 * A file renamed (and rewritten): `diff --git`, `rename from`/`rename to`,
 * then the hunks from the old text to the new one, as `git diff -M` writes
 * a rename; `git apply` and GNU patch apply it.
 */
export function renameDiff(from: string, to: string, before: string, after: string, maxEditLength = MAX_EDIT_LENGTH): string {
  return joinSlices(renameDiffSlices(from, to, before, after, maxEditLength));
}

/** renameDiff's text in slices of whole lines (see lazy-diff.ts). */
export function* renameDiffSlices(from: string, to: string, before: string, after: string, maxEditLength = MAX_EDIT_LENGTH): Generator<string> {
  const body = unifiedPatch(from, before, after, undefined, maxEditLength);
  const a = clean(from);
  const b = clean(to);
  const header = `diff --git a/${a} b/${b}\nrename from ${a}\nrename to ${b}\n`;
  if (body === undefined) {
    yield header;
    return;
  }
  yield header + body.headers.replace(/^(--- [^\n]*\n)\+\+\+ b\/[^\n\t]*(\t?)\n/, `$1+++ b/${b}$2\n`);
  yield* body.hunks;
}

/**
 * A removed file, as git writes a deletion: every line removed, `+++ /dev/null`.
 * Written by the linear fallback directly (the same text as jsdiff's, which has
 * nothing to look for and would only take longer).
 */
export function removalDiff(path: string, before: string): string {
  return joinSlices(removalDiffSlices(path, before));
}

/** removalDiff's text in slices of whole lines (see lazy-diff.ts). */
export function* removalDiffSlices(path: string, before: string): Generator<string> {
  const a = clean(path);
  const patch = linearPatch(`a/${a}`, '/dev/null', before, '');
  yield `diff --git a/${a} b/${a}\ndeleted file mode 100644\n${patch.headers}`;
  yield* patch.hunks;
}

const CONTEXT = 3;

const lineStart = (text: string, at: number): number => (at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1);

/** The lines of `text[start, end)`, a last one without `\n` counted. */
function countLines(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  if (end > start && text.charCodeAt(end - 1) !== 10) count++;
  return count;
}

/** `n` whole lines before / after an offset at a line start. */
function linesBack(text: string, at: number, n: number): number {
  let pos = at;
  for (let i = 0; i < n && pos > 0; i++) pos = lineStart(text, pos - 1);
  return pos;
}
function linesForward(text: string, at: number, end: number, n: number): number {
  let pos = at;
  for (let i = 0; i < n && pos < end; i++) pos = Math.min(end, (text.indexOf('\n', pos) + 1) || end);
  return pos;
}

/** About how many characters of a text go to one slice of the linear fallback's hunk lines. */
export const MARKED_SLICE = 1 << 20;

/**
 * The lines of `text[start, end)` as hunk lines: each after `mark`, with its `\n`; a last line without one is
 * followed by git's `\ No newline at end of file` line. In slices of whole lines of about `slice` characters of the
 * text, each one flat string (split and joined): `replaceAll` made a rope of ~3 strings per line, ~3x the text alive
 * as long as the diff (issue #14, `toyamlrss3`), and a slice is made only when read.
 */
export function* markedSlices(text: string, start: number, end: number, mark: string, slice = MARKED_SLICE): Generator<string> {
  for (let from = start; from < end; ) {
    const next = from + slice >= end ? end : text.indexOf('\n', from + slice) + 1 || end;
    const to = Math.min(end, Math.max(next, from + 1));
    const block = text.slice(from, to);
    from = to;
    if (block.charCodeAt(block.length - 1) === 10) yield `${mark}${block.slice(0, -1).split('\n').join(`\n${mark}`)}\n`;
    else yield `${mark}${block.split('\n').join(`\n${mark}`)}\n\\ No newline at end of file\n`;
  }
}

/**
 * The linear diff of `before` -> `after` (region-diff.ts `fallbackDiff`: the same text, checked in
 * test/to-yaml/linear-patch.test.ts): the common leading and trailing lines unchanged, everything between one
 * removed and one added run, so one hunk with up to 3 lines of context each side. Written as a few block strings
 * (the removed and added lines one string each) instead of a string per line and per marker: a 10 MB classic
 * config's rename diff made ~2.4M strings at the end of a --to-yaml run, its last RSS peak (issue #14).
 */
function linearPatch(oldFileName: string, newFileName: string, before: string, after: string): Patch {
  const { start, bs, as } = linearBounds(before, after);
  const headers = formatPatch({ oldFileName, newFileName, oldHeader: undefined, newHeader: undefined, hunks: [] }, FILE_HEADERS_ONLY);
  const removed = countLines(before, start, bs);
  const added = countLines(after, start, as);
  if (removed === 0 && added === 0) return { headers, hunks: [] };
  const contextStart = linesBack(before, start, CONTEXT);
  const contextEnd = linesForward(before, bs, before.length, CONTEXT);
  const lead = countLines(before, contextStart, start);
  const trail = countLines(before, bs, contextEnd);
  const first = countLines(before, 0, contextStart) + 1;
  const hunk = { oldStart: first, oldLines: lead + removed + trail, newStart: first, newLines: lead + added + trail, lines: [] };
  const range = formatPatch({ oldFileName: undefined, newFileName: undefined, oldHeader: undefined, newHeader: undefined, hunks: [hunk] }, HUNKS_ONLY);
  function* hunks(): Generator<string> {
    yield range;
    yield* markedSlices(before, contextStart, start, ' ');
    yield* markedSlices(before, start, bs, '-');
    yield* markedSlices(after, start, as, '+');
    yield* markedSlices(before, bs, contextEnd, ' ');
  }
  return { headers, hunks: hunks() };
}

/** formatPatch options that write the hunks alone. */
const HUNKS_ONLY = { includeIndex: false, includeUnderline: false, includeFileHeaders: false } as const;
