import { isMap, isScalar, isSeq, type Scalar, type YAMLSeq } from 'yaml';
import type { Container } from '../../deploy/types.js';

/*
 * Fluent Bit expands `${VAR}` from its own variables first (`@SET`, YAML `env`), then from its process
 * environment (fluent-bit-config-format.md A.11, flb_env_get): a container's `env` is that environment. Only
 * literal entries are read: `value:` written as plain text, not `valueFrom` (a ConfigMap, a Secret, the
 * downward API) nor a value holding a Kubernetes `$(VAR)` reference; an empty value counts as unset. A name
 * written twice takes its last entry (what the kubelet applies). `envFrom` may set more names: not read.
 */

/** One literal env entry of a container: its value and the value's node (for findings). */
export interface EnvEntry {
  readonly name: string;
  readonly value: string;
  readonly node: Scalar;
}

/**
 * A container's `env` or `envFrom` list: its manifest's, or for the fluent/fluent-bit chart's container (no
 * manifest) the values' key of that name (the chart renders it into the container), from the highest-precedence set
 * that gives one (Helm replaces a list whole).
 */
function containerList(c: Container, key: 'env' | 'envFrom'): YAMLSeq | undefined {
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

/** The literal env entries of a container, by name (the last entry of a name wins); empty without a manifest. */
export function literalEnv(c: Container): ReadonlyMap<string, EnvEntry> {
  const out = new Map<string, EnvEntry>();
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
export function runnersEnv(runners: readonly Container[], names: readonly string[]): { readonly values: ReadonlyMap<string, string>; readonly where: string } | undefined {
  const fluentBit = runners.filter((c) => c.runsFluentBit);
  if (fluentBit.length === 0 || names.length === 0) return undefined;
  const values = new Map<string, string>();
  for (const n of new Set(names)) {
    const seen = new Set(fluentBit.map((c) => literalEnv(c).get(n)?.value));
    const only = [...seen][0];
    if (seen.size !== 1 || only === undefined) return undefined;
    values.set(n, only);
  }
  const containers = [...new Set(fluentBit.map((c) => `container ${c.name ?? '?'} of ${c.workload.label}`))];
  const where = `${[...values].map(([n, v]) => `${n}=${v}`).join(', ')} in the env of ${containers.join(', ')}`;
  return { values, where };
}

/** The names a container's env sets in a way we cannot read (`valueFrom`, a `$(VAR)` reference), by the last entry of each name. */
function opaqueEnv(c: Container): ReadonlySet<string> {
  const out = new Set<string>();
  const env = containerList(c, 'env');
  if (env === undefined) return out;
  for (const item of env.items) {
    if (!isMap(item)) continue;
    const name = item.get('name', true);
    if (!isScalar(name) || typeof name.value !== 'string') continue;
    const value = item.get('value', true);
    const opaque = item.has('valueFrom') || (isScalar(value) && String(value.value ?? '').includes('$('));
    if (opaque) out.add(name.value);
    else out.delete(name.value);
  }
  return out;
}

/**
 * Whether a container takes env entries we cannot see: a non-empty `envFrom` (a ConfigMap's or Secret's keys; the
 * fluent/fluent-bit chart's values `envFrom` for its container). Kubernetes lets an `env` entry win over them.
 */
function hasEnvFrom(c: Container): boolean {
  return (containerList(c, 'envFrom')?.items.length ?? 0) > 0;
}

/**
 * What the process environment of the Fluent Bit containers in `runners` holds for `names` (those a config uses
 * as `${NAME:-default}`): a name no runner sets is left out (the default applies); one every runner sets to the
 * same literal value maps to it; one set otherwise (from a Secret, a ConfigMap or the downward API, or runners
 * that disagree or do not all set it) maps to undefined: its value is unknown. A runner with an `envFrom` may set
 * any name it does not list itself: unknown too, never the default.
 */
export function processEnv(runners: readonly Container[], names: ReadonlySet<string>): ReadonlyMap<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const fluentBit = runners.filter((c) => c.runsFluentBit);
  if (fluentBit.length === 0 || names.size === 0) return out;
  const envs = fluentBit.map((c) => ({ literal: literalEnv(c), opaque: opaqueEnv(c), from: hasEnvFrom(c) }));
  for (const n of names) {
    const seen = new Set(envs.map((e) => (e.opaque.has(n) ? null : (e.literal.get(n)?.value ?? (e.from ? null : undefined)))));
    if (seen.size === 1 && seen.has(undefined)) continue;
    const only = [...seen][0];
    out.set(n, seen.size === 1 && typeof only === 'string' ? only : undefined);
  }
  return out;
}
