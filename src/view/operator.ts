import { isScalar, isSeq, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { OperatorInput } from '../discover/discovery-types.js';
import { findVarRefs } from '../model/config-model.js';
import { FlbMigrateError } from '../source/flb-migrate-error.js';
import { getMap, getNode } from '../yaml/yaml-nodes.js';
import { removeSeqItem, replaceScalar } from '../yaml/yaml-edits.js';
import { createConfigView } from './config-view.js';
import { indexSection } from './section-index.js';
import { nodeAt } from './target.js';
import type { ConfigView, EditTarget, Fix, Property, Section } from './types.js';
import { yamlMapProperties } from './yaml-map.js';

/**
 * Fluent Operator `spec.tail` fields and the Fluent Bit keys the operator
 * renders them to (fluent/fluent-operator apis/fluentbit/v1alpha2/plugins/
 * input/tail_types.go, `Tail.Params`). Fields without a one-to-one key
 * (`parserN`, the inverted `disableInotifyWatcher`) are not listed.
 */
const TAIL_FIELDS: readonly (readonly [field: string, key: string])[] = [
  ['bufferChunkSize', 'buffer_chunk_size'],
  ['bufferMaxSize', 'buffer_max_size'],
  ['path', 'path'],
  ['pathKey', 'path_key'],
  ['excludePath', 'exclude_path'],
  ['offsetKey', 'offset_key'],
  ['readFromHead', 'read_from_head'],
  ['refreshIntervalSeconds', 'refresh_interval'],
  ['rotateWaitSeconds', 'rotate_wait'],
  ['ignoredOlder', 'ignore_older'],
  ['skipLongLines', 'skip_long_lines'],
  ['db', 'db'],
  ['dbSync', 'db.sync'],
  ['memBufLimit', 'mem_buf_limit'],
  ['parser', 'parser'],
  ['key', 'key'],
  ['tag', 'tag'],
  ['tagRegex', 'tag_regex'],
  ['multiline', 'multiline'],
  ['multilineFlushSeconds', 'multiline_flush'],
  ['parserFirstline', 'parser_firstline'],
  ['dockerMode', 'docker_mode'],
  ['dockerModeFlushSeconds', 'docker_mode_flush'],
  ['dockerModeParser', 'docker_mode_parser'],
  ['multilineParser', 'multiline.parser'],
  ['storageType', 'storage.type'],
  ['pauseOnChunksOverlimit', 'storage.pause_on_chunks_overlimit'],
  ['skipEmptyLines', 'skip_empty_lines'],
  ['threaded', 'threaded'],
];

/** Fluent Operator `spec.systemd` fields (systemd_types.go `Systemd.Params`); `systemdFilter` is a list, one Systemd_Filter per item. */
const SYSTEMD_FIELDS: readonly (readonly [field: string, key: string])[] = [
  ['path', 'path'],
  ['db', 'db'],
  ['dbSync', 'db.sync'],
  ['tag', 'tag'],
  ['maxFields', 'max_fields'],
  ['maxEntries', 'max_entries'],
  ['systemdFilter', 'systemd_filter'],
  ['systemdFilterType', 'systemd_filter_type'],
  ['readFromTail', 'read_from_tail'],
  ['stripUnderscores', 'strip_underscores'],
  ['storageType', 'storage.type'],
  ['pauseOnChunksOverlimit', 'storage.pause_on_chunks_overlimit'],
];

/**
 * The stable/fluent-bit chart's knobs and the keys its templates/config.yaml
 * renders: `input.tail`, `audit.input` (tail inputs) and `input.systemd`
 * (`filters.systemdUnit` items become `Systemd_Filter _SYSTEMD_UNIT=<item>`).
 * The chart has no knob for `multiline.parser`: that key cannot be written.
 */
const STABLE_TAIL_FIELDS: readonly (readonly [field: string, key: string])[] = [
  ['path', 'path'],
  ['parser', 'parser'],
  ['dockerMode', 'docker_mode'],
  ['dockerModeFlush', 'docker_mode_flush'],
  ['memBufLimit', 'mem_buf_limit'],
  ['exclude_path', 'exclude_path'],
  ['ignore_older', 'ignore_older'],
  ['tag', 'tag'],
  ['bufferChunkSize', 'buffer_chunk_size'],
  ['bufferMaxSize', 'buffer_max_size'],
  ['skipLongLines', 'skip_long_lines'],
  ['key', 'key'],
];
const STABLE_SYSTEMD_FIELDS: readonly (readonly [field: string, key: string])[] = [
  ['tag', 'tag'],
  ['maxEntries', 'max_entries'],
  ['readFromTail', 'read_from_tail'],
  ['stripUnderscores', 'strip_underscores'],
];

/** The keys (as written) of an input map and of its `extraParams` that a higher value set gives too. */
export interface ReplacedKeys { readonly main: ReadonlySet<string>; readonly extra: ReadonlySet<string> }

/** A lower value set's map of the same chart input (operatorView `lower`), with its text and its replaced keys. */
export interface LowerInput { readonly input: OperatorInput; readonly file: EditTarget; readonly replaced: ReplacedKeys | undefined }

interface Schema {
  /** Fluent Bit's name for a field as written; undefined when the field renders nothing we read. */
  keyOf(field: string): string | undefined;
  /** The field that renders a Fluent Bit key; undefined when the schema has none (it cannot be written). */
  fieldOf(key: string): string | undefined;
}

function tableSchema(table: readonly (readonly [string, string])[], rendered?: ReadonlySet<string>): Schema {
  // Field names are matched case-insensitively, as the operator's JSON decoding does.
  const keyOfField = new Map(table.map(([field, key]) => [field.toLowerCase(), key]));
  const fieldOfKey = new Map(table.map(([field, key]) => [key, field]));
  return {
    keyOf: (field) => {
      const lower = field.toLowerCase();
      if (rendered && !rendered.has(lower)) return undefined;
      return keyOfField.get(lower) ?? lower;
    },
    fieldOf: (key) => {
      const field = fieldOfKey.get(key.toLowerCase());
      return field !== undefined && (!rendered || rendered.has(field.toLowerCase())) ? field : undefined;
    },
  };
}

/** Fluent Bit's own keys, one to one (structured values): matched case-insensitively, written as Fluent Bit names them. */
const CLASSIC_KEYS: Schema = { keyOf: (field) => field.trim().toLowerCase(), fieldOf: (key) => key };

function schemaOf(input: OperatorInput): { main: Schema; extra: Schema | undefined } {
  const systemd = input.plugin === 'systemd';
  switch (input.schema ?? 'operator') {
    case 'classic-keys':
      return { main: CLASSIC_KEYS, extra: undefined };
    case 'stable-fluent-bit':
      return { main: tableSchema(systemd ? STABLE_SYSTEMD_FIELDS : STABLE_TAIL_FIELDS), extra: undefined };
    default: {
      const table = systemd ? SYSTEMD_FIELDS : TAIL_FIELDS;
      return { main: tableSchema(table, input.fields), extra: input.extra ? tableSchema(table) : undefined };
    }
  }
}

/**
 * Properties for the items of a list-valued field (`systemdFilter: [a, b]`,
 * the stable chart's `filters.systemdUnit`): one property per item, with
 * `value` what Fluent Bit reads. Replacing an item's value is supported when
 * the value is written as is; other edits are not (no rule makes them).
 */
function listProperties(section: Section, target: EditTarget, seq: YAMLSeq, key: string, name: string, render: (item: string) => string): Property[] {
  const out: Property[] = [];
  seq.items.forEach((item, index) => {
    if (!isScalar(item)) return;
    const raw = item.value === null || item.value === undefined ? '' : String(item.value);
    const value = render(raw);
    const at = nodeAt(target, item);
    const unsupported = (what: string): never => {
      throw new FlbMigrateError('INTERNAL', `cannot ${what} an item of the list ${key}`);
    };
    out.push({
      section,
      key,
      name,
      value,
      at,
      valueAt: at,
      varRefs: findVarRefs(value, 0),
      replaceValue: (v): Fix => (render(v) === v ? { target, edits: replaceScalar(target.text, item as Scalar, v, 'view') } : unsupported('replace')),
      replace: () => unsupported('rename'),
      remove: (): Fix => ({ target, edits: removeSeqItem(target.text, seq, index, 'view') }),
      insertAfter: () => unsupported('insert after'),
    });
  });
  return out;
}

/**
 * The view of an input written as a YAML map of fields (the operator
 * backend): a Fluent Operator ClusterInput/Input (`spec.tail`,
 * `spec.systemd`; fluentbit.fluent.io or logging.kubesphere.io), or the
 * inputs chart values render (the fluent-operator chart's
 * `fluentbit.input.tail` and its `extraParams`, the stable/fluent-bit chart's
 * knobs, structured maps in Fluent Bit's own keys). One input section whose
 * properties are the fields, named by the Fluent Bit key each renders to.
 * Offsets and edits are those of the text the map sits in (`file`: the
 * manifest, or a values string). `replaced`: the keys (as written) of the
 * map and of `extraParams` that a higher value set of the release gives too
 * (Helm renders that one): not properties of this view. `lower`: the same
 * input map of lower value sets of the release (Helm merges them key by key):
 * their fields no higher set gives are properties of this view too, each
 * located and edited in its own set's text.
 */
export function operatorView(input: OperatorInput, file: EditTarget, replaced?: ReplacedKeys, lower: readonly LowerInput[] = []): ConfigView {
  const { main, extra } = schemaOf(input);
  const plugin = input.plugin ?? 'tail';
  const isValues = input.kind === 'Values';
  const { view, sections } = createConfigView({
    syntax: 'operator',
    name: isValues ? input.name ?? '' : `${input.kind}/${input.name ?? ''}`,
    target: file,
    source: undefined,
    operatorInput: input,
    variables: [],
    // A key the schema cannot write is named as Fluent Bit names it (messages only: writable() says it cannot be written).
    spell: (name) => main.fieldOf(name) ?? extra?.fieldOf(name) ?? name,
    writable: (name) => main.fieldOf(name) !== undefined || extra?.fieldOf(name) !== undefined,
    // Operator CRDs (and the fluent-operator chart, which renders one) have multilineParser; other chart values run whatever image they name.
    ...(isValues && (input.schema ?? 'operator') !== 'operator' ? { impliesMultiline: false } : {}),
    appendClassicBlock: undefined,
    insertClassicBlockBefore: undefined,
  });
  const properties: Property[] = [];
  const section: Section = { config: view, kind: 'input', plugin, properties, ...indexSection(properties), at: nodeAt(file, input.tail) };
  const mapProperties = (map: YAMLMap, schema: Schema, skip: ReadonlySet<string> | undefined, at: EditTarget = file): void => {
    const lists: Property[] = [];
    // A lower set's map: its properties are read and edited in its own text (yamlMapProperties edits its section's target).
    const own = at === file ? section : Object.assign({}, section, { config: Object.assign({}, view, { target: at }) });
    for (const q of yamlMapProperties(own, map, (k) => schema.keyOf(k) ?? '')) {
      const p = own === section ? q : Object.assign({}, q, { section });
      if (p.name === '' || skip?.has(p.key)) continue;
      const node = getNode(map, p.key);
      if (isSeq(node)) lists.push(...listProperties(section, at, node, p.key, p.name, (v) => v));
      else properties.push(p);
    }
    properties.push(...lists);
  };
  for (const l of lower) {
    mapProperties(l.input.tail, main, l.replaced?.main, l.file);
    if (l.input.extra) mapProperties(l.input.extra, extra ?? tableSchema(plugin === 'systemd' ? SYSTEMD_FIELDS : TAIL_FIELDS), l.replaced?.extra, l.file);
  }
  mapProperties(input.tail, main, replaced?.main);
  if (input.extra) mapProperties(input.extra, extra ?? main, replaced?.extra);
  if (input.schema === 'stable-fluent-bit') {
    // The chart renders Docker_Mode (and its flush) only when dockerMode is on, Exclude_Path and Ignore_Older only when set.
    const dockerMode = properties.find((p) => p.name === 'docker_mode');
    const on = dockerMode !== undefined && /^(on|true|yes)$/i.test(dockerMode.value.trim());
    const kept = properties.filter((p) => (on || (p.name !== 'docker_mode' && p.name !== 'docker_mode_flush')) && !((p.name === 'exclude_path' || p.name === 'ignore_older') && p.value === ''));
    properties.splice(0, properties.length, ...kept);
  }
  if (input.schema === 'stable-fluent-bit' && plugin === 'systemd') {
    const units = getNode(getMap(input.tail, 'filters'), 'systemdUnit');
    if (isSeq(units)) properties.push(...listProperties(section, file, units, 'systemdUnit', 'systemd_filter', (v) => `_SYSTEMD_UNIT=${v}`));
  }
  sections.push(section);
  return view;
}
