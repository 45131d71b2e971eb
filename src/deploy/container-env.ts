import { isMap, isScalar, isSeq, type Scalar, type YAMLSeq } from 'yaml';
import type { ConfigMapData, Container } from './types.js';

/*
 * Fluent Bit expands `${VAR}` from its own variables first (`@SET`, YAML `env`), then from its process
 * environment (fluent-bit-config-format.md A.11, flb_env_get): a container's `env` is that environment. Only
 * literal entries are read: `value:` written as plain text, not `valueFrom` (a ConfigMap, a Secret, the
 * downward API) nor a value holding a Kubernetes `$(VAR)` reference; an empty value counts as unset. A name
 * written twice takes its last entry (what the kubelet applies). `envFrom` sets more names (envFromValues): a
 * ConfigMap of the batch gives its `data` keys' values; any other source (a Secret, a ConfigMap the batch does not
 * hold) makes every name it may set unknown.
 */

/** Deployment.configMapData: a ConfigMap of the batch by name, namespace and the file that names it. */
export type ConfigMapLookup = (name: string, namespace: string | undefined, fromPath: string) => ConfigMapData | undefined;

/** One literal env entry of a container: its value and the value's node (for findings). */
export interface EnvEntry {
  readonly name: string;
  readonly value: string;
  readonly node: Scalar;
  /** The file holding `node` when it is not the container's (a ConfigMap key an `envFrom` reads): path and whole text. */
  readonly file?: { readonly path: string; readonly text: string };
  /** For a ConfigMap key an `envFrom` reads: `key Q of ConfigMap fb-env`. */
  readonly source?: string;
}

/**
 * What a container's `envFrom` sets, as the kubelet applies it (Kubernetes: sources in order, a later source's key
 * wins over an earlier one's; `prefix` is put before each key; an `env` entry wins over all of them). `values`: a
 * name a ConfigMap of the batch sets (its value, `empty` for an empty one, which Fluent Bit reads as unset), or null
 * when a later source we cannot read may set it too; `others`: some source we cannot read (a Secret's keys, a
 * ConfigMap the batch does not hold, or holds only in part) may set any other name. `optional` changes nothing here:
 * a ConfigMap the batch does not hold may still exist in the cluster.
 */
interface EnvFrom {
  readonly values: ReadonlyMap<string, EnvEntry | 'empty' | null>;
  readonly others: boolean;
}

const NO_ENV_FROM: EnvFrom = { values: new Map(), others: false };

/** What the env readers need of a container: its manifest entry and its workload (a container still being built has both). */
export type EnvHolder = Pick<Container, 'info' | 'workload'>;

function envFromValues(c: EnvHolder, configMaps: ConfigMapLookup | undefined): EnvFrom {
  const list = containerList(c, 'envFrom');
  if (list === undefined || list.items.length === 0) return NO_ENV_FROM;
  const values = new Map<string, EnvEntry | 'empty' | null>();
  let others = false;
  for (const item of list.items) {
    const prefix = isMap(item) ? item.get('prefix') : undefined;
    const ref = isMap(item) ? item.get('configMapRef', true) : undefined;
    const name = isMap(ref) ? ref.get('name') : undefined;
    const data = configMaps !== undefined && typeof name === 'string' ? configMaps(name, c.workload.namespace, c.workload.path) : undefined;
    if (data === undefined || data.partial) {
      // Any name may come from this source, over what the earlier ones set.
      others = true;
      for (const n of values.keys()) values.set(n, null);
      if (data === undefined) continue;
    }
    for (const [key, v] of data.keys) {
      const n = `${typeof prefix === 'string' ? prefix : ''}${key}`;
      values.set(n, v === undefined ? null : v.value === '' ? 'empty' : { name: n, value: v.value, node: v.node, file: { path: v.path, text: v.text }, source: `key ${key} of ConfigMap ${String(name)}` });
    }
  }
  return { values, others };
}

/**
 * A container's `env` or `envFrom` list: its manifest's, or for the fluent/fluent-bit chart's container (no
 * manifest) the values' key of that name (the chart renders it into the container), from the highest-precedence set
 * that gives one (Helm replaces a list whole).
 */
function containerList(c: EnvHolder, key: 'env' | 'envFrom'): YAMLSeq | undefined {
  if (c.info !== undefined) {
    const list = c.info.node.get(key, true);
    return isSeq(list) ? list : undefined;
  }
  for (const set of [...c.workload.valueSets].reverse()) {
    if (!set.isFluentBitChart) continue;
    const list = set.root.get(key, true);
    if (isSeq(list)) return list;
  }
  return undefined;
}

/**
 * The literal env entries of a container, by name (the last entry of a name wins), over the values its `envFrom`
 * reads from ConfigMaps of the batch (`configMaps`; an `env` entry wins); empty without a manifest.
 */
export function literalEnv(c: Container, configMaps?: ConfigMapLookup): ReadonlyMap<string, EnvEntry> {
  return literalEnvOver(c, envFromValues(c, configMaps));
}

