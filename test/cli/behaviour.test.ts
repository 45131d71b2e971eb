import { describe, expect, it } from 'vitest';
import { diffLabel, gitHeaderName, relabelDiff } from '../../src/cli/diff-label.js';
import { decodeInput } from '../../src/cli/encoding.js';
import { configMap, UNCHANGED } from './helpers/fake-migrate.js';
import { runCli } from './helpers/run-cli.js';

const RT = ['--runtime', 'containerd'];
const WARN_ONLY = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  fluent-bit.conf: |\n    [INPUT]\n        Name tail\n        Docker_Mode On\n';

describe('--fail-on and exit codes', () => {
  const files = { 'cm.yaml': configMap('fb'), 'warn.yaml': WARN_ONLY, 'svc.yaml': UNCHANGED, 'bad.yaml': '{{ x }}\n' };
  const code = async (paths: string[], extra: string[]) => (await runCli([...paths, ...RT, ...extra], { files })).code;

  it('--check fails on pending changes or warnings by default (--fail-on warning)', async () => {
    expect(await code(['cm.yaml'], ['--check'])).toBe(1);
    expect(await code(['warn.yaml'], ['--check'])).toBe(1); // a warning alone (e.g. docker_events) fails the gate
    expect(await code(['svc.yaml'], ['--check'])).toBe(0);
  });

  it('--fail-on change: pending changes only; --fail-on error: only errors (exit 2)', async () => {
    expect(await code(['warn.yaml'], ['--check', '--fail-on', 'change'])).toBe(0);
    expect(await code(['cm.yaml'], ['--check', '--fail-on', 'change'])).toBe(1);
    expect(await code(['cm.yaml', 'warn.yaml'], ['--check', '--fail-on', 'error'])).toBe(0);
  });

  it('errors exit 2 whatever --fail-on says', async () => {
    for (const failOn of ['error', 'warning', 'change']) expect(await code(['cm.yaml', 'bad.yaml'], ['--check', '--fail-on', failOn])).toBe(2);
  });

  it('explicit --fail-on applies without --check too: a dry run, and --write (where written changes no longer count)', async () => {
    expect(await code(['cm.yaml'], [])).toBe(0);
    expect(await code(['cm.yaml'], ['--fail-on', 'change'])).toBe(1);
    expect(await code(['cm.yaml'], ['--write', '--fail-on', 'change'])).toBe(0);
    expect(await code(['warn.yaml'], ['--write', '--fail-on', 'warning'])).toBe(1);
  });
});

describe('text output', () => {
  it('dry run says "would change"; diagnostics and findings are merged and sorted by position', async () => {
    const conf = '[INPUT]\n    Name   tail\n    Path   /var/log/containers/*.log\n    Parser docker\n\n[BOGUS]\n    x y\n';
    const r = await runCli(['fluent-bit.conf', ...RT], { files: { 'fluent-bit.conf': conf }, real: true });
    const lines = r.stderr.trim().split('\n');
    expect(lines.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      'fluent-bit.conf:4:5: change tail-parser',
      'fluent-bit.conf:4:5: info fluent-bit-version',
      'fluent-bit.conf:6:1: warning UNKNOWN_SECTION',
      '1 file would',
    ]);
  });

  it('the real fluent-bit-version note is printed once for a ConfigMap with two configs that change', async () => {
    const cm = [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: fb', 'data:',
      '  a.conf: |', '    [INPUT]', '        Name   tail', '        Path   /var/log/containers/a*.log', '        Parser docker',
      '  b.conf: |', '    [INPUT]', '        Name   tail', '        Path   /var/log/containers/b*.log', '        Parser docker', '',
    ].join('\n');
    const r = await runCli(['cm.yaml', ...RT], { files: { 'cm.yaml': cm }, real: true });
    expect(r.stderr.match(/ info fluent-bit-version /g)).toHaveLength(1);
    const json = JSON.parse((await runCli(['cm.yaml', ...RT, '--format', 'json'], { files: { 'cm.yaml': cm }, real: true })).stdout) as {
      files: Array<{ findings: Array<{ ruleId: string }> }>;
    };
    expect(json.files[0]?.findings.filter((f) => f.ruleId === 'fluent-bit-version')).toHaveLength(2); // JSON keeps every finding
  });
});

