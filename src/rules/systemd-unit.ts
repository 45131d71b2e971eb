import { isMap } from 'yaml';
import { nodeAt } from '../view/target.js';
import { getMap } from '../yaml/yaml-nodes.js';
import { isOperatorChartValues, listScalars, renderedHere, switchedOff, switchedOffReason } from './support/operator-chart-values.js';
import { pluginOf, shownValue, valueOf } from './support/tail-target.js';
import { deploymentsOf, perDeployment } from './support/deployments-of-values.js';
import { defineRule } from './types.js';

const DOCKER_UNIT = '_SYSTEMD_UNIT=docker.service';

export const systemdUnit = defineRule({
  meta: {
    id: 'systemd-unit',
    kind: 'report',
    severities: ['warning', 'info'],
    docs: {
      summary: 'systemd input `_SYSTEMD_UNIT=docker.service`: reported with the exact replacement line (`containerd.service` / `crio.service`), never rewritten',
      details: [
        "A systemd input that follows the container runtime's journal (`Systemd_Filter _SYSTEMD_UNIT=docker.service`) reads nothing once dockerd is gone; the new runtime's unit is `containerd.service` or `crio.service` (the one place containerd and CRI-O differ, runtime-migration.md G.6).",
        "runtime-migration.md F#17 says to flag it and offer the replacement: the line is reported with the line to write instead, and left as it is (the journal of the runtime daemon is the node's business: whether to follow the new unit, keep both while node pools move, or drop the input is a choice). When the input already filters the new unit as well, the Docker filter is reported as info (harmless while some nodes still run Docker). cri-dockerd keeps dockerd: nothing is reported.",
        "The fluent-operator chart's systemd ClusterInput is judged from its values the same way: the unit filters the chart takes from the user (`fluentbit.input.systemd.systemdFilter.filters`, or in older charts the list `fluentbit.input.systemd.systemdFilter`), in the value set Helm renders the list from; when the merged values switch the input off (`Kubernetes`, `fluentbit.enable`, `fluentbit.input.systemd.enable`/`enabled`, `systemdFilter.enable`: false, or null), the item is said as info (not rendered, to change if it is turned on again), as a switched-off tail input is (HELM_INPUT_DISABLED). The unit the chart derives from `containerRuntime` is operator-chart-runtime's.",
      ].join('\n'),
      example: {
        before: [
          '[INPUT]',
          '    Name            systemd',
          '    Tag             host.*',
          '    Systemd_Filter  _SYSTEMD_UNIT=docker.service',
          '    Systemd_Filter  _SYSTEMD_UNIT=kubelet.service',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name            systemd',
          '    Tag             host.*',
          '    Systemd_Filter  _SYSTEMD_UNIT=containerd.service',
          '    Systemd_Filter  _SYSTEMD_UNIT=kubelet.service',
          '',
        ].join('\n'),
      },
    },
    messages: {
      replaceUnit: '{{key}} {{value}} follows dockerd, which {{runtime}} nodes do not run: replace the line with `{{key}} _SYSTEMD_UNIT={{unit}}` (or add it, while some nodes still run Docker)',
      alreadyFiltered: '{{value}}{{where}} is left as is: {{unit}} is already filtered; remove it once no node runs Docker',
      replaceItem: '{{key}} item {{item}}{{where}} follows dockerd, which {{runtime}} nodes do not run: replace it with `{{next}}` (or add it, while some nodes still run Docker)',
      notRendered: '{{key}} item {{item}}{{where}} is not rendered: {{reason}}, so the chart makes no systemd input filtering it and Fluent Bit never reads it; left as is: replace it with `{{next}}` if it is turned on again',
      replaceField: '{{key}}: {{value}} follows dockerd, which {{runtime}} nodes do not run: set it to `_SYSTEMD_UNIT={{unit}}` (or add a filter for it, while some nodes still run Docker)',
    },
  },
  create(context) {
    const { runtime } = context.options;
    const unit = runtime === 'containerd' ? 'containerd.service' : runtime === 'cri-o' ? 'crio.service' : undefined;
    return {
      // The fluent-operator chart's systemd ClusterInput, rendered from `fluentbit.input.systemd`: its user list of filters.
      helmValues(values, file) {
        if (!unit || !isOperatorChartValues(values)) return;
        const systemd = ['fluentbit', 'input', 'systemd'];
        // Chart versions differ: `systemdFilter: [..]` (with `enabled`), or `systemdFilter: {enable, filters: [..]}`.
        const nested = isMap(getMap(getMap(getMap(getMap(values.root, 'fluentbit'), 'input'), 'systemd'), 'systemdFilter'));
        const path = nested ? [...systemd, 'systemdFilter', 'filters'] : [...systemd, 'systemdFilter'];
        const switches = [['Kubernetes'], ['fluentbit', 'enable'], [...systemd, 'enable'], [...systemd, 'enabled'], ...(nested ? [[...systemd, 'systemdFilter', 'enable']] : [])];
        const key = path.join('.');
        // Each deployment of the release (an environment) merges its own sets: the list may be rendered, or switched off, in some only.
        const verdicts = perDeployment(deploymentsOf(context.deployment, values), (sets) => {
          const list = renderedHere(sets, values, path);
          if (list === undefined) return undefined;
          // A switch off: the chart renders no systemd input (or no filter), so Fluent Bit never follows the unit; said, not warned.
          const off = switchedOff(sets, switches);
          return { list, reason: off === undefined ? undefined : switchedOffReason(off, values) };
        }, (v) => v.reason ?? '');
        const items = listScalars(verdicts[0]?.verdict.list);
        const hasTarget = items.some((i) => String(i.value).trim() === `_SYSTEMD_UNIT=${unit}`);
        for (const { verdict, where } of verdicts) {
          for (const item of items) {
            const value = String(item.value).trim();
            if (value !== DOCKER_UNIT) continue;
            if (verdict.reason !== undefined) context.report({ severity: 'info', messageId: 'notRendered', data: { key, item: DOCKER_UNIT, reason: verdict.reason, next: `_SYSTEMD_UNIT=${unit}`, where }, at: nodeAt(file, item) });
            else if (hasTarget) context.report({ severity: 'info', messageId: 'alreadyFiltered', data: { value, unit, where }, at: nodeAt(file, item) });
            else context.report({ severity: 'warning', messageId: 'replaceItem', data: { key, item: value, next: `_SYSTEMD_UNIT=${unit}`, runtime, where }, at: nodeAt(file, item) });
          }
        }
      },
      input(section) {
        if (!unit || pluginOf(section, context.setup.variables) !== 'systemd') return;
        const filters = section.getAll('systemd_filter');
        const hasTarget = filters.some((p) => valueOf(p, context.setup.variables) === `_SYSTEMD_UNIT=${unit}`);
        for (const p of filters) {
          if (valueOf(p, context.setup.variables) !== DOCKER_UNIT) continue;
          if (hasTarget) context.report({ severity: 'info', messageId: 'alreadyFiltered', data: { value: shownValue(p, context.setup.variables), unit, where: '' }, at: p.at });
          else if (section.config.syntax === 'operator' && p.at.start !== p.valueAt.start) {
            context.report({ severity: 'warning', messageId: 'replaceField', data: { key: p.key, value: shownValue(p, context.setup.variables), unit, runtime }, at: p.at });
          } else if (section.config.syntax === 'operator') {
            // A list item (`systemdFilter:` of the operator, the stable chart's `filters.systemdUnit` of unit names).
            const item = p.key === 'systemdUnit' ? 'docker.service' : p.value;
            const next = p.key === 'systemdUnit' ? unit : `_SYSTEMD_UNIT=${unit}`;
            context.report({ severity: 'warning', messageId: 'replaceItem', data: { key: p.key, item, next, runtime, where: '' }, at: p.at });
          } else context.report({ severity: 'warning', messageId: 'replaceUnit', data: { key: p.key, value: shownValue(p, context.setup.variables), unit, runtime }, at: p.at });
        }
      },
    };
  },
});
