import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN, BIN_RELATIVE } from '../helpers/bin.js';

// The bundled bin (scripts/build-cli.mjs) as users run it: every mode still
// works from the bundle, errors stay one line, and --version / --help never
// load a parser. The evidence is the list of files Node's ES module loader
// actually loads, recorded by a module hook (module.register), not timing:
// the parsers' code (Chevrotain, yaml) is in none of the files those runs load,
// while a migration run loads a file that holds it (the markers are real).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIGMAP = join(ROOT, 'fixtures/cli/tree/logging/fluent-bit-configmap.yaml');
/** Strings that survive minification, one per parser package: a Chevrotain API name and yaml's core tag prefix. */
const PARSER_MARKERS = { chevrotain: 'performSelfAnalysis', yaml: 'tag:yaml.org,2002:' };

function cli(args: string[], extraNodeArgs: string[] = [], input?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [...extraNodeArgs, BIN, ...args], { encoding: 'utf8', env, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled bin', () => {
  let dir: string;
  let hookArgs: string[];
  let logFile: string;
  beforeAll(() => {
    expect(existsSync(BIN), `${BIN_RELATIVE} is missing: run \`npm run build\` before the tests`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'flb-migrate-bundle-'));
    logFile = join(dir, 'loaded.log');
    // Loader hooks run off-thread in Node 20; each load appends its URL to the log.
    writeFileSync(join(dir, 'hooks.mjs'), [
      "import { appendFileSync } from 'node:fs';",
      'export async function load(url, context, next) {',
      `  appendFileSync(${JSON.stringify(logFile)}, url + '\\n');`,
      '  return next(url, context);',
      '}',
    ].join('\n'));
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
    hookArgs = ['--import', pathToFileURL(join(dir, 'register.mjs')).href];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The package's files the ES module loader loaded for `args` (absolute paths). */
  function loadedFiles(args: string[]): string[] {
    rmSync(logFile, { force: true });
    const r = cli(args, hookArgs);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    return readFileSync(logFile, 'utf8').split('\n')
      .filter((u) => u.startsWith('file:'))
      .map((u) => fileURLToPath(u))
      .filter((f) => f.startsWith(join(ROOT, 'dist')));
  }
  const parsersIn = (files: string[]) =>
    Object.entries(PARSER_MARKERS).filter(([, marker]) => files.some((f) => readFileSync(f, 'utf8').includes(marker))).map(([name]) => name);

  it.each([[['--version']], [['-V']], [['--help']], [[]], [['--runtime', 'nope', 'x.yaml']]])('%j loads no parser: only the entry and what it imports statically', (args) => {
    const files = loadedFiles(args);
    expect(files[0]).toBe(BIN);
    expect(files.every((f) => f.startsWith(join(ROOT, 'dist/bin/'))), files.join('\n')).toBe(true);
    expect(parsersIn(files)).toEqual([]);
  });

  it('a migration loads the lazy engine, which holds both parsers (the markers above are real)', () => {
    const files = loadedFiles([CONFIGMAP, '--runtime', 'containerd']);
    expect(parsersIn(files)).toEqual(['chevrotain', 'yaml']);
    expect(files.length).toBeLessThanOrEqual(4); // the entry, a shared chunk, the engine: not one file per module
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
    writeFileSync(broken, 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [\n');
    const r = cli([broken, '--runtime', 'containerd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error YAML_SYNTAX `, 'm'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const piped = cli(['-', '--runtime', 'containerd'], [], '[INPUT]\n  Name tail\n Parser docker\n');
    expect(piped.stderr).toMatch(/^<stdin>:\d+:\d+: /m);
    expect(piped.stderr).not.toMatch(/\n\s+at /);
  });
});
