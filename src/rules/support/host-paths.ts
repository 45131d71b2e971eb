import { normalizePath } from '../../deploy/paths.js';
import { trimTrailingSlashes } from '../../source/trailing-slashes.js';
import { DOCKER_FIXED_ROOTS, isFixedDockerRoot } from '../../source/docker-data-root.js';

/**
 * A host path as the node's kernel reads it: `/var/lib//docker/./containers/`
 * is `/var/lib/docker/containers`. Only absolute POSIX paths: a Windows path
 * (`C:\ProgramData\docker`) or a path with a backslash keeps its text, less
 * trailing `/`s (normalizePath would read a backslash as a separator).
 */
export function hostDir(path: string): string {
  return path.startsWith('/') && !path.includes('\\') ? normalizePath(path) : trimTrailingSlashes(path);
}

/**
 * Host paths of Docker's data: a fixed data root (`/var/lib/docker`, the
 * snap's `/var/snap/docker/common/var-lib-docker`: source/docker-data-root.ts)
 * or its `containers` directory, `<root>/docker`, `<root>/docker/containers`
 * (a `--data-root` such as `/data/docker`). A
 * directory under `/var/log` is never Docker's data root (`/var/log/docker`
 * holds a daemon's or a distro's log files: a log directory like any other).
 */
export function isDockerDataPath(hostPath: string | undefined): boolean {
  if (!hostPath) return false;
  const p = hostDir(hostPath);
  if (/^\/var\/log\//.test(p)) return false;
  return /(^|\/)docker(\/containers)?$/.test(p) || DOCKER_FIXED_ROOTS.some((root) => p === root || p === `${root}/containers`);
}

/**
 * A Docker data path whose mount shows Docker's containers directory or a
 * fixed data root (`/var/lib/docker`, the snap's): a tail Path below its
 * mount reads Docker's files. Not any `<dir>/docker` (`/data/docker` may be
 * anything). `p` is in hostDir form.
 */
export function isDockerContainersOrRoot(p: string): boolean {
  return isDockerDataPath(p) && (isFixedDockerRoot(p) || p.endsWith('/containers'));
}

/** Host paths that expose the Docker API socket (or the directory holding it). */
export function isDockerSocketPath(hostPath: string | undefined): boolean {
  if (!hostPath) return false;
  const p = hostDir(hostPath) || '/';
  return p === '/var/run/docker.sock' || p === '/run/docker.sock' || p === '/var/run' || p === '/run' || p === '/var/run/docker' || p === '/run/docker';
}

/** True when `a` and `b` are the same directory as the node reads them (hostDir; false when `a` is missing). */
export function samePath(a: string | undefined, b: string): boolean {
  return a !== undefined && hostDir(a) === hostDir(b);
}

/** True when `dir` (a mount path) contains `path`. */
export function covers(dir: string | undefined, path: string): boolean {
  if (!dir) return false;
  const d = hostDir(dir) || '/';
  return path === d || path.startsWith(d === '/' ? '/' : `${d}/`);
}

/** True when host directory `host` mounted at `mountPath` (no subPath) shows `path` in the container at its own host path. */
export function showsAtOwnPath(mountPath: string, host: string, path: string): boolean {
  return covers(mountPath, path) && covers(host, path) && samePath(mountPath, host);
}
