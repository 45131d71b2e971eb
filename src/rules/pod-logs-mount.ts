import type { ContainerInfo, PodTemplate, VolumeMountInfo } from '../discover/discovery-types.js';
import type { Edit } from '../source/edit.js';
import { nodeAt } from '../view/target.js';
import { insertSeqItem } from '../yaml/yaml-edits.js';
import { covers, trimTrailingSlashes } from './support/host-paths.js';
import { fluentBitContainers, removedDockerMounts } from './support/pod-mounts.js';
import { defineRule } from './types.js';

const ORIGIN = 'pod-logs-mount';

/** True when a mount exposes `path` at the same path as on the host. */
function mountsAtOwnPath(mounts: readonly VolumeMountInfo[], path: string): boolean {
  return mounts.some((m) => {
    const hostPath = m.volume?.hostPath;
    return m.mountPath !== undefined && hostPath !== undefined && !m.subPath
      && covers(m.mountPath, path) && covers(hostPath, path) && trimTrailingSlashes(m.mountPath) === trimTrailingSlashes(hostPath);
  });
}

/** A hostPath volume for `dir` (or the pod's existing one) and its mount in `c`, next to the container's /var/log/containers mount. */
function addPodLogsMount(text: string, pod: PodTemplate, c: ContainerInfo, mounts: readonly VolumeMountInfo[], dir: string): Edit[] {
  const edits: Edit[] = [];
  const taken = new Set(pod.volumes.map((v) => v.name));
  let name = 'varlogpods';
  for (let i = 2; taken.has(name); i++) name = `varlogpods${i}`;
  const existing = pod.volumes.find((v) => v.hostPath !== undefined && trimTrailingSlashes(v.hostPath) === dir);
  if (existing?.name) name = existing.name;
  else if (pod.volumesNode) edits.push(...insertSeqItem(text, pod.volumesNode, 'end', { name, hostPath: { path: dir } }, ORIGIN));
  const sibling = mounts.find((m) => m.mountPath !== undefined && trimTrailingSlashes(m.mountPath) === '/var/log/containers') ?? mounts[0];
  const mount: Record<string, unknown> = { name, mountPath: dir };
  if (sibling?.readOnly) mount.readOnly = true;
  if (c.volumeMountsNode) edits.push(...insertSeqItem(text, c.volumeMountsNode, sibling ? sibling.index : 'end', mount, ORIGIN));
  return edits;
}

export const podLogsMount = defineRule({
  meta: {
    id: 'pod-logs-mount',
    kind: 'change',
    severities: ['change'],
    docs: {
      summary: 'a pod that mounts only /var/log/containers gets the pod logs dir mounted at the same path',
      details: "On containerd and CRI-O, the symlinks in /var/log/containers point into the pod logs dir (/var/log/pods, or the kubelet's podLogsDir). A Fluent Bit container that mounts /var/log/containers without it (or loses Docker's directory to docker-volume) would follow dangling links. It gets a hostPath volume for the pod logs dir, mounted at the same path, written in the style of its neighbouring mounts (runtime-migration.md E.6).",
      example: {
        before: '        volumeMounts:\n        - name: containers\n          mountPath: /var/log/containers\n',
        after: '        volumeMounts:\n        - name: containers\n          mountPath: /var/log/containers\n        - name: varlogpods\n          mountPath: /var/log/pods\n',
      },
    },
    messages: {
      added: 'container {{container}} mounts /var/log/containers but not {{podLogsDir}}, where the symlinks point on {{runtime}}: added a hostPath volume and mount at the same path',
    },
  },
  create(context) {
    const { podLogsDir, runtime } = context.options;
    return {
      podTemplate(pod, file) {
        const removed = removedDockerMounts(pod, context.options);
        for (const c of fluentBitContainers(pod)) {
          if (!c.volumeMountsNode) continue;
          const remaining = c.volumeMounts.filter((m) => !removed.has(m));
          const readsSymlinks = mountsAtOwnPath(remaining, '/var/log/containers') || removed.size > 0;
          if (!readsSymlinks || mountsAtOwnPath(remaining, podLogsDir)) continue;
          if (removed.size === 0 && !remaining.some((m) => m.mountPath !== undefined && trimTrailingSlashes(m.mountPath) === '/var/log/containers')) continue;
          context.report({
            severity: 'change',
            messageId: 'added',
            data: { container: c.name ?? '', podLogsDir, runtime },
            at: nodeAt(file, c.volumeMountsNode),
            fix: { target: file, edits: addPodLogsMount(file.text, pod, c, remaining, podLogsDir) },
          });
        }
      },
    };
  },
});
