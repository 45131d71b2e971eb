import { posix } from 'node:path';
import { LineIndex } from '../source/line-index.js';
import { buildClassicDoc, type ClassicDoc, type DocItem, type IncludeItem, type Trivia } from './classic-doc.js';
import type { ClassicReadings } from './classic-reader.js';
import { compareStreamed, compareViews, InstanceStream, referencedNames } from './compare-views.js';
import { alreadyYamlFinding, messageOf, rawFinding, type ConvertFinding, type RawFinding } from './findings.js';
import { readSetup, type ReadSetupOptions, type SetupReadResult } from './read-setup.js';
import type { FbView, ParsersFileView } from './view.js';
import { memoryReleases } from './memory-releases.js';
import {
  dirOf, globNames, isYamlName, normalizeName, relativeRef, resolveRef, setupFilesFrom,
} from './setup-files.js';
import { atLeast, formatVersion, parseFluentBitVersion } from './version.js';
import { writeYaml } from './yaml-writer.js';

/*
 * Converts one Fluent Bit setup (a main file, the files it @INCLUDEs, and
 * its custom parsers files) from the classic format to YAML, all or
 * nothing. The result is proven equivalent at run time: both setups are
 * read (classic-reader.ts, yaml-reader.ts) and compared (compare-views.ts);
 * any difference refuses the conversion.
 *
 * Includes: Fluent Bit's YAML reader reads an included file where the
 * `includes:` key stands (probes include-order-top/-bottom), relative to the
 * including file. Each file keeps its includes (as one `includes:` block at
 * the top or the bottom, whichever keeps the plugin order); when neither
 * does, every included file is inlined into the main file, which is the only
 * way to keep the order with a single `pipeline:` key.
 */

export interface ConvertSetupInput {
  /** Every file of the setup by name, '/'-separated, relative to the main file's directory (or absolute). */
  readonly files: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Name of the file Fluent Bit runs with `-c`. */
  readonly main: string;
  /** Extra custom parsers files to convert even when no Parsers_File names them (e.g. Helm `customParsers`). */
  readonly parsersFiles?: readonly string[];
  /** The directory the files live in for Fluent Bit (e.g. `/fluent-bit/etc/`): absolute paths under it are setup files. */
  readonly baseDir?: string;
}

export interface ConvertOptions {
  /** The deployed Fluent Bit version (`3.2.0`, `v2.1.8`); undefined when unknown. */
  readonly fluentBitVersion?: string;
  /** Where that version comes from, for messages (`fluent/fluent-bit:1.9.10 in ds.yaml`). */
  readonly versionSource?: string;
}

export interface ConvertedFile {
  /** The classic file's name. */
  readonly from: string;
  /** The YAML file's name. */
  readonly to: string;
  readonly text: string;
}

export interface ConvertSetupResult {
  /** False when the setup was refused: nothing of it changes. */
  readonly ok: boolean;
  /** One-line reason when refused. */
  readonly refusal: string | null;
  /** The new YAML files (each replaces its `from` file). Empty when refused or nothing to do. */
  readonly files: readonly ConvertedFile[];
  /** Old name -> new name for every converted file still present (ConfigMap keys, `-c`, mounts follow these). */
  readonly renames: readonly { readonly from: string; readonly to: string }[];
  /** Classic files that are no longer needed (inlined into the main file). */
  readonly removed: readonly string[];
  /** Files of the setup left exactly as they are. */
  readonly unchanged: readonly string[];
  readonly findings: readonly ConvertFinding[];
}

const STOCK_FILE = /^\/fluent-bit\/etc\/(parsers[\w-]*\.conf|plugins\.conf)$/;

/** `a/fluent-bit.conf` -> `a/fluent-bit.yaml`; a name without extension gets `.yaml` added. */
export function yamlNameFor(name: string): string {
  const base = posix.basename(name);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const dir = name.slice(0, name.length - base.length);
  return `${dir}${stem}.yaml`;
}

interface Positioner {
  finding(f: RawFinding): ConvertFinding;
}

