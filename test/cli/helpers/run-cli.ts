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

/** Runs the CLI in memory against the fake migrate (pass `real: true` for src/migrate.ts). */
export async function runCli(argv: string[], options: MemoryIoOptions & { real?: boolean; endPositions?: boolean } = {}): Promise<CliRun> {
  const io = new MemoryIo(options);
  const fake = createFakeMigrate({ endPositions: options.endPositions === true });
  const code = await run(argv, io, options.real === true ? {} : { loadMigrate: fake.load });
  return { code, stdout: io.stdoutText, stderr: io.stderrText, io, fake };
}
