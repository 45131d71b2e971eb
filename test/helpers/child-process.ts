import * as childProcess from 'node:child_process';

/**
 * `spawnSync` and `execFileSync` for tests, with a bound. A synchronous spawn
 * blocks its vitest worker's event loop, so no test or hook timeout can fire
 * while it waits: a child that never ends (a CLI waiting on a lost worker
 * answer, npm waiting on the network) left a whole `vitest run` idle at 0% CPU
 * with no message. Bounded, it is killed and the test fails naming the
 * command. The bound is far above any healthy run on a loaded 2-core machine.
 */
export const CHILD_TIMEOUT_MS = 300_000;

function bounded<O extends { timeout?: number; killSignal?: NodeJS.Signals | number }>(args: unknown, options: O | undefined): [readonly string[], O] {
  const list = Array.isArray(args) ? (args as readonly string[]) : [];
  const opts = (Array.isArray(args) ? options : (args as O | undefined)) ?? ({} as O);
  return [list, { timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL', ...opts }];
}

function timedOut(command: string, args: readonly string[], timeout: number | undefined): Error {
  return new Error(`${command} ${args.join(' ')} did not finish within ${timeout ?? CHILD_TIMEOUT_MS} ms and was killed`);
}

export const spawnSync = ((command: string, args?: unknown, options?: childProcess.SpawnSyncOptions) => {
  const [list, opts] = bounded(args, options);
  const r = childProcess.spawnSync(command, list, opts);
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') throw timedOut(command, list, opts.timeout);
  return r;
}) as typeof childProcess.spawnSync;

export const execFileSync = ((command: string, args?: unknown, options?: childProcess.ExecFileSyncOptions) => {
  const [list, opts] = bounded(args, options);
  try {
    return childProcess.execFileSync(command, list, opts);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw timedOut(command, list, opts.timeout);
    throw error;
  }
}) as typeof childProcess.execFileSync;
