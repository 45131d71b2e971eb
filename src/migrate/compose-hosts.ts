import type { Deployment } from '../deploy/types.js';
import type { Discovery } from '../discover/discovery-types.js';
import { composeMounts, type ComposeService } from '../deploy/compose.js';
import { dockerHostServices } from '../deploy/docker-run.js';
import { ansibleBatch, ansibleContents, ansibleCopyOf, ansibleReach, type AnsibleReach, type AnsibleTaskHosts } from '../deploy/ansible.js';
import { normalizePath } from '../source/paths.js';
import { saltStates } from '../deploy/salt.js';
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
 * (Fluent Bit installed from the package on the node) and is migrated; so is
 * one whose task the batch's plays run (through roles:, include_role,
 * include_tasks... followed within the inputs) on hosts they install kubelet,
 * kubeadm, k3s or rke2 on (ANSIBLE_NODE_HOST); includes not followed are said
 * (ANSIBLE_NOT_FOLLOWED). A `copy` task's `content:` classic config is judged
 * the same way; on a Docker host its text is left to no one (the safety net
 * would give it a node's advice). So is a Salt state's `file.managed`
 * `contents:` (deploy/salt.ts), judged by its own state file only.
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
  saltHosts(discoveries, deployment, skipped, diagnostics, consumed);
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

/** `hosts: x` of file, and ... (at most three, then how many more). */
function listed(items: readonly string[]): string {
  const unique = [...new Set(items)];
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}

/** Which plays run a task judged a Docker host's, and what they install (or that none does). */
function whoRuns(hosts: AnsibleTaskHosts): string {
  const plays = hosts.plays.map((p) => `hosts: ${p.hosts} in ${p.path}`);
  const docker = hosts.signs.filter((s) => s.kind === 'docker');
  return plays.length === 0
    ? 'no play of the input runs this task (its role or tasks file is not reached from a playbook among the inputs), so the host is judged from the config alone'
    : `the plays that run it (${listed(plays)}) ${docker.length > 0 ? `install ${listed(docker.map((s) => `${s.what} (${s.path})`))} and ` : ''}install no kubelet, kubeadm, k3s or rke2`;
}

/** The Docker hosts Ansible tasks install plain file configs on (see the module comment). */
function ansibleHosts(discoveries: readonly Discovery[], deployment: Deployment, skipped: Set<Discovery>, diagnostics: FileDiagnostic[], consumed: { path: string; start: number; end: number }[]): void {
  const copies = ansibleBatch(discoveries);
  const contents = discoveries.flatMap((d) => ansibleContents(d.path, d.text));
  if (copies.length === 0 && contents.length === 0) return;
  const inputs = new Set(discoveries.map((d) => normalizePath(d.path)));
  let reach: AnsibleReach | undefined;
  let judged = false;
  for (const d of discoveries) {
    for (const config of d.configs) {
      if (config.origin !== 'file') continue;
      const task = ansibleCopyOf(copies, config.path, inputs);
      if (task === undefined || deployment.containersOf(config).length > 0 || !readsDockerHostOnly(config.text)) continue;
      reach ??= ansibleReach(discoveries);
      judged = true;
      const hosts = reach.hostsOf(task);
      const plays = hosts.plays.map((p) => `hosts: ${p.hosts} in ${p.path}`);
      const node = hosts.signs.filter((s) => s.kind === 'kubernetes');
      if (node.length > 0) {
        // The plays that run the task set up Kubernetes on their hosts: a node's config, migrated by the rules.
        diagnostics.push({
          code: 'ANSIBLE_NODE_HOST', severity: 'info', path: task.path, start: task.start, end: task.end,
          message: `Ansible task ${task.module} installs ${config.path} (dest ${task.dest}) on the hosts of ${listed(plays)}, which install ${listed(node.map((s) => `${s.what} (${s.path})`))}: Kubernetes nodes, so its Docker paths are migrated like a node's config, though it has no kubelet path or kubernetes filter`,
        });
        continue;
      }
      const who = whoRuns(hosts);
      skipped.add(d);
      consumed.push({ path: config.path, start: config.map.toOuter(0), end: config.map.toOuter(config.text.length) });
      diagnostics.push({
        code: 'DOCKER_HOST_DEPLOYMENT', severity: 'info', path: task.path, start: task.start, end: task.end,
        message: `Ansible task ${task.module} installs ${config.path} on a host (dest ${task.dest}), and it reads Docker's /var/lib/docker directory with no kubelet path (/var/log/containers, /var/log/pods) and no kubernetes filter; ${who}: a Docker host, not a Kubernetes node, where the dockershim removal does not change where Docker writes logs, so it is left as it is (if the host is a Kubernetes node, point its tail at /var/log/containers)`,
      });
    }
  }
  // A copy task's `content:` config (the inline form of the same): a Docker host's is left alone the same way.
  for (const c of contents) {
    if (!readsDockerHostOnly(c.content)) continue;
    reach ??= ansibleReach(discoveries);
    judged = true;
    const hosts = reach.hostsOf(c);
    // On Kubernetes nodes the safety net's advice at its lines is the right one (the content is not migrated).
    if (hosts.signs.some((s) => s.kind === 'kubernetes')) continue;
    consumed.push({ path: c.path, start: c.contentStart, end: c.contentEnd });
    diagnostics.push({
      code: 'DOCKER_HOST_DEPLOYMENT', severity: 'info', path: c.path, start: c.start, end: c.end,
      message: `Ansible task ${c.module} writes its content, a Fluent Bit config, on a host (dest ${c.dest}), and it reads Docker's /var/lib/docker directory with no kubelet path (/var/log/containers, /var/log/pods) and no kubernetes filter; ${whoRuns(hosts)}: a Docker host, not a Kubernetes node, where the dockershim removal does not change where Docker writes logs, so it is left as it is (if the host is a Kubernetes node, point its tail at /var/log/containers)`,
    });
  }
  // What was not followed is said where it is: an include that may lead to the hosts' Kubernetes (or Docker) setup.
  for (const inc of judged && reach ? reach.notFollowed : []) {
    const why = inc.candidates.length === 0 ? 'its name is templated' : `${inc.candidates[0]} is not among the inputs`;
    diagnostics.push({
      code: 'ANSIBLE_NOT_FOLLOWED', severity: 'info', path: inc.path, start: inc.start, end: inc.end,
      message: `${inc.kind} ${inc.name} is not followed (${why}): whether the hosts it sets up are Kubernetes nodes (kubelet, kubeadm) is not read from it when judging where this input's Ansible tasks install Fluent Bit configs; pass it along if it does`,
    });
  }
}

/** Salt `file.managed` `contents:` configs of a Docker host's state (deploy/salt.ts): left alone like Ansible's `content:`. */
function saltHosts(discoveries: readonly Discovery[], deployment: Deployment, skipped: Set<Discovery>, diagnostics: FileDiagnostic[], consumed: { path: string; start: number; end: number }[]): void {
  for (const d of discoveries) {
    const states = saltStates(d.path, d.text);
    // A state file that installs kubelet (or kubeadm...) sets up a Kubernetes node: its contents are migrated as a node's.
    if (states.kubernetes.length > 0) continue;
    const hosts = states.contents.filter((c) => readsDockerHostOnly(c.content));
    if (hosts.length === 0) continue;
    // The contents are read as embedded configs: the state file is left alone when each of its configs is a Docker host's.
    const within = (config: Discovery['configs'][number]): boolean => hosts.some((c) => config.map.toOuter(0) >= c.contentStart && config.map.toOuter(config.text.length) <= c.contentEnd);
    if (d.configs.some((config) => !within(config) || deployment.containersOf(config).length > 0)) continue;
    if (d.configs.length > 0) skipped.add(d);
    for (const c of hosts) {
      consumed.push({ path: c.path, start: c.contentStart, end: c.contentEnd });
      const docker = states.docker.length > 0 ? `its state file installs ${listed(states.docker)} and no kubelet, kubeadm, k3s or rke2` : 'its state file installs no kubelet, kubeadm, k3s or rke2 (top.sls and include: are not followed), so the minion is judged from the config alone';
      diagnostics.push({
        code: 'DOCKER_HOST_DEPLOYMENT', severity: 'info', path: c.path, start: c.start, end: c.end,
        message: `Salt state ${c.id} (file.managed) writes its contents, a Fluent Bit config, on a minion (name ${c.dest}), and it reads Docker's /var/lib/docker directory with no kubelet path (/var/log/containers, /var/log/pods) and no kubernetes filter; ${docker}: a Docker host, not a Kubernetes node, where the dockershim removal does not change where Docker writes logs, so it is left as it is (if the minion is a Kubernetes node, point its tail at /var/log/containers)`,
      });
    }
  }
}
