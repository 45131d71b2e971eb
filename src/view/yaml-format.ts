import { isMap, isSeq, parseAllDocuments, type YAMLMap } from 'yaml';
import type { EmbeddedConfig } from '../discover/discovery-types.js';
import { createConfigView } from './config-view.js';
import { configTarget } from './target.js';
import type { ConfigVariable, ConfigView, SectionKind } from './types.js';
import { fluentBitScalarText, keyedPairs, normaliseYamlKey, trimCSpace } from '../yaml/yaml-keys.js';
import { yamlMapSection } from './yaml-map.js';
import { SOURCE_TOKEN_READ } from '../yaml/source-options.js';

/** `pipeline` lists and the top-level lists whose items are sections. */
const PIPELINE_LISTS: ReadonlyMap<string, SectionKind> = new Map([['inputs', 'input'], ['filters', 'filter'], ['outputs', 'output']]);
const TOP_LISTS: ReadonlyMap<string, SectionKind> = new Map([['parsers', 'parser'], ['multiline_parsers', 'multiline_parser']]);
/**
 * The sections whose list values Fluent Bit reads as the key once per item
 * (STATE_PLUGIN_VAL_LIST); in `service`, `parsers` and `multiline_parsers` a
 * list value is an error (probes parsers-file-list, parsers-decode-list),
 * so there it stays one property with no value.
 */
const PLUGIN_KINDS: ReadonlySet<SectionKind> = new Set(['input', 'filter', 'output']);

/**
 * The view of a YAML-format config (fluent-bit.yaml; fluent-bit-config-format.md
 * B): `service` is a section, every `pipeline.inputs|filters|outputs[]` and
 * `parsers[]` / `multiline_parsers[]` item is one, in document order; `env`
 * holds the variables. Keys are matched the way Fluent Bit translates them
 * (flb_cf_key_translate, trimmed); values are the scalars' text as libyaml
 * gives it (`0755`, `~` as written), trimmed; a list value (`key: [a, b]`,
 * block `- a`) is the key once per item, each item untrimmed, as Fluent Bit
 * reads it (NOTES.md "List values in YAML configs"); written keys use Fluent
 * Bit's names as they are.
 * A text of several documents is one config, as Fluent Bit reads it: every
 * document's sections and `env` in document order (NOTES.md "YAML configs of
 * several documents"); edits are offsets of the whole text, so each lands in
 * its own document. A text with a YAML error has no sections; a document
 * that is not a map adds none.
 */
export function yamlFormatView(config: EmbeddedConfig): ConfigView {
  const target = configTarget(config);
  const variables: ConfigVariable[] = [];
  const { view, sections } = createConfigView({ syntax: 'yaml', name: config.name, target, source: config, variables, spell: (name) => name, appendClassicBlock: undefined, insertClassicBlockBefore: undefined });
  const parsed = parseAllDocuments(config.text, SOURCE_TOKEN_READ);
  const docs = Array.isArray(parsed) ? parsed : [];
  if (docs.some((d) => d.errors.length > 0)) return view;
  const addItems = (list: unknown, kind: SectionKind): void => {
    if (!isSeq(list)) return;
    for (const item of list.items) if (isMap(item)) sections.push(yamlMapSection(view, item as YAMLMap, kind, undefined, normaliseYamlKey, fluentBitScalarText, PLUGIN_KINDS.has(kind)));
  };
  for (const top of docs.flatMap((d) => keyedPairs(d.contents))) {
    const value = top.pair.value;
    if (top.name === 'service' && isMap(value)) sections.push(yamlMapSection(view, value, 'service', '', normaliseYamlKey, fluentBitScalarText));
    else if (top.name === 'pipeline') {
      for (const list of keyedPairs(value)) {
        const kind = PIPELINE_LISTS.get(list.name);
        if (kind) addItems(list.pair.value, kind);
      }
    } else if (TOP_LISTS.has(top.name)) addItems(value, TOP_LISTS.get(top.name) as SectionKind);
    else if (top.name === 'env') {
      for (const v of keyedPairs(value, trimCSpace, fluentBitScalarText)) if (v.text !== undefined) variables.push({ name: v.name, value: v.text });
    }
  }
  return view;
}
