import { multilineRenderedAnywhere } from './support/operator-selectors.js';
import { nodeAt } from '../view/target.js';
import { firstMultilineRule, ruleFromStates } from './support/multiline-rules.js';
import { valueOf } from './support/tail-target.js';
import { defineRule } from './types.js';

/** Whether a rule's state, as written, names start_state among its from-states (flb_ml_rule_create). */
function startsFromStart(state: string): boolean {
  return ruleFromStates(state).includes('start_state');
}

export const multilineStartState = defineRule({
  meta: {
    id: 'multiline-start-state',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'regex multiline parsers whose first rule does not start from `start_state` (classic `[MULTILINE_PARSER]`, YAML `multiline_parsers`, Fluent Operator `ClusterMultilineParser`/`MultilineParser`): Fluent Bit refuses them at start',
      details: [
        'Fluent Bit creates the rules of a `type regex` multiline parser in order, and the first one must name `start_state` among its from-states (the state field, split at commas): otherwise `flb_ml_rule_create` logs "[multiline] rule don\'t contain a \'start_state\'", the parser is not created, and Fluent Bit stops reading the config (the parsers file, then the whole setup: v5.1.1 `--dry-run` rejects it, conformance case s1-1195, where a `start_state` rule comes second). Later rules may start anywhere.',
        'A Fluent Operator (Cluster)MultilineParser is rendered as a `[MULTILINE_PARSER]` with one `Rule "<start>" "<regex>" "<next>"` per `spec.rules` item, in order: its first item\'s `start` is judged the same way (a `start` holding a regex, not a state name, is the usual slip). Only the parsers the operator renders are judged: a ClusterMultilineParser that no ClusterFluentBitConfig of the batch\'s FluentBits selects by `multilineParserSelector` (and no namespaced FluentBitConfig by `clusterMultilineParserSelector`), or a MultilineParser no FluentBitConfig of its namespace selects, never reaches Fluent Bit (a batch without those configs: judged).',
        'Reported at the first rule whatever the runtime: not a Docker matter, but the migrated setup would not start either. Parsers of another type (`endswith`, `equal`) are not judged.',
      ].join('\n'),
      example: {
        before: '[MULTILINE_PARSER]\n    name  java\n    type  regex\n    rule  "cont"         "/^\\s+at .*/"   "cont"\n    rule  "start_state"  "/^\\d{4}-.*/"   "cont"\n',
        after: '[MULTILINE_PARSER]\n    name  java\n    type  regex\n    rule  "start_state"  "/^\\d{4}-.*/"   "cont"\n    rule  "cont"         "/^\\s+at .*/"   "cont"\n',
      },
    },
    messages: {
      noStartState: 'multiline parser {{parser}}: its first rule starts from {{state}}, not start_state, so Fluent Bit refuses the parser at start ("[multiline] rule don\'t contain a \'start_state\'") and the setup with it; make the first {{field}} start_state (move the start_state rule first){{operator}}',
    },
  },
  create(context) {
    const shown = (state: string): string => (state.trim() === '' ? 'an empty state' : `"${state.trim()}"`);
    return {
      config(view) {
        for (const section of view.sectionsOf('multiline_parser')) {
          const type = section.get('type');
          if (!type || valueOf(type, context.setup.variables).trim().toLowerCase() !== 'regex') continue;
          const first = firstMultilineRule(section, (p) => valueOf(p, context.setup.variables));
          if (!first || startsFromStart(first.state)) continue;
          const name = section.get('name');
          const parser = name ? valueOf(name, context.setup.variables) : '(unnamed)';
          const field = view.syntax === 'yaml' ? "rule's state" : "rule's state (its first field)";
          context.report({ severity: 'warning', messageId: 'noStartState', data: { parser, state: shown(first.state), field, operator: '' }, at: first.at });
        }
      },
      operatorMultilineParser(m, file) {
        if (!m.firstRule || (m.type ?? '').trim().toLowerCase() !== 'regex' || startsFromStart(m.firstRule.start)) return;
        // A parser no config selects is never rendered into parsers.conf: Fluent Bit never reads it.
        if (!multilineRenderedAnywhere(context.deployment, m, file.path)) return;
        const data = { parser: `${m.kind} ${m.name ?? ''}`.trim(), state: shown(m.firstRule.start), field: 'rules item\'s start', operator: ': the operator renders spec.rules in order, one Rule "<start>" "<regex>" "<next>" each' };
        context.report({ severity: 'warning', messageId: 'noStartState', data, at: nodeAt(file, m.firstRule.node) });
      },
    };
  },
});
