import type { ChartReleaseInfo, EmbeddedConfig, FluentBitResource, HelmValuesInfo, KustomizationInfo, LoggingOperatorAgent, OperatorMultilineParser, OperatorParser, PodTemplate } from '../discover/discovery-types.js';
import type { Container, Deployment, VersionOrigin } from '../deploy/types.js';
import type { ConfigView, EditTarget, Fix, Located, Section } from '../view/types.js';
import type { VariableDefinition } from './support/setup-variables.js';

/** The container runtimes the nodes can move to. */
export const RUNTIMES = ['containerd', 'cri-o', 'cri-dockerd'] as const;

/** Container runtime the nodes move to. */
export type Runtime = (typeof RUNTIMES)[number];

/** The options as rules read them: validated, defaults filled in (src/migrate/options.ts). */
export interface RuleOptions {
  readonly runtime: Runtime;
  /** Write `multiline.parser cri` instead of `docker, cri`. */
  readonly criOnly: boolean;
  /** The kubelet's podLogsDir, without trailing slashes. */
  readonly podLogsDir: string;
  /** Change configs, keep Docker's containers mount. */
  readonly keepDockerMount: boolean;
  /**
   * For a config the batch's containers run: where they mount Docker's data at another path
   * (support/pod-mounts.ts dockerMountPaths), so that a tail Path below it counts as Docker's.
   */
  readonly dockerMounts?: readonly string[];
  /**
   * For a config the batch's containers run: those of its runners' workloads that run only on Docker nodes
   * (support/pod-mounts.ts dockerNodesOf), each `label: why`, and whether they are all its runners.
   */
  readonly dockerNodes?: { readonly workloads: readonly string[]; readonly all: boolean };
  /**
   * --to-yaml without --runtime: only the rules whose meta says `withoutRuntime` run, on the config as written (no
   * runtime edit takes anything away or retargets a path; `runtime` is a placeholder they do not read).
   */
  readonly asWritten?: boolean;
}

/** What we know about the Fluent Bit version a config will run on (from the workloads that run it). */
export interface VersionInfo {
  /** Undefined when no workload tells (we then assume >= 1.8 and say so). */
  readonly major: number | undefined;
  readonly minor: number | undefined;
  /** Where the version came from, for messages (`fluent/fluent-bit:1.7.2 in ds.yaml`). */
  readonly source: string | undefined;
  /** Why, without the location (`fluent/fluent-bit has no tag (latest)`). */
  readonly reason: string | undefined;
  readonly origin: VersionOrigin;
  /** The workloads that run the config, each with its version (`DaemonSet a (ds.yaml): 1.9`); empty when none in the input does. */
  readonly runners: readonly string[];
  /** The runners do not all run the same version: the lowest decides. */
  readonly mixed: boolean;
  /** The runners mount another ConfigMap of the same kind, name and namespace, written in this file (ConfigVersion.twinOf). */
  readonly twinOf?: string;
  /** No kustomize build runs this base file: overlays' generators replace its key in every build (ConfigVersion.replacedBy); runners mount its object. */
  readonly replacedBy?: { readonly overlays: readonly string[]; readonly object: string };
}

/** No version known and no workload: the default for file-level visits. */
export const UNKNOWN_VERSION: VersionInfo = { major: undefined, minor: undefined, source: undefined, reason: undefined, origin: 'unknown', runners: [], mixed: false };

/**
 * Facts about the configs Fluent Bit loads together with the one a rule
 * reads (the keys of one ConfigMap, the `config.*` strings of one values
 * file, the files of one directory).
 */
