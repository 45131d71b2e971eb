import type { Node, Scalar, YAMLMap } from 'yaml';
import { FlbMigrateError } from '../source/flb-migrate-error.js';
import { findVarRefs } from '../model/config-model.js';
import { insertMapPair, removeMapPair, replaceScalar } from '../yaml/yaml-edits.js';
import { indexSection } from './section-index.js';
import { nodeAt } from './target.js';
import type { ConfigView, Fix, Property, Section, SectionKind } from './types.js';
import { keyedPairs } from './yaml-keys.js';

const ORIGIN = 'view';

/** How a backend reads a scalar value's text (default: as yaml resolves it; the YAML format: fluentBitScalarText). */
type ScalarText = (s: Scalar | undefined) => string | undefined;

/**
 * A section whose properties are the pairs of one YAML map (the YAML-format
 * and operator backends): scalar keys only, in order, duplicates kept.
 * `nameOf` gives Fluent Bit's name for a key as written; edits are scalar
 * replacements and pair removals/insertions on the map's own text, keeping
 * the quoting style, indentation and newlines.
 */
export function yamlMapSection(config: ConfigView, map: YAMLMap, kind: SectionKind, plugin: string | undefined, nameOf: (key: string) => string, textOf?: ScalarText): Section {
  const { target } = config;
  const properties: Property[] = [];
  const section: Section = {
    config,
    kind,
    plugin: plugin ?? keyedPairs(map, nameOf, textOf).find((p) => p.name === 'name')?.text?.toLowerCase() ?? '',
    properties,
    ...indexSection(properties),
    at: nodeAt(target, map),
  };
  properties.push(...yamlMapProperties(section, map, nameOf, textOf));
  return section;
}

/**
 * The properties of `section` written as the pairs of `map` (scalar keys
 * only, in order, duplicates kept): `nameOf` gives Fluent Bit's name for a
 * key as written, `textOf` the text of a scalar value. Edits stay in `map`.
 */
export function yamlMapProperties(section: Section, map: YAMLMap, nameOf: (key: string) => string, textOf?: ScalarText): Property[] {
  const config = section.config;
  const { target } = config;
  const text = target.text;
  const fix = (edits: Fix['edits']): Fix => ({ target, edits });
  const properties: Property[] = [];
  for (const p of keyedPairs(map, nameOf, textOf)) {
    const keyStart = p.key.range?.[0] ?? 0;
    const keyEnd = p.key.range?.[1] ?? keyStart;
    const valueEnd = (p.pair.value as Node | null)?.range?.[1] ?? keyEnd;
    const index = (): number => map.items.indexOf(p.pair);
    const scalar = (): Scalar => {
      if (p.value) return p.value;
      throw new FlbMigrateError('INTERNAL', `cannot replace the value of '${String(p.key.value)}': it is not a scalar`);
    };
    const valueText = p.text ?? '';
    properties.push({
      section,
      key: String(p.key.value),
      name: p.name,
      value: valueText,
      at: { target, start: keyStart, end: valueEnd },
      valueAt: p.value?.range ? { target, start: p.value.range[0], end: p.value.range[1] } : { target, start: keyEnd, end: keyEnd },
      varRefs: findVarRefs(valueText, 0),
      replaceValue: (v) => fix(replaceScalar(text, scalar(), v, ORIGIN)),
      replace: (name, v) => fix([...replaceScalar(text, p.key, config.spell(name), ORIGIN), ...replaceScalar(text, scalar(), v, ORIGIN)]),
      remove: () => fix(removeMapPair(text, map, index(), ORIGIN)),
      insertAfter: (name, v) => fix(insertMapPair(text, map, index(), config.spell(name), v, ORIGIN)),
    });
  }
  return properties;
}
