import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/**
 * A git-style unified diff (`--- a/path`, `+++ b/path`, 3 lines of context,
 * no `Index:`/`====` lines). '' when the texts are equal.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const clean = path.replace(/^\.?\//, '');
  return createTwoFilesPatch(`a/${clean}`, `b/${clean}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}
