import { isMap, isPair, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { HelmRole, HelmValuesInfo, ValuesImage, YamlPath } from './discovery-types.js';
import { readMounts, readStringList, readVolumes } from './pod-templates.js';
import { isFluentBitImage } from './image-ref.js';
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
function composeImage(registry: string | undefined, repository: string, tag: string | undefined, digest: string | undefined): string {
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

/** Reads the chart knobs of one set of values (`root` at `rootPath` of document `docIndex`; what is absent stays absent). */
export function readHelmValues(root: YAMLMap, docIndex: number, rootPath: YamlPath = []): HelmValuesInfo {
  const config = getMap(root, 'config');
  const image = getMap(root, 'image');
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
  const isFluentBitChart = hasChartShape(root);
  return {
    docIndex,
    rootPath,
    // The fluent/fluent-bit chart runs Fluent Bit whatever its image is called (a mirror, a private build).
    image: fluentBitImageOf(root) ?? (isFluentBitChart ? (valuesImages(root).find((i) => i.yamlPath[0] === 'image') ?? chartTagOnlyImage(root)) : undefined),
    workloadKind: getString(root, 'kind'),
    command: readStringList(root, 'command'),
    args: readStringList(root, 'args'),
    extraVolumes,
    extraVolumeMounts: readMounts(getSeq(root, 'extraVolumeMounts'), [...volumes, ...extraVolumes]),
    configVolumeMounts: isFluentBitChart && getSeq(root, 'volumeMounts') ? readMounts(getSeq(root, 'volumeMounts'), []) : undefined,
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
  };
}

/** How deep under the values root subchart keys are looked for (`fluent-bit:`, `logging: {fluentbit: ...}`). */
const MAX_CHART_DEPTH = 3;

/**
 * The chart values of a values document that run Fluent Bit: the root when
 * it has the fluent/fluent-bit chart's knobs or a Fluent Bit image, and maps
 * under subchart keys of an umbrella chart (`fluent-bit:`) that do. A map
 * inside values that already run Fluent Bit with an image of their own
 * belongs to them unless it names its own image (newrelic-logging keeps its
 * config under `fluentBit:` and its image at the root).
 */
export function findChartRoots(root: YAMLMap): { readonly map: YAMLMap; readonly path: YamlPath }[] {
  const out: { map: YAMLMap; path: YamlPath }[] = [];
  const visit = (map: YAMLMap, path: YamlPath, owned: boolean): void => {
    const image = fluentBitImageOf(map);
    const qualifies = image !== undefined || (!owned && hasChartShape(map));
    if (qualifies) out.push({ map, path });
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
    for (const [key, role, name] of CONFIG_ROLES) {
      const node = getScalar(config, key);
      if (node && typeof node.value === 'string' && !seen.has(node)) {
        out.push({ node, role, name, yamlPath: [...base, 'config', key] });
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