function positioner(files: ReadonlyMap<string, string>): Positioner {
  const cache = new Map<string, LineIndex>();
  return {
    finding(f) {
      let idx = cache.get(f.file);
      if (!idx) {
        idx = new LineIndex(files.get(f.file) ?? '');
        cache.set(f.file, idx);
      }
      const { line, column } = idx.position(f.offset);
      return { ruleId: f.ruleId, messageId: f.messageId, data: f.data, severity: f.severity, message: messageOf(f), path: f.file, line, column, offset: f.offset };
    },
  };
}

function toMap(files: ConvertSetupInput['files']): Map<string, string> {
  const entries = files instanceof Map ? [...(files as ReadonlyMap<string, string>)] : Object.entries(files);
  return new Map(entries.map(([k, v]) => [normalizeName(k), v]));
}

export function convertSetup(input: ConvertSetupInput, options: ConvertOptions = {}): ConvertSetupResult {
  const files = toMap(input.files);
  const main = normalizeName(input.main);
  const pos = positioner(files);
  const raw: RawFinding[] = [];
  const refuse = (reason: string, extra: readonly RawFinding[] = []): ConvertSetupResult => {
    const all = [...raw, ...extra];
    if (!all.some((f) => f.severity === 'error' || f.ruleId === 'to-yaml-missing-file')) throw new Error(`convertSetup refused without a finding: ${reason}`);
    return {
      ok: false, refusal: reason, files: [], renames: [], removed: [], unchanged: [...files.keys()],
      findings: sortFindings(all.map((f) => pos.finding(f))),
    };
  };
  const done = (result: Omit<ConvertSetupResult, 'findings' | 'ok' | 'refusal'>): ConvertSetupResult => ({
    ok: true, refusal: null, ...result, findings: sortFindings(raw.map((f) => pos.finding(f))),
  });

  if (!files.has(main)) return refuse(`the main file ${main} is not among the files`, [rawFinding('to-yaml-unsupported', 'mainMissing', 'error', main, 0, { main })]);
  if (isYamlName(main)) {
    raw.push(alreadyYamlFinding(main, files.get(main)));
    return done({ files: [], renames: [], removed: [], unchanged: [...files.keys()] });
  }

  const version = parseFluentBitVersion(options.fluentBitVersion);
  if (version && !atLeast(version, 2, 0)) {
    raw.push(options.versionSource
      ? rawFinding('to-yaml-version', 'belowTwoRunner', 'error', main, 0, { version: formatVersion(version), source: options.versionSource })
      : rawFinding('to-yaml-version', 'belowTwo', 'error', main, 0, { version: formatVersion(version) }));
    return refuse(`Fluent Bit ${formatVersion(version)} cannot read YAML configs (2.0 or later needed)`);
  }
  const yamlParsers = version === undefined || atLeast(version, 3, 2);

  // 1. What Fluent Bit sees in the classic setup.
  const setupFiles = setupFilesFrom(files);
  const readOptions: ReadSetupOptions = { files: setupFiles, baseDir: input.baseDir, unknownParsersFile: 'external' };
  const readings: ClassicReadings = new Map();
  const classic = classicFacts(main, readOptions, memoryReleases.enabled ? readings : undefined);
  if (classic.errors.length > 0) {
    const missing = classic.errors.filter((e) => e.missing === true);
    if (missing.length === classic.errors.length) {
      return refuse('a file of the setup is not among the files', missing.map((e) => rawFinding('to-yaml-missing-file', 'missing', 'warning', e.file, e.offset, { reason: e.message })));
    }
    // A YAML file an @INCLUDE reads (the classic reader, whatever its name): one error at it, not one per line the
    // classic reader trips on (CONFIG_READER_MISMATCH says the same at the runtime stage).
    const yamlIncluded = new Set<string>();
    const errs = classic.errors.flatMap((e) => {
      if (e.missing === true) return [];
      if (e.file !== main && isYamlName(e.file)) {
        if (yamlIncluded.has(e.file)) return [];
        yamlIncluded.add(e.file);
        const reason = `${e.file} is a YAML config, but an @INCLUDE reads it with the classic reader, which refuses it (${e.message}); include a classic config instead`;
        return [rawFinding('to-yaml-invalid-input', 'refused', 'error', e.file, 0, { reason })];
      }
      return [rawFinding('to-yaml-invalid-input', 'refused', 'error', e.file, e.offset, { reason: e.message })];
    });
    return refuse('the classic config has errors Fluent Bit refuses', errs);
  }

  // 2. Which files become YAML.
  const mainFiles = [...classic.files];
  const parserFiles: string[] = [];
  for (const pf of classic.parsersFiles) {
    if (pf.file === null) {
      const stock = STOCK_FILE.test(pf.value);
      if (!stock) {
        raw.push(rawFinding('to-yaml-external-file', pf.value.includes('${') ? 'variable' : 'notInSetup', 'info', pf.origin.file, pf.origin.offset, { value: pf.value }));
      }
      continue;
    }
    if (!parserFiles.includes(pf.file)) parserFiles.push(pf.file);
  }
  for (const extra of input.parsersFiles ?? []) {
    const n = normalizeName(resolveRef(extra, dirOf(main), input.baseDir));
    if (files.has(n) && !parserFiles.includes(n)) parserFiles.push(n);
  }
  for (const p of parserFiles) {
    if (mainFiles.includes(p)) return refuse(`${p} is both included in the config and used as a parsers file`, [rawFinding('to-yaml-unsupported', 'includedAndParsers', 'error', main, 0, { file: p })]);
  }
  const convertParsers = parserFiles.filter((p) => !isYamlName(p));
  const docs = buildDocs(files, mainFiles, convertParsers, raw, readings);
  readings.clear(); // the docs are built: the parses go
  if (raw.some((f) => f.severity === 'error')) return refuse('a construct has no YAML form');

  if (!yamlParsers && version) {
    keepParsersClassic(docs, mainFiles, convertParsers, formatVersion(version), raw);
    if (raw.some((f) => f.severity === 'error')) return refuse(`the deployed Fluent Bit ${formatVersion(version)} cannot read every YAML section this config needs`);
  }
  // A parsers file's @INCLUDE reads its target as more parsers (relative to the parsers file); that target is not
  // among the files converted here, and a YAML includes: item cannot name a classic file: refused at the line.
  for (const p of convertParsers) {
    for (const item of docs.get(p)?.items ?? []) {
      if (item.kind === 'include') raw.push(rawFinding('to-yaml-unsupported', 'parsersInclude', 'error', p, item.line.start, { ref: item.ref, file: p }));
    }
  }
  if (raw.some((f) => f.severity === 'error')) return refuse('a parsers file includes another file');
  const converted = [...docs.keys()];

  // 3. New names.
  const newName = new Map(converted.map((f) => [f, yamlNameFor(f)]));
  const finalNames = new Set([...files.keys()].filter((f) => !newName.has(f)));
  for (const [from, to] of newName) {
    if (finalNames.has(to) || [...newName.entries()].some(([f2, t2]) => f2 !== from && t2 === to)) {
      return refuse(`${from} would become ${to}, which already exists in the setup`, [rawFinding('to-yaml-unsupported', 'nameTaken', 'error', from, 0, { from, to })]);
    }
  }
  for (const to of newName.values()) finalNames.add(to);
  const mainDir = dirOf(main);
  const convertedRef = (value: string): boolean => {
    const target = resolveRef(value, mainDir, input.baseDir);
    return newName.has(target);
  };
  const mapRef = (value: string): string => (convertedRef(value) ? yamlNameFor(value) : value);

  // 4. Write, verify; fall back to inlining every include when the order differs.
  const usedVars = classic.usedVars;
  const hasIncludes = mainFiles.length > 1;
  /** The YAML texts (a function of its own: once it returns, no frame of it holds a doc). */
  const write = (inline: boolean): { outputs: Map<string, string>; problems: RawFinding[]; notes: RawFinding[]; inlined: string[] } => {
    const outputs = new Map<string, string>();
    const problems: RawFinding[] = [];
    const notes: RawFinding[] = [];
    const inlined: string[] = [];
    for (const [f, doc] of docs) {
      if (inline && f !== main && mainFiles.includes(f)) {
        inlined.push(f);
        continue;
      }
      const { items, footer } = inline && f === main
        ? inlineItems(doc, docs, mainDir, input.baseDir, setupFiles.names)
        : { items: doc.items, footer: doc.footer };
      const target = newName.get(f) as string;
      const { text, problems: p, notes: n } = writeYaml(doc, items, {
        footer,
        referencedVars: usedVars,
        includesAt: includePlacement(items),
        includePath: (item) => yamlIncludePath(item, target, mainDir, input.baseDir, files, newName, finalNames, problems),
        mapValue: (key, value) => (key === 'parsers_file' ? mapRef(value) : value),
        // Without includes there is no second (inlining) attempt: the docs go after this writing (attempt), so each
        // one goes as it is written.
        consume: !hasIncludes && memoryReleases.enabled,
      });
      problems.push(...p);
      notes.push(...n);
      outputs.set(target, text);
    }
    return { outputs, problems, notes, inlined };
  };
  const attempt = (inline: boolean): { outputs: Map<string, string>; problems: RawFinding[]; notes: RawFinding[]; diff: string | null; readErrors: string | null; inlined: string[] } => {
    const { outputs, problems, notes, inlined } = write(inline);
    // The docs serve the writing and a second (inlining) attempt only: without one, they go before the YAML is read back (memory, issue #14).
    if (!hasIncludes && memoryReleases.enabled) docs.clear();
    if (problems.length > 0) return { outputs, problems, notes, diff: null, readErrors: null, inlined };
    const finalFiles = new Map<string, string>();
    for (const [n, t] of files) if (!newName.has(n)) finalFiles.set(n, t);
    for (const [n, t] of outputs) finalFiles.set(n, t);
    // The classic view went after step 2 (memory, issue #14: ~7x the text); the same files read the same way make it
    // again, before the YAML is read back: the classic parse is then the biggest transient of the proof, and the
    // YAML view (read in pieces, yaml-pieces.ts) is not alive yet while it lasts.
    // Both views are compared and dropped: their plugin properties share an origin per file (sharedPluginOrigins).
    const before = classic.view ?? readSetup(main, { ...readOptions, sharedPluginOrigins: true }).view;
    // The YAML's plugin instances are compared with the classic ones as they are read, and dropped (`proofstream`):
    // the two views are never whole together. When the stream cannot vouch for sameness (a difference, a read in
    // pieces that fell back), or the rest of the views differ, the whole YAML view is read again and compared whole,
    // so that the answer (and the first difference's message) is compareViews' own.
    const readBack = (instanceSink?: InstanceStream): ReturnType<typeof readSetup> => readSetup(newName.get(main) as string, {
      files: setupFilesFrom(finalFiles), baseDir: input.baseDir, unknownParsersFile: 'external', sharedPluginOrigins: memoryReleases.enabled,
      ...(instanceSink ? { instanceSink } : {}),
    });
    const stream = memoryReleases.enabled ? new InstanceStream(before) : undefined;
    let back = readBack(stream);
    if (back.errors.length > 0) {
      const e = back.errors[0] as { file: string; offset: number; message: string };
      return { outputs, problems, notes, diff: null, readErrors: `${e.file}: ${e.message}`, inlined };
    }
    if (stream) {
      const streamed = compareStreamed(before, back.view, stream, { mapRef });
      if (streamed && streamed.diff === null) return { outputs, problems, notes, diff: null, readErrors: null, inlined };
      back = readBack();
    }
    return { outputs, problems, notes, diff: compareViews(before, back.view, { mapRef }), readErrors: null, inlined };
  };

  const ok = (r: ReturnType<typeof attempt>): boolean => r.problems.length === 0 && r.diff === null && r.readErrors === null;
  let result = attempt(false);
  if (!ok(result) && hasIncludes) {
    const second = attempt(true);
    if (ok(second)) {
      for (const f of second.inlined) {
        const inc = findIncludeOf(f, docs, mainDir, input.baseDir, setupFiles.names);
        const firstProblem = result.problems[0];
        raw.push(rawFinding('to-yaml-inlined', 'inlined', 'info', inc?.file ?? main, inc?.line.start ?? 0, {
          file: f, into: newName.get(main) as string,
          why: firstProblem ? messageOf(firstProblem) : `kept as a YAML include it would not be read the same (${result.diff ?? result.readErrors ?? ''})`,
        }));
      }
      result = second;
    }
  }
  if (result.problems.length > 0) return refuse('a construct has no YAML form', result.problems);
  if (result.readErrors !== null || result.diff !== null) {
    raw.push(rawFinding('to-yaml-not-equivalent', 'notEquivalent', 'error', main, 0, { difference: result.readErrors ?? result.diff ?? '' }));
    return refuse('the YAML would not be read like the classic config');
  }

  raw.push(...result.notes);

  // 5. Version note and the change findings.
  if (!version) {
    const needs32 = [...result.outputs.values()].some((t) => /^(parsers|multiline_parsers|plugins|upstream_servers):/m.test(t));
    raw.push(rawFinding('to-yaml-version', needs32 ? 'unknownNeeds32' : 'unknown', 'info', main, 0));
  }
  const out: ConvertedFile[] = [];
  for (const [from, to] of newName) {
    const text = result.outputs.get(to);
    if (text === undefined) continue;
    out.push({ from, to, text });
    raw.push(rawFinding('to-yaml', 'converted', 'change', from, 0, { to }));
  }
  const removed = result.inlined;
  return done({
    files: out,
    renames: out.map((f) => ({ from: f.from, to: f.to })),
    removed,
    unchanged: [...files.keys()].filter((f) => !newName.has(f)),
  });
}

