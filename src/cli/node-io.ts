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
    readFile: (path) => fs.readFile(path),
    readDir: async (path) =>
      (await fs.readdir(path, { withFileTypes: true })).map((d) => ({ name: d.name, kind: kindOf(d) })),
    stat: async (path) => toStat(await fs.stat(path)),
    lstat: async (path) => toStat(await fs.lstat(path)),
    realpath: (path) => fs.realpath(path),
    writeFile: (path, text, how = 'create') => fs.writeFile(path, text, { encoding: 'utf8', flag: how === 'create' ? 'wx' : 'w' }),
    appendFile: (path, text) => fs.appendFile(path, text, 'utf8'),
    chmod: (path, mode) => fs.chmod(path, mode),
    rename: (from, to) => fs.rename(from, to),
    unlink: (path) => fs.unlink(path),
  };
}

/**
 * Each write resolves when its callback reports the chunk written, so a slow
 * pipe throttles us (memory stays flat for diffs of 10,000 files) and a
 * failure (ENOSPC on `>/dev/full`, EPIPE from `| head`) rejects the write
 * that hit it instead of surfacing later as an 'error' event.
 */
function nodeStream(stream: NodeJS.WriteStream): OutputStream {
  let failure: Error | undefined;
  // Without a listener an 'error' event would crash the process with a stack trace.
  stream.on('error', (error: Error) => {
    failure ??= error;
  });
  return {
    isTTY: stream.isTTY === true,
    write: (chunk) => {
      if (failure !== undefined) return Promise.reject(failure);
      if (stream.destroyed) return Promise.reject(Object.assign(new Error('stream destroyed'), { code: 'EPIPE' }));
      return new Promise((resolve, reject) => {
        stream.write(chunk, (error) => {
          if (error === undefined || error === null) resolve();
          else {
            failure ??= error;
            reject(error);
          }
        });
      });
    },
  };
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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
