import { isMap, isPair, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';

/**
 * Fluent Bit's YAML key normalisation (flb_cf_key_translate): a key that
 * starts lower-case and has no `_` is converted from camelCase to
 * snake_case; matching is case-insensitive after that.
 */
export function normaliseYamlKey(key: string): string {
  const snake = /^[a-z]/.test(key) && !key.includes('_') ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
  return snake.toLowerCase();
}

export interface KeyedPair {
  readonly name: string;
  readonly pair: Pair<Scalar, unknown>;
  readonly key: Scalar;
  /** The scalar value, when the value is a scalar. */
  readonly value: Scalar | undefined;
  readonly text: string | undefined;
}

/** The pairs of a map with normalised key names (scalar keys only), in order. */
export function keyedPairs(map: unknown, normalise: (k: string) => string = normaliseYamlKey): KeyedPair[] {
  if (!isMap(map)) return [];
  const out: KeyedPair[] = [];
  for (const pair of (map as YAMLMap).items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const value = isScalar(pair.value) ? pair.value : undefined;
    const raw = value?.value;
    out.push({
      name: normalise(String(pair.key.value)),
      pair: pair as Pair<Scalar, unknown>,
      key: pair.key,
      value,
      text: raw === null || raw === undefined ? undefined : String(raw),
    });
  }
  return out;
}