/**
 * What convertSetup needs of the classic setup's view before the conversion
 * is written: its errors, its files, its parsers files and the variables it
 * looks up. The view itself goes (a function of its own, so that no frame
 * keeps it): read again for the proof (memory, issue #14).
 */
function classicFacts(main: string, options: ReadSetupOptions, readings: ClassicReadings | undefined): {
  readonly errors: SetupReadResult['errors'];
  readonly files: readonly string[];
  readonly parsersFiles: readonly Pick<ParsersFileView, 'value' | 'file' | 'origin'>[];
  readonly usedVars: Set<string>;
  /** The view itself, kept only with the memory releases off (tests). */
  readonly view?: FbView;
} {
  const { view, errors } = readSetup(main, readings ? { ...options, classicReadings: readings, sharedPluginOrigins: true } : options);
  return {
    errors,
    files: [...view.files],
    parsersFiles: view.parsersFiles.map((p) => ({ value: p.value, file: p.file, origin: p.origin })),
    usedVars: referencedNames(view),
    ...(memoryReleases.enabled ? {} : { view }),
  };
}

/**
 * The docs of the files to convert, their findings added to `raw`. Functions of their own (this one and
 * keepParsersClassic): a doc a finished frame held in a register could not be collected before the YAML is read
 * back (memory, issue #14).
 */
