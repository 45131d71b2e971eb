import { nodeAt } from '../view/target.js';
import { isDockerSocketPath } from './support/host-paths.js';
import { dockerNodesOf, dockerPatchOf, editableFluentBitContainers, podMountsOf, workloadOf } from './support/pod-mounts.js';
import { defineRule } from './types.js';

export const dockerSocket = defineRule({
  meta: {
    id: 'docker-socket',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'docker.sock (or /var/run, /run) hostPath mounts',
      details: "A Fluent Bit pod that mounts the Docker API socket (or the /var/run, /run directory holding it) does so for docker_events or docker metrics inputs, which have no CRI counterpart (runtime-migration.md F#1). The socket is gone on containerd and CRI-O nodes. The mount is reported, not removed: other things in the pod may use the directory.",
      example: {
        before: [
          '        volumeMounts:',
          '        - name: varlog',
          '          mountPath: /var/log',
          '        - name: dockersock',
          '          mountPath: /var/run/docker.sock',
          '      volumes:',
          '      - name: varlog',
          '        hostPath:',
          '          path: /var/log',
          '      - name: dockersock',
          '        hostPath:',
          '          path: /var/run/docker.sock',
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
      socketMount: 'volume {{name}} mounts {{hostPath}}, the Docker API socket (or its directory): it is gone on {{runtime}} nodes; remove it once nothing uses it (docker_events, docker metrics)',
    },
  },
  create(context) {
    const { runtime } = context.options;
    return {
      podTemplate(pod, file) {
        const workload = workloadOf(context.deployment, pod);
        if (runtime === 'cri-dockerd' || editableFluentBitContainers(workload).length === 0) return;
        // A workload of Docker nodes only keeps its socket (docker-volume says why, at its Docker directory).
        const pinned = (dockerNodesOf(workload, context.options) ?? dockerPatchOf(workload, context.deployment, context.options)) !== undefined;
        for (const v of pod.volumes) {
          if (!isDockerSocketPath(v.hostPath)) continue;
          if (pinned) {
            context.consume(nodeAt(file, v.item));
            for (const m of podMountsOf(pod, v)) context.consume(nodeAt(file, m.item));
            continue;
          }
          context.report({ severity: 'warning', messageId: 'socketMount', data: { name: v.name ?? '', hostPath: v.hostPath ?? '', runtime }, at: nodeAt(file, v.item) });
          // Its mounts are what the report is about.
          for (const m of podMountsOf(pod, v)) context.consume(nodeAt(file, m.item));
        }
      },
    };
  },
});
