import { discoverFile } from '../discover/discover-file.js';
import type { Discovery } from '../discover/discovery-types.js';
import { includeDiagnostics } from '../includes/include-diagnostics.js';
import { parseDiscoveredConfigs } from '../model/parse-configs.js';
import { toFinding, type Finding } from '../report/finding.js';
import { locateDiagnostic } from '../report/located-diagnostic.js';
import { FilePositions } from '../report/positions.js';
import { runConfigRules, runFileRules, type RuleFinding, type RuleRun, type RunEnvironment } from '../rules/run-rules.js';
import { computeSetupFacts } from '../rules/support/setup-facts.js';
import { applyEdits } from '../source/apply-edits.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import type { Edit } from '../source/edit.js';
import { FlbMigrateError } from '../source/flb-migrate-error.js';
import { looksLikeClassicConfig } from '../source/sniff-format.js';
import type { SourceFile } from '../source/source-file.js';
import type { ConfigTree } from '../grammar/syntax-tree.js';
import { classicView } from '../view/classic.js';
import { operatorView } from '../view/operator.js';
import { fileTarget } from '../view/target.js';
import type { ConfigView, EditTarget, Fix } from '../view/types.js';
import { yamlFormatView } from '../view/yaml-format.js';
import { batchVersion } from './batch-version.js';
import { checkEditedFile } from './invariants.js';
import { resolveOptions, type MigrateOptions } from './options.js';
import { validateMigrateArguments, validateMigrateTextArguments } from './validate-arguments.js';
import { groupBySetup } from './group-by-setup.js';
import { skipUneditable } from './skip-uneditable.js';
import type { FileResult, MigrateResult } from './types.js';
import { unifiedDiff } from './unified-diff.js';

/** Per-file accumulator while the batch is processed. Offsets are the file's. */
interface FileWork {
  readonly file: SourceFile;
  readonly discovery: Discovery;
  readonly target: EditTarget;
  /** True when discovery found an error: no rule reads the file. */
  readonly unreadable: boolean;
  readonly edits: Edit[];
  readonly findings: { readonly finding: RuleFinding; readonly start: number; readonly end: number; readonly order: number }[];
  readonly diagnostics: FileDiagnostic[];
}

/** A Fluent Bit config of the batch, and whether rules may read it. */
interface BatchConfig {
  readonly view: ConfigView;
  readonly work: FileWork;
  /** Parse errors (classic) or an unreadable file: the config still counts for its setup's facts. */
  readonly blocked: boolean;
}

const SEVERITY_ORDER = { change: 0, warning: 1, info: 2 } as const;

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
 * Throws a TypeError for invalid options (see checkOptions), never for input.
 */
export function migrate(files: readonly SourceFile[], options: MigrateOptions): MigrateResult {
  validateMigrateArguments(files, options);
  const discoveries = files.map((file) => discoverFile(file));
  const run: RunEnvironment = { options: resolveOptions(options), version: batchVersion(discoveries) };
  const work = files.map((file, i): FileWork => {
    const discovery = discoveries[i] as Discovery;
    return {
      file,
      discovery,
      target: fileTarget(file.path, file.text),
      unreadable: discovery.diagnostics.some((d) => d.severity === 'error'),
      edits: [],
      findings: [],
      diagnostics: discovery.diagnostics.map((d) => ({ ...d, path: file.path })),
    };
  });
  const byDiscovery = new Map(work.map((w) => [w.discovery, w]));
  const byPath = new Map(work.map((w) => [w.file.path, w]));

  const parsed = parseDiscoveredConfigs(discoveries);
  for (const d of includeDiagnostics(discoveries, parsed)) byPath.get(d.path)?.diagnostics.push(d);
  const configs: BatchConfig[] = [];
  const trees = new Map<string, ConfigTree>();
  for (const p of parsed) {
    const w = byDiscovery.get(p.discovery) as FileWork;
    for (const d of p.diagnostics) w.diagnostics.push({ ...d, path: w.file.path, start: p.config.map.toOuter(d.start), end: p.config.map.toOuter(d.end) });
    const view = classicView(p.config, p.model);
    trees.set(view.target.id, p.model.tree);
    configs.push({ view, work: w, blocked: p.hasErrors || w.unreadable });
  }
  for (const w of work) {
    if (w.unreadable) continue;
    for (const c of w.discovery.configs) if (c.format === 'yaml') configs.push({ view: yamlFormatView(c), work: w, blocked: false });
    for (const input of w.discovery.operatorInputs) configs.push({ view: operatorView(input, w.target), work: w, blocked: false });
  }

  const fixes: { readonly fix: Fix; readonly from: FileWork }[] = [];
  const collect = (w: FileWork, all: RuleRun): void => {
    // Lines Fluent Bit reads differently from their source (NUL, bare CR) are not edited.
    const { run: out, diagnostics } = skipUneditable(all, trees);
    for (const d of diagnostics) (byPath.get(d.path) ?? w).diagnostics.push(d);
    for (const f of out.findings) {
      const owner = byPath.get(f.at.target.path) ?? w;
      const start = f.at.target.toOuter(f.at.start);
      owner.findings.push({ finding: f, start, end: Math.max(start, f.at.target.toOuter(f.at.end)), order: owner.findings.length });
    }
    for (const fix of out.fixes) fixes.push({ fix, from: w });
  };
  for (const setup of groupBySetup(configs)) {
    const facts = computeSetupFacts(setup.map((c) => c.view), run.options);
    for (const c of setup) {
      if (c.blocked) continue;
      // A rule bug costs one file, not the batch.
      try {
        collect(c.work, runConfigRules(c.view, facts, run));
      } catch (e) {
        c.work.diagnostics.push(internalError(c.work, c.view.target.toOuter(0), e));
      }
    }
  }
  for (const w of work) {
    if (w.unreadable) continue;
    try {
      collect(w, runFileRules(w.target, w.discovery.podTemplates, w.discovery.helmValues, run));
    } catch (e) {
      w.diagnostics.push(internalError(w, 0, e));
    }
  }
  applyFixes(fixes, byPath);
  return { files: work.map((w) => finish(w)) };
}

