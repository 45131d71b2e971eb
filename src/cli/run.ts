// The CLI as a function: run(argv, io) -> exit code. It never calls
// process.exit and never touches `process` or `fs` directly (see io.ts), so the
// caller decides how the process ends and tests run it in memory.
import * as path from 'node:path';
import type { FileResult, MigrateOptions } from '../migrate/types.js';
import type { FluxSource } from '../migrate/options.js';
import { dirname, joinPath, normalizePath } from '../source/paths.js';
import type { SourceFile } from '../source/source-file.js';
import { createColors, shouldColor, type Colors } from './ansi.js';
import { formatSize, parseCliArgs, type CliOptions } from './args.js';
import { groupInputs, isKustomizationPath } from './batches.js';
import { kustomizeContext, withoutContext, type ContextFile } from './kustomize-context.js';
import { ReadAhead, type ReadAheadFile } from './read-ahead.js';
import { migrateBatch, type MigrateFn } from './migrate-batch.js';
import type { Input } from './collect-inputs.js';
import { toInputError, type InputError } from './input-error.js';
import { diffLabel, relabelDiff } from './diff-label.js';
import { decodeInput } from './encoding.js';
import { githubAnnotation, stepSummaryMarkdown } from './github.js';
import { HELP_TEXT } from './help.js';
import { guardOutput, OutputError, type BatchOutcome, type CliIo, type MigrateWorkers, type OutputStream } from './io.js';
import { JSON_SCHEMA_VERSION, jsonFile, type JsonReport } from './json-report.js';
import { readPackageInfo } from './package-info.js';
import { StderrLog } from './progress.js';
import {
  changeLabel,
  colorizeDiff,
  fileRecord,
  formatEntryLine,
  formatSummary,
  inputErrorRecord,
  summarize,
  textEntries,
  type FileRecord,
  type RunMode,
  type Summary,
} from './report.js';
import { writeFileAtomic, writeOutputFile } from './write-file.js';
import { writeDeployment, writeGroup, type WriteOutcome } from './write-group.js';

/** How many characters of a long output (stdoutWriteLines) go to one write, cut after a line. */
const OUTPUT_SLICE = 1 << 20;

/** 0: nothing to report; 1: what --fail-on names was found (--check: warnings or pending changes); 2: input, output, usage or internal error. */
export type ExitCode = 0 | 1 | 2;

export type { MigrateFn } from './migrate-batch.js';

/** Seams for tests. Production code passes nothing. */
export interface RunDeps {
  /** Loads the migration library. Default: `import('./engine.js')`, only once there is work to do. */
  readonly loadMigrate?: () => Promise<MigrateFn>;
  /** Skip directories whose files have no Fluent Bit or Docker marker (discover/prefilter.ts). Default true; tests compare with false. */
  readonly prefilter?: boolean;
}

const FALLBACK_BUGS_URL = 'the flb-migrate issue tracker';

async function loadRealMigrate(): Promise<MigrateFn> {
  // Dynamic (engine.ts) so that --help, --version and usage errors never load the parser stack.
  return (await import('./engine.js')).migrate;
}

/**
 * Runs the CLI for `argv` (without `node` and the script path) against `io`
 * and resolves to the exit code. Never rejects and never prints a stack
 * trace: a failed write to stdout, stderr or --output-file is one
 * `flb-migrate: cannot write to ...` line and exit 2 (a closed pipe, EPIPE,
 * is silent); an unexpected exception is one `flb-migrate: internal error:`
 * line and exit 2.
 */
export async function run(argv: readonly string[], io: CliIo, deps: RunDeps = {}): Promise<ExitCode> {
  const stdout = guardOutput(io.stdout, 'standard output');
  const stderr = guardOutput(io.stderr, 'standard error');
  try {
    const parsed = parseCliArgs(argv);
    switch (parsed.kind) {
      case 'help':
        await stdout.write(HELP_TEXT);
        return 0;
      case 'version':
        await stdout.write(`${readPackageInfo().version}\n`);
        return 0;
      case 'usage-error':
        return await usageError(stderr, parsed.message);
      case 'list-rules': {
        // Loaded only here (engine.ts): the registry pulls in every rule module.
        const { listRules } = await import('./engine.js');
        await stdout.write(listRules(parsed.format));
        return 0;
      }
      case 'explain': {
        const { explain } = await import('./engine.js');
        const explained = explain(parsed.id, parsed.format);
        if (!explained.ok) return await usageError(stderr, explained.message);
        await stdout.write(explained.text);
        return 0;
      }
      case 'run':
        return await migrateAll(parsed.options, io, stdout, stderr, deps.loadMigrate ?? loadRealMigrate, deps.prefilter ?? true);
      default: {
        const never: never = parsed;
        return never;
      }
    }
  } catch (error) {
    const line = error instanceof OutputError ? `flb-migrate: ${error.message}` : internalErrorLine(error);
    // If stderr itself is what failed, there is nowhere left to say it: the exit code does.
    await stderr.write(`${line}\n`).catch(() => undefined);
    return 2;
  }
}

