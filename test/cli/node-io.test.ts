import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeIo } from '../../src/cli/node-io.js';

// The real CliIo: synchronous fs behind the async interface, errors as rejections.
describe('nodeIo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flb-migrate-nodeio-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const io = nodeIo();

  it('writeFile with a mode gives the file exactly those bits, whatever the umask', async () => {
    const old = process.umask(0o077);
    try {
      await io.writeFile(join(dir, 'a'), 'text', 'create', 0o664);
      await io.writeFile(join(dir, 'b'), 'text', 'create');
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'a')).mode & 0o7777).toBe(0o664);
    expect(statSync(join(dir, 'b')).mode & 0o7777).toBe(0o600);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('text');
  });

  it('create refuses an existing file, overwrite truncates it', async () => {
    writeFileSync(join(dir, 'c'), 'old and long');
    await expect(io.writeFile(join(dir, 'c'), 'new')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(dir, 'c'), 'utf8')).toBe('old and long');
    await io.writeFile(join(dir, 'c'), 'new', 'overwrite');
    expect(readFileSync(join(dir, 'c'), 'utf8')).toBe('new');
  });

  it('errors reject with their code instead of throwing', async () => {
    const missing = join(dir, 'missing');
    await expect(io.readFile(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(io.readDir(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(io.stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(io.lstat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(io.realpath(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(io.writeFile(join(missing, 'x'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(io.rename(missing, join(dir, 'y'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(io.unlink(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reads, lists and resolves', async () => {
    writeFileSync(join(dir, 'r.yaml'), 'x: 1\n');
    expect(new TextDecoder().decode(await io.readFile(join(dir, 'r.yaml')))).toBe('x: 1\n');
    expect((await io.readDir(dir)).find((e) => e.name === 'r.yaml')).toEqual({ name: 'r.yaml', kind: 'file' });
    expect((await io.stat(dir)).kind).toBe('directory');
    expect(await io.realpath(join(dir, '.', 'r.yaml'))).toBe(join(await io.realpath(dir), 'r.yaml'));
  });
});
