import { isMap, isPair, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { HelmRole, HelmValuesInfo, YamlPath } from './discovery-types.js';
import { readMounts, readVolumes } from './pod-templates.js';
import { startsClassicSection } from '../source/sniff-format.js';
import { getMap, getScalar, getSeq, getString, pairOf } from '../yaml/yaml-nodes.js';

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

/** Reads the fluent/fluent-bit chart knobs of a values document (what is absent stays absent). */
export function readHelmValues(root: YAMLMap, docIndex: number): HelmValuesInfo {
  const config = getMap(root, 'config');
  const image = getMap(root, 'image');
  // fluent/fluent-bit uses daemonSetVolumes*; aws-for-fluent-bit, grafana and others use top-level volumes*.
  const volumesKey = pairOf(root, 'daemonSetVolumes') ? 'daemonSetVolumes' : getSeq(root, 'volumes') ? 'volumes' : undefined;
  const mountsKey = pairOf(root, 'daemonSetVolumeMounts') ? 'daemonSetVolumeMounts' : getSeq(root, 'volumeMounts') ? 'volumeMounts' : undefined;
  const volumesNode = volumesKey ? getSeq(root, volumesKey) : undefined;
  const mountsNode = mountsKey ? getSeq(root, mountsKey) : undefined;
  const volumes = readVolumes(volumesNode);
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
  return {
    docIndex,
    isFluentBitChart:
      present.service || present.inputs || present.filters || present.outputs || present.customParsers ||
      present.extraFiles || present.daemonSetVolumes || present.daemonSetVolumeMounts,
    present,
    root,
    imageTagNode: getScalar(image, 'tag'),
    imageRepository: getString(image, 'repository'),
    volumesKey,
    volumeMountsKey: mountsKey,
    daemonSetVolumes: volumes,
    daemonSetVolumesNode: volumesNode,
    daemonSetVolumeMounts: readMounts(mountsNode, volumes),
    daemonSetVolumeMountsNode: mountsNode,
  };
}

/**
 * The config-bearing string scalars of a values document: `config.*` pieces
 * of the fluent/fluent-bit chart (whatever their content), then any other
 * string anywhere whose content clearly is classic config. Alias nodes are
 * not followed.
 */
export function findHelmConfigScalars(root: YAMLMap): HelmConfigScalar[] {
  const out: HelmConfigScalar[] = [];
  const seen = new Set<Node>();
  const config = getMap(root, 'config');
  for (const [key, role, name] of CONFIG_ROLES) {
    const node = getScalar(config, key);
    if (node && typeof node.value === 'string') {
      out.push({ node, role, name, yamlPath: ['config', key] });
      seen.add(node);
    }
  }
  for (const group of ['extraFiles', 'upstream'] as const) {
    const files = getMap(config, group);
    for (const pair of files?.items ?? []) {
      if (isPair(pair) && isScalar(pair.key) && isScalar(pair.value) && typeof pair.value.value === 'string') {
        const name = String(pair.key.value);
        out.push({ node: pair.value, role: group === 'extraFiles' ? 'extraFile' : 'upstream', name, yamlPath: ['config', group, name] });
        seen.add(pair.value);
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