/** literalEnv over what the container's `envFrom` was read to set (`from`, envFromValues). */
function literalEnvOver(c: EnvHolder, from: EnvFrom): ReadonlyMap<string, EnvEntry> {
  const out = new Map<string, EnvEntry>();
  for (const [n, v] of from.values) if (v !== null && v !== 'empty') out.set(n, v);
  const env = containerList(c, 'env');
  if (env === undefined) return out;
  for (const item of env.items) {
    if (!isMap(item)) continue;
    const name = item.get('name', true);
    const value = item.get('value', true);
    if (!isScalar(name) || typeof name.value !== 'string') continue;
    // A later entry (even a valueFrom one) replaces an earlier literal value.
    out.delete(name.value);
    if (item.has('valueFrom') || !isScalar(value) || value.value === null || value.value === undefined) continue;
    const text = String(value.value);
    if (text === '' || text.includes('$(')) continue;
    out.set(name.value, { name: name.value, value: text, node: value });
  }
  return out;
}

/**
 * The values `names` take from the env of every container in `runners` (those running Fluent Bit): defined only
 * when each name has one literal value that every runner sets the same way. `where` says where (`RUNTIME_PARSER
 * in the env of container fluent-bit of DaemonSet fb (ds.yaml)`).
 */
export function runnersEnv(runners: readonly Container[], names: readonly string[], configMaps?: ConfigMapLookup): { readonly values: ReadonlyMap<string, string>; readonly where: string } | undefined {
  const fluentBit = runners.filter((c) => c.runsFluentBit);
  if (fluentBit.length === 0 || names.length === 0) return undefined;
  const values = new Map<string, string>();
  const sources = new Set<string>();
  const envs = fluentBit.map((c) => literalEnv(c, configMaps));
  for (const n of new Set(names)) {
    const seen = new Set(envs.map((e) => e.get(n)?.value));
    const only = [...seen][0];
    if (seen.size !== 1 || only === undefined) return undefined;
    values.set(n, only);
    for (const e of envs) if (e.get(n)?.source !== undefined) sources.add(e.get(n)?.source as string);
  }
  const containers = [...new Set(fluentBit.map((c) => `container ${c.name ?? '?'} of ${c.workload.label}`))];
  const through = sources.size === 0 ? '' : `, through envFrom (${[...sources].join(', ')})`;
  const where = `${[...values].map(([n, v]) => `${n}=${v}`).join(', ')} in the env of ${containers.join(', ')}${through}`;
  return { values, where };
}

/**
 * The names a container's `env` lists: true for one whose last entry sets it in a way we cannot read (`valueFrom`,
 * a `$(VAR)` reference), false for a literal one (empty included: it wins over `envFrom` too).
 */
function envNames(c: EnvHolder): ReadonlyMap<string, boolean> {
  const out = new Map<string, boolean>();
  const env = containerList(c, 'env');
  if (env === undefined) return out;
  for (const item of env.items) {
    if (!isMap(item)) continue;
    const name = item.get('name', true);
    if (!isScalar(name) || typeof name.value !== 'string') continue;
    const value = item.get('value', true);
    out.set(name.value, item.has('valueFrom') || (isScalar(value) && String(value.value ?? '').includes('$(')));
  }
  return out;
}

/**
 * What the process environment of the Fluent Bit containers in `runners` holds for `names` (those a config uses
 * as `${NAME:-default}`): a name no runner sets is left out (the default applies); one every runner sets to the
 * same literal value maps to it; one set otherwise (from a Secret, a ConfigMap or the downward API, or runners
 * that disagree or do not all set it) maps to undefined: its value is unknown. An `envFrom` ConfigMap of the batch
 * (`configMaps`) sets its keys like literal entries; a source we cannot read (a Secret, a ConfigMap not in the batch)
 * may set any name the container's `env` does not list: unknown too, never the default.
 */
export function processEnv(runners: readonly Container[], names: ReadonlySet<string>, configMaps?: ConfigMapLookup): ReadonlyMap<string, string | undefined> {
  return envOf(runners.filter((c) => c.runsFluentBit), names, configMaps);
}

/** processEnv of containers that run Fluent Bit (`fluentBit`), read as one process environment shared by all. */
export function envOf(fluentBit: readonly EnvHolder[], names: ReadonlySet<string>, configMaps?: ConfigMapLookup): ReadonlyMap<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (fluentBit.length === 0 || names.size === 0) return out;
  const envs = fluentBit.map((c) => {
    const from = envFromValues(c, configMaps);
    return { literal: literalEnvOver(c, from), listed: envNames(c), from };
  });
  const valueIn = (e: (typeof envs)[number], n: string): string | null | undefined => {
    const listed = e.listed.get(n);
    if (listed !== undefined) return listed ? null : e.literal.get(n)?.value;
    const from = e.from.values.get(n);
    if (from !== undefined) return from === null ? null : from === 'empty' ? undefined : from.value;
    return e.from.others ? null : undefined;
  };
  for (const n of names) {
    const seen = new Set(envs.map((e) => valueIn(e, n)));
    if (seen.size === 1 && seen.has(undefined)) continue;
    const only = [...seen][0];
    out.set(n, seen.size === 1 && typeof only === 'string' ? only : undefined);
  }
  return out;
}
