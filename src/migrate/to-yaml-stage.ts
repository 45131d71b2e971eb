import { memoryReleases } from '../convert/memory-releases.js';
import { planConversion } from '../convert/manifests/plan.js';
import type { BatchConversionPlan, PlacedFinding, PlannedSetup } from '../convert/manifests/types.js';
import type { Finding } from '../report/finding.js';
import { formatMessage } from '../report/format-message.js';
import { FilePositions } from '../report/positions.js';
import { ruleById } from '../rules/registry.js';
import { applyEdits } from '../source/apply-edits.js';
import { backMapper, composeEdits } from '../source/compose-edits.js';
import type { Edit } from '../source/edit.js';
import type { Discovery } from '../discover/discovery-types.js';
import type { Diagnostic } from '../source/diagnostic.js';
import type { Container } from '../deploy/types.js';
import type { SourceFile } from '../source/source-file.js';
import { deploymentOptions, type MigrateOptions } from './options.js';
import { readBatch, type BatchState } from './read-batch.js';
import type { FileResult } from './types.js';
import { lazyDiff, withFields } from './lazy-diff.js';
import { removalDiffSlices, renameDiffSlices, unifiedDiffSlices } from './unified-diff.js';
import { trimTrailingNewlines } from '../source/trailing-newlines.js';

/*
 * The --to-yaml stage: after the runtime migration (when one was asked
 * for), on its output. The plan (convert/manifests) says which setups
 * convert and how; this stage applies it, re-reads the converted batch and
 * keeps only the setups that read back as planned (a ConfigMap key that
 * decodes to the YAML written, every container running its YAML main file,
 * no file gaining an error), and folds everything into the FileResults:
 * edits composed with the runtime's, renames, removals, findings in the
 * user's positions.
 */

const SEVERITY_ORDER = { error: 0, change: 1, warning: 2, info: 3 } as const;

const trimEnd = trimTrailingNewlines;

interface Applied {
  readonly files: SourceFile[];
  /** Setup ids whose edits could not be applied (overlaps with another setup's). */
  readonly broken: Map<string, string>;
  readonly texts: Map<string, string>;
}

/** What the setups do to one batch file (the first setup that removes or renames it wins, as before). */
interface FilePlan {
  removed: boolean;
  renamed: { readonly to: string; readonly text: string } | undefined;
  /** The setups with edits of the file, in setup order. */
  readonly editors: PlannedSetup[];
}

/**
 * The setups by the files they touch (edits, even none, renames, removals), in setup order: made once, where each
 * file of the batch asked every setup before (files x setups).
 */
function plansByPath(setups: readonly PlannedSetup[]): Map<string, FilePlan> {
  const out = new Map<string, FilePlan>();
  const of = (path: string): FilePlan => {
    let plan = out.get(path);
    if (!plan) {
      plan = { removed: false, renamed: undefined, editors: [] };
      out.set(path, plan);
    }
    return plan;
  };
  for (const s of setups) {
    for (const path of s.removed) of(path).removed = true;
    for (const [path, renamed] of s.renames) of(path).renamed ??= renamed;
    for (const [path, edits] of s.edits) {
      const plan = of(path);
      if (edits.length > 0) plan.editors.push(s);
    }
  }
  return out;
}

/** The batch with the given setups applied. */
function apply(results: readonly FileResult[], setups: readonly PlannedSetup[]): Applied {
  const broken = new Map<string, string>();
  const texts = new Map<string, string>();
  const files: SourceFile[] = [];
  const plans = plansByPath(setups);
  for (const r of results) {
    const plan = plans.get(r.path);
    if (plan?.removed === true) continue;
    const renamed = plan?.renamed;
    if (renamed) {
      files.push({ path: renamed.to, text: renamed.text });
      continue;
    }
    const mine = plan?.editors ?? [];
    let text = r.output;
    try {
      text = applyEdits(r.output, mine.flatMap((s) => [...(s.edits.get(r.path) ?? [])]));
    } catch (e) {
      for (const s of mine.slice(1)) broken.set(s.id, `its edits of ${r.path} overlap another setup's (${e instanceof Error ? e.message : String(e)})`);
    }
    texts.set(r.path, text);
    files.push({ path: r.path, text });
  }
  return { files, broken, texts };
}

/**
 * The converted batch as every setup's check reads it, indexed on first use (each setup scanned the batch's
 * files, their configs and containers before: setups x configs, quadratic in a big file).
 */
class ReadBack {
  private byPathMap: Map<string, Discovery> | undefined;
  private readonly errors = new Map<string, Diagnostic | undefined>();
  /** path -> config name -> the trimmed texts of the configs of that name. */
  private readonly configTexts = new Map<string, Map<string, Set<string>>>();
  private containers: Map<string, Container> | undefined;

  constructor(private readonly after: BatchState) {}

  private discovery(path: string): Discovery | undefined {
    this.byPathMap ??= new Map(this.after.discoveries.map((d) => [d.path, d]));
    return this.byPathMap.get(path);
  }

