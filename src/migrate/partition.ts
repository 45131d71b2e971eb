import { locateDiagnostic, type LocatedDiagnostic } from '../report/located-diagnostic.js';
import { FilePositions } from '../report/positions.js';
import type { Finding } from '../report/finding.js';
import { applyEdits, sortEdits } from '../source/apply-edits.js';
import type { Edit } from '../source/edit.js';
import { RULE_LIST } from '../rules/registry.js';
import { isYamlPath } from '../source/sniff-format.js';
import type { SourceFile } from '../source/source-file.js';
import type { MigrateOptions } from './options.js';
import { scanUnits, type ScanResult, type ScanUnit } from './partition-scan.js';
import type { FileResult } from './types.js';
import { renumberAliasUsers } from './alias-guard.js';
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

/** A run of adjacent units of a chunk: the units a..b (inclusive) and its text. */
interface Piece {
  readonly from: number;
  readonly to: number;
  /** File offset of the piece's first character. */
  readonly start: number;
  /** File offset just past the piece. */
  readonly end: number;
}

/**
 * One chunk: its pieces in file order. Most chunks are one piece; List items linked by an alias (ScanResult.shares)
 * join a chunk wherever they are, so a chunk may hold runs that are not adjacent in the file. Its body is the pieces'
 * texts one after the other.
 */
