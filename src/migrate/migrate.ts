import type { Discovery, EmbeddedConfig } from '../discover/discovery-types.js';
import type { ConfigVersion, EnvironmentWinner, OverriddenConfig } from '../deploy/types.js';
import { missingRefDiagnostics } from '../deploy/missing-refs.js';
import { readerMismatchDiagnostics } from '../deploy/reader-mismatch.js';
import { walkBatchIncludes } from '../includes/include-diagnostics.js';
import { locateDiagnostic } from '../report/located-diagnostic.js';
import { FilePositions } from '../report/positions.js';
import { runConfigRules, runFileRules, type FindingKind, type FindingRows, type RuleRun, type RunEnvironment } from '../rules/run-rules.js';
import { computeSetupFacts } from '../rules/support/setup-facts.js';
import type { RuleOptions } from '../rules/types.js';
import { applyEdits } from '../source/apply-edits.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import type { Edit } from '../source/edit.js';
import { FlbMigrateError } from '../source/flb-migrate-error.js';
import { looksLikeClassicConfig } from '../source/sniff-format.js';
import type { SourceFile } from '../source/source-file.js';
import { fileTarget } from '../view/target.js';
import type { EditTarget } from '../view/types.js';
import { FileFindings } from './file-findings.js';
import { guardAliases } from './alias-guard.js';
import { ConsumedRanges, markDiscovery } from './consumed.js';
import { unhandledSignals } from './safety-net.js';
import { unhandledSettingFinding } from '../rules/unhandled-docker-setting.js';
import { checkEditedFile, checkInvariants, invariantBaseline, type InvariantBaseline } from './invariants.js';
import { deploymentOptions, resolveOptions, type MigrateOptions, type Runtime } from './options.js';
import { toYamlStage } from './to-yaml-stage.js';
import { deploymentKeys, holdBackDeployments, opaqueFiles, scopes, tagDeployments, unresolvedFiles } from './deployment-groups.js';
import { dropDiscoveryTokens, readBatch, type BatchConfig, type BatchState } from './read-batch.js';
import { validateMigrateArguments, validateMigrateTextArguments } from './validate-arguments.js';
import { groupBySetup } from './group-by-setup.js';
import { composeHosts } from './compose-hosts.js';
import { skipUneditable } from './skip-uneditable.js';
import type { FileResult, MigrateResult } from './types.js';
import { lazyDiff } from './lazy-diff.js';
import { unifiedDiff, unifiedDiffSlices } from './unified-diff.js';
import { base64LineNote } from '../yaml/base64-map.js';
import { migratePartitioned, type ChunkRunner, type ChunkTrace, type PartitionLimits, type PartitionOutcome } from './partition.js';

/** Per-file accumulator while the batch is processed. Offsets are the file's. */
interface FileWork {
  readonly file: SourceFile;
  readonly discovery: Discovery;
  readonly target: EditTarget;
  /** True when discovery found an error: no rule reads the file. */
  readonly unreadable: boolean;
  readonly edits: Edit[];
  readonly findings: FileFindings;
  readonly diagnostics: FileDiagnostic[];
}


/**
 * Migrates a batch of files (text in, result out; no I/O).
 *
 * Files of one batch see each other: a ConfigMap and the DaemonSet that
 * mounts it, the image tag that tells the Fluent Bit version, parsers files
 * of the same setup. Per file:
 * - `output` is `before` with all rule edits applied in one pass;
 * - any error diagnostic in a file means no edits for that file;
 * - every edited file is re-read (YAML and every config) and must not gain
 *   an error, otherwise the edits are dropped and an INTERNAL_ERROR reported;
 * - running `migrate` on its own output yields no edits (idempotent).
 * With `toYaml`, classic configs then become YAML (to-yaml-stage.ts):
 * renamed files carry `renamedTo`, inlined ones `removed`.
 * Throws a TypeError for invalid options (see checkOptions), never for input.
 */
