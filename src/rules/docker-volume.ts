import { removeSeqItem } from '../yaml/yaml-edits.js';
import { nodeAt } from '../view/target.js';
import { dockerNodesOf, dockerPatchOf, dockerVolumes, editableFluentBitContainers, indexPatchOf, kustomizePatchName, mountsVolume, patchMountOf, removedDockerMounts, workloadOf } from './support/pod-mounts.js';
import type { Workload } from '../deploy/types.js';
import type { VolumeInfo } from '../discover/discovery-types.js';
import { getMap, getScalar, getString } from '../yaml/yaml-nodes.js';
import { isDockerDataPath } from './support/host-paths.js';
import { defineRule } from './types.js';

/** hostPath types that do not need the path to exist (the kubelet creates it, or checks nothing). */
const LENIENT_TYPES = new Set(['', 'DirectoryOrCreate', 'FileOrCreate']);

/**
 * The `hostPath.type` of a Docker volume that makes the kubelet check the path exists (`Directory`): on a
 * node without Docker the pod then fails to start (pkg/volume/hostpath: "hostPath type check failed").
 */
function strictHostPathType(v: VolumeInfo): { readonly node: NonNullable<ReturnType<typeof getScalar>>; readonly type: string } | undefined {
  const node = getScalar(getMap(v.item, 'hostPath'), 'type');
  const type = node === undefined || node.value === null ? '' : String(node.value);
  return node && !LENIENT_TYPES.has(type) ? { node, type } : undefined;
}

/** The workload a kustomize patch applies to: same kind and name (strategic merge matches so), not itself a patch. */
function baseOf(workloads: readonly Workload[], patch: Workload): Workload | undefined {
  return workloads.find((w) => w !== patch && w.patch === undefined && w.kind === patch.kind && w.name === patch.name && w.name !== undefined);
}

