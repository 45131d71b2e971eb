import { fluxEscapedRefs } from './flux-escape.js';
import { isScalar, isSeq, Scalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { FlbMigrateError } from '../source/flb-migrate-error.js';
import { findVarRefs } from '../model/config-model.js';
import type { Edit } from '../source/edit.js';
import { escapeDouble } from '../yaml/quoted-scalar.js';
import { FLOW_INDICATOR, insertMapPair, insertSeqItem, removeMapPair, removeSeqItem, replaceScalar } from '../yaml/yaml-edits.js';
import { indexSection } from './section-index.js';
import { nodeAt } from './target.js';
import type { ConfigView, EditTarget, Fix, ListItem, Property, Section, SectionKind } from './types.js';
import { fluentBitItemText, keyedPairs, type KeyedPair } from '../yaml/yaml-keys.js';

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
export function yamlMapSection(config: ConfigView, map: YAMLMap, kind: SectionKind, plugin: string | undefined, nameOf: (key: string) => string, textOf?: ScalarText, lists = false): Section {
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
  properties.push(...yamlMapProperties(section, map, nameOf, textOf, lists));
  return section;
}

/**
 * The properties of `section` written as the pairs of `map` (scalar keys
 * only, in order, duplicates kept): `nameOf` gives Fluent Bit's name for a
 * key as written, `textOf` the text of a scalar value. Edits stay in `map`.
 * With `lists` (the YAML format), a value that is a non-empty list of
 * scalars is read as Fluent Bit reads it: one property per item, in order,
 * each item's text as libyaml gives it, untrimmed (flb_cf_yaml.c
 * STATE_PLUGIN_VAL_LIST: cfl_array_append_string). An empty list, or one
 * holding a map or a list, is a config Fluent Bit refuses: it stays one
 * property with no value, as any other non-scalar value.
 */
export function yamlMapProperties(section: Section, map: YAMLMap, nameOf: (key: string) => string, textOf?: ScalarText, lists = false): Property[] {
  const config = section.config;
  const { target } = config;
  const text = target.text;
  const fix = (edits: Fix['edits']): Fix => ({ target, edits });
  const properties: Property[] = [];
  for (const p of keyedPairs(map, nameOf, textOf)) {
    const seq = lists ? scalarList(p.pair.value) : undefined;
    if (seq) {
      properties.push(...itemProperties(section, map, p, seq, nameOf));
      continue;
    }
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
      varRefs: fluxEscapedRefs(findVarRefs(valueText, 0), valueText, config.source),
      replaceValue: (v) => fix(replaceScalar(text, scalar(), v, ORIGIN, map.flow === true)),
      replace: (name, v) => fix([...replaceScalar(text, p.key, config.spell(name), ORIGIN), ...replaceScalar(text, scalar(), v, ORIGIN, map.flow === true)]),
      remove: () => fix(removeMapPair(text, map, index(), ORIGIN)),
      insertAfter: (name, v) => fix(insertMapPair(text, map, index(), config.spell(name), v, ORIGIN)),
    });
  }
  return properties;
}

/** A value Fluent Bit reads as the key once per item: a non-empty list of scalars. */
function scalarList(value: unknown): YAMLSeq<Scalar> | undefined {
  if (!isSeq(value) || value.items.length === 0) return undefined;
  return value.items.every((item) => isScalar(item)) ? (value as YAMLSeq<Scalar>) : undefined;
}

