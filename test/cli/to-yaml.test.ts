import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { validateReport, validateSarif } from './helpers/schemas.js';

/*
 * --to-yaml through the CLI (in memory, real library): renamed and removed
 * files in every format, and --write that never loses a file: new files
 * first, in-place files next, old files last, undone when a write fails.
 */

const MAIN = '[SERVICE]\n    Flush 1\n\n@INCLUDE inputs.conf\n\n[OUTPUT]\n    Name  stdout\n    Match *\n';
const INPUTS = '[INPUT]\n    Name cpu\n';
const TREE = { 'conf/fluent-bit.conf': { text: MAIN, mode: 0o640 }, 'conf/inputs.conf': INPUTS };
const MAIN_YAML = 'service:\n  flush: 1\n\nincludes:\n  - inputs.yaml\n\npipeline:\n  outputs:\n    - name: stdout\n      match: \'*\'\n';

const CONFIG_MAP = [
  'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: fb', 'data:', '  fluent-bit.conf: |',
  '    [INPUT]', '        Name dummy', '    [OUTPUT]', '        Name  stdout', '        Match *', '',
].join('\n');
const DAEMON_SET = [
  'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata:', '  name: fb', 'spec:', '  selector:', '    matchLabels: {app: fb}', '  template:',
  '    metadata:', '      labels: {app: fb}', '    spec:', '      containers:', '      - name: fluent-bit', '        image: fluent/fluent-bit:3.2.10',
  '        volumeMounts:', '        - name: config', '          mountPath: /fluent-bit/etc/', '      volumes:', '      - name: config', '        configMap:', '          name: fb', '',
].join('\n');

