import { configLoads } from './support/parser-load.js';
import { isTailInput, pluginOf, readsContainerLogs, tailTarget, shownValue, valueOf } from './support/tail-target.js';
import { isRuntimeParser, targetMultiline } from './support/tail-parser-plan.js';
import type { Section } from '../view/types.js';
import { defineRule } from './types.js';

export const containerJsonParser = defineRule({
  meta: {
    id: 'container-json-parser',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'tail inputs reading container logs with `Parser json` (or another JSON parser), and `parser` filters applying `Parser docker` to the raw lines of a tail input without a parser: CRI log lines are not JSON',
      details: [
        "On Docker each container log line is a JSON object, so any JSON parser (`Parser json`, or the setup's own `[PARSER]` with `Format json`) read it. containerd and CRI-O write CRI text lines (`<time> <stream> <P|F> <content>`): a JSON parser fails on every one of them and Fluent Bit ships the raw line (runtime-migration.md E.5, C.3).",
        'A `parser` filter with `Parser docker` (the Docker JSON line parser, applied to the raw line of a tail input that reads container logs with no parser of its own) fails the same way: it is reported at its Parser, with the same fix (parse at the input with the multiline parsers, drop the filter).',
        'Reported, not rewritten: the parser may also have been chosen for what the applications log. The fix is `multiline.parser docker, cri` on the input, and a `parser` filter (Key_Name log) or the kubernetes filter\'s Merge_Log for JSON application logs. cri-dockerd keeps Docker\'s JSON files: nothing is reported.',
      ].join('\n'),
      example: {
        before: [
          '[INPUT]',
          '    Name    tail',
          '    Tag     kube.*',
          '    Path    /var/log/containers/*.log',
          '    Parser  json',
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
          '    Name       kubernetes',
          '    Match      kube.*',
          '    Merge_Log  On',
          '',
        ].join('\n'),
      },
    },
    messages: {
      jsonParser: '{{key}} {{value}} is a JSON parser, but {{runtime}} writes CRI text lines, not JSON: it parses none of them; use {{newKey}} {{target}} instead, and a parser filter on `log` (or Merge_Log) for JSON application logs',
      dockerParserFilter: 'parser filter {{key}} {{value}} decodes Docker JSON lines, but {{runtime}} writes CRI text lines: it parses none of them; parse at the tail input with {{newKey}} {{target}} and remove this filter (or keep it only for Docker nodes)',
    },
  },
  create(context) {
    const { runtime, podLogsDir } = context.options;
    return {
      input(section) {
        if (runtime === 'cri-dockerd' || !isTailInput(section, context.setup.variables) || section.has('multiline.parser')) return;
        const parser = section.get('parser');
        const name = parser ? valueOf(parser, context.setup.variables) : '';
        // A name still holding a variable we cannot resolve tells nothing (unresolved-variable reports it).
        if (!parser || isRuntimeParser(name) || name.includes('${')) return;
        if (!readsContainerLogs(tailTarget(section, context.setup.variables, podLogsDir))) return;
        const loads = configLoads(context.runners, context.setup.configs, context.viewOf);
        const defined = loads.map((l) => l.parsers.get(name));
        // The stock `json`, or the setup's own JSON parser; a name no loaded file defines tells nothing.
        const json = defined.some((p) => p?.format === 'json') || (name === 'json' && defined.every((p) => p === undefined || p.format === 'json'));
        if (!json) return;
        context.report({
          severity: 'warning',
          messageId: 'jsonParser',
          data: { key: parser.key, value: shownValue(parser, context.setup.variables), runtime, newKey: section.config.spell('multiline.parser'), target: targetMultiline(context.options.criOnly) },
          at: parser.at,
        });
      },
      filter(section) {
        if (runtime === 'cri-dockerd' || pluginOf(section, context.setup.variables) !== 'parser') return;
        const docker = section.getAll('parser').filter((p) => valueOf(p, context.setup.variables) === 'docker');
        if (docker.length === 0) return;
        const { variables } = context.setup;
        // Only where a tail input reads container logs with no parser of its own: the filter then decodes the raw Docker JSON
        // line. Behind an input that parses (Parser docker, multiline.parser), Parser docker is a JSON parser of the application's text.
        const unparsed = (x: Section): boolean => !x.has('parser') && !x.has('multiline.parser') && !x.has('docker_mode');
        const tails = context.setup.configs.some((c) => c.sections.some((x) => x.kind === 'input' && isTailInput(x, variables) && unparsed(x) && readsContainerLogs(tailTarget(x, variables, podLogsDir))));
        if (!tails) return;
        for (const p of docker) {
          context.report({
            severity: 'warning',
            messageId: 'dockerParserFilter',
            data: { key: p.key, value: shownValue(p, variables), runtime, newKey: 'multiline.parser', target: targetMultiline(context.options.criOnly) },
            at: p.at,
          });
        }
      },
    };
  },
});
