import { looksBitnami } from '../discover/chart-kind.js';
import { rendersFrom } from '../deploy/values-coalesce.js';
import type { Container, Workload } from '../deploy/types.js';
import type { HelmValuesInfo, ValuesVolumeList, VolumeInfo, VolumeMountInfo } from '../discover/discovery-types.js';
import { nodeAt } from '../view/target.js';
import type { Fix, Located } from '../view/types.js';
import { removeSeqItem } from '../yaml/yaml-edits.js';
import { getMap, getNode } from '../yaml/yaml-nodes.js';
import { covers, isDockerDataPath, samePath } from './support/host-paths.js';
import { dockerNodesOf, mountsVolume } from './support/pod-mounts.js';
import { defineRule } from './types.js';

/** The override a values file needs when the chart's default volumes are in effect (runtime-migration.md G.3). */
const CHART_VOLUMES_OVERRIDE = [
  'daemonSetVolumes:',
  '  - name: varlog',
  '    hostPath:',
  '      path: /var/log',
  '  - name: etcmachineid',
  '    hostPath:',
  '      path: /etc/machine-id',
  '      type: File',
  'daemonSetVolumeMounts:',
  '  - name: varlog',
  '    mountPath: /var/log',
  '  - name: etcmachineid',
  '    mountPath: /etc/machine-id',
  '    readOnly: true',
].join('\n');

/** `extraVolumes`, `daemonset.volumes`: how a list is named in messages. */
function listName(list: ValuesVolumeList): string {
  return list.path.join('.');
}

/** bitnami's `daemonset.hostPaths.containerLogs`, written in a set of values. */
function writesContainerLogs(values: HelmValuesInfo): boolean {
  return getNode(getMap(getMap(values.root, 'daemonset'), 'hostPaths'), 'containerLogs') !== undefined;
}

