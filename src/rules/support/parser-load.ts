import type { EmbeddedConfig } from '../../discover/discovery-types.js';
import { STOCK_PARSERS, STOCK_PARSERS_FILE } from '../../deploy/stock-parsers.js';
import type { Container, LoadedParsersFile } from '../../deploy/types.js';
import type { ConfigView, Section } from '../../view/types.js';
import type { TailParserSettings } from './tail-parser-plan.js';
import { setupVariables } from './setup-variables.js';
import { valueOf } from './tail-target.js';

/*
 * Which parsers Fluent Bit has registered once it has loaded a container's
 * parsers files, in order (fluent-bit-config-format.md C.5): the first
 * definition of a name wins, and a [PARSER] whose name is already taken, or
 * that has no Name or Format, stops the loading of the rest of its file.
 */

/** Where a registered parser comes from. */
export type ParserOrigin = { readonly kind: 'stock' } | { readonly kind: 'section'; readonly section: Section };

export interface RegisteredParser {
  readonly name: string;
  /** `regex`, `json`, `logfmt`, `ltsv` (lower-cased), or '' when unset. */
  readonly format: string;
  /** The regex, for regex parsers ('' otherwise). */
  readonly regex: string;
  readonly origin: ParserOrigin;
}

/** A parsers file of the batch as loaded: the [PARSER] that stops it, if one does. */
export interface LoadedFile {
  readonly view: ConfigView;
  /** The first [PARSER] that stops the rest of the file from loading; undefined when the whole file loads. */
  readonly stopsAt: Section | undefined;
  /** Why it stops (`parser named 'apache' already exists`). */
  readonly stopReason: string | undefined;
}

export interface ParserLoad {
  /** Parsers by name, the first definition of each. */
  readonly parsers: ReadonlyMap<string, RegisteredParser>;
  /** Multiline parser names defined by [MULTILINE_PARSER] sections that load. */
  readonly multilineParsers: ReadonlySet<string>;
  /** The batch's parsers files in load order. */
  readonly files: readonly LoadedFile[];
  /** True when the stock parsers.conf is among them. */
  readonly loadsStock: boolean;
  /** False when some loaded file is not in the batch (its parsers are unknown). */
  readonly complete: boolean;
  /** True when a parsers file it names is not there (Fluent Bit does not start: other rules say so). */
  readonly missing: boolean;
}

/** One parsers file in load order: the image's stock file, a config of the batch, or something we cannot see. */
export type LoadItem = { readonly kind: 'stock' } | { readonly kind: 'view'; readonly view: ConfigView } | { readonly kind: 'unknown' } | { readonly kind: 'missing' };

/** Simulates Fluent Bit loading `items` in order. */
export function loadParsers(items: readonly LoadItem[], variables: ReadonlyMap<string, string> = NO_VARIABLES): ParserLoad {
  // Fluent Bit expands a parser's keys with the config's variables (flb_parser.c get_parser_key, flb_env_var_translate);
  // a key that expands to nothing is unset there.
  const key = (s: Section, name: string): string | undefined => {
    const p = s.get(name);
    const v = p ? valueOf(p, variables) : undefined;
    return v === '' ? undefined : v;
  };
  const parsers = new Map<string, RegisteredParser>();
  const multilineParsers = new Set<string>();
  const files: LoadedFile[] = [];
  let complete = true;
  let loadsStock = false;
  let missing = false;
  for (const item of items) {
    if (item.kind === 'unknown') complete = false;
    if (item.kind === 'missing') missing = true;
    if (item.kind === 'stock') {
      loadsStock = true;
      for (const p of STOCK_PARSERS) {
        if (parsers.has(p.name)) break; // the stock file stops here too
        parsers.set(p.name, { name: p.name, format: p.format, regex: p.name === 'cri' ? '(?<message>.*)' : '', origin: { kind: 'stock' } });
      }
    }
    if (item.kind !== 'view') continue;
    let stopsAt: Section | undefined;
    let stopReason: string | undefined;
    for (const s of item.view.sections) {
      if (s.kind === 'multiline_parser') {
        const name = key(s, 'name');
        if (name) multilineParsers.add(name);
        continue;
      }
      if (s.kind !== 'parser') continue;
      const name = key(s, 'name');
      const format = key(s, 'format')?.toLowerCase() ?? '';
      if (!name) stopReason = 'a [PARSER] without Name';
      else if (parsers.has(name)) stopReason = `parser named '${name}' already exists`;
      else if (!format) stopReason = `parser '${name}' has no Format`;
      if (stopReason) {
        stopsAt = s;
        break;
      }
      parsers.set(name as string, { name: name as string, format, regex: key(s, 'regex') ?? '', origin: { kind: 'section', section: s } });
    }
    files.push({ view: item.view, stopsAt, stopReason });
  }
  return { parsers, multilineParsers, files, loadsStock, complete, missing };
}

