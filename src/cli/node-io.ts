import * as fs from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { tuneGcForInput, tuneJitForThreads } from './gc-tuning.js';
import type { CliIo, FileKind, OutputStream } from './io.js';
import { workerPool } from './worker-pool.js';
import { joinChunks, readWholeFile } from './read-bytes.js';

/**
 * The real `CliIo`: `process` streams and `node:fs`. Only `main.ts` uses it;
 * everything else receives a `CliIo`.
 *
 * Filesystem calls are synchronous behind the async interface (an `async`
 * arrow turns a thrown error into a rejection): the CLI awaits every call
 * in turn, and a thread-pool round trip per call made reads cost 15x
 * `readFileSync` and the walk 9x `readdirSync` (issue #14). Nothing else
 * runs meanwhile (no server, no timers), so blocking costs nothing here.
 */
export function nodeIo(options: { readonly workerEntry?: URL } = {}): CliIo {
  const workers = workerCount(process.env['FLB_MIGRATE_WORKERS']);
  return {
    // The threads' V8 flags are set just before they start (gc-tuning.ts): a run on one thread keeps V8's defaults.
    ...(options.workerEntry !== undefined && workers > 1 ? { workers: workerPool(options.workerEntry, workers, () => tuneJitForThreads(process.env, process.execArgv)) } : {}),
    stdout: nodeStream(process.stdout),
    stderr: nodeStream(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    readStdin: async () => big(await readStdin()),
    readFile: async (path) => big(readWholeFile(path)),
    readDir: async (path) => fs.readdirSync(path, { withFileTypes: true }).map((d) => ({ name: d.name, kind: kindOf(d) })),
    stat: async (path) => toStat(fs.statSync(path)),
    lstat: async (path) => toStat(fs.lstatSync(path)),
    realpath: async (path) => fs.realpathSync.native(path),
    writeFile: async (path, text, how = 'create', mode) => writeText(path, text, how, mode),
    appendFile: async (path, text) => fs.appendFileSync(path, text, 'utf8'),
    chmod: async (path, mode) => fs.chmodSync(path, mode),
    rename: async (from, to) => fs.renameSync(from, to),
    unlink: async (path) => fs.unlinkSync(path),
  };
}

/** Bytes just read, after telling the GC tuning their size (gc-tuning.ts). */
function big<T extends Uint8Array>(bytes: T): T {
  tuneGcForInput(bytes.length);
  return bytes;
}

/**
 * Migration threads: `FLB_MIGRATE_WORKERS` (1 turns them off), else one per
 * core, at most 4 (a batch's memory is per thread; more did not pay on the
 * trees of bench:tree). Started only for runs with many batches (run.ts).
 */
function workerCount(env: string | undefined): number {
  const stated = env === undefined || env.trim() === '' ? undefined : Number(env);
  if (stated !== undefined && Number.isInteger(stated) && stated >= 0) return stated;
  return Math.min(availableParallelism(), 4);
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

/**
 * One open, write, fchmod (when `mode` is given: the creation mode is masked
 * by the umask, the permission bits of the file being replaced must not be)
 * and close. The file is removed when a create fails half way.
 */
function writeText(path: string, text: string, how: 'create' | 'overwrite', mode: number | undefined): void {
  const fd = fs.openSync(path, how === 'create' ? 'wx' : 'w', mode ?? 0o666);
  let ok = false;
  try {
    fs.writeFileSync(fd, text, 'utf8');
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    ok = true;
  } finally {
    fs.closeSync(fd);
    if (!ok && how === 'create') fs.rmSync(path, { force: true });
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return joinChunks(chunks);
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
