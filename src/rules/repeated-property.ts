import { inConfigMap, inputConfigMap } from '../convert/plugin-registry.js';
import { translateYamlKey } from '../convert/c-string.js';
import { cLower } from '../source/c-text.js';
import { trimCSpace } from '../yaml/yaml-keys.js';
import type { Property, Section } from '../view/types.js';
import { splitList } from './support/fluent-bit-values.js';
import { isTailInput, retargetDockerPath, shownValue, valueOf } from './support/tail-target.js';
import { legacyParserTakesAway } from './legacy-parser.js';
import { tailParserTakesAway } from './tail-parser.js';
import { defineRule } from './types.js';

/** tail's single-valued list keys (FLB_CONFIG_MAP_CLIST): several patterns go in one value, comma-separated. */
const LIST_KEYS = new Set(['path', 'exclude_path']);

/**
 * The key as Fluent Bit stores it for the plugin (flb_input_set_property
 * gets it from the reader as is): classic keys are lower-cased by the reader;
 * YAML keys go through flb_cf_key_translate, which keeps a key that does not
 * start lower-case as written (`Path`), and flb_config_map_properties_check
 * counts repeats with strncmp, so `Path` and `path` in one YAML map are two
 * different keys to it (each matches the map entry case-insensitively).
 * A Fluent Operator input is rendered into classic keys.
 */
function storedKey(p: Property): string {
  return p.section.config.syntax === 'yaml' ? trimCSpace(translateYamlKey(p.key)) : p.name;
}

export const repeatedProperty = defineRule({
  meta: {
    id: 'repeated-property',
    kind: 'report',
    severities: ['warning'],
    withoutRuntime: true,
    docs: {
      summary: 'a single-valued tail property set more than once (two `Path` or `Parser` lines, `path:` as a list of two): Fluent Bit 1.4 and later refuse to start on it',
      details: [
        "Fluent Bit checks each input's properties against the plugin's config map before it starts it (src/flb_config_map.c flb_config_map_properties_check): a property not declared `FLB_CONFIG_MAP_MULT` that appears more than once is fatal, `[config] tail: configuration property 'path' is set 2 times`, and the pod crash-loops. For tail only `multiline.parser` may repeat (plugins/in_tail/tail.c). The engine's own properties (`Tag`, `Alias`, `Log_Level`, `Mem_Buf_Limit`, `storage.type`, ...; src/flb_input.c flb_input_set_property) are not checked: the last one wins, and they are not reported. The YAML format reads a list value as the key once per item, so `path: [a, b]` is two `path` (a one-item list is one).",
        'Configs written for Fluent Bit before 1.4 (tail got its config map then; older versions used the first value and ignored the rest) can hold two `Path` or two `Parser` lines. flb-migrate reports each extra occurrence that is still there after its own edits (a second `Parser docker` that tail-parser removes is not), with what to write instead: one `Path` (or `Exclude_Path`) with the patterns comma-separated, or, for any other key, one of them, naming the first, which old versions used. Nothing is rewritten: which value is meant is yours to say. Classic keys compare case-insensitively (the reader lower-cases them); in the YAML format `Path` and `path` are different keys to that check, as in Fluent Bit.',
        'It also runs under `--to-yaml` without `--runtime` (the YAML is refused the same way), on the config as written: no runtime edit takes a property away there.',
      ].join('\n'),
      example: {
        before: '[INPUT]\n    Name  tail\n    Path  /var/log/containers/*.log\n    Path  /var/log/app/*.log\n',
        after: '[INPUT]\n    Name  tail\n    Path  /var/log/containers/*.log, /var/log/app/*.log\n',
      },
    },
    messages: {
      joinPatterns: "tail's {{name}} is set {{count}} times ({{key}} {{value}} here): Fluent Bit 1.4 and later refuse to start (\"configuration property '{{name}}' is set {{count}} times\"); write one {{key}} with the patterns comma-separated: {{joined}}",
      samePatterns: "tail's {{name}} is set {{count}} times ({{key}} {{value}} here): Fluent Bit 1.4 and later refuse to start (\"configuration property '{{name}}' is set {{count}} times\"); remove this {{key}}: {{first}} already reads its files",
      keepOne: "tail's {{name}} is set {{count}} times ({{key}} {{value}} here): Fluent Bit 1.4 and later refuse to start (\"configuration property '{{name}}' is set {{count}} times\"); keep only the one you mean (Fluent Bit before 1.4 used the first, {{first}}) and remove the others",
    },
  },
  create(context) {
    const { variables } = context.setup;
    const { runtime, asWritten } = context.options;
    /** The patterns of a Path after tail-path, as written otherwise (a variable stays `${VAR}`; no runtime: as written). */
    const patternsAfter = (p: Property): string[] => {
      const retargeted = p.name === 'path' && runtime !== 'cri-dockerd' && asWritten !== true ? retargetDockerPath(valueOf(p, variables), context.options) : undefined;
      return splitList(retargeted ?? p.value);
    };
    const check = (section: Section): void => {
      const map = inputConfigMap('tail');
      if (!map) return;
      const byKey = new Map<string, Property[]>();
      const collect = (gone: ReadonlySet<Property> | undefined): void => {
        byKey.clear();
        for (const p of section.properties) {
          if (gone?.has(p) === true) continue;
          const key = storedKey(p);
          const name = cLower(key);
          if (!inConfigMap(map, name) || map.mult.has(name)) continue;
          byKey.set(key, [...(byKey.get(key) ?? []), p]);
        }
      };
      collect(undefined);
      // Nothing set twice as written: nothing set twice after the migration either (tail-parser and legacy-parser only take
      // properties away), so their decisions, which tail-parser and legacy-parser make again for themselves, are not asked for.
      if (![...byKey.values()].some((all) => all.length > 1)) return;
      // What tail-parser or legacy-parser remove or rewrite as multiline.parser is not there after the migration.
      if (asWritten !== true) collect(new Set([...tailParserTakesAway(section, context), ...legacyParserTakesAway(section, context)]));
      for (const [key, all] of byKey) {
        const [first, ...rest] = all;
        if (!first || rest.length === 0) continue;
        const name = cLower(key);
        const count = all.length;
        const firstShown = `${first.key} ${shownValue(first, variables)}`;
        // Each pattern with the occurrence that gives it first (after tail-path's retargeting).
        const owner = new Map<string, Property>(patternsAfter(first).map((x) => [x, first]));
        for (const p of rest) {
          const data = { name, count, key: p.key, value: shownValue(p, variables) };
          if (!LIST_KEYS.has(name)) {
            context.report({ severity: 'warning', messageId: 'keepOne', data: { ...data, first: firstShown }, at: p.at });
            continue;
          }
          const patterns = patternsAfter(p);
          const earlier = patterns.length > 0 && patterns.every((x) => owner.has(x)) ? owner.get(patterns[0] as string) : undefined;
          if (earlier) {
            context.report({ severity: 'warning', messageId: 'samePatterns', data: { ...data, first: `${earlier.key} ${patternsAfter(earlier).join(', ')}` }, at: p.at });
            continue;
          }
          const joined = [...new Set(all.flatMap(patternsAfter))].join(', ');
          context.report({ severity: 'warning', messageId: 'joinPatterns', data: { ...data, joined }, at: p.at });
          for (const x of patterns) if (!owner.has(x)) owner.set(x, p);
        }
      }
    };
    return {
      input(section) {
        if (isTailInput(section, variables)) check(section);
      },
    };
  },
});