/** A container's parsers files as load items. */
export function containerLoadItems(files: readonly LoadedParsersFile[], viewOf: (c: EmbeddedConfig) => ConfigView | undefined): LoadItem[] {
  return files.flatMap((f): LoadItem[] => {
    switch (f.lookup.kind) {
      case 'config':
        return f.lookup.configs.map((c) => {
          const view = viewOf(c);
          return view ? { kind: 'view', view } : { kind: 'unknown' };
        });
      case 'image':
        // Other stock files (parsers_multiline.conf, parsers_java.conf...) define parsers we do not list.
        return [f.lookup.path === STOCK_PARSERS_FILE ? { kind: 'stock' } : { kind: 'unknown' }];
      case 'missing':
        return [{ kind: 'missing' }];
      default:
        return [{ kind: 'unknown' }];
    }
  });
}

const NO_VARIABLES: ReadonlyMap<string, string> = new Map();

/** The variables of the configs a container reads (setupVariables), which its parsers files are read with. */
export function containerVariables(c: Container, viewOf: (c: EmbeddedConfig) => ConfigView | undefined): ReadonlyMap<string, string> {
  return setupVariables(c.configs.flatMap((cfg) => viewOf(cfg) ?? [])).values;
}

/**
 * The parser loads of the containers that run a config (one per distinct
 * load order), for containers whose `-c` file is a config of the batch
 * (the others are answered by the setup: configLoads).
 */
export function runnerLoads(runners: readonly Container[], viewOf: (c: EmbeddedConfig) => ConfigView | undefined): ParserLoad[] {
  const seen = new Set<string>();
  const out: ParserLoad[] = [];
  for (const c of runners) {
    if (c.role === 'init' || c.mainConfig?.kind !== 'config') continue;
    const key = c.parsersFiles.map((f) => `${f.lookup.kind}:${f.path}`).join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(loadParsers(containerLoadItems(c.parsersFiles, viewOf), containerVariables(c, viewOf)));
  }
  return out;
}

/**
 * The load of a setup no workload runs, from its own [SERVICE] Parsers_File
 * lines in order: a setup config of that file name, else the image's stock
 * parsers.conf for a file named parsers.conf, else a file we cannot see; then
 * the inline `parsers:` of its YAML configs that no Parsers_File loads. A
 * setup without [SERVICE] is not complete: its main file is elsewhere.
 */
export function setupLoad(configs: readonly ConfigView[]): ParserLoad {
  const { values: variables } = setupVariables(configs);
  const byName = new Map(configs.map((c) => [c.name, c]));
  const items: LoadItem[] = [];
  for (const c of configs) {
    for (const s of c.sectionsOf('service')) {
      for (const p of s.getAll('parsers_file')) {
        const value = valueOf(p, variables);
        const base = value.slice(value.lastIndexOf('/') + 1);
        const own = byName.get(base);
        if (own) items.push({ kind: 'view', view: own });
        else if (base === 'parsers.conf' && !value.includes('${')) items.push({ kind: 'stock' });
        else items.push({ kind: 'unknown' });
      }
    }
  }
  // A YAML config read as config (the main file, an includes: target) registers its own `parsers:` and
  // `multiline_parsers:` after every parsers file, as for a container (deploy/config-graph.ts `inline`).
  const loaded = new Set(items.flatMap((i) => (i.kind === 'view' ? [i.view] : [])));
  for (const c of configs) {
    if (c.syntax === 'yaml' && !loaded.has(c) && c.sections.some((s) => s.kind === 'parser' || s.kind === 'multiline_parser')) items.push({ kind: 'view', view: c });
  }
  const load = loadParsers(items, variables);
  // Without a [SERVICE] we do not see what the setup's main file loads.
  const seesService = configs.some((c) => c.sectionsOf('service').length > 0);
  return seesService ? load : { ...load, complete: false };
}