export function migrate(files: readonly SourceFile[], options: MigrateOptions): MigrateResult {
  validateMigrateArguments(files, options);
  // One big YAML file of many independent deployments is migrated chunk by chunk (memory, issue #14; partition.ts).
  const one = files.length === 1 ? files[0] : undefined;
  // With --to-yaml too (each chunk then converted on its own); --to-yaml alone as well. Reading alone has nothing to save.
  // Not when files of its batch could not be read: which deployments read something missing is known from the whole run only.
  if (one && (options.runtime !== undefined || options.toYaml === true) && (options.unreadFiles?.length ?? 0) === 0) {
    let partitioned: PartitionOutcome | undefined;
    try {
      partitioned = migratePartitioned(one, options, runChunk);
    } catch {
      partitioned = undefined; // a bug of the partitioned path costs memory, never the result: the whole run follows
    }
    if (partitioned?.result) return { files: holdBackDeployments([partitioned.result], { keys: new Map() }) };
  }
  const { results, state, after, links } = runtimeStage(files, options);
  // A deployment is written whole or not at all (deployment-groups.ts): over the input's and the output's deployments.
  const scopeOf = scopes(options.deployments);
  const hold = { keys: deploymentKeys(after ? [state, after] : [state], links, scopeOf), opaque: opaqueFiles(state), scopeOf, unread: options.unreadFiles ?? [], unresolved: unresolvedFiles(state, scopeOf) };
  if (options.toYaml !== true) return { files: tagDeployments(holdBackDeployments(results, hold), hold.keys) };
  // --to-yaml converts what the runtime migration produced (NOTES.md, "Classic -> YAML on manifests").
  return { files: tagDeployments(holdBackDeployments(toYamlStage(results, options, after ?? state), hold), hold.keys) };
}

/** One chunk of a partitioned file, migrated as a one-file batch with a trace of how its result was ordered. */
function runChunk(file: SourceFile, options: MigrateOptions): ReturnType<ChunkRunner> {
  const trace: ChunkTrace = { edits: new Map(), diagnosticMarks: [], depth: 0 };
  const { results, state, after } = runtimeStage([file], options, trace);
  const runtime = results[0] as FileResult;
  if (options.toYaml !== true) return { result: runtime, trace };
  // The to-yaml stage returns the runtime result itself when it has nothing for the file, keeps its edits when it
  // only adds findings, and composes new edits (sorted by position) when it converts (partition.ts merges each way,
  // and diffs the whole file itself).
  const result = toYamlStage(results, options, after ?? state, { diffs: false })[0] as FileResult;
  const toYaml = result === runtime ? 'none' : result.edits === runtime.edits ? 'findings' : 'converted';
  return { result, trace, toYaml };
}

/**
 * The set that replaces a value HELM_VALUE_OVERRIDDEN reports, as its message says it: `a later value set of this
 * file`, the winning file, or every environment's when each environment of the release replaces it with its own
 * (each release's when several releases name the file and each replaces it with its own).
 */
function overriddenWhere(by: { readonly path: string; readonly winners?: readonly EnvironmentWinner[]; readonly releases?: true }, path: string): string {
  const one = (p: string): string => (p === path ? 'a later value set of this file' : p);
  if (by.winners === undefined) return one(by.path);
  return `${by.releases ? "each release's" : "every environment's"} own set (${by.winners.map((w) => `${w.label}: ${one(w.path)}`).join('; ')})`;
}

/**
 * The runtime migration (every stage up to the checked, migrated batch).
 * Without a runtime (--to-yaml alone) only the report rules marked
 * `withoutRuntime` run (repeated-property): the results carry the
 * diagnostics of reading the batch, their findings, and no edits.
 */