function buildDocs(
  files: ReadonlyMap<string, string>, mainFiles: readonly string[], convertParsers: readonly string[], raw: RawFinding[], readings: ClassicReadings,
): Map<string, ClassicDoc> {
  const docs = new Map<string, ClassicDoc>();
  // The setup's reading parsed these texts in these roles already (the same parse, so the same doc).
  const build = (f: string, role: 'main' | 'parsers'): ClassicDoc => {
    const text = files.get(f) as string;
    const read = readings.get(f);
    return buildClassicDoc(f, text, role, read !== undefined && read.text === text && read.role === role ? read.loaded : undefined);
  };
  for (const f of mainFiles) docs.set(f, build(f, 'main'));
  for (const f of convertParsers) docs.set(f, build(f, 'parsers'));
  for (const d of docs.values()) raw.push(...d.findings);
  return docs;
}

/** Fluent Bit before 3.2 reads no YAML parsers: parsers files stay classic (their docs go), and sections it cannot read are errors in `raw`. */
function keepParsersClassic(docs: Map<string, ClassicDoc>, mainFiles: readonly string[], convertParsers: readonly string[], version: string, raw: RawFinding[]): void {
  for (const f of convertParsers) {
    const doc = docs.get(f) as ClassicDoc;
    for (const item of doc.items) {
      if (item.kind !== 'section') continue;
      if (item.type === 'parser' || item.type === 'multiline_parser') {
        raw.push(rawFinding('to-yaml-version', 'parsersStayClassic', 'warning', f, item.header.start, {
          name: item.name, file: f, yamlSection: item.type === 'parser' ? 'parsers' : 'multiline_parsers', version,
        }));
      }
    }
    docs.delete(f);
  }
  for (const f of mainFiles) {
    for (const item of (docs.get(f) as ClassicDoc).items) {
      if (item.kind === 'section' && (item.type === 'plugins' || item.type === 'upstream_servers')) {
        raw.push(rawFinding('to-yaml-version', 'sectionRefused', 'error', f, item.header.start, { name: item.name, yamlSection: item.type, version }));
      }
    }
  }
}

