import type { Node, Scalar } from 'yaml';
import type { FluxPostBuild } from './flux-postbuild.js';
import type { KustomizePodOp } from './kustomize.js';
import type { VarUse } from './kustomize-replacements.js';
import type {
  ContainerInfo, EmbeddedConfig, FluentBitConfigResource, FluentBitResource, HelmValuesInfo, ImageRef, OperatorInput, OperatorMultilineParser, OperatorParser, OperatorParserFilter, OperatorLuaFilter, OtherKey, PodTemplate, StringList,
  VolumeInfo, VolumeMountInfo, VolumeSource, YamlPath,
} from '../discover/discovery-types.js';

/*
 * The resolved deployment model of a batch: who runs each Fluent Bit config,
 * with which image, version, mounts and command line. Built once per batch
 * (build-deployment.ts) before any rule runs; rules, the invariants and the
 * YAML conversion read it.
 */

/**
 * A ConfigMap or Secret a kustomize generator makes of a file, as the cluster sees it: the generator's name with the
 * kustomization's `namePrefix`/`nameSuffix` (kustomize's content hash left out: `generatorOptions` or the generator's
 * `options` can turn it off, and a hash is never what a reader looks a name up by), the kustomization's `namespace`
 * (it overrides the generator's own), and the key the file gets.
 */
/** A ConfigMap or Secret as one build names it (Deployment.builtObjects); `generated` for a generator's. */
export interface BuiltObject {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly generated: boolean;
}

export interface GeneratedObject {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly key: string;
  /** The kustomization that generates it. */
  readonly path: string;
}

/** main: a regular container; init: runs to completion before them; sidecar: a native sidecar (initContainer with `restartPolicy: Always`). */
export type ContainerRole = 'main' | 'init' | 'sidecar';

/** Where a workload was read from. */
export type WorkloadSource = 'manifest' | 'helm-values' | 'operator';

/**
 * Where a Fluent Bit version came from: a container image string in a
 * manifest (or a FluentBit resource's `spec.image`), chart values, a
 * kustomize `images:` override, the caller (`fluentBitVersion` /
 * `--fluent-bit-version`), or nowhere.
 */
export type VersionOrigin = 'image' | 'values' | 'kustomize' | 'flag' | 'unknown';

/** A Fluent Bit version (major.minor[.patch]). */
export interface FluentBitVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number | undefined;
}

/** The image a container runs, after kustomize overrides. */
export interface ContainerImage {
  /** The effective reference. */
  readonly ref: ImageRef;
  /** The reference as written in the workload, when a kustomization changed it. */
  readonly written: ImageRef | undefined;
  readonly origin: 'image' | 'values' | 'kustomize';
  /** The repository says Fluent Bit (fluent-bit, fluentbit, aws-for-fluent-bit, td-agent-bit...). */
  readonly isFluentBit: boolean;
  /** The Fluent Bit version the image implies, when known. */
  readonly version: FluentBitVersion | undefined;
  /** The tag comes from an OpenShift Template parameter's default value (`--fluent-bit-version` wins over it). */
  readonly templateDefault?: boolean;
  /** The tag comes from Ansible's Jinja, read as this says (`fluent_bit_version set nowhere in the input: its default('1.9.10')`). */
  readonly jinja?: string;
  /** Why the version is what it is, and where: `fluent/fluent-bit:1.6.10 in ds.yaml`, `... (kustomize images: in kustomization.yaml)`. */
  readonly note: string;
  /** The same without the location: `amazon/aws-for-fluent-bit:2.5.0 (ships Fluent Bit 1.5.0)`, `tag latest of ...`. */
  readonly reason: string;
  /** Where the image is written (file and node), for findings. */
  readonly path: string;
  readonly node: Node | undefined;
  /**
   * The kustomize builds of the workload (each overlay that builds its file: the outermost kustomization,
   * with the image it runs), when they run different versions; the oldest decides (kustomizationsOf).
   */
  readonly builds?: readonly KustomizeBuildImage[];
  /** The Flux Kustomizations with postBuild that build the workload, when their values give different versions; the lowest decides. */
  readonly fluxBuilds?: readonly FluxBuildImage[];
  /** Flux builds whose postBuild leaves a variable of the reference unset: the empty string makes an image reference Kubernetes refuses. */
  readonly fluxBlank?: readonly FluxBlankImage[];
  /** The Fleet targets of a release (its `targetCustomizations`, and its own values alone), when their images give different versions; the oldest decides. */
  readonly targets?: readonly ReleaseImage[];
  /** The environments of a helmfile release whose values files are named per environment, when their images give different versions; the oldest decides. */
  readonly environments?: readonly ReleaseImage[];
  /** The Flux Kustomizations that build a HelmRelease with patches of its image, when their images give different versions; the oldest decides. */
  readonly fluxPatches?: readonly ReleaseImage[];
  /** Some of `fluxPatches` are plain kustomize builds (an overlay patching the release), or some patch the chart version: said as builds, not as Flux image patches. */
  readonly plainBuilds?: true;
  /** The releases that name a plain values file (Argo CD `helm.valueFiles`, helmfile `values:` files), when their images give different versions; the oldest decides. */
  readonly releases?: readonly ReleaseImage[];
  /** The Applications an ApplicationSet's list generator makes, when the template's image takes their parameters and they give different versions; the oldest decides. */
  readonly elements?: readonly ReleaseImage[];
}

