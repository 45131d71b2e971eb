import { describeVersion, multilineSupport } from './support/multiline-support.js';
import { containerParserSettings } from './support/tail-parser-plan.js';
import { defineRule } from './types.js';

/**
 * A single-line CRI parser under a NEW name that captures the content as
 * `log` (runtime-migration.md D.3 option B). Never named `cri`: a second
 * definition of `cri` collides with the stock parsers.conf
 * (fluent-bit-config-format.md C.5).
 */
const CRI_LOG_PARSER = 'cri-log';

const CRI_LOG_BLOCK = [
  '[PARSER]',
  `    Name        ${CRI_LOG_PARSER}`,
  '    Format      regex',
  '    Regex       ^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[^ ]*) (?<log>.*)$',
  '    Time_Key    time',
  '    Time_Format %Y-%m-%dT%H:%M:%S.%L%z',
  '    Time_Keep   On',
  '',
].join('\n');

export const legacyParser = defineRule({
  meta: {
    id: 'legacy-parser',
    kind: 'change',
    severities: ['change', 'warning'],
    docs: {
      summary: 'Fluent Bit < 1.8 (no multiline.parser): `Parser cri-log`, a CRI regex parser capturing `log`, added to the setup\'s parsers file (or a warning saying what to add where)',
      details: [
        'When the image tag in the batch says Fluent Bit is older than 1.8, `multiline.parser` does not exist yet. The tail input then gets `Parser cri-log`, a regex parser that splits a CRI line and keeps the content in `log` (where the stock `cri` parser would put it in `message`); its `[PARSER]` block is appended to the setup\'s parsers file, or a warning says what to add where when the batch has none.',
        'Docker_Mode* settings are removed. Partial (P) lines are not joined by a regex parser: upgrading to 1.8+ is the better fix, and a warning says so when the input already uses multiline.parser.',
      ].join('\n'),
      example: {
        before: '[INPUT]\n    Name    tail\n    Path    /var/log/containers/*.log\n    Parser  docker\n',
        after: '[INPUT]\n    Name    tail\n    Path    /var/log/containers/*.log\n    Parser  cri-log\n',
      },
    },
    messages: {
      replaceParser: '{{key}} {{value}} -> {{key}} {{parser}}: {{version}} has no multiline.parser, so a CRI regex parser that keeps the content in `log` is used (partial P lines are not joined; upgrading to >= 1.8 is better)',
      parserNotDefined: 'parser {{parser}} is not defined in the files given: add this to the parsers file your [SERVICE] Parsers_File loads: {{block}}',
      removeDockerMode: 'removed {{key}} {{value}}: Docker_Mode only understands Docker JSON',
      upgradeForMultiline: 'multiline.parser needs Fluent Bit 1.8 or later, but this runs {{version}}: upgrade the image',
    },
  },
  create(context) {
    return {
      input(section) {
        // cri-dockerd keeps Docker's JSON files: Parser docker is right for them, and 1.7 has nothing better.
        if (context.options.runtime === 'cri-dockerd' || multilineSupport(section.config, context.version) !== 'no') return;
        const settings = containerParserSettings(section, context.setup.variables, context.options);
        if (!settings) return;
        const version = describeVersion(context.version);
        const multiline = settings.multiline[0];
        if (multiline) {
          context.report({ severity: 'warning', messageId: 'upgradeForMultiline', data: { version }, at: multiline.at });
          return;
        }
        const [anchor, ...duplicates] = settings.runtimeParsers;
        if (anchor) {
          context.report({ severity: 'change', messageId: 'replaceParser', data: { key: anchor.key, value: anchor.value, parser: CRI_LOG_PARSER, version }, at: anchor.at, fix: anchor.replaceValue(CRI_LOG_PARSER) });
          if (!context.setup.definedParsers.has(CRI_LOG_PARSER)) {
            const parsersFile = context.setup.parsersFiles[0];
            if (parsersFile?.appendClassicBlock) context.fix(parsersFile.appendClassicBlock(CRI_LOG_BLOCK));
            else context.report({ severity: 'warning', messageId: 'parserNotDefined', data: { parser: CRI_LOG_PARSER, block: CRI_LOG_BLOCK.trim().replace(/\n\s*/g, ' | ') }, at: anchor.at });
          }
        }
        // The replaced parser covers its duplicates: they go with it.
        for (const p of duplicates) context.fix(p.remove());
        for (const p of settings.dockerMode) context.report({ severity: 'change', messageId: 'removeDockerMode', data: { key: p.key, value: p.value }, at: p.at, fix: p.remove() });
      },
    };
  },
});