/** The parser loads of a visited config: its runners' (one per distinct load order), or, when no workload runs it, its setup's. */
export function configLoads(runners: readonly Container[], setupConfigs: readonly ConfigView[], viewOf: (c: EmbeddedConfig) => ConfigView | undefined): ParserLoad[] {
  const loads = runnerLoads(runners, viewOf);
  // Runners whose -c file we cannot see load what their setup says.
  const blind = runners.some((c) => c.role !== 'init' && c.mainConfig?.kind !== 'config');
  return loads.length === 0 || blind ? [...loads, setupLoad(setupConfigs)] : loads;
}

/**
 * True when the `cri` parser every load registers is the setup's own regex
 * parser capturing the content as `log` (runtime-migration.md D.3 option B),
 * not the stock one that captures `message`.
 */
export function criCapturesLog(loads: readonly ParserLoad[]): boolean {
  return loads.length > 0 && loads.every((l) => {
    const cri = l.parsers.get('cri');
    return cri !== undefined && cri.origin.kind === 'section' && cri.format === 'regex' && /\(\?<log>/.test(cri.regex);
  });
}

/** True when every load is complete (each parsers file known) and none registers a parser named `name`: Fluent Bit logs "not registered" for it. */
export function registersNone(name: string, loads: readonly ParserLoad[]): boolean {
  return loads.length > 0 && loads.every((l) => l.complete && !l.missing && !l.parsers.has(name));
}

/**
 * True when the `docker` parser every load registers is the setup's own
 * regex parser reading CRI lines into `log`: a team that moved to containerd
 * by redefining `[PARSER] docker` as a CRI regex (`... (?<stream>stdout|stderr)
 * F (?<log>.*)$`) in the parsers file its Fluent Bit loads instead of the
 * image's. Its `Parser docker` is not Docker's JSON parser.
 */
export function dockerIsOwnCriRegex(loads: readonly ParserLoad[]): boolean {
  return loads.length > 0 && loads.every((l) => {
    const docker = l.parsers.get('docker');
    // A CRI line has no quotes to match; a regex on Docker's JSON line (`^\{"log":"(?<log>...`) always has them.
    return docker !== undefined && docker.origin.kind === 'section' && docker.format === 'regex' && /\(\?<log>/.test(docker.regex) && /stdout\|stderr/.test(docker.regex) && !docker.regex.includes('"');
  });
}

/**
 * The `Parser cri` (or `Parser docker`) of a container input is left alone
 * (tail-parser, fluent-bit-version, message-field): the input's only
 * Docker-era setting is that Parser, and the parser of that name its Fluent
 * Bit loads is the setup's own regex capturing `log` (for `docker`: one that
 * reads CRI lines, dockerIsOwnCriRegex).
 */
export function keepsOwnCriParser(settings: TailParserSettings, loads: () => readonly ParserLoad[]): boolean {
  const names = new Set(settings.runtimeParsers.map((p) => valueOf(p, settings.variables)));
  const only = names.size === 1 && (names.has('cri') || names.has('docker')) && settings.dockerMode.length === 0 && settings.multiline.length === 0;
  if (!only) return false;
  return names.has('cri') ? criCapturesLog(loads()) : dockerIsOwnCriRegex(loads());
}

/**
 * True when `name` is a JSON parser for the setup: the stock `json`, or a `[PARSER]` with `Format json` its loads
 * register (`docker_no_time`), or, when no load defines the name, a config's own (a YAML config's `parsers:`, which
 * the loads leave out; `ownFormat` reads its Format). A name nothing defines tells nothing.
 */
export function namesJsonParser(name: string, loads: readonly ParserLoad[], ownFormat: (name: string) => string | undefined): boolean {
  const defined = loads.map((l) => l.parsers.get(name));
  if (defined.some((p) => p?.format === 'json')) return true;
  const own = defined.every((p) => p === undefined) ? ownFormat(name) : undefined;
  if (own !== undefined) return own.toLowerCase() === 'json';
  return name === 'json' && defined.every((p) => p === undefined || p.format === 'json');
}
