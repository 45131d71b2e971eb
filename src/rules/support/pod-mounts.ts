import type { PodTemplate, VolumeInfo, VolumeMountInfo } from '../../discover/discovery-types.js';
import { Document, type YAMLMap } from 'yaml';
import type { Container, Deployment, Workload } from '../../deploy/types.js';
import type { KustomizePodOp } from '../../deploy/kustomize.js';
import type { RuleOptions } from '../types.js';
import { normalizePath } from '../../deploy/paths.js';
import { hostDir, isDockerContainersOrRoot, isDockerDataPath } from './host-paths.js';
import { dockerNodeSign } from '../../discover/pod-templates.js';
import { isKustomizationFileName } from '../../discover/kustomization.js';

/*
 * The decisions the pod-template rules share (docker-volume removes mounts,
 * log-mount-path and pod-logs-mount look at what remains), made once here
 * from the deployment model so that each rule can recompute them without
 * depending on another rule.
 */

/** True when mount `m` names volume `v` (a volume without a name is mounted by nothing). */
export function mountsVolume(m: { readonly name: string | undefined }, v: { readonly name: string | undefined }): boolean {
  return v.name !== undefined && m.name === v.name;
}

/** The mounts of `v` in every container of the pod (init containers too), in container order. */
export function podMountsOf(pod: PodTemplate, v: VolumeInfo): VolumeMountInfo[] {
  return pod.containers.flatMap((c) => c.volumeMounts.filter((m) => mountsVolume(m, v)));
}

/** A mount of a hostPath volume without subPath: the host directory and where the container sees it. */
export function hostPathMount(m: VolumeMountInfo): { readonly hostPath: string; readonly mountPath: string } | undefined {
  const hostPath = m.volume?.hostPath;
  return hostPath && m.mountPath && !m.subPath ? { hostPath, mountPath: m.mountPath } : undefined;
}

/** The workload of a pod template (every pod template of the batch has one). */
export function workloadOf(deployment: Deployment, pod: PodTemplate): Workload | undefined {
  return deployment.workloadOfPod(pod);
}

/**
 * Why a workload runs only on Docker nodes (a runtime node label `docker` in its nodeSelector or required
 * nodeAffinity: a mixed cluster's DaemonSet for the Docker pool), or undefined. Under --runtime containerd/cri-o
 * such a workload is left as it is (docker-volume, docker-node-pool): its nodes keep Docker. cri-dockerd keeps
 * Docker's files anyway: undefined.
 */
export function dockerNodesOf(workload: Workload | undefined, options: RuleOptions): string | undefined {
  if (workload === undefined || options.runtime === 'cri-dockerd') return undefined;
  if (workload.pod) {
    const own = dockerNodeSign(workload.pod.spec);
    // JSON6902 ops of the kustomize builds: the pod's own pin holds only when every build keeps it.
    const builds = buildPins(workload);
    return builds === undefined || builds.every((b) => b.sign !== undefined) ? own : undefined;
  }
  // Chart values: the chart's pod takes `nodeSelector`/`affinity` from the values root (the highest-precedence set that says).
  for (const set of [...workload.valueSets].reverse()) {
    const sign = dockerNodeSign(set.root);
    if (sign !== undefined) return sign.replace("its pod's", 'its values');
  }
  return undefined;
}

/**
 * A kustomize patch (same kind and name, `patch` set: an overlay's) that pins a build of `workload` to Docker nodes:
 * `the kustomize patch <path> (why)`, or undefined. The base is then shared by that build and the others (an overlay per pool):
 * its Docker mounts stay, its config is migrated to read both formats.
 */
export function dockerPatchOf(workload: Workload | undefined, deployment: Deployment, options: RuleOptions): string | undefined {
  if (workload === undefined || workload.patch !== undefined || options.runtime === 'cri-dockerd') return undefined;
  const builds = buildPins(workload);
  if (builds !== undefined) {
    // A build a JSON6902 patch pins to Docker nodes (the pod has no pin of its own), or one that keeps the pod's own
    // pin while another build's patch takes it away.
    const pinned = builds.find((b) => b.sign !== undefined);
    const unpinned = builds.find((b) => b.sign === undefined);
    if (pinned !== undefined && dockerNodeSign(workload.pod!.spec) === undefined) return `${patchName(pinned)} (${pinned.sign!.replace("its pod's", 'its')})`;
    if (pinned !== undefined && unpinned !== undefined) {
      return `its own ${pinned.sign!.replace("its pod's ", '')} (kept by the build of ${pinned.kustomization}; ${patchName(unpinned)} takes it away in the build of ${unpinned.kustomization})`;
    }
  }
  if (workload.name === undefined) return undefined;
  for (const w of deployment.workloads) {
    if (w === workload || w.patch === undefined || w.kind !== workload.kind || w.name !== workload.name) continue;
    const sign = dockerNodesOf(w, options);
    if (sign !== undefined) return `the kustomize patch ${w.path} (${sign.replace("its pod's", 'its')})`;
  }
  return undefined;
}

