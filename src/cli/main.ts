#!/usr/bin/env node
// Bin entry: wires the real process into run() and sets the exit code, nothing
// else. It never calls process.exit, so pending stdout/stderr writes drain,
// and it has no top-level await (see src/grammar/chevrotain.ts). A thread
// started by worker-pool.ts runs this same file: it serves migrations instead.
import { setFlagsFromString } from 'node:v8';
import { isMainThread, workerData } from 'node:worker_threads';
import { nodeIo } from './node-io.js';
import { run } from './run.js';
import { WORKER_MARK } from './worker-pool.js';

/** V8 flags of the bin (see below), each with what names the user's own setting of that space. */
const GC_FLAGS = [
  ['--semi-space-growth-factor=1', 'semi-space'],
  ['--heap-growing-percent=50', 'heap-growing'],
] as const;

// Memory (issue #14, NOTES.md "V8's heap"): by default V8 lets the young generation grow to
// 3 x 16 MB and the old one to up to ~4x what survived its last full GC, so a run's peak RSS is
// 2-4x what it holds. Set before the engine loads (flags are per process: the threads get them
// too); both are GC heuristics V8 reads each time it sizes a space. A user's own setting of
// either wins; FLB_MIGRATE_DEFAULT_GC=1 keeps V8's defaults.
if (isMainThread && process.env.FLB_MIGRATE_DEFAULT_GC !== '1') {
  const theirs = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  for (const [flag, family] of GC_FLAGS) if (!theirs.includes(family)) setFlagsFromString(flag);
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_MARK] === true) {
  void import('./worker.js').then((worker) => worker.serveMigrations());
} else {
  void run(process.argv.slice(2), nodeIo({ workerEntry: new URL(import.meta.url) })).then((code) => {
    process.exitCode = code;
  });
}
