import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../source/diagnostic.js';
import { itemsOf, pairsOf } from './yaml-pieces.js';
import { cLower } from '../source/c-text.js';

/*
 * The shapes Fluent Bit v5.1.1 refuses in a YAML config that parses as YAML
 * (NOTES.md "Fluent Bit's YAML refusals (`yamlrefuse`)"). Its reader
 * (src/config_format/flb_cf_yaml.c) is a state machine over libyaml events:
 * every state takes a few event kinds and fails on any other ("YAML error
 * found in file ..., line L, column C: unexpected event 'E' in state 'S'",
 * at the event's start: a collection's first key or `-`, a scalar's first
 * character); the configuration stage after it (flb_config.c) then refuses a
 * plugin without `name` and a property it cannot set (a map, an empty list).
 * Checked against ../shared/conformance/yaml-probes.jsonl.
 *
 * One walk, for discovery (fluentBitYamlErrors: a file, a ConfigMap key, a
 * chart's embedded config) and for `--to-yaml`'s reader (libyamlProblem). It
 * reads collections through pairsOf/itemsOf, once each and to their end, so
 * it runs on a config read in pieces (yaml-pieces.ts) as on a whole parse.
 * Only shapes Fluent Bit certainly refuses are reported; what depends on a
 * plugin (a single-valued property given twice, an unknown key) is not.
 */

/** What the walk carries across the documents of one file. */
export interface ShapeState {
  /** A `service` section was seen (ctx->service_set: one per config). */
  serviceSeen: boolean;
  /** When set, the top-level keys are collected here, in order. */
  readonly topKeys?: Node[];
}

type Value = Node | null | undefined;

/** libyaml's event for a value node (no type resolution: every scalar, empty or not, is a scalar event). */
function eventOf(node: Value): string {
  if (isMap(node)) return 'mapping-start-event';
  if (isSeq(node)) return 'sequence-start-event';
  return 'scalar-event';
}

function describe(node: Value): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  return textOf(node) === '' ? 'an empty value' : 'a single value';
}

/** The string libyaml hands over for a scalar (as written: `1`, `on`, `~` stay text; an absent value is ''). */
function textOf(node: Value): string {
  if (!isScalar(node)) return '';
  if (typeof node.value === 'string') return node.value;
  return node.source ?? (node.value === null || node.value === undefined ? '' : String(node.value));
}

/** `a input` -> `an input`. */
const an = (noun: string): string => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** Blanks of C `isspace` (flb_sds_trim). */
const C_BLANK = /^[ \t\n\v\f\r]+$/;

/**
 * Whether a plugin key is `name` once Fluent Bit has translated it (flb_cf_key_translate: a key starting with a
 * lower-case letter and holding no `_` has its capitals made `_` + lower case, so `nAme` is `n_ame`), trimmed and
 * compared case-insensitively. (src/convert/c-string.ts translateYamlKey ports the whole translation; discovery
 * cannot import it: src/yaml comes first.)
 */
function isNameKey(key: string): boolean {
  const blank = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c);
  let from = 0;
  let to = key.length;
  while (from < to && blank(key[from])) from++;
  while (to > from && blank(key[to - 1])) to--;
  const k = key.slice(from, to);
  if (/^[a-z]/.test(key) && !key.includes('_')) return k === 'name';
  return cLower(k) === 'name';
}

const startOf = (node: Value | Pair, fallback: number): number => {
  if (!node) return fallback;
  if ('range' in node && node.range) return node.range[0];
  if ('key' in node) return startOf(node.key as Value, fallback);
  return fallback;
};

/** Where a pair's value starts: an absent value is an empty scalar right after the key's `:`. */
function valueStart(pair: Pair): number {
  const v = pair.value as Value;
  if (v?.range) return v.range[0];
  const key = pair.key as Value;
  return key?.range ? key.range[1] + 1 : 0;
}

class Walk {
  readonly out: Diagnostic[] = [];

  constructor(readonly st: ShapeState) {}