/** `the kustomize patch F`, `the inline kustomize patch in K` for a patch written in its kustomization file, or a Flux Kustomization's patches. */
export function kustomizePatchName(op: Pick<KustomizePodOp, 'file' | 'flux'>): string {
  if (op.flux === true) return `the Flux Kustomization patch in ${op.file}`;
  return isKustomizationFileName(op.file) ? `the inline kustomize patch in ${op.file}` : `the kustomize patch ${op.file}`;
}

/** The patch that changes a build's pin (the last of its pin ops), or its kustomization. */
function patchName(build: BuildPin): string {
  const op = build.ops[build.ops.length - 1];
  return op === undefined ? `the kustomization ${build.kustomization}` : kustomizePatchName(op);
}

/** One kustomize build's node pin after its JSON6902 ops: its Docker sign (dockerNodeSign), and its ops that change `nodeSelector`/`affinity`. */
interface BuildPin {
  readonly kustomization: string;
  readonly sign: string | undefined;
  readonly ops: readonly KustomizePodOp[];
}

const PIN_KEYS = new Set(['nodeSelector', 'affinity']);

/** The builds' pins when some build's JSON6902 ops change the pod's `nodeSelector` or `affinity`; undefined otherwise. */
function buildPins(workload: Workload): BuildPin[] | undefined {
  const pod = workload.pod;
  if (pod === undefined || workload.podPatches === undefined || !workload.podPatches.some((b) => b.ops.some((o) => PIN_KEYS.has(o.at[0]!)))) return undefined;
  return workload.podPatches.map((b) => {
    const ops = b.ops.filter((o) => PIN_KEYS.has(o.at[0]!));
    const sign = dockerNodeSign(ops.length === 0 ? pod.spec : patchedPins(pod.spec, ops));
    // A Flux Kustomization's patches never take a pin away here: another Flux Kustomization may build the pod as
    // written, and the CLI batches one without patches only when something else links it (a pin is kept instead).
    const kept = sign === undefined && ops.some((o) => o.flux === true) ? dockerNodeSign(patchedPins(pod.spec, ops.filter((o) => o.flux !== true))) : undefined;
    return { kustomization: b.kustomization, sign: sign ?? kept, ops };
  });
}

/** The pod spec's `nodeSelector` and `affinity` after JSON6902 ops (RFC 6902 on plain data; an op whose parent is missing fails kustomize's build and is skipped here). */
function patchedPins(spec: YAMLMap, ops: readonly KustomizePodOp[]): YAMLMap {
  const data: Record<string, unknown> = {};
  for (const key of PIN_KEYS) {
    const node = spec.get(key, true) as { toJSON?: () => unknown } | undefined;
    if (node !== undefined) data[key] = typeof node.toJSON === 'function' ? node.toJSON() : node;
  }
  for (const o of ops) applyOp(data, o);
  return new Document(data).contents as YAMLMap;
}

/** One JSON6902 op on plain data (`at`: the pointer's tokens). */
function applyOp(root: Record<string, unknown>, o: KustomizePodOp): void {
  let parent: unknown = root;
  for (const t of o.at.slice(0, -1)) {
    parent = Array.isArray(parent) ? parent[Number(t)] : parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[t] : undefined;
    if (parent === null || typeof parent !== 'object') return;
  }
  const last = o.at[o.at.length - 1]!;
  if (o.op === 'merge') {
    if (Array.isArray(parent)) return;
    const map = parent as Record<string, unknown>;
    const merged = strategicMerge(map[last], o.value);
    if (merged === undefined) delete map[last];
    else map[last] = merged;
    return;
  }
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) return;
    if (o.op === 'add') parent.splice(i, 0, o.value);
    else if (i < parent.length) parent.splice(i, 1, ...(o.op === 'replace' ? [o.value] : []));
    return;
  }
  const map = parent as Record<string, unknown>;
  if (o.op === 'remove') delete map[last];
  else map[last] = o.value;
}

/**
 * A strategic-merge patch value merged into `dest` as kustomize's kyaml merge2 does (`Merger.VisitMap`, `VisitScalar`,
 * `VisitList`; `smpdirective.go`), for a pod's `nodeSelector`/`affinity`: undefined when it clears the field. A `null`
 * clears; a map's `$patch: delete` clears, `$patch: replace` takes the patch's map, else its keys are merged one by one
 * (a key set to null is removed); a list (the pins' lists have no merge key) or a scalar replaces. `$retainKeys` is a
 * key like any other: kustomize does not honour it (kubernetes-sigs/kustomize#3981), so it takes nothing away.
 */
