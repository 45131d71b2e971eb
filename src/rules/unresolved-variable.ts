import { hasDockerParserSettings, tailParserSettings, targetMultiline } from './support/tail-parser-plan.js';
import { formatVariables, isTailInput, readsContainerLogs, resolveVariables, tailTarget } from './support/tail-target.js';
import { defineRule } from './types.js';

export const unresolvedVariable = defineRule({
  meta: {
    id: 'unresolved-variable',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: '`${VAR}` in a Path or Parser value that no `@SET` in the input defines',
      details: [
        'Whether a tail input reads container logs, and which parser it uses, may hang on a variable: `Path ${LOG_DIR}/*.log`, `Parser ${PARSER}`. Variables are resolved from the setup\'s `@SET` lines (or YAML `env`); one that is set elsewhere (the container environment, a script) cannot be resolved, so flb-migrate does not guess.',
        'The input is reported with what to change if the variable points at container logs or names docker or cri; or define the variable with `@SET` in the config and let flb-migrate decide.',
      ].join('\n'),
      example: {
        before: [
          '[INPUT]',
          '    Name    tail',
          '    Tag     kube.*',
          '    Path    ${LOG_PATH}',
          '    Parser  docker',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name              tail',
          '    Tag               kube.*',
          '    Path              ${LOG_PATH}',
          '    multiline.parser  docker, cri',
          '',
        ].join('\n'),
      },
    },
    messages: {
      pathVariable: '{{key}} uses {{variables}} which flb-migrate cannot resolve; if it points at container logs, replace {{settings}} with {{newKey}} {{target}}',
      parserVariable: '{{key}} {{value}}: {{variables}} is not set in the files given; if it names docker or cri, it must become multiline.parser docker, cri',
    },
  },
  create(context) {
    const { variables } = context.setup;
    return {
      input(section) {
        if (!isTailInput(section)) return;
        const settings = tailParserSettings(section);
        const target = tailTarget(section, variables, context.options.podLogsDir);
        if (hasDockerParserSettings(settings) && !readsContainerLogs(target) && target.unresolved.length > 0) {
          const names = [...settings.runtimeParsers.map((p) => `${p.key} ${p.value}`), ...settings.dockerMode.map((p) => p.key)];
          context.report({
            severity: 'warning',
            messageId: 'pathVariable',
            data: {
              key: target.path?.key ?? 'Path',
              variables: formatVariables(target.unresolved),
              settings: names.length > 0 ? names.join(' / ') : 'the parser',
              newKey: section.config.spell('multiline.parser'),
              target: targetMultiline(context.options.criOnly),
            },
            at: target.path?.valueAt ?? section.at,
          });
        }
        for (const p of [...section.getAll('parser'), ...section.getAll('multiline.parser')]) {
          const unresolved = resolveVariables(p, variables).unresolved;
          if (unresolved.length > 0) context.report({ severity: 'warning', messageId: 'parserVariable', data: { key: p.key, value: p.value, variables: formatVariables(unresolved) }, at: p.valueAt });
        }
      },
    };
  },
});
