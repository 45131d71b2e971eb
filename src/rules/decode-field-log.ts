import { shownValue, valueOf } from './support/tail-target.js';
import { defineRule } from './types.js';

export const decodeFieldLog = defineRule({
  meta: {
    id: 'decode-field-log',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: '`Decode_Field_As ... log` (assumes Docker JSON escaping)',
      details: "`Decode_Field_As escaped log` (or `json`) in a parser undoes the JSON escaping Docker's json-file driver applies to `log`. CRI content is raw text, never escaped, so the decoder is not needed and can mangle backslashes (runtime-migration.md F#12; discouraged since Fluent Bit 1.2). Reported, never rewritten.",
      example: {
        before: [
          '[PARSER]',
          '    Name             docker_decode',
          '    Format           json',
          '    Time_Key         time',
          '    Time_Format      %Y-%m-%dT%H:%M:%S.%L',
          '    Decode_Field_As  escaped  log',
          '',
        ].join('\n'),
        after: [
          '[PARSER]',
          '    Name             docker_decode',
          '    Format           json',
          '    Time_Key         time',
          '    Time_Format      %Y-%m-%dT%H:%M:%S.%L',
          '',
        ].join('\n'),
      },
    },
    messages: {
      decodesLog: "{{key}} {{value}} assumes Docker's JSON-escaped log field; CRI content is raw text, so this decoder is not needed (and is discouraged since Fluent Bit 1.2)",
    },
  },
  create(context) {
    return {
      parser(section) {
        for (const p of [...section.getAll('decode_field_as'), ...section.getAll('decode_field')]) {
          if (valueOf(p, context.setup.variables).split(/\s+/)[1] === 'log') context.report({ severity: 'warning', messageId: 'decodesLog', data: { key: p.key, value: shownValue(p, context.setup.variables) }, at: p.at });
        }
      },
    };
  },
});
