import type { EmbeddedConfig } from '../discover/discovery-types.js';
import { yamlEnv, yamlFileRefs } from '../includes/yaml-refs.js';
import { findVarRefs, type ConfigModel } from '../model/config-model.js';
import type { ContainerFs } from './container-fs.js';
import { dirname, joinPath } from './paths.js';
import type { FileLookup, LoadedParsersFile, MissedRef } from './types.js';
import { setupVariables } from './variables.js';

/*
 * What a container's Fluent Bit reads, in Fluent Bit's reading order: the
 * `-c` file, the files it `@INCLUDE`s where the line stands (relative paths
 * against the `-c` file's directory, fluent-bit-config-format.md A.9), and
 * the `Parsers_File`s of [SERVICE] in the order they are read (C.5).
 *
 * A YAML-format config (NOTES "YAML configs in the container walk"): its
 * `includes:` are read where the key stands, relative to the including
 * file's directory, never expanded (probes include-nested-relative,
 * include-env-in-path), and a classic text there is refused by Fluent Bit
 * (include-classic-file), so not walked; `service.parsers_file` of any file
 * read as config loads as classic Parsers_File does (expanded, the working
 * directory then the `-c` file's directory); the `parsers:` and
 * `multiline_parsers:` of every file read as config load after every
 * parsers file (flb_config.c flb_config_load_config_format: the service
 * properties, then flb_parser_load_parser_definitions on the merged config).
 * The references come from includes/yaml-refs.ts, as for the include walk.
 */

export interface ContainerConfigs {
  /** Every config reached, the `-c` file first, each once. */
  readonly configs: readonly EmbeddedConfig[];
  readonly parsersFiles: readonly LoadedParsersFile[];
  /**
   * References whose target the container cannot have: inside a mount whose
   * ConfigMap/Secret keys we know and that lacks it (a glob: no key matches),
   * so the image's files cannot supply it (NOTES "Include diagnostics").
   */
  readonly missing: readonly MissedRef[];
}

/** The container's process env of a name: its value, null when set in a way we cannot read, undefined when not set. */
export type ProcessEnv = (name: string) => string | null | undefined;

const NO_ENV: ProcessEnv = () => undefined;

/**
 * `${VAR}` of a value replaced from `@SET` variables, else the process env (`env`), else its `:-` default
 * (flb_env_get: the config's own variables first, then getenv); undefined when one stays unresolved. `noDefaults`: the
 * container's Fluent Bit has no `:-` (lacksDefaultOperator): a `${VAR:-default}` is one unset variable of that whole
 * name, empty.
 */
function expand(value: string, variables: ReadonlyMap<string, string>, noDefaults: boolean, env: ProcessEnv): string | undefined {
  let out = '';
  let pos = 0;
  for (const ref of findVarRefs(value, 0)) {
    const set = noDefaults && ref.fallback !== null ? '' : (variables.get(ref.name) ?? env(ref.name));
    if (set === null) return undefined;
    const v = set ?? ref.fallback ?? undefined;
    if (v === undefined) return undefined;
    out += value.slice(pos, ref.start) + v;
    pos = ref.end;
  }
  return out + value.slice(pos);
}

/** A config's references in reading order: classic `@INCLUDE`/`Parsers_File` by its model, YAML `includes:`/`service.parsers_file` by yaml-refs. */
interface Ref {
  readonly at: number;
  /** The end of the reference's path in the config's text. */
  readonly end: number;
  readonly include?: string;
  /** A YAML `includes:` item: relative to the including file, read as YAML. */
  readonly yaml?: boolean;
  readonly parsersFile?: string;
}

