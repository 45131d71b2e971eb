import type { Edit } from '../source/edit.js';
import type { ContainerInfo, Discovery, PodTemplate, VolumeInfo, VolumeMountInfo } from '../discover/discovery-types.js';
import { insertSeqItem, removeSeqItem } from '../yaml/yaml-edits.js';
import type { RuleFinding } from './transform.js';
import { covers, isDockerDataPath, isDockerSocketPath, trimTrailingSlashes } from './docker-paths.js';
import type { ResolvedOptions } from './transform.js';

const ID = 'docker-volume';

/** Containers of a pod that run Fluent Bit (by image or name). */
export function fluentBitContainers(pod: PodTemplate): ContainerInfo[] {
  return pod.containers.filter((c) => /fluent-?bit/i.test(c.image?.image ?? '') || /fluent-?bit/i.test(c.name ?? ''));
}

function nodeStart(node: { range?: readonly number[] | null } | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

/**
 * Rules docker-volume, pod-logs-mount, docker-socket, log-mount-path on pod
 * templates (runtime-migration.md E.6, F#1, F#2, G.2):
 * - Docker's containers directory, found by hostPath (never by volume name),
 *   is unmounted from the Fluent Bit containers; the volume goes too when no
 *   other container or initContainer mounts it (else it stays, with a
 *   warning). Not for cri-dockerd, nor with keepDockerMount.
 * - The kubelet's symlinks are absolute: /var/log/containers and the pod
 *   logs dir must be mounted at their own path. A pod that mounts only
 *   /var/log/containers gets a podLogsDir volume and mount, in the style of
 *   its neighbours.
 * - docker.sock mounts are reported, never removed.
 */
export function podVolumes(discovery: Discovery, pod: PodTemplate, options: ResolvedOptions): { edits: Edit[]; findings: RuleFinding[] } {
  const edits: Edit[] = [];
  const findings: RuleFinding[] = [];
  const text = discovery.text;
  const fbContainers = fluentBitContainers(pod);
  const dockerVolumes = pod.volumes.filter((v) => isDockerDataPath(v.hostPath));
  const what = `${pod.workloadKind}${pod.name ? ` ${pod.name}` : ''}`;

  if (fbContainers.length === 0) {
    for (const v of dockerVolumes) {
      findings.push({ ruleId: ID, severity: 'warning', message: `${what} mounts Docker's directory ${v.hostPath} but none of its containers looks like Fluent Bit (by image or name): left alone; review it by hand`, offset: nodeStart(v.item) });
    }
    return { edits, findings };
  }

  if (options.runtime !== 'cri-dockerd') {
    for (const v of pod.volumes) {
      if (isDockerSocketPath(v.hostPath)) {
        findings.push({ ruleId: 'docker-socket', severity: 'warning', message: `volume ${v.name ?? ''} mounts ${v.hostPath}, the Docker API socket (or its directory): it is gone on ${options.runtime} nodes; remove it once nothing uses it (docker_events, docker metrics)`, offset: nodeStart(v.item) });
      }
    }
  }

  const removedMounts = new Set<VolumeMountInfo>();
  if (dockerVolumes.length > 0) {
    if (options.runtime === 'cri-dockerd') {
      // cri-dockerd keeps Docker's log files: the mount is still needed.
    } else if (options.keepDockerMount) {
      for (const v of dockerVolumes) {
        findings.push({ ruleId: ID, severity: 'info', message: `volume ${v.name ?? ''} (${v.hostPath}) kept because of --keep-docker-mount; remove it once no node runs Docker`, offset: nodeStart(v.item) });
      }
    } else {
      for (const v of dockerVolumes) {
        for (const c of fbContainers) {
          for (const m of c.volumeMounts) {
            if (m.name !== undefined && m.name === v.name) {
              edits.push(...removeSeqItem(text, m.seq, m.index, ID));
              removedMounts.add(m);
              findings.push({ ruleId: ID, severity: 'change', message: `removed mount ${m.name} (${m.mountPath ?? v.hostPath}) from container ${c.name ?? ''}: Docker's container directory only served Docker's symlink chain; ${options.runtime} writes logs under the pod logs dir`, offset: nodeStart(m.item) });
            }
          }
        }
        const stillUsed = pod.containers.filter((c) => c.volumeMounts.some((m) => m.name === v.name && !removedMounts.has(m)));
        if (stillUsed.length > 0) {
          findings.push({ ruleId: ID, severity: 'warning', message: `volume ${v.name ?? ''} (${v.hostPath}) kept: still mounted by ${stillUsed.map((c) => `${c.kind} ${c.name ?? ''}`).join(', ')}, which may still expect Docker's files`, offset: nodeStart(v.item) });
        } else {
          edits.push(...removeSeqItem(text, v.seq, v.index, ID));
          findings.push({ ruleId: ID, severity: 'change', message: `removed volume ${v.name ?? ''} (hostPath ${v.hostPath}): no container mounts it any more`, offset: nodeStart(v.item) });
        }
      }
    }
  }

  for (const c of fbContainers) {
    const remaining = c.volumeMounts.filter((m) => !removedMounts.has(m));
    for (const m of remaining) {
      const hp = m.volume?.hostPath;
      if (hp && (covers('/var/log', hp) || covers(hp, '/var/log/containers')) && m.mountPath && trimTrailingSlashes(m.mountPath) !== trimTrailingSlashes(hp) && !m.subPath) {
        findings.push({ ruleId: 'log-mount-path', severity: 'warning', message: `hostPath ${hp} is mounted at ${m.mountPath}: the kubelet's symlinks are absolute, so log directories must be mounted at their own path`, offset: nodeStart(m.item) });
      }
    }
    const sameMounted = (path: string): boolean => remaining.some((m) => covers(m.mountPath, path) && covers(m.volume?.hostPath, path) && !m.subPath && m.mountPath !== undefined && m.volume?.hostPath !== undefined && trimTrailingSlashes(m.mountPath) === trimTrailingSlashes(m.volume.hostPath));
    const readsSymlinks = sameMounted('/var/log/containers') || removedMounts.size > 0;
    if (!readsSymlinks || sameMounted(options.podLogsDir) || !c.volumeMountsNode) continue;
    if (removedMounts.size === 0 && !remaining.some((m) => m.mountPath !== undefined && trimTrailingSlashes(m.mountPath) === '/var/log/containers')) continue;
    edits.push(...addPodLogsMount(text, pod, c, remaining, options.podLogsDir));
    findings.push({ ruleId: 'pod-logs-mount', severity: 'change', message: `container ${c.name ?? ''} mounts /var/log/containers but not ${options.podLogsDir}, where the symlinks point on ${options.runtime}: added a hostPath volume and mount at the same path`, offset: nodeStart(c.volumeMountsNode) });
  }
  return { edits, findings };
}

function addPodLogsMount(text: string, pod: PodTemplate, c: ContainerInfo, mounts: readonly VolumeMountInfo[], dir: string): Edit[] {
  const edits: Edit[] = [];
  const taken = new Set(pod.volumes.map((v) => v.name));
  let name = 'varlogpods';
  for (let i = 2; taken.has(name); i++) name = `varlogpods${i}`;
  const existing = pod.volumes.find((v: VolumeInfo) => v.hostPath !== undefined && trimTrailingSlashes(v.hostPath) === dir);
  if (existing?.name) name = existing.name;
  else if (pod.volumesNode) edits.push(...insertSeqItem(text, pod.volumesNode, 'end', { name, hostPath: { path: dir } }, 'pod-logs-mount'));
  const sibling = mounts.find((m) => m.mountPath !== undefined && trimTrailingSlashes(m.mountPath) === '/var/log/containers') ?? mounts[0];
  const mount: Record<string, unknown> = { name, mountPath: dir };
  if (sibling?.readOnly) mount.readOnly = true;
  if (c.volumeMountsNode) edits.push(...insertSeqItem(text, c.volumeMountsNode, sibling ? sibling.index : 'end', mount, 'pod-logs-mount'));
  return edits;
}