function sortFindings(list: ConvertFinding[]): ConvertFinding[] {
  return list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
}

/** Top when the file's first include comes before its first plugin section, else bottom. */
export function includePlacement(items: readonly DocItem[]): 'top' | 'bottom' {
  const firstInclude = items.findIndex((i) => i.kind === 'include');
  const firstPlugin = items.findIndex((i) => i.kind === 'section' && (i.type === 'input' || i.type === 'filter' || i.type === 'output' || i.type === 'custom'));
  if (firstInclude < 0 || firstPlugin < 0) return 'top';
  return firstInclude < firstPlugin ? 'top' : 'bottom';
}

function includeTargets(item: IncludeItem, mainDir: string, baseDir: string | undefined, names: readonly string[]): string[] {
  const target = resolveRef(item.ref, mainDir, baseDir);
  return item.ref.includes('*') ? globNames(target, names) : [target];
}

/**
 * The path a YAML include must hold to reach the converted targets: YAML
 * resolves against the including file, classic against the main file's
 * directory. A glob keeps its pattern with the new extension, when it then
 * matches exactly the converted files.
 */
function yamlIncludePath(
  item: IncludeItem, writtenAs: string, mainDir: string, baseDir: string | undefined, files: ReadonlyMap<string, string>,
  newName: ReadonlyMap<string, string>, finalNames: ReadonlySet<string>, problems: RawFinding[],
): string | null {
  const fromDir = dirOf(writtenAs);
  if (item.ref.includes('*')) {
    const pattern = resolveRef(item.ref, mainDir, baseDir);
    const matched = globNames(pattern, [...files.keys()]);
    const wanted = matched.map((m) => newName.get(m) ?? m).sort();
    const newPattern = yamlNameFor(pattern);
    const got = globNames(newPattern, [...finalNames]);
    if (got.join('\n') !== wanted.join('\n')) {
      problems.push(rawFinding('to-yaml-unsupported', 'globMismatch', 'error', item.file, item.line.start, { ref: item.ref, files: wanted.join(', ') }));
      return null;
    }
    return item.ref.startsWith('/') ? yamlNameFor(item.ref) : relativeRef(fromDir, newPattern);
  }
  const target = resolveRef(item.ref, mainDir, baseDir);
  const to = newName.get(target) ?? target;
  return item.ref.startsWith('/') ? (newName.has(target) ? yamlNameFor(item.ref) : item.ref) : relativeRef(fromDir, to);
}

