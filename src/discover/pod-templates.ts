import { isMap, isScalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ContainerInfo, KeyToPath, ObjectSource, PodTemplate, StringList, VolumeInfo, VolumeMountInfo, VolumeSource, YamlPath } from './discovery-types.js';
import { parseImageRef } from './image-ref.js';
import { getMap, getNode, getScalar, getSeq, getString } from '../yaml/yaml-nodes.js';
import { resolveAlias } from '../yaml/aliases.js';
import { labelsOf } from './operator-inputs.js';

/** Where the pod spec sits, per workload kind. */
const SPEC_PATHS: Record<string, readonly string[]> = {
  DaemonSet: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
  // OpenShift's apps.openshift.io DeploymentConfig and Argo Rollouts' Rollout keep a Deployment's pod template.
  DeploymentConfig: ['spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
};

/** `items: [{key, path}]` of a configMap/secret source; undefined when absent. */
function readItems(map: YAMLMap | undefined): KeyToPath[] | undefined {
  const seq = getSeq(map, 'items');
  if (!seq) return undefined;
  return seq.items.flatMap((it) => {
    const key = getString(it, 'key');
    return key === undefined ? [] : [{ key, path: getString(it, 'path') ?? key }];
  });
}

function objectSource(item: unknown, kind: 'configMap' | 'secret'): ObjectSource | undefined {
  const map = getMap(item, kind);
  if (!map) return undefined;
  // A volume's secret is `secretName`; a projected source's is `name`.
  const name = getString(map, 'name') ?? getString(map, 'secretName');
  return { kind, name, items: readItems(map) };
}

/** What a volume item holds. */
export function volumeSource(item: YAMLMap): VolumeSource {
  const hostPath = getMap(item, 'hostPath');
  if (hostPath) return { kind: 'hostPath', path: getString(hostPath, 'path') };
  const object = objectSource(item, 'configMap') ?? objectSource(item, 'secret');
  if (object) return object;
  const projected = getMap(item, 'projected');
  if (projected) {
    const sources = (getSeq(projected, 'sources')?.items ?? []).flatMap((s) => {
      const o = objectSource(s, 'configMap') ?? objectSource(s, 'secret');
      return o ? [o] : [];
    });
    return { kind: 'projected', sources };
  }
  const type = item.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).find((k) => k !== 'name' && k !== '');
  return { kind: 'other', type };
}

/** Reads `volumes`-shaped sequences (pod `volumes`, Helm `daemonSetVolumes`). */
export function readVolumes(seq: YAMLSeq | undefined): VolumeInfo[] {
  if (!seq) return [];
  return seq.items.flatMap((raw, index) => {
    const item = resolveAlias(raw);
    return isMap(item)
      ? [{
          name: getString(item, 'name'),
          hostPath: getString(getMap(item, 'hostPath'), 'path'),
          configMapName: getString(getMap(item, 'configMap'), 'name'),
          source: volumeSource(item),
          seq,
          index,
          item,
        }]
      : [];
  });
}

/** A sequence of scalars (`command`, `args`), each with its node; undefined when absent or not a list. */
export function readStringList(node: unknown, key: string): StringList | undefined {
  const seq = getSeq(node, key);
  if (!seq) return undefined;
  const items = seq.items.flatMap((it) => (isScalar(it) && it.value !== null && it.value !== undefined ? [{ value: String(it.value), node: it }] : []));
  return { node: seq, items };
}

/** Reads `volumeMounts`-shaped sequences, linking each mount to the volume of the same name. */
export function readMounts(seq: YAMLSeq | undefined, volumes: readonly VolumeInfo[]): VolumeMountInfo[] {
  if (!seq) return [];
  return seq.items.flatMap((raw, index) => {
    const item = resolveAlias(raw);
    if (!isMap(item)) return [];
    const name = getString(item, 'name');
    const ro = getNode(item, 'readOnly');
    return [{
      name,
      mountPath: getString(item, 'mountPath'),
      subPath: getString(item, 'subPath'),
      readOnly: isScalar(ro) && (ro.value === true || String(ro.value).toLowerCase() === 'true'),
      seq,
      index,
      item,
      volume: volumes.find((v) => v.name !== undefined && v.name === name),
    }];
  });
}

function readContainers(spec: YAMLMap, key: 'containers' | 'initContainers', volumes: readonly VolumeInfo[]): ContainerInfo[] {
  const seq = getSeq(spec, key);
  if (!seq) return [];
  return seq.items.flatMap((raw) => {
    const node = resolveAlias(raw);
    if (!isMap(node)) return [];
    const imageNode = getScalar(node, 'image');
    const image = getString(node, 'image');
    const mounts = getSeq(node, 'volumeMounts');
    return [{
      kind: key === 'containers' ? 'container' : 'initContainer',
      name: getString(node, 'name'),
      restartPolicy: getString(node, 'restartPolicy'),
      command: readStringList(node, 'command'),
      args: readStringList(node, 'args'),
      workingDir: getString(node, 'workingDir'),
      image: image === undefined ? undefined : parseImageRef(image),
      imageNode,
      node,
      volumeMounts: readMounts(mounts, volumes),
      volumeMountsNode: mounts,
    } satisfies ContainerInfo];
  });
}

