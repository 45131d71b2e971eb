import { setFlagsFromString } from 'node:v8';

/*
 * Memory (issue #14, NOTES.md "V8's heap"): by default V8 lets the young
 * generation grow to 3 x 16 MB and the old one to up to ~4x what survived its
 * last full GC, so a run's peak RSS is 2-4x what it holds. The bin sets GC
 * heuristics that V8 reads each time it sizes a space (so setting them after
 * start takes effect; flags are per process, the threads get them too):
 * - at start, the old generation grows 1.5x between full GCs;
 * - once an input of MID_INPUT bytes is read, the young generation keeps its
 *   size (for small files, as in a tree of manifests, that costs GC time and
 *   saves nothing: their garbage dies young anyway);
 * - once an input of BIG_INPUT bytes is read, the old generation grows 1.1x
 *   (a 50 MB config: ~15% more time for ~15% less RSS at 1.2x; 1.1x since
 *   stop 23: `to-yaml classic` 10 MB ~205 -> ~186 MiB, NOTES.md "V8's heap").
 * A user's own flag of the same family wins; FLB_MIGRATE_DEFAULT_GC=1 keeps
 * V8's defaults. Only the bin calls this: the library leaves its host's heap
 * alone.
 */

/** The bin's flags at start, each with the family that names the user's own setting of that space. */
const START_FLAGS = [['--heap-growing-percent=50', 'heap-growing']] as const;

/** From this input size on, the young generation keeps its size. */
export const MID_INPUT = 256 * 1024;
/** From this input size on, the old generation grows by 1.1x. */
export const BIG_INPUT = 8 * 1024 * 1024;

let tuned: Set<string> | undefined;

/** Run once, just before the first flag the bin changes after start (engine-loader.ts makes its code cache there). */
const beforeChange: (() => void)[] = [];

/**
 * `hook` runs just before the bin next changes a V8 flag (a big input, migration threads), once. V8 stamps a code
 * cache with the flags of the moment it is made, and a run starts with the start flags only: a cache made after a
 * change would be rejected by every next run.
 */
export function beforeFlagChange(hook: () => void): void {
  beforeChange.push(hook);
}

/** Sets a V8 flag during the run, after the hooks waiting for a change. */
function changeFlag(flag: string): void {
  for (const hook of beforeChange.splice(0)) hook();
  setFlagsFromString(flag);
}

/** Families the user set themselves (left alone). */
let userSet: ReadonlySet<string> = new Set();

/** The families of flags the user set themselves, on node's command line or in NODE_OPTIONS (left alone). */
function userFamilies(env: Readonly<Record<string, string | undefined>>, execArgv: readonly string[]): ReadonlySet<string> {
  const theirs = [...execArgv, env['NODE_OPTIONS'] ?? ''].join(' ');
  return new Set(['semi-space', 'heap-growing', 'interrupt-budget'].filter((family) => theirs.includes(family)));
}

/** The start flags to set: none with FLB_MIGRATE_DEFAULT_GC=1, and none of a family the user set. */
export function startFlags(env: Readonly<Record<string, string | undefined>>, execArgv: readonly string[]): { readonly flag: string; readonly family: string }[] {
  if (env['FLB_MIGRATE_DEFAULT_GC'] === '1') return [];
  const theirs = userFamilies(env, execArgv);
  return START_FLAGS.filter(([, family]) => !theirs.has(family)).map(([flag, family]) => ({ flag, family }));
}

/** Sets the start flags (main thread, before the engine loads), remembering which ones it set. */
export function tuneGcAtStart(env: Readonly<Record<string, string | undefined>>, execArgv: readonly string[]): void {
  if (env['FLB_MIGRATE_DEFAULT_GC'] === '1') return;
  userSet = userFamilies(env, execArgv);
  tuned = new Set();
  for (const { flag, family } of startFlags(env, execArgv)) {
    setFlagsFromString(flag);
    tuned.add(family);
  }
}

/**
 * V8's interrupt budget (bytecode executed before a function's feedback is
 * checked for tier-up) while migration threads run: 8x V8's default (66 KiB
 * in Node 20's V8 11.3). CPU, issue #14 (NOTES.md "Tree throughput
 * margin"): a thread pool keeps every core busy, and each thread's isolate
 * JIT-compiles the same engine on V8's background threads (~2,000
 * TurboFan jobs and ~40% of a 10,000-file tree's CPU at the default); with
 * this budget only the really hot functions are optimized.
 */
export const THREADS_INTERRUPT_BUDGET = 8 * 66 * 1024;

let threadsTuned = false;

/** The flag `tuneJitForThreads` sets: none with FLB_MIGRATE_DEFAULT_GC=1 or when the user set `--interrupt-budget` themselves. */
export function threadFlags(env: Readonly<Record<string, string | undefined>>, execArgv: readonly string[]): string[] {
  if (env['FLB_MIGRATE_DEFAULT_GC'] === '1') return [];
  if (userFamilies(env, execArgv).has('interrupt-budget')) return [];
  return [`--interrupt-budget=${THREADS_INTERRUPT_BUDGET}`];
}

/**
 * Called by worker-pool.ts before it starts its threads (the main thread's
 * engine is loaded by then; flags are per process). Only then: a run on one
 * thread leaves V8's background compiles the idle cores, and the engine the
 * main thread loads keeps its code cache (the new budget changes V8's flag
 * hash, so the threads' isolates reject the cache and compile the engine,
 * ~30 ms each; engine-loader.ts never writes a cache from a thread). Once
 * per process.
 */
export function tuneJitForThreads(env: Readonly<Record<string, string | undefined>>, execArgv: readonly string[]): void {
  if (threadsTuned) return;
  threadsTuned = true;
  for (const flag of threadFlags(env, execArgv)) changeFlag(flag);
}

/** An input of `bytes` was read: a bigger one tightens the heap's growth (each step once; not where the user set that family). */
export function tuneGcForInput(bytes: number): void {
  if (tuned === undefined) return;
  if (bytes >= MID_INPUT && !tuned.has('semi-space') && !userSet.has('semi-space')) {
    changeFlag('--semi-space-growth-factor=1');
    tuned.add('semi-space');
  }
  if (bytes >= BIG_INPUT && tuned.has('heap-growing')) {
    changeFlag('--heap-growing-percent=10');
    tuned.delete('heap-growing');
  }
}
