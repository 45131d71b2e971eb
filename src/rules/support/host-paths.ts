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

/** Host paths of Docker's data: `/var/lib/docker`, `<root>/docker`, `<root>/docker/containers`. */
export function isDockerDataPath(hostPath: string | undefined): boolean {
  if (!hostPath) return false;
  const p = trimTrailingSlashes(hostPath);
  return /(^|\/)docker(\/containers)?$/.test(p) || /^\/var\/lib\/docker(\/containers)?$/.test(p);
}

/** Host paths that expose the Docker API socket (or the directory holding it). */
export function isDockerSocketPath(hostPath: string | undefined): boolean {
  if (!hostPath) return false;
  const p = trimTrailingSlashes(hostPath) || '/';
  return p === '/var/run/docker.sock' || p === '/run/docker.sock' || p === '/var/run' || p === '/run' || p === '/var/run/docker' || p === '/run/docker';
}

/** True when `a` and `b` are the same directory, trailing `/`s aside (false when `a` is missing). */
export function samePath(a: string | undefined, b: string): boolean {
  return a !== undefined && trimTrailingSlashes(a) === trimTrailingSlashes(b);
}

/** True when `dir` (a mount path) contains `path`. */
export function covers(dir: string | undefined, path: string): boolean {
  if (!dir) return false;
  const d = trimTrailingSlashes(dir) || '/';
  return path === d || path.startsWith(d === '/' ? '/' : `${d}/`);
}
