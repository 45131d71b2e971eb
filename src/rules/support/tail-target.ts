import type { Property, Section } from '../../view/types.js';
import { splitList } from './fluent-bit-values.js';
import { cLower } from '../../source/c-text.js';
import { underFixedDockerRoot } from '../../source/docker-data-root.js';

/*
 * What a tail input reads: its Path patterns, with `${VAR}` resolved from the
 * setup's variables where possible, classified by where container logs live.
 */

/** Where the kubelet's symlinks live for every runtime (runtime-migration.md E.2). */
export const KUBELET_PATH = '/var/log/containers/*.log';

/** Where a tail `Path` pattern points. */
export type PathKind = 'kubelet-symlinks' | 'pod-logs' | 'docker-root' | 'windows' | 'other';

/** Docker's containers directory under any data root, or a Docker json log file name (fixed roots: underFixedDockerRoot). */
const DOCKER_ROOT = /^(\/[^,]*?)?\/docker\/containers(\/|$)|-json\.log$/;

/**
 * True for inputs whose plugin is `tail`, `Name ${IN}` included when the
 * setup's variables say IN is tail (pluginOf).
 */
export function isTailInput(section: Section, variables: ReadonlyMap<string, string>): boolean {
  return section.kind === 'input' && pluginOf(section, variables) === 'tail';
}

/**
 * Where container logs live, for classifyPath: the kubelet's podLogsDir and,
 * for a config some containers run, the directories where those containers
 * see Docker's data through a hostPath mounted elsewhere (`/var/lib/docker/
 * containers` at `/host/containers`: see dockerMountPaths). RuleOptions is
 * one; a bare string is the podLogsDir alone.
 */
export interface PathPlaces {
  readonly podLogsDir: string;
  readonly dockerMounts?: readonly string[];
}

/** Classifies one path pattern (no variables). */
export function classifyPath(pattern: string, places: string | PathPlaces): PathKind {
  const { podLogsDir, dockerMounts = [] } = typeof places === 'string' ? { podLogsDir: places } : places;
  const p = pattern.trim();
  if (/^[a-z]:\\/i.test(p) || p.includes('\\')) return 'windows';
  if (p === '/var/log/containers' || p.startsWith('/var/log/containers/')) return 'kubelet-symlinks';
  if (p.startsWith('/var/log/pods/') || p === '/var/log/pods' || p.startsWith(`${podLogsDir}/`)) return 'pod-logs';
  if (DOCKER_ROOT.test(p) || underFixedDockerRoot(p)) return 'docker-root';
  if (p.startsWith('/') && dockerMounts.length > 0) {
    const dir = globDirectory(p);
    if (dockerMounts.some((m) => dir === m || dir.startsWith(m === '/' ? '/' : `${m}/`))) return 'docker-root';
  }
  return 'other';
}

/** A value with `${VAR}` replaced from the setup's variables; the names that stay unresolved are listed. */
export interface ResolvedValue {
  readonly value: string;
  readonly unresolved: readonly string[];
}

/**
 * The process environment behind a setup's variables (withProcessEnv), for `${NAME:-default}` only: Fluent Bit
 * takes the environment's value over the default (fluent-bit-config-format.md A.11), and for a tail Path (tailTarget:
 * the input is judged on what it reads; tail-path cannot edit it, the value lives in the env). Elsewhere a plain
 * `${NAME}` set only by the env stays unresolved (unresolved-variable reports it where it matters: envParser, envValue).
 */
const processEnvs = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, string | undefined>>();

/** `variables` with the process environment of the containers that run the config (deploy/container-env.ts processEnv). */
export function withProcessEnv(variables: ReadonlyMap<string, string>, env: ReadonlyMap<string, string | undefined>): ReadonlyMap<string, string> {
  if (env.size === 0) return variables;
  const out = new Map(variables);
  processEnvs.set(out, env);
  return out;
}

/** The env value a `${NAME:-default}` takes over its default with `variables`: a string, `null` when the env sets it to a value we cannot read, undefined when the env does not set it. */
export function envOverride(name: string, variables: ReadonlyMap<string, string>): string | null | undefined {
  const env = processEnvs.get(variables);
  if (env === undefined || !env.has(name)) return undefined;
  return env.get(name) ?? null;
}

/**
 * Setups whose Fluent Bit has no `${NAME:-default}` (before v5.0.6, fluent/fluent-bit#11787; 5.0.5 logs `variable
 * ${MY_TEST_VAR:-default} is used but not set` and expands it to nothing): the whole `NAME:-default` is the
 * variable's name, which nothing sets, so the reference is empty. The version, for messages.
 */
const withoutDefaultsOf = new WeakMap<ReadonlyMap<string, string>, string>();

