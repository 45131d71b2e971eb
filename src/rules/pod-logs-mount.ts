import type { PodTemplate, VolumeMountInfo } from '../discover/discovery-types.js';
import type { Container, Deployment, Workload } from '../deploy/types.js';
import type { Edit } from '../source/edit.js';
import type { Located } from '../view/types.js';
import { nodeAt } from '../view/target.js';
import type { ConfigView } from '../view/types.js';
import { insertSeqItem } from '../yaml/yaml-edits.js';
import { splitList } from './support/fluent-bit-values.js';
import { covers, isDockerDataPath, samePath, showsAtOwnPath } from './support/host-paths.js';
import { buildRemovedMounts, dockerMountPaths, editableFluentBitContainers, hostPathMount, kustomizePatchName, mountedInEveryBuild, mountListKey, removedDockerMounts, replacedLists, workloadOf, type BuildRemoval, type ReplacedList } from './support/pod-mounts.js';
import { fileTarget } from '../view/target.js';
import { setupVariables } from './support/setup-variables.js';
import { classifyPath, globDirectory, isTailInput, retargetDockerPath, valueOf } from './support/tail-target.js';
import { defineRule, type RuleOptions } from './types.js';

const ORIGIN = 'pod-logs-mount';
const KUBELET_DIR = '/var/log/containers';

/** True when a mount exposes `path` at the same path as on the host. */
function mountsAtOwnPath(mounts: readonly VolumeMountInfo[], path: string): boolean {
  return mounts.some((m) => {
    const mount = hostPathMount(m);
    return mount !== undefined && showsAtOwnPath(mount.mountPath, mount.hostPath, path);
  });
}

/**
 * The container log directories a container's tail inputs read once the
 * migration is done (a Path under Docker's root becomes the kubelet's
 * symlinks, unless the runtime keeps Docker): /var/log/containers needs the
 * pod logs dir its symlinks point into. Only inputs that could read their
 * files before count: a container that never mounted what its tail reads
 * (an aggregator that shares the DaemonSet's ConfigMap) is not given node
 * logs by the migration. Undefined when the container reads no config of
 * the input (then only its mounts tell).
 */
function logDirsRead(c: Container, viewOf: (v: Container['configs'][number]) => ConfigView | undefined, options: RuleOptions, unmounted: string[] = []): Set<string> | undefined {
  const views = c.configs.flatMap((cfg) => viewOf(cfg) ?? []);
  if (views.length === 0) return undefined;
  const variables = setupVariables(views).values;
  const places = Object.assign({}, options, { dockerMounts: dockerMountPaths([c]) }); // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
  const dirs = new Set<string>();
  for (const view of views) {
    for (const s of view.sections) {
      const path = isTailInput(s, variables) ? s.get('path') : undefined;
      if (!path) continue;
      const value = valueOf(path, variables);
      const readBefore = splitList(value).some((p) => p.startsWith('/') && c.mounts.some((m) => m.mountPath !== undefined && m.subPath === undefined && covers(m.mountPath, globDirectory(p))));
      if (!readBefore) {
        // The kubelet's paths, unmounted: a config retargeted by hand whose pod still mounts Docker's directory only.
        for (const p of splitList(value)) if (['kubelet-symlinks', 'pod-logs'].includes(classifyPath(p, options.podLogsDir))) unmounted.push(p);
        continue;
      }
      const migrated = options.runtime === 'cri-dockerd' ? value : (retargetDockerPath(value, places) ?? value);
      for (const p of splitList(migrated)) {
        const kind = classifyPath(p, options.podLogsDir);
        if (kind === 'kubelet-symlinks') dirs.add(KUBELET_DIR).add(options.podLogsDir);
        else if (kind === 'pod-logs') dirs.add(options.podLogsDir);
      }
    }
  }
  return dirs;
}

