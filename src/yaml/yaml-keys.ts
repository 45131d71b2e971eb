import { isMap, isPair, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { cTrim } from '../source/c-text.js';

/**
 * Fluent Bit's YAML key normalisation (flb_cf_key_translate): a key that
 * starts lower-case and has no `_` is converted from camelCase to
 * snake_case; matching is case-insensitive after that.
 */
export function normaliseYamlKey(key: string): string {
  const snake = /^[a-z]/.test(key) && !key.includes('_') ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
  // flb_cf_section_property_add trims the translated key (a quoted 'read_from_head ' is read_from_head).
  return trimCSpace(snake.toLowerCase());
}

/** `text` without C isspace at either end, as flb_sds_trim leaves it (the classic reader's cTrim). */
export const trimCSpace = cTrim;

/** A scalar's text as yaml resolves it (a number, a boolean or null made a string); undefined for null. */
export function resolvedText(s: Scalar | undefined): string | undefined {
  const raw = s?.value;
  return raw === null || raw === undefined ? undefined : String(raw);
}

/**
 * A scalar's text as Fluent Bit's YAML reader gets it: libyaml hands over the
 * scalar's string, never a number, boolean or null (`0755`, `1e3`, `~`,
 * `False` stay as written), and flb_cf_section_property_add trims it.
 * Undefined for an empty plain scalar (`key:` with nothing after it).
 */
export function fluentBitScalarText(s: Scalar | undefined): string | undefined {
  if (!s) return undefined;
  const source = typeof s.source === 'string' ? s.source : resolvedText(s);
  if (source === undefined || (source === '' && s.value === null)) return undefined;
  return trimCSpace(source);
}

/**
 * A list item's text as Fluent Bit's YAML reader gets it: the scalar's
 * string as libyaml gives it, appended as it is (flb_cf_yaml.c
 * STATE_PLUGIN_VAL_LIST, cfl_array_append_string): not trimmed, unlike a
 * scalar value (probe repeat-list-item-spaces: `['  a 1  ']` is `  a 1  `).
 * An empty item (`- ` with nothing) is ''.
 */
export function fluentBitItemText(s: Scalar): string {
  return typeof s.source === 'string' ? s.source : resolvedText(s) ?? '';
}

export interface KeyedPair {
  readonly name: string;
  readonly pair: Pair<Scalar, unknown>;
  readonly key: Scalar;
  /** The scalar value, when the value is a scalar. */
  readonly value: Scalar | undefined;
  readonly text: string | undefined;
}

/** The pairs of a map with normalised key names (scalar keys only), in order; `textOf` gives a scalar value's text. */
export function keyedPairs(map: unknown, normalise: (k: string) => string = normaliseYamlKey, textOf: (s: Scalar | undefined) => string | undefined = resolvedText): KeyedPair[] {
  if (!isMap(map)) return [];
  const out: KeyedPair[] = [];
  for (const pair of (map as YAMLMap).items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const value = isScalar(pair.value) ? pair.value : undefined;
    out.push({
      name: normalise(String(pair.key.value)),
      pair: pair as Pair<Scalar, unknown>,
      key: pair.key,
      value,
      text: textOf(value),
    });
  }
  return out;
}
