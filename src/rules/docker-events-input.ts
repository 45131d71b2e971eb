import { pluginOf } from './support/tail-target.js';
import { defineRule } from './types.js';

export const dockerEventsInput = defineRule({
  meta: {
    id: 'docker-events-input',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: '`docker_events` inputs (Docker API socket)',
      details: "The `docker_events` input reads events from the Docker API socket (/var/run/docker.sock), which does not exist on containerd or CRI-O nodes (runtime-migration.md F#3). Fluent Bit has no CRI events input: drop it, or collect Kubernetes events with the kubernetes_events input (Fluent Bit 2.1.5 and later). That input reads the whole cluster's events from the API server, so one replica is enough, and its ServiceAccount needs read access to events. Reported, never rewritten.",
      example: {
        before: [
          '[INPUT]',
          '    Name  docker_events',
          '    Tag   docker.events',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name  kubernetes_events',
          '    Tag   k8s.events',
          '',
        ].join('\n'),
      },
    },
    messages: {
      dockerEvents: 'docker_events input reads the Docker socket, which is gone on containerd/CRI-O nodes: drop it or use the kubernetes_events input',
    },
  },
  create(context) {
    return {
      input(section) {
        const name = section.get('name');
        if (pluginOf(section, context.setup.variables) === 'docker_events' && name) context.report({ severity: 'warning', messageId: 'dockerEvents', at: name.at });
      },
    };
  },
});
