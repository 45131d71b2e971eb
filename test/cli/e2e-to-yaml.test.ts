import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from '../helpers/child-process.js';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTreeObject } from '../helpers/golden.js';
import { BIN } from '../helpers/bin.js';

// Spawns the BUILT bin (package.json `bin`) with --to-yaml --write on a real
// temporary tree: a ConfigMap + DaemonSet with Docker-era settings and a
// directory of plain files with includes. .ci/run builds before testing.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function cli(args: string[], cwd?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('built binary: --to-yaml --write on a temporary tree', () => {
  let dir: string;

  const copyInputs = (to: string): void => {
    cpSync(join(ROOT, 'fixtures/to-yaml/runtime-and-yaml/docker-era/input'), join(to, 'k8s'), { recursive: true });
    cpSync(join(ROOT, 'fixtures/to-yaml/plain-files/includes/input'), join(to, 'vm'), { recursive: true });
    cpSync(join(ROOT, 'fixtures/to-yaml/plain-files/inlined/input'), join(to, 'inl'), { recursive: true });
  };

  beforeAll(() => {
    expect(existsSync(BIN), `${BIN} is missing: run \`npm run build\` before the tests`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'flb-migrate-e2e-yaml-'));
    copyInputs(join(dir, 'work'));
    copyInputs(join(dir, 'patched'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--check, --write, --check again: files converted, renamed, old ones gone; the dry-run diff applies with git apply', () => {
    const work = join(dir, 'work');
    const check = cli(['.', '--runtime', 'containerd', '--to-yaml', '--check'], work);
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n').filter((l) => l !== '')).toEqual([
      'would change: inl/fluent-bit.conf -> inl/fluent-bit.yaml',
      'would change: inl/middle.conf (removed)',
      'would change: k8s/fluent-bit-configmap.yaml',
      'would change: k8s/fluent-bit-daemonset.yaml',
      'would change: vm/conf.d/10-syslog.conf -> vm/conf.d/10-syslog.yaml',
      'would change: vm/conf.d/20-nginx.conf -> vm/conf.d/20-nginx.yaml',
      'would change: vm/fluent-bit.conf -> vm/fluent-bit.yaml',
      'would change: vm/parsers.conf -> vm/parsers.yaml',
    ]);
    const diff = cli(['.', '--runtime', 'containerd', '--to-yaml'], work);
    expect(diff.code).toBe(0);
    expect(diff.stderr).not.toMatch(/\n\s+at /);

    const write = cli(['.', '--runtime', 'containerd', '--to-yaml', '--write'], work);
    expect(write.code, write.stderr).toBe(0);
    expect(write.stderr).toMatch(/8 files written, \d+ changes, 0 warnings\n$/);
    const after = readTreeObject(work);
    expect(Object.keys(after)).toEqual([
      'inl/fluent-bit.yaml', 'k8s/fluent-bit-configmap.yaml', 'k8s/fluent-bit-daemonset.yaml', 'vm/README.txt',
      'vm/conf.d/10-syslog.yaml', 'vm/conf.d/20-nginx.yaml', 'vm/fluent-bit.yaml', 'vm/parsers.yaml',
    ]);
    expect(after['k8s/fluent-bit-configmap.yaml']).toContain('  fluent-bit.yaml: |\n    service:\n');
    expect(after['k8s/fluent-bit-configmap.yaml']).toContain('multiline.parser: docker, cri');
    expect(after['k8s/fluent-bit-daemonset.yaml']).toContain('        args:\n        - -c\n        - /fluent-bit/etc/fluent-bit.yaml\n');
    expect(after['k8s/fluent-bit-daemonset.yaml']).not.toContain('/var/lib/docker/containers');

    const again = cli(['.', '--runtime', 'containerd', '--to-yaml', '--check'], work);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toBe('');

    // The dry-run diff, applied with git to an untouched copy, gives the same tree.
    const patched = join(dir, 'patched');
    writeFileSync(join(dir, 'to-yaml.diff'), diff.stdout);
    const apply = spawnSync('git', ['apply', '--verbose', join(dir, 'to-yaml.diff')], { cwd: patched, encoding: 'utf8' });
    expect(apply.status, apply.stderr).toBe(0);
    expect(readTreeObject(patched)).toEqual(after);
  });
});
