import { shownValue, valueOf } from './support/tail-target.js';
import { defineRule } from './types.js';

export const customParserName = defineRule({
  meta: {
    id: 'custom-parser-name',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'a user `[PARSER]` named docker or cri loaded next to the stock parsers.conf',
      details: "A parser section named `docker` or `cri` in a file Fluent Bit loads next to the image's stock parsers.conf (a chart's `customParsers` always is) collides with the stock definition: the first one wins, Fluent Bit stops reading the file that repeats the name, and from Fluent Bit 5.1 the duplicate stops startup (fluent-bit-config-format.md C.5, runtime-migration.md F#11). Rename it if it is customised (and point the `Parser` lines that want it at the new name), or delete it. A ConfigMap key named parsers.conf mounted over /fluent-bit/etc replaces the stock file, so its definitions collide with nothing and are not reported.",
      example: {
        before: [
          'config:',
          '  customParsers: |',
          '    [PARSER]',
          '        Name        docker',
          '        Format      json',
          '        Time_Key    time',
          '        Time_Format %Y-%m-%dT%H:%M:%S.%L',
          '        Time_Keep   On',
          '',
        ].join('\n'),
        after: [
          'config:',
          '  customParsers: |',
          '    [PARSER]',
          '        Name        docker_custom',
          '        Format      json',
          '        Time_Key    time',
          '        Time_Format %Y-%m-%dT%H:%M:%S.%L',
          '        Time_Keep   On',
          '',
        ].join('\n'),
      },
    },
    messages: {
      collides: 'custom [PARSER] named {{value}} collides with the stock parsers.conf (the first definition wins; Fluent Bit >= 5.1 refuses to start): rename it if it is customised, or delete it',
    },
  },
  create(context) {
    return {
      parser(section) {
        const name = section.get('name');
        const value = name ? valueOf(name, context.setup.variables) : '';
        if (!name || (value !== 'docker' && value !== 'cri')) return;
        if (context.setup.loadsStockParsers && section.config.name !== 'parsers.conf') {
          context.report({ severity: 'warning', messageId: 'collides', data: { value: shownValue(name, context.setup.variables) }, at: name.at });
        }
      },
    };
  },
});