  private error(start: number, node: Value | Pair, message: string): void {
    // An alias is refused on its own (fluentBitYamlErrors): what it stands for is not judged here.
    if (isAlias(node)) return;
    let end = start;
    if (node && 'range' in node && node.range) end = isScalar(node) ? node.range[1] : start + 1;
    this.out.push({ code: 'YAML_SYNTAX', severity: 'error', message, start, end: Math.max(start, end) });
  }

  /** A value of the wrong kind where a state of the reader takes only `wanted`. */
  private unexpected(pair: Pair, state: string, what: string, fix: string): void {
    const v = pair.value as Value;
    this.error(valueStart(pair), v, `${what}: Fluent Bit's YAML config reader refuses ${describe(v)} here ("unexpected event '${eventOf(v)}' in state '${state}'"); ${fix}`);
  }

  document(root: Value): void {
    if (!isMap(root)) {
      // An empty document is emptyDocumentError's (a `---` with nothing after it), or no document at all for libyaml.
      if (root === null || root === undefined || (isScalar(root) && textOf(root) === '' && root.type === 'PLAIN')) return;
      this.error(startOf(root, 0), root, `a YAML config document must be a map of sections: Fluent Bit's YAML config reader refuses ${describe(root)} here ("unexpected event '${eventOf(root)}' in state 'document'"); write sections (service, pipeline, ...) as the keys of a map`);
      return;
    }
    for (const pair of pairsOf(root)) {
      this.st.topKeys?.push(pair.key as Node);
      if (pair.key !== null && !isScalar(pair.key)) {
        this.error(startOf(pair.key as Value, 0), pair.key as Value, `a section name must be a plain string: Fluent Bit's YAML config reader refuses ${describe(pair.key as Value)} as a key ("unexpected event '${eventOf(pair.key as Value)}' in state 'section'")`);
        continue;
      }
      this.section(pair, textOf(pair.key as Value));
    }
  }

  private section(pair: Pair, key: string): void {
    switch (cLower(key)) {
      case 'env': return this.env(pair);
      case 'service': return this.service(pair, key);
      case 'includes': return this.pathList(pair, 'include', 'includes', 'file.yaml');
      case 'pipeline': return this.pipeline(pair);
      case 'customs': return this.pluginList(pair, 'custom', 'customs');
      case 'parsers': return this.flatList(pair, key, 'parser', undefined);
      case 'multiline_parsers': return this.flatList(pair, key, 'multiline parser', 'rules');
      case 'stream_processor': return this.flatList(pair, key, 'stream processor task', undefined);
      case 'plugins': return this.pathList(pair, 'plugins', 'plugins', '/path/plugin.so');
      case 'upstream_servers': return this.upstreams(pair);
      case 'extensions': return; // v5.1: arbitrary nested content
      default: return this.flatSection(pair, key, 'other');
    }
  }

  /** `service` and any other section: a map whose values are single scalars. */
  private flatSection(pair: Pair, key: string, state: string): void {
    const v = pair.value as Value;
    if (!isMap(v)) {
      if (isSeq(v) && state === 'other' && /^(inputs|filters|outputs)$/i.test(key)) {
        this.unexpected(pair, state, `'${key}' belongs under 'pipeline:'`, `at the top it is a section of its own, a map of properties ("env list is only allowed in env section"); indent '${key}:' and its list under a 'pipeline:' key`);
        return;
      }
      const fix = isSeq(v) && state === 'other'
        ? `only env takes a list here ("env list is only allowed in env section"); write its properties under it as a map`
        : `write its properties under it as a map, or remove '${key}:'`;
      this.unexpected(pair, state, `section '${key}' must be a map of properties`, fix);
      return;
    }
    for (const p of pairsOf(v)) {
      if (!this.scalarKey(p, 'section-key')) continue;
      const k = textOf(p.key as Value);
      const value = p.value as Value;
      if (isMap(value) && state === 'service') {
        this.error(valueStart(p), value, `service property '${k}' holds a map: Fluent Bit refuses nested service properties ("unsupported nested service property '${k}'"); write each as its own key (e.g. storage.path)`);
      } else if (isMap(value) || isSeq(value)) {
        this.unexpected(p, 'section-value', `${state === 'service' ? 'service' : `section '${key}'`} property '${k}' must be a single value`, isSeq(value) ? 'give it one value (a list is taken only in plugin sections)' : `write the nested keys as properties of their own`);
      }
    }
  }

