import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Packs the built package, installs the tarball into a fresh project and runs
// the installed bin: catches a wrong `bin`/`files`/`exports`, a missing
// shebang, or a package.json lookup that only works inside the repo.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('npm pack + install', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flb-migrate-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs and runs the flb-migrate bin and the codemod export', { timeout: 120_000 }, () => {
    expect(existsSync(join(ROOT, 'dist/cli/main.js')), 'dist is missing: run `npm run build` before the tests').toBe(true);
    // --ignore-scripts: dist is already built (.ci/run builds first); `prepare` would rebuild it.
    execFileSync(NPM, ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball, 'npm pack produced no tarball').toBeDefined();

    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-test', private: true, type: 'module' }));
    const install = (extra: string[]) =>
      spawnSync(NPM, ['install', join(dir, tarball ?? ''), '--no-audit', '--no-fund', '--ignore-scripts', ...extra], { cwd: project, encoding: 'utf8' });
    // chevrotain, yaml and diff are in the npm cache on CI; go online only if they are not.
    let installed = install(['--offline']);
    if (installed.status !== 0) installed = install(['--prefer-offline']);
    expect(installed.status, installed.stderr).toBe(0);

    const version = spawnSync(NPX, ['--no', '--', 'flb-migrate', '--version'], { cwd: project, encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(VERSION);

    const file = join(project, 'fluent-bit.conf');
    const source = readFileSync(join(ROOT, 'fixtures/cli/tree/raw/fluent-bit.conf'), 'utf8');
    writeFileSync(file, source);
    const migrated = spawnSync(NPX, ['--no', '--', 'flb-migrate', file, '--runtime', 'containerd', '--format', 'json'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(migrated.status, migrated.stderr).toBe(0);
    const doc = JSON.parse(migrated.stdout) as { files: Array<{ path: string; changed: boolean; diff: string }>; summary: { files: number } };
    expect(doc.files.map((f) => f.path)).toEqual([file]);
    expect(doc.files[0]?.changed).toBe(true);
    expect(doc.files[0]?.diff).toContain('+    multiline.parser  docker, cri');
    expect(doc.summary.files).toBe(1);

    const codemod = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import t from 'flb-migrate/codemod'; console.log(typeof t, String(t({ path: 'a.conf', source: '' }, {}, {})));"],
      { cwd: project, encoding: 'utf8' },
    );
    expect(codemod.stderr).toBe('');
    expect(codemod.stdout.trim()).toBe('function undefined');
  });
});