/** A hostPath volume for `dir` (or the pod's existing one) and its mount in `c`, next to its log mounts. */
function addLogMount(text: string, pod: PodTemplate, c: Container, mounts: readonly VolumeMountInfo[], dir: string, addedVolumes: Map<string, string>, atEnd = false): Edit[] {
  const info = c.info;
  if (!info?.volumeMountsNode) return [];
  const edits: Edit[] = [];
  const base = dir === KUBELET_DIR ? 'varlogcontainers' : 'varlogpods';
  const taken = new Set([...pod.volumes.map((v) => v.name), ...addedVolumes.values()]);
  const existing = pod.volumes.find((v) => samePath(v.hostPath, dir));
  let name = existing?.name ?? addedVolumes.get(dir);
  if (name === undefined) {
    name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    // One volume per pod, whatever the number of Fluent Bit containers that need it.
    addedVolumes.set(dir, name);
    if (pod.volumesNode) edits.push(...insertSeqItem(text, pod.volumesNode, 'end', { name, hostPath: { path: dir } }, ORIGIN));
  }
  const sibling = mounts.find((m) => samePath(m.mountPath, KUBELET_DIR))
    ?? mounts.find((m) => m.mountPath !== undefined && covers('/var/log', m.mountPath))
    ?? mounts[0];
  const mount: Record<string, unknown> = { name, mountPath: dir };
  if (sibling?.readOnly) mount.readOnly = true;
  edits.push(...insertSeqItem(text, info.volumeMountsNode, sibling && !atEnd ? sibling.index : 'end', mount, ORIGIN));
  return edits;
}

