import { memoryReleases } from '../convert/memory-releases.js';
import { planConversion } from '../convert/manifests/plan.js';
import type { BatchConversionPlan, PlacedFinding, PlannedSetup } from '../convert/manifests/types.js';
import type { Finding } from '../report/finding.js';
import { formatMessage } from '../report/format-message.js';
import { FilePositions } from '../report/positions.js';
import { ruleById } from '../rules/registry.js';
import { applyEdits } from '../source/apply-edits.js';
import { composeEdits, mapBack } from '../source/compose-edits.js';
import type { Edit } from '../source/edit.js';
import type { SourceFile } from '../source/source-file.js';
import { deploymentOptions, type MigrateOptions } from './options.js';
import { readBatch, type BatchState } from './read-batch.js';
import type { FileResult } from './types.js';
import { removalDiff, renameDiff, unifiedDiff } from './unified-diff.js';
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

/** The batch with the given setups applied. */
function apply(results: readonly FileResult[], setups: readonly PlannedSetup[]): Applied {
  const broken = new Map<string, string>();
  const texts = new Map<string, string>();
  const files: SourceFile[] = [];
  for (const r of results) {
    const removedBy = setups.find((s) => s.removed.has(r.path));
    if (removedBy) continue;
    const renamed = setups.map((s) => s.renames.get(r.path)).find((x) => x !== undefined);
    if (renamed) {
      files.push({ path: renamed.to, text: renamed.text });
      continue;
    }
    const mine = setups.filter((s) => (s.edits.get(r.path)?.length ?? 0) > 0);
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

/** Why a converted setup does not read back as planned, or undefined. */
function checkSetup(setup: PlannedSetup, after: BatchState): string | undefined {
  const byPath = new Map(after.discoveries.map((d) => [d.path, d]));
  const touched = new Set([...setup.edits.keys(), ...[...setup.renames.values()].map((r) => r.to)]);
  for (const path of touched) {
    const error = byPath.get(path)?.diagnostics.find((d) => d.severity === 'error');
    if (error) return `${path} would not read: ${error.message}`;
  }
  for (const e of setup.expectedConfigs) {
    // A file may hold many ConfigMaps with the same key (a stream, a List): the one this setup wrote is among them.
    const named = byPath.get(e.path)?.configs.filter((c) => c.name === e.name) ?? [];
    if (named.length === 0) return `${e.path} has no Fluent Bit config ${e.name} after the conversion`;
    if (!named.some((c) => trimEnd(c.text) === trimEnd(e.text))) return `${e.path}: ${e.name} does not decode to the YAML written`;
  }
  for (const r of setup.expectedRunners) {
    const c = after.deployment.containers.find((x) => x.id === r.containerId);
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
      const after = readBatch(applied.files, deploymentOptions(options), previous);
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

function toFinding(f: PlacedFinding, r: FileResult, positions: FilePositions): Finding {
  const template = ruleById(f.ruleId)?.meta.messages[f.messageId] ?? f.messageId;
  const start = mapBack(r.edits, f.start);
  const end = Math.max(start, mapBack(r.edits, f.end));
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
  const plan = planConversion({ discoveries: state.discoveries, parsed: state.parsed, deployment: state.deployment, blocked });
  releasePlanned(plan, state, previous);
  const setups = verify(results, plan, options, state);
  const ok = setups.filter((s) => s.ok);
  const placed = [...plan.findings, ...setups.flatMap((s) => s.findings)];

  return results.map((r) => {
    const mine = placed.filter((f) => f.path === r.path);
    if (mine.length === 0 && !ok.some((s) => s.edits.has(r.path) || s.renames.has(r.path) || s.removed.has(r.path))) return r;
    const positions = new FilePositions(r.before);
    const added = mine.map((f) => toFinding(f, r, positions));
    const hasErrors = r.hasErrors || added.some((f) => f.severity === 'error');
    if (hasErrors) {
      // Nothing of this file is written, the runtime migration included: its findings of changes go too.
      const findings = sortFindings([...r.findings, ...added].filter((f) => f.severity !== 'change'));
      return { ...r, output: r.before, changed: false, edits: [], findings, hasErrors: true, diff: '' };
    }
    const findings = sortFindings([...r.findings, ...added]);
    const renamed = ok.map((s) => s.renames.get(r.path)).find((x) => x !== undefined);
    if (renamed) {
      const edits: Edit[] = [{ start: 0, end: r.before.length, text: renamed.text, origin: 'to-yaml' }];
      return { ...r, output: renamed.text, changed: true, renamedTo: renamed.to, edits, findings, diff: diffs ? renameDiff(r.path, renamed.to, r.before, renamed.text) : '' };
    }
    if (ok.some((s) => s.removed.has(r.path))) {
      return { ...r, output: '', changed: true, removed: true, edits: [{ start: 0, end: r.before.length, text: '', origin: 'to-yaml' }], findings, diff: diffs ? removalDiff(r.path, r.before) : '' };
    }
    const second = ok.flatMap((s) => [...(s.edits.get(r.path) ?? [])]);
    if (second.length === 0) return { ...r, findings };
    const output = applyEdits(r.output, second);
    const edits = composeEdits(r.before, r.edits, second);
    return { ...r, output, changed: output !== r.before, edits, findings, diff: diffs ? unifiedDiff(r.path, r.before, output, edits) : '' };
  });
}