function strategicMerge(dest: unknown, patch: unknown): unknown {
  if (patch === null || patch === undefined) return undefined;
  if (typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const { $patch: directive, ...rest } = patch as Record<string, unknown>;
  if (directive === 'delete') return undefined;
  const out: Record<string, unknown> = directive !== 'replace' && dest !== null && typeof dest === 'object' && !Array.isArray(dest) ? { ...(dest as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(rest)) {
    const merged = strategicMerge(out[k], v);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

/**
 * A JSON6902 op of a kustomize build that addresses the pod's `volumes` or a Fluent Bit container's `volumeMounts` by an
 * index at or after Docker's entry (removing Docker's entry here would shift what the op points at), or undefined.
 * `removes`: every build removes exactly Docker's volume and its mounts (the builds already run without them).
 */
export function indexPatchOf(pod: PodTemplate, workload: Workload | undefined): { readonly op: KustomizePodOp; readonly kustomization: string; readonly removes: boolean } | undefined {
  const builds = workload?.podPatches;
  if (builds === undefined) return undefined;
  const volumes = dockerVolumes(pod);
  if (volumes.length === 0) return undefined;
  const entries: string[][] = volumes.map((v) => ['volumes', String(v.index)]);
  for (const c of pod.containers) {
    const list = c.kind === 'container' ? 'containers' : 'initContainers';
    const index = pod.containers.filter((x) => (x.kind === 'container') === (c.kind === 'container')).indexOf(c);
    for (const m of c.volumeMounts) if (volumes.some((v) => mountsVolume(m, v))) entries.push([list, String(index), 'volumeMounts', String(m.index)]);
  }
  const shifted = (at: readonly string[]): boolean =>
    entries.some((e) => {
      const n = e.length - 1;
      if (at.length <= n || e.slice(0, n).some((t, i) => at[i] !== t)) return false;
      const i = Number(at[n]);
      return Number.isInteger(i) && i >= Number(e[n]);
    });
  for (const b of builds) {
    const op = b.ops.find((o) => !PIN_KEYS.has(o.at[0]!) && shifted(o.at));
    if (op === undefined) continue;
    // A Flux Kustomization's removal is never taken as every build's: another one may build the pod as written.
    const removes = !builds.some((x) => x.ops.some((o) => o.flux === true)) && builds.every((x) => entries.every((e) => x.ops.some((o) => o.op === 'remove' && o.at.length === e.length && o.at.every((t, i) => t === e[i]))));
    return { op, kustomization: b.kustomization, removes };
  }
  return undefined;
}

/**
 * The containers of a workload the migration may edit: those that run
 * Fluent Bit (by image, or by mounting a config of the batch) and are not
 * init containers (a native sidecar is edited like a main container).
 */
export function editableFluentBitContainers(workload: Workload | undefined): Container[] {
  return (workload?.containers ?? []).filter((c) => c.runsFluentBit && c.role !== 'init' && c.info !== undefined);
}

/** Volumes of Docker's data directory, found by hostPath (never by name). */
export function dockerVolumes(pod: PodTemplate): VolumeInfo[] {
  return pod.volumes.filter((v) => isDockerDataPath(v.hostPath));
}

/**
 * The mounts of Docker's directory that docker-volume removes: those of the
 * editable Fluent Bit containers, unless the runtime is cri-dockerd (it
 * keeps Docker's files) or the user keeps the mount.
 */
export function removedDockerMounts(pod: PodTemplate, workload: Workload | undefined, options: RuleOptions, deployment: Deployment): ReadonlySet<VolumeMountInfo> {
  const removed = new Set<VolumeMountInfo>();
  if (options.runtime === 'cri-dockerd' || options.keepDockerMount || dockerNodesOf(workload, options) || dockerPatchOf(workload, deployment, options) || indexPatchOf(pod, workload)) return removed;
  for (const v of dockerVolumes(pod)) {
    for (const c of editableFluentBitContainers(workload)) {
      for (const m of c.info?.volumeMounts ?? []) if (mountsVolume(m, v)) removed.add(m);
    }
  }
  return removed;
}

/**
 * Where containers see Docker's data through a hostPath mounted at another
 * path (`/var/lib/docker/containers` at `/host/containers`, or a `subPath` of
 * Docker's root): a tail Path below such a mount reads Docker's files, as one
 * under /var/lib/docker does (support/tail-target.ts PathPlaces).
 */
export function dockerMountPaths(containers: readonly Container[]): string[] {
  const out = new Set<string>();
  for (const c of containers) {
    for (const m of c.mounts) {
      const source = m.volume?.source;
      if (source?.kind !== 'hostPath' || !source.path || !m.mountPath?.startsWith('/')) continue;
      const host = hostDir(m.subPath ? `${source.path}/${m.subPath}` : source.path);
      // Docker's containers directory (any root) or a fixed root itself; not any `<dir>/docker` (`/var/log/docker`).
      if (isDockerContainersOrRoot(host)) out.add(normalizePath(m.mountPath));
    }
  }
  return [...out];
}
