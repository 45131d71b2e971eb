import { cLower } from '../source/c-text.js';
import { readClassicFile, type ClassicReadings } from './classic-reader.js';
import { fail, type InstanceSink, type ReadContext, type ReadRole } from './read-context.js';
import { dirOf, isYamlName, resolveRef, type SetupFiles } from './setup-files.js';
import { emptyView, type MultilineParserDef, type ParsersFileView, type ReadResult } from './view.js';
import { readYamlFile } from './yaml-reader.js';

export interface ReadSetupOptions {
  readonly files: SetupFiles;
  /** The directory the files live in (e.g. `/fluent-bit/etc/`), for absolute paths. */
  readonly baseDir?: string;
  /**
   * A `parsers_file` that is not among the files: 'external' (left to the
   * image: the stock `/fluent-bit/etc/parsers.conf`, or a mount we were not
   * given) or 'error' (Fluent Bit, with every file given, refuses it).
   */
  readonly unknownParsersFile?: 'external' | 'error';
  /** Read includes (default true); when false they are only listed. */
  readonly followIncludes?: boolean;
  /** Read `parsers_file` targets (default true). */
  readonly followParsersFiles?: boolean;
  /** Read the first file as a main config (default) or as a parsers file. */
  readonly role?: ReadRole;
  /** Filled with every classic file's parse and model, by name (the caller reuses them; see ClassicReadings). */
  readonly classicReadings?: ClassicReadings;
  /**
   * Package-internal (convertSetup's proof, which compares views and drops them): plugin properties share one
   * origin per file (`offset` 0) instead of an origin each. compareViews reads no origin, and errors never come
   * from a plugin property's origin; a big setup's views are compared two at a time (memory, issue #14).
   */
  readonly sharedPluginOrigins?: boolean;
  /**
   * Package-internal (convertSetup's proof, `proofstream`): the YAML reader hands the main setup's plugin instances
   * to this sink as it reads them instead of keeping them in the view (parsers files never use it).
   */
  readonly instanceSink?: InstanceSink;
}

export interface SetupReadResult extends ReadResult {
  /** Include references when includes are not followed. */
  readonly includeRefs: readonly { readonly ref: string; readonly origin: { readonly file: string; readonly offset: number } }[];
}

function newContext(options: ReadSetupOptions, role: ReadRole, filesOnly = false): ReadContext {
  return {
    files: options.files,
    baseDir: options.baseDir,
    view: emptyView(),
    errors: [],
    included: new Set(),
    role,
    serviceSet: false,
    followIncludes: options.followIncludes ?? true,
    includeRefs: [],
    ...(options.classicReadings ? { classicReadings: options.classicReadings } : {}),
    ...(filesOnly ? { filesOnly } : {}),
    ...(options.sharedPluginOrigins === true ? { sharedPluginOrigins: true } : {}),
    ...(options.instanceSink && role === 'main' && !filesOnly ? { instanceSink: options.instanceSink } : {}),
  };
}

/** Reads one file in the format its name says (Fluent Bit: `.yaml`/`.yml` is YAML, anything else classic). */
function readByName(ctx: ReadContext, name: string, text: string | Uint8Array): void {
  if (isYamlName(name)) readYamlFile(ctx, name, text);
  else readClassicFile(ctx, name, text, dirOf(name));
}

/**
 * Reads a whole setup as Fluent Bit would: the main file with its includes,
 * then every `parsers_file` of the service (in order) with the reader its
 * extension selects. Never throws; problems are `errors`.
 */
export function readSetup(main: string, options: ReadSetupOptions): SetupReadResult {
  const ctx = newContext(options, options.role ?? 'main');
  const text = options.files.read(main);
  if (text === undefined) {
    fail(ctx, main, 0, `main file ${main} is not among the files`);
    return { view: ctx.view, errors: ctx.errors, includeRefs: ctx.includeRefs };
  }
  readByName(ctx, main, text);
  checkPlugins(ctx);
  checkMultilineParsers(ctx, ctx.view.multilineParsers);
  if (options.followParsersFiles ?? true) {
    const mainDir = dirOf(main);
    for (const prop of ctx.view.service) {
      if (cLower(prop.key) !== 'parsers_file') continue;
      ctx.view.parsersFiles.push(readParsersFile(ctx, options, prop.value, mainDir, prop.origin));
    }
  }
  return { view: ctx.view, errors: ctx.errors, includeRefs: ctx.includeRefs };
}