function runtimeStage(files: readonly SourceFile[], options: MigrateOptions, trace?: ChunkTrace): { results: FileResult[]; state: BatchState; after: BatchState | undefined; links: readonly (readonly string[])[] } {
  const state = readBatch(files, deploymentOptions(options));
  const work = files.map((file, i): FileWork => {
    const discovery = state.discoveries[i] as Discovery;
    return {
      file,
      discovery,
      target: fileTarget(file.path, file.text),
      unreadable: discovery.diagnostics.some((d) => d.severity === 'error'),
      edits: [],
      findings: new FileFindings(),
      diagnostics: discovery.diagnostics.map((d) => ({ ...d, path: file.path })),
    };
  });
  const byDiscovery = new Map(work.map((w) => [w.discovery, w]));
  const byPath = new Map(work.map((w) => [w.file.path, w]));
  // A partitioned file's chunk (one file) records where each stage's diagnostics end (partition.ts merges them stage by stage).
  const mark = (): void => {
    if (trace) trace.diagnosticMarks.push((work[0] as FileWork).diagnostics.length);
  };
  mark();

  const versionOf = (c: EmbeddedConfig): ConfigVersion => state.deployment.versionOf(c);
  // The -c files of the batch's workloads are top-level files even when another config includes them.
  const mains = new Set(state.deployment.containers.flatMap((c) => (c.mainConfig?.kind === 'config' ? c.mainConfig.configs.map((m) => m.id) : [])));
  const replaced = state.deployment.anyOverridden ? (c: EmbeddedConfig): boolean => state.deployment.overriddenBy(c) !== undefined : undefined;
  const includes = walkBatchIncludes(state.discoveries, state.parsed, versionOf, (c) => mains.has(c.id), replaced);
  // A target inside a whole-directory ConfigMap mount that lacks it cannot come from the image: a warning replaces the info (or the glob warning) at that reference.
  const hidden = missingRefDiagnostics(state.deployment);
  const hiddenAt = new Set(hidden.map((d) => `${d.path}:${d.start}`));
  for (const d of includes.diagnostics) {
    if ((d.code === 'INCLUDE_NOT_FOUND' || d.code === 'INCLUDE_GLOB_NO_MATCH') && hiddenAt.has(`${d.path}:${d.start}`)) continue;
    byPath.get(d.path)?.diagnostics.push(d);
  }
  // A stage of their own: they come container by container, after the walks' (a partitioned file merges stage by stage).
  mark();
  for (const d of hidden) byPath.get(d.path)?.diagnostics.push(d);
  // A config Fluent Bit opens by a name that picks the other reader (-c, parsers_file, or its own name when no workload runs it).
  for (const d of readerMismatchDiagnostics(state.deployment, state.discoveries, includes.included)) byPath.get(d.path)?.diagnostics.push(d);
  mark();
  for (const p of state.parsed) {
    const w = byDiscovery.get(p.discovery) as FileWork;
    for (const d of p.diagnostics) w.diagnostics.push({ ...d, message: d.message + base64LineNote(p.config, d.start), path: w.file.path, start: p.config.map.toOuter(d.start), end: p.config.map.toOuter(d.end) });
  }
  mark();
  const runtime = options.runtime;
  const configs = state.configs.map((c) => Object.assign({}, c, { work: byDiscovery.get(c.discovery) as FileWork })); // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
  if (runtime === undefined) {
    // --to-yaml alone: only the report rules of what Fluent Bit refuses whatever the runtime (repeated-property), as written.
    if (options.toYaml === true) reportAsWritten(configs, includes.links, state, options, byPath);
    mark();
    return { results: work.map((w) => finish(w, undefined)), state, after: undefined, links: includes.links };
  }
  const withRuntime = { ...options, runtime };
  const run: RunEnvironment = { options: resolveOptions(withRuntime), deployment: state.deployment, viewOf: state.viewOf };

  const fixes = new FixBook(trace);
  const consumed = new ConsumedRanges();
  // 0: the config rules (setup by setup), 1: the file rules.
  let phase = 0;
  const collect = (w: FileWork, all: RuleRun): void => {
    // Lines Fluent Bit reads differently from their source (NUL, bare CR) are not edited.
    const { run: out, diagnostics } = skipUneditable(all, state.trees);
    for (const d of diagnostics) (byPath.get(d.path) ?? w).diagnostics.push(d);
    const { fixes: asked } = out;
    pushFindings(out.findings, byPath, w);
    for (const at of out.consumed) consumed.mark(at.target.path, at.target.toOuter(at.start), at.target.toOuter(at.end));
    for (let i = 0; i < asked.length; i++) fixes.add(asked.targets[i] as EditTarget, asked.edits, asked.start(i), asked.ends[i] as number, w, phase);
  };
  // Configs only docker-compose services run (a Docker host): no rule reads them (compose-hosts.ts).
  const hosts = composeHosts(state.discoveries, state.deployment);
  for (const d of hosts.diagnostics) byPath.get(d.path)?.diagnostics.push(d);
  for (const r of hosts.consumed) consumed.mark(r.path, r.start, r.end);
  // Chart config strings a higher value set of their release replaces (Helm never renders them): one info each, no rule reads them.
  // Only when some exists: on a 50 MB classic config, asking for every config (one) raised the run's peak RSS from
  // ~520 to ~660 MB (bench:scale, measured at stop 35; the goal is 600), for no answer.
  const anyOverridden = state.deployment.anyOverridden;
  const overriddenBy = (c: (typeof configs)[number]): OverriddenConfig | undefined => (anyOverridden && c.key !== undefined && 'id' in c.key ? state.deployment.overriddenBy(c.key) : undefined);
  for (const c of anyOverridden ? configs : []) {
    const by = overriddenBy(c);
    if (!by || c.key === undefined || !('id' in c.key)) continue;
    const release = by.release === undefined ? '' : ` of ${by.release}`;
    const where = overriddenWhere(by, c.key.path);
    if (by.builds !== undefined) {
      // A HelmRelease every kustomize/Flux build of which merges a patch file over it (release-deployments buildGroups).
      c.work.diagnostics.push({ code: 'HELM_VALUE_OVERRIDDEN', severity: 'info', path: c.key.path, start: c.key.start, end: c.key.start, message: `${by.key} here is not what any build deploys: every kustomize/Flux build of this release merges a patch file that gives ${by.key} over it (${by.builds.join('; ')}); left unchanged (the patch files' values are migrated): remove it, or migrate it if a build that keeps it is added` });
      consumed.mark(c.key.path, c.key.start, c.key.end);
      continue;
    }
    c.work.diagnostics.push({ code: 'HELM_VALUE_OVERRIDDEN', severity: 'info', path: c.key.path, start: c.key.start, end: c.key.start, message: `${by.key} here is not what the chart renders: ${where} gives ${by.key} too, and Helm merges the value sets${release} key by key, the higher set's string replacing this one; left unchanged (the one that wins is migrated): remove it, or migrate it if the override goes` });
    consumed.mark(c.key.path, c.key.start, c.key.end);
  }
  // Fields of a chart-rendered input map (fluent-operator's fluentbit.input.tail) a higher value set gives too: one info each, left out of the input's view.
  for (const c of state.deployment.anyReplacedInputFields ? configs : []) {
    if (c.key === undefined || 'id' in c.key) continue;
    // The view of a merged input holds the lower sets' maps too: their replaced fields are said in their files.
    const merge = state.deployment.anyInputMerges ? state.deployment.inputMerge(c.key) : undefined;
    for (const { input, path } of [{ input: c.key, path: c.discovery.path }, ...(merge && 'lower' in merge ? merge.lower : [])]) {
      const toOuter = input.text?.map.toOuter ?? ((o: number): number => o);
      const w = byPath.get(path) ?? c.work;
      for (const f of state.deployment.replacedInputFields(input)) {
        const [start, end] = f.node.range ?? [0, 0];
        const release = f.release === undefined ? '' : ` of ${f.release}`;
        const where = overriddenWhere(f, path);
        w.diagnostics.push({ code: 'HELM_VALUE_OVERRIDDEN', severity: 'info', path, start: toOuter(start), end: toOuter(start), message: `${f.key} here is not what the chart renders: ${where} gives ${f.key} too, and Helm merges the value sets${release} key by key, the higher set's value replacing this one; left unchanged (the one that wins is migrated): remove it, or migrate it if the override goes` });
        consumed.mark(path, toOuter(start), toOuter(end));
      }
    }
  }
  // Chart input maps a false switch of the merged values turns off: the chart renders no such input, nothing of it is migrated.
  for (const { input, path, off: by } of state.deployment.offInputs) {
    const w = byPath.get(path);
    if (!w) continue;
    const toOuter = input.text?.map.toOuter ?? ((o: number): number => o);
    const [start, end] = input.tail.range ?? [0, 0];
    const where = by.path === path ? 'this file' : by.path;
    const release = by.release === undefined ? '' : ` (Helm merges the value sets of ${by.release})`;
    const name = (input.yamlPath ?? []).slice(-3).join('.');
    w.diagnostics.push({ code: 'HELM_INPUT_DISABLED', severity: 'info', path, start: toOuter(start), end: toOuter(start), message: `${name} is not rendered: ${by.key} is ${by.null ? `null in ${where}${release}: Helm deletes a key set to null, the chart's default with it` : `false in ${where}${release}`}, so the chart makes no such input; left unchanged: migrate it if it is turned on again` });
    consumed.mark(path, toOuter(start), toOuter(end));
  }
  // Chart input maps some deployments of their release turn off and others render: judged for the latter, said naming both.
  for (const { input, path, on, off } of state.deployment.partlyOffInputs) {
    const w = byPath.get(path);
    if (!w) continue;
    const toOuter = input.text?.map.toOuter ?? ((o: number): number => o);
    const [start] = input.tail.range ?? [0, 0];
    const name = (input.yamlPath ?? []).slice(-3).join('.');
    const offs = off.map(({ label, off: by }) => `${by.key} is ${by.null ? 'null' : 'false'} for ${label} (${by.path === path ? 'this file' : by.path})`).join('; ');
    w.diagnostics.push({ code: 'HELM_INPUT_PARTLY_DISABLED', severity: 'info', path, start: toOuter(start), end: toOuter(start), message: `${name} is rendered by ${on.join(', ')} only: ${offs}, where the chart makes no such input; it is judged for the deployments that render it` });
  }
  runSetups(configs.filter((c) => !hosts.skipped.has(c.discovery) && (!anyOverridden || overriddenBy(c) === undefined)), includes.links, run, collect);
  mark();
  phase = 1;
  // The views the rules read can go once released (checkBatch): `configs` holds them (spread from their getters).
  configs.length = 0;
  for (const w of work) {
    if (w.unreadable) continue;
    try {
      collect(w, runFileRules(w.target, w.discovery.podTemplates, w.discovery.helmCharts, w.discovery.releases, run, w.discovery.loggingAgents, w.discovery.kustomizations, w.discovery.fluentBits, w.discovery.operatorMultilineParsers, w.discovery.operatorParsers));
    } catch (e) {
      w.diagnostics.push(internalError(w, 0, e));
    }
  }
  mark();
  fixes.apply(byPath, trace); // their edits are in the files' work now
  mark();
  for (const w of work) {
    // YAML anchors that aliases reuse are read through, never edited (alias-guard.ts).
    const guarded = guardAliases(w.file.path, w.file.text, w.discovery, w.edits, w.findings);
    if (guarded.edits !== w.edits) {
      // Loops, not spreads: a big config has more edits than a call has room for arguments.
      w.edits.length = 0;
      pushAll(w.edits, guarded.edits);
    }
    if (guarded.keep) w.findings.retain(guarded.keep);
    pushAll(w.diagnostics, guarded.diagnostics);
  }
  mark();
  const baseline = releaseBeforeCheck(state, work, withRuntime);
  safetyNet(state, work, consumed, run.options);
  const after = checkBatch(state, work, withRuntime, baseline);
  mark();
  const results = work.map((w, i) => finish(w, after, i, options.toYaml === true));
  return { results, state, after, links: includes.links };
}

/**
 * --to-yaml without a runtime: the rules marked `withoutRuntime` read each config as written (RuleOptions.asWritten);
 * they only report, so only their findings are kept. The runtime given to resolveOptions is a placeholder they do not read.
 */
function reportAsWritten(configs: readonly (BatchConfig & { readonly work: FileWork })[], links: readonly (readonly string[])[], state: BatchState, options: MigrateOptions, byPath: ReadonlyMap<string, FileWork>): void {
  const run: RunEnvironment = { options: { ...resolveOptions({ ...options, runtime: 'containerd' }), asWritten: true }, deployment: state.deployment, viewOf: state.viewOf };
  runSetups(configs, links, run, (w, out) => pushFindings(out.findings, byPath, w));
}

/** A run's findings into the files they stand in (the visited file's when their target is no file of the batch). */
function pushFindings(findings: FindingRows, byPath: ReadonlyMap<string, FileWork>, w: FileWork): void {
  for (let i = 0; i < findings.length; i++) {
    const target = findings.targets[i] as EditTarget;
    const start = target.toOuter(findings.starts[i] as number);
    const kind = findings.kinds[i] as FindingKind;
    (byPath.get(target.path) ?? w).findings.push(target.note ? notedKind(kind, target.note(findings.starts[i] as number)) : kind, start, Math.max(start, target.toOuter(findings.ends[i] as number)));
  }
}

/** One kind object per kind and note (a finding's message is made once per kind object). */
const notedKinds = new WeakMap<FindingKind, Map<string, FindingKind>>();
function notedKind(kind: FindingKind, note: string): FindingKind {
  let byNote = notedKinds.get(kind);
  if (!byNote) notedKinds.set(kind, (byNote = new Map()));
  let noted = byNote.get(note);
  if (!noted) byNote.set(note, (noted = { ...kind, note }));
  return noted;
}

/**
 * Runs the config rules, setup by setup. A function of its own so that its
 * frame (the last setup's views and facts) is gone once it returns: the
 * views are released before the output check (memory, issue #14).
 */
function runSetups(configs: readonly (BatchConfig & { readonly work: FileWork })[], links: readonly (readonly string[])[], run: RunEnvironment, collect: (w: FileWork, all: RuleRun) => void): void {
  for (const setup of groupBySetup(configs, links)) {
    const facts = computeSetupFacts(setup.map((c) => c.view), run.options);
    for (const c of setup) {
      if (c.blocked) continue;
      // A rule bug costs one file, not the batch.
      try {
        collect(c.work, runConfigRules(c.view, c.key, facts, run));
      } catch (e) {
        c.work.diagnostics.push(internalError(c.work, c.view.target.toOuter(0), e));
      }
    }
  }
}

/**
 * The safety net (safety-net.ts): what the recognizers read and what the
 * rules looked at is consumed; every other Docker-era signal of a readable
 * input is one `unhandled-docker-setting` warning at its position.
 */
function safetyNet(state: BatchState, work: readonly FileWork[], consumed: ConsumedRanges, options: RuleOptions): void {
  for (const d of state.discoveries) markDiscovery(consumed, d);
  for (const w of work) {
    for (let i = 0; i < w.findings.length; i++) consumed.mark(w.file.path, w.findings.starts[i] as number, w.findings.ends[i] as number);
    for (const e of w.edits) consumed.mark(w.file.path, e.start, e.end);
  }
  for (const w of work) {
    if (w.unreadable) continue;
    for (const hit of unhandledSignals(w.discovery, consumed, options)) {
      const finding = unhandledSettingFinding(hit.kind, hit.setting, hit.lastApplied === true);
      w.findings.push(finding, hit.start, hit.end);
    }
  }
}

/** A file the output check re-reads: it has edits and no error. */
function willChange(w: FileWork): boolean {
  return w.edits.length > 0 && !w.diagnostics.some((d) => d.severity === 'error');
}

/**
 * Once the rules and the alias guard are done (the edits are final), the
 * invariants' baseline is taken from the input and what only the rules read
 * goes, before the safety net and the output text (memory, issue #14: at
 * 50 MB the views and models are ~40% of the live heap): the input's views
 * (made again when read: a violation's location, --to-yaml without
 * changes) and the classic models and trees of the files that will change
 * (made again if a violation is located in them). Undefined when no file
 * will change (no output check).
 */
function releaseBeforeCheck(state: BatchState, work: readonly FileWork[], options: MigrateOptions & { readonly runtime: Runtime }): InvariantBaseline | undefined {
  if (!work.some(willChange)) return undefined;
  const baseline = invariantBaseline(state, resolveOptions(options));
  state.releaseViews();
  state.releaseClassic(new Set(work.flatMap((w, i) => (willChange(w) ? [state.discoveries[i] as Discovery] : []))));
  return baseline;
}

/**
 * The invariants of the migrated batch (invariants.ts), checked before
 * anything is returned as output: a violation is an error on the file it
 * points at, and every changed file of the same deployment is kept as it
 * was (a half-migrated deployment reads nothing). `baseline`: from
 * releaseBeforeCheck, undefined when no file changes.
 */
function checkBatch(state: BatchState, work: readonly FileWork[], options: MigrateOptions & { readonly runtime: Runtime }, baseline: InvariantBaseline | undefined): BatchState | undefined {
  if (baseline === undefined) return undefined;
  const outputs = work.map((w) => {
    if (!willChange(w)) return w.file;
    try {
      return { path: w.file.path, text: applyEdits(w.file.text, w.edits) };
    } catch {
      return w.file; // reported by finish()
    }
  });
  if (outputs.every((o, i) => o === work[i]?.file)) return undefined;
  // Memory (issue #14): no edit is built from the input's reading of a changed file any more (rules,
  // alias guard and safety net are done; the invariants read ranges and values), and the re-read
  // does not reuse it: its CST goes before the output is read. Unchanged files are reused as they are
  // (--to-yaml edits them from the re-read batch).
  outputs.forEach((o, i) => {
    if (o === work[i]?.file) return;
    dropDiscoveryTokens(state.discoveries[i] as Discovery);
    dropDiscoveryTokens(state.raw[i] as Discovery);
  });
  // Without --to-yaml nothing is edited from the re-read: its CST is dropped file by file as it is read.
  const after = readBatch(outputs, deploymentOptions(options), state, { forEditing: options.toYaml === true });
  const editsByPath = new Map(work.map((w) => [w.file.path, w.edits]));
  const byPath = new Map(work.map((w) => [w.file.path, w]));
  for (const d of checkInvariants(state, after, editsByPath, resolveOptions(options), baseline)) byPath.get(d.path)?.diagnostics.push(d);
  after.releaseViews(); // the re-read's views served the invariants only
  // And its classic models and trees of changed files, unless --to-yaml converts them (finish reads their diagnostics).
  if (options.toYaml !== true) after.releaseClassic(new Set(outputs.flatMap((o, i) => (o === work[i]?.file ? [] : [after.discoveries[i] as Discovery]))));
  return after;
}

/** The edits asked for on one target, with the first fix that asked (its number, stage and rule). */
interface TargetEdits {
  readonly target: EditTarget;
  readonly edits: Edit[];
  readonly from: FileWork;
  readonly first: number;
  readonly firstPhase: number;
  readonly firstOrigin: string | undefined;
}

/**
 * The rules' fixes, grouped by target as they come (memory, issue #14: no
 * object per fix is kept, only its edits). `apply` maps each target's edits
 * to its file in one call per target (block scalars map all their edits
 * together). A target inside another text (a config string in a values
 * string) is mapped into its parent first, so that the parent's edits go to
 * the file in one call too.
 */
class FixBook {
  private readonly byTarget = new Map<string, TargetEdits>();
  /** How many fixes were added (a fix's number is its place among them). */
  private count = 0;
  /** The fix each edit came from (the file's own target maps its edits as they are); only for a chunk's trace. */
  private readonly fixOf: Map<Edit, { readonly phase: number; readonly index: number }> | undefined;

  constructor(trace: ChunkTrace | undefined) {
    this.fixOf = trace ? new Map() : undefined;
  }

  /** A fix of `target`: `edits[from, to)`, asked for by `from`'s rules in stage `phase` (0: config rules, 1: file rules). */
  add(target: EditTarget, edits: readonly Edit[], start: number, end: number, from: FileWork, phase: number): void {
    const index = this.count++;
    const entry = this.entry(target, from, index, phase, start < end ? edits[start]?.origin : undefined);
    for (let k = start; k < end; k++) {
      const e = edits[k] as Edit;
      entry.edits.push(e);
      this.fixOf?.set(e, { phase, index });
    }
  }

  private entry(target: EditTarget, from: FileWork, first: number, firstPhase: number, firstOrigin: string | undefined): TargetEdits {
    let entry = this.byTarget.get(target.id);
    if (!entry) this.byTarget.set(target.id, (entry = { target, edits: [], from, first, firstPhase, firstOrigin }));
    return entry;
  }

  apply(byPath: ReadonlyMap<string, FileWork>, trace?: ChunkTrace): void {
    const { byTarget } = this;
    const depth = (t: EditTarget): number => (t.parent ? 1 + depth(t.parent) : 0);
    let deepest = 0;
    for (const b of byTarget.values()) deepest = Math.max(deepest, depth(b.target));
    if (trace) trace.depth = deepest;
    for (let level = deepest; level > 0; level--) {
      for (const { target, edits, from } of [...byTarget.values()].filter((b) => depth(b.target) === level)) {
        byTarget.delete(target.id);
        const w = byPath.get(target.path) ?? from;
        try {
          pushAll(this.entry(target.parent as EditTarget, from, Number.MAX_SAFE_INTEGER, 2, undefined).edits, target.mapEdits(uniqueEdits(edits)));
        } catch (e) {
          w.diagnostics.push(internalError(w, target.toOuter(0), e));
        }
      }
    }
    for (const { target, edits, from, first, firstPhase, firstOrigin } of byTarget.values()) {
      const w = byPath.get(target.path) ?? from;
      try {
        const mapped = target.mapEdits(uniqueEdits(edits));
        if (trace) {
          for (const e of mapped) {
            const own = this.fixOf?.get(e);
            trace.edits.set(e, { target: target.id, first, firstPhase, firstOrigin, phase: own?.phase ?? firstPhase, fix: own?.index ?? first });
          }
        }
        pushAll(w.edits, mapped);
      } catch (e) {
        w.diagnostics.push(internalError(w, target.toOuter(0), e));
      }
    }
    byTarget.clear();
    this.fixOf?.clear();
  }
}

/**
 * The same edit asked for twice (two tail inputs of one setup that both need
 * the cri-log parser block, two rules inserting the same line) is made once.
 * applyEdits already merges identical replacements; identical inserts at one
 * offset are the case it cannot tell from two wanted inserts.
 */
function uniqueEdits(edits: readonly Edit[]): Edit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.start}:${e.end}:${e.origin}:${e.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `target.push(...items)` without the argument limit of a call. */
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const x of items) target.push(x);
}