export const podLogsMount = defineRule({
  meta: {
    id: 'pod-logs-mount',
    kind: 'change',
    severities: ['change', 'warning'],
    docs: {
      summary: 'a Fluent Bit container gets /var/log/containers and the pod logs dir mounted at the same path when its migrated tail inputs read them and no mount covers them',
      details: [
        "On containerd and CRI-O, the symlinks in /var/log/containers point into the pod logs dir (/var/log/pods, or the kubelet's podLogsDir). A Fluent Bit container whose tail inputs read /var/log/containers (or will, once tail-path moves a Path off Docker's data root) needs both directories mounted from the host at the same path; a /var/log mount covers both (runtime-migration.md E.6).",
        'What is missing is added: a hostPath volume per directory (once per pod) and a mount in each Fluent Bit container that needs it, written in the style of its neighbouring mounts. A mount every kustomize build of the workload takes out (a JSON 6902 `remove` of the `/var/log` mount, or a strategic-merge `$patch: delete` of it by its mountPath) is not in the built pods: what it covered is added at the end of the lists (so the patch indexes still name what they did; a delete by mountPath leaves the added mounts too), and the finding names the patch. A build whose patch replaces the container\'s whole volumeMounts list (a strategic-merge list-level `$patch: replace` or `$patch: delete`, a JSON 6902 `remove`, `replace` or `add` of the list) carries only the patch\'s list: what it lacks of the directories the container reads once migrated is warned at the patch (nothing the migration adds here reaches that build), and when every build replaces it the list written here is not edited; a build whose patch replaces the pod\'s whole `volumes` list is warned at the patch when a volume is added here. A directory every kustomize build\'s pod mounts through its patches (entries a strategic-merge patch merges in by mountPath, their volumes by name; JSON 6902 `add`s) is not added: the build would hold two mounts at one path. Without a config of the input for the container, its mounts tell: mounting /var/log/containers, or losing Docker\'s directory to docker-volume, means it reads the symlinks. Init containers are never edited. (In the example, docker-volume removes Docker\'s mount in the same run.)',
        "A tail Path on the kubelet's directories that no mount of the container covers, in a container that of the node's logs mounts only Docker's directory (a config retargeted by hand, its pod's mounts not: it reads nothing on any node), is warned, not guessed at. A hostPath volume on a parent (`/var/log`, `/var`) covers the kubelet's directories; a mount whose volume the pod does not define, chart defaults, or a kustomize patch of the workload in the batch (it may add the mount) leave the warning out. So is (with the same narrowing) such a Path when the container mounts the node's log directory at another path (`/var/log` at `/host/var/log`): nothing is at the Path in the container; the warning names the mount, and says to mount the directory at its own path (the symlinks of /var/log/containers point into the pod logs dir by its host path).",
      ].join('\n'),
      example: {
        before: [
          '        volumeMounts:',
          '        - name: containers',
          '          mountPath: /var/log/containers',
          '        - name: dockercontainers',
          '          mountPath: /var/lib/docker/containers',
          '      volumes:',
          '      - name: containers',
          '        hostPath:',
          '          path: /var/log/containers',
          '      - name: dockercontainers',
          '        hostPath:',
          '          path: /var/lib/docker/containers',
          '',
        ].join('\n'),
        after: [
          '        volumeMounts:',
          '        - name: containers',
          '          mountPath: /var/log/containers',
          '        - name: varlogpods',
          '          mountPath: /var/log/pods',
          '      volumes:',
          '      - name: containers',
          '        hostPath:',
          '          path: /var/log/containers',
          '      - name: varlogpods',
          '        hostPath:',
          '          path: /var/log/pods',
          '',
        ].join('\n'),
      },
    },
    messages: {
      added: 'container {{container}} reads /var/log/containers but does not mount {{podLogsDir}}, where the symlinks point on {{runtime}}: added a hostPath volume and mount at the same path',
      unmounted: "container {{container}} reads {{path}} (its tail Path) but of the node's logs mounts only Docker's directory, which is not where that Path looks: it reads nothing on any node (the config moved to the kubelet's directories, the mounts did not); mount /var/log/containers and {{podLogsDir}} (or /var/log) from the host at the same path",
      mountedElsewhere: "container {{container}} reads {{path}} (its tail Path) but mounts the node's {{hostPath}} at {{mountPath}}, so nothing is at that Path in the container and it reads nothing; mount {{hostPath}} from the host at the same path ({{mountPath}}/containers would not do: its symlinks point into {{podLogsDir}})",
      addedKubeletDir: 'container {{container}} reads {{dir}} once migrated ({{why}}) but does not mount it: added a hostPath volume and mount at the same path',
      addedPatchRemoved: 'container {{container}} reads {{dir}} once migrated, but {{patch}} takes its mount {{mountPath}} out in every build ({{op}} {{path}}, build of {{kustomization}}), so no built pod mounts it: added a hostPath volume and mount of {{dir}} at the same path, at the end of the lists, where the patch\'s indexes do not reach',
      patchReplacesMounts: "container {{container}} of {{workload}} reads {{dirs}} once migrated, but in the build of {{kustomization}} this patch replaces its whole volumeMounts list ({{how}} {{path}}), so the built pod carries only the patch's list, which does not mount {{dirs}} from the host at the same path (the mounts the migration adds to the base do not reach it): add those mounts, with hostPath volumes of the same paths, to the patch",
      patchReplacesVolumes: "container {{container}} of {{workload}} gets a hostPath volume {{volume}} ({{dir}}) and its mount added, but in the build of {{kustomization}} this patch replaces the pod's whole volumes list ({{how}} {{path}}), so the built pod has no volume {{volume}} for the mount: add it to the patch's list (name {{volume}}, hostPath {{dir}})",
      addedPatchDeleted: 'container {{container}} reads {{dir}} once migrated, but {{patch}} deletes its mount {{mountPath}} in every build ($patch: delete of {{path}}, build of {{kustomization}}), so no built pod mounts it: added a hostPath volume and mount of {{dir}} at the same path (the delete names {{mountPath}} only)',
    },
  },
  create(context) {
    const { podLogsDir, runtime } = context.options;
    return {
      podTemplate(pod, file) {
        const workload = workloadOf(context.deployment, pod);
        const removed = removedDockerMounts(pod, workload, context.options, context.deployment);
        const addedVolumes = new Map<string, string>();
        const unbuiltMounts = buildRemovedMounts(pod, workload);
        const replaced = replacedLists(pod, workload);
        for (const c of editableFluentBitContainers(workload)) {
          const info = c.info;
          if (!info?.volumeMountsNode) continue;
          // Builds whose op replaces this container's whole volumeMounts list: the built pod mounts the patch's list only.
          const key = mountListKey(pod, info);
          const everyBuildReplaces = replaced !== undefined && replaced.every((b) => b.lists.has(key));
          // A mount every kustomize build takes out (a JSON 6902 `remove`, a strategic-merge `$patch: delete`) is not in the built pods.
          const unbuilt = info.volumeMounts.flatMap((m) => (unbuiltMounts?.has(m) === true ? [m] : []));
          const remaining = info.volumeMounts.filter((m) => !removed.has(m) && unbuiltMounts?.has(m) !== true);
          const lostDocker = info.volumeMounts.some((m) => removed.has(m));
          const unmounted: string[] = [];
          let needed = logDirsRead(c, context.viewOf, context.options, unmounted);
          const hostPaths = c.mounts.flatMap((m) => (m.volume?.source?.kind === 'hostPath' && m.volume.source.path ? [m.volume.source.path] : []));
          const logDir = (h: string): boolean => [KUBELET_DIR, podLogsDir].some((d) => covers(h, d) || covers(d, h));
          const mountsDockerOnly = hostPaths.some((h) => isDockerDataPath(h)) && !hostPaths.some(logDir);
          // Only what the model sees whole: every mount's volume known, and no kustomize patch of the workload in the
          // batch (a patch may add the /var/log mount the base lacks).
          const seenWhole = c.mountsKnown && c.mounts.every((m) => m.volume !== undefined) && !patchedInBatch(workload, context.deployment);
          const said = new Set<unknown>();
          for (const b of replaced ?? []) {
            const r = b.lists.get(key);
            // Without a config of the input, the patch's mounts tell: mounting /var/log/containers, it reads the symlinks.
            const dirs = needed !== undefined ? [KUBELET_DIR, podLogsDir].filter((d) => needed!.has(d)) : r !== undefined && unmountedBy(r, b.lists.get('volumes'), pod, [KUBELET_DIR])?.length === 0 ? [podLogsDir] : [];
            const missing = r === undefined || dirs.length === 0 ? undefined : unmountedBy(r, b.lists.get('volumes'), pod, dirs);
            if (r === undefined || missing === undefined || missing.length === 0 || said.has(r.op)) continue;
            // Once per patch op (several builds may share it).
            said.add(r.op);
            const data = { container: c.name ?? '', workload: workload?.label ?? pod.workloadKind, dirs: missing.join(' and '), kustomization: r.kustomization, how: howReplaced(r), path: r.op.path };
            context.report({ severity: 'warning', messageId: 'patchReplacesMounts', data, at: patchAt(r, nodeAt(file, info.volumeMountsNode)) });
          }
          // No build carries the list written here: nothing to judge or add in it.
          if (everyBuildReplaces) continue;
          if (unmounted.length > 0 && mountsDockerOnly && seenWhole && (needed === undefined || needed.size === 0)) {
            context.report({ severity: 'warning', messageId: 'unmounted', data: { container: c.name ?? '', path: unmounted[0] as string, podLogsDir }, at: nodeAt(file, info.volumeMountsNode) });
          } else if (unmounted.length > 0 && seenWhole && (needed === undefined || needed.size === 0)) {
            // The node's log directory mounted at another path (`/var/log` at `/host/var/log`): nothing at the Path's.
            const path = unmounted[0] as string;
            const moved = c.mounts.find((m) => m.subPath === undefined && m.volume?.source?.kind === 'hostPath' && m.volume.source.path !== undefined && covers(m.volume.source.path, globDirectory(path)) && !samePath(m.mountPath, m.volume.source.path));
            const hostPath = moved?.volume?.source?.kind === 'hostPath' ? moved.volume.source.path : undefined;
            if (moved?.mountPath !== undefined && hostPath !== undefined) {
              context.report({ severity: 'warning', messageId: 'mountedElsewhere', data: { container: c.name ?? '', path, hostPath, mountPath: moved.mountPath, podLogsDir }, at: nodeAt(file, info.volumeMountsNode) });
            }
          }
          let why = 'its tail Path';
          if (needed === undefined) {
            // No config of the input: the mounts tell what it reads.
            needed = new Set();
            const readsSymlinks = lostDocker || remaining.some((m) => samePath(m.mountPath, KUBELET_DIR));
            if (readsSymlinks && (mountsAtOwnPath(remaining, KUBELET_DIR) || lostDocker)) needed.add(podLogsDir);
            why = "Docker's directory is unmounted";
          }
          for (const dir of [KUBELET_DIR, podLogsDir]) {
            // Every build's patches mount it (a strategic-merge patch's merged entries, kyaml merge2 by mountPath): nothing to add.
            if (!needed.has(dir) || mountsAtOwnPath(remaining, dir) || mountedInEveryBuild(pod, workload, info, dir)) continue;
            // The build's patch took out the mount that covered it: added after every entry its indexes may name.
            const lost = unbuilt.find((m) => mountsAtOwnPath([m], dir));
            const volumeAdded = !addedVolumes.has(dir);
            const edits = addLogMount(file.text, pod, c, remaining, dir, addedVolumes, unbuilt.length > 0);
            if (edits.length === 0) continue;
            const at = nodeAt(file, info.volumeMountsNode);
            // The volume addLogMount added for `dir` (none when the pod had one or an earlier container's added it).
            const volume = volumeAdded ? addedVolumes.get(dir) : undefined;
            // A build that replaces the pod's volumes list does not get the volume added here.
            for (const r of volume === undefined ? [] : (replaced ?? []).flatMap((b) => (b.lists.has('volumes') && !b.lists.has(key) ? [b.lists.get('volumes')!] : []))) {
              if (r.entries === undefined || r.entries.some((v) => v !== null && typeof v === 'object' && (v as { name?: unknown }).name === volume)) continue;
              const data = { container: c.name ?? '', workload: workload?.label ?? pod.workloadKind, volume: volume!, dir, kustomization: r.kustomization, how: howReplaced(r), path: r.op.path };
              context.report({ severity: 'warning', messageId: 'patchReplacesVolumes', data, at: patchAt(r, at) });
            }
            if (lost !== undefined) {
              const r = unbuiltMounts!.get(lost) as BuildRemoval;
              // A strategic-merge `$patch: delete` names the mount by its mountPath: what is added has another one.
              const data = { container: c.name ?? '', dir, patch: kustomizePatchName(r.op), mountPath: lost.mountPath ?? '', path: r.op.path, kustomization: r.kustomization };
              if (r.op.op === 'delete') context.report({ severity: 'change', messageId: 'addedPatchDeleted', data, at, fix: { target: file, edits } });
              else context.report({ severity: 'change', messageId: 'addedPatchRemoved', data: { ...data, op: r.op.op }, at, fix: { target: file, edits } });
            } else if (dir === podLogsDir) context.report({ severity: 'change', messageId: 'added', data: { container: c.name ?? '', podLogsDir, runtime }, at, fix: { target: file, edits } });
            else context.report({ severity: 'change', messageId: 'addedKubeletDir', data: { container: c.name ?? '', dir, why }, at, fix: { target: file, edits } });
          }
        }
      },
    };
  },
});

