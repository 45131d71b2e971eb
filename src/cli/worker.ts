import { parentPort } from 'node:worker_threads';
import type { MigrateOptions } from '../migrate/types.js';
import type { SourceFile } from '../source/source-file.js';
import { migrateBatch } from './migrate-batch.js';

/** A batch sent to a worker, and what it answers (worker-pool.ts). */
export interface WorkerRequest {
  readonly id: number;
  readonly files: readonly SourceFile[];
  readonly options: MigrateOptions;
}

/**
 * The body of a migration worker (main.ts starts it when the thread was
 * created by worker-pool.ts): loads the engine once, then migrates each
 * batch it is sent and posts the outcome back. Errors are sent as plain
 * `Error`s (message and stack), which structured cloning keeps.
 */
export async function serveMigrations(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const { migrate } = await import('./engine.js');
  port.on('message', (request: WorkerRequest) => {
    const outcome = migrateBatch(migrate, request.files, request.options);
    const internalErrors = outcome.internalErrors.map(({ path, error }) => ({
      path,
      error: error instanceof Error ? Object.assign(new Error(error.message), { stack: error.stack }) : String(error),
    }));
    port.postMessage({ id: request.id, outcome: { results: outcome.results, internalErrors } });
  });
}