/** A new item's text in a flow list: plain when it reads back as itself there, else double-quoted. */
function flowItemText(value: string): string {
  const plain = /^[^\s'"!&*|>%@`#?:\-,[\]{}]/.test(value) && !FLOW_INDICATOR.test(value) && !/: |\s#|[\s:]$/.test(value);
  return plain ? value : `"${escapeDouble(value)}"`;
}

/**
 * The properties of one `key: [a, b]` (or block `- a`) pair: one per item.
 * Edits are exact or refused: the item's scalar is replaced in its quoting
 * style; an item is removed with its comma or line, and the last one with
 * the whole pair (Fluent Bit refuses `key: []`); a key can be renamed only
 * when the list has one item (a one-item flow list then becomes a scalar,
 * `multiline.parser: docker, cri`, read the same); insertAfter with the same
 * key adds an item after this one, with another key a pair after the list.
 */
function itemProperties(section: Section, map: YAMLMap, p: KeyedPair, seq: YAMLSeq<Scalar>, nameOf: (key: string) => string): Property[] {
  const config = section.config;
  const target: EditTarget = config.target;
  const text = target.text;
  const fix = (edits: Fix['edits']): Fix => ({ target, edits });
  const keyStart = p.key.range?.[0] ?? 0;
  const pairEnd = seq.range?.[1] ?? p.key.range?.[1] ?? keyStart;
  const pairIndex = (): number => map.items.indexOf(p.pair);
  const count = seq.items.length;
  const flow = seq.flow === true;
  const key = String(p.key.value);
  const removeItems = (indexes: readonly number[]): Fix => {
    const picked = [...new Set(indexes)].filter((i) => i >= 0 && i < count).sort((a, b) => a - b);
    if (picked.length === count) return fix(removeMapPair(text, map, pairIndex(), ORIGIN));
    return fix(flow ? removeFlowItems(seq, picked) : mergeDeletions(picked.flatMap((i) => removeSeqItem(text, seq, i, ORIGIN))));
  };
  return seq.items.map((node, index): Property => {
    const value = fluentBitItemText(node);
    const range = node.range ?? [keyStart, keyStart];
    const at = { target, start: range[0], end: range[1] };
    const item: ListItem = { index, count, flow, pairAt: { target, start: keyStart, end: pairEnd }, removeItems };
    const replaceItem = (v: string): Edit[] => replaceScalar(text, node, v, ORIGIN, flow || map.flow === true);
    const replace = (name: string, v: string): Fix => {
      const spelled = config.spell(name);
      if (nameOf(spelled) === p.name) return fix(replaceItem(v));
      if (count > 1) {
        return {
          target,
          edits: [],
          refused: { at, reason: `${key} is a list of ${count} items and Fluent Bit reads each as one ${key}: this one cannot become ${spelled} in place; move it out of the list as its own \`${spelled}: ${v}\`` },
        };
      }
      return fix([...replaceScalar(text, p.key, spelled, ORIGIN), ...collapseOneItem(text, seq, node, replaceScalar(text, node, v, ORIGIN, map.flow === true), replaceItem(v))]);
    };
    return {
      section,
      key,
      name: p.name,
      value,
      at,
      valueAt: at,
      varRefs: fluxEscapedRefs(findVarRefs(value, 0), value, config.source),
      item,
      replaceValue: (v) => fix(replaceItem(v)),
      replace,
      remove: () => removeItems([index]),
      insertAfter: (name, v) => {
        const spelled = config.spell(name);
        if (nameOf(spelled) !== p.name) return fix(insertMapPair(text, map, pairIndex(), spelled, v, ORIGIN));
        if (!flow) return fix(insertSeqItem(text, seq, index, v, ORIGIN));
        const end = range[1];
        return fix([{ start: end, end, text: `, ${flowItemText(v)}`, origin: ORIGIN }]);
      },
    };
  });
}

/**
 * The edits that give a one-item list a new value: in flow style, when
 * nothing but blanks stands around the item (`[docker]`), the list becomes
 * the scalar (`asScalar`, the item's edit in the pair's own context), so a
 * value with commas needs no quotes; otherwise the item is replaced in place
 * (`inPlace`).
 */
function collapseOneItem(text: string, seq: YAMLSeq<Scalar>, node: Scalar, asScalar: readonly Edit[], inPlace: readonly Edit[]): Edit[] {
  const [seqStart, seqEnd] = seq.range ?? [0, 0];
  const [itemStart, itemEnd] = node.range ?? [0, 0];
  const edit = asScalar[0];
  const blankAround = /^\[[ \t]*$/.test(text.slice(seqStart, itemStart)) && /^[ \t]*\]$/.test(text.slice(itemEnd, seqEnd));
  if (!seq.flow || asScalar.length !== 1 || edit === undefined || !blankAround || edit.start !== itemStart) return [...inPlace];
  return [{ ...edit, start: seqStart, end: seqEnd }];
}

/**
 * Deletions of some (not all) items of a flow list, with their commas: a run
 * of neighbouring items goes up to the next item's first byte, or, when the
 * run ends the list, from the end of the item before it (`[a, b, c]` less
 * b, c is `[a]`).
 */
function removeFlowItems(seq: YAMLSeq<Scalar>, picked: readonly number[]): Edit[] {
  const start = (i: number): number | undefined => seq.items[i]?.range?.[0];
  const end = (i: number): number | undefined => seq.items[i]?.range?.[1];
  const edits: Edit[] = [];
  for (let k = 0; k < picked.length; ) {
    const first = picked[k] as number;
    let last = first;
    while (picked[k + 1] === last + 1) last = picked[++k] as number;
    k++;
    const from = last + 1 < seq.items.length ? start(first) : end(first - 1);
    const to = last + 1 < seq.items.length ? start(last + 1) : end(last);
    if (from !== undefined && to !== undefined) edits.push({ start: from, end: to, text: '', origin: ORIGIN });
  }
  return edits;
}

/** Deletions merged where they overlap or touch (the lines of neighbouring block items). */
function mergeDeletions(edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    const prev = out[out.length - 1];
    if (prev && e.start <= prev.end) out[out.length - 1] = { ...prev, end: Math.max(prev.end, e.end) };
    else out.push(e);
  }
  return out;
}
