import { isTrue } from './support/fluent-bit-values.js';
import { pluginOf, shownValue, valueOf } from './support/tail-target.js';
import { defineRule } from './types.js';

export const useJournal = defineRule({
  meta: {
    id: 'use-journal',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'kubernetes filter `Use_Journal On` (Docker journald driver only)',
      details: "`Use_Journal On` makes the kubernetes filter read pod metadata from journald fields that only Docker's journald log driver writes (runtime-migration.md F#16; KEP-2221 lists reading logs from the journald driver among the dockershim features removed). containerd and CRI-O write log files instead: remove the option and tail /var/log/containers. Reported, never rewritten.",
      example: {
        before: [
          '[INPUT]',
          '    Name            systemd',
          '    Tag             kube.*',
          '    Systemd_Filter  _SYSTEMD_UNIT=docker.service',
          '',
          '[FILTER]',
          '    Name         kubernetes',
          '    Match        kube.*',
          '    Use_Journal  On',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name              tail',
          '    Tag               kube.*',
          '    Path              /var/log/containers/*.log',
          '    multiline.parser  docker, cri',
          '',
          '[FILTER]',
          '    Name   kubernetes',
          '    Match  kube.*',
          '',
        ].join('\n'),
      },
    },
    messages: {
      useJournal: "{{key}} {{value}} only works with Docker's journald log driver, which containerd and CRI-O do not have: remove it and tail /var/log/containers",
    },
  },
  create(context) {
    return {
      filter(section) {
        const journal = pluginOf(section, context.setup.variables) === 'kubernetes' ? section.get('use_journal') : undefined;
        if (journal && isTrue(valueOf(journal, context.setup.variables))) context.report({ severity: 'warning', messageId: 'useJournal', data: { key: journal.key, value: shownValue(journal, context.setup.variables) }, at: journal.at });
      },
    };
  },
});