export const dockerVolume = defineRule({
  meta: {
    id: 'docker-volume',
    kind: 'change',
    severities: ['change', 'warning', 'info'],
    docs: {
      summary: "pod templates: Docker's containers hostPath (matched by path) is unmounted from Fluent Bit containers and removed when nothing else mounts it",
      details: [
        "On containerd and CRI-O nodes, /var/lib/docker/containers (or `<root>/docker/containers`, or the snap's `/var/snap/docker/common/var-lib-docker/containers`) is empty: the kubelet's symlinks in /var/log/containers point into the pod logs dir instead. Its hostPath volume, found by path and never by name, is unmounted from the containers that run Fluent Bit (by image, or by mounting a Fluent Bit config of the input; never init containers), and the volume is removed when no other container or initContainer mounts it (runtime-migration.md G.2).",
        "A volume another container still mounts stays, with a warning: that container may really read Docker's files. Pods without a Fluent Bit container are reported, not edited; a kustomize patch that adds the mount (listed by a kustomization's patchesStrategicMerge/patches, or a fragment whose containers name no image) is reported as a patch of its base, with what to change in it. cri-dockerd keeps Docker's files, and --keep-docker-mount keeps the mount for rolling node-pool migrations; so does a workload that runs only on Docker nodes (a mixed cluster's DaemonSet for the Docker pool: a runtime node label such as `container-runtime` or GKE's `cloud.google.com/gke-container-runtime` with the value `docker`, in its nodeSelector or required nodeAffinity, or a kustomize base an overlay's patch pins so: a strategic-merge patch, or JSON 6902 `add`/`replace` ops on the pod's `nodeSelector`/`affinity`; a pin every build's JSON 6902 ops or strategic-merge `null`/`$patch: delete`/`$patch: replace` take away is no pin), with an info. A strategic-merge patch's `$patch: delete` entry for Docker's mount gets an info (nothing to change there). A base whose kustomize builds address its `volumes` or a Fluent Bit container's `volumeMounts` by index at or after Docker's entry (a JSON 6902 op) keeps the entry: an info when every build removes exactly Docker's entries, else a warning (removing it would shift what the op points at); the ops are replayed in order (two `remove`s of one index take out two entries; `move`, `copy` and `test` count). A build whose ops add a container or a mount naming Docker's volume keeps it, with a warning. A kept volume whose `hostPath.type` needs the path to exist (`Directory`) is warned: the kubelet refuses to start the pod on a node without Docker's directory.",
      ].join('\n'),
      example: {
        before: [
          '        volumeMounts:',
          '        - name: varlog',
          '          mountPath: /var/log',
          '        - name: dockercontainers',
          '          mountPath: /var/lib/docker/containers',
          '      volumes:',
          '      - name: varlog',
          '        hostPath:',
          '          path: /var/log',
          '      - name: dockercontainers',
          '        hostPath:',
          '          path: /var/lib/docker/containers',
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
      notFluentBit: "{{workload}} mounts Docker's directory {{hostPath}} but none of its containers runs Fluent Bit (by image, or by mounting a Fluent Bit config of the input): left alone; review it by hand",
      patchOf: "this {{kind}} is a kustomize patch{{listedBy}} of {{base}}: it adds Docker's directory {{hostPath}}, which {{runtime}} leaves empty; remove this mount and volume from the patch, or retarget them to /var/log/pods (where {{runtime}} writes pod logs) if the base does not mount /var/log",
      kept: 'volume {{name}} ({{hostPath}}) kept because of --keep-docker-mount; remove it once no node runs Docker',
      dockerPatch: "volume {{name}} ({{hostPath}}) kept: {{patch}} pins a build of {{workload}} to Docker nodes, where Fluent Bit still reads Docker's files; remove it when that node pool moves to {{runtime}}",
      dockerNodes: "volume {{name}} ({{hostPath}}) kept: {{workload}} runs only on Docker nodes ({{sign}}), where Fluent Bit still reads Docker's files; remove the workload (or migrate it) when its node pool moves to {{runtime}}",
      mountRemoved: "removed mount {{name}} ({{mountPath}}) from container {{container}}: Docker's container directory only served Docker's symlink chain; {{runtime}} writes logs under the pod logs dir",
      stillMounted: "volume {{name}} ({{hostPath}}) kept: still mounted by {{containers}}, which may still expect Docker's files",
      volumeRemoved: 'removed volume {{name}} (hostPath {{hostPath}}): no container mounts it any more',
      patchRemoves: "volume {{name}} ({{hostPath}}) kept: {{patch}} removes it and its mounts by index ({{path}}) in every build of {{workload}}, so they already run without it; removing it here too would make those ops take out other entries or fail the build. Remove it here only together with those ops",
      patchIndexes: "volume {{name}} ({{hostPath}}) kept: {{patch}} addresses {{workload}}'s entries by index ({{op}} {{path}}, build of {{kustomization}}), and removing Docker's entry here would shift what it points at; remove Docker's mount and volume here and update that patch's indexes together",
      patchMounts: "volume {{name}} ({{hostPath}}) kept: {{patch}} adds a mount of it ({{op}} {{path}}, build of {{kustomization}}), and without the volume that build's pod would be refused (a mount must name a pod volume); remove that mount from the patch, then Docker's mount and volume here",
      patchDeletes: "this kustomize patch deletes Docker's mount {{mountPath}} from its build ($patch: delete): nothing to change here; the entry deletes nothing once the base no longer mounts it",
      strictType: 'hostPath type {{type}} of kept volume {{name}} makes the kubelet refuse to start the pod on nodes without {{hostPath}} ({{runtime}} nodes that never ran Docker): set type: DirectoryOrCreate, or remove the type, while the volume stays',
    },
  },
  create(context) {
    const { runtime, keepDockerMount } = context.options;
    return {
      podTemplate(pod, file) {
        // A strategic-merge patch's `$patch: delete` entry for Docker's mount takes it out of its build (kyaml merge2's
        // `Merger.VisitMap`); once the base has no such mount the entry deletes nothing. Not a Docker path to point elsewhere.
        for (const c of pod.containers) {
          for (const m of c.volumeMounts) {
            if (getString(m.item, '$patch') !== 'delete' || !isDockerDataPath(m.mountPath)) continue;
            const at = nodeAt(file, m.item);
            if (runtime === 'cri-dockerd') context.consume(at);
            else context.report({ severity: 'info', messageId: 'patchDeletes', data: { mountPath: m.mountPath ?? '' }, at });
          }
        }
        const volumes = dockerVolumes(pod);
        if (volumes.length === 0) return;
        // Every mount of a Docker volume is decided here (removed, kept, or reported on the volume).
        for (const c of pod.containers) for (const m of c.volumeMounts) if (volumes.some((v) => mountsVolume(m, v))) context.consume(nodeAt(file, m.item));
        const workload = workloadOf(context.deployment, pod);
        const fluentBit = editableFluentBitContainers(workload);
        const base = workload?.patch ? baseOf(context.deployment.workloads, workload) : undefined;
        if (fluentBit.length === 0 && workload?.patch && (base === undefined || editableFluentBitContainers(base).length > 0)) {
          // A patch of a Fluent Bit workload (or of one outside the batch): its own containers name no image.
          const pinnedPatch = dockerNodesOf(workload, context.options);
          for (const v of volumes) {
            const at = nodeAt(file, v.item);
            if (runtime === 'cri-dockerd') context.consume(at); // cri-dockerd keeps Docker's log files: the mount is still needed
            else if (pinnedPatch !== undefined) context.report({ severity: 'info', messageId: 'dockerNodes', data: { name: v.name ?? '', hostPath: v.hostPath ?? '', workload: workload.label, sign: pinnedPatch, runtime }, at });
            else if (keepDockerMount) context.report({ severity: 'info', messageId: 'kept', data: { name: v.name ?? '', hostPath: v.hostPath ?? '' }, at });
            else {
              const listedBy = workload.patch.kustomization ? ` (listed by ${workload.patch.kustomization})` : '';
              const target = `${workload.kind}${workload.name ? ` ${workload.name}` : ''}`;
              const data = { kind: workload.kind, listedBy, base: base?.label ?? `${target} (not in the input)`, hostPath: v.hostPath ?? '', runtime };
              context.report({ severity: 'warning', messageId: 'patchOf', data, at });
            }
          }
          return;
        }
        if (fluentBit.length === 0) {
          const label = `${pod.workloadKind}${pod.name ? ` ${pod.name}` : ''}`;
          for (const v of volumes) context.report({ severity: 'warning', messageId: 'notFluentBit', data: { workload: label, hostPath: v.hostPath ?? '' }, at: nodeAt(file, v.item) });
          return;
        }
        if (runtime === 'cri-dockerd') return; // cri-dockerd keeps Docker's log files: the mount is still needed
        const pinned = dockerNodesOf(workload, context.options);
        if (pinned !== undefined) {
          // A mixed cluster's DaemonSet for the Docker pool: its nodes keep Docker's directory.
          for (const v of volumes) context.report({ severity: 'info', messageId: 'dockerNodes', data: { name: v.name ?? '', hostPath: v.hostPath ?? '', workload: workload?.label ?? pod.workloadKind, sign: pinned, runtime }, at: nodeAt(file, v.item) });
          return;
        }
        const patch = dockerPatchOf(workload, context.deployment, context.options);
        if (patch !== undefined) {
          for (const v of volumes) context.report({ severity: 'info', messageId: 'dockerPatch', data: { name: v.name ?? '', hostPath: v.hostPath ?? '', workload: workload?.label ?? pod.workloadKind, patch, runtime }, at: nodeAt(file, v.item) });
          return;
        }
        const byIndex = indexPatchOf(pod, workload);
        if (byIndex !== undefined) {
          const patch = kustomizePatchName(byIndex.op);
          for (const v of volumes) {
            const data = { name: v.name ?? '', hostPath: v.hostPath ?? '', patch, workload: workload?.label ?? pod.workloadKind, path: byIndex.op.path, op: byIndex.op.op, kustomization: byIndex.kustomization };
            context.report({ severity: byIndex.removes ? 'info' : 'warning', messageId: byIndex.removes ? 'patchRemoves' : 'patchIndexes', data, at: nodeAt(file, v.item) });
          }
          return;
        }
        const addsMount = patchMountOf(pod, workload);
        if (addsMount !== undefined) {
          const patch = kustomizePatchName(addsMount.op);
          for (const v of volumes) {
            const data = { name: v.name ?? '', hostPath: v.hostPath ?? '', patch, path: addsMount.op.path, op: addsMount.op.op, kustomization: addsMount.kustomization };
            context.report({ severity: 'warning', messageId: 'patchMounts', data, at: nodeAt(file, v.item) });
          }
          return;
        }
        const strictType = (v: VolumeInfo): void => {
          const strict = strictHostPathType(v);
          if (strict) context.report({ severity: 'warning', messageId: 'strictType', data: { type: strict.type, name: v.name ?? '', hostPath: v.hostPath ?? '', runtime }, at: nodeAt(file, strict.node) });
        };
        if (keepDockerMount) {
          for (const v of volumes) {
            context.report({ severity: 'info', messageId: 'kept', data: { name: v.name ?? '', hostPath: v.hostPath ?? '' }, at: nodeAt(file, v.item) });
            strictType(v);
          }
          return;
        }
        const removed = removedDockerMounts(pod, workload, context.options, context.deployment);
        for (const v of volumes) {
          // A mount whose removal was not made (`mountPath: ${DIR}` Flux writes: flux-variable says so at it) keeps its volume.
          let kept = false;
          for (const c of fluentBit) {
            for (const m of c.info?.volumeMounts ?? []) {
              if (!removed.has(m) || !mountsVolume(m, v)) continue;
              const data = { name: m.name ?? '', mountPath: m.mountPath ?? v.hostPath ?? '', container: c.name ?? '', runtime };
              if (!context.report({ severity: 'change', messageId: 'mountRemoved', data, at: nodeAt(file, m.item), fix: { target: file, edits: removeSeqItem(file.text, m.seq, m.index, 'docker-volume') } })) kept = true;
            }
          }
          if (kept) continue;
          const stillUsed = pod.containers.filter((c) => c.volumeMounts.some((m) => m.name === v.name && !removed.has(m)));
          const data = { name: v.name ?? '', hostPath: v.hostPath ?? '' };
          if (stillUsed.length > 0) {
            context.report({ severity: 'warning', messageId: 'stillMounted', data: { ...data, containers: stillUsed.map((c) => `${c.kind} ${c.name ?? ''}`).join(', ') }, at: nodeAt(file, v.item) });
            // The warning sends the user to those containers: what they do with Docker's files is its subject.
            for (const c of stillUsed) context.consume(nodeAt(file, c.node));
            strictType(v);
          } else {
            context.report({ severity: 'change', messageId: 'volumeRemoved', data, at: nodeAt(file, v.item), fix: { target: file, edits: removeSeqItem(file.text, v.seq, v.index, 'docker-volume') } });
          }
        }
      },
    };
  },
});