function internalError(w: FileWork, offset: number, e: unknown): FileDiagnostic {
  const message = e instanceof FlbMigrateError || e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL_ERROR', severity: 'error', message: `flb-migrate bug: ${message}; the file was left unchanged (please report it)`, path: w.file.path, start: offset, end: offset };
}

/** `i`: the file's index in the batch (and in `after`, the output check's re-read, whose text is reused). */
function finish(w: FileWork, after: BatchState | undefined, i = -1, lazy = false): FileResult {
  const before = w.file.text;
  const positions = new FilePositions(before);
  const blocked = (): FileResult => ({
    path: w.file.path, before, output: before, changed: false, edits: [],
    findings: w.findings.located(w.file.path, positions, false),
    diagnostics: w.diagnostics.map((d) => locateDiagnostic(d, positions)), hasErrors: true, diff: '',
  });
  if (w.diagnostics.some((d) => d.severity === 'error')) return blocked();
  let output = before;
  // The output check applied these same edits already (memory, issue #14: one copy of a big output, not two).
  const checked = after?.files[i];
  try {
    output = checked !== undefined && checked !== w.file && checked.path === w.file.path ? checked.text : applyEdits(before, w.edits);
  } catch (e) {
    w.diagnostics.push(internalError(w, 0, e));
    return blocked();
  }
  if (output !== before) {
    const problem = checkEditedFile(w.file.path, output, after);
    if (problem) {
      w.diagnostics.push(internalError(w, 0, new Error(`the edited file would not be valid: ${problem}`)));
      return blocked();
    }
  }
  const { path } = w.file;
  const edits = w.edits;
  const result: FileResult = {
    path, before, output, changed: output !== before, edits: output === before ? [] : edits,
    findings: w.findings.located(path, positions), diagnostics: w.diagnostics.map((d) => locateDiagnostic(d, positions)), hasErrors: false,
    diff: lazy ? '' : unifiedDiff(path, before, output, edits),
  };
  // Under --to-yaml the diff is made when read (lazy-diff.ts): the conversion replaces the diff of a file it changes.
  return lazy ? lazyDiff(result, () => unifiedDiffSlices(path, before, output, edits)) : result;
}

/**
 * Migrates one text on its own (no sibling files). `path` decides how the
 * text is read (`.yaml`/`.yml`/`.json` as YAML, anything else as a classic
 * config) and names the file in the result; without it, the text is sniffed
 * (a leading `[SECTION]` or `@INCLUDE` means classic).
 */
export function migrateText(text: string, options: MigrateOptions & { readonly path?: string }): FileResult {
  validateMigrateTextArguments(text, options);
  const path = options.path ?? (looksLikeClassicConfig(text) ? 'input.conf' : 'input.yaml');
  return migrate([{ path, text }], options).files[0] as FileResult;
}

/**
 * The partitioned path alone, with its thresholds given (tests force them to
 * 0 to partition every file the links allow): the merged result, or why the
 * file would be migrated whole.
 */
export function migratePartitionedWith(file: SourceFile, options: MigrateOptions, limits: PartitionLimits): PartitionOutcome {
  validateMigrateArguments([file], options);
  const outcome = migratePartitioned(file, options, runChunk, limits);
  // As migrate() returns it: one file is a deployment of its own (deployment-groups.ts).
  return outcome.result ? { ...outcome, result: holdBackDeployments([outcome.result], { keys: new Map() })[0] as FileResult } : outcome;
}
