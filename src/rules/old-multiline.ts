import { isTrue } from './support/fluent-bit-values.js';
import { isTailInput, readsContainerLogs, shownValue, tailTarget, valueOf } from './support/tail-target.js';
import { defineRule } from './types.js';

export const oldMultiline = defineRule({
  meta: {
    id: 'old-multiline',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'old-style `Multiline`/`Parser_Firstline` on container inputs',
      details: 'The old tail multiline mode (`Multiline On` with `Parser_Firstline`) runs on the raw line, before the CRI fields (time, stream, P/F flag) are parsed, so it cannot join application lines of a CRI log. Application multiline handling belongs in the multiline filter, after the runtime format is parsed, with a built-in multiline parser (go, java, python, ruby) or a `[MULTILINE_PARSER]` of your own (runtime-migration.md F#10). Reported on container inputs; never rewritten.',
      example: {
        before: [
          '[INPUT]',
          '    Name              tail',
          '    Tag               kube.*',
          '    Path              /var/log/containers/*.log',
          '    Parser            docker',
          '    Multiline         On',
          '    Parser_Firstline  java_first_line',
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
          '    Name                   multiline',
          '    Match                  kube.*',
          '    multiline.key_content  log',
          '    multiline.parser       java',
          '',
        ].join('\n'),
      },
    },
    messages: {
      oldMultiline: '{{key}} {{value}}: old-style multiline runs before the CRI fields are parsed; move application multiline handling to a [MULTILINE_PARSER] and the multiline filter',
    },
  },
  create(context) {
    return {
      input(section) {
        if (!isTailInput(section, context.setup.variables)) return;
        if (!readsContainerLogs(tailTarget(section, context.setup.variables, context.options))) return;
        const multiline = section.get('multiline');
        if (multiline && isTrue(valueOf(multiline, context.setup.variables))) context.report({ severity: 'warning', messageId: 'oldMultiline', data: { key: multiline.key, value: shownValue(multiline, context.setup.variables) }, at: multiline.at });
        const firstline = section.get('parser_firstline');
        if (firstline) context.report({ severity: 'warning', messageId: 'oldMultiline', data: { key: firstline.key, value: shownValue(firstline, context.setup.variables) }, at: firstline.at });
      },
    };
  },
});
