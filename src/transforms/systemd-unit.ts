import type { Edit } from '../source/edit.js';
import { replaceValue } from '../view/classic-entry-edits.js';
import type { ClassicTransform, RuleFinding } from './transform.js';

const ID = 'systemd-unit';

/**
 * Rule systemd-unit: a systemd input filtering on Docker's unit
 * (`Systemd_Filter _SYSTEMD_UNIT=docker.service`) follows the runtime's unit:
 * `containerd.service` or `crio.service` (the one place containerd and CRI-O
 * differ, runtime-migration.md G.6). cri-dockerd keeps dockerd: no change.
 */
export const systemdUnit: ClassicTransform = {
  id: ID,
  description: 'systemd input: _SYSTEMD_UNIT=docker.service follows the runtime',
  run(ctx) {
    const edits: Edit[] = [];
    const findings: RuleFinding[] = [];
    const unit = ctx.options.runtime === 'containerd' ? 'containerd.service' : ctx.options.runtime === 'cri-o' ? 'crio.service' : undefined;
    if (!unit) return { edits, findings };
    for (const section of ctx.model.sections) {
      if (section.type !== 'input' || section.plugin !== 'systemd') continue;
      const filters = section.getAll('systemd_filter');
      const hasTarget = filters.some((e) => e.value === `_SYSTEMD_UNIT=${unit}`);
      for (const e of filters) {
        if (e.value !== '_SYSTEMD_UNIT=docker.service') continue;
        if (hasTarget) {
          findings.push({ ruleId: ID, severity: 'info', message: `_SYSTEMD_UNIT=docker.service is left as is: ${unit} is already filtered; remove it once no node runs Docker`, offset: e.line.key.start });
          continue;
        }
        edits.push(replaceValue(e, `_SYSTEMD_UNIT=${unit}`, ID));
        findings.push({ ruleId: ID, severity: 'change', message: `Systemd_Filter _SYSTEMD_UNIT=docker.service -> ${unit}: the node's runtime unit changes`, offset: e.line.key.start });
      }
    }
    return { edits, findings };
  },
};
