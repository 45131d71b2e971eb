import { parentPort } from 'node:worker_threads';
import type { FileResult, MigrateOptions } from '../migrate/types.js';
import type { SourceFile } from '../source/source-file.js';
import { migrateBatch } from './migrate-batch.js';

/** A batch sent to a worker, and what it answers (worker-pool.ts). */
export interface WorkerRequest {
  readonly id: number;
  readonly files: readonly SourceFile[];
  readonly options: MigrateOptions;
}

/**
 * A result as a thread sends it: without the texts the main thread holds
 * already (structured cloning copies every string): `before` when it is the
 * text the batch sent for that path, `output` when it equals `before`.
 * `fromWire` puts them back.
 */
export type WireResult = Omit<FileResult, 'before' | 'output'> & { readonly before?: string; readonly output?: string };

/** The texts of a batch by path (what `toWire` leaves out and `fromWire` restores). */
export function textsByPath(files: readonly SourceFile[]): ReadonlyMap<string, string> {
  return new Map(files.map((f) => [f.path, f.text]));
}

/** `r` without what `fromWire` can restore from the request's texts (`textsByPath`). */
export function toWire(r: FileResult, texts: ReadonlyMap<string, string>): WireResult {
  const { before, output, ...rest } = r;
  return {
    ...rest,
    ...(texts.get(r.path) === before ? {} : { before }),
    ...(output === before ? {} : { output }),
  };
}

/** The result `toWire` sent, with `before` and `output` restored from the batch's texts (the same values; FileResult's key order). */
export function fromWire(w: WireResult, texts: ReadonlyMap<string, string>): FileResult {
  const { path, before: sentBefore, output: sentOutput, ...rest } = w;
  const before = sentBefore ?? texts.get(path);
  if (before === undefined) throw new Error(`a migration thread answered for ${path}, which its batch did not hold`);
  return { path, before, output: sentOutput ?? before, ...rest };
}

/**
 * The body of a migration worker (main.ts starts it when the thread was
 * created by worker-pool.ts): loads the engine once, then migrates each
 * batch it is sent and posts the outcome back (results as `toWire` makes
 * them). Errors are sent as plain `Error`s (message and stack), which
 * structured cloning keeps.
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
    const texts = textsByPath(request.files);
    port.postMessage({ id: request.id, outcome: { results: outcome.results.map((r) => toWire(r, texts)), internalErrors } });
  });
}