/**
 * The image one deployment of a release runs: a release of a shared values file (its own later sets and parameters
 * over the file), a Fleet target (its customization's values over the release's), an ApplicationSet list element.
 */
export interface ReleaseImage {
  /** The deployment, as messages name it: the release's label, `target legacy`, `helm.values alone`, `element cluster=prod`. */
  readonly release: string;
  readonly ref: ImageRef;
  readonly version: FluentBitVersion | undefined;
}

/** A Flux build that blanks a variable of the image reference (`fluent-bit:${FLB_VERSION}` without FLB_VERSION: `fluent-bit:`). */
export interface FluxBlankImage {
  readonly kustomization: string;
  readonly path: string;
  /** The variables it leaves unset, and the reference it writes. */
  readonly variables: readonly string[];
  readonly image: string;
}

/** The image one Flux Kustomization's postBuild values give. */
export interface FluxBuildImage {
  /** The Kustomization's name, and its file. */
  readonly kustomization: string;
  readonly path: string;
  readonly ref: ImageRef;
  readonly version: FluentBitVersion | undefined;
}

/** The image one kustomize build (an overlay) runs. */
export interface KustomizeBuildImage {
  /** The outermost kustomization of the build. */
  readonly kustomization: string;
  readonly ref: ImageRef;
  readonly version: FluentBitVersion | undefined;
}

/**
 * What a volume holds: a pod volume's source, or the ConfigMap a Helm chart
 * renders from its values (`dirId`: the chart's directory, includes/vfs.ts).
 */
/** `only`: the chart config strings (ids) one environment's deployment renders (release-deployments environmentGroups); undefined: all of the directory's. */
export type VolumeContents = VolumeSource | { readonly kind: 'chart'; readonly dirId: string; readonly only?: ReadonlySet<string> };

/** A volume of a workload, with what it holds. */
export interface Volume {
  readonly name: string | undefined;
  readonly source: VolumeContents;
  /** The discovered item (pods and chart values); undefined for chart defaults and operator volumes. */
  readonly info: VolumeInfo | undefined;
}

/** A volume mount of a container. */
export interface Mount {
  readonly name: string | undefined;
  readonly mountPath: string | undefined;
  readonly subPath: string | undefined;
  readonly readOnly: boolean;
  /** The workload volume of that name; undefined when there is none (invariant (e)). */
  readonly volume: Volume | undefined;
  /** The discovered item (for edits); undefined for chart defaults. */
  readonly info: VolumeMountInfo | undefined;
}

/** The text of a file of the batch that a config names by path: a ConfigMap/Secret key, or a plain file. */
/** A ConfigMap's `data` keys (Deployment.configMapData): each key's string value where it is written, undefined when its text is not known (a generator's file, a key holding a config); `partial`: it may hold keys not listed. */
export interface ConfigMapData {
  readonly keys: ReadonlyMap<string, ConfigMapValue | undefined>;
  readonly partial: boolean;
}

/** One `data` value of a ConfigMap: the string, its scalar, and the file that holds it (path and whole text). */
export interface ConfigMapValue {
  readonly value: string;
  readonly node: Scalar;
  readonly path: string;
  readonly text: string;
}

