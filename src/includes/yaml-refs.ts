import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { FileRef } from '../model/config-model.js';
import { cLower } from '../source/c-text.js';
import { fluentBitScalarText, keyedPairs, trimCSpace } from '../yaml/yaml-keys.js';

/** The references of a Fluent Bit YAML config to other files, in text order. */
export interface YamlFileRefs {
  /** `includes:` items: read as YAML config where the key stands, relative to the including file (probe include-nested-relative). */
  readonly includes: readonly FileRef[];
  /** `service.parsers_file`: loaded as a parsers file, relative to the main file as in classic (fluent-bit-docs service/README.md). */
  readonly parsersFiles: readonly FileRef[];
}

const NONE: YamlFileRefs = { includes: [], parsersFiles: [] };

/** A config that names neither key is not parsed again (plain words: linear, recheck-safe). */
const MAY_REFER = /includes|parsers_file/i;

/** A YAML config's `env:` entries (every document, in text order), as the container walk expands `parsers_file` with them. */
export interface YamlEnvEntry {
  readonly name: string;
  readonly value: string;
}

/** What the walks read of a YAML text: its file references and its `env:`. */
interface YamlFacts {
  readonly refs: YamlFileRefs;
  readonly env: readonly YamlEnvEntry[];
}

const NO_FACTS: YamlFacts = { refs: NONE, env: [] };

/** Plain words: a text naming none of them is not parsed (linear, recheck-safe). */
const MAY_ENV = /env/i;

/** One read per config (configs are immutable): the include walk, the container walk and its variables share it. */
const factsOf = new WeakMap<EmbeddedConfig, YamlFacts>();

/**
 * The `includes:` paths and `service.parsers_file` values of a YAML-format
 * config (every document), at their scalars in `config.text`. Section and
 * key names compare case-insensitively, as Fluent Bit's reader does
 * (strcasecmp). Shapes Fluent Bit refuses (a scalar `includes`, a list as
 * `parsers_file`) are discovery's errors (yaml/fluent-bit-shape.ts) and give
 * no reference here. Never throws.
 */
export function yamlFileRefs(config: EmbeddedConfig): YamlFileRefs {
  return yamlFacts(config).refs;
}

/**
 * The `env:` map of a YAML-format config (every document), names and values
 * as Fluent Bit's reader gets them, read as the view reads its variables
 * (view/yaml-format.ts, with yaml/yaml-keys.ts): the scalar's text as written
 * (libyaml gives strings, never numbers), trimmed; a null value sets
 * nothing; a text with a YAML error sets nothing. For the deployment model,
 * which is built before any view. Never throws.
 */
export function yamlEnv(config: EmbeddedConfig): readonly YamlEnvEntry[] {
  return yamlFacts(config).env;
}

function yamlFacts(config: EmbeddedConfig): YamlFacts {
  if (config.format !== 'yaml') return NO_FACTS;
  let facts = factsOf.get(config);
  if (facts === undefined) {
    facts = readFacts(config.text);
    factsOf.set(config, facts);
  }
  return facts;
}

/** yamlFileRefs on a text read as a YAML-format config (the CLI's batching reads plain files with it: file-links.ts). */
export function yamlTextRefs(text: string): YamlFileRefs {
  return MAY_REFER.test(text) ? readFacts(text, false).refs : NONE;
}

function readFacts(text: string, withEnv = true): YamlFacts {
  const refer = MAY_REFER.test(text);
  const env = withEnv && MAY_ENV.test(text);
  if (!refer && !env) return NO_FACTS;
  let docs;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    return NO_FACTS;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  const includes: FileRef[] = [];
  const parsersFiles: FileRef[] = [];
  const vars: YamlEnvEntry[] = [];
  // The view reads no variable of a text with a YAML error (Fluent Bit refuses it); references are read per document.
  const envRead = env && !list.some((d) => d.errors.length > 0);
  for (const doc of list) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    for (const pair of doc.contents.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const section = cLower(String(pair.key.value));
      if (refer && section === 'includes' && isSeq(pair.value)) {
        for (const item of pair.value.items) {
          if (!isScalar(item) || item.range == null || item.value === null || item.value === undefined) continue;
          includes.push({ path: String(item.value), start: item.range[0], end: item.range[1] });
        }
      } else if (refer && section === 'service' && isMap(pair.value)) {
        for (const p of pair.value.items) {
          if (!isPair(p) || !isScalar(p.key) || cLower(String(p.key.value)) !== 'parsers_file') continue;
          const v = p.value;
          if (!isScalar(v) || v.range == null || v.value === null || v.value === undefined) continue;
          parsersFiles.push({ path: String(v.value), start: v.range[0], end: v.range[1] });
        }
      } else if (envRead && section === 'env') {
        for (const v of keyedPairs(pair.value, trimCSpace, fluentBitScalarText)) if (v.text !== undefined) vars.push({ name: v.name, value: v.text });
      }
    }
  }
  return { refs: { includes, parsersFiles }, env: vars };
}
