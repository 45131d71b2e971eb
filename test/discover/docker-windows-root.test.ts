import { describe, expect, it } from 'vitest';
import { DOCKER_WINDOWS_ROOT, isDockerWindowsRoot, scanDockerSignals } from '../../src/discover/docker-signals.js';

/*
 * Docker's Windows data root, one definition (DOCKER_WINDOWS_ROOT) for the
 * safety net's scan of raw text and for the whole-value test of a parsed
 * scalar (the logging-operator-agent rule's containersPath / mountPath).
 */

const scanned = (text: string) => {
  const rows = scanDockerSignals(text);
  return rows.kinds.flatMap((k, i) => (k === 'docker-windows-root' ? [text.slice(rows.starts[i], rows.ends[i])] : []));
};

describe('isDockerWindowsRoot (a whole parsed value)', () => {
  it.each([
    'C:\\ProgramData\\docker\\containers',
    'C:\\ProgramData\\docker',
    'C:/ProgramData/docker/containers',
    'c:\\programdata\\DOCKER\\Containers',
    'C:\\ProgramData\\docker\\containers\\',
    'C:/ProgramData/docker/',
    'C:\\\\ProgramData\\\\docker',
    'D:/ProgramData\\docker/containers//',
  ])('%s is', (value) => {
    expect(isDockerWindowsRoot(value)).toBe(true);
  });

  it.each([
    'C:\\ProgramData\\dockerd',
    'C:\\ProgramData\\docker\\containers\\abc',
    'C:\\ProgramData\\docker.old',
    'C:\\ProgramData\\containerd',
    'x C:\\ProgramData\\docker',
    'C:\\var\\log\\containers',
    '/var/lib/docker/containers',
    '',
  ])('%s is not', (value) => {
    expect(isDockerWindowsRoot(value)).toBe(false);
  });

  it('leaves the shared pattern ready for the scan', () => {
    isDockerWindowsRoot('C:\\ProgramData\\docker');
    expect(DOCKER_WINDOWS_ROOT.lastIndex).toBe(0);
    expect(scanned('a: C:\\ProgramData\\docker\nb: C:/ProgramData/docker/containers\n')).toEqual(['C:\\ProgramData\\docker', 'C:/ProgramData/docker/containers']);
  });
});

describe('the scan (raw text: escapes as written)', () => {
  it.each([
    ['hostPath: C:\\ProgramData\\docker\\containers', 'C:\\ProgramData\\docker\\containers'],
    ['path: "C:\\\\ProgramData\\\\docker\\\\containers"', 'C:\\\\ProgramData\\\\docker\\\\containers'],
    ['{"p": "C:\\/ProgramData\\/docker"}', 'C:\\/ProgramData\\/docker'],
    ['mountPath: c:/programdata/docker/', 'c:/programdata/docker'],
    ['path: C:\\ProgramData\\docker\\containers\\*\\*.log', 'C:\\ProgramData\\docker\\containers'],
  ])('%s', (text, found) => {
    expect(scanned(text)).toEqual([found]);
  });

  it.each(['C:\\ProgramData\\dockerd', 'C:\\ProgramData\\docker.old', 'C:\\ProgramData\\containerd\\root'])('%s: none', (text) => {
    expect(scanned(text)).toEqual([]);
  });
});