/** `variables` read by a Fluent Bit without `:-` (its version `version`, for messages): every `${NAME:-default}` is empty. */
export function withoutDefaults(variables: ReadonlyMap<string, string>, version: string): ReadonlyMap<string, string> {
  const out = new Map(variables);
  const env = processEnvs.get(variables);
  if (env !== undefined) processEnvs.set(out, env);
  withoutDefaultsOf.set(out, version);
  return out;
}

/** The Fluent Bit version without `:-` that `variables` are read for (withoutDefaults), else undefined. */
export function withoutDefaultsVersion(variables: ReadonlyMap<string, string>): string | undefined {
  return withoutDefaultsOf.get(variables);
}

export function resolveVariables(p: Property, variables: ReadonlyMap<string, string>): ResolvedValue {
  if (p.varRefs.length === 0) return { value: p.value, unresolved: [] };
  let out = '';
  let pos = 0;
  const unresolved: string[] = [];
  for (const ref of p.varRefs) {
    out += p.value.slice(pos, ref.start);
    // Flux's text first: Flux postBuild writes it before Fluent Bit reads the config (view/flux-escape.ts); then
    // @SET / YAML env; then, for `${NAME:-default}`, the containers' env over the default (unknown: unresolved).
    const noDefault = ref.fallback !== null && ref.flux === undefined && withoutDefaultsOf.has(variables);
    // Without `:-` (before 5.0.6) nothing sets the name `NAME:-default`: the reference expands to nothing.
    let v = noDefault ? '' : (ref.flux ?? variables.get(ref.name));
    if (v === undefined && ref.fallback !== null) {
      const env = envOverride(ref.name, variables);
      v = env === null ? undefined : (env ?? ref.fallback);
    }
    if (v === undefined) {
      unresolved.push(ref.name);
      out += p.value.slice(ref.start, ref.end);
    } else out += v;
    pos = ref.end;
  }
  out += p.value.slice(pos);
  return { value: out, unresolved };
}

/**
 * The value Fluent Bit sees: every `${VAR}` expanded from the setup's
 * variables (last definition wins, `${VAR:-default}` takes the default when
 * the setup does not set VAR); a variable we cannot resolve stays as written
 * (`${VAR}`), which matches no literal a rule looks for. THE way a rule
 * reads a value it decides on, as pluginOf is for plugin names; `p.value`
 * is the text as written, for messages and edits.
 */
export function valueOf(p: Property, variables: ReadonlyMap<string, string>): string {
  return p.varRefs.length === 0 ? p.value : resolveVariables(p, variables).value;
}

/**
 * A value for a message: as written, and when a variable of it resolves,
 * what Fluent Bit reads (`${P} (P=docker)`), so a change made on the value's
 * line names the variable and the value it has.
 */
export function shownValue(p: Property, variables: ReadonlyMap<string, string>): string {
  if (p.varRefs.length === 0) return p.value;
  const shown = [...new Set(p.varRefs.map((r) => r.name))].flatMap((name) => {
    const flux = p.varRefs.find((r) => r.name === name && r.flux !== undefined)?.flux;
    if (flux !== undefined) return [`${name}=${flux} by Flux postBuild`];
    const fallback = p.varRefs.find((r) => r.name === name)?.fallback ?? undefined;
    const old = withoutDefaultsOf.get(variables);
    if (fallback !== undefined && old !== undefined) return [`Fluent Bit ${old} has no :- default (from 5.0.6): it reads \${${name}:-${fallback}} as one variable of that whole name, unset, so empty`];
    const value = variables.get(name);
    if (value !== undefined) return [`${name}=${value}`];
    // `${NAME:-default}`: the setup does not set NAME, so Fluent Bit takes the default unless the process environment sets it.
    if (fallback === undefined) return [];
    const env = envOverride(name, variables);
    if (env === null) return [`${name} set by the containers' env to a value not in the files given`];
    return [env === undefined ? `${name} not set in the files given: its default ${fallback}` : `${name}=${env} in the containers' env, over its default ${fallback}`];
  });
  return shown.length === 0 ? p.value : `${p.value} (${shown.join(', ')})`;
}

/** `${A}, ${B}`: variable names as they are written. */
export function formatVariables(names: readonly string[]): string {
  return names.map((n) => `\${${n}}`).join(', ');
}

/** What the tail input reads, from its first Path (variables resolved where possible). */
export interface TailTarget {
  readonly kinds: ReadonlySet<PathKind>;
  readonly patterns: readonly string[];
  /** Variables in Path we could not resolve. */
  readonly unresolved: readonly string[];
  /** Variables of Path no `@SET` sets that the containers' env does, with one literal value (resolved from it). */
  readonly fromEnv: readonly string[];
  readonly path: Property | undefined;
}