/** Maps each target's edits to its file in one call per target (block scalars map all their edits together). */
function applyFixes(fixes: readonly { readonly fix: Fix; readonly from: FileWork }[], byPath: ReadonlyMap<string, FileWork>): void {
  const byTarget = new Map<string, { target: EditTarget; edits: Edit[]; from: FileWork }>();
  for (const { fix, from } of fixes) {
    const entry = byTarget.get(fix.target.id);
    if (entry) entry.edits.push(...fix.edits);
    else byTarget.set(fix.target.id, { target: fix.target, edits: [...fix.edits], from });
  }
  for (const { target, edits, from } of byTarget.values()) {
    const w = byPath.get(target.path) ?? from;
    try {
      w.edits.push(...target.mapEdits(edits));
    } catch (e) {
      w.diagnostics.push(internalError(w, target.toOuter(0), e));
    }
  }
}

function internalError(w: FileWork, offset: number, e: unknown): FileDiagnostic {
  const message = e instanceof FlbMigrateError || e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL_ERROR', severity: 'error', message: `flb-migrate bug: ${message}; the file was left unchanged (please report it)`, path: w.file.path, start: offset, end: offset };
}

/** Findings in file order: by position, a change before the warnings and notes about the same spot, then as reported. */
function findingsOf(w: FileWork, positions: FilePositions): Finding[] {
  return [...w.findings]
    .sort((a, b) => a.start - b.start || SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.order - b.order)
    .map((x) => toFinding(x.finding, x.start, x.end, w.file.path, positions));
}

function finish(w: FileWork): FileResult {
  const before = w.file.text;
  const positions = new FilePositions(before);
  const blocked = (): FileResult => ({
    path: w.file.path, before, output: before, changed: false, edits: [],
    findings: findingsOf(w, positions).filter((f) => f.severity !== 'change'),
    diagnostics: w.diagnostics.map((d) => locateDiagnostic(d, positions)), hasErrors: true, diff: '',
  });
  if (w.diagnostics.some((d) => d.severity === 'error')) return blocked();
  let output = before;
  try {
    output = applyEdits(before, w.edits);
  } catch (e) {
    w.diagnostics.push(internalError(w, 0, e));
    return blocked();
  }
  if (output !== before) {
    const problem = checkEditedFile(w.file.path, output);
    if (problem) {
      w.diagnostics.push(internalError(w, 0, new Error(`the edited file would not be valid: ${problem}`)));
      return blocked();
    }
  }
  return {
    path: w.file.path, before, output, changed: output !== before, edits: output === before ? [] : w.edits,
    findings: findingsOf(w, positions), diagnostics: w.diagnostics.map((d) => locateDiagnostic(d, positions)), hasErrors: false, diff: unifiedDiff(w.file.path, before, output),
  };
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
