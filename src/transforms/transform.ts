import type { ConfigModel, EntryModel, SectionModel } from '../model/config-model.js';
import type { Edit } from '../source/edit.js';
import { trimTrailingSlashes } from './docker-paths.js';
import type { FindingSeverity, MigrateOptions, Runtime } from '../migrate/types.js';

/**
 * What a rule reports: `offset` points into the text the rule read (a
 * config's text for classic and YAML-format rules, the file's text for pod,
 * Helm and operator rules); the pipeline maps it to the file's line/column.
 */
export interface RuleFinding {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  /** Offset in the config text the finding points at. */
  readonly offset: number;
}

/** What we know about the Fluent Bit version the config will run on. */
export interface VersionInfo {
  /** Undefined when no image tag was found (we then assume >= 1.8 and say so). */
  readonly major: number | undefined;
  readonly minor: number | undefined;
  /** Where the version came from, for messages (`image fluent/fluent-bit:1.7.2`). */
  readonly source: string | undefined;
}

export interface ResolvedOptions {
  readonly runtime: Runtime;
  readonly criOnly: boolean;
  readonly podLogsDir: string;
  readonly keepDockerMount: boolean;
}

export function resolveOptions(options: MigrateOptions): ResolvedOptions {
  return {
    runtime: options.runtime,
    criOnly: options.criOnly ?? false,
    podLogsDir: trimTrailingSlashes(options.podLogsDir ?? '/var/log/pods') || '/var/log/pods',
    keepDockerMount: options.keepDockerMount ?? false,
  };
}

/** Facts about the other configs of the same setup (ConfigMap, values file, directory). */
export interface SetupFacts {
  /** `@SET` variables from every config of the setup. */
  readonly variables: ReadonlyMap<string, string>;
  /** Parser names defined by [PARSER] sections in the setup's configs. */
  readonly definedParsers: ReadonlySet<string>;
  /** True when some tail input of the setup uses `Parser cri` (its records carry `message`). */
  readonly usesStockCriParser: boolean;
  /**
   * True when the setup loads the image's stock parsers.conf next to its own
   * files: a Parsers_File named parsers.conf that no config of the setup
   * provides, or a Helm chart (which always loads it).
   */
  readonly loadsStockParsers: boolean;
  /** Names of the parsers files in the setup we may add a [PARSER] to (first is preferred). */
  readonly parsersFileNames: readonly string[];
}

/** Everything a classic-config transform may read. Transforms never mutate it. */
export interface ClassicContext {
  readonly text: string;
  readonly model: ConfigModel;
  /** File-like name of this config (ConfigMap key, file base name). */
  readonly name: string;
  readonly options: ResolvedOptions;
  readonly version: VersionInfo;
  readonly setup: SetupFacts;
}

export interface TransformOutput {
  readonly edits: readonly Edit[];
  readonly findings: readonly RuleFinding[];
  /**
   * Requests to add text to another config of the setup (a [PARSER] block
   * appended to a parsers file), by that config's name.
   */
  readonly appends?: readonly { readonly configName: string; readonly text: string; readonly ruleId: string }[];
}

/** A transform over one classic config: reads the model, returns edits and findings. */
export interface ClassicTransform {
  readonly id: string;
  readonly description: string;
  run(ctx: ClassicContext): TransformOutput;
}

export type { ConfigModel, EntryModel, SectionModel };