  /** The first error of a file's reading. */
  firstError(path: string): Diagnostic | undefined {
    if (!this.errors.has(path)) this.errors.set(path, this.discovery(path)?.diagnostics.find((d) => d.severity === 'error'));
    return this.errors.get(path);
  }

  /** The texts (trailing newlines trimmed) of a file's configs named `name`; undefined when it has none. */
  configsNamed(path: string, name: string): ReadonlySet<string> | undefined {
    let byName = this.configTexts.get(path);
    if (!byName) {
      byName = new Map();
      for (const c of this.discovery(path)?.configs ?? []) {
        const texts = byName.get(c.name);
        if (texts) texts.add(trimEnd(c.text));
        else byName.set(c.name, new Set([trimEnd(c.text)]));
      }
      this.configTexts.set(path, byName);
    }
    return byName.get(name);
  }

  /** The first container with this id. */
  container(id: string): Container | undefined {
    if (!this.containers) {
      this.containers = new Map();
      for (const c of this.after.deployment.containers) if (!this.containers.has(c.id)) this.containers.set(c.id, c);
    }
    return this.containers.get(id);
  }
}

/** Why a converted setup does not read back as planned, or undefined. */
function checkSetup(setup: PlannedSetup, after: ReadBack): string | undefined {
  const touched = new Set([...setup.edits.keys(), ...[...setup.renames.values()].map((r) => r.to)]);
  for (const path of touched) {
    const error = after.firstError(path);
    if (error) return `${path} would not read: ${error.message}`;
  }
  for (const e of setup.expectedConfigs) {
    // A file may hold many ConfigMaps with the same key (a stream, a List): the one this setup wrote is among them.
    const named = after.configsNamed(e.path, e.name);
    if (named === undefined) return `${e.path} has no Fluent Bit config ${e.name} after the conversion`;
    if (!named.has(trimEnd(e.text))) return `${e.path}: ${e.name} does not decode to the YAML written`;
  }
  for (const r of setup.expectedRunners) {
    const c = after.container(r.containerId);
    if (!c) return `container ${r.containerId} is gone`;
    const main = c.mainConfig?.kind === 'config' ? c.mainConfig.configs[0] : undefined;
    if (c.configPath !== r.configPath || main?.format !== 'yaml') return `container ${c.name ?? c.id} would run ${c.configPath ?? 'nothing'}, not the YAML ${r.configPath}`;
  }
  return undefined;
}

/** A setup whose conversion does not hold: refused, with an error on its first file and the related ones. */
function refuseAfterCheck(setup: PlannedSetup, reason: string): PlannedSetup {
  const first = setup.findings.find((f) => f.ruleId === 'to-yaml') ?? setup.findings[0];
  const path = first?.path ?? [...setup.related][0] ?? '';
  const findings: PlacedFinding[] = setup.findings.filter((f) => f.severity !== 'change');
  findings.push({ ruleId: 'to-yaml-not-equivalent', messageId: 'manifest', severity: 'error', path, start: first?.start ?? 0, end: first?.start ?? 0, data: { difference: reason } });
  for (const p of setup.related) {
    if (p === path) continue;
    findings.push({ ruleId: 'to-yaml-related', messageId: 'related', severity: 'error', path: p, start: 0, end: 0, data: { where: path, rule: 'to-yaml-not-equivalent' } });
  }
  return { ...setup, ok: false, refusal: 'error', edits: new Map(), renames: new Map(), removed: new Set(), findings, expectedConfigs: [], expectedRunners: [] };
}

/** Applies the plan, keeping the setups that read back as planned (a refused one can make no other fail: they touch other bytes). */
function verify(results: readonly FileResult[], plan: BatchConversionPlan, options: MigrateOptions, previous: BatchState): PlannedSetup[] {
  let setups = [...plan.setups];
  for (let round = 0; round < 4; round++) {
    const ok = setups.filter((s) => s.ok);
    if (ok.length === 0) return setups;
    const applied = apply(results, ok);
    const failed = new Map(applied.broken);
    if (failed.size === 0) {
      const after = new ReadBack(readBatch(applied.files, deploymentOptions(options), previous));
      for (const s of ok) {
        const problem = checkSetup(s, after);
        if (problem) failed.set(s.id, problem);
      }
    }
    if (failed.size === 0) return setups;
    setups = setups.map((s) => (failed.has(s.id) ? refuseAfterCheck(s, failed.get(s.id) as string) : s));
  }
  return setups.map((s) => (s.ok ? refuseAfterCheck(s, 'the conversions of this batch interfere with each other') : s));
}

/** `back`: offsets of the runtime-migrated text in the user's (backMapper of the file's runtime edits). */
function toFinding(f: PlacedFinding, r: FileResult, positions: FilePositions, back: (offset: number) => number): Finding {
  const template = ruleById(f.ruleId)?.meta.messages[f.messageId] ?? f.messageId;
  const start = back(f.start);
  const end = Math.max(start, back(f.end));
  return { ruleId: f.ruleId, messageId: f.messageId, data: f.data, severity: f.severity, message: formatMessage(template, f.data), path: r.path, ...positions.span(start, end) };
}

