import * as fs from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import type { CliIo, FileKind, OutputStream } from './io.js';

/**
 * The real `CliIo`: `process` streams and `node:fs/promises`. Only `main.ts`
 * uses it; everything else receives a `CliIo`.
 */
export function nodeIo(): CliIo {
  return {
    stdout: nodeStream(process.stdout),
    stderr: nodeStream(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    readStdin,
    readFile: (path) => fs.readFile(path, 'utf8'),
    readDir: async (path) =>
      (await fs.readdir(path, { withFileTypes: true })).map((d) => ({ name: d.name, kind: kindOf(d) })),
    stat: async (path) => toStat(await fs.stat(path)),
    lstat: async (path) => toStat(await fs.lstat(path)),
    writeFile: (path, text) => fs.writeFile(path, text, { encoding: 'utf8', flag: 'wx' }),
    chmod: (path, mode) => fs.chmod(path, mode),
    rename: (from, to) => fs.rename(from, to),
    unlink: (path) => fs.unlink(path),
  };
}

function nodeStream(stream: NodeJS.WriteStream): OutputStream {
  let failure: Error | undefined;
  let isClosed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // `flb-migrate ... | head` closes the pipe early: stop writing, no error.
    // Anything else (ENOSPC on a redirect) fails the next write, and run()
    // reports it as one line instead of crashing with a stack trace.
    if (error.code === 'EPIPE') isClosed = true;
    else failure = error;
  });
  return {
    isTTY: stream.isTTY === true,
    write: (chunk) => {
      if (failure !== undefined) return Promise.reject(failure);
      if (isClosed || stream.destroyed) return Promise.resolve();
      return new Promise((resolve) => {
        // Waiting for `drain` keeps memory flat when diffs of 10,000 files go to a slow pipe.
        if (stream.write(chunk)) return resolve();
        const done = (): void => {
          stream.off('drain', done).off('close', done).off('error', done);
          resolve();
        };
        stream.on('drain', done).on('close', done).on('error', done);
      });
    },
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function kindOf(d: Dirent | Stats): FileKind {
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isFile()) return 'file';
  if (d.isDirectory()) return 'directory';
  return 'other';
}

function toStat(s: Stats): { kind: FileKind; mode: number } {
  return { kind: kindOf(s), mode: s.mode };
}