/** Where a replaced list is said: at the patch (its op, a list-level directive, an inline patch's string), else at `fallback`. */
function patchAt(r: ReplacedList, fallback: Located): Located {
  return r.op.node !== undefined && r.op.text !== undefined ? nodeAt(fileTarget(r.op.file, r.op.text), r.op.node) : fallback;
}

/** How a list was replaced, for messages. */
function howReplaced(r: ReplacedList): string {
  if (r.op.replaceList !== undefined) return `${kustomizePatchName(r.op)}, $patch: ${r.op.replaceList} of`;
  return `${kustomizePatchName(r.op)}, JSON 6902 ${r.op.op} of`;
}

/**
 * Of the log directories a container reads once migrated (`dirs`), those a build's replaced volumeMounts list (`r`)
 * does not mount from the host at the same path (a mount's volume: the build's replaced volumes list, else the pod's).
 * Undefined when the list is not seen whole.
 */
function unmountedBy(r: ReplacedList, volumes: ReplacedList | undefined, pod: PodTemplate, dirs: readonly string[]): string[] | undefined {
  if (r.entries === undefined || (volumes !== undefined && volumes.entries === undefined)) return undefined;
  const hostOf = (name: unknown): string | undefined => {
    if (volumes === undefined) return pod.volumes.find((v) => v.name === name)?.hostPath;
    const v = volumes.entries!.find((x) => x !== null && typeof x === 'object' && (x as { name?: unknown }).name === name) as { hostPath?: { path?: unknown } } | undefined;
    return typeof v?.hostPath?.path === 'string' ? v.hostPath.path : undefined;
  };
  return dirs.filter((dir) => !r.entries!.some((m) => {
    if (m === null || typeof m !== 'object') return false;
    const { name, mountPath, subPath } = m as { name?: unknown; mountPath?: unknown; subPath?: unknown };
    const host = hostOf(name);
    return typeof mountPath === 'string' && subPath === undefined && host !== undefined && showsAtOwnPath(mountPath, host, dir);
  }));
}

/** A kustomize patch of this workload (same kind and name) is in the batch: it may add mounts the base does not show. */
function patchedInBatch(workload: Workload | undefined, deployment: Deployment): boolean {
  if (workload === undefined || workload.patch !== undefined) return false;
  return deployment.workloads.some((w) => w !== workload && w.patch !== undefined && w.kind === workload.kind && w.name === workload.name);
}
