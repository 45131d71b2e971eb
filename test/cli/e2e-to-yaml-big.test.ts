import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from '../helpers/child-process.js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/bin.js';
// @ts-expect-error - a plain .mjs module of the bench
import { generateClassic } from '../../bench/generate-scale.mjs';

// The built bin on a generated ~1 MB classic config with --runtime containerd --to-yaml (issue #14): its
// dry-run diff is a rename whose body rewrites the whole file, far above jsdiff's edit bound, so the
// linear fallback writes it. It applies with git apply and with GNU patch, and the tree it gives has
// nothing left to change.

function cli(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, cwd, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tree = (root: string): Record<string, string> => Object.fromEntries(readdirSync(root).sort().map((n) => [n, readFileSync(join(root, n), 'utf8')]));

describe('built binary: --to-yaml of a ~1 MB classic config', () => {
  let dir: string;
  const text = generateClassic(1_000_000) as string;

  beforeAll(() => {
    expect(readFileSync(BIN).length, `${BIN} is missing: run \`npm run build\` before the tests`).toBeGreaterThan(0);
    dir = mkdtempSync(join(tmpdir(), 'flb-migrate-e2e-big-'));
    for (const d of ['work', 'git', 'patch']) {
      mkdirSync(join(dir, d));
      writeFileSync(join(dir, d, 'fluent-bit.conf'), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a rename diff that git apply and GNU patch apply; the tree it gives needs no change', () => {
    expect(text.length).toBeGreaterThan(900_000);
    const run = cli(['.', '--runtime', 'containerd', '--to-yaml'], join(dir, 'work'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const diff = run.stdout;
    expect(diff.startsWith('diff --git a/fluent-bit.conf b/fluent-bit.yaml\nrename from fluent-bit.conf\nrename to fluent-bit.yaml\n--- a/fluent-bit.conf\n+++ b/fluent-bit.yaml\n@@ -1,')).toBe(true);
    writeFileSync(join(dir, 'to-yaml.diff'), diff);

    const git = spawnSync('git', ['apply', join(dir, 'to-yaml.diff')], { cwd: join(dir, 'git'), encoding: 'utf8' });
    expect(git.status, git.stderr).toBe(0);
    const patch = spawnSync('patch', ['-p1', '--batch', '--forward', '-i', join(dir, 'to-yaml.diff')], { cwd: join(dir, 'patch'), encoding: 'utf8' });
    expect(patch.status, patch.stderr + patch.stdout).toBe(0);
    const converted = tree(join(dir, 'git'));
    expect(Object.keys(converted)).toEqual(['fluent-bit.yaml']);
    expect(tree(join(dir, 'patch'))).toEqual(converted);
    const yaml = converted['fluent-bit.yaml'] as string;
    expect(yaml).toContain('pipeline:\n');
    expect(yaml).toContain('multiline.parser: docker, cri');
    expect(yaml).not.toMatch(/^\s*docker_mode/im);

    // The converted tree is what --write would leave: a second run finds nothing to change.
    const again = cli(['.', '--runtime', 'containerd', '--to-yaml', '--check'], join(dir, 'git'));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toBe('');
  });
});
