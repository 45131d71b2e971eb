import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CHILD_TIMEOUT_MS } from '../helpers/child-process.js';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- a plain .mjs module of the bench, without types
import { fluentBitPlan, gitopsPlan, writeTree } from '../../bench/generate-tree.mjs';
import { BIN } from '../helpers/bin.js';

/*
 * The built bin over whole repositories, end to end: the trees of
 * `npm run bench:tree` (bench/generate-tree.mjs), a GitOps repository of
 * 10,000 files (1% Fluent Bit's, the rest skipped by the prefilter) and a
 * Fluent Bit-only tree of 500 files in 125 directories (125 batches: worker
 * threads start at 64). The plain run, --check and --write go once with two
 * threads and once without (FLB_MIGRATE_WORKERS=1): the same bytes on stdout
 * and stderr, the same exit code, the same files written (one tree: the
 * second --write runs after the first one's writes are undone). No timing: bench:tree measures. (The whole file takes ~25 s
 * on a 2-core machine: the Fluent Bit tree is as small as still starts
 * threads.)
 */

type Plan = [dir: string, name: string, text: string][];

const TREES: { kind: string; plan: Plan; changed: number; changes: number; warnings: number; skipped: number }[] = [
  // 50 logging directories (ConfigMap: 1 change, 1 warning; DaemonSet: 2 changes); the 9,750 files of the others are skipped.
  { kind: 'gitops', plan: gitopsPlan(10_000), changed: 100, changes: 150, warnings: 50, skipped: 9_750 },
  // 125 directories of 4 files (8 changes and 1 warning each): 125 batches, so threads start (at 64).
  { kind: 'fluent-bit', plan: fluentBitPlan(500), changed: 500, changes: 1_000, warnings: 125, skipped: 0 },
];

/** The mode each file gets before the runs, so that --write keeping it shows: most 0644, some 0600 and 0755. */
const modeOf = (i: number): number => (i % 7 === 3 ? 0o600 : i % 11 === 5 ? 0o755 : 0o644);

/*
 * Spawned asynchronously: a spawnSync of ~20 s (a loaded machine) blocks the test
 * worker's event loop, so vitest's own RPC to it times out ("Timeout calling
 * onTaskUpdate") although no test failed.
 */
function cli(cwd: string, args: string[], workers: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FLB_MIGRATE_WORKERS: String(workers) };
  delete env.FORCE_COLOR;
  delete env.GITHUB_STEP_SUMMARY;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'tree', '--runtime', 'containerd', ...args], { cwd, env, timeout: CHILD_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

describe.each(TREES)('the built bin on the $kind tree ($plan.length files)', ({ plan, changed, changes, warnings, skipped }) => {
  // The tree is tree/ under `work`, the runs' working directory (so outputs name tree/...).
  let work: string;
  const files = plan.map(([dir, name]) => join(dir, name));
  const at = (f: string) => join(work, 'tree', f);
  /** Runs with threads; with `alone`, first without them too, and expects the same outcome. */
  const run = async (args: string[], alone = false) => {
    const one = alone ? await cli(work, args, 1) : undefined;
    const two = await cli(work, args, 2);
    expect(two.stderr).not.toMatch(/internal error|\n\s+at /);
    if (one !== undefined) expect(two).toEqual(one);
    return two;
  };
  const tail = (head: string) => `${head}, ${changes} changes, ${warnings} warnings${skipped > 0 ? `, ${skipped} files skipped (no Fluent Bit or Docker marker)` : ''}\n`;

  beforeAll(() => {
    expect(existsSync(BIN), `${BIN} is missing: run \`npm run build\` before the tests`).toBe(true);
    work = mkdtempSync(join(tmpdir(), 'flb-migrate-big-tree-'));
    writeTree(join(work, 'tree'), plan);
    files.forEach((f, i) => chmodSync(at(f), modeOf(i)));
  }, 120_000); // 10,000 files written: more than the default 10 s hook timeout on a loaded machine
  afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000); // removing them too

  // The files a plain run's diff names, relative to tree/.
  let named: string[] = [];

  it('a plain run prints the diff and exits 0; --check exits 1 naming the same files; the summaries count them', async () => {
    const plain = await run([], true);
    expect(plain.code).toBe(0);
    expect(plain.stderr.endsWith(tail(`${changed} files would change`))).toBe(true);
    named = [...plain.stdout.matchAll(/^\+\+\+ b\/tree\/(.+)$/gm)].map((m) => m[1] as string);
    expect(named).toHaveLength(changed);
    expect(new Set(named).size).toBe(changed);
    for (const f of named) expect(files).toContain(f);

    const check = await run(['--check'], true);
    expect(check.code).toBe(1);
    expect(check.stderr.endsWith(tail(`${changed} files would change`))).toBe(true);
    expect(check.stdout.split('\n').filter((l) => l !== '')).toEqual(named.map((f) => `would change: ${join('tree', f)}`));
  });

  it('--format json: the summary, skipped included', async () => {
    const json = await run(['--format', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { summary: Record<string, number>; files: { path: string; changed: boolean }[] };
    expect(report.summary).toEqual({ files: plan.length - skipped, changed, written: 0, changes, warnings, errors: 0, skipped });
    expect(report.files.filter((f) => f.changed).map((f) => f.path)).toEqual(named.map((f) => join('tree', f)));
  });

  it('--write writes exactly the files the diff named, keeping their modes, the same with threads as without; --check then finds nothing to change', async () => {
    const before = files.map((f) => readFileSync(at(f)));
    const after = (): Buffer[] =>
      files.map((f, i) => {
        expect(statSync(at(f)).mode & 0o777, f).toBe(modeOf(i));
        return readFileSync(at(f));
      });
    // Without threads first; its writes are then undone (the file keeps its mode) for the run with threads.
    const alone = await cli(work, ['--write'], 1);
    const one = after();
    one.forEach((bytes, i) => (bytes.equals(before[i] as Buffer) ? undefined : writeFileSync(at(files[i] as string), before[i] as Buffer)));
    const write = await run(['--write']);
    expect(write).toEqual(alone);
    expect(write.code).toBe(0);
    expect(write.stderr.endsWith(tail(`${changed} files written`))).toBe(true);
    const two = after();
    const written = files.filter((f, i) => {
      expect((two[i] as Buffer).equals(one[i] as Buffer), f).toBe(true);
      return !(two[i] as Buffer).equals(before[i] as Buffer);
    });
    expect(written.sort()).toEqual([...named].sort());

    // The warnings stay (a ConfigMap's parsers.conf is not in its mount): --check still fails on them, not on changes.
    const again = await run(['--check', '--fail-on', 'change']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/\n0 files would change, 0 changes, /);
    expect((await run(['--check'])).code).toBe(1);
  });
});
