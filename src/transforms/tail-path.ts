import type { Edit } from '../source/edit.js';
import { replaceValue } from '../view/classic-entry-edits.js';
import { KUBELET_PATH, retargetDockerPath } from './tail-decisions.js';
import { classifyPath, isTail, splitList } from './tail-inputs.js';
import type { ClassicTransform, RuleFinding } from './transform.js';

const ID = 'tail-path';

/**
 * Rule tail-path: a tail `Path` under Docker's data root
 * (`/var/lib/docker/containers/...`, or a custom root such as
 * `/data/docker/containers/...`) points at files that no longer exist on
 * containerd / CRI-O nodes; it becomes `/var/log/containers/*.log`, the
 * kubelet's symlinks, which exist for every runtime (runtime-migration.md
 * E.2, D.4). The tag changes with it, so Match rules, Tag_Regex and
 * Exclude_Path that depended on the old path are reported.
 * `/var/log/containers/*.log` itself is never touched, and cri-dockerd keeps
 * Docker's files, so nothing changes for that runtime.
 */
export const tailPath: ClassicTransform = {
  id: ID,
  description: "tail Path under Docker's data root becomes /var/log/containers/*.log",
  run(ctx) {
    const edits: Edit[] = [];
    const findings: RuleFinding[] = [];
    if (ctx.options.runtime === 'cri-dockerd') return { edits, findings };
    for (const section of ctx.model.sections) {
      if (!isTail(section)) continue;
      const path = section.get('path');
      if (!path) continue;
      const next = retargetDockerPath(path.value, ctx.options.podLogsDir);
      if (next === undefined) continue;
      const docker = splitList(path.value).filter((p) => classifyPath(p, ctx.options.podLogsDir) === 'docker-root');
      edits.push(replaceValue(path, next, ID));
      findings.push({
        ruleId: ID,
        severity: 'change',
        message: `Path ${path.value} -> ${next}: Docker's container directory does not exist on ${ctx.options.runtime} nodes; the kubelet's /var/log/containers symlinks exist for every runtime`,
        offset: path.line.key.start,
      });
      const tag = section.get('tag');
      if (tag) {
        findings.push({
          ruleId: ID,
          severity: 'warning',
          message: `the tag of this input changes with the path (Tag ${tag.value}: ${tag.value.replace('*', `${dockerTagPart(docker[0] ?? '')}.<id>.<id>-json.log`)} becomes ${tag.value.replace('*', 'var.log.containers.<pod>_<namespace>_<container>-<id>.log')}); check Match rules that relied on the old form`,
          offset: tag.line.key.start,
        });
      }
      for (const key of ['tag_regex', 'exclude_path']) {
        for (const e of section.getAll(key)) {
          if (/docker|-json\.log/.test(e.value)) {
            findings.push({ ruleId: ID, severity: 'warning', message: `${e.key} ${e.value} refers to Docker's file layout, which the new Path no longer matches: rewrite it for /var/log/containers/<pod>_<namespace>_<container>-<id>.log`, offset: e.line.key.start });
          }
        }
      }
      for (const other of ctx.model.sections) {
        const prefix = other.get('kube_tag_prefix');
        if (other.type === 'filter' && other.plugin === 'kubernetes' && prefix && /docker/.test(prefix.value)) {
          const expected = tag && tag.value.endsWith('*') ? `${tag.value.slice(0, -1)}var.log.containers.` : undefined;
          const advice = expected === undefined ? 'update it to the new tag' : expected === 'kube.var.log.containers.' ? 'remove it (the default kube.var.log.containers. applies)' : `set it to ${expected}`;
          findings.push({ ruleId: 'kube-tag-prefix', severity: 'warning', message: `Kube_Tag_Prefix ${prefix.value} was built for Docker's path; with Path ${KUBELET_PATH}: ${advice}`, offset: prefix.line.key.start });
        }
      }
    }
    return { edits, findings };
  },
};

/** The tag part Docker's directory gave: `/data/docker/containers/<id>/<id>-json.log` -> `data.docker.containers`. */
function dockerTagPart(pattern: string): string {
  const dir = /^(.*?\/containers)(\/|$)/.exec(pattern)?.[1] ?? '/var/lib/docker/containers';
  return dir.replace(/^\/+/, '').replace(/\//g, '.');
}