interface Chunk {
  readonly pieces: readonly Piece[];
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

/** A chunk of planPartition: its first and last unit and line (1-based), and its pieces when they are not adjacent. */
export interface PlannedChunk {
  readonly units: readonly [number, number];
  readonly lines: readonly [number, number];
  readonly pieces?: readonly { readonly units: readonly [number, number]; readonly lines: readonly [number, number] }[];
}

/** Where a file would be cut (1-based units and lines of each chunk), or why it is not: for tests and fixtures. */
export function planPartition(file: SourceFile, limits: PartitionLimits = PARTITION_LIMITS, options: Pick<MigrateOptions, 'toYaml'> = {}): { readonly chunks: readonly PlannedChunk[] } | { readonly reason: string } {
  if (file.text.length < limits.minFileBytes) return { reason: 'small' };
  if (!isYamlPath(file.path)) return { reason: 'not a YAML file' };
  const scanned = scanUnits(file.path, file.text);
  if (!scanned.ok) return { reason: scanned.reason };
  const lineOf = (offset: number): number => countLines(file.text, 0, offset) + 1;
  const place = (p: Piece): { readonly units: readonly [number, number]; readonly lines: readonly [number, number] } => ({
    units: [p.from + 1, p.to + 1] as const,
    lines: [lineOf(p.start), lineOf(Math.max(p.start, p.end - 1))] as const,
  });
  return {
    chunks: chunksOf(scanned.scan, chunkTarget(limits, options.toYaml)).map((c) => {
      const first = place(c.pieces[0] as Piece);
      const last = place(c.pieces[c.pieces.length - 1] as Piece);
      return { units: [first.units[0], last.units[1]] as const, lines: [first.lines[0], last.lines[1]] as const, ...(c.pieces.length > 1 ? { pieces: c.pieces.map(place) } : {}) };
    }),
  };
}

/**
 * Contiguous runs of units with no link crossing a run boundary; runs linked by an alias (List items:
 * ScanResult.shares) are one chunk wherever they are; chunks take such groups in file order until one reaches
 * `target` bytes. Without shares, every chunk is one piece: consecutive runs merged until it reaches `target`.
 */
function chunksOf(scan: ScanResult, target: number): Chunk[] {
  const { units, group, shares } = scan;
  const last = new Map<number, number>();
  group.forEach((g, i) => last.set(g, i));
  // The smallest runs: a run ends where no unit before it links past it.
  const runs: { from: number; to: number }[] = [];
  const runOf: number[] = [];
  for (let from = 0; from < units.length; ) {
    let to = from;
    let reach = last.get(group[from] as number) as number;
    while (to < reach) {
      to++;
      reach = Math.max(reach, last.get(group[to] as number) as number);
    }
    for (let i = from; i <= to; i++) runOf.push(runs.length);
    runs.push({ from, to });
    from = to + 1;
  }
  // Runs linked by an alias: union-find over run indexes.
  const parent = runs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (const [a, b] of shares) {
    const ra = find(runOf[a] as number);
    const rb = find(runOf[b] as number);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const members = new Map<number, number[]>();
  runs.forEach((_, i) => {
    const root = find(i);
    const list = members.get(root);
    if (list) list.push(i);
    else members.set(root, [i]);
  });
  const unitAt = (i: number): ScanUnit => units[i] as ScanUnit;
  const chunks: Chunk[] = [];
  const taken = new Set<number>();
  let current: number[] = [];
  let size = 0;
  runs.forEach((_, i) => {
    if (taken.has(i)) return;
    for (const r of members.get(find(i)) as number[]) {
      taken.add(r);
      current.push(r);
      const run = runs[r] as (typeof runs)[number];
      size += unitAt(run.to).end - unitAt(run.from).start;
    }
    if (size >= target || taken.size === runs.length) {
      chunks.push({ pieces: piecesOf(current.sort((a, b) => a - b).map((r) => runs[r] as (typeof runs)[number]), unitAt) });
      current = [];
      size = 0;
    }
  });
  return chunks;
}

/** Runs (in file order) as pieces: adjacent runs are one piece. */
function piecesOf(runs: readonly { readonly from: number; readonly to: number }[], unitAt: (i: number) => ScanUnit): Piece[] {
  const pieces: Piece[] = [];
  for (const run of runs) {
    const previous = pieces[pieces.length - 1];
    if (previous && previous.to + 1 === run.from) pieces[pieces.length - 1] = { ...previous, to: run.to, end: unitAt(run.to).end };
    else pieces.push({ from: run.from, to: run.to, start: unitAt(run.from).start, end: unitAt(run.to).end });
  }
  return pieces;
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
  /**
   * The edits with their trace tags (none when the chunk was converted: its edits are sorted by position), and `at`:
   * the file offset of the piece each one is in.
   */
  readonly edits: ({ readonly edit: Edit; readonly at: number } & Partial<EditTag>)[];
  readonly toYaml: ToYamlOutcome;
  readonly findings: Finding[];
  /** Diagnostics (file offsets) by stage, with the file offset of their piece. */
  readonly diagnostics: { readonly d: LocatedDiagnostic; readonly stage: number; readonly at: number }[];
  /** How many pieces the chunk has. */
  readonly pieces: number;
}

/** A piece of a chunk in the chunk's text (offsets, 1-based lines) and in the file. */
interface PlacedPiece {
  readonly start: number;
  readonly end: number;
  /** File offset minus chunk offset. */
  readonly shift: number;
  /** The piece's file offset. */
  readonly at: number;
  /** Its first line, and the position just past it, in the chunk. */
  readonly line: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** File line minus chunk line. */
  readonly lineShift: number;
}

function mergeChunks(file: SourceFile, options: MigrateOptions, run: ChunkRunner, scan: ScanResult, chunks: readonly Chunk[]): FileResult {
  const text = file.text;
  const header = scan.list?.header ?? '';
  const footer = scan.list?.footer ?? '';
  const headerLines = countLines(header, 0, header.length);
  const lineAt = lineNumbers(text, chunks.flatMap((c) => c.pieces.map((p) => p.start)));
  const placed: Placed[] = [];
  chunks.forEach((chunk, index) => {
    const pieces: PlacedPiece[] = [];
    const bodies: string[] = [];
    let at = header.length;
    let line = headerLines + 1;
    chunk.pieces.forEach((p, k) => {
      const body = text.slice(p.start, p.end);
      // Pieces start at line starts (items, documents); one that does not end its line would join the next one's.
      if (k + 1 < chunk.pieces.length && !body.endsWith('\n')) cannotPlace('a run of a chunk that does not end its line');
      const endLine = line + countLines(body, 0, body.length);
      const endColumn = body.length - (body.lastIndexOf('\n') + 1) + 1;
      pieces.push({ start: at, end: at + body.length, shift: p.start - at, at: p.start, line, endLine, endColumn, lineShift: (lineAt.get(p.start) as number) - line });
      bodies.push(body);
      at += body.length;
      line = endLine;
    });
    const body = bodies.join('');
    bodies.length = 0;
    const { result, trace, toYaml = 'none' } = run({ path: file.path, text: header + body + footer }, options);
    if (result.hasErrors) cannotPlace('a chunk has errors');
    // For one YAML file the to-yaml stage only edits ConfigMap keys and container args in place.
    if (result.renamedTo !== undefined || result.removed === true) cannotPlace('a chunk renamed or removed');
    if (trace.depth > 0) cannotPlace('an edit inside a values string');
    const bodyStart = header.length;
    const bodyEnd = header.length + body.length;
    const lastPiece = pieces.length - 1;
    // Edits and diagnostics are ordered by how they were made, not where: one may end at the body's end (an insert
    // there too, unless a footer follows: it would be the wrapper's). A finding sorts by position: one that starts at
    // the body's end would tie with the next chunk's first (or sit in the footer), so only the file's end takes it;
    // one may end there.
    const openEnd = scan.list === undefined && (chunk.pieces[lastPiece] as Piece).end === text.length;
    const inBody = (start: number, end: number): boolean => start >= bodyStart && end <= bodyEnd && (footer === '' || start < bodyEnd);
    // The piece a range of the chunk's text is in. An insert where two pieces meet may belong to the end of the one
    // or the start of the other (the whole run has text between them): not placed.
    const pieceOf = (start: number, end: number, what: string): PlacedPiece => {
      for (let k = 0; k <= lastPiece; k++) {
        const p = pieces[k] as PlacedPiece;
        if (start < p.start) break;
        if (start < p.end || (start === p.end && k === lastPiece)) {
          if (start === end && start === p.start && k > 0) cannotPlace(`${what} where two runs of a chunk meet`);
          if (end > p.end) cannotPlace(`${what} across two runs of a chunk`);
          return p;
        }
      }
      return cannotPlace(`${what} outside the chunk body`);
    };
    // A line of the chunk as the file's (undefined: the wrapper's).
    const fileLine = (l: number): number | undefined => {
      for (let k = 0; k <= lastPiece; k++) {
        const p = pieces[k] as PlacedPiece;
        if (l >= p.line && (l < p.endLine || (k === lastPiece && l === p.endLine && p.endColumn > 1))) return l + p.lineShift;
      }
      return undefined;
    };
    const shifted = pieces.some((p) => p.lineShift !== 0);
    const edits: Placed['edits'] = [];
    for (const e of result.edits) {
      if (!inBody(e.start, e.end)) cannotPlace('an edit outside the chunk body');
      const p = pieceOf(e.start, e.end, 'an edit');
      const tag = trace.edits.get(e);
      if (!tag && toYaml !== 'converted') cannotPlace('an edit the trace does not know');
      edits.push({ edit: { ...e, start: e.start + p.shift, end: e.end + p.shift }, at: p.at, ...tag });
    }
    const findings: Finding[] = [];
    const owned = new Detached();
    for (const f of result.findings) {
      if (shifted && NAMES_A_LINE.test(f.message)) cannotPlace('a finding that names a line');
      // The to-yaml rules' data may name a place of the chunk (a `where`); a chunk's document and item indexes restart at 0.
      if ((index > 0 || pieces.length > 1) && f.ruleId.startsWith('to-yaml') && (NAMES_A_PLACE.test(f.message) || NAMES_A_PLACE.test(JSON.stringify(f.data ?? {})))) {
        cannotPlace('a to-yaml finding that names a place');
      }
      const k = pieces.findIndex((p, i) => !before(f.line, f.column, p.line, 1) && before(f.line, f.column, p.endLine, p.endColumn + (openEnd && i === lastPiece ? 1 : 0)));
      const p = pieces[k];
      if (!p) cannotPlace('a finding outside the chunk body');
      if (k > 0 && f.line === p.line && f.column === 1 && f.endLine === f.line && f.endColumn === 1) cannotPlace('a finding where two runs of a chunk meet');
      // It may end where its piece ends (the removal of an item's last lines ends at the next item's line start).
      if (before(p.endLine, p.endColumn, f.endLine, f.endColumn)) cannotPlace('a finding outside the chunk body');
      // Kept until the merge: its words and data held as their own strings, not as slices of the chunk's text.
      findings.push({ ...f, message: owned.text(f.message), ...('data' in f ? { data: owned.data(f.data) } : {}), line: f.line + p.lineShift, endLine: f.endLine + p.lineShift });
    }
    const diagnostics: Placed['diagnostics'] = [];
    const marks = trace.diagnosticMarks;
    result.diagnostics.forEach((d, i) => {
      let message = d.message;
      if (shifted && NAMES_A_LINE.test(message)) {
        // The alias guard names the lines of an anchor's aliases: renumbered (all of them are in this chunk: ItemAnchors).
        const renumbered = d.code === 'ALIAS_NOT_EDITED' ? renumberAliasUsers(message, fileLine) : undefined;
        if (renumbered === undefined) cannotPlace('a diagnostic that names a line');
        message = renumbered;
      }
      if (!inBody(d.start, d.end)) cannotPlace('a diagnostic outside the chunk body');
      const p = pieceOf(d.start, d.end, 'a diagnostic');
      let stage = marks.findIndex((m) => i < m);
      if (stage < 0) stage = marks.length;
      diagnostics.push({ d: { ...d, message, start: d.start + p.shift, end: d.end + p.shift }, stage, at: p.at });
    });
    placed.push({ edits, toYaml, findings, diagnostics, pieces: pieces.length });
  });
  return merge(file, placed);
}

/**
 * Copies of a chunk's strings that hold nothing else alive. A finding's data (a volume's name, a mount path) is
 * often a slice of the chunk's text, and V8 keeps a sliced string's whole parent: kept until the merge, the findings
 * of every chunk held every chunk's text (an 8.5 MB List: 250 texts of 34 KB, ~the file again). A copy is made
 * once per string and per data object (a big config shares them between its findings); values are unchanged.
 */
class Detached {
  readonly #texts = new Map<string, string>();
  readonly #data = new Map<Finding['data'], Finding['data']>();

  /** `s` as a string of its own: a one-character prefix flattened into a new string, then sliced off. */
  text(s: string): string {
    if (s.length === 0) return s;
    let copy = this.#texts.get(s);
    if (copy === undefined) this.#texts.set(s, (copy = ` ${s}`.slice(1)));
    return copy;
  }

  data(d: Finding['data']): Finding['data'] {
    if (d === undefined || d === null || typeof d !== 'object' || Object.getPrototypeOf(d) !== Object.prototype) return d;
    let copy = this.#data.get(d);
    if (copy === undefined) {
      const out: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(d)) out[k] = typeof v === 'string' ? this.text(v) : v;
      this.#data.set(d, (copy = out));
    }
    return copy;
  }
}

/** The 1-based line of each of `offsets` in `text` (one pass over the text). */
function lineNumbers(text: string, offsets: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  let line = 1;
  let from = 0;
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    line += countLines(text, from, offset);
    from = offset;
    out.set(offset, line);
  }
  return out;
}