/** Top-level `parsers:` / `multiline_parsers:` of a YAML text (the plain words first: a text naming neither is not parsed). */
const INLINE_PARSERS = /^["']?(?:parsers|multiline_parsers)["']?[ \t]*:/im;

/** A YAML config's references in text order (yaml-refs reads each config once however many containers read it). */
function yamlRefsOf(c: EmbeddedConfig): readonly Ref[] {
  const refs = yamlFileRefs(c);
  return [
    ...refs.includes.map((r) => ({ at: r.start, end: r.end, include: r.path, yaml: true })),
    ...refs.parsersFiles.map((r) => ({ at: r.start, end: r.end, parsersFile: r.path })),
  ].sort((x, y) => x.at - y.at);
}

/**
 * Walks from the `-c` file through `@INCLUDE` and `Parsers_File` (classic)
 * and `includes:` and `service.parsers_file` (YAML). `modelOf` gives the
 * classic model of a config (undefined for YAML-format configs, whose
 * references yaml-refs reads). A file reached twice is walked once.
 */
export function walkContainerConfigs(
  main: FileLookup | undefined,
  fs: ContainerFs,
  modelOf: (c: EmbeddedConfig) => ConfigModel | undefined,
  workdir = '/',
  /** Parsers_File lines of a [SERVICE] we do not see (a chart's default), read first. */
  implicitParsersFiles: readonly string[] = [],
  /** The container's Fluent Bit has no `${NAME:-default}` (before 5.0.6): such a reference expands to nothing. */
  noDefaults = false,
  /** The container's process env, read where no @SET sets a name. */
  env: ProcessEnv = NO_ENV,
): ContainerConfigs {
  const configs: EmbeddedConfig[] = [];
  const parsersFiles: LoadedParsersFile[] = [];
  const missing: MissedRef[] = [];
  if (!main || main.kind !== 'config') return { configs, parsersFiles, missing };
  const base = dirname(main.path);
  const seen = new Set<string>();
  const glob = (path: string): FileLookup[] | undefined => (path.slice(path.lastIndexOf('/') + 1).includes('*') ? (fs.glob(path) ?? [{ kind: 'unknown', path }]) : undefined);
  // A relative path is tried against the working directory, then the -c file's directory (A.9, C.5); globs only against the latter.
  const resolve = (ref: string): FileLookup[] => {
    const path = joinPath(base, ref);
    const matches = glob(path);
    if (matches) return matches;
    if (!ref.startsWith('/')) {
      const inWorkdir = fs.lookup(joinPath(workdir, ref));
      if (inWorkdir.kind === 'config' || inWorkdir.kind === 'image' || inWorkdir.kind === 'other-key') return [inWorkdir];
    }
    return [fs.lookup(path)];
  };
  // A YAML `includes:` item: against the including file's directory only (flb_cf_yaml.c joins it with the parent's path).
  const resolveYaml = (ref: string, from: string): FileLookup[] => {
    const path = joinPath(dirname(from), ref);
    return glob(path) ?? [fs.lookup(path)];
  };
  const refsOf = (c: EmbeddedConfig): readonly Ref[] => {
    if (c.format === 'yaml') return yamlRefsOf(c);
    const model = modelOf(c);
    if (!model) return [];
    return [
      ...model.includes.map((r) => ({ at: r.start, end: r.end, include: r.path })),
      ...model.sectionsOf('service').flatMap((s) => s.getAll('parsers_file').map((e) => ({ at: e.valueStart, end: e.valueEnd, parsersFile: e.value }))),
    ].sort((a, b) => a.at - b.at);
  };
  /** What an include resolves to in this container (a glob: its matches, possibly none). */
  const lookups = (r: Ref, from: string): FileLookup[] => (r.yaml === true ? resolveYaml(r.include as string, from) : resolve(r.include as string));
  /** The configs an include reaches, with the path the container sees each at; a classic text under a YAML include is refused, not read. */
  const targets = (found: readonly FileLookup[], r: Ref): { config: EmbeddedConfig; path: string }[] =>
    found.flatMap((t) => (t.kind === 'config' ? t.configs.filter((c) => r.yaml !== true || c.format === 'yaml').map((config) => ({ config, path: t.path })) : []));
  /** The path an include names as this container resolves it: a relative classic path against the -c file's directory (where Fluent Bit looks last). */
  const includePath = (r: Ref, from: string): string => joinPath(r.yaml === true ? dirname(from) : base, r.include as string);
  // Files read as config (not as a parsers file), in reading order: their inline parsers load after every parsers file.
  const readAsConfig: { config: EmbeddedConfig; path: string }[] = [];
  const visit = (c: EmbeddedConfig, at: string): void => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    configs.push(c);
    readAsConfig.push({ config: c, path: at });
    for (const e of refsOf(c)) {
      if (e.include !== undefined) {
        const found = lookups(e, at);
        const path = includePath(e, at);
        if (found.length === 0) missing.push({ config: c, start: e.at, end: e.end, ref: e.include, path, kind: 'glob', mount: fs.mountOf(dirname(path)) });
        else if (found.length === 1 && found[0]?.kind === 'missing') missing.push({ config: c, start: e.at, end: e.end, ref: e.include, path, kind: 'include', mount: fs.mountOf(path) });
        for (const t of targets(found, e)) visit(t.config, t.path);
      } else if (e.parsersFile !== undefined) {
        const value = expand(e.parsersFile, variables, noDefaults, env);
        if (value === undefined) parsersFiles.push({ path: e.parsersFile, lookup: { kind: 'unknown', path: e.parsersFile } });
        // An empty value leaves the property unset (A.11): no parsers file.
        else if (value.trim() !== '' || value === e.parsersFile) {
          const lookup = loadParsersFile(value);
          if (lookup.kind === 'missing') missing.push({ config: c, start: e.at, end: e.end, ref: e.parsersFile, path: lookup.path, kind: 'parsers-file', mount: fs.mountOf(lookup.path) });
        }
      }
    }
  };
  const loadParsersFile = (value: string): FileLookup => {
    const lookup: FileLookup = resolve(value)[0] ?? { kind: 'unknown', path: value };
    parsersFiles.push({ path: lookup.path, lookup });
    if (lookup.kind === 'config') for (const t of lookup.configs) if (!seen.has(t.id)) { seen.add(t.id); configs.push(t); }
    return lookup;
  };
  // @SET and env: apply to the whole setup whatever their position (A.10): every config the -c file reaches
  // through @INCLUDE or includes: is read before a Parsers_File is expanded, the last definition of a name wins
  // and a name two files set differently is not guessed, as for the rules (setupVariables).
  const reached: EmbeddedConfig[] = [];
  const reachedIds = new Set<string>();
  const reach = (c: EmbeddedConfig, at: string): void => {
    if (reachedIds.has(c.id)) return;
    reachedIds.add(c.id);
    reached.push(c);
    for (const e of refsOf(c)) if (e.include !== undefined) for (const t of targets(lookups(e, at), e)) reach(t.config, t.path);
  };
  for (const c of main.configs) reach(c, main.path);
  const variables = setupVariables(reached.map((c) => ({ name: c.name, variables: c.format === 'yaml' ? yamlEnv(c) : (modelOf(c)?.sets ?? []) }))).values;
  for (const f of implicitParsersFiles) loadParsersFile(f);
  for (const c of main.configs) visit(c, main.path);
  for (const r of readAsConfig) {
    if (r.config.format === 'yaml' && INLINE_PARSERS.test(r.config.text)) parsersFiles.push({ path: r.path, lookup: { kind: 'config', configs: [r.config], path: r.path }, inline: true });
  }
  return { configs, parsersFiles, missing };
}
