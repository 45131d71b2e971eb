import type { Deployment } from '../deploy/types.js';
import type { Discovery } from '../discover/discovery-types.js';
import { composeMounts, type ComposeService } from '../deploy/compose.js';
import { dockerHostServices } from '../deploy/docker-run.js';
import { ansibleBatch, ansibleCopyOf } from '../deploy/ansible.js';
import { normalizePath } from '../source/paths.js';
import type { FileDiagnostic } from '../source/diagnostic.js';

/*
 * Docker hosts of the batch: the Fluent Bit services of its docker-compose
 * files, and the Fluent Bit containers its scripts start with `docker run`. The dockershim removal concerns Kubernetes nodes only; a Fluent Bit
 * run by docker-compose keeps reading /var/lib/docker/containers/<id>/<id>-json.log
 * in Docker's JSON format. So, in runtime modes:
 * - a plain file config that compose services bind-mount and no Kubernetes
 *   workload of the batch runs is not read by any rule (its Docker paths and
 *   parsers are right there); DOCKER_HOST_DEPLOYMENT says so once per service,
 *   at its image;
 * - a config a Kubernetes workload also runs gets the Kubernetes rules, and
 *   DOCKER_HOST_SHARED warns at the service's image that the edit breaks it on
 *   the Docker host;
 * - the service itself (its /var/lib/docker/containers bind, docker.sock) is
 *   consumed: the safety net has nothing to say about a Docker host's mounts.
 * And the hosts of its Ansible tasks (deploy/ansible.ts): a plain file config
 * a `copy`/`template` task installs on a host, that no Kubernetes workload of
 * the batch runs, that reads Docker's directory and neither the kubelet's
 * paths (/var/log/containers, /var/log/pods) nor through a kubernetes filter,
 * is a Docker host's config: left alone the same way, said once at the task.
 * A host config that reads the kubelet's paths is a Kubernetes node's
 * (Fluent Bit installed from the package on the node) and is migrated.
 */

/** A config that reads Docker's directory, and nothing that says a Kubernetes node (the kubelet's paths, a kubernetes filter). */
function readsDockerHostOnly(text: string): boolean {
  if (!/\/var\/lib\/docker\b/.test(text)) return false;
  return !/\/var\/log\/(?:containers|pods)\b/.test(text) && !/^[ \t]*(?:-[ \t]*)?name(?:[ \t]*:)?[ \t]+kubernetes[ \t]*$/im.test(text);
}

export interface ComposeHosts {
  /** Discoveries (plain file configs) no rule reads. */
  readonly skipped: ReadonlySet<Discovery>;
  readonly diagnostics: readonly FileDiagnostic[];
  /** Ranges (outer offsets) the safety net leaves alone. */
  readonly consumed: readonly { readonly path: string; readonly start: number; readonly end: number }[];
}

export function composeHosts(discoveries: readonly Discovery[], deployment: Deployment): ComposeHosts {
  const services = dockerHostServices(discoveries);
  const skipped = new Set<Discovery>();
  const diagnostics: FileDiagnostic[] = [];
  const consumed = services.map((s) => ({ path: s.path, start: s.start, end: s.end }));
  ansibleHosts(discoveries, deployment, skipped, diagnostics, consumed);
  if (services.length === 0) return { skipped, diagnostics, consumed };
  const hostOnly = new Map<ComposeService, string[]>();
  const shared = new Map<ComposeService, string[]>();
  for (const d of discoveries) {
    for (const config of d.configs) {
      if (config.origin !== 'file') continue;
      const runners = services.filter((s) => composeMounts(s, config.path) !== undefined);
      if (runners.length === 0) continue;
      const k8s = deployment.containersOf(config).length > 0;
      if (!k8s) {
        skipped.add(d);
        consumed.push({ path: config.path, start: config.map.toOuter(0), end: config.map.toOuter(config.text.length) });
      }
      for (const s of runners) {
        const into = k8s ? shared : hostOnly;
        into.set(s, [...(into.get(s) ?? []), config.path]);
      }
    }
  }
  for (const [s, files] of hostOnly) {
    diagnostics.push({
      code: 'DOCKER_HOST_DEPLOYMENT', severity: 'info', path: s.path, start: s.imageStart, end: s.imageEnd,
      message: `${serviceLabel(s)} (${s.versionNote}${s.version ? '' : ': Fluent Bit version not known'}) runs under ${s.runner} on a Docker host, not on a Kubernetes node: the dockershim removal does not change where Docker writes logs, so ${files.join(', ')} ${files.length > 1 ? 'are' : 'is'} left as ${files.length > 1 ? 'they are' : 'it is'}`,
    });
  }
  for (const [s, files] of shared) {
    const workloads = [...new Set(discoveries.flatMap((d) => d.configs).filter((c) => files.includes(c.path)).flatMap((c) => deployment.workloadsOf(c).map((w) => w.label)))];
    diagnostics.push({
      code: 'DOCKER_HOST_SHARED', severity: 'warning', path: s.path, start: s.imageStart, end: s.imageEnd,
      message: `${serviceLabel(s)} runs ${files.join(', ')} on a Docker host, and ${workloads.join(', ')} ${workloads.length > 1 ? 'run' : 'runs'} the same file on Kubernetes nodes: the migration edits it for the nodes, which breaks it under ${s.runner} (Docker's JSON logs stay where they are there); give the Docker host its own copy`,
    });
  }
  return { skipped, diagnostics, consumed };
}

/** `service NAME` (docker-compose), `the container NAME` (docker run with `--name`) or `the container this command starts`. */
function serviceLabel(s: ComposeService): string {
  if (s.runner === 'docker-compose') return `service ${s.name}`;
  return s.name === '' ? 'the container this command starts' : `the container ${s.name}`;
}

/** The Docker hosts Ansible tasks install plain file configs on (see the module comment). */
function ansibleHosts(discoveries: readonly Discovery[], deployment: Deployment, skipped: Set<Discovery>, diagnostics: FileDiagnostic[], consumed: { path: string; start: number; end: number }[]): void {
  const copies = ansibleBatch(discoveries);
  if (copies.length === 0) return;
  const inputs = new Set(discoveries.map((d) => normalizePath(d.path)));
  for (const d of discoveries) {
    for (const config of d.configs) {
      if (config.origin !== 'file') continue;
      const task = ansibleCopyOf(copies, config.path, inputs);
      if (task === undefined || deployment.containersOf(config).length > 0 || !readsDockerHostOnly(config.text)) continue;
      skipped.add(d);
      consumed.push({ path: config.path, start: config.map.toOuter(0), end: config.map.toOuter(config.text.length) });
      diagnostics.push({
        code: 'DOCKER_HOST_DEPLOYMENT', severity: 'info', path: task.path, start: task.start, end: task.end,
        message: `Ansible task ${task.module} installs ${config.path} on a host (dest ${task.dest}), and it reads Docker's /var/lib/docker directory with no kubelet path (/var/log/containers, /var/log/pods) and no kubernetes filter: a Docker host, not a Kubernetes node, where the dockershim removal does not change where Docker writes logs, so it is left as it is (if the host is a Kubernetes node, point its tail at /var/log/containers)`,
      });
    }
  }
}
