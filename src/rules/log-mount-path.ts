import { nodeAt } from '../view/target.js';
import { covers, trimTrailingSlashes } from './support/host-paths.js';
import { fluentBitContainers, removedDockerMounts } from './support/pod-mounts.js';
import { defineRule } from './types.js';

export const logMountPath = defineRule({
  meta: {
    id: 'log-mount-path',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: "log directories mounted at a different path than on the host (the kubelet's symlinks are absolute)",
      details: "The files in /var/log/containers are symlinks with absolute targets in the pod logs dir (/var/log/pods). Mounted anywhere but at their own host path inside the Fluent Bit container, the symlinks dangle (runtime-migration.md E.6). Each such mount of a Fluent Bit container is reported; the fix (mountPath = hostPath) may need config changes too, so it is left to a human.",
    },
    messages: {
      movedMount: "hostPath {{hostPath}} is mounted at {{mountPath}}: the kubelet's symlinks are absolute, so log directories must be mounted at their own path",
    },
  },
  create(context) {
    return {
      podTemplate(pod, file) {
        const removed = removedDockerMounts(pod, context.options);
        for (const c of fluentBitContainers(pod)) {
          for (const m of c.volumeMounts) {
            const hostPath = m.volume?.hostPath;
            if (removed.has(m) || !hostPath || !m.mountPath || m.subPath) continue;
            if (!covers('/var/log', hostPath) && !covers(hostPath, '/var/log/containers')) continue;
            if (trimTrailingSlashes(m.mountPath) !== trimTrailingSlashes(hostPath)) context.report({ severity: 'warning', messageId: 'movedMount', data: { hostPath, mountPath: m.mountPath }, at: nodeAt(file, m.item) });
          }
        }
      },
    };
  },
});
