import { run } from '../../../src/cli/run.js';
import { createFakeMigrate, type FakeMigrate } from './fake-migrate.js';
import { MemoryIo, type MemoryIoOptions } from './memory-io.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly io: MemoryIo;
  readonly fake: FakeMigrate;
}

/**
 * Runs the CLI in memory against the fake migrate (pass `real: true` for src/migrate.ts).
 * The prefilter (skip directories without a Fluent Bit or Docker marker) is on with the real
 * migrate, as in production, and off with the fake one, whose inputs are placeholders
 * (`prefilter` overrides both).
 */
export async function runCli(argv: string[], options: MemoryIoOptions & { real?: boolean; endPositions?: boolean; prefilter?: boolean } = {}): Promise<CliRun> {
  const io = new MemoryIo(options);
  const fake = createFakeMigrate({ endPositions: options.endPositions === true });
  const prefilter = options.prefilter ?? options.real === true;
  const code = await run(argv, io, options.real === true ? { prefilter } : { loadMigrate: fake.load, prefilter });
  return { code, stdout: io.stdoutText, stderr: io.stderrText, io, fake };
}
