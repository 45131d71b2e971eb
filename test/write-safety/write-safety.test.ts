// --write against a real filesystem: errors never touch a file, a killed run
// leaves every file whole (old or new), no temp file survives a normal run,
// and links/read-only files are refused with a clear error.
import { spawn } from 'node:child_process';
import { CHILD_TIMEOUT_MS } from '../helpers/child-process.js';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { nodeIo } from '../../src/cli/node-io.js';
import { run } from '../../src/cli/run.js';
import { migrate } from '../../src/migrate/migrate.js';
import { BIN, BIN_RELATIVE } from '../helpers/bin.js';
import { configMap, listFiles, TEMP_NAME, writeTree } from './tree.js';

const CLI = BIN;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'flb-write-safety-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The real filesystem, with stdout/stderr captured. */
function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    ...nodeIo(),
    env: { NO_COLOR: '1' },
    stdout: { isTTY: false, write: async (s: string) => void (out += s) },
    stderr: { isTTY: false, write: async (s: string) => void (err += s) },
    out: () => out,
    err: () => err,
  };
}

/** Expected output of every file, computed with the library, batched per directory like the CLI. */
function expectedOutputs(files: readonly string[]): Map<string, string> {
  const byDir = new Map<string, string[]>();
  for (const f of files) byDir.set(dirname(f), [...(byDir.get(dirname(f)) ?? []), f]);
  const out = new Map<string, string>();
  for (const group of byDir.values()) {
    const results = migrate(group.map((path) => ({ path, text: readFileSync(path, 'utf8') })), { runtime: 'containerd' }).files;
    for (const r of results) out.set(r.path, r.output);
  }
  return out;
}

describe('--write with invalid files in the tree', () => {
  it('writes the valid files, leaves invalid ones byte-identical, exits 2 and names each invalid file', async () => {
    const dir = join(root, 'mixed');
    mkdirSync(join(dir, 'a'), { recursive: true });
    mkdirSync(join(dir, 'b'), { recursive: true });
    const valid = [join(dir, 'a/cm.yaml'), join(dir, 'b/cm.yaml')];
    for (const f of valid) writeFileSync(f, configMap('fb'));
    const invalid = {
      [join(dir, 'a/broken.yaml')]: 'apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n',
      [join(dir, 'a/templated.yaml')]: `${configMap('fb2').replace('name: fb2', 'name: {{ .Release.Name }}')}`,
      [join(dir, 'b/bad.conf')]: '[INPUT]\n    Name tail\n    Parser docker\n  Path /var/log/containers/*.log\n',
      [join(dir, 'b/binary.conf')]: '[INPUT]\n    Name tail\u0000\n',
    };
    for (const [f, text] of Object.entries(invalid)) writeFileSync(f, text);
    const expected = expectedOutputs(valid);

    const io = captureIo();
    const code = await run([dir, '--runtime', 'containerd', '--write'], io);

    expect(code).toBe(2);
    for (const f of valid) expect(readFileSync(f, 'utf8')).toBe(expected.get(f));
    for (const f of valid) expect(readFileSync(f, 'utf8')).not.toBe(configMap('fb'));
    for (const [f, text] of Object.entries(invalid)) {
      expect(readFileSync(f, 'utf8'), f).toBe(text);
      expect(io.err(), f).toContain(`${f}:`);
    }
    expect(listFiles(dir).filter((f) => TEMP_NAME.test(basename(f)))).toEqual([]);
  });
});

