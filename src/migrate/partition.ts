import { locateDiagnostic, type LocatedDiagnostic } from '../report/located-diagnostic.js';
import { FilePositions } from '../report/positions.js';
import type { Finding } from '../report/finding.js';
import { applyEdits, sortEdits } from '../source/apply-edits.js';
import type { Edit } from '../source/edit.js';
import { RULE_LIST } from '../rules/registry.js';
import { isYamlPath } from '../source/sniff-format.js';
import type { SourceFile } from '../source/source-file.js';
import type { MigrateOptions } from './options.js';
import { scanUnits, type ScanResult } from './partition-scan.js';
import type { FileResult } from './types.js';
import { unifiedDiff } from './unified-diff.js';

/*
 * Big YAML files migrated chunk by chunk (issue #14, peak RSS). A stream of
 * many documents, or one List of many items, is usually many independent
 * deployments: the scan (partition-scan.ts) links the units the whole-file
 * run could read together, linked units stay in one chunk, and each chunk
 * runs through the engine as a one-file batch of its own, so that only one
 * chunk's reading is alive at a time. The chunks' results are merged into
 * exactly the FileResult of the whole-file run; whatever cannot be placed
 * (an error, a position in a List's wrapper, a message naming a line...)
 * means the whole file is migrated as before. NOTES.md, "Performance".
 */

/** How the engine ordered a chunk's result (migrate.ts records it). */
export interface ChunkTrace {
  /**
   * Per edit of the result: its target; the index, stage and rule (edit origin) of the target's first fix; the stage
   * and index of its own fix.
   */
  readonly edits: Map<Edit, EditTag>;
  /** The number of diagnostics after each stage of the run (the result lists them in that order). */
  readonly diagnosticMarks: number[];
  /** The deepest edit target (0: the file and its configs). */
  depth: number;
}

export interface EditTag {
  readonly target: string;
  readonly first: number;
  readonly firstPhase: number;
  readonly firstOrigin: string | undefined;
  readonly phase: number;
  readonly fix: number;
}

/**
 * What the --to-yaml stage did to a chunk's runtime result: nothing (the same result), findings only (the runtime
 * edits kept as they are), or a conversion (edits composed with the runtime's, sorted by position, unknown to the trace).
 */
export type ToYamlOutcome = 'none' | 'findings' | 'converted';

export type ChunkRunner = (file: SourceFile, options: MigrateOptions) => { readonly result: FileResult; readonly trace: ChunkTrace; readonly toYaml?: ToYamlOutcome };

/** The thresholds (internal; tests force them down). */
export interface PartitionLimits {
  /** Files smaller than this are migrated whole. */
  readonly minFileBytes: number;
  /** A chunk takes runs of units until it is at least this long. */
  readonly chunkBytes: number;
  /** The same under --to-yaml (default: chunkBytes). */
  readonly toYamlChunkBytes?: number;
}

/**
 * Under --to-yaml a chunk is read three times (input, migrated output, converted output) and converted in between:
 * its live working set peaks at ~90x its text (~45x for the runtime alone), and V8 sizes the old generation from
 * what is live, so smaller chunks keep the peak RSS down (NOTES.md, "`--to-yaml` memory").
 */
export const PARTITION_LIMITS: PartitionLimits = { minFileBytes: 512 * 1024, chunkBytes: 128 * 1024, toYamlChunkBytes: 32 * 1024 };

/** The chunk size for a run with these options. */
function chunkTarget(limits: PartitionLimits, toYaml: boolean | undefined): number {
  return toYaml === true ? limits.toYamlChunkBytes ?? limits.chunkBytes : limits.chunkBytes;
}

export type PartitionOutcome =
  | { readonly result: FileResult; readonly chunks: number; readonly reason?: undefined }
  | { readonly result?: undefined; readonly reason: string };

/** One chunk: the units a..b (inclusive) and its text. */
interface Chunk {
  readonly from: number;
  readonly to: number;
  /** File offset of the chunk body's first character. */
  readonly start: number;
  /** File offset just past the chunk body. */
  readonly end: number;
}

class CannotPlace extends Error {}

function cannotPlace(reason: string): never {
  throw new CannotPlace(reason);
}

/**
 * Migrates one YAML file in chunks when it is big and splits into at least
 * two; `reason` says why not otherwise (the caller then runs it whole).
 */
