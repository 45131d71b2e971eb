import type { ClassicTransform, RuleFinding } from './transform.js';

/**
 * Rule docker-inputs: `docker_events` reads the Docker API socket and
 * `docker` reads Docker's cgroups and container directory; neither has a
 * CRI equivalent in Fluent Bit (runtime-migration.md F#3, F#4). Reported,
 * never rewritten.
 */
export const dockerInputs: ClassicTransform = {
  id: 'docker-inputs',
  description: 'report docker_events and docker (metrics) inputs',
  run(ctx) {
    const findings: RuleFinding[] = [];
    for (const s of ctx.model.sectionsOf('input')) {
      const name = s.get('name');
      if (!name) continue;
      if (s.plugin === 'docker_events') {
        findings.push({ ruleId: 'docker-events-input', severity: 'warning', message: 'docker_events input reads the Docker socket, which is gone on containerd/CRI-O nodes: drop it or use the kubernetes_events input', offset: name.line.key.start });
      } else if (s.plugin === 'docker') {
        findings.push({ ruleId: 'docker-metrics-input', severity: 'warning', message: "docker metrics input reads Docker's cgroups and container directory; Fluent Bit has no CRI equivalent: use kubelet/cAdvisor metrics instead", offset: name.line.key.start });
      }
    }
    return { edits: [], findings };
  },
};
