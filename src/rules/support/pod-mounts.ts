import type { PodTemplate, VolumeInfo, VolumeMountInfo } from '../../discover/discovery-types.js';
import type { Container, Deployment, Workload } from '../../deploy/types.js';
import type { RuleOptions } from '../types.js';
import { normalizePath } from '../../deploy/paths.js';
import { hostDir, isDockerContainersOrRoot, isDockerDataPath } from './host-paths.js';
import { dockerNodeSign } from '../../discover/pod-templates.js';

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
  if (workload.pod) return dockerNodeSign(workload.pod.spec);
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
  if (workload === undefined || workload.patch !== undefined || workload.name === undefined) return undefined;
  for (const w of deployment.workloads) {
    if (w === workload || w.patch === undefined || w.kind !== workload.kind || w.name !== workload.name) continue;
    const sign = dockerNodesOf(w, options);
    if (sign !== undefined) return `the kustomize patch ${w.path} (${sign.replace("its pod's", 'its')})`;
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
  if (options.runtime === 'cri-dockerd' || options.keepDockerMount || dockerNodesOf(workload, options) || dockerPatchOf(workload, deployment, options)) return removed;
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