export function migratePartitioned(file: SourceFile, options: MigrateOptions, run: ChunkRunner, limits: PartitionLimits = PARTITION_LIMITS): PartitionOutcome {
  if (file.text.length < limits.minFileBytes) return { reason: 'small' };
  if (!isYamlPath(file.path)) return { reason: 'not a YAML file' };
  const scanned = scanUnits(file.path, file.text);
  if (!scanned.ok) return { reason: scanned.reason };
  const chunks = chunksOf(scanned.scan, chunkTarget(limits, options.toYaml));
  if (chunks.length < 2) return { reason: 'one chunk' };
  try {
    return { result: mergeChunks(file, options, run, scanned.scan, chunks), chunks: chunks.length };
  } catch (e) {
    if (e instanceof CannotPlace) return { reason: e.message };
    throw e;
  }
}

/** Where a file would be cut (1-based units and lines of each chunk), or why it is not: for tests and fixtures. */
export function planPartition(file: SourceFile, limits: PartitionLimits = PARTITION_LIMITS, options: Pick<MigrateOptions, 'toYaml'> = {}): { readonly chunks: readonly { readonly units: readonly [number, number]; readonly lines: readonly [number, number] }[] } | { readonly reason: string } {
  if (file.text.length < limits.minFileBytes) return { reason: 'small' };
  if (!isYamlPath(file.path)) return { reason: 'not a YAML file' };
  const scanned = scanUnits(file.path, file.text);
  if (!scanned.ok) return { reason: scanned.reason };
  const lineOf = (offset: number): number => countLines(file.text, 0, offset) + 1;
  return {
    chunks: chunksOf(scanned.scan, chunkTarget(limits, options.toYaml)).map((c) => ({
      units: [c.from + 1, c.to + 1] as const,
      lines: [lineOf(c.start), lineOf(Math.max(c.start, c.end - 1))] as const,
    })),
  };
}

