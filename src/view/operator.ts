import type { OperatorInput } from '../discover/discovery-types.js';
import { createConfigView } from './config-view.js';
import type { ConfigView, EditTarget } from './types.js';
import { yamlMapSection } from './yaml-map.js';

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

/** Field names are matched case-insensitively, as the operator's JSON decoding does. */
const KEY_OF_FIELD: ReadonlyMap<string, string> = new Map(TAIL_FIELDS.map(([field, key]) => [field.toLowerCase(), key]));
const FIELD_OF_KEY: ReadonlyMap<string, string> = new Map(TAIL_FIELDS.map(([field, key]) => [key, field]));

/** Fluent Bit's name for an operator field; an unlisted field keeps its lower-cased name. */
function keyOf(field: string): string {
  const lower = field.toLowerCase();
  return KEY_OF_FIELD.get(lower) ?? lower;
}

/**
 * The view of a Fluent Operator ClusterInput/Input with `spec.tail` (the
 * operator backend): one tail input section whose properties are the
 * `spec.tail` fields, named by the Fluent Bit key each renders to. Offsets
 * and edits are the manifest file's own (`file` is its target).
 */
export function operatorView(input: OperatorInput, file: EditTarget): ConfigView {
  const { view, sections } = createConfigView({
    syntax: 'operator',
    name: `${input.kind}/${input.name ?? ''}`,
    target: file,
    source: undefined,
    variables: [],
    spell: (name) => {
      const field = FIELD_OF_KEY.get(name.toLowerCase());
      if (field === undefined) throw new Error(`the Fluent Operator tail input has no field for ${name}`);
      return field;
    },
    appendClassicBlock: undefined,
    insertClassicBlockBefore: undefined,
  });
  sections.push(yamlMapSection(view, input.tail, 'input', 'tail', keyOf));
  return view;
}
