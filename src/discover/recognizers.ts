import { isMap, parseDocument } from 'yaml';
import { keysOf } from '../yaml/yaml-nodes.js';

const CLASSIC_HEADER = /^[ \t]*\[(SERVICE|INPUT|FILTER|OUTPUT|PARSER|MULTILINE_PARSER)\][ \t]*\r?$/im;
const INCLUDE = /^@INCLUDE[ \t]/im;
const STRICT_HEADER = /^\[(INPUT|FILTER|OUTPUT|SERVICE|PARSER|MULTILINE_PARSER)\]/im;

/** True when `text` has a classic section header line or an `@INCLUDE` (case-insensitive). */
export function looksLikeClassic(text: string): boolean {
  return CLASSIC_HEADER.test(text) || INCLUDE.test(text);
}

/**
 * A fluentd config (`<source>`, `<match ...>`, `@type`) under a `.conf` key:
 * not Fluent Bit, unless it also has a Fluent Bit section header.
 */
export function looksLikeFluentd(text: string): boolean {
  return !looksLikeClassic(text) && /^[ \t]*(<(source|match|filter|label|system)\b|@type\s)/m.test(text);
}

/** The stricter test used for arbitrary Helm values strings: a column-0 section header. */
export function clearlyClassic(text: string): boolean {
  return STRICT_HEADER.test(text);
}

export const YAML_CONFIG_KEYS = ['pipeline', 'service', 'parsers', 'multiline_parsers'] as const;
export const YAML_FILE_KEYS = [...YAML_CONFIG_KEYS, 'includes', 'env'] as const;

/** Every top-level key the Fluent Bit YAML format knows (B.1). */
const YAML_KNOWN_KEYS: readonly string[] = [
  ...YAML_FILE_KEYS, 'customs', 'plugins', 'upstream_servers', 'stream_processor', 'extensions',
];

/**
 * A whole YAML document that is a Fluent Bit YAML config: it has `pipeline`,
 * or all its top-level keys are Fluent Bit sections and one of them is
 * `service`/`parsers`/`multiline_parsers`/`includes`/`env` (Helm values also
 * have a `service:` key, next to many others).
 */
export function isYamlConfigRoot(root: unknown): boolean {
  const keys = topKeys(root);
  if (keys.length === 0) return false;
  if (keys.includes('pipeline')) return true;
  return keys.every((k) => YAML_KNOWN_KEYS.includes(k)) && keys.some((k) => (YAML_FILE_KEYS as readonly string[]).includes(k));
}

/** Lower-cased top-level keys of a YAML map. */
export function topKeys(map: unknown): string[] {
  return isMap(map) ? keysOf(map).map((k) => k.toLowerCase()) : [];
}

/** True when `text` parses (alias-safe, no toJS) to a map with a Fluent Bit YAML section key. */
export function looksLikeYamlConfig(text: string, keys: readonly string[] = YAML_CONFIG_KEYS): boolean {
  if (text.trim() === '') return false;
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) return false;
  return topKeys(doc.contents).some((k) => keys.includes(k));
}

/** `*.conf` key or file name. */
export function isConfName(name: string): boolean {
  return /\.conf$/i.test(name);
}

export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** Names that conventionally hold parsers (`parsers`, `custom_parsers`, `parsers_multiline`...). */
export function isParsersName(name: string): boolean {
  return /parsers?/i.test(name) && !/\.(lua|json|js|py|sh)$/i.test(name);
}
