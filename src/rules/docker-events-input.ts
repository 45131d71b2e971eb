import { defineRule } from './types.js';

export const dockerEventsInput = defineRule({
  meta: {
    id: 'docker-events-input',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: '`docker_events` inputs (Docker API socket)',
      details: 'The `docker_events` input reads events from the Docker API socket (/var/run/docker.sock), which does not exist on containerd or CRI-O nodes (runtime-migration.md F#3). Fluent Bit has no CRI events input: drop it, or collect Kubernetes events with the kubernetes_events input. Reported, never rewritten.',
    },
    messages: {
      dockerEvents: 'docker_events input reads the Docker socket, which is gone on containerd/CRI-O nodes: drop it or use the kubernetes_events input',
    },
  },
  create(context) {
    return {
      input(section) {
        const name = section.get('name');
        if (section.plugin === 'docker_events' && name) context.report({ severity: 'warning', messageId: 'dockerEvents', at: name.at });
      },
    };
  },
});
