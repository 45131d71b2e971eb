import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/**
 * Used by the bundled bin only (scripts/build-cli.mjs routes run.ts's
 * `import('./engine.js')` here): loads `engine.cjs`, the engine bundled as
 * one CommonJS file next to the bin, compiled with `vm.Script` and V8's
 * code cache when one was built for this exact V8 (`engine.<v8>.<arch>.v8cache`,
 * written by `npm run build`). A missing or rejected cache costs nothing
 * but the compile it would have saved (NOTES.md "Performance").
 * Node 20 has no compile cache for ES modules, hence a CommonJS engine.
 */
export function loadEngine<T>(): T {
  const file = fileURLToPath(new URL('./engine.cjs', import.meta.url));
  const cacheFile = fileURLToPath(new URL(`./engine.${process.versions.v8}.${process.arch}.v8cache`, import.meta.url));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // no cache for this V8: compile as usual
  }
  const source = readFileSync(file, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  // The build trains the cache: a real run, then the bytecode of everything it compiled.
  if (process.env['FLB_MIGRATE_BUILD_CODE_CACHE'] === '1') {
    if (script.cachedDataRejected === true) process.stderr.write(`flb-migrate build: V8 rejected ${cacheFile}\n`);
    process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  }
  return module.exports as T;
}