async function usageError(stderr: OutputStream, message: string): Promise<ExitCode> {
  await stderr.write(`flb-migrate: ${message}\nRun 'flb-migrate --help' for usage.\n`);
  return 2;
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

async function migrateAll(
  options: CliOptions,
  io: CliIo,
  stdout: OutputStream,
  stderr: OutputStream,
  loadMigrate: () => Promise<MigrateFn>,
  prefilter: boolean,
): Promise<ExitCode> {
  // Loaded here, not at startup (engine.ts): the walk, the parsers and the rules, which --help and --version do not need.
  const { collectInputs, configFileRefs, GlobError, kustomizationGeneratorFiles, STDIN_PATH } = await import('./engine.js');
  let collected;
  // The kustomizations the walk reads for their generators' files, and the configs it reads for the files they name:
  // their bytes serve the run's first read of each (ReadAhead), while they fit in READ_AHEAD_BYTES (memory: a tree
  // of many configs); the others are read again by their batch.
  const walked = new Map<string, Uint8Array>();
  let walkedBytes = 0;
  const readWalked = async (file: string): Promise<Uint8Array> => {
    const bytes = await io.readFile(file);
    if (walkedBytes + bytes.length <= READ_AHEAD_BYTES) {
      walked.set(file, bytes);
      walkedBytes += bytes.length;
    }
    return bytes;
  };
  try {
    collected = await collectInputs(io, options.paths, { exclude: options.exclude, generatorFiles: kustomizationGeneratorFiles, configFileRefs, readFile: readWalked });
  } catch (error) {
    if (error instanceof GlobError) return usageError(stderr, `--exclude ${error.message}`);
    throw error;
  }
  const { errors } = collected;
  // An overlay run alone: what its kustomizations read outside the inputs joins as context, never written (kustomize-context.ts).
  // Kustomizations read for their references (here and for batching) are kept for their batches: each file is read once.
  const readFirst = new ReadAhead(io, READ_AHEAD_BYTES, options.maxFileSize, walked);
  // A kustomization's references, read once for the context pass and the batching (a tree of 2,000 kustomizations).
  const references = new Map<string, readonly string[]>();
  const context = await contextOf(io, collected.inputs, options, textOf(readFirst), references);
  const inputs = context.size === 0 ? collected.inputs : [...collected.inputs, ...[...context.keys()].map((p): Input => ({ kind: 'file', path: p }))];
  const report = new Reporter(options, io, stdout, stderr, inputs.length);
  for (const input of inputs) if (input.kind === 'file' && input.writeRefusal !== undefined) report.refuseWrite(input.path, input.writeRefusal);
  for (const error of errors) await report.inputError(error);

  if (inputs.length > 0) {
    const migrate = await loadMigrate();
    const { groups, ahead: readAhead, fluxSources, deployments } = await batchesOf(io, inputs, options.toYaml === true, readFirst, references);
    const migrateOptions: MigrateOptions = {
      ...(options.runtime === undefined ? {} : { runtime: options.runtime }),
      ...(options.toYaml ? { toYaml: true } : {}),
      criOnly: options.criOnly,
      keepDockerMount: options.keepDockerMount,
      ...(options.podLogsDir === undefined ? {} : { podLogsDir: options.podLogsDir }),
      ...(options.fluentBitVersion === undefined ? {} : { fluentBitVersion: options.fluentBitVersion }),
      ...(fluxSources.length === 0 ? {} : { fluxSources }),
      ...(deployments === undefined || deployments.length < 2 ? {} : { deployments }),
    };
    // Threads pay for their start (each loads the engine and warms up its JIT) only on runs with many batches to
    // migrate: batches the prefilter skips cost a read, not a migration (a GitOps tree of 2,000 directories may hold
    // 50 of Fluent Bit's). So threads start once PARALLEL_MIN_BATCHES batches to migrate have been read; the first
    // batches are read ahead (not migrated) until then, up to a bound, so that a run full of them starts its threads at once.
    const workers = io.workers !== undefined && groups.length >= PARALLEL_MIN_BATCHES ? io.workers : undefined;
    let pool: MigrateWorkers | undefined;
    let toMigrate = 0;
    let sampling = workers !== undefined;
    const sample: { group: Input[]; read: ReadGroup }[] = [];
    let sampleChars = 0;
    const stdinName = options.stdinFilepath ?? STDIN_PATH;
    // Batches are read and started in order, at most `window` ahead, and reported in order.
    let window = 1;
    // A batch a thread could not migrate resolves to undefined (handled at once: no unhandled rejection while it waits its turn).
    const ahead: { group: Input[]; read: ReadGroup; outcome: Promise<BatchOutcome | undefined> | undefined }[] = [];
    let done = 0;
    const finishNext = async (): Promise<void> => {
      const next = ahead.shift();
      if (next === undefined) return;
      const { group, read } = next;
      // A thread that failed leaves its batch to this one (the same function, the same results).
      const outcome = next.outcome === undefined ? undefined : await next.outcome;
      await finishGroup(read, outcome ?? (read.files.length > 0 ? migrateBatch(migrate, read.files, batchOptions(migrateOptions, read)) : undefined), report, stdinName, context, io.cwd);
      done += group.length;
      await report.log.progress(done);
    };
    const start = async (group: Input[], read: ReadGroup): Promise<void> => {
      const outcome = pool !== undefined && read.files.length > 0 && !read.isStdin ? pool.run(read.files, batchOptions(migrateOptions, read)).then((o) => o, () => undefined) : undefined;
      ahead.push({ group, read, outcome });
      while (ahead.length >= window) await finishNext();
    };
    const flush = async (): Promise<void> => {
      sampling = false;
      for (const { group, read } of sample.splice(0)) await start(group, read);
    };
    try {
      for (const group of groups) {
        const read = await readGroup(group, io, stdinName, prefilter, options.maxFileSize, readAhead, options.toYaml === true);
        if (read.files.length > 0 && workers !== undefined && pool === undefined && ++toMigrate >= PARALLEL_MIN_BATCHES) {
          pool = workers;
          window = pool.size * 2;
        }
        if (!sampling) {
          await start(group, read);
          continue;
        }
        sample.push({ group, read });
        for (const f of read.files) sampleChars += f.text.length;
        if (pool !== undefined || sample.length >= THREADS_SAMPLE_BATCHES || sampleChars >= THREADS_SAMPLE_CHARS) await flush();
      }
      await flush();
      while (ahead.length > 0) await finishNext();
    } finally {
      await pool?.close();
    }
  }
  return report.finish();
}

/** Batches to migrate (after the prefilter) from which a run starts worker threads (io.workers), when it has them. */
const PARALLEL_MIN_BATCHES = 64;
/** How many batches are read ahead before the first is migrated, while a run has fewer than PARALLEL_MIN_BATCHES to migrate (and at most this many characters of them: memory). */
const THREADS_SAMPLE_BATCHES = 256;
const THREADS_SAMPLE_CHARS = 8 * 1024 * 1024;

/**
 * The batches of `migrate()` calls (batches.ts). A run whose files sit in one directory (or --to-yaml: one batch)
 * reads nothing here. Otherwise every file is read first: kustomizations for their references, and every file for
 * the include references of plain configs (includes/file-links.ts: a text scan; YAML parsed only for a top-level
 * `includes:` or `service.parsers_file`). Those reads are kept, decoded, for the batches (READ_AHEAD_BYTES), so most
 * files are still read from disk and decoded once. The same pass collects the Flux sources (HelmRepository objects)
 * of every file, for every batch (`fluxSources`: a HelmRelease's repository in another directory); only files with
 * the text marker (mayHoldFluxSources) are parsed for them.
 */
async function batchesOf(io: CliIo, inputs: readonly Input[], oneBatch: boolean, ahead: ReadAhead, references: Map<string, readonly string[]>): Promise<{ groups: Input[][]; ahead?: ReadAhead; fluxSources: FluxSource[]; deployments?: string[][] }> {
  const files = inputs.flatMap((i) => (i.kind === 'file' ? [i.path] : []));
  // One directory (or none): stops at the first file elsewhere, not after resolving every path of a tree.
  const firstDir = files.length > 0 ? path.dirname(path.resolve(io.cwd, files[0] as string)) : undefined;
  if (files.every((f) => path.dirname(path.resolve(io.cwd, f)) === firstDir)) return { groups: await groupInputs(inputs, { cwd: io.cwd, oneBatch }), ahead, fluxSources: [] };
  const { gitlabIncludes, gitlabPipelineLinksIn, hasGitlabInclude, isGitlabCi, ansibleLinksIn, composeLinksIn, helmfileBaseLinksIn, helmfileBasesIn, helmfileLayerLinksIn, dockerRunLinksIn, fluxPostBuildLinksIn, fluxSourcesIn, heldValuesFrom, localChartLinksIn, mayHoldSubstituteFrom, isInScope, kustomizationReferences, linkedFiles, mayHoldValuesFrom, mayNameConfigMap, configFileRefs, scriptConfigMapLinksIn, scriptConfigMapNames, scriptSetFileLinksIn, valuesFileLinksIn, valuesFromRefsIn } = await import('./engine.js');
  const readText = textOf(ahead);
  const { deployedPathLinksIn } = await import('./engine.js');
  const refs = new Map<string, ReturnType<typeof configFileRefs>>();
  const fluxSources: FluxSource[] = [];
  // A release and the values files it names (Argo CD valueFiles, helmfile values files) go in one batch (linkValuesFiles).
  const valuesLinks: string[][] = [];
  const valuesFrom: { readonly file: string; readonly refs: ReturnType<typeof valuesFromRefsIn> }[] = [];
  const holders: string[] = [];
  const scriptNames: { readonly file: string; readonly name: string; readonly scope: string }[] = [];
  const substituteFrom: { readonly file: string; readonly name: string; readonly scope: string }[] = [];
  // A helmfile's bases, whose releases' values files are relative to the helmfile (read below, with the helmfile).
  const helmfileBases: { readonly helmfile: string; readonly text: string; readonly base: string }[] = [];
  // `.gitlab-ci.yml` files that include others (read below, with the files they include).
  const gitlabMains: { readonly path: string; readonly text: string }[] = [];
  // Each: a file and the inputs it ties to itself, judged in one batch (empty when none).
  const pairLinks: readonly ((file: string, text: string, inputs: readonly string[]) => string[])[] = [
    // A release and the values files it names (Argo CD valueFiles, helmfile values files: linkValuesFiles).
    valuesFileLinksIn,
    // A helmfile and the files its `bases:` and `helmfiles:` name (migrate/helmfile-layers.ts).
    helmfileLayerLinksIn,
    // A release that deploys a local chart (an umbrella) and that chart's Chart.yaml (migrate/umbrella-links.ts).
    localChartLinksIn,
    // An Argo CD Application or Flux Kustomization and the kustomizations of the directories it deploys (discover/deployed-paths.ts).
    deployedPathLinksIn,
    // A script's helm command and the config files it hands the chart with --set-file (deploy/script-releases.ts).
    scriptSetFileLinksIn,
    // A script's `kubectl create configmap --from-file` and the files it makes the ConfigMap of (deploy/script-configmaps.ts).
    scriptConfigMapLinksIn,
    // A docker-compose file and the configs its Fluent Bit services bind-mount (deploy/compose.ts).
    composeLinksIn,
    // A script's `docker run` of a Fluent Bit image and the configs it bind-mounts (deploy/docker-run.ts).
    dockerRunLinksIn,
    // An Ansible tasks file or playbook and the files its copy/template tasks install on a host (deploy/ansible.ts).
    ansibleLinksIn,
  ];
  for (const file of files) {
    const text = await readText(file);
    if (text === undefined) continue;
    // Include references and lua filter scripts: a script in another directory joins its config's batch.
    const found = configFileRefs(file, text);
    if (found.length > 0) refs.set(file, found);
    fluxSources.push(...fluxSourcesIn(text));
    for (const linksIn of pairLinks) {
      const linked = linksIn(file, text, files);
      if (linked.length > 0) valuesLinks.push(linked);
    }
    for (const base of helmfileBasesIn(file, text, files)) helmfileBases.push({ helmfile: file, text, base });
    if (isGitlabCi(file) && hasGitlabInclude(text)) gitlabMains.push({ path: file, text });
    for (const { name, scope } of scriptConfigMapNames(file, text)) scriptNames.push({ file, name, scope });
    const from = valuesFromRefsIn(file, text);
    if (from.length > 0) valuesFrom.push({ file, refs: from });
    if (mayHoldValuesFrom(text)) holders.push(file);
    // A Flux Kustomization with postBuild and the files of the directory it builds (deploy/flux-postbuild.ts).
    for (const built of fluxPostBuildLinksIn(file, text, files)) {
      if (built.files.length > 1) valuesLinks.push([...built.files]);
      for (const name of built.from) substituteFrom.push({ file, name, scope: built.scope });
    }
  }
  // A helmfile and the values files its bases' releases name (relative to the helmfile: migrate/helmfile-layers.ts).
  for (const { helmfile, text, base } of helmfileBases) {
    const baseText = await readText(base);
    if (baseText === undefined) continue;
    const linked = helmfileBaseLinksIn(helmfile, text, base, baseText, files);
    if (linked.length > 0) valuesLinks.push(linked);
  }
  // A `.gitlab-ci.yml` and the local files it includes (nested too), whose jobs' helm lines are its pipeline's (discover/ci-shells.ts).
  const inputPaths = gitlabMains.length === 0 ? undefined : new Map(files.map((f) => [normalizePath(f), f]));
  for (const main of gitlabMains) {
    const pipeline = [main];
    const root = dirname(normalizePath(main.path));
    for (let k = 0; k < pipeline.length && pipeline.length < 100; k++) {
      for (const rel of gitlabIncludes((pipeline[k] as { text: string }).text).local) {
        const file = inputPaths?.get(joinPath(root, rel));
        const text = file === undefined || pipeline.some((p) => p.path === file) ? undefined : await readText(file);
        if (file !== undefined && text !== undefined) pipeline.push({ path: file, text });
      }
    }
    const linked = pipeline.length > 1 ? gitlabPipelineLinksIn(pipeline, files) : [];
    if (linked.length > 1) valuesLinks.push(linked);
  }
  // A Flux HelmRelease and the ConfigMaps or Secrets (or their kustomize generators) its valuesFrom names (linkValuesFrom).
  const fromRefs = valuesFrom.flatMap((v) => v.refs);
  const releaseFile = new Map(valuesFrom.flatMap((v) => v.refs.map((ref) => [ref, v.file] as const)));
  for (const file of fromRefs.length > 0 ? holders : []) {
    const text = await readText(file);
    if (text === undefined) continue;
    for (const ref of heldValuesFrom(file, text, fromRefs)) valuesLinks.push([releaseFile.get(ref) as string, file]);
  }
  // A script's `kubectl create configmap NAME` and the manifests of its project (the directory holding it and its
  // files) that may mount ConfigMap NAME (a workload's volume).
  for (const file of scriptNames.length > 0 ? files : []) {
    if (!/\.(ya?ml|json)$/i.test(file)) continue;
    const text = await readText(file);
    if (text === undefined) continue;
    for (const s of scriptNames) if (s.file !== file && isInScope(file, s.scope) && mayNameConfigMap(text, s.name)) valuesLinks.push([s.file, file]);
  }
  // A Flux Kustomization and the ConfigMaps or Secrets its substituteFrom names, inside the repository root it builds from.
  for (const file of substituteFrom.length > 0 ? files : []) {
    if (!/\.(ya?ml|json)$/i.test(file)) continue;
    const text = await readText(file);
    if (text === undefined) continue;
    for (const s of substituteFrom) if (s.file !== file && isInScope(file, s.scope) && mayHoldSubstituteFrom(text, s.name)) valuesLinks.push([s.file, file]);
  }
  const includeLinks = [...(refs.size === 0 ? [] : linkedFiles(files, (f) => refs.get(f) ?? [])), ...valuesLinks];
  const groups = await groupInputs(inputs, { cwd: io.cwd, kustomizationReferences: remembered(kustomizationReferences, references), readText, includeLinks });
  if (!oneBatch) return { groups, ahead, fluxSources };
  // --to-yaml: one batch, told which of its directories make one deployment (what the runtime batches would be).
  const deployments = groups.map((g) => [...new Set(g.flatMap((i) => (i.kind === 'file' ? [dirname(i.path)] : [])))]);
  return { groups: await groupInputs(inputs, { cwd: io.cwd, oneBatch }), ahead, fluxSources: [], deployments };
}


/** `read` with its answers kept in `memo`, by text (the texts are the read-ahead's: kept anyway). */
function remembered(read: (text: string) => readonly string[], memo: Map<string, readonly string[]>): (text: string) => readonly string[] {
  return (text) => {
    let found = memo.get(text);
    if (found === undefined) {
      found = read(text);
      memo.set(text, found);
    }
    return found;
  };
}

/** A file's text read through `ahead` (kept for its batch); undefined when it cannot be read (its batch reports that). */
function textOf(ahead: ReadAhead): (file: string) => Promise<string | undefined> {
  return async (file) => {
    try {
      const { decoded } = await ahead.read(file);
      return decoded?.ok === true ? decoded.text : undefined;
    } catch {
      return undefined;
    }
  };
}

/**
 * The files the kustomizations of the inputs read outside them (kustomize-context.ts), by path: a runtime migration
 * only (--to-yaml renames files and rewrites the references to them: a file outside the inputs is left out of it).
 */
async function contextOf(io: CliIo, inputs: readonly Input[], options: CliOptions, readText: (file: string) => Promise<string | undefined>, references: Map<string, readonly string[]>): Promise<Map<string, ContextFile>> {
  if (options.toYaml === true || options.runtime === undefined || !inputs.some((i) => i.kind === 'file' && isKustomizationPath(i.path))) return new Map();
  const { compileExcludes, compileGlob, isGlob, kustomizationReferences } = await import('./engine.js');
  const excludes = compileExcludes(io.cwd, options.exclude);
  // The paths named (a glob: its literal leading directories): what is under them, the walk decided about already.
  const baseOf = (p: string): string => {
    try {
      return isGlob(p) ? compileGlob(p).base : p;
    } catch {
      return p; // a glob the walk refused (BAD_GLOB, reported): nothing under it was read
    }
  };
  const named = options.paths.filter((p) => p !== '-').map((p) => path.resolve(io.cwd, baseOf(p)));
  const isExcluded = (file: string): boolean => {
    if (excludes.excludes(io.cwd, file, false)) return true;
    // An excluded directory is skipped with all it holds, as in a walk.
    for (let d = path.dirname(file); d !== path.dirname(d); d = path.dirname(d)) if (excludes.excludes(io.cwd, d, true)) return true;
    return false;
  };
  const isLeftOut = (file: string): boolean => named.some((n) => file === n || file.startsWith(n.endsWith(path.sep) ? n : `${n}${path.sep}`)) || isExcluded(file);
  const found = await kustomizeContext(io, inputs, remembered(kustomizationReferences, references), readText, isLeftOut);
  return new Map(found.map((c) => [c.path, c]));
}

/** Bytes of the files read before batching that are kept for their batches (the rest are read again): 4 MiB, all of the GitOps bench tree (3.9 MB). */
const READ_AHEAD_BYTES = 4 * 1024 * 1024;

/** A batch read from disk: its texts, and what reading them reported (in order). */
interface ReadGroup {
  /** What to migrate: empty when nothing was read, or the prefilter skips the batch. */
  readonly files: SourceFile[];
  readonly errors: InputError[];
  readonly isStdin: boolean;
  /** Files the prefilter skipped. */
  readonly skipped: number;
  /** With --to-yaml: the YAML names of its classic files that exist on disk but are not in the batch (MigrateOptions.existingFiles). */
  readonly existingFiles?: readonly string[];
}

/** The options of one batch: the run's, plus what only the CLI knows of its directory (existing YAML names). */
function batchOptions(options: MigrateOptions, read: ReadGroup): MigrateOptions {
  const existing = read.existingFiles === undefined || read.existingFiles.length === 0 ? options : { ...options, existingFiles: read.existingFiles };
  // Files of the batch it could not read: their deployment is unknown, so nothing of their batch is written (MigrateOptions.unreadFiles).
  const unread = read.errors.filter((e) => UNREAD_CODES.has(e.code)).map((e) => ({ path: e.path, code: e.code, message: e.message }));
  return unread.length === 0 ? existing : { ...existing, unreadFiles: unread };
}

/** Input errors of a file that exists but whose content could not be had (not a missing path, nor a directory). */
const UNREAD_CODES = new Set(['FILE_TOO_LARGE', 'ENCODING', 'EACCES', 'EPERM', 'EIO']);

/**
 * The YAML names (`x.conf` -> `x.yaml`, in the batch's spelling of the path) of the batch's classic files that exist
 * on disk and are no file of the batch: --write would refuse to create them (EEXIST), so the dry run says it first.
 */
async function existingYamlNames(io: CliIo, files: readonly SourceFile[]): Promise<string[]> {
  const { isYamlName, yamlNameFor } = await import('./engine.js'); // already loaded with migrate
  const inBatch = new Set(files.map((f) => f.path));
  const out: string[] = [];
  for (const f of files) {
    if (isYamlName(f.path) || f.path.endsWith('.json')) continue;
    const sep = Math.max(f.path.lastIndexOf('/'), f.path.lastIndexOf('\\'));
    const target = f.path.slice(0, sep + 1) + yamlNameFor(f.path.slice(sep + 1));
    if (target === f.path || inBatch.has(target)) continue;
    try {
      await io.lstat(target);
      out.push(target);
    } catch {
      // not there (or not readable: --write reports what it meets)
    }
  }
  return out;
}

async function readGroup(group: readonly Input[], io: CliIo, stdinName: string, prefilter: boolean, maxFileSize: number, readAhead?: ReadAhead, toYaml = false): Promise<ReadGroup> {
  const files: SourceFile[] = [];
  const errors: InputError[] = [];
  let isStdin = false;
  for (const input of group) {
    const name = input.kind === 'stdin' ? stdinName : input.path;
    // Read before batching (batchesOf): its size and text are kept, not read again.
    let read: ReadAheadFile | undefined = input.kind === 'file' ? readAhead?.take(input.path) : undefined;
    if (read === undefined) {
      let bytes: Uint8Array;
      try {
        bytes = input.kind === 'stdin' ? await io.readStdin() : await io.readFile(input.path);
      } catch (error) {
        errors.push(toInputError(name, error));
        continue;
      }
      // Refused before it becomes a string: a file far beyond real manifests would take the heap with it.
      read = bytes.length > maxFileSize ? { size: bytes.length } : { size: bytes.length, decoded: decodeInput(bytes) };
    }
    const { size, decoded } = read;
    if (decoded === undefined || size > maxFileSize) {
      errors.push({ path: name, code: 'FILE_TOO_LARGE', message: `is ${formatSize(size)}, above --max-file-size ${formatSize(maxFileSize)}: not read (raise the limit to migrate it)` });
      continue;
    }
    if (!decoded.ok) {
      const { message, line, column } = decoded;
      errors.push({ path: name, code: 'ENCODING', message, ...(line === undefined ? {} : { line, column }) });
      continue;
    }
    if (input.kind === 'stdin') {
      const { stdinLibraryPath } = await import('./engine.js');
      files.push({ path: stdinLibraryPath(decoded.text, stdinName), text: decoded.text });
      isStdin = true;
    } else {
      files.push({ path: input.path, text: decoded.text });
    }
  }
  if (files.length === 0) return { files, errors, isStdin, skipped: 0 };
  // A batch (a directory and the directories a kustomization links; all inputs with --to-yaml) in which no file has a Fluent Bit or Docker
  // marker yields no finding and no change (discover/prefilter.ts): skipped before any YAML parsing.
  // One marker anywhere in the batch and every file of it is read: a file without one can still be
  // tied to it (a ConfigMap mounted by a private-image DaemonSet, a Flux valuesFrom ConfigMap).
  const { fileHasMarker } = await import('./engine.js'); // already loaded with migrate
  if (prefilter && !isStdin && !files.some((f) => fileHasMarker(f.path, f.text))) return { files: [], errors, isStdin, skipped: files.length };
  if (toYaml && !isStdin) return { files, errors, isStdin, skipped: 0, existingFiles: await existingYamlNames(io, files) };
  return { files, errors, isStdin, skipped: 0 };
}

/** Reports a batch: what reading it found, then its results (or the prefilter's skip). */
async function finishGroup(read: ReadGroup, outcome: BatchOutcome | undefined, report: Reporter, stdinName: string, context: ReadonlyMap<string, ContextFile>, cwd: string): Promise<void> {
  for (const error of read.errors) if (!context.has(error.path)) await report.inputError(error);
  if (read.skipped > 0) report.skip(read.skipped);
  if (outcome === undefined) return;
  for (const { path, error } of outcome.internalErrors) await report.internalError(read.isStdin ? stdinName : path, error);
  const results = context.size === 0 ? outcome.results : withoutContext(outcome.results, context, cwd);
  if (read.isStdin) {
    const { renameResult } = await import('./engine.js');
    // Standard input is never renamed: a --to-yaml conversion of it is its new text, with a plain diff.
    const plain = results.some((r) => r.renamedTo !== undefined) ? (await import('./engine.js')).unifiedDiff : undefined;
    for (const result of results) await report.file(renameResult(result, stdinName, plain), true);
    return;
  }
  // --to-yaml renames and removes files: the directory's writes go together (write-group.ts).
  if (report.writes && results.some((r) => r.changed && !r.hasErrors && (r.renamedTo !== undefined || r.removed === true))) {
    await report.group(results);
    return;
  }
  // The changed files of one deployment are written together or not at all (write-group.ts writeDeployment).
  if (report.writes) {
    const together = deploymentsToWrite(results);
    for (const result of results) {
      const group = result.deployment === undefined ? undefined : together.get(result.deployment);
      if (group === undefined) await report.file(result, false);
      else if (group[0] === result) await report.deploymentGroup(group);
    }
    return;
  }
  for (const result of results) await report.file(result, false);
}

/** Deployments with more than one file to write, by key (their results in batch order). */
function deploymentsToWrite(results: readonly FileResult[]): Map<string, FileResult[]> {
  const by = new Map<string, FileResult[]>();
  for (const r of results) {
    if (r.deployment === undefined) continue;
    const list = by.get(r.deployment);
    if (list) list.push(r);
    else by.set(r.deployment, [r]);
  }
  for (const [k, list] of by) if (list.filter((r) => r.changed && !r.hasErrors).length < 2) by.delete(k);
  return by;
}

/** Turns results into output for the chosen mode and format, and keeps the totals. */
class Reporter {
  readonly log: StderrLog;
  private readonly mode: RunMode;
  private readonly out: Colors;
  private readonly err: Colors;
  /** Where stdout output goes: the terminal/pipe, or a buffer written to --output-file at the end. */
  private readonly sink: OutputStream;
  private buffered = '';
  /** Per-file records, kept only for the formats that need them at the end (json, sarif, the GitHub step summary). */
  private readonly records: FileRecord[] = [];
  private readonly keepRecords: boolean;
  private readonly summary: Summary = summarize([]);
  /** stdin with --write had an error: its migrated text is not printed, so --output-file is not written either. */
  private isStdinFailed = false;
  private hasInternalError = false;

  constructor(
    private readonly options: CliOptions,
    private readonly io: CliIo,
    stdout: OutputStream,
    stderr: OutputStream,
    total: number,
  ) {
    this.log = new StderrLog(stderr, total);
    this.mode = options.write ? 'write' : options.check ? 'check' : 'diff';
    this.sink =
      options.outputFile === undefined
        ? stdout
        : { isTTY: false, write: async (chunk) => void (this.buffered += chunk) };
    const isText = options.format === 'diff';
    this.out = createColors(isText && shouldColor(options.color, this.sink.isTTY, io.env));
    this.err = createColors(shouldColor(options.color, stderr.isTTY, io.env));
    this.keepRecords = options.format === 'json' || options.format === 'sarif' || this.stepSummaryPath() !== undefined;
  }

  /** Files `--write` must not write (found through a symlink out of the walked tree), by path. */
  private readonly writeRefusals = new Map<string, string>();

  refuseWrite(file: string, message: string): void {
    this.writeRefusals.set(file, message);
  }

  /** A path that could not be read, walked or decoded: a record of its own. */
  async inputError(error: InputError): Promise<void> {
    await this.add(inputErrorRecord(error));
  }

  /** migrate() threw for this file: a broken invariant, reported as such in every format. */
  async internalError(file: string, error: unknown): Promise<void> {
    this.hasInternalError = true;
    await this.log.line(internalErrorLine(error, file));
    const message = error instanceof Error ? error.message : String(error);
    await this.add(inputErrorRecord({ path: file, code: 'INTERNAL_ERROR', message }), false);
  }

  /** Files read and skipped by the prefilter: counted in the summary, no record of their own. */
  skip(count: number): void {
    this.summary.skipped += count;
  }

  /** True when this run writes files in place (--write, not stdin). */
  get writes(): boolean {
    return this.mode === 'write';
  }

  /** A directory's results whose files are renamed or removed: written as one group, then reported. */
  async group(results: readonly FileResult[]): Promise<void> {
    const outcomes = await writeGroup(this.io, results, this.writeRefusals);
    for (const r of results) await this.file(r, false, outcomes.get(r.path));
  }

  /** The changed files of one deployment: written together (writeDeployment), then reported. */
  async deploymentGroup(results: readonly FileResult[]): Promise<void> {
    const outcomes = await writeDeployment(this.io, results, this.writeRefusals);
    for (const r of results) await this.file(r, false, outcomes.get(r.path));
  }

  async file(r: FileResult, isStdin: boolean, outcome?: WriteOutcome): Promise<void> {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const hasErrors = r.hasErrors || errors.length > 0 || r.findings.some((f) => f.severity === 'error');
    const isChanged = r.changed && !hasErrors;
    const extraErrors: InputError[] = [];
    if (hasErrors && errors.length === 0 && !r.findings.some((f) => f.severity === 'error')) {
      extraErrors.push({ path: r.path, code: 'HAS_ERRORS', message: 'the migration reported errors but no diagnostics' });
    }
    if (r.diagnostics.some((d) => d.code === 'INTERNAL_ERROR')) this.hasInternalError = true;

    let written = false;
    if (outcome !== undefined) {
      written = outcome.written;
      extraErrors.push(...outcome.errors);
    } else if (this.mode === 'write' && isStdin) {
      // `... | flb-migrate - --write | kubectl apply -f -`: the migrated (or unchanged) text goes on.
      // With an error, nothing is printed and the exit code is 2: never half a manifest downstream.
      if (hasErrors) this.isStdinFailed = true;
      else await this.stdoutWrite(r.output);
      written = isChanged;
    } else if (this.mode === 'write' && isChanged && this.writeRefusals.has(r.path)) {
      extraErrors.push({ path: r.path, code: 'SYMLINK', message: this.writeRefusals.get(r.path) ?? 'not written' });
    } else if (this.mode === 'write' && isChanged) {
      const failure = await writeFileAtomic(this.io, r.path, r.output);
      if (failure === undefined) written = true;
      else extraErrors.push(failure);
    }

    const label = diffLabel(this.io.cwd, r.path);
    const newLabel = r.renamedTo === undefined || isStdin ? label : diffLabel(this.io.cwd, r.renamedTo);
    const printsDiff = isChanged && this.mode === 'diff' && this.options.format === 'diff';
    // A diff the library has not made yet (lazy-diff.ts: a --to-yaml rename of a big config) is written in slices as
    // they are made, never whole, when the text output is its only reader; one no output reads is not made at all.
    const slices = printsDiff ? (await import('./engine.js')).diffSlices(r) : undefined;
    const diff = slices !== undefined || !(printsDiff || this.keepRecords) ? '' : relabelDiff(r.diff, label, newLabel);
    const record = fileRecord(r, diff, written, extraErrors);
    await this.add(record);
    if (isChanged && this.options.format !== 'json' && this.options.format !== 'sarif') {
      if (this.mode === 'check') await this.stdoutLine(`would change: ${changeLabel(record)}`);
      if (slices !== undefined) await this.stdoutWriteSlices(slices, label, newLabel);
      else if (printsDiff && record.diff !== '') {
        const text = record.diff.endsWith('\n') ? record.diff : `${record.diff}\n`;
        await this.stdoutWriteLines(colorizeDiff(text, this.out));
      }
    }
  }

  /** Counts a record and prints its entries (text: stderr; github: stdout). */
  private async add(record: FileRecord, printText = true): Promise<void> {
    summarize([record], this.summary);
    if (this.keepRecords) this.records.push(record);
    const { format, quiet } = this.options;
    const entries = quiet ? record.entries.filter((e) => e.severity === 'error') : record.entries;
    if (format === 'github') {
      for (const e of entries) await this.stdoutLine(githubAnnotation(e));
    } else if (format === 'diff' && printText) {
      for (const e of textEntries(entries)) await this.log.line(formatEntryLine(e, this.err));
    }
  }

  async finish(): Promise<ExitCode> {
    await this.log.clear();
    const code = this.exitCode();
    const { format } = this.options;
    if (format === 'json') {
      const doc: JsonReport = {
        schemaVersion: JSON_SCHEMA_VERSION,
        tool: { name: 'flb-migrate', version: readPackageInfo().version },
        runtime: this.options.runtime ?? null,
        ...(this.options.toYaml ? { toYaml: true as const } : {}),
        mode: this.mode,
        files: this.records.map(jsonFile),
        summary: this.summary,
      };
      await this.stdoutWrite(`${JSON.stringify(doc, null, 2)}\n`);
    } else if (format === 'sarif') {
      // Loaded only for this format (engine.ts): it pulls in the rule registry for the rule descriptions.
      const { sarifLog } = await import('./engine.js');
      const log = sarifLog(this.records, {
        version: readPackageInfo().version,
        runtime: this.options.runtime,
        toYaml: this.options.toYaml,
        cwd: this.io.cwd,
        executionSuccessful: !this.hasInternalError,
        exitCode: code,
        skipped: this.summary.skipped,
      });
      await this.stdoutWrite(`${JSON.stringify(log, null, 2)}\n`);
    }
    const stepSummary = this.stepSummaryPath();
    if (stepSummary !== undefined) {
      try {
        await this.io.appendFile(stepSummary, stepSummaryMarkdown(this.records, this.summary, this.mode, this.options.runtime, this.options.toYaml));
      } catch (error) {
        throw new OutputError(`$GITHUB_STEP_SUMMARY (${stepSummary})`, (error as { code?: string }).code ?? 'EIO', error);
      }
    }
    if (this.options.outputFile !== undefined && !this.isStdinFailed) {
      await writeOutputFile(this.io, this.options.outputFile, this.buffered);
    }
    await this.log.line(formatSummary(this.summary, this.mode, this.err));
    return code;
  }

  /**
   * 2 for any error; else 1 when `--fail-on` (default `warning` under
   * --check) finds what it names: `change` = files still to migrate (never
   * after a successful --write), `warning` = that or any warning.
   */
  private exitCode(): ExitCode {
    if (this.summary.errors > 0) return 2;
    const pending = this.mode === 'write' ? 0 : this.summary.changed;
    switch (this.options.failOn) {
      case undefined:
      case 'error':
        return 0;
      case 'change':
        return pending > 0 ? 1 : 0;
      case 'warning':
        return pending > 0 || this.summary.warnings > 0 ? 1 : 0;
      default: {
        const never: never = this.options.failOn;
        return never;
      }
    }
  }

  private stepSummaryPath(): string | undefined {
    const file = this.io.env['GITHUB_STEP_SUMMARY'];
    return this.options.format === 'github' && file !== undefined && file !== '' ? file : undefined;
  }

  private async stdoutWrite(text: string): Promise<void> {
    if (this.sink.isTTY) await this.log.clear();
    await this.sink.write(text);
  }

  /**
   * A long text (a big file's diff) written in slices of whole lines of about OUTPUT_SLICE characters: a stream
   * turns what it is given into one Buffer, the text's size again outside the heap (memory, issue #14).
   */
  private async stdoutWriteLines(text: string): Promise<void> {
    for (let start = 0; start < text.length; ) {
      const cut = start + OUTPUT_SLICE >= text.length ? text.length : text.indexOf('\n', start + OUTPUT_SLICE) + 1 || text.length;
      await this.stdoutWrite(start === 0 && cut === text.length ? text : text.slice(start, cut));
      start = cut;
    }
  }

  /**
   * A diff given in slices of whole lines (lazy-diff.ts `diffSlices`), written as the whole one would be
   * (relabelDiff, a final newline, colorizeDiff, stdoutWriteLines): its header is relabelled once the slices read so
   * far hold it (up to the first hunk), then the slices go in writes of about OUTPUT_SLICE characters.
   */
  private async stdoutWriteSlices(slices: Iterable<string>, label: string, newLabel: string): Promise<void> {
    let pending = '';
    let relabelled = false;
    for (const slice of slices) {
      if (slice === '') continue;
      if (relabelled && pending.length >= OUTPUT_SLICE) {
        await this.stdoutWriteLines(colorizeDiff(pending, this.out));
        pending = '';
      }
      pending += slice;
      if (!relabelled && (pending.startsWith('@@') || pending.includes('\n@@'))) {
        pending = relabelDiff(pending, label, newLabel);
        relabelled = true;
      }
    }
    if (!relabelled) pending = relabelDiff(pending, label, newLabel);
    // The last slice is still here: the final newline the whole diff would get.
    if (pending === '') return;
    await this.stdoutWriteLines(colorizeDiff(pending.endsWith('\n') ? pending : `${pending}\n`, this.out));
  }

  private async stdoutLine(line: string): Promise<void> {
    await this.stdoutWrite(`${line}\n`);
  }
}
