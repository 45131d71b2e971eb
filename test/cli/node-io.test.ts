import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeIo } from '../../src/cli/node-io.js';
import { joinChunks, readWholeFile } from '../../src/cli/read-bytes.js';
import { BIG_BYTES } from '../../src/source/off-heap.js';

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

// Big inputs are read into off-heap.ts buffers (malloc's mmap threshold, NOTES.md "glibc's mmap threshold"): the same
// bytes as readFileSync, small or big, and a big stdin joined the same as Buffer.concat.
describe('readWholeFile and joinChunks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flb-migrate-readbytes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a file its exact bytes, around the big-buffer size', () => {
    for (const size of [0, 1, 1000, BIG_BYTES - 1, BIG_BYTES, BIG_BYTES + 12_345]) {
      const file = join(dir, `f${size}`);
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) & 0xff;
      writeFileSync(file, data);
      const read = readWholeFile(file);
      expect(read.length).toBe(size);
      expect(Buffer.compare(Buffer.from(read.buffer, read.byteOffset, read.byteLength), data)).toBe(0);
    }
  });

  it('reports a missing file or a directory with its errno code', () => {
    expect(() => readWholeFile(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => readWholeFile(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });

  it('joins chunks as Buffer.concat does, small or big', () => {
    const chunk = Buffer.from('abcdefghij'.repeat(6554)); // 65,540 bytes
    for (const count of [0, 1, 3, 17]) {
      const chunks = Array.from({ length: count }, () => chunk);
      const joined = joinChunks(chunks);
      expect(Buffer.compare(Buffer.from(joined.buffer, joined.byteOffset, joined.byteLength), Buffer.concat(chunks))).toBe(0);
    }
  });
});
