/*
 * Docker's data root at a fixed path: THE definition for every place that
 * recognises Docker's data by its path (rules/support/host-paths.ts
 * isDockerDataPath, tail-target.ts classifyPath, pod-mounts.ts
 * dockerMountPaths, tail-path.ts's Docker layout, the safety net's
 * `docker-data-root` signal in discover/docker-signals.ts, the prefilter's
 * markers). A custom `--data-root` is recognised by its `docker/containers`
 * ending where each of those reads paths, Windows' root by
 * DOCKER_WINDOWS_ROOT. The regexes below are literals (no regex is built at
 * run time: test/fuzz/redos-static.test.ts); test/source/docker-data-root.test.ts
 * checks each of them against DOCKER_FIXED_ROOTS.
 */

/** Docker's default data root (dockerd `--data-root`). */
export const DOCKER_DEFAULT_ROOT = '/var/lib/docker';

/**
 * Docker's data root when dockerd comes from the snap store (Ubuntu's `snap
 * install docker`): the snap runs dockerd with `--data-root
 * $SNAP_COMMON/var-lib-docker`, and its containers' json logs are in its
 * `containers` directory as under /var/lib/docker.
 */
export const DOCKER_SNAP_ROOT = '/var/snap/docker/common/var-lib-docker';

/** Every fixed data root, the default first. */
export const DOCKER_FIXED_ROOTS: readonly string[] = [DOCKER_DEFAULT_ROOT, DOCKER_SNAP_ROOT];

/** `path` (normalised: hostDir or globDirectory form) is a fixed data root itself. */
export function isFixedDockerRoot(path: string): boolean {
  return DOCKER_FIXED_ROOTS.includes(path);
}

/** `path` (normalised) is a fixed data root or lies below one. */
export function underFixedDockerRoot(path: string): boolean {
  return DOCKER_FIXED_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));
}

/** A fixed data root anywhere in a value (a Tag_Regex or Exclude_Path written for Docker's layout). */
export const FIXED_DOCKER_ROOT_IN_TEXT = /\/var\/lib\/docker|\/var\/snap\/docker\/common\/var-lib-docker/;

/**
 * A path under a fixed data root in raw text, up to the end of the path (a
 * backslash ends it too: the escape of the closing quote in escaped JSON,
 * `\"/var/lib/docker\"` in a kubectl last-applied annotation). JSON may write
 * a slash `\/` (`"\/var\/lib\/docker"`): every separator may be escaped so.
 * The safety net's `docker-data-root` signal.
 */
export const FIXED_DOCKER_ROOT_SIGNAL = /\\?\/var\\?\/(?:lib\\?\/docker|snap\\?\/docker\\?\/common\\?\/var-lib-docker)(?![\w.-])(?:[^\s"'`,;)}\]\\]|\\\/)*/g;
