import { isMap, isPair, isScalar, isSeq, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ChartKind, ChartRelease, HelmRole, HelmValuesInfo, OperatorInput, ValuesImage, ValuesText, ValuesVolumeList, YamlPath } from './discovery-types.js';
import { readMounts, readStringList, readVolumes } from './pod-templates.js';
import { isFluentBitImage } from './image-ref.js';
import { isCloudWatchFluentBitPath, sniffChartKind } from './chart-kind.js';
import { startsClassicSection } from '../source/sniff-format.js';
import { getMap, getNode, getScalar, getSeq, getString, pairOf, scalarSource } from '../yaml/yaml-nodes.js';

/** A string scalar of a values file that holds a classic config. */
export interface HelmConfigScalar {
  readonly node: Scalar;
  readonly role: HelmRole;
  /** File name in the chart's ConfigMap (`fluent-bit.conf`, `custom_parsers.conf`, extraFiles key) or the last path key. */
  readonly name: string;
  readonly yamlPath: YamlPath;
}

const CONFIG_ROLES: readonly [key: string, role: HelmRole, name: string][] = [
  ['service', 'service', 'fluent-bit.conf'],
  ['inputs', 'inputs', 'fluent-bit.conf'],
  ['filters', 'filters', 'fluent-bit.conf'],
  ['outputs', 'outputs', 'fluent-bit.conf'],
  ['customParsers', 'customParsers', 'custom_parsers.conf'],
];

/** Keys of the fluent/fluent-bit chart that say "these are its values". */
function hasChartShape(map: YAMLMap): boolean {
  const config = getMap(map, 'config');
  const configKeys = ['service', 'inputs', 'filters', 'outputs', 'customParsers', 'extraFiles'];
  return (config !== undefined && configKeys.some((k) => pairOf(config, k) !== undefined))
    || pairOf(map, 'daemonSetVolumes') !== undefined || pairOf(map, 'daemonSetVolumeMounts') !== undefined;
}