describe('--to-yaml (CLI)', () => {
  it('needs no --runtime; prints rename diffs; --check names the new file', async () => {
    const dry = await runCli(['conf', '--to-yaml'], { files: TREE, real: true });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('diff --git a/conf/fluent-bit.conf b/conf/fluent-bit.yaml\nrename from conf/fluent-bit.conf\nrename to conf/fluent-bit.yaml\n--- a/conf/fluent-bit.conf\n+++ b/conf/fluent-bit.yaml\n');
    expect(dry.stderr).toContain('conf/fluent-bit.conf:1:1: change to-yaml converted to YAML as conf/fluent-bit.yaml');
    expect(dry.stderr).toMatch(/2 files would change, 2 changes, 0 warnings\n$/);
    expect(dry.io.calls).toEqual([]);
    const check = await runCli(['conf', '--to-yaml', '--check'], { files: TREE, real: true });
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('would change: conf/fluent-bit.conf -> conf/fluent-bit.yaml\nwould change: conf/inputs.conf -> conf/inputs.yaml\n');
  });

  it('--write creates the new files first (atomically, mode kept), then removes the old ones', async () => {
    const r = await runCli(['conf', '--to-yaml', '--write'], { files: TREE, real: true });
    expect(r.code).toBe(0);
    expect(r.io.read('conf/fluent-bit.yaml')).toBe(MAIN_YAML);
    expect(r.io.read('conf/inputs.yaml')).toBe('pipeline:\n  inputs:\n    - name: cpu\n');
    expect(r.io.mode('conf/fluent-bit.yaml')).toBe(0o640);
    expect(r.io.paths().filter((p) => p.endsWith('.conf') || p.endsWith('.tmp'))).toEqual([]);
    const ops = r.io.calls.map((c) => `${c.op} ${c.op === 'rename' ? c.to ?? '' : c.path.replace(/\.[0-9a-f]{8}\./, '.X.')}`);
    expect(ops).toEqual([
      // The temp file is created with the old file's mode in the write itself (no chmod call).
      'writeFile conf/.fluent-bit.yaml.X.flb-migrate.tmp', 'rename conf/fluent-bit.yaml',
      'writeFile conf/.inputs.yaml.X.flb-migrate.tmp', 'rename conf/inputs.yaml',
      'unlink conf/fluent-bit.conf', 'unlink conf/inputs.conf',
    ]);
    expect(r.stderr).toMatch(/2 files written, 2 changes, 0 warnings\n$/);
    // A second run finds nothing to do.
    const again = await runCli(['conf', '--to-yaml', '--check'], { files: { 'conf/fluent-bit.yaml': MAIN_YAML, 'conf/inputs.yaml': r.io.read('conf/inputs.yaml') ?? '' }, real: true });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('a new file that cannot be created: nothing of the directory changes', async () => {
    const r = await runCli(['conf', '--to-yaml', '--write'], { files: TREE, real: true, failures: [{ op: 'rename', path: /inputs\.yaml/, code: 'ENOSPC' }] });
    expect(r.code).toBe(2);
    expect(r.io.read('conf/fluent-bit.conf')).toBe(MAIN);
    expect(r.io.read('conf/inputs.conf')).toBe(INPUTS);
    expect(r.io.paths().filter((p) => p.endsWith('.yaml') || p.endsWith('.tmp'))).toEqual([]);
    expect(r.stderr).toMatch(/^conf\/inputs\.conf: error ENOSPC not written: no space left on device \(conf\/inputs\.yaml\)$/m);
    expect(r.stderr).toMatch(/^conf\/fluent-bit\.conf: error NOT_WRITTEN not written: conf\/inputs\.yaml could not be created; nothing of this directory was changed$/m);
    expect(r.stderr).toMatch(/0 files written, 2 changes, 0 warnings, 2 errors\n$/);
  });

  it('a failed in-place write undoes the new files; the old files stay', async () => {
    const r = await runCli(['k8s', '--to-yaml', '--write'], {
      files: { 'k8s/cm.yaml': CONFIG_MAP, 'k8s/ds.yaml': DAEMON_SET, 'k8s/fluent-bit.conf': MAIN, 'k8s/inputs.conf': INPUTS },
      real: true,
      failures: [{ op: 'rename', path: /\.ds\.yaml\./, code: 'EACCES' }],
    });
    expect(r.code).toBe(2);
    expect(r.io.read('k8s/cm.yaml')).toBe(CONFIG_MAP); // written first, then restored with its old text
    expect(r.io.read('k8s/fluent-bit.conf')).toBe(MAIN);
    expect(r.io.paths().filter((p) => p.endsWith('fluent-bit.yaml') || p.endsWith('inputs.yaml'))).toEqual([]);
    expect(r.stderr).toMatch(/^k8s\/ds\.yaml: error EACCES not written: permission denied/m);
  });

  it('restores a file written in place when a later one fails', async () => {
    const r = await runCli(['k8s', '--to-yaml', '--write'], {
      files: { 'k8s/a-cm.yaml': CONFIG_MAP, 'k8s/b-ds.yaml': DAEMON_SET, 'k8s/fluent-bit.conf': MAIN, 'k8s/inputs.conf': INPUTS },
      real: true,
      failures: [{ op: 'rename', path: /\.b-ds\.yaml\./, code: 'EACCES' }],
    });
    expect(r.code).toBe(2);
    expect(r.io.read('k8s/a-cm.yaml')).toBe(CONFIG_MAP);
    expect(r.io.read('k8s/inputs.conf')).toBe(INPUTS);
  });

  it('refuses to replace a .yaml file the walk did not read (the dry run and --check say it first)', async () => {
    const files = { ...TREE, 'conf/inputs.yaml': 'unrelated: true\n' };
    const taken = /^conf\/inputs\.conf:1:1: error to-yaml-unsupported conf\/inputs\.conf would become conf\/inputs\.yaml, which already exists$/m;
    for (const mode of [[], ['--check']]) {
      const dry = await runCli(['conf', '--to-yaml', ...mode, '--exclude', 'inputs.yaml'], { files, real: true });
      expect(dry.code).toBe(2);
      expect(dry.stderr).toMatch(taken);
      expect(dry.stdout).not.toContain('would change');
    }
    const r = await runCli(['conf', '--to-yaml', '--write', '--exclude', 'inputs.yaml'], { files, real: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(taken);
    expect(r.io.read('conf/inputs.yaml')).toBe('unrelated: true\n');
    expect(r.io.read('conf/fluent-bit.conf')).toBe(MAIN);
    expect(r.io.paths().some((p) => p.endsWith('fluent-bit.yaml'))).toBe(false);
  });

  it('a single file named whose .yaml name exists: the dry run and --check report it at 1:1, as --write refuses', async () => {
    const files = { 'conf/fluent-bit.conf': '[INPUT]\n    Name cpu\n[OUTPUT]\n    Name  stdout\n    Match *\n', 'conf/fluent-bit.yaml': 'pipeline: {}\n' };
    for (const mode of [[], ['--check'], ['--write']]) {
      const r = await runCli(['conf/fluent-bit.conf', '--to-yaml', ...mode], { files, real: true });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^conf\/fluent-bit\.conf:1:1: error to-yaml-unsupported conf\/fluent-bit\.conf would become conf\/fluent-bit\.yaml, which already exists$/m);
      expect(r.stdout).toBe('');
      expect(r.io.read('conf/fluent-bit.yaml')).toBe('pipeline: {}\n');
      expect(r.io.read('conf/fluent-bit.conf')).toBe(files['conf/fluent-bit.conf']);
    }
    const free = await runCli(['conf/fluent-bit.conf', '--to-yaml', '--check'], { files: { 'conf/fluent-bit.conf': files['conf/fluent-bit.conf'] }, real: true });
    expect(free.code).toBe(1);
    expect(free.stdout).toBe('would change: conf/fluent-bit.conf -> conf/fluent-bit.yaml\n');
  });

  it('an old file that cannot be removed is reported, and nothing is lost', async () => {
    const r = await runCli(['conf', '--to-yaml', '--write'], { files: TREE, real: true, failures: [{ op: 'unlink', path: 'conf/inputs.conf', code: 'EPERM' }] });
    expect(r.code).toBe(2);
    expect(r.io.read('conf/inputs.conf')).toBe(INPUTS);
    expect(r.io.read('conf/inputs.yaml')).toBe('pipeline:\n  inputs:\n    - name: cpu\n');
    expect(r.stderr).toMatch(/^conf\/inputs\.conf: error EPERM not removed: operation not permitted \(conf\/inputs\.yaml is written\); remove it by hand$/m);
  });

  it('JSON and SARIF carry the renames; both validate against their schemas', async () => {
    const json = await runCli(['conf', '--to-yaml', '--format', 'json'], { files: TREE, real: true });
    const doc = JSON.parse(json.stdout) as { runtime: unknown; toYaml: unknown; files: { path: string; renamedTo?: string; changed: boolean }[] };
    expect(validateReport(doc), JSON.stringify(validateReport.errors)).toBe(true);
    expect(doc.runtime).toBeNull();
    expect(doc.toYaml).toBe(true);
    expect(doc.files.map((f) => [f.path, f.renamedTo, f.changed])).toEqual([['conf/fluent-bit.conf', 'conf/fluent-bit.yaml', true], ['conf/inputs.conf', 'conf/inputs.yaml', true]]);
    const sarif = await runCli(['conf', '--to-yaml', '--runtime', 'containerd', '--format', 'sarif'], { files: TREE, real: true });
    const log = JSON.parse(sarif.stdout) as { runs: { artifacts: { location: { uri: string }; roles: string[] }[]; properties: unknown }[] };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(log.runs[0]?.artifacts.map((a) => `${a.location.uri} ${a.roles.join(',')}`)).toEqual([
      'conf/fluent-bit.conf renamed', 'conf/fluent-bit.yaml added', 'conf/inputs.conf renamed', 'conf/inputs.yaml added',
    ]);
    expect(log.runs[0]?.properties).toEqual({ runtime: 'containerd', toYaml: true, skipped: 0 });
  });

  it('a refused setup is an error (exit 2) and nothing is written, the runtime migration of its files included', async () => {
    const old = DAEMON_SET.replace('3.2.10', '1.9.10');
    const cm = CONFIG_MAP.replace('Name dummy', 'Name   tail\n        Path   /var/log/containers/*.log\n        Parser docker');
    const r = await runCli(['k8s', '--to-yaml', '--runtime', 'containerd', '--write'], { files: { 'k8s/cm.yaml': cm, 'k8s/ds.yaml': old }, real: true });
    expect(r.code).toBe(2);
    expect(r.io.calls).toEqual([]);
    expect(r.stderr).toMatch(/k8s\/cm\.yaml:7:5: error to-yaml-version Fluent Bit 1\.9\.10 .* upgrade first, then convert/);
    expect(r.stderr).toMatch(/k8s\/ds\.yaml:1:1: error to-yaml-related not converted: its setup was refused at k8s\/cm\.yaml:7:5 \(to-yaml-version\)/);
  });

  it('standard input is converted in place of its text, never renamed', async () => {
    const r = await runCli(['-', '--to-yaml', '--write', '--stdin-filepath', 'fluent-bit.conf'], { stdin: MAIN.replace('@INCLUDE inputs.conf\n\n', ''), real: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('service:\n  flush: 1\n\npipeline:\n  outputs:\n    - name: stdout\n      match: \'*\'\n');
    const diff = await runCli(['-', '--to-yaml', '--stdin-filepath', 'fluent-bit.conf'], { stdin: MAIN.replace('@INCLUDE inputs.conf\n\n', ''), real: true });
    expect(diff.stdout).toMatch(/^--- a\/fluent-bit\.conf\n\+\+\+ b\/fluent-bit\.conf\n@@/);
  });

  it('usage: --runtime or --to-yaml; runtime options need --runtime', async () => {
    expect((await runCli(['x.yaml'], {})).stderr).toMatch(/--runtime is required \(one of containerd, cri-o, cri-dockerd\), unless --to-yaml is given/);
    expect((await runCli(['x.yaml', '--to-yaml', '--keep-docker-mount'], {})).code).toBe(2);
  });
});
