import type { ContainerInfo, PodTemplate, VolumeInfo, VolumeMountInfo } from '../../discover/discovery-types.js';
import type { RuleOptions } from '../types.js';
import { isDockerDataPath } from './host-paths.js';

/*
 * The decisions the pod-template rules share (docker-volume removes mounts,
 * log-mount-path and pod-logs-mount look at what remains), made once here
 * so that each rule can recompute them without depending on another rule.
 */

/** Containers of a pod that run Fluent Bit (by image or name). */
export function fluentBitContainers(pod: PodTemplate): ContainerInfo[] {
  return pod.containers.filter((c) => /fluent-?bit/i.test(c.image?.image ?? '') || /fluent-?bit/i.test(c.name ?? ''));
}

/** Volumes of Docker's data directory, found by hostPath (never by name). */
export function dockerVolumes(pod: PodTemplate): VolumeInfo[] {
  return pod.volumes.filter((v) => isDockerDataPath(v.hostPath));
}

/**
 * The mounts of Docker's directory that docker-volume removes: those of the
 * Fluent Bit containers, unless the runtime is cri-dockerd (it keeps
 * Docker's files) or the user keeps the mount.
 */
export function removedDockerMounts(pod: PodTemplate, options: RuleOptions): ReadonlySet<VolumeMountInfo> {
  const removed = new Set<VolumeMountInfo>();
  if (options.runtime === 'cri-dockerd' || options.keepDockerMount) return removed;
  for (const v of dockerVolumes(pod)) {
    for (const c of fluentBitContainers(pod)) {
      for (const m of c.volumeMounts) if (m.name !== undefined && m.name === v.name) removed.add(m);
    }
  }
  return removed;
}