describe('--write killed midway (SIGKILL)', () => {
  it('leaves every file either fully old or fully new, never truncated', async () => {
    expect(existsSync(CLI), `run \`npm run build\` first: this test spawns the bin (${BIN_RELATIVE})`).toBe(true);
    const dir = join(root, 'killed');
    const files = writeTree(dir, 300, 10, 60);
    const old = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    const expected = expectedOutputs(files);
    const first = files[0] as string;

    const child = spawn(process.execPath, [CLI, dir, '--runtime', 'containerd', '--write', '--quiet'], { stdio: 'ignore', timeout: CHILD_TIMEOUT_MS });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let polls = 0;
    // poll until the first file (first directory, first name) has been replaced
    while (readFileSync(first, 'utf8') === old.get(first) && polls < 3000 && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 2));
      polls++;
    }
    // then let it write for a while, so the kill lands mid-run, likely mid-file
    await new Promise((r) => setTimeout(r, 250));
    child.kill('SIGKILL');
    await exited;

    let fresh = 0;
    const broken: string[] = [];
    for (const f of files) {
      const now = readFileSync(f, 'utf8');
      if (now === expected.get(f)) fresh++;
      else if (now !== old.get(f)) broken.push(`${f}: ${now.length} bytes, neither old (${old.get(f)?.length}) nor new (${expected.get(f)?.length})`);
    }
    expect(broken).toEqual([]);
    expect(fresh, 'the kill came after the first write').toBeGreaterThan(0);
    expect(fresh, 'the kill came before the last write (else nothing was interrupted)').toBeLessThan(files.length);
    // A killed run may leave its one in-flight temp file behind; it is never taken as input (.tmp).
    const temps = listFiles(dir).filter((f) => TEMP_NAME.test(basename(f)));
    expect(temps.length).toBeLessThanOrEqual(1);
    console.log(`killed after ${fresh} of ${files.length} files written; ${temps.length} temp file(s) left`);
  }, 60_000);

  it('a normal run of the same CLI writes everything and leaves no temp file behind', async () => {
    const dir = join(root, 'normal');
    const files = writeTree(dir, 20, 5, 10);
    const expected = expectedOutputs(files);
    const child = spawn(process.execPath, [CLI, dir, '--runtime', 'containerd', '--write', '--quiet'], { stdio: 'ignore', timeout: CHILD_TIMEOUT_MS });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(0);
    for (const f of files) expect(readFileSync(f, 'utf8')).toBe(expected.get(f));
    expect(listFiles(dir).filter((f) => TEMP_NAME.test(basename(f)))).toEqual([]);
  }, 60_000);
});

describe('--write and links / read-only files', () => {
  it('refuses to write through a symlink to a file outside the tree; the target is unchanged', async () => {
    const outside = join(root, 'outside');
    const tree = join(root, 'linked');
    mkdirSync(outside, { recursive: true });
    mkdirSync(tree, { recursive: true });
    const target = join(outside, 'real.yaml');
    writeFileSync(target, configMap('outside'));
    const link = join(tree, 'link.yaml');
    symlinkSync(target, link);
    const plain = join(tree, 'plain.yaml');
    writeFileSync(plain, configMap('plain'));

    const io = captureIo();
    const code = await run([tree, '--runtime', 'containerd', '--write'], io);

    expect(code).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe(configMap('outside'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(io.err()).toContain(`${link}: error SYMLINK`);
    expect(readFileSync(plain, 'utf8')).not.toBe(configMap('plain'));
    expect(listFiles(outside)).toEqual([target]);
  });

  it('reads a symlinked directory that leads out of the tree, but writes nothing outside it (was: never walked)', async () => {
    const outside = join(root, 'outside-dir');
    const tree = join(root, 'linked-dir');
    mkdirSync(outside, { recursive: true });
    mkdirSync(tree, { recursive: true });
    writeFileSync(join(outside, 'cm.yaml'), configMap('outside'));
    writeFileSync(join(tree, 'own.yaml'), configMap('own'));
    symlinkSync(outside, join(tree, 'sub'));
    const io = captureIo();
    const code = await run([tree, '--runtime', 'containerd', '--write'], io);
    expect(code).toBe(2);
    expect(readFileSync(join(outside, 'cm.yaml'), 'utf8')).toBe(configMap('outside'));
    expect(io.err()).toContain(`${join(tree, 'sub', 'cm.yaml')}: error SYMLINK not written: reached through a symbolic link that leads out of the walked tree`);
    // the tree's own file is written, and a dry run shows what the linked one needs
    expect(readFileSync(join(tree, 'own.yaml'), 'utf8')).not.toBe(configMap('own'));
    const dry = captureIo();
    expect(await run([tree, '--runtime', 'containerd'], dry)).toBe(0);
    expect(dry.out()).toContain(`+++ b/${join(tree, 'sub', 'cm.yaml').slice(1)}`);
  });

  it('refuses to replace a read-only file, with a clear error (also as root)', async () => {
    const tree = join(root, 'readonly');
    mkdirSync(tree, { recursive: true });
    const file = join(tree, 'cm.yaml');
    writeFileSync(file, configMap('ro'));
    chmodSync(file, 0o444);
    const io = captureIo();
    const code = await run([tree, '--runtime', 'containerd', '--write'], io);
    expect(code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(configMap('ro'));
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(io.err()).toContain(`${file}: error READ_ONLY`);
    expect(listFiles(tree)).toEqual([file]);
  });

  it('keeps the permission bits of a file it writes', async () => {
    const tree = join(root, 'modes');
    mkdirSync(tree, { recursive: true });
    const file = join(tree, 'cm.yaml');
    writeFileSync(file, configMap('m'));
    chmodSync(file, 0o640);
    expect(await run([tree, '--runtime', 'containerd', '--write'], captureIo())).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });
});
