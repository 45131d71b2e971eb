import type { Fix, Located } from '../view/types.js';
import type { FindingKind } from './run-rules.js';
import { defineRule, type MessageData } from './types.js';

/**
 * The change another rule would make on one item of a YAML list value that
 * the view cannot make exactly (view/types.ts Fix.refused). It has no
 * listener: the rule runner reports it in place of that change, with the
 * other rule's id and message, so no such change is ever silent or guessed.
 */
export const yamlListValue = defineRule({
  meta: {
    id: 'yaml-list-value',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'a change another rule needs on one item of a YAML list value (`parser: [docker, cri]`) that cannot be made in place: not made, reported at the item with what to do by hand',
      details: [
        'Fluent Bit\'s YAML format reads a list value as the key once per item: `multiline.parser: [docker, cri]` is `multiline.parser docker` then `multiline.parser cri` (flb_cf_yaml.c, conformance probes multiline-parser-list, repeat-add-flow-list). flb-migrate reads list items the same way, and edits them exactly: an item\'s value is replaced in its own quoting style, an item is removed with its comma or line (the whole key with the last item: `key: []` is an error in Fluent Bit), an item is added after another.',
        'One edit has no exact form: giving one item of a list of several another key (tail-parser turning `parser: [docker, x]` into `multiline.parser`). The item would have to leave the list, and where it goes changes the order Fluent Bit reads the keys in. flb-migrate does not guess: the change is not made, and this warning names the rule that wanted it, what it would have done, and the line to write by hand. (A single-valued key like tail\'s `parser` given as a list of two items is refused by Fluent Bit anyway: `set 2 times`.)',
      ].join('\n'),
      example: {
        before: 'pipeline:\n  inputs:\n    - name: tail\n      path: /var/log/containers/*.log\n      parser: [docker, docker]\n',
        after: 'pipeline:\n  inputs:\n    - name: tail\n      path: /var/log/containers/*.log\n      multiline.parser: docker, cri\n',
      },
    },
    messages: {
      notMade: '{{rule}} change not made: {{change}}; {{reason}}',
    },
  },
  create() {
    return {};
  },
});

/** The first refused fix among a report's fixes. */
export function refusedOf(fixes: readonly Fix[]): NonNullable<Fix['refused']> | undefined {
  return fixes.find((f) => f.refused !== undefined)?.refused;
}

/** The finding that stands for a change of `ruleId` (its message `template` filled with `data`) the view refused; at the refusal's item. */
export function notMadeFinding(ruleId: string, template: string, data: MessageData, refused: { readonly at: Located; readonly reason: string }): FindingKind {
  return { ruleId: yamlListValue.meta.id, messageId: 'notMade', data: { rule: ruleId, change: template.replace(/\{\{(\w+)\}\}/g, (m, name: string) => String(data[name] ?? m)), reason: refused.reason }, severity: 'warning' };
}
