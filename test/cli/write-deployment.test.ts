import { describe, expect, it } from 'vitest';
import { pairConfig, pairConfigMap, pairDaemonSet } from '../helpers/deployment-pair.js';
import { runCli } from './helpers/run-cli.js';

/*
 * --write of one deployment's files (write-group.ts writeDeployment), with
 * the real migration: all of a deployment or none; the batch's other
 * deployments are written.
 */

const RT = ['--runtime', 'containerd'];
/** Deployment fb (ds.yaml, cm.yaml) and deployment other (ds2.yaml, cm2.yaml), in directory k8s/ (one batch). */
const FILES = { 'k8s/ds.yaml': pairDaemonSet('fb'), 'k8s/cm.yaml': pairConfigMap('fb'), 'k8s/ds2.yaml': pairDaemonSet('other'), 'k8s/cm2.yaml': pairConfigMap('other') };
const tmp = (paths: readonly string[]): string[] => paths.filter((p) => p.endsWith('.tmp'));

describe('--write: a deployment is written whole or not at all', () => {
  it('control: every file written, each deployment staged before its renames', async () => {
    const r = await runCli(['k8s', ...RT, '--write'], { files: FILES, real: true });
    expect(r.code).toBe(0);
    for (const p of Object.keys(FILES)) expect(r.io.read(p), p).not.toBe(FILES[p as keyof typeof FILES]);
    const ops = r.io.calls.map((c) => c.op);
    // Two deployments of two files: write, write, rename, rename each.
    expect(ops).toEqual(['writeFile', 'writeFile', 'rename', 'rename', 'writeFile', 'writeFile', 'rename', 'rename']);
  });

  it('a temp file that cannot be written (ENOSPC): no file of that deployment changes, the other deployment is written', async () => {
    const r = await runCli(['k8s', ...RT, '--write'], { files: FILES, real: true, failures: [{ op: 'writeFile', path: /\.cm\.yaml\.[0-9a-f]+\.flb-migrate\.tmp$/, code: 'ENOSPC' }] });
    expect(r.code).toBe(2);
    expect(r.io.read('k8s/ds.yaml')).toBe(FILES['k8s/ds.yaml']);
    expect(r.io.read('k8s/cm.yaml')).toBe(FILES['k8s/cm.yaml']);
    expect(r.io.read('k8s/ds2.yaml')).not.toBe(FILES['k8s/ds2.yaml']);
    expect(r.io.read('k8s/cm2.yaml')).not.toBe(FILES['k8s/cm2.yaml']);
    expect(tmp(r.io.paths())).toEqual([]);
    expect(r.stderr).toMatch(/^k8s\/cm\.yaml: error ENOSPC not written: /m);
    expect(r.stderr).toMatch(/^k8s\/ds\.yaml: error DEPLOYMENT_RELATED not written: k8s\/cm\.yaml could not be written; no file of its deployment was changed \(ENOSPC: /m);
    // No rename of deployment fb's files happened at all.
    expect(r.io.calls.filter((c) => c.op === 'rename' && /k8s\/(ds|cm)\.yaml$/.test(String(c.to)))).toEqual([]);
  });

  it('a rename that fails after another file of the deployment was renamed: that one is put back', async () => {
    const r = await runCli(['k8s', ...RT, '--write'], { files: FILES, real: true, failures: [{ op: 'rename', path: /\.cm\.yaml\.[0-9a-f]+\.flb-migrate\.tmp$/, code: 'EXDEV' }] });
    expect(r.code).toBe(2);
    expect(r.io.read('k8s/ds.yaml')).toBe(FILES['k8s/ds.yaml']);
    expect(r.io.read('k8s/cm.yaml')).toBe(FILES['k8s/cm.yaml']);
    expect(r.io.read('k8s/ds2.yaml')).not.toBe(FILES['k8s/ds2.yaml']);
    expect(tmp(r.io.paths())).toEqual([]);
    expect(r.stderr).toMatch(/^k8s\/ds\.yaml: error DEPLOYMENT_RELATED not written: k8s\/cm\.yaml could not be written; what was written of its deployment was undone \(EXDEV: /m);
  });

  it('a read-only file: refused before anything is written', async () => {
    const r = await runCli(['k8s', ...RT, '--write'], { files: { ...FILES, 'k8s/cm.yaml': { text: FILES['k8s/cm.yaml'], mode: 0o444 } }, real: true });
    expect(r.code).toBe(2);
    expect(r.io.read('k8s/ds.yaml')).toBe(FILES['k8s/ds.yaml']);
    expect(r.io.read('k8s/cm2.yaml')).not.toBe(FILES['k8s/cm2.yaml']);
    expect(r.stderr).toContain('k8s/cm.yaml: error READ_ONLY not written: file is read-only (mode 0444)');
    expect(r.stderr).toMatch(/^k8s\/ds\.yaml: error DEPLOYMENT_RELATED not written: k8s\/cm\.yaml cannot be written \(READ_ONLY: file is read-only/m);
  });

  it('a parse error of the embedded config: the DaemonSet is not written (the library holds it back)', async () => {
    const broken = pairConfigMap('fb', pairConfig('[OUTPUT\n    Name stdout\n'));
    const r = await runCli(['k8s', ...RT, '--write'], { files: { ...FILES, 'k8s/cm.yaml': broken }, real: true });
    expect(r.code).toBe(2);
    expect(r.io.read('k8s/ds.yaml')).toBe(FILES['k8s/ds.yaml']);
    expect(r.io.read('k8s/cm.yaml')).toBe(broken);
    expect(r.io.read('k8s/ds2.yaml')).not.toBe(FILES['k8s/ds2.yaml']);
    expect(r.stderr).toMatch(/^k8s\/ds\.yaml:1:1: error DEPLOYMENT_RELATED not written: k8s\/cm\.yaml:11:5 cannot be migrated \(BAD_HEADER: /m);
  });

  it('a ConfigMap above --max-file-size: the DaemonSet that mounts it is not written, the complete deployment is', async () => {
    const files = { ...FILES, 'k8s/cm.yaml': `${FILES['k8s/cm.yaml']}# ${'x'.repeat(2000)}\n` };
    const r = await runCli(['k8s', ...RT, '--write', '--max-file-size', '1K'], { files, real: true });
    expect(r.code).toBe(2);
    expect(r.io.read('k8s/ds.yaml')).toBe(files['k8s/ds.yaml']);
    expect(r.io.read('k8s/cm.yaml')).toBe(files['k8s/cm.yaml']);
    expect(r.io.read('k8s/ds2.yaml')).not.toBe(files['k8s/ds2.yaml']);
    expect(r.io.read('k8s/cm2.yaml')).not.toBe(files['k8s/cm2.yaml']);
    expect(r.stderr).toMatch(/^k8s\/cm\.yaml: error FILE_TOO_LARGE /m);
    expect(r.stderr).toMatch(/^k8s\/ds\.yaml:1:1: error DEPLOYMENT_RELATED not written: k8s\/cm\.yaml could not be read \(FILE_TOO_LARGE: /m);
  });
});
