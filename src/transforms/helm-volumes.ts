import type { Edit } from '../source/edit.js';
import type { Discovery, HelmValuesInfo } from '../discover/discovery-types.js';
import { removeSeqItem } from '../yaml/yaml-edits.js';
import type { RuleFinding } from './transform.js';
import { isDockerDataPath } from './docker-paths.js';
import type { ResolvedOptions } from './transform.js';

const ID = 'helm-volumes';

/** The override a values file needs when the chart's default volumes are in effect (runtime-migration.md G.3). */
export const CHART_VOLUMES_OVERRIDE = [
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

/**
 * Rule helm-volumes: values files of the fluent/fluent-bit chart.
 * - `daemonSetVolumes` / `daemonSetVolumeMounts` that mount Docker's
 *   directory (by hostPath) lose that volume and its mounts.
 * - When the file does not override them, the chart's default still mounts
 *   /var/lib/docker/containers: reported with the override to add (chart
 *   lists replace defaults wholesale, so the whole list is restated).
 */
export function helmVolumes(discovery: Discovery, values: HelmValuesInfo, options: ResolvedOptions): { edits: Edit[]; findings: RuleFinding[] } {
  const edits: Edit[] = [];
  const findings: RuleFinding[] = [];
  if (!values.isFluentBitChart || options.runtime === 'cri-dockerd') return { edits, findings };
  const at = values.root.range?.[0] ?? 0;
  if (!values.present.daemonSetVolumes) {
    if (!options.keepDockerMount) {
      findings.push({ ruleId: ID, severity: 'warning', message: `this values file does not override daemonSetVolumes, so the chart's default still mounts /var/lib/docker/containers; add this override: ${CHART_VOLUMES_OVERRIDE.replace(/\n/g, ' ⏎ ')}`, offset: at });
    }
    return { edits, findings };
  }
  const docker = values.daemonSetVolumes.filter((v) => isDockerDataPath(v.hostPath));
  for (const v of docker) {
    if (options.keepDockerMount) {
      findings.push({ ruleId: ID, severity: 'info', message: `daemonSetVolumes ${v.name ?? ''} (${v.hostPath}) kept because of --keep-docker-mount`, offset: v.item.range?.[0] ?? at });
      continue;
    }
    edits.push(...removeSeqItem(discovery.text, v.seq, v.index, ID));
    findings.push({ ruleId: ID, severity: 'change', message: `removed daemonSetVolumes entry ${v.name ?? ''} (hostPath ${v.hostPath}): Docker's container directory is not used on ${options.runtime} nodes`, offset: v.item.range?.[0] ?? at });
    for (const m of values.daemonSetVolumeMounts) {
      if (m.name !== undefined && m.name === v.name) {
        edits.push(...removeSeqItem(discovery.text, m.seq, m.index, ID));
        findings.push({ ruleId: ID, severity: 'change', message: `removed daemonSetVolumeMounts entry ${m.name} (${m.mountPath ?? ''})`, offset: m.item.range?.[0] ?? at });
      }
    }
  }
  return { edits, findings };
}
