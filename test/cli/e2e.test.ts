import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from '../helpers/child-process.js';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/bin.js';

// Spawns the BUILT bin (what package.json `bin` names: the bundle), as users run it. .ci/run builds
// before testing; locally run `npm run build` first.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'fixtures/cli/tree');
const FILES = ['logging/fluent-bit-configmap.yaml', 'logging/fluent-bit-daemonset.yaml', 'raw/fluent-bit.conf', 'raw/notes.txt'];

function cli(args: string[], input?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR; // it would win over NO_COLOR
  delete env.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('built binary (e2e)', () => {
  let dir: string;
  const read = (p: string) => readFileSync(join(dir, p), 'utf8');

  beforeAll(() => {
    expect(existsSync(BIN), `${BIN} is missing: run \`npm run build\` before the tests`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'flb-migrate-e2e-'));
    cpSync(FIXTURE, join(dir, 'tree'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--check, then --write, then --check again is clean', () => {
    const tree = join(dir, 'tree');
    const original = Object.fromEntries(FILES.map((f) => [f, read(`tree/${f}`)]));

    const check = cli([tree, '--runtime', 'containerd', '--check']);
    expect(check.code).toBe(1);
    const wouldChange = check.stdout.split('\n').filter((l) => l.startsWith('would change: '));
    expect(wouldChange).toEqual([
      `would change: ${join(tree, 'logging/fluent-bit-configmap.yaml')}`,
      `would change: ${join(tree, 'logging/fluent-bit-daemonset.yaml')}`,
      `would change: ${join(tree, 'raw/fluent-bit.conf')}`,
    ]);
    expect(check.stderr).toMatch(/\d+ files? would change, \d+ changes?, \d+ warnings?\n$/);
    expect(check.stderr).not.toMatch(/\n\s+at /);
    for (const f of FILES) expect(read(`tree/${f}`)).toBe(original[f]); // --check never writes

    const write = cli([tree, '--runtime', 'containerd', '--write']);
    expect(write.code).toBe(0);
    expect(write.stdout).toBe('');
    expect(write.stderr).toMatch(new RegExp(`${wouldChange.length} files? written`));
    for (const line of wouldChange) {
      const file = line.slice('would change: '.length);
      expect(readFileSync(file, 'utf8')).not.toBe(original[file.slice(tree.length + 1)]);
    }
    expect(read('tree/raw/notes.txt')).toBe(original['raw/notes.txt']);
    expect(read('tree/logging/fluent-bit-configmap.yaml')).toContain('multiline.parser  docker, cri');

    // Nothing left to change. The tree keeps one warning --write cannot fix (INCLUDE_NOT_IN_MOUNT: its ConfigMap,
    // mounted over /fluent-bit/etc, has no parsers.conf), so the second check fails on changes only.
    const again = cli([tree, '--runtime', 'containerd', '--check', '--fail-on', 'change']);
    expect(again).toMatchObject({ code: 0, stdout: '' });
  });

  it('reads stdin, reports missing paths, prints the version', () => {
    const piped = cli(['-', '--runtime', 'cri-o', '--format', 'json'], readFileSync(join(FIXTURE, 'logging/fluent-bit-configmap.yaml'), 'utf8'));
    expect(piped.code).toBe(0);
    expect((JSON.parse(piped.stdout) as { files: Array<{ path: string }> }).files[0]?.path).toBe('<stdin>');

    const missing = cli([join(dir, 'nope.yaml'), '--runtime', 'containerd']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: error ENOENT no such file or directory');

    const version = cli(['--version']);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('a plain run over the fixture repo (real file system, real symlink, .flbmigrateignore) exits 0; --check exits 1', () => {
    const repo = join(dir, 'repo');
    cpSync(join(ROOT, 'fixtures/cli/repo'), repo, { recursive: true, verbatimSymlinks: true });
    const plain = cli([repo, '--runtime', 'containerd']);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toMatch(/: error /);
    expect(plain.stderr).not.toContain('clusters/current');
    // infra/nginx and infra/redis hold no Fluent Bit or Docker marker: skipped unread.
    expect(plain.stderr).toMatch(/8 files would change, \d+ changes, 3 warnings, 3 files skipped \(no Fluent Bit or Docker marker\)\n$/);
    expect(cli([repo, '--runtime', 'containerd', '--check']).code).toBe(1);
  });
});