describe('--stdin-filepath and --output-file', () => {
  it('--stdin-filepath names stdin in findings and diff headers, and its extension picks the reader', async () => {
    const r = await runCli(['-', ...RT, '--stdin-filepath', 'deploy/fluent-bit.conf'], { stdin: '[INPUT]\n    Name tail\n    Parser docker\n' });
    expect(r.fake.calls).toEqual([['deploy/fluent-bit.conf']]);
    expect(r.stdout).toMatch(/^--- a\/deploy\/fluent-bit\.conf\n\+\+\+ b\/deploy\/fluent-bit\.conf\n/);
    const values = await runCli(['-', ...RT, '--stdin-filepath', 'values'], { stdin: configMap('fb') });
    expect(values.fake.calls).toEqual([['values.yaml']]);
    expect(values.stdout).toMatch(/^--- a\/values\n/);
  });

  it('--output-file receives what stdout would, written atomically at the end; stdout stays empty', async () => {
    const r = await runCli(['cm.yaml', ...RT, '--format', 'json', '--output-file', 'out/report.json'], { files: { 'cm.yaml': configMap('fb'), 'out/keep': '' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.io.read('out/report.json') ?? '')).toMatchObject({ schemaVersion: 1 });
    expect(r.stderr).toBe('1 file would change, 1 change, 0 warnings\n');
    const again = await runCli(['cm.yaml', ...RT, '--format', 'json', '--output-file', 'report.json'], {
      files: { 'cm.yaml': configMap('fb'), 'report.json': { text: 'old', mode: 0o600 } },
    });
    expect(JSON.parse(again.io.read('report.json') ?? '')).toMatchObject({ schemaVersion: 1, summary: { changed: 1 } });
    expect(again.io.mode('report.json')).toBe(0o600);
    expect(again.io.paths().filter((p) => p.endsWith('.tmp'))).toEqual([]);
  });

  it('--output-file that cannot be written: one line naming it and the cause, exit 2', async () => {
    const r = await runCli(['cm.yaml', ...RT, '--output-file', 'missing-dir/out.diff'], { files: { 'cm.yaml': configMap('fb') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('flb-migrate: cannot write to --output-file missing-dir/out.diff: no such file or directory (ENOENT)\n');
    expect(r.stderr).not.toContain('internal error');
  });

  it('- with --write and an input error: nothing on stdout (or in --output-file), exit 2', async () => {
    const r = await runCli(['-', ...RT, '--write', '--output-file', 'out.yaml'], { stdin: '{{ .Values }}', files: { 'out.yaml': 'previous\n' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.io.read('out.yaml')).toBe('previous\n');
    const ok = await runCli(['-', ...RT, '--write', '--output-file', 'out.yaml'], { stdin: configMap('fb'), files: { 'out.yaml': 'previous\n' } });
    expect(ok.code).toBe(0);
    expect(ok.io.read('out.yaml')).toContain('multiline.parser docker, cri');
    expect(ok.stderr).toMatch(/1 file written, 1 change, 0 warnings\n$/);
  });
});

describe('output failures', () => {
  it('ENOSPC on stdout: one line naming the cause, exit 2, not an internal error', async () => {
    for (const argv of [['cm.yaml', ...RT, '--format', 'json'], ['--help'], ['--version'], ['cm.yaml', ...RT]]) {
      const r = await runCli(argv, { files: { 'cm.yaml': configMap('fb') }, stdoutError: 'ENOSPC' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('flb-migrate: cannot write to standard output: no space left on device (ENOSPC)\n');
      expect(r.stderr).not.toContain('internal error');
    }
  });

  it('EPIPE on stdout (a closed pipe, `| head`) is quiet: the run finishes with its own exit code', async () => {
    const r = await runCli(['cm.yaml', ...RT, '--check'], { files: { 'cm.yaml': configMap('fb') }, stdoutError: 'EPIPE' });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stderr).toMatch(/1 file would change/);
    const written = await runCli(['cm.yaml', ...RT, '--write'], { files: { 'cm.yaml': configMap('fb') }, stdoutError: 'EPIPE' });
    expect(written.code).toBe(0);
    expect(written.io.read('cm.yaml')).toContain('multiline.parser');
  });

  it('a failing stderr still ends with exit 2 and no exception', async () => {
    const r = await runCli(['cm.yaml', ...RT], { files: { 'cm.yaml': configMap('fb') }, stderrError: 'ENOSPC' });
    expect(r.code).toBe(2);
  });

  it('EACCES on the directory the atomic write needs: one line that says so, exit 2', async () => {
    const r = await runCli(['k8s/cm.yaml', ...RT, '--write'], {
      files: { 'k8s/cm.yaml': configMap('fb') },
      failures: [{ op: 'writeFile', path: /flb-migrate\.tmp$/, code: 'EACCES' }],
    });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.includes('EACCES'))).toEqual([
      'k8s/cm.yaml: error EACCES not written: permission denied in directory k8s/ (the atomic write creates a temporary file there and renames it over the file; the directory must be writable)',
    ]);
  });
});

describe('colors', () => {
  const files = { 'cm.yaml': configMap('fb') };
  it('FORCE_COLOR turns color on without a terminal (and beats NO_COLOR); FORCE_COLOR=0 turns it off', async () => {
    expect((await runCli(['cm.yaml', ...RT], { files, env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[32m');
    expect((await runCli(['cm.yaml', ...RT], { files, env: { FORCE_COLOR: '', NO_COLOR: '1' } })).stdout).toContain('\u001b[');
    expect((await runCli(['cm.yaml', ...RT], { files, env: { FORCE_COLOR: '0', NO_COLOR: undefined }, stdoutIsTTY: true })).stdout).not.toContain('\u001b[');
    expect((await runCli(['cm.yaml', ...RT, '--no-color'], { files, env: { FORCE_COLOR: '3' } })).stdout).not.toContain('\u001b[');
  });
});

describe('progress on a terminal', () => {
  const many = Object.fromEntries(Array.from({ length: 310 }, (_, i) => [`d${i % 31}/f${i}.yaml`, i % 50 === 0 ? configMap(`fb${i}`) : UNCHANGED]));

  it('is erased before any stdout write when stdout is the terminal too', async () => {
    const r = await runCli(['.', ...RT], { files: many, stdoutIsTTY: true, stderrIsTTY: true });
    // Replay both streams in write order on one "terminal": every diff starts on a clean line.
    const writes = r.io.log;
    let isProgressShowing = false;
    for (const w of writes) {
      if (w.stream === 'stderr' && /^\r\[\d+\/310\] files$/.test(w.text)) isProgressShowing = true;
      else if (w.stream === 'stderr' && w.text.startsWith('\r\u001b[K')) isProgressShowing = false;
      else if (w.stream === 'stdout') expect(isProgressShowing, `stdout write over the progress line: ${JSON.stringify(w.text.slice(0, 40))}`).toBe(false);
    }
    expect(writes.some((w) => w.stream === 'stdout')).toBe(true);
    expect(writes.some((w) => w.stream === 'stderr' && w.text.startsWith('\r['))).toBe(true);
  });
});

describe('diff headers', () => {
  it("names files relative to the current directory, never a/../x; spaces get git's trailing TAB, odd names git's C quoting", () => {
    expect(diffLabel('/work/repo', 'k8s/cm.yaml')).toBe('k8s/cm.yaml');
    expect(diffLabel('/work/repo', './k8s/../k8s/cm.yaml')).toBe('k8s/cm.yaml');
    expect(diffLabel('/work/repo', '../other/cm.yaml')).toBe('work/other/cm.yaml');
    expect(diffLabel('/work/repo', '/etc/fluent-bit/fluent-bit.conf')).toBe('etc/fluent-bit/fluent-bit.conf');
    expect(gitHeaderName('a/my file.yaml')).toBe('a/my file.yaml\t');
    expect(gitHeaderName('a/tab\there "q".yaml')).toBe('"a/tab\\there \\"q\\".yaml"');
    expect(gitHeaderName('a/café.yaml')).toBe('"a/caf\\303\\251.yaml"');
    expect(relabelDiff('--- a/x\n+++ b/x\n@@ -1 +1 @@\n--- a/x\n', 'my x')).toBe('--- a/my x\t\n+++ b/my x\t\n@@ -1 +1 @@\n--- a/x\n');
  });

  it('the CLI uses them for ../x and names with spaces', async () => {
    const r = await runCli(['../up/cm.yaml', 'my dir/cm 2.yaml', ...RT], { files: { '/up/cm.yaml': configMap('a'), 'my dir/cm 2.yaml': configMap('b') } });
    expect(r.stdout).toContain('--- a/up/cm.yaml\n+++ b/up/cm.yaml\n');
    expect(r.stdout).not.toContain('a/../');
    expect(r.stdout).toContain('--- a/my dir/cm 2.yaml\t\n+++ b/my dir/cm 2.yaml\t\n');
    expect(r.stderr).toContain('../up/cm.yaml:10:9: change'); // findings keep the user's spelling
  });
});

describe('encodings', () => {
  const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

  it.each([
    ['UTF-16LE with BOM', utf16le('[INPUT]\n'), 'file is UTF-16LE (byte-order mark FF FE), not UTF-8; Fluent Bit and Kubernetes read UTF-8: convert it (iconv -f UTF-16LE -t UTF-8) and run again'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('[INPUT]\n', 'utf16le').swap16()]), 'file is UTF-16BE (byte-order mark FE FF)'],
    ['UTF-16LE without BOM', Buffer.from('apiVersion: v1\nkind: ConfigMap\n', 'utf16le'), 'file looks like UTF-16LE without a byte-order mark'],
    ['UTF-32LE', Buffer.from([0xff, 0xfe, 0, 0, 0x5b, 0, 0, 0]), 'file is UTF-32LE (byte-order mark FF FE 00 00)'],
  ])('%s is named', (_name, bytes, message) => {
    const d = decodeInput(bytes);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.message).toContain(message);
  });

  it('Latin-1 is named with the position of the first non-UTF-8 byte', () => {
    const d = decodeInput(Buffer.from('[INPUT]\n    Name tail\n    # caf\u00e9\n', 'latin1'));
    expect(d).toEqual({
      ok: false,
      line: 3,
      column: 10,
      message: 'file is not UTF-8: byte 0xE9 looks like Latin-1 (ISO-8859-1 / Windows-1252); Fluent Bit and Kubernetes read UTF-8: convert it (iconv -f LATIN1 -t UTF-8) and run again',
    });
  });

  it('UTF-8 (with or without BOM) and binary files pass through to the library', () => {
    expect(decodeInput(Buffer.from('caf\u00e9 \u{1f600}\n'))).toEqual({ ok: true, text: 'caf\u00e9 \u{1f600}\n' });
    expect(decodeInput(Buffer.from('\ufeff[INPUT]\n'))).toEqual({ ok: true, text: '\ufeff[INPUT]\n' });
    expect(decodeInput(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toMatchObject({ ok: true });
  });

  it('the CLI reports them as path:line:col: error ENCODING, files and stdin alike, and goes on', async () => {
    const r = await runCli(['d', '-', ...RT], {
      files: { 'd/a.conf': { bytes: utf16le('[INPUT]\n') }, 'd/b.conf': { bytes: Buffer.from('# \u00e9\n', 'latin1') }, 'd/cm.yaml': configMap('fb') },
      stdin: utf16le('x: 1\n'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('d/a.conf: error ENCODING file is UTF-16LE (byte-order mark FF FE)');
    expect(r.stderr).toContain('d/b.conf:1:3: error ENCODING file is not UTF-8: byte 0xE9 looks like Latin-1');
    expect(r.stderr).toContain('<stdin>: error ENCODING file is UTF-16LE');
    expect(r.stderr).not.toContain('looks binary');
    expect(r.fake.calls).toEqual([['d/cm.yaml']]);
  });
});

describe('GitHub format', () => {
  it('writes a job summary table to $GITHUB_STEP_SUMMARY (appended) when it is set', async () => {
    const r = await runCli(['k8s', ...RT, '--format', 'github', '--check'], {
      files: { 'k8s/cm.yaml': configMap('fb', 'Docker_Mode On'), 'k8s/svc.yaml': UNCHANGED, 'k8s/x|y.yaml': '{{ a }}', 'summary.md': 'earlier step\n' },
      env: { GITHUB_STEP_SUMMARY: '/work/summary.md' },
    });
    expect(r.code).toBe(2);
    expect(r.io.read('summary.md')).toBe([
      'earlier step',
      '### flb-migrate --runtime containerd',
      '',
      '1 file would change, 1 change, 1 warning, 1 error (3 files checked)',
      '',
      '| file | result | changes | warnings | errors |',
      '| --- | --- | ---: | ---: | ---: |',
      '| `k8s/cm.yaml` | would change | 1 | 1 | 0 |',
      '| `k8s/x\\|y.yaml` | not migrated (errors) | 0 | 0 | 1 |',
      '',
      '',
    ].join('\n'));
    const unset = await runCli(['k8s', ...RT, '--format', 'github'], { files: { 'k8s/cm.yaml': configMap('fb') } });
    expect(unset.io.calls.filter((c) => c.op === 'appendFile')).toEqual([]);
  });

  it('multi-line snippets become real lines (%0A), not ⏎', async () => {
    const values = 'image:\n  repository: fluent/fluent-bit\nconfig:\n  inputs: |\n    [INPUT]\n        Name tail\n        Path /var/log/containers/*.log\n        Parser docker\n';
    const r = await runCli(['values.yaml', ...RT, '--format', 'github'], { files: { 'values.yaml': values }, real: true });
    const helm = r.stdout.split('\n').find((l) => l.includes('title=helm-volumes'));
    expect(helm).toContain('add this override: daemonSetVolumes:%0A  - name: varlog%0A');
    expect(helm).not.toContain('\u23ce');
  });
});
