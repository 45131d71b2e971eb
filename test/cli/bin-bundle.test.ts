import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from '../helpers/child-process.js';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, BIN_RELATIVE } from '../helpers/bin.js';
// @ts-expect-error -- a plain .mjs module of the bench, without types
import { generateManifest } from '../../bench/generate-scale.mjs';

// The bundled bin (scripts/build-cli.mjs) as users run it: every mode still
// works from the bundle, errors stay one line, and --version / --help never
// load a parser. The evidence is not timing: the bin's entry holds no parser
// code (Chevrotain, yaml), the engine beside it holds both, and with the
// engine and its code cache removed, --version and --help still work while a
// migration fails (so they never read it).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIGMAP = join(ROOT, 'fixtures/cli/tree/logging/fluent-bit-configmap.yaml');
/** Strings that survive minification, one per parser package: a Chevrotain API name and yaml's core tag prefix. */
const PARSER_MARKERS = { chevrotain: 'performSelfAnalysis', yaml: 'tag:yaml.org,2002:' };
const parsersIn = (file: string) => Object.entries(PARSER_MARKERS).filter(([, marker]) => readFileSync(file, 'utf8').includes(marker)).map(([name]) => name);

function cli(args: string[], bin = BIN, input?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A package at `pkg` holding package.json, the bin's entry and (with `engine`) the engine beside it, no code cache; returns the bin. */
function packageLayout(pkg: string, engine: boolean): string {
  const bin = join(pkg, BIN_RELATIVE);
  mkdirSync(dirname(bin), { recursive: true });
  copyFileSync(BIN, bin);
  if (engine) copyFileSync(join(dirname(BIN), 'engine.cjs'), join(dirname(bin), 'engine.cjs'));
  copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  return bin;
}

describe('the bundled bin', () => {
  let dir: string;
  let entryOnly: string;
  beforeAll(() => {
    expect(existsSync(BIN), `${BIN_RELATIVE} is missing: run \`npm run build\` before the tests`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'flb-migrate-bundle-'));
    // The package layout with the bin's entry and nothing else of dist/.
    entryOnly = packageLayout(join(dir, 'pkg'), false);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the entry holds no parser; the engine beside it holds both', () => {
    expect(parsersIn(BIN)).toEqual([]);
    expect(parsersIn(join(dirname(BIN), 'engine.cjs'))).toEqual(['chevrotain', 'yaml']);
    expect(readdirSync(dirname(BIN)).filter((f) => f.endsWith('.js') || f.endsWith('.cjs')).sort()).toEqual(['engine.cjs', 'flb-migrate.js']);
  });

  it.each([[['--version']], [['-V']], [['--help']], [[]], [['--runtime', 'nope', 'x.yaml']], [['--format', 'xml', 'x.yaml']]])('%j works without the engine: it never reads it', (args) => {
    const bundled = cli(args);
    const alone = cli(args, entryOnly);
    expect(alone).toEqual(bundled);
    expect(alone.stderr).not.toMatch(/internal error/);
  });

  it('a migration without the engine fails (the check above is real), in one line', () => {
    const r = cli([CONFIGMAP, '--runtime', 'containerd'], entryOnly);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flb-migrate: internal error: .*engine\.cjs/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a code cache V8 rejects (corrupt, or from another build) costs nothing but the compile: same output', () => {
    const bin = packageLayout(join(dir, 'bad-cache'), true);
    writeFileSync(join(dirname(bin), `engine.${process.versions.v8}.${process.arch}.v8cache`), Buffer.alloc(4096, 7));
    const args = [CONFIGMAP, '--runtime', 'containerd'];
    expect(cli(args, bin)).toEqual(cli(args));
  });

  it('an installed package (no cache shipped) writes one under NODE_COMPILE_CACHE on its first run and starts from it next time: same output', () => {
    const bin = packageLayout(join(dir, 'installed'), true);
    const cacheDir = join(dir, 'compile-cache');
    const run = (extra: NodeJS.ProcessEnv = {}) => {
      const r = spawnSync(process.execPath, [bin, CONFIGMAP, '--runtime', 'containerd'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NODE_COMPILE_CACHE: cacheDir, ...extra } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const cached = () => (existsSync(join(cacheDir, 'flb-migrate')) ? readdirSync(join(cacheDir, 'flb-migrate')) : []);
    expect(run({ FLB_MIGRATE_NO_COMPILE_CACHE: '1' })).toEqual(cli([CONFIGMAP, '--runtime', 'containerd']));
    expect(cached(), 'FLB_MIGRATE_NO_COMPILE_CACHE=1 writes nothing').toEqual([]);
    const first = run();
    expect(cached()).toEqual([expect.stringMatching(new RegExp(`^engine\\.${process.versions.v8.replace(/\./g, '\\.')}\\.${process.arch}\\.\\d+\\.v8cache$`))]);
    expect(run()).toEqual(first);
    // a corrupt one is rejected, recompiled and rewritten
    const [name] = cached();
    writeFileSync(join(cacheDir, 'flb-migrate', name as string), Buffer.alloc(4096, 7));
    expect(run()).toEqual(first);
    expect(readFileSync(join(cacheDir, 'flb-migrate', name as string)).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  // Each shape makes the run change a V8 flag after the engine loaded (gc-tuning.ts): an input above MID_INPUT sets
  // --semi-space-growth-factor, a tree of 64 batches or more starts migration threads with --interrupt-budget.
  it.each([
    ['an input of 256 KiB or more', 'big-stream.yaml', (at: string) => {
      writeFileSync(at, generateManifest(400));
      expect(readFileSync(at).length).toBeGreaterThan(256 * 1024);
    }],
    ['a tree that starts migration threads', 'tree', (at: string) => {
      // A directory is a batch: 70 directories of one small stream each, above run.ts's PARALLEL_MIN_BATCHES (64).
      for (let i = 0; i < 70; i++) {
        mkdirSync(join(at, `app-${i}`), { recursive: true });
        writeFileSync(join(at, `app-${i}`, 'logging.yaml'), generateManifest(1));
      }
    }],
  ])('a run that changes a V8 flag midway (%s) makes a cache the next run accepts', (_shape, input, make) => {
    const bin = packageLayout(join(dir, `installed-${input}`), true);
    const cacheDir = join(dir, `compile-cache-${input}`);
    make(join(dir, input));
    const run = () => {
      const r = spawnSync(process.execPath, [bin, join(dir, input), '--runtime', 'containerd', '--quiet'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NODE_COMPILE_CACHE: cacheDir, FLB_MIGRATE_WORKERS: '2' } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    // The file as written: a rewrite (temp file + rename) is a new inode, even with the same bytes.
    const cacheFile = () => {
      const names = existsSync(join(cacheDir, 'flb-migrate')) ? readdirSync(join(cacheDir, 'flb-migrate')) : [];
      expect(names).toHaveLength(1);
      const at = join(cacheDir, 'flb-migrate', names[0] as string);
      return { ino: statSync(at).ino, bytes: readFileSync(at).toString('base64') };
    };
    const first = run();
    expect(first.code).toBe(0);
    const made = cacheFile();
    // Made before the flag changed (V8 stamps a cache with the flags of that moment): accepted, so never rewritten.
    expect(run()).toEqual(first);
    expect(cacheFile()).toEqual(made);
  });

  it('prints the version, the help, the rule list and a rule explanation', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(cli(['-V'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(cli(['--help']).stdout).toMatch(/^Usage: flb-migrate /);
    const rules = cli(['--list-rules', '--format', 'json']);
    expect(rules.code).toBe(0);
    const ids = (JSON.parse(rules.stdout) as { rules: Array<{ id: string }> }).rules.map((r) => r.id);
    expect(ids).toContain('tail-parser');
    const explained = cli(['--explain', 'tail-parser']);
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toContain('tail-parser');
    expect(cli(['--explain', 'tail-parsr']).stderr).toMatch(/^flb-migrate: .*tail-parser/);
  });

  it('--format json and sarif work from the bundle', () => {
    const json = cli([CONFIGMAP, '--runtime', 'containerd', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { files: Array<{ changed: boolean }> }).files[0]?.changed).toBe(true);
    const sarif = cli([CONFIGMAP, '--runtime', 'containerd', '--format', 'sarif']);
    expect(sarif.code, sarif.stderr).toBe(0);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ results: unknown[]; tool: { driver: { rules: unknown[] } } }> };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.results.length).toBeGreaterThan(0);
    expect(log.runs[0]?.tool.driver.rules.length).toBeGreaterThan(0);
  });

  it('bad input is a file:line:col diagnostic, never a stack trace', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fluent-bit\ndata:\n  a: [\n');
    const r = cli([broken, '--runtime', 'containerd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error YAML_SYNTAX `, 'm'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const piped = cli(['-', '--runtime', 'containerd'], BIN, '[INPUT]\n  Name tail\n Parser docker\n');
    expect(piped.stderr).toMatch(/^<stdin>:\d+:\d+: /m);
    expect(piped.stderr).not.toMatch(/\n\s+at /);
  });
});