/**
 * Package-internal: the names of the files a setup reads, as readSetup's view lists them (`files`, then each
 * parsers file's `file`, null for one outside the setup), without the view: a classic file's sections other than
 * [SERVICE] make nothing and parsers files are not read (the --to-yaml plan's closure of a main only needs the
 * names; a whole view of a big config was ~7x its text, issue #14). `test/convert/setup-files-only.test.ts` checks
 * it against readSetup on the corpus and the fixtures.
 */
export function readSetupFiles(main: string, options: ReadSetupOptions): { readonly files: readonly string[]; readonly parsersFiles: readonly (string | null)[] } {
  const ctx = newContext(options, options.role ?? 'main', true);
  const text = options.files.read(main);
  if (text === undefined) return { files: [], parsersFiles: [] };
  readByName(ctx, main, text);
  const parsersFiles: (string | null)[] = [];
  if (options.followParsersFiles ?? true) {
    const mainDir = dirOf(main);
    for (const prop of ctx.view.service) {
      if (cLower(prop.key) !== 'parsers_file') continue;
      parsersFiles.push(parsersFileName(options, prop.value, mainDir));
    }
  }
  return { files: ctx.view.files, parsersFiles };
}

/** The setup name of a `parsers_file` value, or null when it is not among the files (readParsersFile's `file`). */
function parsersFileName(options: ReadSetupOptions, value: string, mainDir: string): string | null {
  if (value.includes('${')) return null;
  const name = resolveRef(value, mainDir, options.baseDir);
  return options.files.read(name) === undefined ? null : name;
}

function readParsersFile(
  ctx: ReadContext, options: ReadSetupOptions, value: string, mainDir: string, origin: { file: string; offset: number },
): ParsersFileView {
  const external: ParsersFileView = { value, file: null, parsers: [], multilineParsers: [], origin };
  if (value.includes('${')) return external; // resolved at run time; not part of what we can read
  const name = resolveRef(value, mainDir, options.baseDir);
  const text = options.files.read(name);
  if (text === undefined) {
    if ((options.unknownParsersFile ?? 'external') === 'error') {
      fail(ctx, origin.file, origin.offset, `parsers_file ${value}: no such file (Fluent Bit: could not configure service property 'parsers_file')`);
    }
    return external;
  }
  const sub = newContext(options, 'parsers');
  readByName(sub, name, text);
  checkMultilineParsers(sub, sub.view.multilineParsers);
  ctx.errors.push(...sub.errors);
  return { value, file: name, parsers: sub.view.parsers, multilineParsers: sub.view.multilineParsers, origin };
}

/** Plugin sections without `name` (flb_config.c configure_plugins_type). */
function checkPlugins(ctx: ReadContext): void {
  for (const list of [ctx.view.customs, ctx.view.inputs, ctx.view.filters, ctx.view.outputs]) {
    for (const inst of list) {
      if (!inst.props.some((p) => cLower(p.key) === 'name')) {
        fail(ctx, inst.origin.file, inst.origin.offset, `section '${inst.kind}' is missing the 'name' property`);
      }
    }
  }
}

/** Regex multiline parsers need their first rule to start from `start_state` among its comma-split states (flb_ml_rule_create; conformance s1-1195). */
function checkMultilineParsers(ctx: ReadContext, defs: readonly MultilineParserDef[]): void {
  for (const def of defs) {
    const type = def.props.find((p) => cLower(p.key) === 'type')?.value;
    if (type === undefined || cLower(type) !== 'regex') continue;
    for (const r of def.rules) {
      if (r.state === '' || r.regex === '') {
        fail(ctx, def.origin.file, def.origin.offset, 'multiline parser rule without a state or regex');
        return;
      }
    }
    const first = def.rules[0];
    if (first !== undefined && !first.state.split(',').some((s) => s.trim() === 'start_state')) {
      fail(ctx, def.origin.file, def.origin.offset, '[multiline] rule don\'t contain a \'start_state\'');
    }
  }
}
