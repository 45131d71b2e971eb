import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { FileRef } from '../model/config-model.js';
import { cTrim } from '../grammar/reader.js';
import { cLower } from '../source/c-text.js';

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

/**
 * The `includes:` paths and `service.parsers_file` values of a YAML-format
 * config (every document), at their scalars in `config.text`. Section and
 * key names compare case-insensitively, as Fluent Bit's reader does
 * (strcasecmp). Shapes Fluent Bit refuses (a scalar `includes`, a list as
 * `parsers_file`) are discovery's errors (yaml/fluent-bit-shape.ts) and give
 * no reference here. Never throws.
 */
export function yamlFileRefs(config: EmbeddedConfig): YamlFileRefs {
  return config.format === 'yaml' ? yamlTextRefs(config.text) : NONE;
}

/** yamlFileRefs on a text read as a YAML-format config (the CLI's batching reads plain files with it: file-links.ts). */
export function yamlTextRefs(text: string): YamlFileRefs {
  if (!MAY_REFER.test(text)) return NONE;
  const includes: FileRef[] = [];
  const parsersFiles: FileRef[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    return NONE;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    for (const pair of doc.contents.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const section = cLower(String(pair.key.value));
      if (section === 'includes' && isSeq(pair.value)) {
        for (const item of pair.value.items) {
          if (!isScalar(item) || item.range == null || item.value === null || item.value === undefined) continue;
          includes.push({ path: String(item.value), start: item.range[0], end: item.range[1] });
        }
      } else if (section === 'service' && isMap(pair.value)) {
        for (const p of pair.value.items) {
          if (!isPair(p) || !isScalar(p.key) || cLower(String(p.key.value)) !== 'parsers_file') continue;
          const v = p.value;
          if (!isScalar(v) || v.range == null || v.value === null || v.value === undefined) continue;
          parsersFiles.push({ path: String(v.value), start: v.range[0], end: v.range[1] });
        }
      }
    }
  }
  return { includes, parsersFiles };
}

/** A YAML config's `env:` entries (every document, in text order), as the container walk expands `parsers_file` with them. */
export interface YamlEnvEntry {
  readonly name: string;
  readonly value: string;
}

/**
 * The `env:` map of a YAML-format config (every document), names and values
 * as Fluent Bit's reader gets them: the scalar's text as written (libyaml
 * gives strings, never numbers), trimmed; a null value sets nothing. The
 * same reading as the view's variables (view/yaml-format.ts), for the
 * deployment model, which is built before any view. Never throws.
 */
export function yamlEnv(config: EmbeddedConfig): readonly YamlEnvEntry[] {
  if (config.format !== 'yaml' || !/env/i.test(config.text)) return [];
  const out: YamlEnvEntry[] = [];
  let docs;
  try {
    docs = parseAllDocuments(config.text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    return [];
  }
  const list = Array.isArray(docs) ? docs : [docs];
  // The view reads nothing of a text with a YAML error (Fluent Bit refuses it): neither do we.
  if (list.some((d) => d.errors.length > 0)) return [];
  for (const doc of list) {
    if (!isMap(doc.contents)) continue;
    for (const pair of doc.contents.items) {
      if (!isPair(pair) || !isScalar(pair.key) || cLower(String(pair.key.value)) !== 'env' || !isMap(pair.value)) continue;
      for (const p of pair.value.items) {
        if (!isPair(p) || !isScalar(p.key) || !isScalar(p.value)) continue;
        const v = p.value;
        const text = typeof v.source === 'string' ? v.source : v.value === null || v.value === undefined ? undefined : String(v.value);
        if (text === undefined || (text === '' && v.value === null)) continue;
        out.push({ name: cTrim(String(p.key.value)), value: cTrim(text) });
      }
    }
  }
  return out;
}
