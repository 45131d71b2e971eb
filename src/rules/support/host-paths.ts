import { trimTrailingSlashes } from '../../source/trailing-slashes.js';

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
