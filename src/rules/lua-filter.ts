import { criParsingInput, criPrefixLiterals } from './support/cri-prefix.js';
import { luaProcessors } from './support/multiline-rules.js';
import { pluginOf, valueOf } from './support/tail-target.js';
import { defineRule } from './types.js';

export const luaFilter = defineRule({
  meta: {
    id: 'lua-filter',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'Lua filters (and `lua` processors of YAML inputs): review field handling by hand; never rewritten',
      details: 'A Lua filter written for Docker records may read `record["log"]` expecting a trailing newline or JSON escaping, read `record["message"]` from the stock cri parser, or rely on Docker\'s `stream`/`time` fields. CRI records carry `_p`, no trailing newline and no JSON escaping (runtime-migration.md F#15). A `lua` processor in a YAML input\'s `processors.logs` reads the same records and is pointed at the same way. Scripts are code: flb-migrate points at them and never rewrites them.\n' +
        'A script that strips the CRI prefix by hand (a string literal reading the CRI line layout: the stream, `stdout|stderr` or `std%a+`, then the tag, `[FP]` or `F|P`, as in `string.match(record["log"], "^%S+ std%a+ [FP] (.*)$")`) was written for CRI lines a Docker parser left raw. Once the tail input reads them with multiline.parser docker, cri (or cri), the prefix is gone before the filter runs: that pattern matches nothing (string.match returns nil) or strips again. Each such literal of inline `code` is warned at its line.',
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
      criPrefix: 'Lua filter strips the CRI prefix by hand ({{pattern}}), but the migrated tail input ({{input}}) already removes it with {{parser}}: the pattern matches nothing there (a match or find returns nil) or strips again; remove that step from the script',
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
        const code = section.get('code');
        if (code === undefined) return;
        const input = criParsingInput(context.setup.configs.flatMap((c) => c.sections), context.setup.variables, context.options);
        if (input === undefined) return;
        const { target } = code.valueAt;
        const raw = target.text.slice(code.valueAt.start, code.valueAt.end);
        // A one-line value (classic `code`), or one with variables, is pointed at whole; a block at the literal's line.
        const whole = code.varRefs.length > 0 || !raw.includes('\n');
        for (const lit of criPrefixLiterals(code.varRefs.length > 0 ? valueOf(code, context.setup.variables) : raw)) {
          const at = whole ? code.valueAt : { target, start: code.valueAt.start + lit.start, end: code.valueAt.start + lit.end };
          context.report({ severity: 'warning', messageId: 'criPrefix', data: { pattern: lit.text, ...input }, at });
        }
      },
    };
  },
});

