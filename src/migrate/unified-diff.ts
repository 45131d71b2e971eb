import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Edit } from '../source/edit.js';
import { regionDiff } from './region-diff.js';

/**
 * Texts up to this many characters are diffed whole by jsdiff; above it, with
 * the edits known, per edited region (region-diff.ts): jsdiff's cost grows
 * with (lines of the file) x (lines changed).
 */
export const WHOLE_FILE_DIFF_LIMIT = 64 * 1024;

/**
 * A git-style unified diff (`--- a/path`, `+++ b/path`, 3 lines of context,
 * no `Index:`/`====` lines; a trailing TAB after a name with a space, C
 * quoting for names with control characters or non-ASCII, as git writes
 * them). '' when the texts are equal. `edits` (what turned `before` into
 * `after`) lets a large file be diffed per edited region, same hunks.
 */
export function unifiedDiff(path: string, before: string, after: string, edits?: readonly Edit[]): string {
  if (before === after) return '';
  const clean = path.replace(/^\.?\//, '');
  const regions = edits && before.length + after.length > WHOLE_FILE_DIFF_LIMIT ? regionDiff(`a/${clean}`, `b/${clean}`, before, after, edits) : undefined;
  const patch = regions ?? createTwoFilesPatch(`a/${clean}`, `b/${clean}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
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
export function renameDiff(from: string, to: string, before: string, after: string): string {
  const body = unifiedDiff(from, before, after);
  const a = clean(from);
  const b = clean(to);
  const header = `diff --git a/${a} b/${b}\nrename from ${a}\nrename to ${b}\n`;
  if (body === '') return `${header}`;
  return header + body.replace(/^(--- [^\n]*\n)\+\+\+ b\/[^\n\t]*(\t?)\n/, `$1+++ b/${b}$2\n`);
}

/** A removed file, as git writes a deletion: every line removed, `+++ /dev/null`. */
export function removalDiff(path: string, before: string): string {
  const a = clean(path);
  const patch = createTwoFilesPatch(`a/${a}`, '/dev/null', before, '', undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
  return `diff --git a/${a} b/${a}\ndeleted file mode 100644\n${patch}`;
}