/** The main file's items with every include replaced by the included file's items, recursively. */
function inlineItems(
  doc: ClassicDoc, docs: ReadonlyMap<string, ClassicDoc>, mainDir: string, baseDir: string | undefined, names: readonly string[],
): { items: DocItem[]; footer: Trivia[] } {
  const out: DocItem[] = [];
  let carry: Trivia[] = [];
  // Each item a copy of its own (a doc's lists are shared and frozen: classic-doc.ts), the carried trivia first.
  const add = (item: DocItem): void => {
    out.push({ ...item, leading: [...carry, ...item.leading] } as DocItem);
    carry = [];
  };
  const walk = (items: readonly DocItem[]): void => {
    for (const item of items) {
      if (item.kind !== 'include') {
        add(item);
        continue;
      }
      carry.push(...item.leading);
      for (const t of includeTargets(item, mainDir, baseDir, names)) {
        const sub = docs.get(t);
        if (!sub) continue;
        carry.push(...sub.header);
        walk(sub.items);
        carry.push(...sub.footer);
      }
    }
  };
  walk(doc.items);
  return { items: out, footer: [...carry, ...doc.footer] };
}

function findIncludeOf(file: string, docs: ReadonlyMap<string, ClassicDoc>, mainDir: string, baseDir: string | undefined, names: readonly string[]): IncludeItem | undefined {
  for (const d of docs.values()) {
    for (const item of d.items) {
      if (item.kind === 'include' && includeTargets(item, mainDir, baseDir, names).includes(file)) return item;
    }
  }
  return undefined;
}
