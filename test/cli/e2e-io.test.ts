import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from '../helpers/child-process.js';
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/bin.js';

// The built binary against real terminals, pipes and file systems: what the
// in-memory tests (behaviour.test.ts) cannot show. Needs `npm run build`.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIGMAP = readFileSync(join(ROOT, 'fixtures/cli/tree/logging/fluent-bit-configmap.yaml'), 'utf8');
const ENV = Object.fromEntries(Object.entries({ ...process.env, NO_COLOR: '1' }).filter(([k]) => k !== 'FORCE_COLOR' && k !== 'GITHUB_STEP_SUMMARY'));
const sh = (script: string, options: { uid?: number; gid?: number } = {}) =>
  spawnSync('bash', ['-c', script], { encoding: 'utf8', env: ENV, ...options });
const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

describe('built binary: terminals, pipes and failing outputs', () => {
  let dir: string;
  let tree: string;
  beforeAll(() => {
    expect(existsSync(BIN), `${BIN} is missing: run \`npm run build\` before the tests`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'flb-migrate-io-'));
    tree = join(dir, 'tree');
    // 320 files (over the progress threshold), every 10th one to migrate.
    for (let i = 0; i < 320; i++) {
      mkdirSync(join(tree, `d${i % 16}`), { recursive: true });
      writeFileSync(join(tree, `d${i % 16}`, `f${i}.yaml`), i % 10 === 0 ? CONFIGMAP : 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [['--help']],
    [['--version']],
    [['TREE', '--runtime', 'containerd', '--format', 'json']],
    [['TREE', '--runtime', 'containerd']],
  ])('%j >/dev/full: one line naming ENOSPC, exit 2', (args) => {
    const argv = args.map((a) => (a === 'TREE' ? tree : a));
    const r = sh(`node ${q(BIN)} ${argv.map(q).join(' ')} >/dev/full`);
    expect(r.status).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('flb-migrate:'));
    expect(lines).toEqual(['flb-migrate: cannot write to standard output: no space left on device (ENOSPC)']);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('| head: a closed pipe is a quiet exit with the exit code of the run', () => {
    const r = sh(`set -o pipefail; node ${q(BIN)} ${q(tree)} --runtime containerd | head -c 100 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`);
    // The 8 directories of Services only are skipped by the prefilter (no Fluent Bit or Docker marker).
    expect(r.stderr).toMatch(/32 files would change, 32 changes, 0 warnings, 160 files skipped \(no Fluent Bit or Docker marker\)\nexit=0\n$/);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    const check = sh(`node ${q(BIN)} ${q(tree)} --runtime containerd --check | head -n 1 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`);
    expect(check.stderr).toMatch(/exit=1\n$/);
  });

  it('on a terminal, the progress line never shares a line with stdout output', () => {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
    expect(script.status, 'script(1) from util-linux is needed for a pseudo-terminal').toBe(0);
    const r = spawnSync('script', ['-qfec', `node ${q(BIN)} ${q(tree)} --runtime containerd`, '/dev/null'], { encoding: 'utf8', env: ENV });
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/\r\[\d+\/320\] files/); // progress was shown
    expect(out).toContain('+++ b/'); // and diffs too
    // Every progress text is followed by a carriage return (a redraw or the erase), never by other output.
    for (const m of out.matchAll(/\[\d+\/320\] files(.)/gs)) expect(m[1]).toBe('\r');
    expect(out).toMatch(/\r\u001b\[K32 files would change/);
  });

  it('EACCES on the directory an atomic rename needs: one line, exit 2, file untouched', () => {
    const locked = join(dir, 'locked');
    cpSync(join(ROOT, 'fixtures/cli/tree/raw'), locked, { recursive: true });
    const file = join(locked, 'fluent-bit.conf');
    const before = readFileSync(file, 'utf8');
    chmodSync(file, 0o666);
    chmodSync(locked, 0o555);
    chmodSync(dir, 0o755);
    // root ignores directory permissions: run as nobody then (CI runs as root).
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    try {
      if ('uid' in asNobody) accessSync(BIN, constants.R_OK);
    } catch {
      return; // the checkout is not readable by nobody: covered in memory by behaviour.test.ts
    }
    const r = sh(`node ${q(BIN)} ${q(file)} --runtime containerd --write`, asNobody);
    chmodSync(locked, 0o755);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.includes('EACCES'))).toEqual([
      `${file}: error EACCES not written: permission denied in directory ${locked}/ (the atomic write creates a temporary file there and renames it over the file; the directory must be writable)`,
    ]);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('no arguments prints the help (exit 0); -V prints the version', () => {
    const help = sh(`node ${q(BIN)}`);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: flb-migrate /);
    const version = sh(`node ${q(BIN)} -V`);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('- --write with an input error leaves nothing downstream and exits 2; valid input is migrated', () => {
    const out = join(dir, 'out.yaml');
    // (a template was the input error here; templates are now a warning or an info, never an error)
    const bad = sh(`printf 'data:\\n  x: 1\\n  y: [\\n' | node ${q(BIN)} - --runtime containerd --write > ${q(out)}; echo "exit=$?" >&2`);
    expect(bad.stderr).toMatch(/exit=2\n$/);
    expect(readFileSync(out, 'utf8')).toBe('');
    const good = sh(`node ${q(BIN)} - --runtime containerd --write < ${q(join(tree, 'd0/f0.yaml'))} > ${q(out)}`);
    expect(good.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('multiline.parser  docker, cri');
  });
});
