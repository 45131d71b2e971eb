import { luaProcessors } from './support/multiline-rules.js';
import { pluginOf } from './support/tail-target.js';
import { defineRule } from './types.js';

export const luaFilter = defineRule({
  meta: {
    id: 'lua-filter',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'Lua filters (and `lua` processors of YAML inputs): review field handling by hand; never rewritten',
      details: 'A Lua filter written for Docker records may read `record["log"]` expecting a trailing newline or JSON escaping, read `record["message"]` from the stock cri parser, or rely on Docker\'s `stream`/`time` fields. CRI records carry `_p`, no trailing newline and no JSON escaping (runtime-migration.md F#15). A `lua` processor in a YAML input\'s `processors.logs` reads the same records and is pointed at the same way. Scripts are code: flb-migrate points at them and never rewrites them.',
      example: {
        before: [
          'pipeline:',
          '  filters:',
          '    - name: lua',
          '      match: kube.*',
          '      call: add_level',
          '      code: |',
          '        function add_level(tag, ts, record)',
          '          record["level"] = string.match(record["message"], "^(%u+)")',
          '          return 2, ts, record',
          '        end',
          '',
        ].join('\n'),
        after: [
          'pipeline:',
          '  filters:',
          '    - name: lua',
          '      match: kube.*',
          '      call: add_level',
          '      code: |',
          '        function add_level(tag, ts, record)',
          '          record["level"] = string.match(record["log"], "^(%u+)")',
          '          return 2, ts, record',
          '        end',
          '',
        ].join('\n'),
      },
    },
    messages: {
      review: 'Lua filter: review it for record["log"], record["message"], stream or time handling; CRI records carry _p, no trailing newline in log, and no JSON escaping',
    },
  },
  create(context) {
    return {
      input(section) {
        for (const at of luaProcessors(section)) context.report({ severity: 'warning', messageId: 'review', at });
      },
      filter(section) {
        if (pluginOf(section, context.setup.variables) !== 'lua') return;
        context.report({ severity: 'warning', messageId: 'review', at: (section.get('script') ?? section.get('code') ?? section.get('name'))?.at ?? section.at });
      },
    };
  },
});
