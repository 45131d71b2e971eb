import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/**
 * A git-style unified diff (`--- a/path`, `+++ b/path`, 3 lines of context,
 * no `Index:`/`====` lines; a trailing TAB after a name with a space, C
 * quoting for names with control characters or non-ASCII, as git writes
 * them). '' when the texts are equal.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const clean = path.replace(/^\.?\//, '');
  const patch = createTwoFilesPatch(`a/${clean}`, `b/${clean}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  // Like git, a TAB after a header name with a space, so `patch` does not cut the name there (jsdiff C-quotes odd names itself).
  return clean.includes(' ') && !patch.startsWith('--- "') ? patch.replace(/^(--- [^\n]*)\n(\+\+\+ [^\n]*)\n/, '$1\t\n$2\t\n') : patch;
}