/**
 * Checks that a chunk made things in file order (`at`: the file offset of each one's piece, listed in the order the
 * chunk made them within `group`): the whole run makes them unit by unit, so the merge orders them by piece. A chunk
 * of one piece always is.
 */
function checkFileOrder(list: readonly { readonly group: string; readonly at: number }[], what: string): void {
  const reach = new Map<string, number>();
  for (const { group, at } of list) {
    if (at < (reach.get(group) ?? -1)) cannotPlace(`${what} not made in file order`);
    reach.set(group, at);
  }
}

/**
 * One FileResult from the chunks', as the whole-file run orders it: edits
 * by target in the order of each target's first fix (the file's own edits
 * one block, by stage then piece), findings in file order, diagnostics
 * stage by stage, in file order within a stage.
 */
function merge(file: SourceFile, placed: readonly Placed[]): FileResult {
  const before = file.text;
  const positions = new FilePositions(before);
  // The order fixes were made in the whole run: config rules config by config (so piece by piece: `at`), then the
  // file rules rule by rule over every workload of the file (so by rule, then piece).
  const fixKey = (phase: number, origin: string | undefined, at: number, index: number): number[] => {
    if (phase === 0) return [0, at, index];
    const rule = origin === undefined ? -1 : RULE_INDEX.get(origin) ?? -1;
    if (rule < 0) cannotPlace(`a file-rule edit of ${origin ?? 'no rule'}`);
    return [1, rule, at, index];
  };
  type Block = { key: number[]; edits: { edit: Edit; key: number[] }[] };
  const blocks = new Map<string, Block>();
  const converted = placed.some((p) => p.toYaml === 'converted');
  placed.forEach((p, chunk) => {
    if (converted) return; // convertedEdits orders them all
    if (p.pieces > 1) {
      // Fixes are numbered as made: within a stage (and a file rule), their pieces must not go back.
      const made = [...p.edits].sort((a, b) => (a.phase as number) - (b.phase as number) || (a.fix as number) - (b.fix as number));
      checkFileOrder(made.map((e) => ({ group: e.phase === 0 ? '0' : `1:${e.edit.origin}`, at: e.at })), 'fixes');
    }
    let previous: string | undefined;
    const seen = new Set<string>();
    const blockAt = new Map<string, number>();
    for (const e of p.edits) {
      if (e.target === undefined) cannotPlace('an edit the trace does not know');
      if (e.target !== previous && seen.has(e.target)) cannotPlace('a target whose edits are not one block');
      seen.add(e.target);
      previous = e.target;
      const fileTarget = e.target === `file:${file.path}`;
      // A config's edits are in its unit, so in one piece; the file's own block starts where its first fix is.
      let at = blockAt.get(e.target);
      if (at === undefined) {
        const first = fileTarget ? p.edits.find((x) => x.target === e.target && x.fix === e.first && x.phase === e.firstPhase) : e;
        if (!first && p.pieces > 1 && e.firstPhase === 0) cannotPlace('a first fix of the file the merge cannot place');
        at = first?.at ?? p.edits.reduce((m, x) => (x.target === e.target ? Math.min(m, x.at) : m), Number.MAX_SAFE_INTEGER);
        blockAt.set(e.target, at);
      } else if (!fileTarget && at !== e.at) cannotPlace('a config target in two runs of a chunk');
      const key = fixKey(e.firstPhase as number, e.firstOrigin, at, e.first as number);
      const own = fixKey(e.phase as number, e.edit.origin, e.at, e.fix as number);
      // The file's own target is one for every chunk; a config's id is only unique within its chunk (document indexes restart at 0).
      const id = fileTarget ? e.target : `${chunk}\u0000${e.target}`;
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
  // The file rules (stage 5: lines they may not edit) and the alias guard (stage 7) report over the whole file in an
  // order of their own (rule by rule, anchor by anchor): placed only when one chunk has such diagnostics.
  for (const stage of [FILE_RULES_STAGE, ALIAS_GUARD_STAGE]) {
    if (placed.filter((p) => p.diagnostics.some((d) => d.stage === stage)).length > 1) cannotPlace('file-wide diagnostics in two chunks');
  }
  // Findings sort by position (FileFindings.located; the to-yaml stage's sortFindings): chunks of one piece each come
  // in file order; pieces of several chunks interleave, a stable sort by position ties only within a chunk.
  let flat = placed.flatMap((p) => p.findings);
  if (placed.some((p) => p.pieces > 1)) flat = flat.map((f, i) => ({ f, i })).sort((a, b) => a.f.line - b.f.line || a.f.column - b.f.column || a.i - b.i).map((x) => x.f);
  const findings = placed.some((p) => p.toYaml !== 'none') ? sortFindings(flat) : flat;
  const stages = Math.max(0, ...placed.flatMap((p) => p.diagnostics.map((d) => d.stage)));
  const diagnostics: LocatedDiagnostic[] = [];
  for (let stage = 0; stage <= stages; stage++) {
    // A stage's diagnostics come unit by unit (chunk by chunk when each is one piece); one chunk's alone, as it made them.
    const lists = placed.map((p) => p.diagnostics.filter((x) => x.stage === stage)).filter((l) => l.length > 0);
    if (lists.length > 1) for (const l of lists) checkFileOrder(l.map((x) => ({ group: '', at: x.at })), 'diagnostics');
    const all = lists.length > 1 ? lists.flat().map((x, i) => ({ x, i })).sort((a, b) => a.x.at - b.x.at || a.i - b.i).map((y) => y.x) : lists.flat();
    for (const x of all) diagnostics.push(locateDiagnostic(x.d, positions));
  }
  let output = before;
  try {
    output = applyEdits(before, edits);
  } catch {
    cannotPlace('edits that do not apply together');
  }
  const changed = output !== before;
  const diff = unifiedDiff(file.path, before, output, edits);
  return {
    path: file.path, before, output, changed, edits: changed ? edits : [],
    findings, diagnostics, hasErrors: false, diff,
  };
}

/**
 * The edits of a converted file: the to-yaml stage composes the runtime's edits with its own and sorts the lot by
 * position (composeEdits), so every chunk's edits, converted or not, in position order. Composition joins edits
 * that touch: edits of two chunks meeting (at a chunk boundary, or where pieces of two chunks meet) might have been
 * one in the whole run, so they are refused.
 */
function convertedEdits(placed: readonly Placed[]): Edit[] {
  const all = placed.flatMap((p, chunk) => p.edits.map((e) => ({ edit: e.edit, chunk })));
  all.sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end);
  let reach = -1;
  let reachChunk = -1;
  for (const { edit, chunk } of all) {
    if (chunk !== reachChunk && edit.start <= reach) cannotPlace('converted edits meeting at a chunk boundary');
    if (edit.end >= reach) {
      reach = edit.end;
      reachChunk = chunk;
    }
  }
  return sortEdits(all.map((x) => x.edit));
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

/** The stages of runtimeStage's diagnostics (its `mark()` calls): discovery, includes, includes hidden by mounts, configs, config rules, file rules, fixes, alias guard, output check. */
const FILE_RULES_STAGE = 5;
const ALIAS_GUARD_STAGE = 7;

/** Rule ids in the order a visit runs them (run-rules.ts). */
const RULE_INDEX = new Map<string, number>(RULE_LIST.map((r, i) => [r.meta.id, i]));
