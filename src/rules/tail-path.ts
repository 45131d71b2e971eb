import { splitList } from './support/fluent-bit-values.js';
import { classifyPath, globDirectory, isTailInput, readsContainerLogs, retargetDockerPath, tailTarget, shownValue, valueOf } from './support/tail-target.js';
import { defineRule } from './types.js';
import { FIXED_DOCKER_ROOT_IN_TEXT } from '../source/docker-data-root.js';

/** Docker's file layout in a Tag_Regex or Exclude_Path: its `-json.log` names, or its data root (fixed roots: FIXED_DOCKER_ROOT_IN_TEXT). */
const DOCKER_LAYOUT = /-json\\?\.log|\/docker\/containers/;

/** RKE1's directory of links to the Docker log files of the system containers it runs with Docker (rke's RKELogsPath). */
const RKE1_LOG_LINKS = /^\/var\/lib\/rancher\/rke\/log(\/|$)/;

/**
 * The tag part Docker's directory gave: `/data/docker/containers/<id>/<id>-json.log` -> `data.docker.containers`;
 * below a mount of Docker's directory at another path (`/host/c/<id>/...`), the pattern's directory (`host.c`).
 */
function dockerTagPart(pattern: string, dockerMounts: readonly string[]): string {
  const globDir = globDirectory(pattern);
  const dir = /^(.*?\/containers)(\/|$)/.exec(pattern)?.[1]
    ?? (dockerMounts.some((m) => globDir === m || globDir.startsWith(`${m}/`)) ? globDir : '/var/lib/docker/containers');
  return dir.replace(/^\/+/, '').replace(/\//g, '.');
}

export const tailPath = defineRule({
  meta: {
    id: 'tail-path',
    kind: 'change',
    severities: ['change', 'warning'],
    docs: {
      summary: "tail `Path` under Docker's data root becomes `/var/log/containers/*.log`; the tag change and dependent Tag_Regex/Exclude_Path are reported",
      details: [
        "A tail Path under Docker's data root (`/var/lib/docker/containers/...`, the snap's `/var/snap/docker/common/var-lib-docker/...`, a custom root such as `/data/docker/containers/...`, or any path below a mount of a hostPath of Docker's data at another path, such as `/host/containers/*/*.log` with `/var/lib/docker/containers` mounted at `/host/containers`) points at files that no longer exist on containerd or CRI-O nodes. It becomes `/var/log/containers/*.log`, the kubelet's symlinks, which exist for every runtime (runtime-migration.md E.2, D.4); other patterns of the list stay.",
        "RKE1 (Rancher's Docker-only distribution) links the Docker log files of the system containers it runs with Docker under `/var/lib/rancher/rke/log` (rancher-logging's rke source tails `/var/lib/rancher/rke/log/*.log` with `Parser docker`). Moving to containerd means RKE2, which has no such directory: etcd and the control plane are static pods, logged under /var/log/containers, and the kubelet logs to `/var/lib/rancher/rke2/agent/logs/kubelet.log`. A tail Path there is reported (remove the input, or point it at RKE2's own files), never retargeted, since /var/log/containers is usually read by another input already.",
        "The tag derived from the path changes with it, so the input's Tag is reported for review. Tag_Regex or Exclude_Path written for Docker's file names (`-json.log`, /var/lib/docker/...) are reported on every container input, whether its Path moved or not: CRI log files never have those names. cri-dockerd keeps Docker's files: nothing changes for that runtime.",
      ].join('\n'),
      example: {
        before: '[INPUT]\n    Name  tail\n    Path  /var/lib/docker/containers/*/*.log\n',
        after: '[INPUT]\n    Name  tail\n    Path  /var/log/containers/*.log\n',
      },
    },
    messages: {
      retargeted: "{{key}} {{value}} -> {{next}}: Docker's container directory does not exist on {{runtime}} nodes; the kubelet's /var/log/containers symlinks exist for every runtime",
      tagChanges: 'the tag of this input changes with the path ({{key}} {{value}}: {{oldTag}} becomes {{newTag}}); check Match rules that relied on the old form',
      dockerFileLayout: "{{key}} {{value}} refers to Docker's file layout, which the new Path no longer matches: rewrite it for /var/log/containers/<pod>_<namespace>_<container>-<id>.log",
      rkeLogLinks: "{{key}} {{value}} reads RKE1's links to the Docker log files (`<id>-json.log`) of the system containers RKE1 runs with Docker (kubelet, etcd, kube-apiserver...), which {{runtime}} nodes (RKE2) do not have: there etcd and the control plane are static pods, logged under /var/log/containers, and the kubelet logs to /var/lib/rancher/rke2/agent/logs/kubelet.log; remove this input (and its /var/lib/rancher/rke/log mount) or point it at those files",
      dockerFileNames: "{{key}} {{value}} names Docker's files (`-json.log`, /var/lib/docker/...), which {{runtime}} never writes: it matches nothing; rewrite it for /var/log/containers/<pod>_<namespace>_<container>-<id>.log",
    },
  },
  create(context) {
    const { runtime } = context.options;
    return {
      input(section) {
        if (runtime === 'cri-dockerd' || !isTailInput(section, context.setup.variables)) return;
        const path = section.get('path');
        if (!path) return;
        const { variables } = context.setup;
        // A Path written with a variable is retargeted on what Fluent Bit reads; the value is replaced whole
        // by the literal list (the @SET line may serve other places: it stays).
        const next = retargetDockerPath(valueOf(path, variables), context.options);
        // A second Path (a YAML list of two items, or two lines) is refused by Fluent Bit (`set 2 times`,
        // reported by repeated-property); its Docker paths are retargeted all the same rather than left unsaid.
        for (const other of section.getAll('path').slice(1)) {
          const then = retargetDockerPath(valueOf(other, variables), context.options);
          if (then !== undefined) context.report({ severity: 'change', messageId: 'retargeted', data: { key: other.key, value: shownValue(other, context.setup.variables), next: then, runtime }, at: other.at, fix: other.replaceValue(then) });
        }
        const rke = splitList(valueOf(path, variables)).some((p) => RKE1_LOG_LINKS.test(p.trim()));
        if (rke) context.report({ severity: 'warning', messageId: 'rkeLogLinks', data: { key: path.key, value: shownValue(path, variables), runtime }, at: path.at });
        if (next !== undefined) {
          context.report({ severity: 'change', messageId: 'retargeted', data: { key: path.key, value: shownValue(path, context.setup.variables), next, runtime }, at: path.at, fix: path.replaceValue(next) });
          // A `*` in the Tag is replaced by the file path: the tag changes with it. (A Tag built from
          // Tag_Regex captures does not; the Tag_Regex warning below covers that case.)
          const tag = section.get('tag');
          const tagValue = tag ? valueOf(tag, variables) : '';
          if (tag && tagValue.includes('*')) {
            const docker = splitList(valueOf(path, variables)).find((p) => classifyPath(p, context.options) === 'docker-root') ?? '';
            const oldTag = tagValue.replace('*', `${dockerTagPart(docker, context.options.dockerMounts ?? [])}.<id>.<id>-json.log`);
            const newTag = tagValue.replace('*', 'var.log.containers.<pod>_<namespace>_<container>-<id>.log');
            if (oldTag !== newTag) context.report({ severity: 'warning', messageId: 'tagChanges', data: { key: tag.key, value: shownValue(tag, context.setup.variables), oldTag, newTag }, at: tag.at });
          }
        }
        // Written for Docker's file names: they match nothing once the node writes CRI logs, retargeted or not.
        if (next === undefined && !readsContainerLogs(tailTarget(section, variables, context.options))) return;
        for (const p of [...section.getAll('tag_regex'), ...section.getAll('exclude_path')]) {
          const layout = valueOf(p, variables);
          if (!DOCKER_LAYOUT.test(layout) && !FIXED_DOCKER_ROOT_IN_TEXT.test(layout)) continue;
          if (next !== undefined) context.report({ severity: 'warning', messageId: 'dockerFileLayout', data: { key: p.key, value: shownValue(p, context.setup.variables) }, at: p.at });
          else context.report({ severity: 'warning', messageId: 'dockerFileNames', data: { key: p.key, value: shownValue(p, context.setup.variables), runtime }, at: p.at });
        }
      },
    };
  },
});
