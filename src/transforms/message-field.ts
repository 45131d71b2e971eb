import type { ClassicTransform, RuleFinding } from './transform.js';

/**
 * Rule message-field: once `Parser cri` becomes `multiline.parser`, the
 * content moves from `message` to `log` (runtime-migration.md D.2, F#13), so
 * filters and parsers that read `message` are reported with their exact line.
 * Only when the setup used the stock `Parser cri` (otherwise nothing produced
 * `message` from the runtime's log line).
 */
export const messageField: ClassicTransform = {
  id: 'message-field',
  description: 'report filters and parsers reading `message` after Parser cri is migrated',
  run(ctx) {
    const findings: RuleFinding[] = [];
    if (!ctx.setup.usesStockCriParser) return { edits: [], findings };
    for (const s of ctx.model.sections) {
      if (s.type !== 'filter' && s.type !== 'parser' && s.type !== 'output') continue;
      for (const e of s.entries) {
        if (e.name === 'name' || e.name === 'match' || e.name === 'match_regex') continue;
        const reads = /(^|[\s$'"])message(\s|$|['"\]])/.test(e.value) || /\$message\b/.test(e.value) || /record\[["']message["']\]/.test(e.value);
        if (reads) {
          findings.push({ ruleId: 'message-field', severity: 'warning', message: `${e.key} ${e.value} reads \`message\`; after the migration the log content is in \`log\``, offset: e.line.key.start });
        }
      }
    }
    return { edits: [], findings };
  },
};