export interface BatchFileText {
  /** The batch file that holds it, and that file's whole text (the offsets below are in it). */
  readonly path: string;
  readonly fileText: string;
  /** The value's range in fileText: a key's value as written (a block scalar with its header and indentation), or the whole plain file. */
  readonly start: number;
  readonly end: number;
  /** What Fluent Bit reads: the key's value as YAML reads it (base64 decoded), or the plain file's text. */
  readonly content: string;
  /** True when each line of content stands as written (only indented) in fileText[start, end): a plain file, a `|` block value; a literal's offsets may then be taken there. */
  readonly verbatim: boolean;
}

/** A file a container sees at a path: a config of the batch, another key, a file of the image, or something we cannot know. */
export type FileLookup =
  | { readonly kind: 'config'; readonly configs: readonly EmbeddedConfig[]; readonly path: string }
  | { readonly kind: 'other-key'; readonly key: OtherKey | undefined; readonly path: string }
  | { readonly kind: 'image'; readonly path: string }
  /** Inside a mounted ConfigMap/Secret that does not have it: Fluent Bit fails to open it. */
  | { readonly kind: 'missing'; readonly path: string }
  /** Not under a volume we know the contents of (hostPath, emptyDir, an object not in the batch, the image). */
  | { readonly kind: 'unknown'; readonly path: string };

/**
 * A reference (`@INCLUDE`, YAML `includes:` item, `Parsers_File` /
 * `service.parsers_file`) whose target a container cannot have: the path is
 * inside a mount whose ConfigMap/Secret keys we know, and none is that file
 * (a glob: none matches). `start`/`end` are offsets in `config`'s text.
 */
export interface MissedRef {
  readonly config: EmbeddedConfig;
  readonly start: number;
  readonly end: number;
  /** The path as written. */
  readonly ref: string;
  /** The absolute path the container looks at last (a relative classic path: against the `-c` file's directory). */
  readonly path: string;
  readonly kind: 'include' | 'glob' | 'parsers-file';
  /** The mount that hides the image's files there. */
  readonly mount: Mount | undefined;
}

/** A `-R` / `--parser` file of a container's command line that it may not have. */
export interface LineParsersFile {
  /** The value as written. */
  readonly ref: string;
  readonly lookup: FileLookup & { readonly kind: 'missing' | 'unknown' };
  /** The mount over its directory (a `missing` one: the mount that hides the image's files there). */
  readonly mount: Mount | undefined;
}

/** How a container's `-c` path was decided. */
export type ConfigPathOrigin = 'args' | 'command' | 'chart' | 'operator' | 'default' | 'none';

/** A parsers file in the order a container loads them (Parsers_File of [SERVICE] or `service.parsers_file`, in reading order; then a YAML config's inline parsers). */
export interface LoadedParsersFile {
  /** The path as written in Parsers_File (resolved to absolute when we could). */
  readonly path: string;
  readonly lookup: FileLookup;
  /**
   * The `parsers:` / `multiline_parsers:` of a YAML config the container reads
   * as config (the -c file or an `includes:` target), at its path: Fluent Bit
   * loads them after every parsers file (NOTES "YAML configs in the container walk").
   */
  readonly inline?: true;
}

/** A container of a workload. */
export interface Container {
  /** Stable within the batch: `<workload id>/<role>/<name or index>`. */
  readonly id: string;
  readonly workload: Workload;
  readonly name: string | undefined;
  readonly role: ContainerRole;
  readonly image: ContainerImage | undefined;
  /**
   * True when the image says Fluent Bit, or (for main containers and native
   * sidecars) it mounts a volume that holds a Fluent Bit config of the batch.
   */
  readonly runsFluentBit: boolean;
  readonly fluentBitBy: 'image' | 'config-mount' | undefined;
  readonly mounts: readonly Mount[];
  /** True when the mounts are what Fluent Bit will see (a manifest, or chart values that list them); false for charts we cannot see into. */
  readonly mountsKnown: boolean;
  /** `command` / `args` as written, with their nodes (for edits: the YAML conversion changes `-c`). */
  readonly command: StringList | undefined;
  readonly args: StringList | undefined;
  /** The file Fluent Bit runs (`-c`/`--config`), absolute; undefined when it starts without one. */
  readonly configPath: string | undefined;
  readonly configPathFrom: ConfigPathOrigin;
  /** The `-c` file as found among the inputs (the Helm chart's `fluent-bit.conf` is four values strings). */
  readonly mainConfig: FileLookup | undefined;
  /** Every config of the batch the container reads: the `-c` file, what it includes and loads, and the other configs of its mounted volumes. */
  readonly configs: readonly EmbeddedConfig[];
  /** Parsers files in load order (from the `-c` file and its includes). */
  readonly parsersFiles: readonly LoadedParsersFile[];
  /** The image's own `/fluent-bit/etc` is not mounted over: its stock parsers.conf exists. */
  readonly stockFilesVisible: boolean;
  /** References of the configs it reads whose target it cannot have (config-graph.ts); empty when it does not run Fluent Bit. */
  readonly missingRefs: readonly MissedRef[];
  /**
   * Each `-R FILE` / `--parser FILE` of its command line that is not a file we
   * can see (`missing`: hidden by a mount whose keys we know; `unknown`: not in
   * the inputs), resolved from `/`; empty when it does not run Fluent Bit.
   */
  readonly lineParsersMissing: readonly LineParsersFile[];
  /** Its command line's `-c` value as written when it starts with a blank (flag and path in one item): Fluent Bit cannot open it. */
  readonly blankConfigArg?: string;
  /** The Fluent Bit version this container runs, and where it came from. */
  readonly version: ResolvedVersion;
  /** Looks a path up in this container's filesystem. */
  readonly lookup: (path: string) => FileLookup;
  /** The discovered container (manifests). */
  readonly info: ContainerInfo | undefined;
}

