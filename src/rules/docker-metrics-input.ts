import { pluginOf } from './support/tail-target.js';
import { defineRule } from './types.js';

export const dockerMetricsInput = defineRule({
  meta: {
    id: 'docker-metrics-input',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: '`docker` metrics inputs (Docker cgroups)',
      details: "The `docker` input collects container metrics from Docker's cgroup layout and container directory (runtime-migration.md F#4). Neither exists in that form under containerd or CRI-O, and Fluent Bit has no CRI equivalent: drop the input and take container metrics from the kubelet (its cAdvisor endpoint, /metrics/cadvisor) or a cAdvisor DaemonSet instead. Reported, never rewritten.",
      example: {
        before: [
          '[INPUT]',
          '    Name              tail',
          '    Tag               kube.*',
          '    Path              /var/log/containers/*.log',
          '    multiline.parser  docker, cri',
          '',
          '[INPUT]',
          '    Name          docker',
          '    Tag           docker.metrics',
          '    Interval_Sec  10',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name              tail',
          '    Tag               kube.*',
          '    Path              /var/log/containers/*.log',
          '    multiline.parser  docker, cri',
          '',
        ].join('\n'),
      },
    },
    messages: {
      dockerMetrics: "docker metrics input reads Docker's cgroups and container directory; Fluent Bit has no CRI equivalent: use kubelet/cAdvisor metrics instead",
    },
  },
  create(context) {
    return {
      input(section) {
        const name = section.get('name');
        if (pluginOf(section, context.setup.variables) === 'docker' && name) context.report({ severity: 'warning', messageId: 'dockerMetrics', at: name.at });
      },
    };
  },
});
