import { applyEdits } from './edits/apply-edits.js';
import type { Edit } from './edits/edit.js';
import { FlbMigrateError } from './errors.js';
import { unifiedDiff } from './diff/unified-diff.js';
import { discover } from './k8s/find-configs.js';
import type { Discovery } from './k8s/discovery-types.js';
import type { FileResult, Finding, MigrateOptions, MigrateResult } from './migrate-types.js';
import { loadUnits, setupFacts, type ClassicUnit } from './pipeline/classic-unit.js';
import { includeDiagnostics } from './pipeline/includes.js';
import { Locator } from './pipeline/locate.js';
import { batchVersion } from './pipeline/version.js';
import { runYamlTransforms } from './pipeline/yaml-level.js';
import type { Diagnostic } from './source/diagnostic.js';
import type { SourceFile } from './source/source-file.js';
import { looksLikeClassicConfig } from './source/sniff-format.js';
import { CLASSIC_TRANSFORMS } from './transforms/index.js';
import { validateMigrateArguments, validateMigrateTextArguments } from './validate-options.js';
import { resolveOptions, type ClassicContext, type RuleFinding, type ResolvedOptions, type VersionInfo } from './transforms/transform.js';

/** Per-file accumulator while the batch is processed. */
interface FileWork {
  readonly file: SourceFile;
  readonly discovery: Discovery;
  readonly locator: Locator;
  readonly edits: Edit[];
  readonly findings: Finding[];
  readonly diagnostics: Diagnostic[];
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
 */
export function migrate(files: readonly SourceFile[], options: MigrateOptions): MigrateResult {
  validateMigrateArguments(files, options);
  const opts = resolveOptions(options);
  const discoveries = files.map((file) => discover(file));
  const version = batchVersion(discoveries);
  const work = new Map<Discovery, FileWork>();
  files.forEach((file, i) => {
    const discovery = discoveries[i] as Discovery;
    work.set(discovery, { file, discovery, locator: new Locator(file.path, file.text), edits: [], findings: [], diagnostics: [...discovery.diagnostics] });
  });

  const units = loadUnits(discoveries);
  const byPath = new Map([...work.values()].map((w) => [w.file.path, w]));
  for (const d of includeDiagnostics(discoveries, units)) {
    const w = d.path === undefined ? undefined : byPath.get(d.path);
    w?.diagnostics.push(w.locator.diagnostic(d));
  }
  runClassic(units, work, opts, version);
  for (const w of work.values()) {
    try {
      const out = runYamlTransforms(w.discovery, opts, version);
      w.edits.push(...out.edits);
      for (const f of out.findings) pushFinding(w, f.ruleId, f.severity, f.message, f.offset);
      w.diagnostics.push(...out.diagnostics.map((d) => w.locator.diagnostic(d)));
    } catch (e) {
      // A rule bug must cost one file, not the batch.
      w.diagnostics.push(internalError(w, 0, e));
    }
  }
  return { files: [...work.values()].map((w) => finish(w)) };
}

function pushFinding(w: FileWork, ruleId: string, severity: Finding['severity'], message: string, outerOffset: number): void {
  const p = w.locator.position(outerOffset);
  w.findings.push({ ruleId, severity, message, path: w.file.path, line: p.line, column: p.column });
}

function runClassic(units: readonly ClassicUnit[], work: Map<Discovery, FileWork>, opts: ResolvedOptions, version: VersionInfo): void {
  const bySetup = new Map<string, ClassicUnit[]>();
  for (const u of units) {
    const list = bySetup.get(u.setupKey);
    if (list) list.push(u);
    else bySetup.set(u.setupKey, [u]);
  }
  for (const setupUnits of bySetup.values()) {
    const setup = setupFacts(setupUnits, opts.podLogsDir);
    const innerEdits = new Map<ClassicUnit, Edit[]>(setupUnits.map((u) => [u, []]));
    for (const u of setupUnits) {
      const w = work.get(u.discovery) as FileWork;
      for (const d of u.diagnostics) w.diagnostics.push(w.locator.diagnostic({ ...d, start: u.config.map.toOuter(d.start), end: u.config.map.toOuter(d.end) }));
      if (u.diagnostics.some((d) => d.severity === 'error')) continue;
      const ctx: ClassicContext = { text: u.config.text, model: u.model, name: u.config.name, options: opts, version, setup };
      try {
        runClassicTransforms(u, w, ctx, (name, edit) => {
          const target = setupUnits.find((x) => x.config.name === name);
          if (target) innerEdits.get(target)?.push(edit(target));
        }, innerEdits.get(u) ?? []);
      } catch (e) {
        // A rule bug must cost one file, not the batch.
        w.diagnostics.push(internalError(w, u.config.start, e));
      }
    }
    for (const [u, edits] of innerEdits) {
      if (edits.length === 0) continue;
      const w = work.get(u.discovery) as FileWork;
      try {
        w.edits.push(...u.config.map.mapEdits(edits));
      } catch (e) {
        w.diagnostics.push(internalError(w, u.config.start, e));
      }
    }
  }
}

/** Runs every classic transform on one config, collecting its edits, findings and cross-config appends. */
function runClassicTransforms(
  u: ClassicUnit,
  w: FileWork,
  ctx: ClassicContext,
  appendTo: (configName: string, edit: (target: ClassicUnit) => Edit) => void,
  edits: Edit[],
): void {
  let changedParser = false;
  for (const t of CLASSIC_TRANSFORMS) {
    const out = t.run(ctx);
    edits.push(...out.edits);
    for (const f of out.findings) {
      pushInner(w, u, f);
      if (f.ruleId === 'tail-parser' && f.severity === 'change' && !changedParser) {
        changedParser = true;
        if (ctx.version.major === undefined) {
          pushInner(w, u, { ruleId: 'fluent-bit-version', severity: 'info', message: 'no Fluent Bit image tag found in the input: assuming Fluent Bit >= 1.8 (multiline.parser); pass the DaemonSet or Helm values along to check', offset: f.offset });
        }
      }
    }
    for (const a of out.appends ?? []) appendTo(a.configName, (target) => appendEdit(target, a.text, a.ruleId));
  }
}

function pushInner(w: FileWork, u: ClassicUnit, f: RuleFinding): void {
  pushFinding(w, f.ruleId, f.severity, f.message, u.config.map.toOuter(f.offset));
}

/** Appends a block at the end of a config, separated by one empty line, in the file's indent and newline style. */
function appendEdit(u: ClassicUnit, block: string, origin: string): Edit {
  const { text } = u.config;
  const nl = u.model.newline;
  const indent = u.model.indent ?? '    ';
  const body = block.replace(/^ {4}/gm, indent).replace(/\n/g, nl);
  let sep = '';
  if (text.length > 0) {
    if (!text.endsWith('\n')) sep = nl + nl;
    else if (!text.endsWith('\n\n') && !text.endsWith('\n\r\n')) sep = nl;
  }
  return { start: text.length, end: text.length, text: sep + body, origin };
}

function internalError(w: FileWork, offset: number, e: unknown): Diagnostic {
  const message = e instanceof FlbMigrateError || e instanceof Error ? e.message : String(e);
  return w.locator.diagnostic({ code: 'INTERNAL_ERROR', severity: 'error', message: `flb-migrate bug: ${message}; the file was left unchanged (please report it)`, start: offset, end: offset });
}

function finish(w: FileWork): FileResult {
  const before = w.file.text;
  const blocked = (): FileResult => ({
    path: w.file.path, before, output: before, changed: false, edits: [],
    findings: w.findings.filter((f) => f.severity !== 'change'),
    diagnostics: w.diagnostics, hasErrors: true, diff: '',
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
    const problem = verifyOutput(w.file.path, output);
    if (problem) {
      w.diagnostics.push(internalError(w, 0, new Error(`the edited file would not be valid: ${problem}`)));
      return blocked();
    }
  }
  return {
    path: w.file.path, before, output, changed: output !== before, edits: output === before ? [] : w.edits,
    findings: w.findings, diagnostics: w.diagnostics, hasErrors: false, diff: unifiedDiff(w.file.path, before, output),
  };
}

/** Re-reads an edited file: the YAML and every config in it must still parse without errors. */
function verifyOutput(path: string, text: string): string | undefined {
  const d = discover({ path, text });
  const yamlError = d.diagnostics.find((x) => x.severity === 'error');
  if (yamlError) return `${yamlError.code} ${yamlError.message}`;
  for (const u of loadUnits([d])) {
    const err = u.diagnostics.find((x) => x.severity === 'error');
    if (err) return `${u.config.name}: ${err.code} ${err.message}`;
  }
  return undefined;
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
