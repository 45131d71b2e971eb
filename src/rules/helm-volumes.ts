import { nodeAt } from '../view/target.js';
import { removeSeqItem } from '../yaml/yaml-edits.js';
import { isDockerDataPath } from './support/host-paths.js';
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

export const helmVolumes = defineRule({
  meta: {
    id: 'helm-volumes',
    kind: 'change',
    severities: ['change', 'warning', 'info'],
    docs: {
      summary: 'fluent/fluent-bit chart values: Docker volume removed from daemonSetVolumes/daemonSetVolumeMounts; chart defaults in effect are reported with the override to add',
      details: [
        "Values files of the fluent/fluent-bit chart: a `daemonSetVolumes` entry that mounts Docker's directory (by hostPath) is removed with its `daemonSetVolumeMounts` entries, as docker-volume does for rendered manifests.",
        "A values file that does not set `daemonSetVolumes` runs with the chart's default, which still mounts /var/lib/docker/containers. Chart lists replace defaults wholesale and the right list depends on the chart version, so the full override to add is reported instead of inserted (runtime-migration.md G.3). Nothing changes for cri-dockerd; --keep-docker-mount keeps the entries.",
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
      kept: 'daemonSetVolumes {{name}} ({{hostPath}}) kept because of --keep-docker-mount',
      volumeRemoved: "removed daemonSetVolumes entry {{name}} (hostPath {{hostPath}}): Docker's container directory is not used on {{runtime}} nodes",
      mountRemoved: 'removed daemonSetVolumeMounts entry {{name}} ({{mountPath}})',
    },
  },
  create(context) {
    const { runtime, keepDockerMount } = context.options;
    return {
      helmValues(values, file) {
        if (!values.isFluentBitChart || runtime === 'cri-dockerd') return;
        const root = nodeAt(file, values.root);
        if (!values.present.daemonSetVolumes) {
          if (!keepDockerMount) context.report({ severity: 'warning', messageId: 'chartDefault', data: { override: CHART_VOLUMES_OVERRIDE.replace(/\n/g, ' ⏎ ') }, at: root });
          return;
        }
        for (const v of values.daemonSetVolumes.filter((x) => isDockerDataPath(x.hostPath))) {
          const data = { name: v.name ?? '', hostPath: v.hostPath ?? '' };
          const at = v.item.range ? nodeAt(file, v.item) : root;
          if (keepDockerMount) {
            context.report({ severity: 'info', messageId: 'kept', data, at });
            continue;
          }
          context.report({ severity: 'change', messageId: 'volumeRemoved', data: { ...data, runtime }, at, fix: { target: file, edits: removeSeqItem(file.text, v.seq, v.index, 'helm-volumes') } });
          for (const m of values.daemonSetVolumeMounts) {
            if (m.name === undefined || m.name !== v.name) continue;
            const mountAt = m.item.range ? nodeAt(file, m.item) : root;
            context.report({ severity: 'change', messageId: 'mountRemoved', data: { name: m.name, mountPath: m.mountPath ?? '' }, at: mountAt, fix: { target: file, edits: removeSeqItem(file.text, m.seq, m.index, 'helm-volumes') } });
          }
        }
      },
    };
  },
});
