import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type YAMLMap } from 'yaml';
import { keyedPairs } from '../../yaml/yaml-keys.js';
import { nodeAt } from '../../view/target.js';
import type { ConfigView, Located, Property, Section } from '../../view/types.js';

/*
 * The rule regexes of multiline parsers, and the multiline processors of YAML
 * inputs, which the view does not model (a `rules:` or `processors:` value is a
 * list of maps: one property with no value). Fluent Bit reads a rule as three
 * strings, state, regex and next state (classic `rule "start_state" "/re/"
 * "cont"`, flb_ml_parser.c / flb_parser.c multiline_parser_conf_file; YAML
 * `rules: [{state, regex, next_state}]`, flb_cf_yaml.c), the regex between
 * slashes.
 */

/** One rule regex of a multiline parser, without its slashes, and where it is written. */
export interface MultilineRuleRegex {
  readonly regex: string;
  readonly at: Located;
}

/** The regex of a classic `rule` value (`"start_state" "/^x/" "cont"`): from the first `"/` to the last `/"`. */
function classicRuleRegex(value: string): string | undefined {
  const start = value.indexOf('"/');
  const end = value.lastIndexOf('/"');
  return start >= 0 && end > start + 1 ? value.slice(start + 2, end) : undefined;
}

const parsedDocs = new WeakMap<ConfigView, readonly Document.Parsed[]>();

/** The YAML documents of a YAML-format view (parsed once per view). */
function docsOf(view: ConfigView): readonly Document.Parsed[] {
  let docs = parsedDocs.get(view);
  if (docs === undefined) {
    const parsed = view.source ? parseAllDocuments(view.source.text, { keepSourceTokens: false, uniqueKeys: false, prettyErrors: false }) : [];
    docs = Array.isArray(parsed) && parsed.every((d) => d.errors.length === 0) ? parsed : [];
    parsedDocs.set(view, docs);
  }
  return docs;
}

/** The YAML map a section of a YAML-format view was read from (by its range). */
function sectionMap(section: Section, lists: readonly string[]): YAMLMap | undefined {
  for (const doc of docsOf(section.config)) {
    for (const top of keyedPairs(doc.contents)) {
      const seqs = top.name === 'pipeline' ? keyedPairs(top.pair.value).filter((p) => lists.includes(p.name)) : lists.includes(top.name) ? [top] : [];
      for (const s of seqs) {
        if (!isSeq(s.pair.value)) continue;
        for (const item of s.pair.value.items) if (isMap(item) && item.range?.[0] === section.at.start) return item;
      }
    }
  }
  return undefined;
}

/** A rule regex as written in YAML (a YAML config's rule, a Fluent Operator multiline parser's), without its slashes. */
export function bareRuleRegex(value: string): string {
  const text = value.trim();
  return text.length > 1 && text.startsWith('/') && text.endsWith('/') ? text.slice(1, -1) : text;
}

/** The rule regexes of a `[MULTILINE_PARSER]` / `multiline_parsers[]` section, in order; `valueOf` gives a classic value as Fluent Bit expands it. */
export function multilineRuleRegexes(section: Section, valueOf: (p: Property) => string): MultilineRuleRegex[] {
  if (section.config.syntax === 'classic') {
    return section.getAll('rule').flatMap((p) => {
      const regex = classicRuleRegex(valueOf(p));
      return regex === undefined ? [] : [{ regex, at: p.valueAt }];
    });
  }
  if (section.config.syntax !== 'yaml') return [];
  const rules = keyedPairs(sectionMap(section, ['multiline_parsers'])).find((p) => p.name === 'rules')?.pair.value;
  if (!isSeq(rules)) return [];
  return rules.items.flatMap((rule) => {
    const regex = keyedPairs(rule).find((p) => p.name === 'regex')?.pair.value;
    if (!isScalar(regex) || typeof regex.value !== 'string') return [];
    return [{ regex: bareRuleRegex(regex.value), at: nodeAt(section.config.target, regex) }];
  });
}

/** The `processors.logs` items of a YAML input named `plugin` (`multiline`, `parser`, `lua`), each as its keyed pairs. */
function logProcessors(input: Section, plugin: string): ReturnType<typeof keyedPairs>[] {
  if (input.config.syntax !== 'yaml') return [];
  const logs = keyedPairs(keyedPairs(sectionMap(input, ['inputs'])).find((p) => p.name === 'processors')?.pair.value).find((p) => p.name === 'logs')?.pair.value;
  if (!isSeq(logs)) return [];
  return logs.items.map((processor) => keyedPairs(processor)).filter((pairs) => pairs.find((p) => p.name === 'name')?.text?.toLowerCase() === plugin);
}

