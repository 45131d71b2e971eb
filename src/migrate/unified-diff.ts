import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Edit } from '../source/edit.js';
import { fallbackDiff, jsdiffMayFinish, MAX_EDIT_LENGTH, regionDiff } from './region-diff.js';

export { MAX_EDIT_LENGTH } from './region-diff.js';

/**
 * Texts up to this many characters are diffed whole by jsdiff; above it, with
 * the edits known, per edited region (region-diff.ts): jsdiff's cost grows
 * with (lines of the file) x (lines changed). Either way jsdiff looks for at
 * most MAX_EDIT_LENGTH edits per diff, then gives up for the linear fallback.
 */
export const WHOLE_FILE_DIFF_LIMIT = 64 * 1024;

/**
 * A git-style unified diff (`--- a/path`, `+++ b/path`, 3 lines of context,
 * no `Index:`/`====` lines; a trailing TAB after a name with a space, C
 * quoting for names with control characters or non-ASCII, as git writes
 * them). '' when the texts are equal. `edits` (what turned `before` into
 * `after`) lets a large file be diffed per edited region, same hunks.
 * Linear-ish in the texts: where jsdiff needs more than `maxEditLength`
 * edits (a whole rewrite), the changed lines between the common leading and
 * trailing ones are one removed and one added run (region-diff.ts
 * `fallbackDiff`). `maxEditLength`: tests force a small bound.
 */
export function unifiedDiff(path: string, before: string, after: string, edits?: readonly Edit[], maxEditLength = MAX_EDIT_LENGTH): string {
  if (before === after) return '';
  const clean = path.replace(/^\.?\//, '');
  const a = `a/${clean}`;
  const b = `b/${clean}`;
  const regions = edits && before.length + after.length > WHOLE_FILE_DIFF_LIMIT ? regionDiff(a, b, before, after, edits, maxEditLength) : undefined;
  const patch =
    regions ??
    (jsdiffMayFinish(before, after, maxEditLength)
      ? createTwoFilesPatch(a, b, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY, maxEditLength })
      : undefined) ??
    // jsdiff gave up on the whole file: per edited region if the edits are known (each region bounded the same way), else linear.
    (edits && before.length + after.length <= WHOLE_FILE_DIFF_LIMIT ? regionDiff(a, b, before, after, edits, maxEditLength) : undefined) ??
    fallbackDiff(a, b, before, after);
  // Like git, a TAB after a header name with a space, so `patch` does not cut the name there (jsdiff C-quotes odd names itself).
  return clean.includes(' ') && !patch.startsWith('--- "') ? patch.replace(/^(--- [^\n]*)\n(\+\+\+ [^\n]*)\n/, '$1\t\n$2\t\n') : patch;
}

/** `a/x` as written in `diff --git` and rename lines: without the leading `./`. */
const clean = (path: string): string => path.replace(/^\.?\//, '');

/**
 * A file renamed (and rewritten): `diff --git`, `rename from`/`rename to`,
 * then the hunks from the old text to the new one, as `git diff -M` writes
 * a rename; `git apply` and GNU patch apply it.
 */
export function renameDiff(from: string, to: string, before: string, after: string, maxEditLength = MAX_EDIT_LENGTH): string {
  const body = unifiedDiff(from, before, after, undefined, maxEditLength);
  const a = clean(from);
  const b = clean(to);
  const header = `diff --git a/${a} b/${b}\nrename from ${a}\nrename to ${b}\n`;
  if (body === '') return `${header}`;
  return header + body.replace(/^(--- [^\n]*\n)\+\+\+ b\/[^\n\t]*(\t?)\n/, `$1+++ b/${b}$2\n`);
}

/**
 * A removed file, as git writes a deletion: every line removed, `+++ /dev/null`.
 * Written by the fallback directly (the same text as jsdiff's, which has
 * nothing to look for and would only take longer).
 */
export function removalDiff(path: string, before: string): string {
  const a = clean(path);
  const patch = fallbackDiff(`a/${a}`, '/dev/null', before, '');
  return `diff --git a/${a} b/${a}\ndeleted file mode 100644\n${patch}`;
}
