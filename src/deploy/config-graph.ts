import type { EmbeddedConfig } from '../discover/discovery-types.js';
import { findVarRefs, type ConfigModel } from '../model/config-model.js';
import type { ContainerFs } from './container-fs.js';
import { dirname, joinPath } from './paths.js';
import type { FileLookup, LoadedParsersFile } from './types.js';
import { setupVariables } from './variables.js';

/*
 * What a container's Fluent Bit reads, in Fluent Bit's reading order: the
 * `-c` file, the files it `@INCLUDE`s where the line stands (relative paths
 * against the `-c` file's directory, fluent-bit-config-format.md A.9), and
 * the `Parsers_File`s of [SERVICE] in the order they are read (C.5).
 */

export interface ContainerConfigs {
  /** Every config reached, the `-c` file first, each once. */
  readonly configs: readonly EmbeddedConfig[];
  readonly parsersFiles: readonly LoadedParsersFile[];
}

/** `${VAR}` of a value replaced from `@SET` variables; undefined when one stays unresolved. */
function expand(value: string, variables: ReadonlyMap<string, string>): string | undefined {
  let out = '';
  let pos = 0;
  for (const ref of findVarRefs(value, 0)) {
    const v = variables.get(ref.name) ?? (ref.fallback ?? undefined);
    if (v === undefined) return undefined;
    out += value.slice(pos, ref.start) + v;
    pos = ref.end;
  }
  return out + value.slice(pos);
}

/**
 * Walks from the `-c` file through `@INCLUDE` and `Parsers_File`. `modelOf`
 * gives the classic model of a config (undefined for YAML-format configs,
 * which are read but not walked). A file reached twice is walked once.
 */
export function walkContainerConfigs(
  main: FileLookup | undefined,
  fs: ContainerFs,
  modelOf: (c: EmbeddedConfig) => ConfigModel | undefined,
  workdir = '/',
  /** Parsers_File lines of a [SERVICE] we do not see (a chart's default), read first. */
  implicitParsersFiles: readonly string[] = [],
): ContainerConfigs {
  const configs: EmbeddedConfig[] = [];
  const parsersFiles: LoadedParsersFile[] = [];
  if (!main || main.kind !== 'config') return { configs, parsersFiles };
  const base = dirname(main.path);
  const seen = new Set<string>();
  // A relative path is tried against the working directory, then the -c file's directory (A.9, C.5); globs only against the latter.
  const resolve = (ref: string): FileLookup[] => {
    const path = joinPath(base, ref);
    if (path.slice(path.lastIndexOf('/') + 1).includes('*')) return fs.glob(path) ?? [{ kind: 'unknown', path }];
    if (!ref.startsWith('/')) {
      const inWorkdir = fs.lookup(joinPath(workdir, ref));
      if (inWorkdir.kind === 'config' || inWorkdir.kind === 'image' || inWorkdir.kind === 'other-key') return [inWorkdir];
    }
    return [fs.lookup(path)];
  };
  const visit = (c: EmbeddedConfig): void => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    configs.push(c);
    const model = modelOf(c);
    if (!model) return;
    const events: { at: number; include?: string; parsersFile?: string }[] = [
      ...model.includes.map((r) => ({ at: r.start, include: r.path })),
      ...model.sectionsOf('service').flatMap((s) => s.getAll('parsers_file').map((e) => ({ at: e.valueStart, parsersFile: e.value }))),
    ].sort((a, b) => a.at - b.at);
    for (const e of events) {
      if (e.include !== undefined) {
        for (const target of resolve(e.include)) if (target.kind === 'config') for (const t of target.configs) visit(t);
      } else if (e.parsersFile !== undefined) {
        const value = expand(e.parsersFile, variables);
        if (value === undefined) parsersFiles.push({ path: e.parsersFile, lookup: { kind: 'unknown', path: e.parsersFile } });
        else loadParsersFile(value);
      }
    }
  };
  const loadParsersFile = (value: string): void => {
    const lookup: FileLookup = resolve(value)[0] ?? { kind: 'unknown', path: value };
    parsersFiles.push({ path: lookup.path, lookup });
    if (lookup.kind === 'config') for (const t of lookup.configs) if (!seen.has(t.id)) { seen.add(t.id); configs.push(t); }
  };
  // @SET applies to the whole setup whatever its position (A.10): every config the -c file reaches
  // through @INCLUDE is read before a Parsers_File is expanded, the last definition of a name wins
  // and a name two files set differently is not guessed, as for the rules (setupVariables).
  const reached: EmbeddedConfig[] = [];
  const reachedIds = new Set<string>();
  const reach = (c: EmbeddedConfig): void => {
    if (reachedIds.has(c.id)) return;
    reachedIds.add(c.id);
    reached.push(c);
    for (const r of modelOf(c)?.includes ?? []) for (const target of resolve(r.path)) if (target.kind === 'config') for (const t of target.configs) reach(t);
  };
  for (const c of main.configs) reach(c);
  const variables = setupVariables(reached.map((c) => ({ name: c.name, variables: modelOf(c)?.sets ?? [] }))).values;
  for (const f of implicitParsersFiles) loadParsersFile(f);
  for (const c of main.configs) visit(c);
  return { configs, parsersFiles };
}
