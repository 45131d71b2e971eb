import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { beforeFlagChange } from './gc-tuning.js';
import { readWholeFile } from './read-bytes.js';

/**
 * Used by the bundled bin only (scripts/build-cli.mjs routes run.ts's
 * `import('./engine.js')` here): loads `engine.cjs`, the engine bundled as
 * one CommonJS file next to the bin, compiled with `vm.Script` and V8's
 * code cache. Node 20 has no compile cache for ES modules, hence a CommonJS
 * engine. Where the cache comes from:
 * - a checkout: `engine.<v8>.<arch>.v8cache` beside the engine, trained by
 *   `npm run build` for the Node that built it;
 * - an installed package (which ships no cache: it fits one V8 only): the
 *   first run writes one under Node's compile-cache directory
 *   (`$NODE_COMPILE_CACHE`, else `<tmpdir>/node-compile-cache`, as Node 22's
 *   `module.enableCompileCache()` and TypeScript's tsc do), keyed by V8,
 *   architecture and the engine's size; later runs start from it.
 *   `FLB_MIGRATE_NO_COMPILE_CACHE=1` turns that off.
 * A missing, stale or rejected cache costs nothing but the compile it would
 * have saved; a cache that cannot be written is skipped silently
 * (NOTES.md "Performance").
 */
export function loadEngine<T>(): T {
  const file = fileURLToPath(new URL('./engine.cjs', import.meta.url));
  // Bytes from read-bytes.ts, not readFileSync(file, 'utf8'): that grows a C++ string by doubling and frees a 2 MB
  // chunk, which raises malloc's mmap threshold for the whole run (off-heap.ts).
  const bytes = readWholeFile(file);
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const key = `${process.versions.v8}.${process.arch}`;
  const shipped = fileURLToPath(new URL(`./engine.${key}.v8cache`, import.meta.url));
  const training = process.env['FLB_MIGRATE_BUILD_CODE_CACHE'] === '1';
  const userCacheOn = !training && process.env['FLB_MIGRATE_NO_COMPILE_CACHE'] !== '1';
  const userCache = join(process.env['NODE_COMPILE_CACHE'] || join(tmpdir(), 'node-compile-cache'), 'flb-migrate', `engine.${key}.${source.length}.v8cache`);
  let cacheFile: string | undefined;
  let cachedData: Uint8Array | undefined;
  for (const candidate of userCacheOn ? [shipped, userCache] : [shipped]) {
    try {
      cachedData = readWholeFile(candidate);
      cacheFile = candidate;
      break;
    } catch {
      // no cache there: try the next place, or compile as usual
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  if (training) {
    // The build trains the cache: a real run, then the bytecode of everything it compiled.
    if (script.cachedDataRejected === true) process.stderr.write(`flb-migrate build: V8 rejected ${shipped}\n`);
    process.once('exit', () => writeFileSync(shipped, script.createCachedData()));
  } else if (userCacheOn && isMainThread && (cachedData === undefined || script.cachedDataRejected === true) && cacheFile !== shipped) {
    // Not from a migration thread: its isolate runs with other V8 flags (gc-tuning.ts, tuneJitForThreads), so its cache
    // would be rejected by the next run's main thread, which would then write its own, run after run. For the same
    // reason the cache is made before the run's first flag change (a big input, threads: beforeFlagChange), else at exit.
    let written = false;
    const write = (): void => {
      if (written) return;
      written = true;
      writeUserCache(userCache, script);
    };
    beforeFlagChange(write);
    process.once('exit', write);
  }
  return module.exports as T;
}

/** Writes the cache after the run (so it holds what the run compiled), atomically; never fails the run. */
function writeUserCache(target: string, script: Script): void {
  try {
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, target);
  } catch {
    // a read-only or full temp dir: the next run compiles again
  }
}