export interface SetupFacts {
  /**
   * Variables from every config of the setup (`@SET`, YAML `env`) as Fluent
   * Bit applies them: the last definition in a config wins; a name two
   * configs set differently is not here (support/setup-variables.ts).
   */
  readonly variables: ReadonlyMap<string, string>;
  /** Names two configs of the setup set to different values, with where (left out of `variables`: which wins depends on reading order). */
  readonly conflictingVariables: ReadonlyMap<string, readonly VariableDefinition[]>;
  /** Parser names defined by the setup's parser sections. */
  readonly definedParsers: ReadonlySet<string>;
  /** True when some tail input of the setup reading container logs uses `Parser cri` (its records carry `message`). */
  readonly usesStockCriParser: boolean;
  /**
   * True when the setup loads the image's stock parsers.conf next to its own
   * files: a Parsers_File named parsers.conf that no config of the setup
   * provides, or a Helm chart (which always loads it).
   */
  readonly loadsStockParsers: boolean;
  /** Classic configs of the setup that hold parsers and can take a `[PARSER]` block (the first is preferred). */
  readonly parsersFiles: readonly ConfigView[];
  /** Every config of the setup, in batch order. */
  readonly configs: readonly ConfigView[];
}

/**
 * `change`: an edit was made; `warning`/`info`: for a human to look at;
 * `error`: only the --to-yaml conversion reports it (a setup it refuses, and
 * the files tied to it): like an error diagnostic, it keeps the file as it was.
 */
export type FindingSeverity = 'change' | 'warning' | 'info' | 'error';

/** What `--explain` prints: why the rule exists, and what it does to a config. */
export interface RuleDocs {
  /** One line (the README rule table, `--list-rules`). */
  readonly summary: string;
  /** Why: what breaks after the runtime change, and what the rule does about it. */
  readonly details: string;
  readonly example?: { readonly before: string; readonly after: string };
}

/** A message template: `{{name}}` placeholders are filled from the report's `data`. */
export type MessageTemplates = Readonly<Record<string, string>>;

export interface RuleMeta<Id extends string, M extends MessageTemplates, S extends FindingSeverity> {
  /** Stable, kebab-case, the rule file's name and its fixture folder (`fixtures/rules/<id>/`). */
  readonly id: Id;
  /** `change`: the rule edits (and may also warn); `report`: it only reports. */
  readonly kind: 'change' | 'report';
  /** Every severity the rule may report. */
  readonly severities: readonly S[];
  readonly docs: RuleDocs;
  readonly messages: M;
  /** A report rule that also runs under --to-yaml without --runtime (RuleOptions.asWritten): what Fluent Bit refuses whatever the runtime. */
  readonly withoutRuntime?: true;
}

