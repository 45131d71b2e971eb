import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from '../helpers/child-process.js';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { run } from '../../src/cli/run.js';
import type { MigrateWorkers } from '../../src/cli/io.js';
import { workerPool } from '../../src/cli/worker-pool.js';
import { fromWire, textsByPath, toWire } from '../../src/cli/worker.js';
import { migrate } from '../../src/migrate/migrate.js';
import type { SourceFile } from '../../src/source/source-file.js';
import { deserialize, serialize } from 'node:v8';
import { MemoryIo } from './helpers/memory-io.js';
import { BIN } from '../helpers/bin.js';

// A run with many batches migrates them on worker threads (src/cli/worker-pool.ts)
// and reports them in batch order: the built bin gives the same bytes on stdout and
// stderr, the same exit code and the same written files with threads as without
// (FLB_MIGRATE_WORKERS=1), over a tree mixing every kind of fixture the CLI meets
// (Fluent Bit manifests, values, plain configs, an unrelated directory, a broken
// file, a file the prefilter skips).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = ['fixtures/cli/tree', 'fixtures/cli/repo', 'fixtures/prefilter'];

function cli(args: string[], workers: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FLB_MIGRATE_WORKERS: String(workers) };
  delete env.FORCE_COLOR;
  delete env.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('worker threads (many batches)', () => {
  let dir: string;
  beforeAll(() => {
    expect(existsSync(BIN), `${BIN} is missing: run \`npm run build\` before the tests`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'flb-migrate-workers-'));
    // 3 sources x 30 copies: well above the 64 batches from which threads start.
    for (let i = 0; i < 30; i++) {
      for (const source of SOURCES) cpSync(join(ROOT, source), join(dir, 'a', `copy-${String(i).padStart(2, '0')}`, source.split('/').pop() as string), { recursive: true, dereference: false });
    }
    mkdirSync(join(dir, 'a', 'broken'), { recursive: true });
    writeFileSync(join(dir, 'a', 'broken', 'fluent-bit.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fluent-bit\ndata:\n  a: [\n');
    cpSync(join(dir, 'a'), join(dir, 'b'), { recursive: true, verbatimSymlinks: true });
  }, 120_000); // writing the tree, on a loaded machine
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 120_000); // a loaded machine overran the default 10 s removing the tree

  it('--check and --format json give the same bytes and exit code with and without threads', () => {
    for (const args of [['--check'], ['--format', 'json']]) {
      const one = cli([join(dir, 'a'), '--runtime', 'containerd', ...args], 1);
      const two = cli([join(dir, 'a'), '--runtime', 'containerd', ...args], 2);
      expect(one.stderr).not.toMatch(/internal error/);
      expect(two).toEqual(one);
    }
  });

  it('--write writes the same files with and without threads', () => {
    const one = cli([join(dir, 'a'), '--runtime', 'containerd', '--write'], 1);
    const two = cli([join(dir, 'b'), '--runtime', 'containerd', '--write'], 2);
    expect(two.code).toBe(one.code);
    expect(two.stdout.split(join(dir, 'b')).join('<dir>')).toBe(one.stdout.split(join(dir, 'a')).join('<dir>'));
    expect(files(join(dir, 'b'))).toEqual(files(join(dir, 'a')));
  });

  it('batches the threads fail (late, or because none could start) are migrated by the main thread: same output', async () => {
    const tree = readFileSync(join(ROOT, 'fixtures/cli/tree/logging/fluent-bit-configmap.yaml'), 'utf8');
    const daemonSet = readFileSync(join(ROOT, 'fixtures/cli/tree/logging/fluent-bit-daemonset.yaml'), 'utf8');
    const files: Record<string, string> = {};
    for (let i = 0; i < 70; i++) Object.assign(files, { [`t/d${i}/cm.yaml`]: tree, [`t/d${i}/ds.yaml`]: daemonSet });
    const argv = ['t', '--runtime', 'containerd', '--check'];
    const outcome = async (workers: MigrateWorkers | undefined) => {
      const io = new MemoryIo({ files });
      if (workers) Object.assign(io, { workers });
      const code = await run(argv, io);
      return { code, stdout: io.stdoutText, stderr: io.stderrText };
    };
    const plain = await outcome(undefined);
    expect(plain.code).toBe(1);
    let closed = 0;
    const failing = (how: 'late' | 'sync'): MigrateWorkers => ({
      size: 2,
      run: () => (how === 'sync' ? Promise.reject(new Error('cannot start a thread')) : new Promise((_, reject) => setTimeout(() => reject(new Error('thread died')), 5))),
      close: async () => void closed++,
    });
    expect(await outcome(failing('late'))).toEqual(plain);
    expect(await outcome(failing('sync'))).toEqual(plain);
    expect(closed).toBe(2);
  });

  it('threads start only once 64 batches to migrate (kept by the prefilter) have been read', async () => {
    const configMap = readFileSync(join(ROOT, 'fixtures/cli/tree/logging/fluent-bit-configmap.yaml'), 'utf8');
    const unrelated = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  ports:\n    - port: 80\n';
    /** How many batches went to the (failing, so the main thread migrates them: same output) threads. */
    const threaded = async (every: number, total: number): Promise<number> => {
      const files: Record<string, string> = {};
      for (let i = 0; i < total; i++) files[`t/d${String(i).padStart(4, '0')}/x.yaml`] = i % every === 0 ? configMap : unrelated;
      const plain = new MemoryIo({ files });
      const code = await run(['t', '--runtime', 'containerd', '--check'], plain);
      const io = new MemoryIo({ files });
      let runs = 0;
      const counting: MigrateWorkers = { size: 2, run: () => (runs++, Promise.reject(new Error('not a real thread'))), close: async () => undefined };
      Object.assign(io, { workers: counting });
      expect(await run(['t', '--runtime', 'containerd', '--check'], io)).toBe(code);
      expect(io.stdoutText).toBe(plain.stdoutText);
      expect(io.stderrText).toBe(plain.stderrText);
      return runs;
    };
    // A GitOps tree: 1,000 directories, 40 of Fluent Bit's, wherever they are: one thread.
    expect(await threaded(25, 1000)).toBe(0);
    // Every directory Fluent Bit's: all on threads (the first 64 were read ahead, not migrated).
    expect(await threaded(1, 100)).toBe(100);
    // 80 of 2,000, spread: the main thread migrates the first 63, threads the rest.
    expect(await threaded(25, 2000)).toBe(17);
  });

  it('a thread that dies fails its batch (the CLI then migrates it itself)', async () => {
    const entry = join(dir, 'dies.mjs');
    writeFileSync(entry, 'process.exit(3);\n');
    const pool = workerPool(pathToFileURL(entry), 2);
    await expect(pool.run([{ path: 'x.conf', text: '' }], { runtime: 'containerd' })).rejects.toThrow(/exited with code 3|no migration worker left/);
    await pool.close();
  });

  it('a thread answers without the texts the main thread holds, and the main thread restores the very same result', () => {
    // Every fixture directory of the CLI trees as a batch, plus a broken file (unchanged output) and a renamed path.
    const batches: SourceFile[][] = [];
    const walk = (d: string): void => {
      const here: SourceFile[] = [];
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else here.push({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') });
      }
      if (here.length > 0) batches.push(here);
    };
    for (const source of SOURCES) walk(join(ROOT, source));
    batches.push([{ path: 'broken.yaml', text: 'a: [\n' }]);
    let unchanged = 0;
    for (const files of batches) {
      const texts = textsByPath(files);
      for (const r of migrate(files, { runtime: 'containerd' }).files) {
        const wire = toWire(r, texts);
        expect(wire).not.toHaveProperty('before');
        if (r.output === r.before) {
          unchanged++;
          expect(wire).not.toHaveProperty('output');
        }
        const back = fromWire(deserialize(serialize(wire)), texts);
        expect(back).toEqual(r);
        expect(Object.keys(back)).toEqual(Object.keys(r));
      }
    }
    expect(unchanged).toBeGreaterThan(0);
    // A text the batch did not send (never happens today) travels as it is.
    const odd = { path: 'x.conf', before: 'a', output: 'b', changed: true, edits: [], findings: [], diagnostics: [], hasErrors: false, diff: '' };
    expect(fromWire(deserialize(serialize(toWire(odd, new Map([['x.conf', 'other']])))), new Map())).toEqual(odd);
    expect(() => fromWire(toWire(odd, new Map([['x.conf', 'a']])), new Map())).toThrow(/did not hold/);
  });
});