  private scalarKey(p: Pair, state: string): boolean {
    if (p.key === null || isScalar(p.key)) return true;
    this.error(startOf(p.key as Value, 0), p.key as Value, `a key must be a plain string: Fluent Bit's YAML config reader refuses ${describe(p.key as Value)} as a key ("unexpected event '${eventOf(p.key as Value)}' in state '${state}'")`);
    return false;
  }

  private service(pair: Pair, key: string): void {
    if (this.st.serviceSeen) {
      // ctx->service_set: one service section per config, across documents ("duplicated definition", probe service-twice).
      const k = pair.key as Value;
      const start = startOf(k, 0);
      this.out.push({
        code: 'YAML_SYNTAX',
        severity: 'error',
        message: "duplicated definition of 'service': Fluent Bit's YAML config reader allows one service section per config (\"duplicated definition\"); merge its keys into the first one",
        start,
        end: k?.range?.[1] ?? start,
      });
      return;
    }
    this.st.serviceSeen = true;
    this.flatSection(pair, key, 'service');
  }

  private env(pair: Pair): void {
    const v = pair.value as Value;
    if (isSeq(v)) {
      // An env list: items of `name` and `value` (v5.1).
      for (const item of itemsOf(v)) {
        const it = item as Value;
        if (!isMap(it)) {
          this.error(startOf(it, 0), it, `an env list item must be a map of name and value: Fluent Bit's YAML config reader refuses ${describe(it)} here`);
          continue;
        }
        for (const p of pairsOf(it)) {
          if (this.scalarKey(p, 'env') && (isMap(p.value) || isSeq(p.value))) {
            this.unexpected(p, 'env', `env list item '${textOf(p.key as Value)}' must be a single value`, 'give it one value');
          }
        }
      }
      return;
    }
    if (!isMap(v)) {
      this.unexpected(pair, 'env', 'env must be a map of variables', "write 'NAME: value' pairs under it, or remove 'env:'");
      return;
    }
    for (const p of pairsOf(v)) {
      if (!this.scalarKey(p, 'section-key')) continue;
      const value = p.value as Value;
      const k = textOf(p.key as Value);
      if (isMap(value)) {
        this.error(valueStart(p), value, `env variable '${k}' holds a map: Fluent Bit's YAML config reader refuses it ("nested maps are not allowed in env section"); give the variable one value`);
      } else if (isSeq(value)) {
        this.unexpected(p, 'section-value', `env variable '${k}' must be a single value`, 'give the variable one value');
      }
    }
  }

  /** `includes` and `plugins`: a list of paths, each a single value (state: Fluent Bit's name of the reader state). */
  private pathList(pair: Pair, state: 'include' | 'plugins', what: string, example: string): void {
    const v = pair.value as Value;
    if (!isSeq(v)) {
      this.unexpected(pair, state, `${what} must be a list of ${state === 'include' ? 'file paths' : 'paths'}`, `write each path as a '- ${example}' item`);
      return;
    }
    for (const item of itemsOf(v)) {
      const it = item as Value;
      if (isMap(it) || isSeq(it)) this.error(startOf(it, 0), it, `${state === 'include' ? 'an include' : 'a plugins item'} must be a ${state === 'include' ? 'file path' : 'path'}: Fluent Bit's YAML config reader refuses ${describe(it)} here ("unexpected event '${eventOf(it)}' in state '${state}'")`);
    }
  }