/** A version and where it came from. */
export interface ResolvedVersion {
  readonly version: FluentBitVersion | undefined;
  readonly origin: VersionOrigin;
  /** `fluent/fluent-bit:1.6.10 in ds.yaml`, `... (kustomize images: in kustomization.yaml)`, `--fluent-bit-version 1.9`. */
  readonly note: string;
  /** The note without its location (`fluent/fluent-bit has no tag (latest)`). */
  readonly reason: string;
}

/** Something that runs Fluent Bit containers. */
export interface Workload {
  /** Stable within the batch: `<path>#<doc>/<object path>` or `<path>#<doc>/values/<root>`. */
  readonly id: string;
  /** DaemonSet, Deployment, ..., Pod; `HelmRelease` for chart values; `FluentBit` for the operator. */
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly source: WorkloadSource;
  /** The file it is written in. */
  readonly path: string;
  readonly docIndex: number;
  /** `DaemonSet fluent-bit (ds.yaml)`, for messages. */
  readonly label: string;
  readonly containers: readonly Container[];
  readonly volumes: readonly Volume[];
  readonly pod: PodTemplate | undefined;
  /** The chart values (the highest-precedence set of its release). */
  readonly helm: HelmValuesInfo | undefined;
  /** Every set of values of the release, lowest precedence first (one for a plain values file; empty for other workloads). */
  readonly valueSets: readonly HelmValuesInfo[];
  /** The file of each set merged in from another HelmRelease (a kustomize patch file's over its release in one build, or the release's under a patch file's), for messages naming where a value is written. */
  readonly mergedFrom?: ReadonlyMap<HelmValuesInfo, string>;
  readonly fluentBit: FluentBitResource | undefined;
  /** Operator inputs this FluentBit resource runs. */
  readonly operatorInputs: readonly OperatorInput[];
  /** The object path inside its document (pods, operator), or the values root. */
  readonly objectPath: YamlPath;
  /**
   * A kustomize patch, not a workload of its own: its file is listed by a
   * kustomization's `patchesStrategicMerge`/`patches` (`kustomization`: that
   * file), or its containers name no image (a fragment the API server would refuse).
   */
  readonly patch?: { readonly kustomization: string | undefined };
  /**
   * Each kustomize build of the workload's file (its outermost kustomization) with the JSON6902 ops its patches make on
   * the pod spec (`nodeSelector`, `affinity`, `volumes`, a container's `volumeMounts`), in kustomize's order; undefined
   * when no build has one.
   */
  readonly podPatches?: readonly PodPatchBuild[];
  /** The deployment of a release split into workloads (release-deployments): an environment's whose sets write its volumes or config (environmentGroups: `environment staging`, `element prod`, `target canary`, `helm.values alone`), or a kustomize/Flux build's (buildGroups: the build's label). */
  readonly releaseDeployment?: string;
  /**
   * The precedences of the release's environment files the batch holds that several releases name (a file with no chart
   * values of its own is no set): read with the workload's sets, so a note on its values does not call them unread.
   */
  readonly sharedFilesRead?: readonly number[];
}

