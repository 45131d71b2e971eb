#!/usr/bin/env node
// Bin entry: wires the real process into run() and sets the exit code, nothing
// else. It never calls process.exit, so pending stdout/stderr writes drain,
// and it has no top-level await (see src/grammar/chevrotain.ts). A thread
// started by worker-pool.ts runs this same file: it serves migrations instead.
import { isMainThread, workerData } from 'node:worker_threads';
import { tuneGcAtStart } from './gc-tuning.js';
import { nodeIo } from './node-io.js';
import { run } from './run.js';
import { WORKER_MARK } from './worker-pool.js';

// V8's GC heuristics for a CLI run (gc-tuning.ts), set before the engine loads.
if (isMainThread) tuneGcAtStart(process.env, process.execArgv);

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_MARK] === true) {
  void import('./worker.js').then((worker) => worker.serveMigrations());
} else {
  void run(process.argv.slice(2), nodeIo({ workerEntry: new URL(import.meta.url) })).then((code) => {
    process.exitCode = code;
  });
}