function sortFindings(list: readonly Finding[]): Finding[] {
  return list
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.line - b.f.line || a.f.column - b.f.column || SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/**
 * The classic parses of the files the plan changes serve nothing more: they go before the converted batch is read
 * back (memory, issue #14), from `previous` too (the runtime's re-read, whose parses `state` reuses).
 */
function releasePlanned(plan: BatchConversionPlan, state: BatchState, previous: BatchState): void {
  if (!memoryReleases.enabled) return;
  const changing = new Set(plan.setups.filter((s) => s.ok).flatMap((s) => [...s.edits.keys(), ...s.renames.keys(), ...s.removed]));
  const planned = new Set(state.discoveries.filter((d) => changing.has(d.path)));
  state.releaseClassic(planned);
  previous.releaseClassic(planned);
}

/** How the stage is run. */
export interface ToYamlStageOptions {
  /**
   * False: the files the stage changes get no `diff` (''). For the chunks of a partitioned file (partition.ts),
   * which are merged from their edits and findings before the merge diffs the whole file once: a chunk's diff of
   * its converted configs was thrown away, and under `WHOLE_FILE_DIFF_LIMIT` jsdiff diffs the whole chunk with
   * ~40% of its lines changed, a third of the run's time in 32 KiB chunks (NOTES.md, "`--to-yaml` memory").
   */
  readonly diffs?: boolean;
}

/** Converts the classic configs of a (runtime-migrated) batch to YAML; see the file comment. */
export function toYamlStage(results: readonly FileResult[], options: MigrateOptions, previous: BatchState, stage: ToYamlStageOptions = {}): FileResult[] {
  const diffs = stage.diffs !== false;
  const sources = results.map((r) => ({ path: r.path, text: r.output }));
  const blocked = new Set(results.filter((r) => r.hasErrors).map((r) => r.path));
  const state = readBatch(sources, deploymentOptions(options), previous);
  if (memoryReleases.enabled) {
    // No rule runs here: the classic trees only the rules read go, so that a model the plan releases takes its tree.
    state.releaseTrees();
    previous.releaseTrees();
  }
  const plan = planConversion({ discoveries: state.discoveries, parsed: state.parsed, deployment: state.deployment, blocked, ...(options.existingFiles ? { existingFiles: options.existingFiles } : {}) });
  releasePlanned(plan, state, previous);
  const setups = verify(results, plan, options, state);
  const ok = setups.filter((s) => s.ok);
  // The findings and the setups by file, made once (each file filtered all of them before: files x findings).
  const placed = new Map<string, PlacedFinding[]>();
  for (const f of [...plan.findings, ...setups.flatMap((s) => s.findings)]) {
    const list = placed.get(f.path);
    if (list) list.push(f);
    else placed.set(f.path, [f]);
  }
  const plans = plansByPath(ok);

  return results.map((r) => {
    const mine = placed.get(r.path) ?? [];
    const plan = plans.get(r.path);
    if (mine.length === 0 && plan === undefined) return r;
    const positions = new FilePositions(r.before);
    const back = backMapper(r.edits);
    const added = mine.map((f) => toFinding(f, r, positions, back));
    const hasErrors = r.hasErrors || added.some((f) => f.severity === 'error');
    if (hasErrors) {
      // Nothing of this file is written, the runtime migration included: its findings of changes go too.
      const findings = sortFindings([...r.findings, ...added].filter((f) => f.severity !== 'change'));
      return withFields(r, { output: r.before, changed: false, edits: [], findings, hasErrors: true, diff: '' });
    }
    const findings = sortFindings([...r.findings, ...added]);
    const renamed = plan?.renamed;
    // The diffs are made when read (lazy-diff.ts): the CLI writes a big one in slices, never whole.
    const { path, before } = r;
    if (renamed) {
      const edits: Edit[] = [{ start: 0, end: before.length, text: renamed.text, origin: 'to-yaml' }];
      const result = withFields(r, { output: renamed.text, changed: true, renamedTo: renamed.to, edits, findings, diff: '' });
      return diffs ? lazyDiff(result, () => renameDiffSlices(path, renamed.to, before, renamed.text)) : result;
    }
    if (plan?.removed === true) {
      const result = withFields(r, { output: '', changed: true, removed: true, edits: [{ start: 0, end: before.length, text: '', origin: 'to-yaml' }], findings, diff: '' });
      return diffs ? lazyDiff(result, () => removalDiffSlices(path, before)) : result;
    }
    const second = (plan?.editors ?? []).flatMap((s) => [...(s.edits.get(r.path) ?? [])]);
    if (second.length === 0) return withFields(r, { findings });
    const output = applyEdits(r.output, second);
    const edits = composeEdits(r.before, r.edits, second);
    const result = withFields(r, { output, changed: output !== r.before, edits, findings, diff: '' });
    return diffs ? lazyDiff(result, () => unifiedDiffSlices(path, before, output, edits)) : result;
  });
}
