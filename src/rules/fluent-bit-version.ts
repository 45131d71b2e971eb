import { multilineSupport } from './support/multiline-support.js';
import { containerParserSettings, isChangeStep, planTailParser } from './support/tail-parser-plan.js';
import { defineRule } from './types.js';

export const fluentBitVersion = defineRule({
  meta: {
    id: 'fluent-bit-version',
    kind: 'report',
    severities: ['info'],
    docs: {
      summary: 'info: no image tag in the input, so Fluent Bit >= 1.8 was assumed',
      details: [
        '`multiline.parser` exists from Fluent Bit 1.8. The version is read from the batch\'s Fluent Bit images (a container image or Helm `image.tag`); when there is none, tail-parser assumes 1.8 or later and this note says so, once per classic config it changes, at its first change.',
        'Pass the DaemonSet or the Helm values along with the config to have the version checked. The YAML format and the Fluent Operator imply a Fluent Bit with multiline.parser, so they never get this note.',
      ].join('\n'),
    },
    messages: {
      assumed: 'no Fluent Bit image tag found in the input: assuming Fluent Bit >= 1.8 (multiline.parser); pass the DaemonSet or Helm values along to check',
    },
  },
  create(context) {
    return {
      config(config) {
        if (multilineSupport(config, context.version) !== 'assumed') return;
        for (const section of config.sections) {
          const settings = containerParserSettings(section, context.setup.variables, context.options);
          const first = settings && planTailParser(section, settings, context.options.criOnly).find(isChangeStep);
          if (first) {
            context.report({ severity: 'info', messageId: 'assumed', at: first.property.at });
            return;
          }
        }
      },
    };
  },
});
