// The CLI as a function: run(argv, io) -> exit code. It never calls
// process.exit and never touches `process` or `fs` directly (see io.ts), so the
// caller decides how the process ends and tests run it in memory.
import * as path from 'node:path';
import type { FileResult, MigrateOptions, MigrateResult } from '../migrate/types.js';
import type { SourceFile } from '../source/source-file.js';
import { createColors, shouldColor, type Colors } from './ansi.js';
import { parseCliArgs, type CliOptions } from './args.js';
import { collectInputs, toInputError, type Input, type InputError } from './collect-inputs.js';
import { githubDiagnostic, githubFinding, githubInputError } from './github.js';
import { HELP_TEXT } from './help.js';
import type { CliIo } from './io.js';
import { inputErrorFile, toJsonFile, type JsonFile, type JsonReport } from './json-report.js';
import { readPackageInfo } from './package-info.js';
import { StderrLog } from './progress.js';
import {
  colorizeDiff,
  formatDiagnosticLine,
  formatFindingLine,
  formatInputErrorLine,
  formatSummary,
  type RunMode,
  type Summary,
} from './report.js';
import { renameResult, STDIN_PATH, stdinLibraryPath } from './stdin.js';
import { writeFileAtomic } from './write-file.js';

/** 0: nothing to change or all written; 1: changes pending under --check; 2: input, usage or internal error. */
export type ExitCode = 0 | 1 | 2;

/** The library entry point the CLI drives (`migrate` from src/migrate.ts). */
export type MigrateFn = (files: readonly SourceFile[], options: MigrateOptions) => MigrateResult;

/** Seams for tests. Production code passes nothing. */
export interface RunDeps {
  /** Loads the migration library. Default: `import('../migrate/migrate.js')`, only once there is work to do. */
  readonly loadMigrate?: () => Promise<MigrateFn>;
}

const FALLBACK_BUGS_URL = 'the flb-migrate issue tracker';

async function loadRealMigrate(): Promise<MigrateFn> {
  // Dynamic so that --help, --version and usage errors never load the parser stack.
  return (await import('../migrate/migrate.js')).migrate;
}

/**
 * Runs the CLI for `argv` (without `node` and the script path) against `io`
 * and resolves to the exit code. Never rejects and never prints a stack
 * trace: an unexpected exception becomes one `flb-migrate: internal error:`
 * line on stderr and exit code 2.
 */
export async function run(argv: readonly string[], io: CliIo, deps: RunDeps = {}): Promise<ExitCode> {
  try {
    const parsed = parseCliArgs(argv);
    switch (parsed.kind) {
      case 'help':
        await io.stdout.write(HELP_TEXT);
        return 0;
      case 'version':
        await io.stdout.write(`${readPackageInfo().version}\n`);
        return 0;
      case 'usage-error':
        await io.stderr.write(`flb-migrate: ${parsed.message}\nRun 'flb-migrate --help' for usage.\n`);
        return 2;
      case 'run':
        return await migrateAll(parsed.options, io, deps.loadMigrate ?? loadRealMigrate);
      default: {
        const never: never = parsed;
        return never;
      }
    }
  } catch (error) {
    await io.stderr.write(`${internalErrorLine(error)}\n`).catch(() => undefined);
    return 2;
  }
}

/** `flb-migrate: internal error: <message> (please report at <url>)`, always one line. */
export function internalErrorLine(error: unknown, context?: string): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  let url = FALLBACK_BUGS_URL;
  try {
    url = readPackageInfo().bugsUrl ?? FALLBACK_BUGS_URL;
  } catch {
    // keep the fallback: the report must not fail while reporting
  }
  return `flb-migrate: internal error: ${message}${context === undefined ? '' : ` (in ${context})`} (please report at ${url})`;
}

async function migrateAll(options: CliOptions, io: CliIo, loadMigrate: () => Promise<MigrateFn>): Promise<ExitCode> {
  const { inputs, errors } = await collectInputs(io, options.paths);
  const report = new Reporter(options, io, inputs.length);
  for (const error of errors) await report.inputError(error);

  if (inputs.length > 0) {
    const migrate = await loadMigrate();
    const migrateOptions: MigrateOptions = {
      runtime: options.runtime,
      criOnly: options.criOnly,
      keepDockerMount: options.keepDockerMount,
      ...(options.podLogsDir === undefined ? {} : { podLogsDir: options.podLogsDir }),
    };
    let done = 0;
    for (const group of groupByDirectory(io, inputs)) {
      await migrateGroup(group, io, migrate, migrateOptions, report);
      done += group.length;
      await report.log.progress(done);
    }
  }
  return report.finish();
}

/**
 * Files in one directory are related (a ConfigMap and the DaemonSet that
 * mounts it), so they go to `migrate()` together; different directories go in
 * separate calls, which keeps memory flat on large trees. Groups keep the
 * order in which their first file was found; stdin is a group of its own.
 */
function groupByDirectory(io: CliIo, inputs: readonly Input[]): Input[][] {
  const groups = new Map<string, Input[]>();
  for (const input of inputs) {
    const key = input.kind === 'stdin' ? '\u0000stdin' : path.dirname(path.resolve(io.cwd, input.path));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [input]);
    else group.push(input);
  }
  return [...groups.values()];
}

