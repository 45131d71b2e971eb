import type { ClassicTransform, RuleFinding } from './transform.js';

/**
 * Rules lua-filter and use-journal: things in filters a human must review
 * (runtime-migration.md F#15, F#16). Lua scripts are never rewritten.
 */
export const filterChecks: ClassicTransform = {
  id: 'filter-checks',
  description: 'report Lua filters and kubernetes Use_Journal',
  run(ctx) {
    const findings: RuleFinding[] = [];
    for (const s of ctx.model.sectionsOf('filter')) {
      if (s.plugin === 'lua') {
        const at = s.get('script') ?? s.get('code') ?? s.get('name');
        findings.push({ ruleId: 'lua-filter', severity: 'warning', message: 'Lua filter: review it for record["log"], record["message"], stream or time handling; CRI records carry _p, no trailing newline in log, and no JSON escaping', offset: at?.line.key.start ?? s.start });
      }
      if (s.plugin === 'kubernetes') {
        const j = s.get('use_journal');
        if (j && /^(on|true|yes)$/i.test(j.value)) {
          findings.push({ ruleId: 'use-journal', severity: 'warning', message: "Use_Journal On only works with Docker's journald log driver, which containerd and CRI-O do not have: remove it and tail /var/log/containers", offset: j.line.key.start });
        }
      }
    }
    return { edits: [], findings };
  },
};
