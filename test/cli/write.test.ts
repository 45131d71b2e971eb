import { describe, expect, it } from 'vitest';
import { configMap, UNCHANGED } from './helpers/fake-migrate.js';
import { runCli } from './helpers/run-cli.js';

const RT = ['--runtime', 'containerd'];
const MIGRATED = configMap('fb').replace('Parser docker', 'multiline.parser docker, cri');
const TEMP = /^\/work\/k8s\/\.cm\.yaml\.[0-9a-f]{8}\.flb-migrate\.tmp$/;

describe('--write', () => {
  it('writes changed files atomically: temp file in the same directory created with the mode, rename', async () => {
    const r = await runCli(['k8s', ...RT, '--write'], {
      files: { 'k8s/cm.yaml': { text: configMap('fb'), mode: 0o640 }, 'k8s/svc.yaml': UNCHANGED },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.io.read('k8s/cm.yaml')).toBe(MIGRATED);
    expect(r.io.read('k8s/svc.yaml')).toBe(UNCHANGED);
    expect(r.io.mode('k8s/cm.yaml')).toBe(0o640);

    // Two calls per file: the temp file gets the old permission bits as it is written.
    const [write, rename, ...rest] = r.io.calls;
    expect(rest).toEqual([]);
    expect(write).toMatchObject({ op: 'writeFile', mode: 0o640 });
    // Relative input paths give relative temp paths; MemoryIo resolves them against /work.
    const temp = `/work/${write?.path ?? ''}`;
    expect(temp).toMatch(TEMP);
    expect(rename).toEqual({ op: 'rename', path: write?.path, to: 'k8s/cm.yaml' });
    expect(r.io.paths().filter((p) => p.endsWith('.tmp'))).toEqual([]);
    expect(r.stderr).toMatch(/1 file written, 1 change, 0 warnings\n$/);
  });

  it('never writes a file with errors', async () => {
    const r = await runCli(['bad.yaml', ...RT, '--write'], { files: { 'bad.yaml': `${configMap('fb')}x: {{ y }}\n` } });
    expect(r.code).toBe(2);
    expect(r.io.calls).toEqual([]);
  });

  it('removes the temp file and keeps the original when the rename fails', async () => {
    const r = await runCli(['cm.yaml', 'other/cm.yaml', ...RT, '--write'], {
      files: { 'cm.yaml': configMap('fb'), 'other/cm.yaml': configMap('fb') },
      failures: [{ op: 'rename', path: /^\.cm\.yaml\./, code: 'EXDEV' }],
    });
    expect(r.code).toBe(2);
    expect(r.io.read('cm.yaml')).toBe(configMap('fb'));
    expect(r.io.calls.map((c) => c.op)).toEqual(['writeFile', 'rename', 'unlink', 'writeFile', 'rename']);
    expect(r.io.paths().filter((p) => p.endsWith('.tmp'))).toEqual([]);
    expect(r.stderr).toMatch(/^cm\.yaml: error EXDEV not written: /m);
    expect(r.io.read('other/cm.yaml')).toBe(MIGRATED);
    expect(r.stderr).toMatch(/1 file written, 2 changes, 0 warnings, 1 error\n$/);
  });

  it('refuses to write through a symlink', async () => {
    const r = await runCli(['link.yaml', ...RT, '--write'], { files: { 'real.yaml': configMap('fb'), 'link.yaml': { symlink: 'real.yaml' } } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('link.yaml: error SYMLINK not written: refusing to write through a symbolic link');
    expect(r.io.calls).toEqual([]);
    expect(r.io.read('real.yaml')).toBe(configMap('fb'));
  });

  it('reports a read-only file clearly instead of replacing it', async () => {
    const r = await runCli(['cm.yaml', ...RT, '--write'], { files: { 'cm.yaml': { text: configMap('fb'), mode: 0o444 } } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cm.yaml: error READ_ONLY not written: file is read-only (mode 0444)');
    expect(r.io.calls).toEqual([]);
  });

  it('reports a directory that cannot be written to', async () => {
    const r = await runCli(['cm.yaml', ...RT, '--write'], {
      files: { 'cm.yaml': configMap('fb') },
      failures: [{ op: 'writeFile', path: /flb-migrate\.tmp$/, code: 'EACCES' }],
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cm.yaml: error EACCES not written: permission denied');
    expect(r.io.read('cm.yaml')).toBe(configMap('fb'));
  });

  it('prints migrated stdin on stdout, and passes unchanged stdin through', async () => {
    const changed = await runCli(['-', ...RT, '--write'], { stdin: configMap('fb') });
    expect(changed).toMatchObject({ code: 0, stdout: MIGRATED });
    expect(changed.io.calls).toEqual([]);
    const unchanged = await runCli(['-', ...RT, '--write'], { stdin: UNCHANGED });
    expect(unchanged).toMatchObject({ code: 0, stdout: UNCHANGED });
  });

  it('prints nothing on stdout for stdin with errors', async () => {
    const r = await runCli(['-', ...RT, '--write'], { stdin: '{{ .Values }}' });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('<stdin>:1:1: error TEMPLATE_SYNTAX');
  });
});
