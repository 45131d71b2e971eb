import type { EmbeddedConfig, OperatorInput } from '../discover/discovery-types.js';
import type { VarRef } from '../model/config-model.js';
import type { Edit } from '../source/edit.js';

/**
 * The text edits and findings of a rule land in: a config (mapped to its
 * file through the config's OffsetMap) or a whole file. One target per text.
 */
export interface EditTarget {
  /** Stable and unique per text: the config id, or `file:<path>`. */
  readonly id: string;
  /** Path of the user's file that holds the text. */
  readonly path: string;
  /** The text the offsets refer to. */
  readonly text: string;
  /** Offset of this text -> offset of the file. Never throws (clamps). */
  toOuter(offset: number): number;
  /**
   * Every edit of this text, in one call -> edits of the file (of the
   * parent's text when there is a parent). Throws FlbMigrateError when a
   * mapping would not round-trip.
   */
  mapEdits(edits: readonly Edit[]): Edit[];
  /**
   * The text this one sits in when it is not the file (a config string
   * inside chart values that are themselves a string of the file): its
   * edits are mapped into the parent's text, gathered with the parent's own
   * edits and mapped on from there in one call.
   */
  readonly parent?: EditTarget;
  /**
   * For a text whose offsets all map to one place of the file (a config held as base64): where in the text an
   * offset is, in words (` (line 3 of the decoded base64 value)`), added to the messages of findings there.
   */
  readonly note?: (offset: number) => string;
}

/** A range of a target's text: what a finding points at. */
export interface Located {
  readonly target: EditTarget;
  readonly start: number;
  readonly end: number;
}

/** Edits of one target's text (never overlapping each other). */
export interface Fix {
  readonly target: EditTarget;
  readonly edits: readonly Edit[];
  /**
   * Set when the view cannot make the edit exactly (renaming the key of one
   * item of a YAML list of several): `edits` is empty, and the rule runner
   * reports the change as not made (`yaml-list-value`), at `at`, with this
   * one-line reason. Rules never guess a replacement.
   */
  readonly refused?: { readonly at: Located; readonly reason: string };
}

/**
 * Where a property that is one item of a YAML list value sits
 * (`multiline.parser: [docker, cri]`, or a block `- docker`): Fluent Bit
 * reads the key once per item (flb_cf_yaml.c STATE_PLUGIN_VAL_LIST).
 */
export interface ListItem {
  /** The item's index in its list. */
  readonly index: number;
  /** How many items the list has. */
  readonly count: number;
  /** `[a, b]` (true) or `- a` lines (false). */
  readonly flow: boolean;
  /** The whole `key: [...]` pair: from the key's first byte to the list's last. */
  readonly pairAt: Located;
  /**
   * Removes several items of this list in one fix (the same function for
   * every item of the list): separate `remove()` fixes of neighbouring flow
   * items would overlap. Every item: the whole pair goes.
   */
  removeItems(indexes: readonly number[]): Fix;
}

/** How a Fluent Bit config is written. */
export type ConfigSyntax =
  /** The classic `[SECTION]` / `Key Value` format. */
  | 'classic'
  /** The YAML config format (`pipeline.inputs[]`, `parsers[]`, `service`). */
  | 'yaml'
  /** A Fluent Operator ClusterInput/Input `spec.tail`, camelCase fields the operator renders into classic keys. */
  | 'operator';

export type SectionKind = 'service' | 'input' | 'filter' | 'output' | 'parser' | 'multiline_parser' | 'other';

/**
 * One key/value of a section, in whatever syntax it is written. Lookups use
 * Fluent Bit's name for the key; edits are produced in the property's own
 * syntax and touch only its bytes (and its line, when it is removed or
 * another is inserted after it).
 */
