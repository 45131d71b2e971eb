import { shownValue, valueOf } from './support/tail-target.js';
import type { Section } from '../view/types.js';
import { configLoads, criCapturesLog } from './support/parser-load.js';
import { defineRule, type RuleListeners } from './types.js';

/** Keys that name or route, never read a record field. */
const NOT_FIELDS = new Set(['name', 'match', 'match_regex']);

function readsMessage(value: string): boolean {
  return /(^|[\s$'"])message(\s|$|['"\]])/.test(value) || /\$message\b/.test(value) || /record\[["']message["']\]/.test(value);
}

export const messageField = defineRule({
  meta: {
    id: 'message-field',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'filters and parsers reading `message`, when the setup used `Parser cri` (the content moves to `log`)',
      details: 'The stock `cri` parser puts the log content in `message`. Once tail-parser moves the input to the built-in multiline parsers, the content is in `log` (runtime-migration.md D.2, F#13), so filters, parsers and outputs that read `message` (Key_Name message, $message, record["message"]) silently stop matching. Reported with the exact line, only when the setup used `Parser cri` on container logs.',
      example: {
        before: [
          '[INPUT]',
          '    Name    tail',
          '    Tag     kube.*',
          '    Path    /var/log/containers/*.log',
          '    Parser  cri',
          '',
          '[FILTER]',
          '    Name      parser',
          '    Match     kube.*',
          '    Key_Name  message',
          '    Parser    json',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name    tail',
          '    Tag     kube.*',
          '    Path    /var/log/containers/*.log',
          '    multiline.parser docker, cri',
          '',
          '[FILTER]',
          '    Name      parser',
          '    Match     kube.*',
          '    Key_Name  log',
          '    Parser    json',
          '',
        ].join('\n'),
      },
    },
    messages: {
      readsMessage: '{{key}} {{value}} reads `message`; after the migration the log content is in `log`',
    },
  },
  create(context): RuleListeners {
    // The setup's own cri parser capturing `log` is not the stock one: the content never was in `message`.
    let stockCri: boolean | undefined;
    const check = (section: Section): void => {
      if (!context.setup.usesStockCriParser) return;
      stockCri ??= !criCapturesLog(configLoads(context.runners, context.setup.configs, context.viewOf));
      if (!stockCri) return;
      for (const p of section.properties) {
        if (!NOT_FIELDS.has(p.name) && readsMessage(valueOf(p, context.setup.variables))) context.report({ severity: 'warning', messageId: 'readsMessage', data: { key: p.key, value: shownValue(p, context.setup.variables) }, at: p.at });
      }
    };
    return { filter: check, parser: check, output: check };
  },
});
