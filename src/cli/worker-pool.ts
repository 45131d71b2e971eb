import { Worker } from 'node:worker_threads';
import type { MigrateOptions } from '../migrate/types.js';
import type { SourceFile } from '../source/source-file.js';
import type { BatchOutcome, MigrateWorkers } from './io.js';
import { fromWire, textsByPath, type WireResult, type WorkerRequest } from './worker.js';

/** What the bin entry (main.ts) checks to serve migrations instead of running the CLI. */
export const WORKER_MARK = 'flbMigrateWorker';

interface Job {
  readonly request: WorkerRequest;
  readonly resolve: (outcome: BatchOutcome) => void;
  readonly reject: (error: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  job: Job | undefined;
}

/**
 * Up to `size` threads running `entry` (the bin: main.ts serves migrations
 * when it sees WORKER_MARK), started on the first batch; each runs one
 * batch at a time, queued in order. A thread that dies fails the batch it
 * held (the CLI then migrates that batch itself) and is not replaced.
 * An answer that cannot be read (`messageerror`) counts as a death.
 * `close()` ends them all, so the process can exit. `beforeStart` runs
 * once, before the first thread is created (node-io.ts sets V8 flags
 * there: gc-tuning.ts, tuneJitForThreads).
 */
export function workerPool(entry: URL, size: number, beforeStart?: () => void): MigrateWorkers {
  let slots: Slot[] | undefined;
  const queue: Job[] = [];
  let nextId = 0;

  const pump = (): void => {
    for (const slot of slots ?? []) {
      if (slot.job !== undefined) continue;
      const job = queue.shift();
      if (job === undefined) return;
      slot.job = job;
      slot.worker.postMessage(job.request);
    }
  };
  const started: Worker[] = [];
  const start = (): Slot[] => {
    beforeStart?.();
    return Array.from({ length: size }, () => {
      const slot: Slot = { worker: new Worker(entry, { workerData: { [WORKER_MARK]: true } }), job: undefined };
      started.push(slot.worker);
      slot.worker.on('message', (message: { id: number; outcome: { results: readonly WireResult[]; internalErrors: BatchOutcome['internalErrors'] } }) => {
        const job = slot.job;
        slot.job = undefined;
        if (job !== undefined && job.request.id === message.id) {
          // The texts a thread leaves out of its answer (worker.ts, toWire) come from the batch it was sent.
          const texts = textsByPath(job.request.files);
          try {
            job.resolve({ results: message.outcome.results.map((r) => fromWire(r, texts)), internalErrors: message.outcome.internalErrors });
          } catch (error) {
            job.reject(error);
          }
        }
        pump();
      });
      const fail = (error: unknown): void => {
        slots = slots?.filter((s) => s !== slot);
        const job = slot.job;
        slot.job = undefined;
        job?.reject(error);
        if (slots !== undefined && slots.length === 0) for (const waiting of queue.splice(0)) waiting.reject(error);
        else pump();
      };
      slot.worker.on('error', fail);
      // An answer that cannot be deserialized would otherwise leave its batch waiting forever (the CLI idle at 0% CPU).
      slot.worker.on('messageerror', (error) => {
        slot.worker.removeAllListeners('exit');
        void slot.worker.terminate();
        fail(error);
      });
      slot.worker.on('exit', (code) => fail(new Error(`migration worker exited with code ${code}`)));
      return slot;
    });
  };

  return {
    size,
    run(files: readonly SourceFile[], options: MigrateOptions): Promise<BatchOutcome> {
      try {
        slots ??= start();
      } catch (error) {
        // Threads cannot start here (a sandbox, a missing entry): every batch falls back to the caller.
        slots = [];
        for (const worker of started) {
          worker.removeAllListeners('exit');
          void worker.terminate();
        }
        return Promise.reject(error);
      }
      if (slots.length === 0) return Promise.reject(new Error('no migration worker left'));
      return new Promise<BatchOutcome>((resolve, reject) => {
        queue.push({ request: { id: nextId++, files, options }, resolve, reject });
        pump();
      });
    },
    async close(): Promise<void> {
      const all = slots ?? [];
      slots = [];
      for (const slot of all) slot.worker.removeAllListeners('exit');
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}