/**
 * The pod template of a workload object (`kind` one of DaemonSet, Deployment,
 * StatefulSet, ReplicaSet, ReplicationController, Job, CronJob, Pod), or undefined.
 */
export function readPodTemplate(obj: YAMLMap, docIndex: number, objectPath: YamlPath): PodTemplate | undefined {
  const kind = getString(obj, 'kind');
  const path = kind === undefined ? undefined : SPEC_PATHS[kind];
  if (!kind || !path) return undefined;
  let spec: unknown = obj;
  for (const k of path) spec = getNode(spec, k);
  if (!isMap(spec)) return undefined;
  const volumesNode = getSeq(spec, 'volumes');
  const volumes = readVolumes(volumesNode);
  const meta = getMap(obj, 'metadata');
  return {
    workloadKind: kind,
    name: getString(meta, 'name'),
    namespace: getString(meta, 'namespace'),
    docIndex,
    specPath: [...objectPath, ...path],
    spec,
    containers: [...readContainers(spec, 'containers', volumes), ...readContainers(spec, 'initContainers', volumes)],
    volumes,
    volumesNode,
    labels: labelsOf(getMap(meta, 'labels')),
  };
}

/** The node OS labels a pod can be scheduled by (the beta one is the pre-1.14 spelling, still set by kubelets). */
const OS_LABELS = ['kubernetes.io/os', 'beta.kubernetes.io/os'];

/**
 * Why a pod spec can only run on nodes whose label (a key `isKey` accepts) has the value `value`, or undefined: a
 * `nodeSelector` label with that value, or a required `nodeAffinity` whose every term asks for such a label `In`
 * values that are all `value` (terms are ORed, the expressions of a term ANDed).
 */
function pinnedNodeSign(spec: YAMLMap, isKey: (key: string) => boolean, value: string): string | undefined {
  const selector = getMap(spec, 'nodeSelector');
  for (const pair of selector?.items ?? []) {
    const label = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (label !== undefined && isKey(label) && getString(selector, label)?.toLowerCase() === value) return `its pod's nodeSelector ${label}: ${value}`;
  }
  const required = getMap(getMap(getMap(spec, 'affinity'), 'nodeAffinity'), 'requiredDuringSchedulingIgnoredDuringExecution');
  const terms = getSeq(required, 'nodeSelectorTerms')?.items ?? [];
  const pinnedTerm = (term: unknown): string | undefined => {
    for (const e of getSeq(term, 'matchExpressions')?.items ?? []) {
      const key = getString(e, 'key');
      const values = (getSeq(e, 'values')?.items ?? []).map((v) => (isScalar(v) ? String(v.value).toLowerCase() : ''));
      if (key !== undefined && isKey(key) && getString(e, 'operator') === 'In' && values.length > 0 && values.every((v) => v === value)) return key;
    }
    return undefined;
  };
  const keys = terms.map(pinnedTerm);
  if (keys.length > 0 && keys.every((k) => k !== undefined)) return `its pod's nodeAffinity requires ${keys[0] as string} In [${value}]`;
  return undefined;
}

/** Why a pod spec can only run on Windows nodes (the OS label `windows`), or undefined. */
export function windowsNodeSign(spec: YAMLMap): string | undefined {
  return pinnedNodeSign(spec, (key) => OS_LABELS.includes(key), 'windows');
}

/**
 * A node label naming the container runtime: `container-runtime` with or without a prefix
 * (`node.kubernetes.io/container-runtime`), or a provider's `*-container-runtime`
 * (GKE's `cloud.google.com/gke-container-runtime`).
 */
function isRuntimeLabel(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  return name === 'container-runtime' || name.endsWith('-container-runtime');
}

/** A node label that flags Docker nodes: `docker` with or without a prefix (`example.com/docker: "true"`). */
function isDockerFlagLabel(key: string): boolean {
  return key.slice(key.lastIndexOf('/') + 1).toLowerCase() === 'docker';
}

/**
 * Why a pod spec can only run on Docker nodes, or undefined: a runtime label (isRuntimeLabel) selected, or required
 * by every nodeAffinity term, with the value `docker`, or a Docker flag label (isDockerFlagLabel) with the value
 * `true`. Pool names (EKS `eks.amazonaws.com/nodegroup`, AKS `kubernetes.azure.com/os-sku`) do not say the runtime
 * and are not read.
 */
export function dockerNodeSign(spec: YAMLMap): string | undefined {
  return pinnedNodeSign(spec, isRuntimeLabel, 'docker') ?? pinnedNodeSign(spec, isDockerFlagLabel, 'true');
}
