import { nodeAt } from '../view/target.js';
import { covers, samePath } from './support/host-paths.js';
import { buildRemovedMounts, editableFluentBitContainers, hostPathMount, removedDockerMounts, workloadOf } from './support/pod-mounts.js';
import { defineRule } from './types.js';

export const logMountPath = defineRule({
  meta: {
    id: 'log-mount-path',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: "container log directories mounted at a different path than on the host (the kubelet's symlinks are absolute)",
      details: "The files in /var/log/containers are symlinks with absolute targets in the pod logs dir (/var/log/pods). Mounted anywhere but at their own host path inside the Fluent Bit container, the symlinks dangle (runtime-migration.md E.6). Each such mount of a Fluent Bit container is reported: a hostPath that holds /var/log/containers or the pod logs dir, or lies inside one of them. Other directories under /var/log (a tail position DB, an application's log folder) may be mounted anywhere. A mount every kustomize build of the workload takes out (a JSON 6902 `remove` of it, or a strategic-merge `$patch: delete` by its mountPath) is mounted by no built pod and not reported. The fix (mountPath = hostPath) may need config changes too, so it is left to a human.",
      example: {
        before: [
          '        volumeMounts:',
          '        - name: varlog',
          '          mountPath: /host/var/log',
          '      volumes:',
          '      - name: varlog',
          '        hostPath:',
          '          path: /var/log',
          '',
        ].join('\n'),
        after: [
          '        volumeMounts:',
          '        - name: varlog',
          '          mountPath: /var/log',
          '      volumes:',
          '      - name: varlog',
          '        hostPath:',
          '          path: /var/log',
          '',
        ].join('\n'),
      },
    },
    messages: {
      movedMount: "hostPath {{hostPath}} is mounted at {{mountPath}}: the kubelet's symlinks are absolute, so log directories must be mounted at their own path",
    },
  },
  create(context) {
    const { podLogsDir } = context.options;
    /** A hostPath the kubelet's symlink chain goes through: /var/log/containers, the pod logs dir, a parent or a part of them. */
    const isLogDir = (hostPath: string): boolean =>
      ['/var/log/containers', podLogsDir].some((dir) => covers(hostPath, dir) || covers(dir, hostPath));
    return {
      podTemplate(pod, file) {
        const workload = workloadOf(context.deployment, pod);
        const removed = removedDockerMounts(pod, workload, context.options, context.deployment);
        // A mount every kustomize build takes out is mounted by no built pod: nothing to move.
        const unbuilt = buildRemovedMounts(pod, workload);
        for (const c of editableFluentBitContainers(workload)) {
          for (const m of c.info?.volumeMounts ?? []) {
            const mount = hostPathMount(m);
            if (removed.has(m) || unbuilt?.has(m) === true || !mount || !isLogDir(mount.hostPath)) continue;
            if (!samePath(mount.mountPath, mount.hostPath)) context.report({ severity: 'warning', messageId: 'movedMount', data: { hostPath: mount.hostPath, mountPath: mount.mountPath }, at: nodeAt(file, m.item) });
          }
        }
      },
    };
  },
});