/** The names a list-or-comma value holds (`docker, cri`, `[docker, cri]`), each with where the value is written. */
function namesOf(input: Section, value: unknown): { readonly name: string; readonly at: Located }[] {
  const names = isSeq(value) ? value.items.flatMap((i) => (isScalar(i) ? [String(i.value)] : [])) : isScalar(value) ? String(value.value).split(',') : [];
  return names.map((n) => ({ name: n.trim(), at: nodeAt(input.config.target, isScalar(value) || isSeq(value) ? value : undefined) })).filter((n) => n.name !== '');
}

/** The multiline parser names a YAML input's `processors.logs` multiline processors use, each with where it is written. */
export function multilineProcessorParsers(input: Section): { readonly name: string; readonly at: Located }[] {
  return logProcessors(input, 'multiline').flatMap((pairs) => pairs.filter((p) => p.name === 'multiline.parser').flatMap((p) => namesOf(input, p.pair.value)));
}

/** The parsers a YAML input's `processors.logs` parser processors apply to `key_name` (Fluent Bit's parser filter, run as a processor). */
export function parserProcessorParsers(input: Section): { readonly name: string; readonly keyName: string | undefined; readonly at: Located }[] {
  return logProcessors(input, 'parser').flatMap((pairs) => {
    const keyName = pairs.find((p) => p.name === 'key_name')?.text;
    return pairs.filter((p) => p.name === 'parser').flatMap((p) => namesOf(input, p.pair.value).map((n) => ({ ...n, keyName })));
  });
}

/** A `lua` processor of a YAML input's `processors.logs`: where it is named, and its `code` and `script` values (scalars). */
export interface LuaProcessor {
  readonly at: Located;
  readonly code?: { readonly text: string; readonly at: Located };
  readonly script?: { readonly text: string; readonly at: Located };
}

/** The `lua` processors of a YAML input's `processors.logs`, in order. */
export function luaProcessors(input: Section): LuaProcessor[] {
  return logProcessors(input, 'lua').flatMap((pairs) => {
    const name = pairs.find((p) => p.name === 'name')?.pair.value;
    if (!isScalar(name)) return [];
    const scalar = (key: string): { text: string; at: Located } | undefined => {
      const p = pairs.find((x) => x.name === key);
      return p?.value === undefined || p.text === undefined ? undefined : { text: p.text, at: nodeAt(input.config.target, p.value) };
    };
    const code = scalar('code');
    const script = scalar('script');
    return [{ at: nodeAt(input.config.target, name), ...(code ? { code } : {}), ...(script ? { script } : {}) }];
  });
}

/** The from-states of a rule as Fluent Bit splits them (flb_ml_rule_create: the state string split at commas). */
export function ruleFromStates(state: string): string[] {
  return state.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The state (first field) of a classic rule value, `"start_state,cont" "/re/" "next"`: the first quoted token, else the first word. */
function classicRuleState(value: string): string {
  const text = value.trim();
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    return end > 0 ? text.slice(1, end) : text.slice(1);
  }
  let end = 0;
  while (end < text.length && text[end] !== ' ' && text[end] !== '\t') end++;
  return text.slice(0, end);
}

/** The first rule of a `[MULTILINE_PARSER]` / `multiline_parsers[]` section: its state as written and where it is; undefined with no rule. */
export function firstMultilineRule(section: Section, valueOf: (p: Property) => string): { readonly state: string; readonly at: Located } | undefined {
  if (section.config.syntax === 'classic') {
    const first = section.getAll('rule')[0];
    return first ? { state: classicRuleState(valueOf(first)), at: first.at } : undefined;
  }
  if (section.config.syntax !== 'yaml') return undefined;
  const rules = keyedPairs(sectionMap(section, ['multiline_parsers'])).find((p) => p.name === 'rules')?.pair.value;
  const first = isSeq(rules) ? rules.items[0] : undefined;
  if (!isMap(first)) return undefined;
  const state = keyedPairs(first).find((p) => p.name === 'state');
  return { state: state?.text ?? '', at: nodeAt(section.config.target, state?.value ?? first) };
}