/** One kustomize build of a workload and its JSON6902 ops on the pod spec. */
export interface PodPatchBuild {
  readonly kustomization: string;
  readonly ops: readonly KustomizePodOp[];
  /**
   * The build has something the ops do not replay that may set the pod's pins before its ops run: a patch file
   * whose ops are not all read (a strategic-merge file), `replacements` or `vars`. Its `test` ops are not judged.
   */
  readonly unreplayed?: true;
}

/** A container that reads a config, with the version it runs. */
export interface ConfigRunner {
  readonly container: Container;
  readonly version: ResolvedVersion;
}

/** The Fluent Bit version a config will run on, decided from the workloads that read it. */
export interface ConfigVersion extends ResolvedVersion {
  /** The Fluent Bit containers (any role) that read the config; empty when no workload of the batch does. */
  readonly runners: readonly ConfigRunner[];
  /** True when the runners do not all run the same known version (the lowest is used, and said once). */
  readonly mixed: boolean;
  /**
   * A ConfigMap no workload was linked to, whose kind, name and namespace another ConfigMap of the batch also has (an
   * `old-` copy, a debug variant): `runners` are the containers that mount that name (whichever copy is applied last is
   * what they run), and this is the file of the copy they were linked to.
   */
  readonly twinOf?: string;
  /**
   * A kustomize base's generator file that an overlay's `behavior: merge`/`replace` generator takes out of its object in
   * every build (no build runs it): the overlays' kustomization files and the object's name; `runners` are the
   * containers that mount that object.
   */
  readonly replacedBy?: { readonly overlays: readonly string[]; readonly object: string };
}

/** A config of the batch, or an operator input (operator inputs are not EmbeddedConfigs). */
export type ConfigKey = EmbeddedConfig | OperatorInput;

/** An object of the batch with the file it is written in (its nodes' offsets are that text's). */
export type InFile<T> = T & { readonly path: string; readonly text: string };

/** The resolved deployments of a batch. */
/** Deployment.replacedInputFields: a field of a chart-rendered input map that a higher value set of the release gives too (Helm renders that one). */
export interface ReplacedInputField {
  /** The field's key node in the input's map (`tail`, or `extraParams` with `extra`), offsets of the text the map sits in. */
  readonly node: Scalar;
  /** The key below the chart's values root (`fluentbit.input.tail.path`). */
  readonly key: string;
  /** A key of `extraParams`. */
  readonly extra: boolean;
  /** The file of the set that wins. */
  readonly path: string;
  /** The release the sets are given to, when one. */
  readonly release: string | undefined;
  /** Each environment's winning set when every environment of the release replaces it and not all with one file (`path` is the first's). */
  readonly winners?: readonly EnvironmentWinner[];
}

/** The file whose set wins for a value in one deployment of a release (its environment, Fleet target or element). */
export interface EnvironmentWinner {
  readonly label: string;
  readonly path: string;
}

/** A chart-rendered input map of one value set, with the file it is written in. */
export interface InputOfSet {
  readonly input: OperatorInput;
  readonly path: string;
  readonly text: string;
}

/**
 * Deployment.inputMerge: how the value sets of a release render one chart input (the fluent-operator chart's
 * `fluentbit.input.tail`), as Helm merges them key by key. `lower`: this map is the highest set's, and the view of the
 * input also holds the fields of these lower sets' maps that no higher set gives. `into`: a lower set's map, judged
 * in the view of that higher set's input. `off`: a switch of the merged values (`fluentbit.input.tail.enable`,
 * `fluentbit.enable`, `Kubernetes`) is false, or set to null (`null`: Helm deletes the key, the chart's values.yaml
 * default too, and the template's `if` sees nothing), so the chart renders no such input: not judged.
 */
export type InputMerge =
  | { readonly lower: readonly InputOfSet[] }
  | { readonly into: OperatorInput }
  | { readonly off: InputSwitchOff };

/** The switch of the merged values that turns a chart input map off: its key, the file of the set that decides, the release, and whether it is null. */
export interface InputSwitchOff {
  readonly key: string;
  readonly path: string;
  readonly release: string | undefined;
  readonly null?: true;
}

/** Deployment.partlyOffInputs: a chart input map, the deployments that render it (`on`) and those whose switch turns it off. */
export interface PartlyOffInput extends InputOfSet {
  readonly on: readonly string[];
  readonly off: readonly { readonly label: string; readonly off: InputSwitchOff }[];
}

