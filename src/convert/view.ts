/**
 * What Fluent Bit sees after reading a setup, independent of the format it
 * was written in. Both readers (classic-reader.ts over our lossless model,
 * yaml-reader.ts over the `yaml` package) produce this shape, and
 * compare-views.ts decides whether two setups are the same to Fluent Bit.
 *
 * Keys are stored as Fluent Bit stores them (classic: ASCII lower-case;
 * YAML: `flb_cf_key_translate`, which keeps `ReadFromHead` as written);
 * Fluent Bit compares them case-insensitively, and so does the comparison.
 * Values are the trimmed strings Fluent Bit holds; `${VAR}` is not expanded
 * here (it is expanded when a value is applied, identically for both formats).
 */

/** Where something was read: a setup file name and an offset into its text. */
export interface Origin {
  readonly file: string;
  readonly offset: number;
}

export interface Prop {
  readonly key: string;
  readonly value: string;
  readonly origin: Origin;
}

export type PluginKind = 'custom' | 'input' | 'filter' | 'output';

export interface PluginInstance {
  readonly kind: PluginKind;
  /** One entry per occurrence, in order (a YAML list item is one occurrence). */
  readonly props: readonly Prop[];
  /** YAML-only `processors:` / `routes:` blocks (opaque here). */
  readonly yamlOnly: readonly string[];
  readonly origin: Origin;
}

export interface ParserDef {
  readonly props: readonly Prop[];
  readonly origin: Origin;
}

export interface MultilineRule {
  readonly state: string;
  readonly regex: string;
  /** null when a classic `rule` line has no third token. */
  readonly nextState: string | null;
}

export interface MultilineParserDef {
  /** Every key except the rules (classic `rule` lines are folded into `rules`). */
  readonly props: readonly Prop[];
  /** The rules in the order Fluent Bit creates them: YAML `rules:` first, then `rule` keys. */
  readonly rules: readonly MultilineRule[];
  readonly origin: Origin;
}

export interface UpstreamDef {
  readonly props: readonly Prop[];
  readonly nodes: readonly (readonly Prop[])[];
  readonly origin: Origin;
}

/** A `parsers_file` of the service section and what it defines. */
export interface ParsersFileView {
  /** The value as written (after `${VAR}`-free resolution; raw when it holds a variable). */
  readonly value: string;
  /** Setup file name it resolved to, or null when it is not part of the setup (stock file, variable, missing). */
  readonly file: string | null;
  readonly parsers: readonly ParserDef[];
  readonly multilineParsers: readonly MultilineParserDef[];
  readonly origin: Origin;
}

export interface FbView {
  /** `@SET` / YAML `env`, in the order Fluent Bit applies them (the last one of a name wins). */
  readonly env: readonly Prop[];
  /** Every `[SERVICE]` / `service:` property, merged, in reading order. */
  readonly service: readonly Prop[];
  readonly customs: readonly PluginInstance[];
  readonly inputs: readonly PluginInstance[];
  readonly filters: readonly PluginInstance[];
  readonly outputs: readonly PluginInstance[];
  /** Parsers defined in the config files themselves (YAML `parsers:`; classic parsers files). */
  readonly parsers: readonly ParserDef[];
  readonly multilineParsers: readonly MultilineParserDef[];
  readonly parsersFiles: readonly ParsersFileView[];
  /** `[PLUGINS]` paths / YAML `plugins:` items. */
  readonly plugins: readonly string[];
  readonly upstreams: readonly UpstreamDef[];
  /** Files read, in reading order (main first). */
  readonly files: readonly string[];
}

/** Something that makes Fluent Bit refuse the setup (or that we cannot model). */
export interface ReadError {
  readonly file: string;
  readonly offset: number;
  readonly message: string;
  /** Set when the error is a file that is not among the setup's files (an include, a glob without match). */
  readonly missing?: boolean;
}

export interface ReadResult {
  readonly view: FbView;
  readonly errors: readonly ReadError[];
}

export function emptyView(): {
  env: Prop[]; service: Prop[]; customs: PluginInstance[]; inputs: PluginInstance[]; filters: PluginInstance[];
  outputs: PluginInstance[]; parsers: ParserDef[]; multilineParsers: MultilineParserDef[];
  parsersFiles: ParsersFileView[]; plugins: string[]; upstreams: UpstreamDef[]; files: string[];
} {
  return {
    env: [], service: [], customs: [], inputs: [], filters: [], outputs: [], parsers: [], multilineParsers: [],
    parsersFiles: [], plugins: [], upstreams: [], files: [],
  };
}

export type MutableView = ReturnType<typeof emptyView>;