export function tailTarget(section: Section, variables: ReadonlyMap<string, string>, places: string | PathPlaces): TailTarget {
  const path = section.get('path');
  if (!path) return { kinds: new Set(), patterns: [], unresolved: [], fromEnv: [], path };
  let resolved = resolveVariables(path, variables);
  // `Path ${LOG_DIR}/*.log` with LOG_DIR in the containers' env (one literal value): what Fluent Bit reads (A.11).
  const env = processEnvs.get(variables);
  const fromEnv = env !== undefined && resolved.unresolved.length > 0 && resolved.unresolved.every((n) => typeof env.get(n) === 'string') ? [...new Set(resolved.unresolved)] : [];
  if (fromEnv.length > 0 && env !== undefined) resolved = resolveVariables(path, new Map([...variables, ...[...env].flatMap(([n, v]) => (v === undefined ? [] : [[n, v] as const]))]));
  const patterns = splitList(resolved.value);
  const kinds = new Set(patterns.flatMap((p) => {
    const kind = classifyPath(p.includes('${') ? fixedDirectory(p) : p, places);
    // A variable below the kubelet's log dirs leaves it there; anywhere else we do not know where it points.
    return p.includes('${') && kind !== 'kubelet-symlinks' && kind !== 'pod-logs' ? [] : [kind];
  }));
  return { kinds, patterns, unresolved: resolved.unresolved, fromEnv, path };
}

/**
 * The directories of a pattern before its first unresolved variable, up to
 * the last `/` (`/var/log/pods/ns_${POD_NAME}_${POD_UID}/app/*.log` ->
 * `/var/log/pods/`): a sidecar reading its own pod's logs names them
 * through the downward API.
 */
function fixedDirectory(pattern: string): string {
  const head = pattern.trim().slice(0, pattern.trim().indexOf('${'));
  return head.slice(0, head.lastIndexOf('/') + 1);
}

/** True when the tail reads container logs (kubelet symlinks, pod logs or Docker's files). */
export function readsContainerLogs(t: TailTarget): boolean {
  return t.kinds.has('kubelet-symlinks') || t.kinds.has('pod-logs') || t.kinds.has('docker-root');
}

/**
 * A Path list with its Docker-root patterns replaced by the kubelet's
 * symlinks (deduplicated, other patterns kept in order, those holding a
 * variable as written), or undefined when it has none.
 */
export function retargetDockerPath(value: string, places: string | PathPlaces): string | undefined {
  const patterns = splitList(value);
  // A pattern still holding a variable we cannot resolve is kept as written: we do not know where it points.
  const docker = patterns.filter((p) => !p.includes('${') && classifyPath(p, places) === 'docker-root');
  if (docker.length === 0) return undefined;
  const kept = patterns.filter((p) => !docker.includes(p));
  return (kept.includes(KUBELET_PATH) ? kept : [KUBELET_PATH, ...kept]).join(',');
}

/** The directory a tail glob reads: everything before the first wildcard, up to its last `/` (normalised). */
export function globDirectory(pattern: string): string {
  const p = pattern.trim();
  const wild = p.search(/[*?[{]/);
  const head = wild < 0 ? p : p.slice(0, wild);
  const slash = head.lastIndexOf('/');
  if (slash <= 0) return '/';
  const parts: string[] = [];
  for (const part of head.slice(0, slash).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/*
 * A plugin name written with a variable (`Name ${IN}`, `name: ${IN}`):
 * Fluent Bit's configure_plugins_type (src/flb_config.c) expands the value
 * with flb_env_var_translate, then finds the plugin by ASCII
 * case-insensitive equality of the whole expanded text (check_protocol):
 * nothing is trimmed after expansion. The view's `plugin` is the name as
 * written; rules ask pluginOf.
 */

/** A section's plugin name with its variables expanded, and the variables we could not expand. */
export interface PluginName {
  /** The plugin Fluent Bit makes, lower-case; the view's `plugin` (variables as written) when a variable stays unresolved. */
  readonly plugin: string;
  /** Variables of the name the setup does not set (or sets differently in two configs). */
  readonly unresolved: readonly string[];
}

const NOTHING: readonly string[] = Object.freeze([]);

export function pluginName(section: Section, variables: ReadonlyMap<string, string>): PluginName {
  if (!section.plugin.includes('${')) return { plugin: section.plugin, unresolved: NOTHING };
  const name = section.get('name');
  if (!name || name.varRefs.length === 0) return { plugin: section.plugin, unresolved: NOTHING };
  const resolved = resolveVariables(name, variables);
  if (resolved.unresolved.length > 0) return { plugin: section.plugin, unresolved: resolved.unresolved };
  return { plugin: cLower(resolved.value), unresolved: NOTHING };
}

/** The plugin Fluent Bit makes for a section (`Name ${IN}` expanded when the setup sets IN). */
export function pluginOf(section: Section, variables: ReadonlyMap<string, string>): string {
  return section.plugin.includes('${') ? pluginName(section, variables).plugin : section.plugin;
}
