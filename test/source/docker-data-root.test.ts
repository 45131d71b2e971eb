import { describe, expect, it } from 'vitest';
import { scanDockerSignals } from '../../src/discover/docker-signals.js';
import { hasMarker } from '../../src/discover/prefilter.js';
import { isDockerContainersOrRoot, isDockerDataPath } from '../../src/rules/support/host-paths.js';
import { classifyPath } from '../../src/rules/support/tail-target.js';
import { DOCKER_FIXED_ROOTS, DOCKER_SNAP_ROOT, FIXED_DOCKER_ROOT_IN_TEXT, FIXED_DOCKER_ROOT_SIGNAL, underFixedDockerRoot } from '../../src/source/docker-data-root.js';

/*
 * Docker's fixed data roots (/var/lib/docker, the snap's), one definition
 * (src/source/docker-data-root.ts): every place that recognises Docker's
 * data by path knows every root of the list, so a root added there and
 * missed by one of the regex literals fails here.
 */

const signals = (text: string) => {
  const rows = scanDockerSignals(text);
  return rows.kinds.map((k, i) => `${k} ${text.slice(rows.starts[i], rows.ends[i])}`);
};

describe.each(DOCKER_FIXED_ROOTS.map((root) => ({ root })))('$root', ({ root }) => {
  it('is Docker data, whole and its containers directory (trailing / and // too)', () => {
    for (const p of [root, `${root}/`, `${root}/containers`, `${root}//containers/`]) expect(isDockerDataPath(p), p).toBe(true);
    expect(isDockerContainersOrRoot(root)).toBe(true);
    expect(isDockerContainersOrRoot(`${root}/containers`)).toBe(true);
    expect(isDockerDataPath(`${root}/volumes`)).toBe(false);
  });

  it("classifies a tail Path under it as Docker's", () => {
    expect(classifyPath(`${root}/containers/*/*.log`, '/var/log/pods')).toBe('docker-root');
    expect(classifyPath(`${root}/*/*.log`, '/var/log/pods')).toBe('docker-root');
    expect(underFixedDockerRoot(`${root}x/containers`)).toBe(false);
  });

  it('is a safety-net signal, as written and JSON-escaped, up to the end of the path', () => {
    expect(signals(`path: ${root}/containers\n`)).toEqual([`docker-data-root ${root}/containers`]);
    const escaped = `${root}/containers`.replace(/\//g, '\\/');
    expect(signals(`{"path":"${escaped}"}`)).toEqual([`docker-data-root ${escaped}`]);
    expect(signals(`${root}-old/containers`)).toEqual([]);
  });

  it("is a prefilter marker and a Docker layout in a value", () => {
    expect(hasMarker(`x: ${root}`)).toBe(true);
    expect(hasMarker(`x: ${root.replace(/\//g, '\\/')}`)).toBe(true);
    expect(FIXED_DOCKER_ROOT_IN_TEXT.test(`^${root}/containers/(?<id>.+)`)).toBe(true);
  });
});

it('the signal pattern is global (the scan relies on lastIndex)', () => {
  expect(FIXED_DOCKER_ROOT_SIGNAL.flags).toContain('g');
  expect(DOCKER_FIXED_ROOTS).toContain(DOCKER_SNAP_ROOT);
});