export const helmVolumes = defineRule({
  meta: {
    id: 'helm-volumes',
    kind: 'change',
    severities: ['change', 'warning', 'info'],
    docs: {
      summary: "chart values: Docker's containers hostPath removed from volume lists (daemonSetVolumes, volumes, extraVolumes, additionalVolumes...) and their mounts; fluent/fluent-bit chart defaults in effect are reported with the override to add",
      details: [
        "Values files of the fluent/fluent-bit chart: a `daemonSetVolumes` entry that mounts Docker's directory (by hostPath) is removed with its `daemonSetVolumeMounts` entries, as docker-volume does for rendered manifests. The same goes for every other list of volumes of values that run Fluent Bit (any chart that names a Fluent Bit image, the fluent-operator chart's `fluentbit.additionalVolumes`, aws-for-fluent-bit's `volumes`, `extraVolumes`, `daemonset.volumes`...): the volume goes, with the mounts of the same values that name it. Lists of values that do not run Fluent Bit are left to the safety net (unhandled-docker-setting).",
        "A values file that does not set `daemonSetVolumes` runs with the chart's default, which still mounts /var/lib/docker/containers. Chart lists replace defaults wholesale and the right list depends on the chart version, so the full override to add is reported instead of inserted (runtime-migration.md G.3); for an Argo CD or Flux release, once, on its highest-precedence values (for an Argo CD source with only `helm.valueFiles`, in its values file when that file is among the inputs); for an umbrella chart's Fluent Bit dependency that its values.yaml gives no values, at the dependency item of its Chart.yaml (or requirements.yaml), naming the key (its alias or name) to put it under. The stable/fluent-bit chart mounts Docker's directory in its template whatever the values say: reported. So does the amazon-cloudwatch-observability chart (the EKS add-on; its values under `containerLogs.fluentBit`): read-only and harmless, nothing to change, an info on its highest-precedence values. So does bitnami's fluent-bit chart (told by its `daemonset.hostPaths`, its `bitnami/fluent-bit` image, or a config string naming its `/opt/bitnami/fluent-bit/` install directory): an info too. Nothing changes for cri-dockerd; --keep-docker-mount keeps the entries.",
        "A release whose helmfile environments (or ApplicationSet elements, Fleet targets) write its volumes is one deployment per environment: a list is migrated where some environment renders it (a common file's list that one environment's file replaces is still prod's), and a rendered `daemonSetVolumes` whose Docker entry is the container's only way to the node's logs (no hostPath on /var/log or the kubelet's pod logs directory, mounted at its own path; every mount's volume known) is warned about at the list, naming the environments that render it, since without that entry Fluent Bit reads no container logs.",
      ].join('\n'),
      example: {
        before: [
          'daemonSetVolumes:',
          '  - name: varlog',
          '    hostPath:',
          '      path: /var/log',
          '  - name: varlibdockercontainers',
          '    hostPath:',
          '      path: /var/lib/docker/containers',
          'daemonSetVolumeMounts:',
          '  - name: varlog',
          '    mountPath: /var/log',
          '  - name: varlibdockercontainers',
          '    mountPath: /var/lib/docker/containers',
          '',
        ].join('\n'),
        after: [
          'daemonSetVolumes:',
          '  - name: varlog',
          '    hostPath:',
          '      path: /var/log',
          'daemonSetVolumeMounts:',
          '  - name: varlog',
          '    mountPath: /var/log',
          '',
        ].join('\n'),
      },
    },
    messages: {
      chartDefault: "this values file does not override daemonSetVolumes, so the chart's default still mounts /var/lib/docker/containers; add this override: {{override}}",
      chartDefaultDependency: "dependency {{chart}} takes no values from the chart's values.yaml, so its chart's default daemonSetVolumes still mount /var/lib/docker/containers; add this override under {{path}}: in values.yaml: {{override}}",
      chartDefaultUnlessFiles: "these values do not override daemonSetVolumes and the release's values files ({{files}}) are not read with them: unless one does, the chart's default still mounts /var/lib/docker/containers; add this override there: {{override}}",
      kept: 'daemonSetVolumes {{name}} ({{hostPath}}) kept because of --keep-docker-mount',
      dockerNodes: "Docker's directory kept ({{what}}): {{who}} runs only on Docker nodes ({{sign}}), where Fluent Bit still reads Docker's files; remove the release (or migrate it) when its node pool moves to {{runtime}}",
      dockerNodesSome: "Docker's directory kept ({{what}}): {{pinned}} of this release renders it and runs only on Docker nodes ({{sign}}), where Fluent Bit still reads Docker's files; {{others}} renders it too, where Docker's directory is empty on {{runtime}} nodes (harmless): give those their own list without it, or remove it when the Docker pool moves to {{runtime}}",
      volumeRemoved: "removed daemonSetVolumes entry {{name}} (hostPath {{hostPath}}): Docker's container directory is not used on {{runtime}} nodes",
      mountRemoved: 'removed daemonSetVolumeMounts entry {{name}} ({{mountPath}})',
      listVolumeRemoved: "removed {{list}} entry {{name}} (hostPath {{hostPath}}): Docker's container directory is not used on {{runtime}} nodes",
      listMountRemoved: 'removed {{list}} entry {{name}} ({{mountPath}}): its volume is removed',
      podLogsUnmounted: "{{list}}{{where}} mounts Docker's directory and none of the kubelet's log directories at its own path: on {{runtime}} nodes the container logs are read through /var/log/containers, whose symlinks point into {{podLogsDir}}, so without Docker's entry Fluent Bit reads no container logs; add a hostPath volume and mount for /var/log (or /var/log/containers and {{podLogsDir}}) at the same path",
      listReplaced: "{{list}} here is not rendered: a higher-precedence value set of the release gives {{list}} too, and Helm replaces a list wholesale; its Docker entries are left as they are (the list that wins is the one migrated)",
      listKept: '{{list}} entry {{name}} ({{hostPath}}) kept because of --keep-docker-mount',
      stableChartMount: "the stable/fluent-bit chart's DaemonSet template mounts /var/lib/docker/containers whatever the values say, and that directory is not used on {{runtime}} nodes; the chart is deprecated: move to the fluent/fluent-bit chart (https://fluent.github.io/helm-charts) or render it and migrate the output",
      cloudWatchChartMount: "the amazon-cloudwatch-observability chart's Fluent Bit DaemonSet template mounts /var/lib/docker/containers (read-only hostPath) whatever the values say; no value removes it, and on {{runtime}} nodes nothing there is read (the container logs come through its /var/log mount): nothing to change",
      bitnamiChartMount: "bitnami's fluent-bit chart (daemonset.enabled: true) mounts hostPath daemonset.hostPaths.containerLogs (default /var/lib/docker/containers) read-only at /var/lib/docker/containers whatever the values say; no value removes it, and on {{runtime}} nodes nothing there is read (the container logs come through its /var/log mount, daemonset.hostPaths.logs): nothing to change",
    },
  },
  create(context) {
    const { runtime, keepDockerMount, podLogsDir } = context.options;
    return {
      helmValues(values, file) {
        if (runtime === 'cri-dockerd') return;
        // Release-wide notes point at the values' first line, an empty range: they speak for no setting of their own.
        const whole = nodeAt(file, values.root);
        const root = { ...whole, end: whole.start };
        /** Where an entry's finding goes: the entry, or the values' first line for one without a place in this file. */
        const atOf = (item: VolumeInfo['item']): Located => (item.range ? nodeAt(file, item) : root);
        const removal = (entry: Pick<VolumeInfo, 'seq' | 'index'>): Fix => ({ target: file, edits: removeSeqItem(file.text, entry.seq, entry.index, 'helm-volumes') });
        // A release whose environments set its volumes is one workload per environment (a common set is in each): a list is
        // migrated when some environment renders it, and an environment without a list of its own gets the chart default's note.
        const workloads = context.deployment.workloadsOfValues(values);
        // The deployments of a release split per environment (an environment's set is in its own only; a common set in each).
        const split = (of: readonly Workload[]): Workload[] => of.filter((w) => w.releaseDeployment !== undefined);
        const workload = context.deployment.workloadOfValues(values);
        const setsOf = (w: Workload | undefined): readonly HelmValuesInfo[] => w?.valueSets ?? [values];
        const sets = setsOf(workload);
        const rendersAnywhere = (path: readonly (string | number)[]): boolean => (workloads.length === 0 ? [undefined] : workloads).some((w) => rendersFrom(setsOf(w), values, path));
        // Release-wide notes go on the highest-precedence values of the release, once.
        const isTop = sets[sets.length - 1] === values;
        // A release for a mixed cluster's Docker pool (nodeSelector/affinity on a runtime label): its Docker mounts stay.
        // A release split per environment: the environments pinned to Docker nodes among those rendering the values' list.
        const renderers = split(workloads).filter((w) => rendersFrom(setsOf(w), values, [values.volumesKey ?? 'daemonSetVolumes']));
        const pinnedSome = renderers.filter((w) => dockerNodesOf(w, context.options) !== undefined);
        const pinned = renderers.length > 0 ? (pinnedSome[0] ? dockerNodesOf(pinnedSome[0], context.options) : undefined) : dockerNodesOf(workload, context.options);
        const keepFor = (what: string, at: Located): boolean => {
          const name = (of: readonly Workload[]): string => of.map((w) => w.releaseDeployment ?? w.label).join(', ');
          if (pinned !== undefined && pinnedSome.length < renderers.length) {
            context.report({ severity: 'info', messageId: 'dockerNodesSome', data: { what, sign: pinned, pinned: name(pinnedSome), others: name(renderers.filter((w) => !pinnedSome.includes(w))), runtime }, at });
          } else if (pinned !== undefined) context.report({ severity: 'info', messageId: 'dockerNodes', data: { what, sign: pinned, runtime, who: renderers.length > 0 ? `${name(renderers)} of this release` : 'this release' }, at });
          return pinned !== undefined;
        };
        if (values.chartKind === 'stable-fluent-bit' && isTop && !keepDockerMount) {
          context.report({ severity: 'warning', messageId: 'stableChartMount', data: { runtime }, at: root });
        }
        if (values.chartKind === 'cloudwatch-observability' && isTop && !keepDockerMount) {
          context.report({ severity: 'info', messageId: 'cloudWatchChartMount', data: { runtime }, at: root });
        }
        // bitnami's chart is kind `other` (its own layout); its DaemonSet template always mounts Docker's directory, from
        // daemonset.hostPaths.containerLogs: said here when no set writes that value (a written one is the safety net's).
        if (values.chartKind === 'other' && isTop && !keepDockerMount && sets.some((v) => looksBitnami(v.root)) && !sets.some(writesContainerLogs)) {
          context.report({ severity: 'info', messageId: 'bitnamiChartMount', data: { runtime }, at: root });
        }
        if (values.isFluentBitChart) {
          // The deployments that run the chart's default list; said once, at the highest set that writes anything among the
          // sets they all share (one fix for them all), else at each one's.
          // The deployments of a release split per environment (an environment's set is in its own only; a common set in each).
          const release = split(workloads).length > 0 ? [...new Set(split(workloads).flatMap((w) => split(w.valueSets.flatMap((v) => context.deployment.workloadsOfValues(v)))))] : workload ? [workload] : [];
          const lacking = (release.length === 0 ? [undefined] : release).map(setsOf).filter((of) => !of.some((v) => v.present.daemonSetVolumes));
          // A kustomize patch file's set merged over the release in a build (its workload is the patch's): the release's sets speak.
          const releaseSets = (of: readonly HelmValuesInfo[]): readonly HelmValuesInfo[] => {
            const own = of.filter((v) => !context.deployment.workloadsOfValues(v).some((w) => w.patch !== undefined));
            return own.length > 0 ? own : of;
          };
          const speakerOf = (of: readonly HelmValuesInfo[]): HelmValuesInfo | undefined => [...releaseSets(of)].reverse().find((v) => v.root.items.length > 0) ?? of[of.length - 1];
          const shared = (lacking[0] ?? []).filter((v) => lacking.every((of) => of.includes(v)));
          const defaulted = shared.length > 0 ? (speakerOf(shared) === values ? shared : undefined) : lacking.find((of) => speakerOf(of) === values);
          if (defaulted) {
            const sets = defaulted;
            // Values files the release also takes (a helmfile's file items) that are not among its sets (not in the batch, a
            // templated name, a file other releases name too): they may hold the override. A file read as a set is merged here.
            // A split release's shared sets: an environment's file is read with them in its own deployment.
            // An environment file several releases name is read with them too (Workload.sharedFilesRead), chart values or not.
            const sharedRead = release.filter((w) => !setsOf(w).some((v) => v.present.daemonSetVolumes)).flatMap((w) => w.sharedFilesRead ?? []);
            const read = new Set([...sharedRead, ...lacking.flat().flatMap((v) => (v.release && v.rootPath.length === 0 && v.text === undefined ? [v.release.precedence] : []))]);
            const files = [...new Set(sets.flatMap((v) => (v.release?.valuesFiles ?? []).filter((f) => !read.has(f.precedence)).map((f) => f.name)))];
            const override = CHART_VOLUMES_OVERRIDE.replace(/\n/g, ' ⏎ ');
            // A release whose values file is in the batch (a multi-source `$values/...`): said once, in that file, where the
            // override goes. A file one release names is one of its sets (values36): then the release's own set speaks only when
            // it writes something. A file several releases name is judged on its own (fieldtest12): a release with values of
            // its own (an image tag in `valuesObject`) leaves the note to the file too.
            // Only a set of the release's manifest defers: a set that is a values file's whole document (a script's `-f` file alone) is that file.
            const inValuesFile = values.rootPath.length === 0 && values.text === undefined;
            const toValuesFile = !inValuesFile && values.release !== undefined && context.deployment.hasFluentBitValuesFile(values.release.id) && (values.root.items.length === 0 || sets.length === 1);
            // Said at the highest set that writes anything (a values file merged under an Argo CD source without values of its own), else the top one.
            const speaker = [...releaseSets(sets)].reverse().find((v) => v.root.items.length > 0) ?? sets[sets.length - 1];
            // A HelmRelease in a kustomize patch file patches a release of the batch, whose values speak for the chart's default list.
            const patchFile = workload?.patch !== undefined;
            if (!keepDockerMount && speaker === values && !toValuesFile && !patchFile && !keepFor("the chart's default daemonSetVolumes", root)) {
              if (values.dependency) context.report({ severity: 'warning', messageId: 'chartDefaultDependency', data: { ...values.dependency, override }, at: root });
              else if (files.length > 0) context.report({ severity: 'warning', messageId: 'chartDefaultUnlessFiles', data: { files: files.join(', '), override }, at: root });
              else context.report({ severity: 'warning', messageId: 'chartDefault', data: { override }, at: root });
            }
          }
          // A list a higher set of the release replaces (Helm merges the sets key by key, lists wholesale) is not rendered: not edited.
          const rendered = rendersAnywhere([values.volumesKey ?? 'daemonSetVolumes']);
          if (!rendered && values.daemonSetVolumesNode && values.daemonSetVolumes.some((x) => isDockerDataPath(x.hostPath))) {
            const list = values.volumesKey ?? 'daemonSetVolumes';
            context.consume(nodeAt(file, values.daemonSetVolumesNode));
            if (values.daemonSetVolumeMountsNode && !rendersAnywhere([values.volumeMountsKey ?? 'daemonSetVolumeMounts'])) context.consume(nodeAt(file, values.daemonSetVolumeMountsNode));
            const at = nodeAt(file, values.daemonSetVolumesNode);
            context.report({ severity: 'info', messageId: 'listReplaced', data: { list }, at: { ...at, end: at.start } });
          }
          for (const v of rendered ? values.daemonSetVolumes.filter((x) => isDockerDataPath(x.hostPath)) : []) {
            const data = { name: v.name ?? '', hostPath: v.hostPath ?? '' };
            if (!keepDockerMount && keepFor(`daemonSetVolumes ${data.name}, ${data.hostPath}`, atOf(v.item))) {
              for (const m of values.daemonSetVolumeMounts.filter((x) => mountsVolume(x, v))) context.consume(atOf(m.item));
              continue;
            }
            if (keepDockerMount) {
              context.report({ severity: 'info', messageId: 'kept', data, at: atOf(v.item) });
              continue;
            }
            // The mounts first: one whose removal is not made (`mountPath: ${DIR}` Flux writes: flux-variable says so) keeps its volume.
            let kept = false;
            for (const m of values.daemonSetVolumeMounts.filter((x) => mountsVolume(x, v))) {
              if (!context.report({ severity: 'change', messageId: 'mountRemoved', data: { name: m.name ?? '', mountPath: m.mountPath ?? '' }, at: atOf(m.item), fix: removal(m) })) kept = true;
            }
            if (!kept) context.report({ severity: 'change', messageId: 'volumeRemoved', data: { ...data, runtime }, at: atOf(v.item), fix: removal(v) });
          }
          // A rendered list whose Docker entry is the container's only way to the node's logs: once it is removed, the
          // deployments that render it (one environment of a release, or the release) mount none of the kubelet's log
          // directories. Said when every mount's volume is known.
          const list = values.volumesKey ?? 'daemonSetVolumes';
          if (rendered && !keepDockerMount && pinned === undefined && values.daemonSetVolumesNode && values.daemonSetVolumes.some((x) => isDockerDataPath(x.hostPath))) {
            const lacking = workloads.filter((w) => rendersFrom(setsOf(w), values, [list]) && w.containers.some((c) => c.runsFluentBit && c.mountsKnown && c.mounts.every((m) => m.volume !== undefined) && !mountsPodLogs(c, podLogsDir)));
            if (lacking.length > 0) {
              const named = deploymentNames(lacking);
              const at = nodeAt(file, values.daemonSetVolumesNode);
              context.report({ severity: 'warning', messageId: 'podLogsUnmounted', data: { list, where: named.length > 0 ? ` (${named.join(', ')})` : '', runtime, podLogsDir }, at: { ...at, end: at.start } });
            }
          }
        }
        // Any other list of volumes of values that run Fluent Bit.
        if (!workloads.some((w) => w.containers.some((c) => c.runsFluentBit))) return;
        const mountLists: { list: ValuesVolumeList; mount: VolumeMountInfo }[] = [
          ...values.volumeLists.flatMap((list) => list.mounts.map((mount) => ({ list, mount }))),
        ];
        for (const list of values.volumeLists) {
          if (!rendersAnywhere(list.path)) continue;
          for (const v of list.volumes.filter((x) => isDockerDataPath(x.hostPath))) {
            const data = { list: listName(list), name: v.name ?? '', hostPath: v.hostPath ?? '' };
            if (!keepDockerMount && keepFor(`${data.list} entry ${data.name}, ${data.hostPath}`, atOf(v.item))) {
              for (const { mount: m } of mountLists.filter((x) => mountsVolume(x.mount, v))) context.consume(atOf(m.item));
              continue;
            }
            if (keepDockerMount) {
              context.report({ severity: 'info', messageId: 'listKept', data, at: atOf(v.item) });
              continue;
            }
            context.report({ severity: 'change', messageId: 'listVolumeRemoved', data: { ...data, runtime }, at: atOf(v.item), fix: removal(v) });
            for (const { list: ml, mount: m } of mountLists.filter((x) => mountsVolume(x.mount, v))) {
              context.report({ severity: 'change', messageId: 'listMountRemoved', data: { list: listName(ml), name: m.name ?? '', mountPath: m.mountPath ?? '' }, at: atOf(m.item), fix: removal(m) });
            }
          }
        }
      },
    };
  },
});

/** Whether a container mounts the kubelet's pod logs directory (a hostPath on it or a parent, `/var/log`) at its own path. */
/**
 * The environments of split releases' workloads, each with its release when they are several releases' (a values file
 * several releases' environments name: `environment staging of helmfile release fb-a`).
 */
function deploymentNames(workloads: readonly Workload[]): string[] {
  const split = workloads.filter((w) => w.releaseDeployment !== undefined);
  const releaseOf = (w: Workload): string => w.id.slice(0, w.id.indexOf('/values/'));
  if (new Set(split.map(releaseOf)).size < 2) return split.map((w) => w.releaseDeployment as string);
  return split.map((w) => `${w.releaseDeployment} of ${w.label.slice(0, w.label.indexOf(' (') < 0 ? undefined : w.label.indexOf(' ('))}`);
}

function mountsPodLogs(c: Container, podLogsDir: string): boolean {
  return c.mounts.some((m) => {
    const source = m.volume?.source;
    const hostPath = source?.kind === 'hostPath' ? source.path : undefined;
    return hostPath !== undefined && m.mountPath !== undefined && m.subPath === undefined && !isDockerDataPath(hostPath) && covers(hostPath, podLogsDir) && samePath(m.mountPath, hostPath);
  });
}