  private pipeline(pair: Pair): void {
    const v = pair.value as Value;
    if (!isMap(v)) {
      if (isSeq(v)) {
        this.unexpected(pair, 'pipeline', 'pipeline must be a map of inputs, filters and outputs', 'write inputs:, filters:, outputs: under it');
        return;
      }
      // A scalar is read as a component's name (yaml_error_plugin_category, probe section-empty-pipeline).
      this.error(valueStart(pair), v, `the pipeline component '${textOf(v)}' is not valid: Fluent Bit's YAML config reader refuses it ("Try one of these values: customs, inputs, filters or outputs"); write inputs:, filters:, outputs: under pipeline, or remove it`);
      return;
    }
    for (const p of pairsOf(v)) {
      if (!this.scalarKey(p, 'pipeline')) continue;
      const k = textOf(p.key as Value);
      const kind = ({ inputs: 'input', filters: 'filter', outputs: 'output', customs: 'custom' } as const)[cLower(k) as 'inputs'] as string | undefined;
      if (kind === undefined) {
        const start = startOf(p.key as Value, 0);
        this.error(start, p.key as Value, `the pipeline component '${k}' is not valid: Fluent Bit's YAML config reader refuses it ("Try one of these values: customs, inputs, filters or outputs"); rename it, or move it out of pipeline`);
        continue;
      }
      this.pluginList(p, kind, k);
    }
  }

  private pluginList(pair: Pair, kind: string, key: string): void {
    const v = pair.value as Value;
    if (!isSeq(v)) {
      this.unexpected(pair, kind, `${key} must be a list of ${kind} plugins`, `write each ${kind} as a '- name: ...' item`);
      return;
    }
    for (const item of itemsOf(v)) {
      const it = item as Value;
      if (isMap(it)) this.plugin(it, kind);
      else this.error(startOf(it, 0), it, `each ${kind} must be a map of properties: Fluent Bit's YAML config reader refuses ${describe(it)} here ("unexpected event '${eventOf(it)}' in state '${kind}'"); write '- name: ...' with the plugin's properties under it`);
    }
  }

  private plugin(map: YAMLMap, kind: string): void {
    let named = false;
    let aliased = false;
    for (const p of pairsOf(map)) {
      if (!this.scalarKey(p, 'plugin-start')) continue;
      const key = textOf(p.key as Value);
      const v = p.value as Value;
      if (isAlias(v)) aliased = true;
      // `processors` and `routes` (strcmp) hold nested configuration of their own.
      if ((isMap(v) || isSeq(v)) && (key === 'processors' || key === 'routes')) continue;
      if (isMap(v)) {
        this.error(valueStart(p), v, `property '${key}' of ${an(kind)} holds a map: Fluent Bit cannot set a map as a plugin property ("could not configure property '${key}' on ${kind} plugin"); give it a value, or one '- item' per value`);
        continue;
      }
      if (isSeq(v)) {
        let count = 0;
        for (const item of itemsOf(v)) {
          count++;
          const it = item as Value;
          if (isMap(it) || isSeq(it)) {
            this.error(startOf(it, 0), it, `an item of '${key}' holds ${describe(it)}: Fluent Bit's YAML config reader takes single values as list items ("unexpected event '${eventOf(it)}' in state 'plugin-values'"); write each value as its own '- item'`);
          }
        }
        if (count === 0) {
          this.error(valueStart(p), v, `property '${key}' of ${an(kind)} is an empty list: Fluent Bit cannot set it ("could not configure property '${key}' on ${kind} plugin"); give it a value, or remove the key`);
        }
        continue;
      }
      const text = textOf(v);
      if (C_BLANK.test(text)) {
        this.error(valueStart(p), v, `property '${key}' of ${an(kind)} holds only blanks: Fluent Bit refuses it ("unable to add variant value property"); give it a value, or remove the key`);
        continue;
      }
      if (isNameKey(key)) named = true;
    }
    if (!named && !aliased) {
      const start = startOf(map as Value, 0);
      this.out.push({
        code: 'YAML_SYNTAX',
        severity: 'error',
        message: `${an(kind)} without a 'name' key: Fluent Bit refuses it ("section '${kind}' is missing the 'name' property"); add 'name: <plugin>' (written 'name' or 'Name': a camelCase key such as 'nAme' is read as 'n_ame')`,
        start,
        end: start + 1,
      });
    }
  }

