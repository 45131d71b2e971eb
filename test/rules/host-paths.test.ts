import { describe, expect, it } from 'vitest';
import { isDockerDataPath } from '../../src/rules/support/host-paths.js';

describe("isDockerDataPath: Docker's data directory by hostPath", () => {
  it.each([
    ['/var/lib/docker', true],
    ['/var/lib/docker/containers/', true],
    // A --data-root elsewhere.
    ['/data/docker', true],
    ['/mnt/docker/containers', true],
    // A directory under /var/log is a log directory, never Docker's data root.
    ['/var/log/docker', false],
    ['/var/log/docker/', false],
    ['/var/log/docker/containers', false],
    ['/var/log', false],
    ['/var/lib/dockerd', false],
    [undefined, false],
  ])('%s', (path, expected) => {
    expect(isDockerDataPath(path)).toBe(expected);
  });
});
