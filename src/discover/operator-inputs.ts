import { isMap, isPair, isScalar, type YAMLMap } from 'yaml';
import type { FluentBitConfigResource, FluentBitResource, OperatorInput, OperatorLuaFilter, OperatorMultilineParser, OperatorParser, OperatorParserFilter } from './discovery-types.js';
import { getMap, getScalar, getSeq, getString, pairOf, scalarString } from '../yaml/yaml-nodes.js';
import { readStringList } from './pod-templates.js';

/*
 * Fluent Operator resources (apiVersion `fluentbit.fluent.io/*`; the older
 * KubeSphere fluentbit-operator used `logging.kubesphere.io/*` with the same
 * kinds): tail inputs, the FluentBit resource that runs them, and the
 * (Cluster)FluentBitConfig that selects the inputs by label.
 */

function isOperatorApi(obj: YAMLMap): boolean {
  const apiVersion = getString(obj, 'apiVersion') ?? '';
  return apiVersion.startsWith('fluentbit.fluent.io/') || apiVersion.startsWith('logging.kubesphere.io/');
}

/** `metadata.labels` or `matchLabels`-shaped maps, as strings. */
export function labelsOf(map: YAMLMap | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of map?.items ?? []) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const v = scalarString(pair.value);
    if (v !== undefined) out.set(String(pair.key.value), v);
  }
  return out;
}

/**
 * A Fluent Operator (or KubeSphere fluentbit-operator) `ClusterInput`/`Input`
 * with `spec.tail` or `spec.systemd`, or undefined. Both API groups render
 * the same camelCase fields into the same Fluent Bit keys.
 */
export function readOperatorInput(obj: YAMLMap, docIndex: number, objectPath: readonly (string | number)[] = []): OperatorInput | undefined {
  const kind = getString(obj, 'kind') ?? '';
  if (!isOperatorApi(obj) || !/^(Cluster)?Input$/.test(kind)) return undefined;
  const spec = getMap(obj, 'spec');
  const tail = getMap(spec, 'tail');
  const systemd = tail ? undefined : getMap(spec, 'systemd');
  const map = tail ?? systemd;
  if (!map) return undefined;
  const meta = getMap(obj, 'metadata');
  const apiGroup = (getString(obj, 'apiVersion') ?? '').split('/')[0];
  return {
    kind,
    name: getString(meta, 'name'),
    labels: labelsOf(getMap(meta, 'labels')),
    docIndex,
    tail: map,
    plugin: tail ? 'tail' : 'systemd',
    schema: 'operator',
    ...(apiGroup ? { apiGroup } : {}),
    yamlPath: [...objectPath, 'spec', tail ? 'tail' : 'systemd'],
  };
}

/** A `FluentBit` resource (the DaemonSet the operator renders), or undefined. */
export function readFluentBitResource(obj: YAMLMap, docIndex: number): FluentBitResource | undefined {
  if (getString(obj, 'kind') !== 'FluentBit' || !isOperatorApi(obj)) return undefined;
  const meta = getMap(obj, 'metadata');
  const spec = getMap(obj, 'spec');
  const command = readStringList(spec, 'command');
  const args = readStringList(spec, 'args');
  return {
    docIndex,
    name: getString(meta, 'name'),
    namespace: getString(meta, 'namespace'),
    image: getString(spec, 'image'),
    imageNode: getScalar(spec, 'image'),
    configName: getString(spec, 'fluentBitConfigName'),
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    node: obj,
  };
}

/** A `ClusterFluentBitConfig`/`FluentBitConfig`, or undefined. */
export function readFluentBitConfigResource(obj: YAMLMap): FluentBitConfigResource | undefined {
  const kind = getString(obj, 'kind') ?? '';
  if (!/^(Cluster)?FluentBitConfig$/.test(kind) || !isOperatorApi(obj)) return undefined;
  const selector = getMap(getMap(obj, 'spec'), 'inputSelector');
  const match = getMap(selector, 'matchLabels');
  // The multiline parsers it renders: matchLabels only; matchExpressions are not judged (every parser, as before).
  const ml = getMap(getMap(obj, 'spec'), 'multilineParserSelector');
  const mlMatch = ml && getSeq(ml, 'matchExpressions') === undefined ? getMap(ml, 'matchLabels') : undefined;
  const cml = getMap(getMap(obj, 'spec'), 'clusterMultilineParserSelector');
  const cmlMatch = cml && getSeq(cml, 'matchExpressions') === undefined ? getMap(cml, 'matchLabels') : undefined;
  const ps = getMap(getMap(obj, 'spec'), 'parserSelector');
  const psMatch = ps && getSeq(ps, 'matchExpressions') === undefined ? getMap(ps, 'matchLabels') : undefined;
  const meta = getMap(obj, 'metadata');
  const service = getMap(getMap(obj, 'spec'), 'service');
  const ownParsersFiles = (service?.items ?? []).some((p) => isPair(p) && isScalar(p.key) && /^parsersfiles?$/i.test(String(p.key.value)));
  const parsersFiles = [getString(service, 'parsersFile'), ...(getSeq(service, 'parsersFiles')?.items ?? []).map((i) => scalarString(i))].filter((f): f is string => f !== undefined);
  return {
    kind,
    name: getString(meta, 'name'),
    namespace: getString(meta, 'namespace'),
    inputLabels: match ? labelsOf(match) : undefined,
    ...(mlMatch && mlMatch.items.length > 0 ? { multilineParserLabels: labelsOf(mlMatch) } : {}),
    ...(psMatch && psMatch.items.length > 0 ? { parserLabels: labelsOf(psMatch) } : {}),
    ...(cmlMatch && cmlMatch.items.length > 0 ? { clusterMultilineParserLabels: labelsOf(cmlMatch) } : {}),
    ...(ownParsersFiles ? { ownParsersFiles } : {}),
    ...(parsersFiles.length > 0 ? { parsersFiles } : {}),
  };
}