  /** parsers, multiline_parsers, stream_processor: a list of maps of single values (`nested`: a list of such maps). */
  private flatList(pair: Pair, key: string, what: string, nested: string | undefined): void {
    const v = pair.value as Value;
    if (!isSeq(v)) {
      this.unexpected(pair, key, `${key} must be a list of maps`, `write each ${what} as a '- name: ...' item`);
      return;
    }
    for (const item of itemsOf(v)) {
      const it = item as Value;
      if (!isMap(it)) {
        this.error(startOf(it, 0), it, `each ${what} must be a map of properties: Fluent Bit's YAML config reader refuses ${describe(it)} here ("unexpected event '${eventOf(it)}' in state '${key}'")`);
        continue;
      }
      this.flatProps(it, what, nested);
    }
  }

  private flatProps(map: YAMLMap, what: string, nested: string | undefined): void {
    for (const p of pairsOf(map)) {
      if (!this.scalarKey(p, what)) continue;
      const key = textOf(p.key as Value);
      const v = p.value as Value;
      if (nested !== undefined && key === nested) {
        if (!isSeq(v)) {
          this.unexpected(p, what, `'${key}' of ${an(what)} must be a list of maps`, `write each as a '- ...' item`);
          continue;
        }
        for (const item of itemsOf(v)) {
          const it = item as Value;
          if (isMap(it)) this.flatProps(it, `${what} ${key} item`, undefined);
          else this.error(startOf(it, 0), it, `an item of '${key}' must be a map: Fluent Bit's YAML config reader refuses ${describe(it)} here ("unexpected event '${eventOf(it)}'")`);
        }
        continue;
      }
      if (isMap(v) || isSeq(v)) {
        this.error(valueStart(p), v, `${what} property '${key}' holds ${describe(v)}: Fluent Bit's YAML config reader takes a single value here ("unexpected event '${eventOf(v)}'"); ${isSeq(v) ? `write '${key}' once per value` : 'write the nested keys as properties of their own'}`);
      }
    }
  }

  /** upstream_servers: a list of maps with `nodes`, a list of maps of single values (other values: not checked, Fluent Bit skips them). */
  private upstreams(pair: Pair): void {
    const v = pair.value as Value;
    if (!isSeq(v)) {
      this.unexpected(pair, 'upstream-servers', 'upstream_servers must be a list of maps', "write each server as a '- name: ...' item");
      return;
    }
    for (const item of itemsOf(v)) {
      const it = item as Value;
      if (!isMap(it)) {
        this.error(startOf(it, 0), it, `each upstream server must be a map: Fluent Bit's YAML config reader refuses ${describe(it)} here ("unexpected event '${eventOf(it)}' in state 'upstream-servers'")`);
        continue;
      }
      for (const p of pairsOf(it)) {
        if (!isScalar(p.key) || textOf(p.key as Value) !== 'nodes') continue;
        const nodes = p.value as Value;
        if (!isSeq(nodes)) {
          this.unexpected(p, 'upstream-node-group', "'nodes' of an upstream server must be a list of maps", "write each node as a '- name: ...' item");
          continue;
        }
        for (const n of itemsOf(nodes)) {
          const node = n as Value;
          if (isMap(node)) this.flatProps(node, 'upstream node', undefined);
          else this.error(startOf(node, 0), node, `each upstream node must be a map: Fluent Bit's YAML config reader refuses ${describe(node)} here ("unexpected event '${eventOf(node)}' in state 'upstream-node-group'")`);
        }
      }
    }
  }
}

/**
 * YAML_SYNTAX errors for the shapes Fluent Bit refuses in one document's root (a map of sections), in document
 * order; `st` carries the service section across the documents of a file. Reads every collection it enters through
 * pairsOf/itemsOf (a config read in pieces works too).
 */
export function fluentBitShapeErrors(root: Node | null | undefined, st: ShapeState): Diagnostic[] {
  const walk = new Walk(st);
  walk.document(root);
  return walk.out;
}