async function migrateGroup(
  group: readonly Input[],
  io: CliIo,
  migrate: MigrateFn,
  options: MigrateOptions,
  report: Reporter,
): Promise<void> {
  const files: SourceFile[] = [];
  let isStdin = false;
  for (const input of group) {
    try {
      if (input.kind === 'stdin') {
        const text = await io.readStdin();
        files.push({ path: stdinLibraryPath(text), text });
        isStdin = true;
      } else {
        files.push({ path: input.path, text: await io.readFile(input.path) });
      }
    } catch (error) {
      await report.inputError(toInputError(input.kind === 'stdin' ? STDIN_PATH : input.path, error));
    }
  }
  if (files.length === 0) return;

  let results: readonly FileResult[];
  try {
    results = migrate(files, options).files;
  } catch {
    // Isolate the file that broke an invariant instead of losing its whole directory.
    results = [];
    for (const file of files) {
      try {
        results = [...results, ...migrate([file], options).files];
      } catch (error) {
        await report.internalError(isStdin ? STDIN_PATH : file.path, error);
      }
    }
  }
  for (const result of results) await report.file(isStdin ? renameResult(result, STDIN_PATH) : result, isStdin);
}

/** Turns results into output for the chosen mode and format, and keeps the totals. */
class Reporter {
  readonly log: StderrLog;
  private readonly mode: RunMode;
  private readonly out: Colors;
  private readonly err: Colors;
  private readonly json: JsonFile[] = [];
  private readonly summary: Summary = { files: 0, changed: 0, changes: 0, warnings: 0, errors: 0 };

  constructor(
    private readonly options: CliOptions,
    private readonly io: CliIo,
    total: number,
  ) {
    this.log = new StderrLog(io.stderr, total);
    this.mode = options.write ? 'write' : options.check ? 'check' : 'diff';
    const isText = options.format === 'diff';
    this.out = createColors(isText && shouldColor(options.color, io.stdout.isTTY, io.env));
    this.err = createColors(shouldColor(options.color, io.stderr.isTTY, io.env));
  }

  /**
   * A path that could not be read, walked or written. `isOwnRecord`: the
   * error stands for a file that has no result of its own (counted and, in
   * JSON, listed as a file); write failures belong to an existing result.
   */
  async inputError(error: InputError, isOwnRecord = true, isTextPrinted = true): Promise<void> {
    this.summary.errors++;
    if (isOwnRecord) {
      this.summary.files++;
      if (this.options.format === 'json') this.json.push(inputErrorFile(error));
    }
    if (this.options.format === 'github') await this.stdout(githubInputError(error));
    else if (this.options.format === 'diff' && isTextPrinted) await this.log.line(formatInputErrorLine(error, this.err));
  }

  /** migrate() threw for this file: a broken invariant, reported as such in every format. */
  async internalError(file: string, error: unknown): Promise<void> {
    await this.log.line(internalErrorLine(error, file));
    const message = error instanceof Error ? error.message : String(error);
    await this.inputError({ path: file, code: 'INTERNAL_ERROR', message }, true, false);
  }

  async file(r: FileResult, isStdin: boolean): Promise<void> {
    const { format, quiet } = this.options;
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const hasErrors = r.hasErrors || errors.length > 0;
    const isChanged = r.changed && !hasErrors;
    const extraErrors: InputError[] = [];
    if (hasErrors && errors.length === 0) {
      extraErrors.push({ path: r.path, code: 'HAS_ERRORS', message: 'the migration reported errors but no diagnostics' });
    }

    this.summary.files++;
    this.summary.errors += errors.length;
    this.summary.warnings +=
      r.findings.filter((f) => f.severity === 'warning').length + r.diagnostics.filter((d) => d.severity === 'warning').length;
    if (isChanged) this.summary.changes += countChanges(r);

    for (const d of r.diagnostics) {
      if (d.severity !== 'error' && quiet) continue;
      if (format === 'github') await this.stdout(githubDiagnostic(d, r.path));
      else if (format === 'diff') await this.log.line(formatDiagnosticLine(d, r.path, this.err));
    }
    if (!quiet) {
      for (const f of r.findings) {
        if (format === 'github') await this.stdout(githubFinding(f));
        else if (format === 'diff') await this.log.line(formatFindingLine(f, this.err));
      }
    }

    if (isChanged) {
      if (this.mode === 'write') {
        const failure = isStdin ? undefined : await writeFileAtomic(this.io, r.path, r.output);
        if (isStdin) await this.io.stdout.write(r.output);
        if (failure === undefined) this.summary.changed++;
        else extraErrors.push(failure);
      } else {
        this.summary.changed++;
        if (this.mode === 'check' && format !== 'json') await this.stdout(`would change: ${r.path}`);
        if (this.mode === 'diff' && format === 'diff' && r.diff !== '') {
          const diff = r.diff.endsWith('\n') ? r.diff : `${r.diff}\n`;
          await this.io.stdout.write(colorizeDiff(diff, this.out));
        }
      }
    } else if (this.mode === 'write' && isStdin && !hasErrors) {
      // Nothing to migrate: pass the input through so `... | flb-migrate - --write | kubectl apply -f -` still works.
      await this.io.stdout.write(r.output);
    }

    for (const error of extraErrors) await this.inputError(error, false);
    if (format === 'json') this.json.push(toJsonFile(r, extraErrors));
  }

  async finish(): Promise<ExitCode> {
    await this.log.endProgress();
    if (this.options.format === 'json') {
      const doc: JsonReport = { files: this.json, summary: this.summary };
      await this.io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    }
    await this.log.line(formatSummary(this.summary, this.mode, this.err));
    if (this.summary.errors > 0) return 2;
    if (this.mode === 'check' && this.summary.changed > 0) return 1;
    return 0;
  }

  private async stdout(line: string): Promise<void> {
    await this.io.stdout.write(`${line}\n`);
  }
}

/** `change` findings, or the edit count when a changed file reports none. */
function countChanges(r: FileResult): number {
  const changes = r.findings.filter((f) => f.severity === 'change').length;
  return changes > 0 ? changes : r.edits.length;
}