/** The `{{placeholder}}` names of a template. */
export type Placeholders<T extends string> = T extends `${string}{{${infer P}}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** Values a message template is filled with. */
export type MessageData = Readonly<Record<string, string | number>>;

type DataFor<T extends string> = string extends T
  ? { readonly data?: MessageData }
  : [Placeholders<T>] extends [never]
    ? { readonly data?: undefined }
    : { readonly data: Readonly<Record<Placeholders<T>, string | number>> };

/** One finding a rule reports: a message of its own (with exactly the data its template needs), a severity it declares, where, and the edits that make the change. */
export type ReportDescriptor<M extends MessageTemplates, S extends FindingSeverity> = {
  [K in keyof M & string]: {
    readonly messageId: K;
    readonly severity: S;
    readonly at: Located;
    /** The edits this finding describes (only `change` rules edit). */
    readonly fix?: Fix | readonly Fix[];
  } & DataFor<M[K]>;
}[keyof M & string];

/** What a rule sees and how it answers. A context is made per config (or per file) a rule visits. */
export interface RuleContext<M extends MessageTemplates, S extends FindingSeverity> {
  readonly options: RuleOptions;
  /** The version the visited config runs on (unknown for file-level visits). */
  readonly version: VersionInfo;
  /** The setup of the config being visited (empty for file-level visits: pod templates, Helm values). */
  readonly setup: SetupFacts;
  /** Who runs what in the batch. */
  readonly deployment: Deployment;
  /** The Fluent Bit containers that read the visited config (empty for file-level visits and configs no workload runs). */
  readonly runners: readonly Container[];
  /** The view of another config of the batch (a parsers file), when it has one. */
  viewOf(config: EmbeddedConfig): ConfigView | undefined;
  /**
   * Reports a finding and makes its edits. False when its edits were not made (one touches a `${VAR}` Flux postBuild
   * writes, or a YAML list item the view cannot edit: a warning says so instead), so a rule can keep what depends on them.
   */
  report(descriptor: ReportDescriptor<M, S>): boolean;
  /** Edits that no finding of their own describes (a `[PARSER]` block a change needs in another config). */
  fix(fix: Fix): void;
  /**
   * A range the rule looked at and decided about without a finding of its
   * own there (the mounts of a Docker volume it reported once, on the
   * volume). Findings and edits mark their own ranges; the safety net
   * (unhandled-docker-setting) reports what nothing marked.
   */
  consume(at: Located): void;
}

/** The facts of a rule's context that decisions shared between rules read (the context of any rule is one). */
export type RuleFacts = Pick<RuleContext<MessageTemplates, FindingSeverity>, 'options' | 'version' | 'setup' | 'runners' | 'viewOf'>;

/**
 * What a rule listens to. Config-level listeners run for every Fluent Bit
 * config (classic, YAML format, operator input) without errors; section
 * listeners for each section of that kind, in order. File-level listeners
 * run for every readable manifest.
 */
export interface RuleListeners {
  config?(config: ConfigView): void;
  service?(section: Section): void;
  input?(section: Section): void;
  filter?(section: Section): void;
  output?(section: Section): void;
  parser?(section: Section): void;
  podTemplate?(pod: PodTemplate, file: EditTarget): void;
  helmValues?(values: HelmValuesInfo, file: EditTarget): void;
  /** A chart release the file names (by its chart and version; its nodes are the file's, or a values string's: `values[].text`). */
  chartRelease?(release: ChartReleaseInfo, file: EditTarget): void;
  /** A kube-logging logging-operator Fluent Bit agent (a Logging's spec.fluentbit, a FluentbitAgent's spec). */
  loggingAgent?(agent: LoggingOperatorAgent, file: EditTarget): void;
  /** A Fluent Operator `FluentBit` resource (fluentbit.fluent.io, logging.kubesphere.io): the DaemonSet the operator renders. */
  fluentBit?(fluentBit: FluentBitResource, file: EditTarget): void;
  /** A Fluent Operator `ClusterMultilineParser`/`MultilineParser` (rendered as a `[MULTILINE_PARSER]`). */
  operatorMultilineParser?(parser: OperatorMultilineParser, file: EditTarget): void;
  /** A Fluent Operator ClusterParser/Parser of the manifest. */
  operatorParser?(parser: OperatorParser, file: EditTarget): void;
  /** A kustomization (a document of a kustomization.yaml; its nodes are the file's). */
  kustomization?(kustomization: KustomizationInfo, file: EditTarget): void;
}

/** A rule as its author writes it: `create` sees a context typed by the rule's own messages and severities. */
export interface RuleDefinition<Id extends string, M extends MessageTemplates, S extends FindingSeverity> {
  readonly meta: RuleMeta<Id, M, S>;
  /** Called once per visited config or file; returns what the rule listens to. */
  create(context: RuleContext<M, S>): RuleListeners;
}

/** A registered rule, as the runner drives it. */
export interface Rule<Id extends string = string> {
  readonly meta: RuleMeta<Id, MessageTemplates, FindingSeverity>;
  create(context: RuleContext<MessageTemplates, FindingSeverity>): RuleListeners;
}

/**
 * Declares a rule: message ids, `{{placeholders}}` and severities are
 * checked at compile time against the rule's own meta. The registry drives
 * every rule through the wider `Rule` type; the runner checks each report
 * against the meta again at run time, which is what makes the widening safe.
 */
export function defineRule<const Id extends string, const M extends MessageTemplates, const S extends FindingSeverity>(rule: RuleDefinition<Id, M, S>): Rule<Id> {
  return rule as unknown as Rule<Id>;
}