/** Kind, API group, name and namespace of an operator object. */
function identity(obj: YAMLMap): { kind: string; apiGroup: string; name: string | undefined; namespace: string | undefined } {
  const meta = getMap(obj, 'metadata');
  return { kind: getString(obj, 'kind') ?? '', apiGroup: (getString(obj, 'apiVersion') ?? '').split('/')[0] ?? '', name: getString(meta, 'name'), namespace: getString(meta, 'namespace') };
}

/** A `ClusterParser`/`Parser` (its string `spec.regex.regex` when it has one), or undefined. */
export function readOperatorParser(obj: YAMLMap, docIndex: number): OperatorParser | undefined {
  const kind = getString(obj, 'kind') ?? '';
  if (!/^(Cluster)?Parser$/.test(kind) || !isOperatorApi(obj)) return undefined;
  const regex = getScalar(getMap(getMap(obj, 'spec'), 'regex'), 'regex');
  // Every parser is listed (a tail input may name one of any format); the regex only when it is a string.
  const nameNode = getScalar(getMap(obj, 'metadata'), 'name');
  return { ...identity(obj), docIndex, regex: regex && typeof regex.value === 'string' ? regex : undefined, labels: labelsOf(getMap(getMap(obj, 'metadata'), 'labels')), ...(nameNode ? { nameNode } : {}) };
}

/** The `parser` and `multiline` items of a `ClusterFilter`/`Filter` (`spec.filters[].<plugin>.parser`, a string). */
export function readOperatorParserFilters(obj: YAMLMap, docIndex: number): OperatorParserFilter[] {
  const kind = getString(obj, 'kind') ?? '';
  if (!/^(Cluster)?Filter$/.test(kind) || !isOperatorApi(obj)) return [];
  const out: OperatorParserFilter[] = [];
  for (const item of getSeq(getMap(obj, 'spec'), 'filters')?.items ?? []) {
    for (const plugin of ['parser', 'multiline'] as const) {
      const map = isMap(item) ? getMap(item, plugin) : undefined;
      const pair = map ? pairOf(map, 'parser') : undefined;
      if (isScalar(pair?.key) && isScalar(pair.value) && typeof pair.value.value === 'string') out.push({ ...identity(obj), docIndex, item: plugin, key: pair.key, parser: pair.value });
    }
  }
  return out;
}

/** The `lua` items of a `ClusterFilter`/`Filter` whose `script` names a ConfigMap key (`{name, key}`, both strings). */
export function readOperatorLuaFilters(obj: YAMLMap, docIndex: number): OperatorLuaFilter[] {
  const kind = getString(obj, 'kind') ?? '';
  if (!/^(Cluster)?Filter$/.test(kind) || !isOperatorApi(obj)) return [];
  const out: OperatorLuaFilter[] = [];
  const spec = getMap(obj, 'spec');
  const match = getString(spec, 'match');
  const matchRegex = getString(spec, 'matchRegex');
  for (const item of getSeq(spec, 'filters')?.items ?? []) {
    const script = isMap(item) ? getMap(getMap(item, 'lua'), 'script') : undefined;
    const configMap = getString(script, 'name');
    const key = getString(script, 'key');
    if (script && configMap !== undefined && key !== undefined) out.push({ ...identity(obj), docIndex, configMap, key, script, ...(match !== undefined ? { match } : {}), ...(matchRegex !== undefined ? { matchRegex } : {}) });
  }
  return out;
}

/** A `ClusterMultilineParser`/`MultilineParser` (its `spec.parser` and string `spec.rules[].regex`), or undefined. */
export function readOperatorMultilineParser(obj: YAMLMap, docIndex: number): OperatorMultilineParser | undefined {
  const kind = getString(obj, 'kind') ?? '';
  if (!/^(Cluster)?MultilineParser$/.test(kind) || !isOperatorApi(obj)) return undefined;
  const spec = getMap(obj, 'spec');
  const pair = spec ? pairOf(spec, 'parser') : undefined;
  const parser = isScalar(pair?.key) && isScalar(pair.value) && typeof pair.value.value === 'string' ? { key: pair.key, value: pair.value } : undefined;
  const rules = (getSeq(spec, 'rules')?.items ?? []).flatMap((rule) => {
    const regex = isMap(rule) ? getScalar(rule, 'regex') : undefined;
    return regex && typeof regex.value === 'string' ? [regex] : [];
  });
  const first = getSeq(spec, 'rules')?.items[0];
  const start = isMap(first) ? getScalar(first, 'start') : undefined;
  const type = getString(spec, 'type');
  return {
    ...identity(obj),
    docIndex,
    parser,
    rules,
    labels: labelsOf(getMap(getMap(obj, 'metadata'), 'labels')),
    ...(type !== undefined ? { type } : {}),
    ...(isMap(first) ? { firstRule: { start: start ? (scalarString(start) ?? '') : '', node: start ?? first } } : {}),
  };
}