export interface Property {
  readonly section: Section;
  /** The key as written (`Parser`, `multiline.parser`, `multilineParser`). */
  readonly key: string;
  /** Fluent Bit's name for the key, lower-case (`parser`, `multiline.parser`, `docker_mode`). */
  readonly name: string;
  /** The value as Fluent Bit reads it (trimmed; a list item as written, untrimmed); '' when empty or not a scalar. */
  readonly value: string;
  /** The whole `key value`: from the key's first byte to the value's last; for a list item, the item. */
  readonly at: Located;
  /**
   * Set when this property is one item of a YAML list value (the YAML
   * format reads `key: [a, b]` as `key a` then `key b`). Edits then touch
   * the item: replaceValue replaces its scalar, remove drops it (the whole
   * pair with the last one: `key: []` is an error in Fluent Bit), insertAfter
   * with the same key adds an item; replace (rename) is refused (see
   * Fix.refused) when the list has other items.
   */
  readonly item?: ListItem;
  /** Just the value (an empty range after the key when there is none). */
  readonly valueAt: Located;
  /** `${VAR}` references in the value; offsets relative to `value`. */
  readonly varRefs: readonly VarRef[];
  /** Replaces the value, keeping the key and the syntax's quoting. */
  replaceValue(value: string): Fix;
  /** Replaces key and value: `name` is Fluent Bit's name, written the way this syntax spells it. */
  replace(name: string, value: string): Fix;
  /** Removes the property with its line (comment lines around it stay). */
  remove(): Fix;
  /** Adds `name value` right after this property, in its indentation and style (after a list item: a new item when `name` is this key, else a new key after the list). */
  insertAfter(name: string, value: string): Fix;
}

/** A section (`[INPUT]`, a `pipeline.inputs[]` item, an operator `spec.tail`); keys looked up case-insensitively, duplicates kept. */
export interface Section {
  readonly config: ConfigView;
  readonly kind: SectionKind;
  /**
   * The `Name` value, lower-case ('' when missing); `tail` for an operator
   * tail input. A `${VAR}` stays as written (`${in}`): the setup's variables
   * name the plugin, so rules ask rules/support/tail-target.ts pluginOf.
   */
  readonly plugin: string;
  readonly properties: readonly Property[];
  /** First property with this Fluent Bit name, as Fluent Bit's getters do. */
  get(name: string): Property | undefined;
  getAll(name: string): readonly Property[];
  has(name: string): boolean;
  readonly at: Located;
}

/** A variable a config defines: `@SET NAME=value`, or a YAML `env:` entry. */
export interface ConfigVariable {
  readonly name: string;
  readonly value: string;
}

/**
 * The format-agnostic view of one Fluent Bit config. Rules read sections and
 * properties and ask them for edits; each backend (classic, YAML format,
 * operator) implements the view once.
 */
export interface ConfigView {
  readonly syntax: ConfigSyntax;
  /** File-like name: the ConfigMap key, the file's base name, `ClusterInput/<name>`. */
  readonly name: string;
  readonly target: EditTarget;
  /** The discovered config behind a classic or YAML-format view (undefined for operator inputs). */
  readonly source: EmbeddedConfig | undefined;
  /** The operator input (custom resource or chart values) behind an operator view. */
  readonly operatorInput?: OperatorInput;
  readonly sections: readonly Section[];
  sectionsOf(kind: SectionKind): readonly Section[];
  readonly variables: readonly ConfigVariable[];
  /** How this syntax writes a Fluent Bit key (`multiline.parser` is `multilineParser` for the operator). */
  spell(name: string): string;
  /**
   * Whether this config can hold the key at all (chart values render only
   * the keys the chart has knobs for: the stable/fluent-bit chart has none
   * for `multiline.parser`). Undefined: every key can be written.
   */
  readonly writable?: (name: string) => boolean;
  /**
   * False when nothing about the syntax says which Fluent Bit runs it (chart
   * values rendered into a classic config: the workload's image decides,
   * as for a classic config). Undefined: the syntax tells (the YAML format
   * needs 2.0; a Fluent Operator CRD whose tail has `multilineParser`).
   */
  readonly impliesMultiline?: boolean;
  /**
   * Appends a block of classic text (a `[PARSER]` section) at the end, in the
   * config's indent and newline style, after one empty line. Undefined where
   * the syntax cannot hold one.
   */
  readonly appendClassicBlock: ((block: string) => Fix) | undefined;
  /**
   * Inserts a block of classic text before a section of this config (before
   * the comment lines right above its header), followed by one empty line.
   * Undefined where the syntax cannot hold one.
   */
  readonly insertClassicBlockBefore: ((section: Section, block: string) => Fix) | undefined;
}