/** Deployment.overriddenBy: the value set whose key replaces a chart config string. */
export interface OverriddenConfig {
  /** The file of the set that wins. */
  readonly path: string;
  /** The key below the chart's values root (`config.inputs`). */
  readonly key: string;
  /** The release the sets are given to, when one. */
  readonly release: string | undefined;
  /** Each environment's winning set when every environment of the release replaces it and not all with one file (`path` is the first's); with `releases`, each release's. */
  readonly winners?: readonly EnvironmentWinner[];
  /** `winners` are several releases' (a values file several releases name, every one of them replacing its value), labelled with their release. */
  readonly releases?: true;
  /** The kustomize/Flux builds whose patch file replaces it, each with the patch file (every build of the release replaces it), when a patch file's set wins. */
  readonly builds?: readonly string[];
}

export interface Deployment {
  readonly workloads: readonly Workload[];
  /** Fluent Operator regex parsers (`ClusterParser`/`Parser`) and parser filters of the batch, in batch order. */
  readonly operatorParsers: readonly InFile<OperatorParser>[];
  readonly operatorParserFilters: readonly InFile<OperatorParserFilter>[];
  /** Fluent Operator lua filter items whose `script` names a ConfigMap key, in batch order. */
  readonly operatorLuaFilters: readonly InFile<OperatorLuaFilter>[];
  /** Fluent Operator multiline parsers (`ClusterMultilineParser`/`MultilineParser`) of the batch, in batch order. */
  readonly operatorMultilineParsers: readonly InFile<OperatorMultilineParser>[];
  /** Fluent Operator `ClusterFluentBitConfig`/`FluentBitConfig` resources of the batch, in batch order. */
  readonly fluentBitConfigs: readonly InFile<FluentBitConfigResource>[];
  /** Every container of every workload, in batch order. */
  readonly containers: readonly Container[];
  /** The containers that run Fluent Bit and read this config (any role). */
  containersOf(config: ConfigKey): readonly Container[];
  /** The workloads with a container that runs Fluent Bit and reads this config. */
  workloadsOf(config: ConfigKey): readonly Workload[];
  /** The configs the Fluent Bit containers of a workload read. */
  configsOf(workload: Workload): readonly EmbeddedConfig[];
  /** The version a config runs on: the lowest of its runners, else the caller's, else unknown. */
  versionOf(config: ConfigKey): ConfigVersion;
  /** True when some chart config string of the batch is overridden (overriddenBy answers for it). */
  readonly anyOverridden: boolean;
  /**
   * A chart config string (`config.inputs`...) that a higher value set of its release replaces, as Helm merges the
   * sets, in every workload whose sets hold it: Helm never renders it (not in the chart's ConfigMap, not migrated).
   */
  overriddenBy(config: EmbeddedConfig): OverriddenConfig | undefined;
  /** True when some chart-rendered input map of the batch has a field a higher value set replaces (replacedInputFields answers for it). */
  readonly anyReplacedInputFields: boolean;
  /**
   * The fields of a chart-rendered input map (the fluent-operator chart's `fluentbit.input.tail` and its `extraParams`)
   * that a higher value set of its release gives too: Helm merges the maps key by key and renders that set's, so these
   * are not read nor edited here. Empty for other inputs.
   */
  replacedInputFields(input: OperatorInput): readonly ReplacedInputField[];
  /** True when some chart-rendered input map of the batch is merged with another set's, or turned off (inputMerge answers for it). */
  readonly anyInputMerges: boolean;
  /** A kustomize `vars` entry (its map node) used as `$(NAME)` in an image or a node pin of its build (deploy/kustomize-replacements.ts VarUse). */
  kustomizeVarUse(node: unknown): VarUse | undefined;
  /**
   * A kustomize `replacements` target field path (an inline entry's `fieldPaths` item) the model replays
   * (deploy/kustomize-replacements.ts): `replayed`; one of a field it reads that it does not replay, or a `path:` entry
   * with such a target field: not `replayed` (`why`, for a field path); else undefined. rules/kustomize-replacements says what is not replayed.
   */
  replacementState(node: unknown): { readonly replayed: true } | { readonly replayed: false; readonly why?: string } | undefined;
  /** How the value sets of its release render a chart input map (InputMerge); undefined for a map judged on its own. */
  inputMerge(input: OperatorInput): InputMerge | undefined;
  /** The chart input maps a false or null switch of their release's merged values turns off, each with its file and that switch. */
  readonly offInputs: readonly (InputOfSet & { readonly off: InputSwitchOff })[];
  /** The chart input maps some deployments of their release (environments, Fleet targets, elements) render and others turn off: judged for the former. */
  readonly partlyOffInputs: readonly PartlyOffInput[];
  /** The workload of a pod template. */
  workloadOfPod(pod: PodTemplate): Workload | undefined;
  /** The workload read from a set of chart values (the last of workloadsOfValues). */
  workloadOfValues(values: HelmValuesInfo): Workload | undefined;
  /** Every workload read from a set of chart values: one per environment of a release whose environments set its volumes or config (a common set is in each), one per release of an umbrella chart that releases deploy. */
  workloadsOfValues(values: HelmValuesInfo): readonly Workload[];
  /**
   * The deployments that render a set of chart values, each with the sets it merges (lowest precedence first): one per
   * environment (helmfile environment, Fleet target, ApplicationSet element) of a release whose sets have environments,
   * `label` naming it (`environment staging`); else the set's workload (workloadOfValues) without a label. Empty when no
   * workload is read from the set.
   */
  deploymentsOfValues(values: HelmValuesInfo): readonly ValuesDeployment[];
  /**
   * Whether a values file of the batch that the release names (Argo CD
   * `helm.valueFiles`, read with its link) holds values of the fluent-bit
   * chart: that file is judged on its own, and release-wide notes go there.
   */
  hasFluentBitValuesFile(releaseId: string): boolean;
  /** The ConfigMaps and Secrets kustomize generators of the batch make of a plain file config (empty for any other config). */
  generatedFrom(config: EmbeddedConfig): readonly GeneratedObject[];
  /**
   * The ConfigMaps and Secrets that hold a config as the cluster names them: its written-out object (`configMap`) and
   * the objects generators make of it, each with the name and namespace every kustomize build that makes it gives it
   * (kustomize.ts `builtName`: the `namePrefix`/`nameSuffix` and `namespace` of the overlays and Components over it;
   * as written for an object no kustomization builds). For a name-based decision (Fargate's `aws-logging`).
   */
  builtObjects(config: EmbeddedConfig): readonly BuiltObject[];
  /**
   * The Flux Kustomization with postBuild that builds a batch file (deploy/flux-postbuild.ts), else undefined; with
   * `docIndex`, undefined too when that document's object is annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`,
   * or (`object`) when that document is no Kubernetes object (a plain values file: kustomize builds objects only).
   */
  postBuildOf(path: string, docIndex?: number, object?: boolean): FluxPostBuild | undefined;
  /** Every Flux build that substitutes a batch file (two Kustomizations may build one path); postBuildOf is the first. */
  postBuildsOf(path: string): readonly FluxPostBuild[];
  /**
   * The files a config names by path (a Lua filter's `script`) as Fluent Bit opens them, whose text the batch holds:
   * through each container that runs the config (its mounts; a relative path against the directory of its `-c` file,
   * Fluent Bit's conf_path), else beside the config (a key of its own ConfigMap, a plain file of its directory). One
   * entry per file (containers that see the same key give one); empty when none is found or readable.
   */
  filesNamed(config: EmbeddedConfig, ref: string): readonly BatchFileText[];
  /** The text of a key of a ConfigMap of the batch (ObjectIndex.find from `fromPath`), as filesNamed reads a key; undefined when the batch holds no such key. */
  configMapKey(name: string, namespace: string | undefined, key: string, fromPath: string): BatchFileText | undefined;
  /** The `data` of a ConfigMap of the batch (ObjectIndex.find from `fromPath`), for a container's `envFrom`; undefined when the batch holds none of that name. */
  configMapData(name: string, namespace: string | undefined, fromPath: string): ConfigMapData | undefined;
  /** Whether two batch files belong to one deployment: always, unless MigrateOptions.deployments splits the batch (by-name lookups of rules stay inside one). */
  together(a: string, b: string): boolean;
}

/** One deployment of a set of chart values (Deployment.deploymentsOfValues): the sets it merges, lowest first, and the environment it is, when the release has several. */
export interface ValuesDeployment {
  readonly sets: readonly HelmValuesInfo[];
  readonly label: string | undefined;
}