/** `registry/repository:tag@digest` from the parts a values file gives. */
export function composeImage(registry: string | undefined, repository: string, tag: string | undefined, digest: string | undefined): string {
  let reg = registry ?? '';
  while (reg.endsWith('/')) reg = reg.slice(0, -1);
  const repo = reg !== '' && !repository.startsWith(`${reg}/`) ? `${reg}/${repository}` : repository;
  return `${repo}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/** `{registry?, repository, tag?, digest?}` at `map`, or undefined. */
function repositoryImage(map: YAMLMap, path: YamlPath): ValuesImage | undefined {
  const repository = getString(map, 'repository');
  if (repository === undefined || repository === '') return undefined;
  const tagNode = getScalar(map, 'tag');
  const tag = scalarSource(tagNode);
  const node: Node = tagNode ?? getScalar(map, 'repository') ?? map;
  return { image: composeImage(getString(map, 'registry'), repository, tag, getString(map, 'digest')), yamlPath: path, node, tagSource: tag };
}

/**
 * Every image a values map names, in every shape charts use: `image: repo:tag`
 * (with an optional sibling `tag:`), `image: {registry, repository, tag, digest}`,
 * `image: {<name>: {repository, tag}}`, `images: {tags: {<name>: repo:tag}}`.
 */
export function valuesImages(map: YAMLMap): ValuesImage[] {
  const out: ValuesImage[] = [];
  const image = getNode(map, 'image');
  if (isScalar(image)) {
    const s = scalarSource(image);
    if (s) {
      const tagNode = getScalar(map, 'tag');
      const tag = scalarSource(tagNode);
      const hasTag = s.lastIndexOf(':') > s.lastIndexOf('/') || s.includes('@');
      out.push(hasTag || tag === undefined
        ? { image: s, yamlPath: ['image'], node: image, tagSource: undefined }
        : { image: `${s}:${tag}`, yamlPath: ['image'], node: tagNode ?? image, tagSource: tag });
    }
  } else if (isMap(image)) {
    const direct = repositoryImage(image, ['image']);
    if (direct) out.push(direct);
    else {
      for (const pair of image.items) {
        if (isPair(pair) && isScalar(pair.key) && isMap(pair.value)) {
          const nested = repositoryImage(pair.value, ['image', String(pair.key.value)]);
          if (nested) out.push(nested);
        }
      }
    }
  }
  const tags = getMap(getMap(map, 'images'), 'tags');
  for (const pair of tags?.items ?? []) {
    if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
    const s = scalarSource(pair.value);
    if (s) out.push({ image: s, yamlPath: ['images', 'tags', String(pair.key.value)], node: pair.value, tagSource: undefined });
  }
  return out;
}

/** The Fluent Bit image of a values map, when it names one. */
function fluentBitImageOf(map: YAMLMap): ValuesImage | undefined {
  return valuesImages(map).find((i) => isFluentBitImage(i.image));
}

/** The fluent/fluent-bit chart's default repository (chart >= 0.20; older charts used `fluent/fluent-bit`, same tags). */
export const CHART_DEFAULT_REPOSITORY = 'cr.fluentbit.io/fluent/fluent-bit';

/**
 * Values of the fluent/fluent-bit chart that set only `image.tag` run the
 * chart's default repository with that tag.
 */
function chartTagOnlyImage(map: YAMLMap): ValuesImage | undefined {
  const image = getMap(map, 'image');
  const tagNode = getScalar(image, 'tag');
  const tag = scalarSource(tagNode);
  if (!image || !tagNode || !tag || getString(image, 'repository') !== undefined) return undefined;
  return { image: `${CHART_DEFAULT_REPOSITORY}:${tag}`, yamlPath: ['image', 'tag'], node: tagNode, tagSource: tag };
}

/** What the caller knows about a set of values besides its map. */
export interface ValuesOptions {
  /** Path of the values under the release's values root (an umbrella chart's subchart key). */
  readonly subchart?: YamlPath;
  /** The values are a string of the file (nodes in `text.text`). */
  readonly text?: ValuesText;
  readonly release?: ChartRelease;
  /** The chart, when the release or the values' shape tells. */
  readonly chartKind?: ChartKind;
}

/** Keys holding lists of volumes (`volumes`, `extraVolumes`, `additionalVolumes`) and of mounts (`volumeMounts`, `additionalVolumesMounts`). */
const VOLUMES_KEY = /^(?:[a-z]\w*)?volumes$/i;
const MOUNTS_KEY = /^(?:[a-z]\w*)?volumes?mounts$/i;
/** How deep volume lists are looked for below a chart's values root (`daemonset.volumes`, `fluentbit.additionalVolumes`). */
const MAX_LIST_DEPTH = 3;

/**
 * The volume and mount lists of a values map, down to MAX_LIST_DEPTH, not
 * into `config` (Fluent Bit config) nor `skip` (subcharts' values, handled as
 * their own chart roots). Mounts are linked to the volumes of the same
 * values by name.
 */
function findVolumeLists(root: YAMLMap, skip: (path: YamlPath) => boolean, exclude: ReadonlySet<string>): ValuesVolumeList[] {
  const found: { key: string; path: YamlPath; seq: YAMLSeq; mounts: boolean }[] = [];
  const visit = (map: YAMLMap, path: YamlPath): void => {
    for (const pair of map.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const at = [...path, key];
      if (isSeq(pair.value)) {
        if (path.length === 0 && exclude.has(key)) continue;
        if (MOUNTS_KEY.test(key)) found.push({ key, path: at, seq: pair.value, mounts: true });
        else if (VOLUMES_KEY.test(key)) found.push({ key, path: at, seq: pair.value, mounts: false });
      } else if (isMap(pair.value) && path.length + 1 < MAX_LIST_DEPTH && key !== 'config' && !skip(at)) {
        visit(pair.value, at);
      }
    }
  };
  visit(root, []);
  const volumes = found.filter((f) => !f.mounts).flatMap((f) => readVolumes(f.seq));
  return found.map((f) => ({
    key: f.key,
    path: f.path,
    seq: f.seq,
    volumes: f.mounts ? [] : readVolumes(f.seq),
    mounts: f.mounts ? readMounts(f.seq, volumes) : [],
  }));
}

/** Fields of `fluentbit.input.tail` the fluent-operator chart renders into its ClusterInput (templates/fluentbit-clusterinput-tail.yaml). */
const OPERATOR_CHART_TAIL_FIELDS = new Set([
  'path', 'readFromHead', 'multilineParser', 'refreshIntervalSeconds', 'memBufLimit', 'bufferMaxSize', 'bufferChunkSize',
  'skipLongLines', 'skipEmptyLines', 'ignoredOlder', 'storageType', 'pauseOnChunksOverlimit', 'disableInotifyWatcher',
].map((f) => f.toLowerCase()));

/** Whether the fluent-operator chart renders `fluentbit.input.tail.<key>` (a field, or its switches `enable` and `extraParams`). */
export function operatorChartTailRenders(key: string): boolean {
  const k = key.toLowerCase();
  return OPERATOR_CHART_TAIL_FIELDS.has(k) || k === 'enable' || k === 'extraparams';
}

/** The fluent-operator chart's switches of its input map `fluentbit.input.<name>` (templates/fluentbit-clusterinput-tail.yaml: `if .Values.Kubernetes`, `if .Values.fluentbit.enable`, `if .Values.fluentbit.input.tail.enable`). */
export function operatorChartInputSwitches(name: string): string[][] {
  return [['Kubernetes'], ['fluentbit', 'enable'], ['fluentbit', 'input', name, 'enable']];
}

/** The inputs the fluent-operator chart renders from its values (ClusterInput `tail`, and its `extraParams`). */
function operatorChartInputs(root: YAMLMap, docIndex: number, base: YamlPath, text: ValuesText | undefined): OperatorInput[] {
  const input = getMap(getMap(root, 'fluentbit'), 'input');
  const tail = getMap(input, 'tail');
  if (!tail) return [];
  const extra = getMap(tail, 'extraParams');
  return [{
    kind: 'ClusterInput', name: 'tail', labels: new Map(), docIndex, tail, plugin: 'tail', schema: 'operator',
    fields: OPERATOR_CHART_TAIL_FIELDS, ...(extra ? { extra } : {}), ...(text ? { text } : {}), yamlPath: [...base, 'fluentbit', 'input', 'tail'],
  }];
}

/** The inputs the stable/fluent-bit chart renders from `input.tail`, `audit.input` and `input.systemd` (templates/config.yaml). */
function stableChartInputs(root: YAMLMap, docIndex: number, base: YamlPath, text: ValuesText | undefined): OperatorInput[] {
  const input = getMap(root, 'input');
  const out: OperatorInput[] = [];
  const add = (map: YAMLMap | undefined, name: string, plugin: 'tail' | 'systemd', path: YamlPath): void => {
    if (map) out.push({ kind: 'Values', name, labels: new Map(), docIndex, tail: map, plugin, schema: 'stable-fluent-bit', ...(text ? { text } : {}), yamlPath: [...base, ...path] });
  };
  add(getMap(input, 'tail'), 'input.tail', 'tail', ['input', 'tail']);
  add(getMap(getMap(root, 'audit'), 'input'), 'audit.input', 'tail', ['audit', 'input']);
  add(getMap(input, 'systemd'), 'input.systemd', 'systemd', ['input', 'systemd']);
  return out;
}

/** Fluent Bit's own spelling of a key (`Parser`, `Docker_Mode`, `multiline.parser`, `DB`), not a chart's camelCase knob (`dockerMode`). */
function isClassicKey(key: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*$/.test(key) && !/[a-z][A-Z]/.test(key);
}

/**
 * Maps of values written in Fluent Bit's own keys, one to one (the first
 * fluent/fluent-bit chart's `config.inputs: [{Name: tail, Parser: docker}]`,
 * `conf.Input.Kubernetes: {Name: tail, Path: ..., Docker_Mode: On}`): a map
 * whose `Name` is `tail` or `systemd` and whose keys are all classic keys.
 * Other shapes are left to the safety net (a warning at the exact line).
 */
function classicKeyInputs(root: YAMLMap, docIndex: number, base: YamlPath, text: ValuesText | undefined, skip: (path: YamlPath) => boolean): OperatorInput[] {
  const out: OperatorInput[] = [];
  const visit = (node: unknown, path: YamlPath, depth: number): void => {
    if (depth > 5) return;
    if (isMap(node)) {
      const name = [...node.items].find((p) => isPair(p) && isScalar(p.key) && String(p.key.value).toLowerCase() === 'name');
      const plugin = name && isScalar(name.value) ? String(name.value.value).toLowerCase() : undefined;
      const keys = node.items.flatMap((p) => (isPair(p) && isScalar(p.key) ? [String(p.key.value)] : []));
      if ((plugin === 'tail' || plugin === 'systemd') && keys.every(isClassicKey) && keys.length === node.items.length) {
        out.push({ kind: 'Values', name: path.join('.'), labels: new Map(), docIndex, tail: node, plugin, schema: 'classic-keys', ...(text ? { text } : {}), yamlPath: [...base, ...path] });
        return;
      }
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const at = [...path, String(pair.key.value)];
        if (!skip(at)) visit(pair.value, at, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i], depth + 1));
    }
  };
  visit(root, [], 0);
  return out;
}

/** Reads the chart knobs of one set of values (`root` at `rootPath` of document `docIndex`; what is absent stays absent). */
export function readHelmValues(root: YAMLMap, docIndex: number, rootPath: YamlPath = [], options: ValuesOptions = {}, skip: (path: YamlPath) => boolean = () => false): HelmValuesInfo {
  const chartKind = options.chartKind;
  const config = getMap(root, 'config');
  const image = getMap(root, 'image');
  const fbChart = chartKind === 'fluent-bit' || (chartKind === undefined && hasChartShape(root));
  // fluent/fluent-bit uses daemonSetVolumes*; aws-for-fluent-bit, grafana and others use top-level volumes*.
  const volumesKey = pairOf(root, 'daemonSetVolumes') ? 'daemonSetVolumes' : getSeq(root, 'volumes') ? 'volumes' : undefined;
  const mountsKey = pairOf(root, 'daemonSetVolumeMounts') ? 'daemonSetVolumeMounts' : getSeq(root, 'volumeMounts') ? 'volumeMounts' : undefined;
  const volumesNode = volumesKey ? getSeq(root, volumesKey) : undefined;
  const mountsNode = mountsKey ? getSeq(root, mountsKey) : undefined;
  const volumes = readVolumes(volumesNode);
  const extraVolumes = readVolumes(getSeq(root, 'extraVolumes'));
  const has = (k: string): boolean => config !== undefined && pairOf(config, k) !== undefined;
  const present = {
    config: config !== undefined,
    service: has('service'),
    inputs: has('inputs'),
    filters: has('filters'),
    outputs: has('outputs'),
    customParsers: has('customParsers'),
    extraFiles: has('extraFiles'),
    imageTag: image !== undefined && pairOf(image, 'tag') !== undefined,
    daemonSetVolumes: pairOf(root, 'daemonSetVolumes') !== undefined,
    daemonSetVolumeMounts: pairOf(root, 'daemonSetVolumeMounts') !== undefined,
  };
  const isFluentBitChart = fbChart;
  const text = options.text;
  const operatorChart = chartKind === 'fluent-operator';
  const stableChart = chartKind === 'stable-fluent-bit';
  const fluentbit = operatorChart ? getMap(root, 'fluentbit') : undefined;
  const operatorImage = fluentbit ? valuesImages(fluentbit).map((i) => ({ ...i, yamlPath: ['fluentbit', ...i.yamlPath] })).find((i) => i.yamlPath[1] === 'image') : undefined;
  const chartImage = operatorChart
    ? operatorImage
    : fluentBitImageOf(root)
      // The fluent/fluent-bit chart (and the stable one) runs Fluent Bit whatever its image is called (a mirror, a private build).
      ?? (isFluentBitChart || stableChart ? (valuesImages(root).find((i) => i.yamlPath[0] === 'image') ?? (isFluentBitChart ? chartTagOnlyImage(root) : undefined)) : undefined);
  const inputs = operatorChart
    ? operatorChartInputs(root, docIndex, rootPath, text)
    : stableChart ? stableChartInputs(root, docIndex, rootPath, text) : classicKeyInputs(root, docIndex, rootPath, text, skip);
  const exclude = new Set(isFluentBitChart ? ['daemonSetVolumes', 'daemonSetVolumeMounts', 'volumeMounts'] : []);
  return {
    docIndex,
    rootPath,
    subchart: options.subchart ?? [],
    text,
    release: options.release,
    chartKind: chartKind ?? (isFluentBitChart ? 'fluent-bit' : undefined),
    image: chartImage,
    workloadKind: getString(root, 'kind'),
    command: readStringList(root, 'command'),
    args: readStringList(root, 'args'),
    extraVolumes,
    extraVolumeMounts: readMounts(getSeq(root, 'extraVolumeMounts'), [...volumes, ...extraVolumes]),
    configVolumeMounts: isFluentBitChart && getSeq(root, 'volumeMounts') ? readMounts(getSeq(root, 'volumeMounts'), []) : undefined,
    existingConfigMap: isFluentBitChart ? getString(root, 'existingConfigMap') || undefined : undefined,
    isFluentBitChart,
    present,
    root,
    imageTagNode: getScalar(image, 'tag'),
    imageRepository: getString(image, 'repository'),
    volumesKey,
    volumeMountsKey: mountsKey,
    daemonSetVolumes: volumes,
    daemonSetVolumesNode: volumesNode,
    daemonSetVolumeMounts: readMounts(mountsNode, [...volumes, ...extraVolumes]),
    daemonSetVolumeMountsNode: mountsNode,
    volumeLists: findVolumeLists(root, skip, exclude),
    inputs,
    containerRuntime: operatorChart ? getScalar(root, 'containerRuntime') : undefined,
  };
}

/**
 * How deep under the values root subchart keys are looked for (`fluent-bit:`,
 * `logging: {fluentbit: ...}`, an umbrella of umbrellas'
 * `platform.observability.logging.fluent-bit`); 5 costs nothing measurable over 3.
 */
const MAX_CHART_DEPTH = 5;

/**
 * The chart values of a values document that run Fluent Bit: the root when
 * it has the fluent/fluent-bit chart's knobs or a Fluent Bit image, and maps
 * under subchart keys of an umbrella chart (`fluent-bit:`) that do. A map
 * inside values that already run Fluent Bit with an image of their own
 * belongs to them unless it names its own image (newrelic-logging keeps its
 * config under `fluentBit:` and its image at the root).
 */
export function findChartRoots(root: YAMLMap, kind?: ChartKind): { readonly map: YAMLMap; readonly path: YamlPath; readonly kind: ChartKind | undefined }[] {
  // A release that names one of our charts, or values whose shape says which: the root is that chart's values.
  const known = kind !== undefined && kind !== 'other' ? kind : sniffChartKind(root);
  if (known) return [{ map: root, path: [], kind: known }];
  const out: { map: YAMLMap; path: YamlPath; kind: ChartKind | undefined }[] = [];
  const visit = (map: YAMLMap, path: YamlPath, owned: boolean): void => {
    const sub = path.length > 0 ? sniffChartKind(map) ?? (isCloudWatchFluentBitPath(path) && getMap(map, 'config') ? 'cloudwatch-observability' : undefined) : undefined;
    if (sub) {
      out.push({ map, path, kind: sub });
      return;
    }
    const image = fluentBitImageOf(map);
    const qualifies = image !== undefined || (!owned && hasChartShape(map));
    if (qualifies) out.push({ map, path, kind: undefined });
    if (path.length >= MAX_CHART_DEPTH) return;
    for (const pair of map.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !isMap(pair.value)) continue;
      const key = String(pair.key.value);
      if (key === 'config' || key === 'image' || key === 'images') continue;
      visit(pair.value, [...path, key], owned || (qualifies && image !== undefined));
    }
  };
  visit(root, [], false);
  return out;
}

/**
 * The config-bearing string scalars of a values document: `config.*` pieces
 * of the fluent/fluent-bit chart at every chart root (whatever their
 * content), then any other string anywhere whose content clearly is classic
 * config. Alias nodes are not followed.
 */
export function findHelmConfigScalars(root: YAMLMap, chartRoots: readonly YamlPath[] = [[]]): HelmConfigScalar[] {
  const out: HelmConfigScalar[] = [];
  const seen = new Set<Node>();
  for (const base of chartRoots) {
    let at: unknown = root;
    for (const k of base) at = getNode(at, String(k));
    const config = getMap(at, 'config');
    // amazon-cloudwatch-observability renders customParsers as parsers.conf, which its service loads (`Parsers_File parsers.conf`).
    const cloudWatch = isCloudWatchFluentBitPath(base);
    for (const [key, role, name] of CONFIG_ROLES) {
      const node = getScalar(config, key);
      if (node && typeof node.value === 'string' && !seen.has(node)) {
        out.push({ node, role, name: cloudWatch && key === 'customParsers' ? 'parsers.conf' : name, yamlPath: [...base, 'config', key] });
        seen.add(node);
      }
    }
    for (const group of ['extraFiles', 'upstream'] as const) {
      const files = getMap(config, group);
      for (const pair of files?.items ?? []) {
        if (isPair(pair) && isScalar(pair.key) && isScalar(pair.value) && typeof pair.value.value === 'string' && !seen.has(pair.value)) {
          const name = String(pair.key.value);
          out.push({ node: pair.value, role: group === 'extraFiles' ? 'extraFile' : 'upstream', name, yamlPath: [...base, 'config', group, name] });
          seen.add(pair.value);
        }
      }
    }
  }
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isScalar(node)) {
      if (!seen.has(node) && typeof node.value === 'string' && startsClassicSection(node.value)) {
        const last = path[path.length - 1];
        out.push({ node, role: 'other', name: String(last ?? 'value'), yamlPath: path });
      }
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (isPair(pair) && isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(root, []);
  return out;
}
