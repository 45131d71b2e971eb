import { shownValue, valueOf } from './support/tail-target.js';
import { isCloudWatchWindowsParsersPath } from '../discover/chart-kind.js';
import { agentCustomParsers, agentParserUses } from './support/logging-custom-parsers.js';
import { defineRule } from './types.js';

export const customParserName = defineRule({
  meta: {
    id: 'custom-parser-name',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'a user `[PARSER]` named docker or cri loaded next to the stock parsers.conf',
      details: "A parser section named `docker` or `cri` in a file Fluent Bit loads next to the image's stock parsers.conf (a chart's `customParsers` always is) collides with the stock definition: the first one wins, Fluent Bit stops reading the file that repeats the name, and from Fluent Bit 5.1 the duplicate stops startup (fluent-bit-config-format.md C.5, runtime-migration.md F#11). Rename it if it is customised (and point the `Parser` lines that want it at the new name), or delete it. A ConfigMap key named parsers.conf mounted over /fluent-bit/etc replaces the stock file, so its definitions collide with nothing and are not reported. A kube-logging agent's `customParsers` (Logging spec.fluentbit, FluentbitAgent) is loaded after the stock parsers.conf too: a docker or cri there is reported the same way, with the inputTail fields that get the stock parser instead. amazon-cloudwatch-observability's `configWindows.customParsers` is the Windows ConfigMap's parsers.conf, the only parsers file its Windows service loads: not reported.",
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
      operatorCollides:
        "{{kind}} customParsers [PARSER] named {{value}}: the operator loads customParsers after the stock parsers.conf, which already defines {{value}}, so {{used}}; Fluent Bit stops reading customParsers at this section{{rest}}, and Fluent Bit >= 5.1 refuses to start: rename it (and {{point}}) if it is customised, or delete it",
      collides: 'custom [PARSER] named {{value}} collides with the stock parsers.conf (the first definition wins; Fluent Bit >= 5.1 refuses to start): rename it if it is customised, or delete it',
    },
  },
  create(context) {
    return {
      loggingAgent(agent, file) {
        // kube-logging: configsecret.go writes customParsers as a file of its own and config.go loads it with a second Parsers_File, after parsers.conf.
        const custom = agentCustomParsers(agent, file);
        if (!custom) return;
        const uses = agentParserUses(agent, context.options.podLogsDir) ?? [];
        const kind = `${agent.kind} ${agent.name ?? ''}`.trim();
        custom.parsers.forEach((p, i) => {
          if (p.name !== 'docker' && p.name !== 'cri') return;
          const users = uses.filter((u) => u.name === p.name).map((u) => u.key);
          const used = users.length > 0 ? `the agent's ${users.join(', ')} ${p.name} ${users.length > 1 ? 'use' : 'uses'} the stock one, not this one` : 'this definition is never used';
          const later = custom.parsers.length - i - 1;
          const rest = later > 0 ? ` (the ${later === 1 ? 'parser' : `${later} parsers`} after it ${later === 1 ? 'is' : 'are'} not loaded)` : '';
          const point = users.length > 0 ? `point ${users.join(', ')} at the new name` : 'the fields that should use it';
          context.report({ severity: 'warning', messageId: 'operatorCollides', data: { kind, value: p.name, used, rest, point }, at: custom.at(p.nameAt.start, p.nameAt.end) });
        });
      },
      parser(section) {
        const name = section.get('name');
        const value = name ? valueOf(name, context.setup.variables) : '';
        if (!name || (value !== 'docker' && value !== 'cri')) return;
        // amazon-cloudwatch-observability's configWindows.customParsers is the Windows ConfigMap's parsers.conf (its service loads only that file).
        const windowsChartParsers = section.config.source !== undefined && isCloudWatchWindowsParsersPath(section.config.source.yamlPath);
        if (context.setup.loadsStockParsers && section.config.name !== 'parsers.conf' && !windowsChartParsers) {
          context.report({ severity: 'warning', messageId: 'collides', data: { value: shownValue(name, context.setup.variables) }, at: name.at });
        }
      },
    };
  },
});