/** Contiguous runs of units with no link crossing a run boundary, merged until a chunk reaches `target` bytes. */
function chunksOf(scan: ScanResult, target: number): Chunk[] {
  const { units, group } = scan;
  const last = new Map<number, number>();
  group.forEach((g, i) => last.set(g, i));
  const chunks: Chunk[] = [];
  let from = 0;
  while (from < units.length) {
    let to = from;
    let reach = last.get(group[from] as number) as number;
    // A run ends where no unit before it links past it.
    for (;;) {
      while (to < reach) {
        to++;
        reach = Math.max(reach, last.get(group[to] as number) as number);
      }
      const start = (units[from] as (typeof units)[number]).start;
      const size = (units[to] as (typeof units)[number]).end - start;
      if (size >= target || to + 1 >= units.length) break;
      to++;
      reach = Math.max(reach, last.get(group[to] as number) as number);
    }
    chunks.push({ from, to, start: (units[from] as (typeof units)[number]).start, end: (units[to] as (typeof units)[number]).end });
    from = to + 1;
  }
  return chunks;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** (line, column) a is before b. */
function before(aLine: number, aCol: number, bLine: number, bCol: number): boolean {
  return aLine < bLine || (aLine === bLine && aCol < bCol);
}

const NAMES_A_LINE = /\bline \d/;
/** A to-yaml finding's data or message naming a place by position or index (`file:3:5`, `document 2`, `item 4`). */
const NAMES_A_PLACE = /:\d+:\d+|\b(?:line|document|item|index) \d/i;

interface Placed {
  /** The edits with their trace tags (none when the chunk was converted: its edits are sorted by position). */
  readonly edits: ({ readonly edit: Edit } & Partial<EditTag>)[];
  readonly toYaml: ToYamlOutcome;
  readonly findings: Finding[];
  /** Diagnostics (file offsets) by stage. */
  readonly diagnostics: { readonly d: LocatedDiagnostic; readonly stage: number }[];
}

function mergeChunks(file: SourceFile, options: MigrateOptions, run: ChunkRunner, scan: ScanResult, chunks: readonly Chunk[]): FileResult {
  const text = file.text;
  const header = scan.list?.header ?? '';
  const footer = scan.list?.footer ?? '';
  const headerLines = countLines(header, 0, header.length);
  const placed: Placed[] = [];
  let line = 1; // file line of the current chunk's start
  let lineAt = 0;
  chunks.forEach((chunk, index) => {
    line += countLines(text, lineAt, chunk.start);
    lineAt = chunk.start;
    const body = text.slice(chunk.start, chunk.end);
    const { result, trace, toYaml = 'none' } = run({ path: file.path, text: header + body + footer }, options);
    if (result.hasErrors) cannotPlace('a chunk has errors');
    // For one YAML file the to-yaml stage only edits ConfigMap keys and container args in place.
    if (result.renamedTo !== undefined || result.removed === true) cannotPlace('a chunk renamed or removed');
    if (trace.depth > 0) cannotPlace('an edit inside a values string');
    const shift = chunk.start - header.length;
    const lineShift = line - 1 - headerLines;
    const bodyStart = header.length;
    const bodyEnd = header.length + body.length;
    // The end of the body as a position in the chunk (findings carry positions only).
    const endLine = headerLines + 1 + countLines(body, 0, body.length);
    const endColumn = body.length - (body.lastIndexOf('\n') + 1) + 1;
    const lastChunk = index === chunks.length - 1;
    // Edits and diagnostics are ordered by how they were made, not where: one may end at the body's end (an insert
    // there too, unless a footer follows: it would be the wrapper's). A finding sorts by position: one that starts at
    // the body's end would tie with the next chunk's first (or sit in the footer), so only the file's end takes it.
    const openEnd = lastChunk && scan.list === undefined;
    const inBody = (start: number, end: number): boolean => start >= bodyStart && end <= bodyEnd && (footer === '' || start < bodyEnd);
    const edits: Placed['edits'] = [];
    for (const e of result.edits) {
      if (!inBody(e.start, e.end)) cannotPlace('an edit outside the chunk body');
      const tag = trace.edits.get(e);
      if (!tag && toYaml !== 'converted') cannotPlace('an edit the trace does not know');
      edits.push({ edit: { ...e, start: e.start + shift, end: e.end + shift }, ...tag });
    }
    const findings: Finding[] = [];
    for (const f of result.findings) {
      if (lineShift !== 0 && NAMES_A_LINE.test(f.message)) cannotPlace('a finding that names a line');
      // The to-yaml rules' data may name a place of the chunk (a `where`); a chunk's document indexes restart at 0.
      if (index > 0 && f.ruleId.startsWith('to-yaml') && (NAMES_A_PLACE.test(f.message) || NAMES_A_PLACE.test(JSON.stringify(f.data ?? {})))) {
        cannotPlace('a to-yaml finding that names a place');
      }
      const startsIn = !before(f.line, f.column, headerLines + 1, 1) && before(f.line, f.column, endLine, endColumn + (openEnd ? 1 : 0));
      const endsIn = openEnd ? !before(endLine, endColumn, f.endLine, f.endColumn) : before(f.endLine, f.endColumn, endLine, endColumn);
      if (!startsIn || !endsIn) cannotPlace('a finding outside the chunk body');
      findings.push({ ...f, line: f.line + lineShift, endLine: f.endLine + lineShift });
    }
    const diagnostics: Placed['diagnostics'] = [];
    const marks = trace.diagnosticMarks;
    result.diagnostics.forEach((d, i) => {
      if (lineShift !== 0 && NAMES_A_LINE.test(d.message)) cannotPlace('a diagnostic that names a line');
      if (!inBody(d.start, d.end)) cannotPlace('a diagnostic outside the chunk body');
      let stage = marks.findIndex((m) => i < m);
      if (stage < 0) stage = marks.length;
      diagnostics.push({ d: { ...d, start: d.start + shift, end: d.end + shift }, stage });
    });
    placed.push({ edits, toYaml, findings, diagnostics });
  });
  return merge(file, placed);
}

/**
 * One FileResult from the chunks', as the whole-file run orders it: edits
 * by target in the order of each target's first fix (the file's own edits
 * one block, by stage then chunk), findings in file order (chunk order),
 * diagnostics stage by stage.
 */
function merge(file: SourceFile, placed: readonly Placed[]): FileResult {
  const before = file.text;
  const positions = new FilePositions(before);
  // The order fixes were made in the whole run: config rules config by config (so chunk by chunk), then the file
  // rules rule by rule over every workload of the file (so by rule, then chunk).
  const fixKey = (phase: number, origin: string | undefined, chunk: number, index: number): number[] => {
    if (phase === 0) return [0, chunk, index];
    const rule = origin === undefined ? -1 : RULE_INDEX.get(origin) ?? -1;
    if (rule < 0) cannotPlace(`a file-rule edit of ${origin ?? 'no rule'}`);
    return [1, rule, chunk, index];
  };
  type Block = { key: number[]; edits: { edit: Edit; key: number[] }[] };
  const blocks = new Map<string, Block>();
  const converted = placed.some((p) => p.toYaml === 'converted');
  placed.forEach((p, chunk) => {
    if (converted) return; // convertedEdits orders them all
    let previous: string | undefined;
    const seen = new Set<string>();
    for (const e of p.edits) {
      if (e.target === undefined) cannotPlace('an edit the trace does not know');
      if (e.target !== previous && seen.has(e.target)) cannotPlace('a target whose edits are not one block');
      seen.add(e.target);
      previous = e.target;
      const key = fixKey(e.firstPhase as number, e.firstOrigin, chunk, e.first as number);
      const own = fixKey(e.phase as number, e.edit.origin, chunk, e.fix as number);
      // The file's own target is one for every chunk; a config's id is only unique within its chunk (document indexes restart at 0).
      const id = e.target === `file:${file.path}` ? e.target : `${chunk}\u0000${e.target}`;
      const block = blocks.get(id);
      if (!block) blocks.set(id, { key, edits: [{ edit: e.edit, key: own }] });
      else {
        if (compareKeys(key, block.key) < 0) block.key = key;
        block.edits.push({ edit: e.edit, key: own });
      }
    }
  });
  let edits: Edit[] = [];
  if (converted) edits = convertedEdits(placed);
  else for (const block of [...blocks.values()].sort((a, b) => compareKeys(a.key, b.key))) {
    const ordered = [...block.edits].sort((a, b) => compareKeys(a.key, b.key));
    const keys = new Set<string>();
    for (const { edit } of ordered) {
      const key = `${edit.start}:${edit.end}:${edit.origin}:${edit.text}`;
      if (keys.has(key)) cannotPlace('the same edit in two chunks');
      keys.add(key);
      edits.push(edit);
    }
  }
  // The file rules (stage 4: lines they may not edit) and the alias guard (stage 6) report over the whole file in an
  // order of their own (rule by rule, anchor by anchor): placed only when one chunk has such diagnostics.
  for (const stage of [FILE_RULES_STAGE, ALIAS_GUARD_STAGE]) {
    if (placed.filter((p) => p.diagnostics.some((d) => d.stage === stage)).length > 1) cannotPlace('file-wide diagnostics in two chunks');
  }
  // The to-yaml stage sorts the file's findings by position as soon as it adds one (sortFindings); chunk order is
  // file order, so a stable sort of the chunks' lists ties only within a chunk, where the chunk's own order holds.
  const flat = placed.flatMap((p) => p.findings);
  const findings = placed.some((p) => p.toYaml !== 'none') ? sortFindings(flat) : flat;
  const stages = Math.max(0, ...placed.flatMap((p) => p.diagnostics.map((d) => d.stage)));
  const diagnostics: LocatedDiagnostic[] = [];
  for (let stage = 0; stage <= stages; stage++) {
    for (const p of placed) for (const x of p.diagnostics) if (x.stage === stage) diagnostics.push(locateDiagnostic(x.d, positions));
  }
  let output = before;
  try {
    output = applyEdits(before, edits);
  } catch {
    cannotPlace('edits that do not apply together');
  }
  const changed = output !== before;
  return {
    path: file.path, before, output, changed, edits: changed ? edits : [],
    findings, diagnostics, hasErrors: false, diff: unifiedDiff(file.path, before, output, edits),
  };
}

/**
 * The edits of a converted file: the to-yaml stage composes the runtime's edits with its own and sorts the lot by
 * position (composeEdits), so every chunk's edits, converted or not, in position order. Composition joins edits
 * that touch: edits of two chunks meeting at a boundary might have been one in the whole run, so they are refused.
 */
function convertedEdits(placed: readonly Placed[]): Edit[] {
  let reach = -1;
  for (const p of placed) {
    if (p.edits.length === 0) continue;
    if (Math.min(...p.edits.map((e) => e.edit.start)) <= reach) cannotPlace('converted edits meeting at a chunk boundary');
    reach = Math.max(...p.edits.map((e) => e.edit.end));
  }
  return sortEdits(placed.flatMap((p) => p.edits.map((e) => e.edit)));
}

const SEVERITY_ORDER = { error: 0, change: 1, warning: 2, info: 3 } as const;

/** to-yaml-stage.ts's order of a file's findings: by position, then severity, then as listed. */
function sortFindings(list: readonly Finding[]): Finding[] {
  return list
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.line - b.f.line || a.f.column - b.f.column || SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** The stages of runtimeStage's diagnostics (its `mark()` calls): discovery, includes, configs, config rules, file rules, fixes, alias guard, output check. */
const FILE_RULES_STAGE = 4;
const ALIAS_GUARD_STAGE = 6;

/** Rule ids in the order a visit runs them (run-rules.ts). */
const RULE_INDEX = new Map<string, number>(RULE_LIST.map((r, i) => [r.meta.id, i]));
