/**
 * `path` without its trailing `/`s. A loop, not `replace(/\/+$/, '')`: that
 * regex backtracks quadratically on a long run of `/` that does not end the
 * string (a 1 MB hostPath in a manifest would take hours).
 */
export function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end);
}
