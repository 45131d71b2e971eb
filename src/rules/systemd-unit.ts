import { defineRule } from './types.js';

const DOCKER_UNIT = '_SYSTEMD_UNIT=docker.service';

export const systemdUnit = defineRule({
  meta: {
    id: 'systemd-unit',
    kind: 'change',
    severities: ['change', 'info'],
    docs: {
      summary: 'systemd input `_SYSTEMD_UNIT=docker.service` becomes `containerd.service` / `crio.service`',
      details: [
        "A systemd input that follows the container runtime's journal (`Systemd_Filter _SYSTEMD_UNIT=docker.service`) must follow the new runtime's unit: `containerd.service` or `crio.service` (the one place containerd and CRI-O differ, runtime-migration.md G.6).",
        'When the input already filters the new unit as well, the Docker filter is left in place (harmless while some nodes still run Docker) and reported. cri-dockerd keeps dockerd: nothing changes.',
      ].join('\n'),
      example: {
        before: '[INPUT]\n    Name            systemd\n    Systemd_Filter  _SYSTEMD_UNIT=docker.service\n',
        after: '[INPUT]\n    Name            systemd\n    Systemd_Filter  _SYSTEMD_UNIT=containerd.service\n',
      },
    },
    messages: {
      unitChanged: "{{key}} {{value}} -> {{unit}}: the node's runtime unit changes",
      alreadyFiltered: '{{value}} is left as is: {{unit}} is already filtered; remove it once no node runs Docker',
    },
  },
  create(context) {
    const { runtime } = context.options;
    const unit = runtime === 'containerd' ? 'containerd.service' : runtime === 'cri-o' ? 'crio.service' : undefined;
    return {
      input(section) {
        if (!unit || section.plugin !== 'systemd') return;
        const filters = section.getAll('systemd_filter');
        const hasTarget = filters.some((p) => p.value === `_SYSTEMD_UNIT=${unit}`);
        for (const p of filters) {
          if (p.value !== DOCKER_UNIT) continue;
          if (hasTarget) context.report({ severity: 'info', messageId: 'alreadyFiltered', data: { value: p.value, unit }, at: p.at });
          else context.report({ severity: 'change', messageId: 'unitChanged', data: { key: p.key, value: p.value, unit }, at: p.at, fix: p.replaceValue(`_SYSTEMD_UNIT=${unit}`) });
        }
      },
    };
  },
});
