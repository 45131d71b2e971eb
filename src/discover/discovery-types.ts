import type { FluxSource } from './flux-source.js';
import type { Document, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Diagnostic } from '../source/diagnostic.js';
import type { OffsetMap } from '../yaml/offset-map.js';
import type { ScalarStyle } from '../yaml/embedded-text.js';
import type { SharedAnchor } from '../yaml/aliases.js';

/** A key path inside one YAML document, e.g. `['data', 'fluent-bit.conf']`. */
export type YamlPath = readonly (string | number)[];

/**
 * A YAML text inside a file: chart values written as a string (an Argo CD
 * `helm.values`, a Flux `valuesFrom` ConfigMap key). Nodes read from it have
 * offsets in `text`; `map` takes them (and edits) to the file.
 */
export interface ValuesText {
  /** Stable and unique per text: `values:<path>#<doc>/<yaml path>`. */
  readonly id: string;
  /** The file that holds it. */
  readonly path: string;
  readonly text: string;
  readonly map: OffsetMap;
  /** Outer range of the scalar in the file. */
  readonly start: number;
  readonly end: number;
  /** The YAML anchors of the text that aliases reuse, in the text's offsets (edits inside them are refused). */
  readonly sharedAnchors: readonly SharedAnchor[];
  /** The text's documents (nodes of its values point into these). */
  readonly documents: readonly Document.Parsed[];
}

/** A Flux `valuesFrom` entry: values in a ConfigMap or Secret key, linked when that object is in the batch. */
export interface ValuesFromRef {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly namespace: string | undefined;
  /** `valuesKey`, default `values.yaml`. */
  readonly valuesKey: string;
  /** `targetPath`: the key's text is one value at that path, not a values document. */
  readonly targetPath: string | undefined;
  readonly release: ChartRelease;
  /** `optional: true`: a missing object is no error (Flux; Crossplane's `optional` of the key ref). */
  readonly optional?: true;
  /** File offsets of the item's `name` (for VALUES_FROM_NOT_FOUND). */
  readonly at?: readonly [number, number];
}

/** A Flux HelmRelease's `sourceRef` to a HelmRepository its own file does not hold (namespace: the ref's, else the release's). */
export interface HelmRepositoryRef {
  /** The source's kind (HelmRepository, GitRepository, OCIRepository). */
  readonly kind: FluxSource['kind'];
  readonly name: string;
  readonly namespace: string | undefined;
}

/** What the batch tells discovery about a file before it is read again (Flux `valuesFrom` links, HelmRepositories of other files). */
export interface DiscoveryHints {
  /** Keys of ConfigMaps/Secrets of this file that hold a release's values. */
  readonly valuesFrom?: readonly ValuesFromRef[];
  /** `valuesFrom` items of this file's releases whose object no input holds (not optional, of a chart that may run Fluent Bit): said once each (VALUES_FROM_NOT_FOUND). */
  readonly valuesFromMissing?: readonly ValuesFromRef[];
  /** Flux HelmRepository URLs of other files of the batch (`namespace/name` or `name` -> `spec.url`), for the HelmReleases of this file whose repository is not in it. */
  readonly helmRepositories?: readonly (readonly [string, FluxSource])[];
  /** The whole file is a release's values (a kustomize generator file a `valuesFrom` names). */
  readonly wholeFile?: ChartRelease;
  /** The `valuesFrom` item `wholeFile` comes from (read for the rules that judge a release, with valuesFromAfter). */
  readonly wholeFileRef?: ValuesFromRef;
  /** The file is a values file these releases name (Argo CD `helm.valueFiles`, a helmfile release's string `values` item): read for the rules that judge a release (chartRelease). */
  readonly valuesFileOf?: readonly ValuesFileLink[];
  /** Flux `valuesFrom` keys of this file (linked by `valuesFrom`): the value maps that win over each (later `valuesFrom` items, `spec.values`), by release and precedence. */
  readonly valuesFromAfter?: readonly ValuesFileLink[];
  /** Values files of this file's releases that the batch holds as Go templates (helmfile `.gotmpl`): by release id, the precedence of each (DiscoveryHints for ChartReleaseInfo.uncheckedValuesFiles). */
  readonly templateValuesFiles?: readonly (readonly [string, number])[];
  /** helmfile `{{ .Environment.Name }}` values file items of this file's releases none of whose files the batch holds: by release id, the item's precedence (said unread, as a templated name). */
  readonly unfoundEnvironmentFiles?: readonly (readonly [string, number])[];
  /**
   * The file is a layer of a helmfile state (readBatch's helmfile-layers.ts): a helmfile with `bases:` (the
   * environments and repositories they bring), a nested helmfile `helmfiles:` names (read as a helmfile whatever its
   * name), or a base (its releases read as each including helmfile's, with that state's environments).
   */
  readonly helmfile?: HelmfileHint;
  /** The file is the values.yaml of a chart of the batch whose dependencies (or theirs, through local subcharts) run Fluent Bit: where their values sit in it (discover/umbrella.ts). */
  readonly umbrella?: readonly UmbrellaSubchart[];
  /** The file lists a chart's dependencies (Chart.yaml, requirements.yaml): the Fluent Bit ones that are disabled, or that no values.yaml gives values. */
  readonly umbrellaDependencies?: readonly UmbrellaDependency[];
  /** Releases of this file that deploy an umbrella chart of the batch (a local chart path): where their values hold its Fluent Bit subcharts (discover/umbrella.ts). */
  readonly umbrellaReleases?: readonly UmbrellaReleaseLink[];
  /** Chartless Flux HelmReleases of this kustomize patch file (by document index) and the chart of the release each patches: their values are that chart's whatever their shape (migrate/patch-chart-links.ts). */
  readonly patchedCharts?: readonly (readonly [number, ChartKind])[];
  /** Releases of this file (ids) that name a local chart no input holds: said once each (LOCAL_CHART_NOT_FOUND). */
  readonly localChartsMissing?: readonly string[];
}

/** What a helmfile's other layers tell its reading (DiscoveryHints.helmfile). */
export interface HelmfileHint {
  /** The state's environments (its bases' keys, then its own); null: not known (a base not read). Absent for a base. */
  readonly environments?: readonly string[] | null;
  /** `repositories:` of its bases (name, URL). */
  readonly repositories?: readonly (readonly [string, string])[];
  /** Read as a helmfile though its name is not one (a nested helmfile or a base). */
  readonly helmfile?: true;
  /** The helmfiles this file is a base of, each with its state's environments and its own file's repositories: its releases are read once per helmfile. */
  readonly baseOf?: readonly { readonly helmfile: string; readonly environments: readonly string[] | null; readonly repositories: readonly (readonly [string, string])[] }[];
}

/** A release that deploys an umbrella chart of the batch: its Fluent Bit subcharts, on or off as the release's values (over the chart's) say. */
export interface UmbrellaReleaseLink {
  /** The release's id (ChartRelease.id). */
  readonly release: string;
  /** The umbrella's own release id (`umbrella:<Chart.yaml path>`): its values.yaml sets join the release's workload, below the release's. */
  readonly umbrella: string;
  /** The Chart.yaml's batch path. */
  readonly chartPath: string;
  /** Its Fluent Bit subcharts as this release sees them (`release.id` is the release's). */
  readonly subcharts: readonly UmbrellaSubchart[];
}

/** A Fluent Bit subchart of an umbrella chart, as a values file of the chain holds it. */
export interface UmbrellaSubchart {
  /** Keys from the values file's root: the dependencies' aliases (else names), chart by chart. */
  readonly path: readonly string[];
  /** What the dependency names; `unplaced`: `fluent-bit` of a repository we cannot place (the values' shape decides, else the fluent/fluent-bit chart). */
  readonly kind: ChartKind | 'unplaced';
  /** `fluent-bit 0.20.0 (alias logs)`, for messages. */
  readonly chart: string;
  readonly enabled: boolean;
  /** What decided (`condition logs.enabled is false`, `tags.logging is false`). */
  readonly why: string;
  /** Keys from the top chart's values (the release's subchart path; `path` in the top chart's own values.yaml). */
  readonly subchart: readonly string[];
  /** The top chart, as a release whose value sets are its values.yaml and its subcharts' (lower precedence the deeper), merged as Helm coalesces them. */
  readonly release: { readonly id: string; readonly label: string; readonly precedence: number; readonly repository: string | undefined; readonly name: string };
}

/** A Fluent Bit dependency item of a Chart.yaml or requirements.yaml, said at the item. */
export interface UmbrellaDependency extends UmbrellaSubchart {
  readonly docIndex: number;
  /** Index in `dependencies`. */
  readonly index: number;
}

/** A release a values file of the batch belongs to: the release, the file's precedence among its sets, and the manifest's value maps that win over the file. */
export interface ValuesFileLink {
  readonly release: ChartRelease;
  readonly precedence: number;
  /** The file is one environment's (ValuesFileRef.target): the release's set for that environment only. */
  readonly target?: string;
  readonly after: readonly YAMLMap[];
}

/**
 * A values file a release names: `path` as written, relative to `base` (a
 * directory, or with `baseIsFile` the file whose directory it is); readBatch
 * joins them. `anywhere`: the repository root is unknown (Argo CD paths are
 * relative to its repository), so any batch file whose path ends with the
 * joined path (at a `/`) is it.
 */
export interface ValuesFileRef {
  readonly base: string;
  readonly baseIsFile?: true;
  readonly path: string;
  readonly anywhere: boolean;
  /**
   * The path may be relative to `base` or to any directory above it (a Jenkinsfile kept below the repository root:
   * its steps run in the workspace root, which the batch does not tell): the one such path the batch holds; several
   * are ambiguous (said with `at`, none judged).
   */
  readonly upward?: true;
  /** Its place among the release's sets (Argo CD: below `values` and `valuesObject`; helmfile: its item's index). */
  readonly precedence: number;
  /** A glob pattern (helmfile `values:`, filepath.Glob): every batch path it matches, in path order. */
  readonly glob?: true;
  /** The name's node in the manifest (helmfile, Fleet), for what is said at it. */
  readonly node?: Scalar;
  /** A helmfile name with `{{ .Environment.Name }}` filled for one environment: `environment <name>` (ChartRelease.target of its set). */
  readonly target?: string;
  /** An Argo CD `valueFiles` item's offsets, for what is said at it (VALUES_FILE_AMBIGUOUS). */
  readonly at?: readonly [number, number];
  /** An Argo CD `$ref/...` item: the name of the `ref:` source's repository (its repoURL's last segment, no `.git`). */
  readonly repository?: string;
}

/** A values file name a release writes (ChartRelease.valuesFiles): as written, and the precedence of its item. */
export interface ValuesFileName {
  readonly name: string;
  readonly precedence: number;
}

/** A values file a release names that cannot be read (a templated name, a Go template file helmfile renders): said, not checked. */
export interface UncheckedValuesFile {
  /** The name's node in the manifest. */
  readonly node: Scalar;
  readonly precedence: number;
  /** `encrypted`: a helmfile `secrets:` file (helm-secrets decrypts it at deploy time). */
  readonly why: 'templated-name' | 'template-file' | 'encrypted';
}

/**
 * Which chart a set of values is for: the fluent/fluent-bit chart, the
 * fluent-operator chart (fluent/helm-charts or fluent/fluent-operator), the
 * deprecated stable/fluent-bit chart, aws-for-fluent-bit, the Fluent Bit
 * part (`containerLogs.fluentBit`) of aws-observability's
 * amazon-cloudwatch-observability chart (the EKS add-on), or another chart.
 */
export type ChartKind = 'fluent-bit' | 'fluent-operator' | 'stable-fluent-bit' | 'aws-for-fluent-bit' | 'cloudwatch-observability' | 'other';

/** The chart and release a set of values is given to, as an Argo CD Application or a Flux HelmRelease names them. */
export interface ChartRelease {
  /** Stable per release: `<path>#<doc>/<yaml path of the source>` (Argo CD) or `flux:<namespace>/<name>` (Flux). */
  readonly id: string;
  /** `Argo CD Application fluent-bit (apps/fb.yaml)`, for messages. */
  readonly label: string;
  /** `chart:` (or the last part of a git `path:`), as written. */
  readonly chart: string | undefined;
  readonly repoURL: string | undefined;
  /** What the chart name and repository say (undefined: another or an unknown chart; the values' shape then decides). */
  readonly kind: ChartKind | undefined;
  /** Within a release, later value sets override earlier ones (Argo CD: values < valuesObject; Flux: valuesFrom in order < spec.values). */
  readonly precedence: number;
  /** Argo CD `helm.parameters` (Helm's `--set`: they win over every values set), by name; read for the image. */
  readonly parameters?: ReadonlyMap<string, HelmParameter>;
  /** Values files the release takes too (a helmfile release's string `values` items, Fleet `helm.valuesFiles`, as written), each at the precedence its file's set takes when the batch links it. */
  readonly valuesFiles?: readonly ValuesFileName[];
  /**
   * A Fleet `targetCustomizations[]` entry's name (`#<index>` without one): this set is for that target's clusters
   * only, an alternative of the other targets' sets, merged over the release's own sets (deploy/build-deployment.ts).
   */
  readonly target?: string;
  /**
   * An ApplicationSet's list generator elements (`spec.generators[].list.elements`, also a matrix's or merge's list),
   * each flattened to dotted keys (`values.tag`), with a label for messages: the parameters `{{key}}` / `{{.key}}` of
   * the template take per generated Application (deploy/build-deployment.ts reads the image with them).
   */
  readonly elements?: readonly GeneratorElement[];
  /**
   * The chart version the release pins, as written (a version or a semver constraint): Argo CD `targetRevision` of a
   * `chart:` source, Flux `spec.chart.spec.version` of a HelmRepository chart (else its OCIRepository's `ref.semver`
   * or `ref.tag`, its HelmChart's `spec.version`), helmfile, kustomize, Fleet and Crossplane `version`, a helm
   * command's `--version`. It tells the chart's default image (deploy/chart-app-version.ts).
   */
  readonly chartVersion?: string;
  /** A Fleet target customization's own `helm.version` / `helm.chart` (with its `repo`): what its clusters deploy instead of the bundle's chart (deploy/build-deployment.ts targetsImage). */
  readonly targetChart?: Pick<ChartRelease, 'chart' | 'repoURL' | 'kind' | 'chartVersion'>;
  /**
   * A helmfile release with a values file named through `{{ .Environment.Name }}` (ValuesFileRef.target): the
   * environments of its helmfile (`environments:` keys, else `default`), each a deployment of its own with its
   * environment's files over the release's other sets. `skipMissing`: its `missingFileHandler` is Warn, Info or
   * Debug (helmfile leaves a missing file out instead of failing for that environment).
   */
  readonly environments?: {
    readonly names: readonly string[];
    readonly skipMissing: boolean;
    /** The names are an ApplicationSet's list generator elements (`$values/values/{{cluster}}.yaml` filled per element; their sets' target is `element <label>`); `skipMissing`: `ignoreMissingValueFiles`. */
    readonly elements?: true;
  };
  /** A Flux HelmRelease's name and namespace (what a Flux Kustomization's patch targets). */
  readonly helmRelease?: { readonly name: string; readonly namespace: string | undefined };
}

/** One element of an ApplicationSet list generator: its parameters, flattened to dotted keys. */
export interface GeneratorElement {
  /** `cluster=prod-eu` (its first string parameter), else `#<index>`. */
  readonly label: string;
  readonly params: ReadonlyMap<string, string>;
}

/**
 * A chart release a manifest of the file names (an Argo CD source, a Flux
 * HelmRelease, a kustomize chart entry, a helmfile release), for the rules
 * that judge a release by its chart and version rather than by its values'
 * knobs: its chart name's node, its version's node, and the value sets written
 * in this file (values strings parsed; linked `valuesFrom` keys are not here).
 */
export interface ChartReleaseInfo {
  readonly release: ChartRelease;
  readonly docIndex: number;
  /** Where the chart is named (`chart:`, a git `path:`, Flux `spec.chart.spec.chart`, kustomize `name:`). */
  readonly chartNode: Scalar | undefined;
  /** The chart version as written (Argo CD `targetRevision` of a `chart:` source, Flux `spec.chart.spec.version`, helmfile and kustomize `version:`). */
  readonly versionNode: Scalar | undefined;
  /** The chart version a Flux source decides (a `chartRef` OCIRepository's `spec.ref`, a HelmChart's `spec.version`; none written on the release). */
  readonly sourceVersion?: ChartSourceVersion;
  /** A Flux source whose chart cannot be known (a Bucket, an ExternalArtifact), as messages name it. */
  readonly unknownSource?: string;
  /** The release also takes values this manifest does not hold (values files, Flux `valuesFrom`): what its sets leave unset may be set there. */
  readonly otherValues: boolean;
  /** The release's value sets in this file, lowest precedence first; `text` is the values string a map was parsed from. */
  readonly values: readonly { readonly map: YAMLMap; readonly text: ValuesText | undefined; readonly precedence?: number }[];
  /** The values files it names that the batch may hold (linked by readBatch: ValuesFileLink). */
  readonly valuesFileRefs?: readonly ValuesFileRef[];
  /** The values files it names that cannot be read (templated names; with hints, template files of the batch). */
  readonly uncheckedValuesFiles?: readonly UncheckedValuesFile[];
  /** Read from a values file of the release (DiscoveryHints.valuesFileOf): `values[0]` is the file's, the rest the manifest's that win over it; no chart or version node here. */
  readonly valuesFile?: true;
  /** With `valuesFile`: one environment's file (release.target) that other releases name too, so not among this release's sets: its image is read for that environment alone. */
  readonly sharedEnvironmentFile?: true;
  /** A chart directory the release deploys (ReleaseChart.localChart), for readBatch. */
  readonly localChart?: ValuesFileRef;
  /** With `valuesFile`: read from a Flux `valuesFrom` item (a ConfigMap or Secret key, or the file a kustomize generator makes it from): that item, for messages. */
  readonly valuesFrom?: string;
}

/** A chart version a Flux source decides: `exact` the one version (an OCIRepository's `ref.tag`; undefined for a semver range, a digest, or no ref), `ref` where it is written, for messages. */
export interface ChartSourceVersion {
  readonly exact: string | undefined;
  readonly ref: string;
}

/** One Argo CD `helm.parameters` item: its value as written and the value's node (for positions). */
export interface HelmParameter {
  readonly value: string;
  readonly node: Scalar;
}

/** Where an embedded config comes from. */
export type ConfigOrigin = 'file' | 'configmap' | 'helm-value';

/** The role of a Helm values string in the fluent/fluent-bit chart (`other` for any other config-looking string). */
export type HelmRole = 'service' | 'inputs' | 'filters' | 'outputs' | 'customParsers' | 'extraFile' | 'upstream' | 'other';

/**
 * One Fluent Bit config found in a file: its decoded text (exactly what YAML
 * gives, or the whole file), its format and a map back to the outer file.
 * Only editable configs are listed; unsupported scalar styles become
 * diagnostics instead.
 */
export interface EmbeddedConfig {
  /** Stable id: `path#doc/yaml.path` (or just `path` for a whole file). */
  readonly id: string;
  readonly path: string;
  readonly format: 'classic' | 'yaml';
  readonly origin: ConfigOrigin;
  /** File-like name: the ConfigMap key, the extraFiles key, the chart's file name for config.*, or the file's base name. */
  readonly name: string;
  readonly docIndex: number;
  readonly yamlPath: YamlPath;
  readonly text: string;
  readonly style: ScalarStyle;
  readonly map: OffsetMap;
  /** Outer range of the scalar source (whole file for plain files). */
  readonly start: number;
  readonly end: number;
  /** Set for `origin: 'configmap'`. */
  readonly configMap?: ConfigMapRef;
  /** Set for `origin: 'helm-value'`. */
  readonly helmRole?: HelmRole;
  /** For `origin: 'helm-value'`: the chart values it belongs to (`[]`, or `['fluent-bit']` in an umbrella chart). */
  readonly chartRoot?: YamlPath;
  /** The YAML scalar node (undefined for whole files). */
  readonly node?: Scalar;
  /**
   * Set when the config sits in chart values written as a string
   * (ValuesText): `map` goes to the file in one step, `within.map` to the
   * values text (edits of a block scalar are mapped together, per text).
   */
  readonly within?: { readonly text: ValuesText; readonly map: OffsetMap };
  /** The chart ConfigMap a values config belongs to when its release spans several value sets (see includes/vfs.ts dirIdOf). */
  readonly chartDir?: string;
  /**
   * `base64`: the config is the decoded text of a Secret's `data` (a ConfigMap's `binaryData`) value; `node` holds the
   * base64, `map` (yaml/base64-map.ts) re-encodes the edited text into one splice of the value, and every offset of
   * the text maps to the value's start.
   */
  readonly encoding?: 'base64';
}

/** A ConfigMap data key that is not a Fluent Bit config (Lua script, JSON...), listed so includes can resolve. */
export interface OtherKey {
  readonly name: string;
  readonly configMap: ConfigMapRef;
  readonly docIndex: number;
  readonly yamlPath: YamlPath;
  readonly start: number;
  readonly end: number;
  /** The value as YAML reads it, when it is base64 (a Secret's `data`, a ConfigMap's `binaryData`) and holds no config: the safety net decodes it. */
  readonly base64?: string;
}

export interface ConfigMapRef {
  /** `ConfigMap`, or `Secret` (its `stringData`, and its base64 `data`, decoded). */
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly docIndex: number;
  /** Path of the ConfigMap object inside its document (`[]`, or `['items', 3]` in a List). */
  readonly objectPath: YamlPath;
  /** In an OpenShift Template's `objects`: the Template's parameters with a default `value` (`oc process` puts it where `${NAME}` stands). */
  readonly templateParameters?: ReadonlyMap<string, TemplateParameter>;
}

/** An OpenShift Template parameter's default: its `value`, the 1-based line and the file offsets of that value. */
export interface TemplateParameter {
  readonly value: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/** A ConfigMap with the names of all its `data` keys. */
export interface ConfigMapInfo extends ConfigMapRef {
  readonly keys: readonly string[];
  readonly node: YAMLMap;
}

/** A parsed container image reference. */
export interface ImageRef {
  readonly image: string;
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** Parsed from the tag when it starts with a version. */
  readonly version: Version | undefined;
  /**
   * `fluent-bit` when the version is a Fluent Bit version; `aws-for-fluent-bit`
   * when it is that distribution's own version (not Fluent Bit's).
   */
  readonly versionKind: 'fluent-bit' | 'aws-for-fluent-bit' | 'other';
}

export interface Version {
  readonly major: number;
  readonly minor: number | undefined;
  readonly patch: number | undefined;
}

/** A Fluent Bit image found in a container or in Helm `image.tag`. */
export interface FluentBitImage extends ImageRef {
  readonly source: 'container' | 'helm-values';
  /** The scalar holding the image (container) or the tag (helm), when present. */
  readonly node: Scalar | undefined;
  readonly docIndex: number;
}

export interface VolumeMountInfo {
  readonly name: string | undefined;
  readonly mountPath: string | undefined;
  readonly subPath: string | undefined;
  readonly readOnly: boolean;
  readonly seq: YAMLSeq;
  readonly index: number;
  readonly item: Node;
  /** The pod volume with the same name, when there is one. */
  readonly volume: VolumeInfo | undefined;
}

/** One `items` entry of a configMap/secret volume: the key and the file name it gets in the volume. */
export interface KeyToPath {
  readonly key: string;
  readonly path: string;
}

/** A configMap or secret source (of a volume, or of a projected volume). */
export interface ObjectSource {
  readonly kind: 'configMap' | 'secret';
  readonly name: string | undefined;
  /** Only these keys, at these paths; undefined = every key, named as the key. */
  readonly items: readonly KeyToPath[] | undefined;
}

/** What a pod volume holds. */
export type VolumeSource =
  | { readonly kind: 'hostPath'; readonly path: string | undefined }
  | ObjectSource
  | { readonly kind: 'projected'; readonly sources: readonly ObjectSource[] }
  /** emptyDir, persistentVolumeClaim, downwardAPI...: contents we cannot know. */
  | { readonly kind: 'other'; readonly type: string | undefined };

export interface VolumeInfo {
  readonly name: string | undefined;
  readonly hostPath: string | undefined;
  readonly configMapName: string | undefined;
  readonly source: VolumeSource;
  readonly seq: YAMLSeq;
  readonly index: number;
  readonly item: Node;
}

/** A `command`/`args` list of strings, each with its scalar (for edits). */
export interface StringList {
  readonly node: YAMLSeq;
  readonly items: readonly { readonly value: string; readonly node: Scalar }[];
}

export interface ContainerInfo {
  readonly kind: 'container' | 'initContainer';
  readonly name: string | undefined;
  /** `Always` on an initContainer makes it a native sidecar (Kubernetes 1.28+). */
  readonly restartPolicy: string | undefined;
  readonly command: StringList | undefined;
  readonly args: StringList | undefined;
  /** `workingDir`: the directory the process starts in (relative `-c`/`-R` paths and `@INCLUDE`s are opened from it); undefined when not set. */
  readonly workingDir?: string | undefined;
  readonly image: ImageRef | undefined;
  readonly imageNode: Scalar | undefined;
  readonly node: YAMLMap;
  readonly volumeMounts: readonly VolumeMountInfo[];
  /** The `volumeMounts` sequence, when present. */
  readonly volumeMountsNode: YAMLSeq | undefined;
}

/** The pod spec of a DaemonSet/Deployment/StatefulSet/ReplicaSet/Job/CronJob or bare Pod. */
export interface PodTemplate {
  readonly workloadKind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly docIndex: number;
  /** Path of the pod spec map inside its document. */
  readonly specPath: YamlPath;
  readonly spec: YAMLMap;
  readonly containers: readonly ContainerInfo[];
  readonly volumes: readonly VolumeInfo[];
  readonly volumesNode: YAMLSeq | undefined;
  /** The workload's `metadata.labels` (kustomize patch targets' `labelSelector` match them). */
  readonly labels?: ReadonlyMap<string, string>;
  /** An OpenShift Template's parameters with a default `value`, for a pod of its `objects` (name -> value). */
  readonly templateParameters?: ReadonlyMap<string, string>;
}

/**
 * A Fluent Operator `ClusterInput`/`Input` with `spec.tail` or `spec.systemd`
 * (`fluentbit.fluent.io`, or the KubeSphere-era `logging.kubesphere.io`), or
 * an input that chart values render (the fluent-operator chart's
 * `fluentbit.input.tail`, the stable/fluent-bit chart's `input.tail`,
 * structured `config.inputs` maps written in Fluent Bit's own keys).
 */
export interface OperatorInput {
  readonly kind: string;
  readonly name: string | undefined;
  readonly labels: ReadonlyMap<string, string>;
  readonly docIndex: number;
  /** The plugin's map (`spec.tail`, `spec.systemd`, or the values map that renders the input): read through the operator view (src/view/operator.ts). */
  readonly tail: YAMLMap;
  /** `tail` when absent. */
  readonly plugin?: 'tail' | 'systemd';
  /**
   * How the fields are named (`operator` when absent): the Fluent Operator
   * CRD's camelCase fields, the stable/fluent-bit chart's knobs, or Fluent
   * Bit's own keys (`Parser`, `Docker_Mode`).
   */
  readonly schema?: 'operator' | 'stable-fluent-bit' | 'classic-keys';
  /** The API group of a custom resource (`fluentbit.fluent.io`, `logging.kubesphere.io`). */
  readonly apiGroup?: string;
  /** The fields of `tail` that are rendered (the rest is ignored by the chart); undefined: all. */
  readonly fields?: ReadonlySet<string>;
  /** A second map whose fields render into the same input (the fluent-operator chart's `extraParams`). */
  readonly extra?: YAMLMap;
  /** Set when the map sits in chart values written as a string: its offsets are in `text.text`. */
  readonly text?: ValuesText;
  /** Where the map sits, for ids (`['fluentbit', 'input', 'tail']`). */
  readonly yamlPath?: YamlPath;
}

/**
 * An image as a values file writes it: `image: repo:tag`, `image: {repository, tag}`,
 * `image: {registry, repository, tag, digest}`, `image: {<name>: {repository, tag}}`,
 * `images: {tags: {<name>: repo:tag}}`, or `{image: repo, tag: x}` siblings.
 */
export interface ValuesImage {
  /** The reference the chart renders (`registry/repository:tag@digest`). */
  readonly image: string;
  /** Path of the key that holds it, from the values root. */
  readonly yamlPath: YamlPath;
  /** The node to point findings at (the tag, else the repository or string). */
  readonly node: Node;
  /** The tag as written in the source (a plain `1.10` stays `1.10`, not the number 1.1). */
  readonly tagSource: string | undefined;
}

/** Chart knobs found in a Helm values file (any chart; fields absent when the key is absent). */
export interface HelmValuesInfo {
  readonly docIndex: number;
  /**
   * Where these values sit in the document: `[]` for the root of a values
   * file, `['fluent-bit']` for an umbrella chart's subchart key,
   * `['spec', 'values']` in a Flux HelmRelease; for values written as a
   * string, the string's path followed by the path inside it.
   */
  readonly rootPath: YamlPath;
  /** The path of these values under the release's values root (`[]`, or the subchart key of an umbrella chart). */
  readonly subchart: YamlPath;
  /** Set when the values are a string of the file (Argo CD `helm.values`): the nodes below have offsets in `text.text`. */
  readonly text: ValuesText | undefined;
  /** The Argo CD / Flux release these values are given to (undefined for a plain values file). */
  readonly release: ChartRelease | undefined;
  /** No values file gives these values: they stand for an umbrella chart's dependency item (Chart.yaml, requirements.yaml), which runs its chart's defaults. */
  readonly dependency?: { readonly chart: string; readonly path: string };
  /** The chart these values are for: named by the release, else told by the values' shape; undefined when neither tells. */
  readonly chartKind: ChartKind | undefined;
  /** The Fluent Bit image these values run, when they name one (any of the shapes of ValuesImage). */
  readonly image: ValuesImage | undefined;
  /** `kind:` of the fluent/fluent-bit chart (DaemonSet, Deployment); undefined when absent. */
  readonly workloadKind: string | undefined;
  readonly command: StringList | undefined;
  readonly args: StringList | undefined;
  readonly extraVolumes: readonly VolumeInfo[];
  readonly extraVolumeMounts: readonly VolumeMountInfo[];
  /** The fluent/fluent-bit chart's `volumeMounts` (its ConfigMap's mounts); undefined when absent (the chart default applies). */
  readonly configVolumeMounts: readonly VolumeMountInfo[] | undefined;
  /** The fluent/fluent-bit chart's `existingConfigMap`: the ConfigMap it mounts instead of rendering one from `config.*`; undefined when unset or empty. */
  readonly existingConfigMap: string | undefined;
  /** True when `config.service/inputs/filters/outputs/customParsers/extraFiles` or `daemonSetVolumes` exist (fluent/fluent-bit chart shape). */
  readonly isFluentBitChart: boolean;
  readonly present: {
    readonly config: boolean;
    readonly service: boolean;
    readonly inputs: boolean;
    readonly filters: boolean;
    readonly outputs: boolean;
    readonly customParsers: boolean;
    readonly extraFiles: boolean;
    readonly imageTag: boolean;
    readonly daemonSetVolumes: boolean;
    readonly daemonSetVolumeMounts: boolean;
  };
  readonly root: YAMLMap;
  readonly imageTagNode: Scalar | undefined;
  readonly imageRepository: string | undefined;
  /** Which key the volume lists below came from (`volumes`/`volumeMounts` for charts such as aws-for-fluent-bit). */
  readonly volumesKey: 'daemonSetVolumes' | 'volumes' | undefined;
  readonly volumeMountsKey: 'daemonSetVolumeMounts' | 'volumeMounts' | undefined;
  readonly daemonSetVolumes: readonly VolumeInfo[];
  readonly daemonSetVolumesNode: YAMLSeq | undefined;
  readonly daemonSetVolumeMounts: readonly VolumeMountInfo[];
  readonly daemonSetVolumeMountsNode: YAMLSeq | undefined;
  /**
   * Every list of volumes or volume mounts of these values (`volumes`,
   * `extraVolumes`, `daemonset.volumes`, `additionalVolumes`,
   * `extraVolumeMounts`...), wherever it sits below the root (not in a
   * subchart's values), except the fluent/fluent-bit chart's
   * `daemonSetVolumes`/`daemonSetVolumeMounts`, which have their own handling.
   */
  readonly volumeLists: readonly ValuesVolumeList[];
  /** Inputs the chart renders from these values (fluent-operator `fluentbit.input.*`, stable/fluent-bit `input.*`, structured `config.inputs`). */
  readonly inputs: readonly OperatorInput[];
  /** fluent-operator chart: `containerRuntime` (the chart's switch for the tail parser, the systemd unit and the log path). */
  readonly containerRuntime: Scalar | undefined;
}

/** A list of volumes or of volume mounts in chart values. */
export interface ValuesVolumeList {
  /** The key holding it (`extraVolumes`). */
  readonly key: string;
  /** Its path from the values root (`['daemonset', 'volumes']`). */
  readonly path: YamlPath;
  readonly seq: YAMLSeq;
  /** Volumes when the key names volumes, else empty. */
  readonly volumes: readonly VolumeInfo[];
  /** Mounts when the key names mounts, else empty (linked to volumes of the same values by name). */
  readonly mounts: readonly VolumeMountInfo[];
}

/** One `images:` entry of a kustomization (kustomize's image transformer). */
export interface KustomizeImage {
  readonly name: string;
  readonly newName: string | undefined;
  readonly newTag: string | undefined;
  readonly digest: string | undefined;
  readonly node: YAMLMap;
}

/** A `configMapGenerator`/`secretGenerator` entry: a ConfigMap made of files beside the kustomization. */
export interface KustomizeGenerator {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  /** `key` is the file's base name, or what `key=path` says. */
  readonly files: readonly { readonly key: string; readonly path: string }[];
  /** Its `literals` (`KEY=value`, kustomize api/kv/kv.go parseLiteralSource: split at the first `=`, matching surrounding quotes removed), with the item's scalar. */
  readonly literals?: readonly { readonly key: string; readonly value: string; readonly node: Scalar }[];
  /** Its `envs` files (and the older `env`), as written: each line `KEY=value` (api/kv/kv.go keyValuesFromLine). */
  readonly envs?: readonly string[];
  /** Its place in the kustomization (`['configMapGenerator', 0]`): its `literals` that hold a config are configs with this path after the kustomization's. */
  readonly at?: YamlPath;
  /** `behavior: merge`: its keys are added to the ConfigMap/Secret of that name among the kustomization's resources (kustomize's default, `create`, makes a new one). */
  readonly merge?: boolean;
  /** `behavior: replace`: its keys are the whole ConfigMap/Secret of that name among the kustomization's resources, in that build. */
  readonly replace?: boolean;
}

/** A kustomization.yaml: what it builds on and the images it overrides. */
export interface KustomizationInfo {
  readonly docIndex: number;
  /** A kustomize Component (`kind: Component`): applied inside the builds of the kustomizations that list it in `components:`. */
  readonly component?: true;
  /** `components:` as written (local ones): kustomize applies each to this kustomization's resources, in order, before its own generators and transformers. */
  readonly components?: readonly string[];
  readonly namespace: string | undefined;
  /** `namePrefix` / `nameSuffix`: kustomize puts them on every resource's name, generated ones too. */
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  /** `resources:` and the deprecated `bases:`, as written (files or directories, relative to the kustomization). */
  readonly resources: readonly string[];
  readonly images: readonly KustomizeImage[];
  readonly generators: readonly KustomizeGenerator[];
  /** Patch files, as written: `patchesStrategicMerge` items, `patches[].path` (strategic-merge or JSON6902) and `patchesJson6902[].path`. */
  readonly patches: readonly string[];
  /** The patch files of `patches[].path` and `patchesJson6902[].path` with the entry's `target` (undefined for `patchesStrategicMerge` items and entries without one), in `patches`' order. */
  readonly patchFiles: readonly { readonly path: string; readonly target: PatchSelector | undefined }[];
  /** Container images its inline `patches[].patch` and `patchesJson6902[].patch` texts set: strategic merge (container by name) or JSON6902 ops on `containers/<i>/image` (by index). */
  readonly inlinePatchImages: readonly InlinePatchImage[];
  /** JSON6902 ops of its inline patches on a pod template's spec (node pins, volumes and mounts by index): kustomization.ts `patchPodOps`. */
  readonly inlinePodOps: readonly PodPatchOp[];
  readonly node: YAMLMap;
}

/**
 * A JSON6902 op (`add`, `replace`, `remove`) of a targeted kustomize patch on a pod template's spec
 * (`/spec/template/spec/...`, a CronJob's `/spec/jobTemplate/spec/template/spec/...`): where below the spec
 * (`at`: the JSON pointer's tokens, `~1`/`~0` unescaped), and for `nodeSelector`/`affinity` the value as plain data.
 * `merge`: a strategic-merge patch's `nodeSelector` or `affinity` that takes something away (a `null`, a `$patch`
 * directive), merged as kustomize's kyaml merge2 does (rules/support/pod-mounts.ts).
 */
export interface PodPatchOp {
  readonly select: PatchSelector;
  readonly op: 'add' | 'replace' | 'remove' | 'move' | 'copy' | 'test' | 'merge' | 'delete';
  /**
   * `delete`: a strategic-merge `$patch: delete` of one list entry by its merge key (`at` is `['volumes']` or
   * `['containers' | 'initContainers', 'volumeMounts']`): the volume's `name`, or the mount's `mountPath` in the
   * container named `container`. Resolved against each build's lists when replayed (rules/support/pod-mounts.ts).
   */
  readonly key?: string;
  readonly container?: string;
  /**
   * `merge` of `volumes` or a container's `volumeMounts` (`at` as a delete's; `container`): a list-level `$patch:
   * replace` (or `delete`) of a strategic-merge patch, the directive; `value` is the list the build holds after it.
   * Without it, `value` holds the entries the patch merges into the list by their merge key.
   */
  readonly replaceList?: 'replace' | 'delete';
  /** The patch's node to say the op at (a list-level directive's element; an inline patch's `patch:` string), in the patch's file. */
  readonly node?: Node;
  /** `delete`: the other entries the patch merges into the same list (their `mountPath`, a volume's `name`; '' when unwritten). */
  readonly alongside?: readonly string[];
  /** `move`/`copy`: the `from` pointer's tokens below the same pod spec. */
  readonly from?: readonly string[];
  readonly at: readonly string[];
  /** The op's `path` as written, for messages. */
  readonly path: string;
  readonly jobTemplate?: true;
  /** The op's value as plain data (`add`, `replace`, `test`, `merge`). */
  readonly value?: unknown;
  /** `move`/`copy` from the object's own `metadata.labels` (`from: /metadata/labels/pool`): the label's key (PodTemplate.labels holds its value). */
  readonly fromLabel?: string;
  /** A `test` after an op of its list that is not read here and may change the pins (`/spec/template` replaced, a `copy` from the metadata): not judged. */
  readonly unjudged?: true;
}

/**
 * The workloads a kustomize patch applies to: its entry's `target` (kind,
 * name, labelSelector; kustomize matches kind and name as anchored regular
 * expressions, deploy/kustomize.ts compares them as text), or a
 * strategic-merge patch's own kind and name when the entry has no target. An
 * absent field matches any workload.
 */
export interface PatchSelector {
  readonly kind?: string;
  readonly name?: string;
  readonly labelSelector?: string;
  /** Compared with the workload's namespace when both are known. */
  readonly namespace?: string;
}

/**
 * The container a JSON6902 op names by index: among the pod's `containers`, or its `initContainers` (`init`), of a
 * pod template at `/spec/template/spec` or a CronJob's `/spec/jobTemplate/spec/template/spec` (`jobTemplate`).
 */
export interface PatchContainerIndex {
  readonly index: number;
  readonly init?: true;
  readonly jobTemplate?: true;
}

/** A container image an inline kustomize patch sets on the workloads `select` matches. */
export interface InlinePatchImage {
  readonly select: PatchSelector;
  readonly container: { readonly name: string } | PatchContainerIndex;
  readonly image: string;
}

/** A Fluent Operator `FluentBit` resource (the operator renders it into a DaemonSet). */
export interface FluentBitResource {
  readonly docIndex: number;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly image: string | undefined;
  readonly imageNode: Scalar | undefined;
  /** `spec.fluentBitConfigName`: the (Cluster)FluentBitConfig that selects its inputs. */
  readonly configName: string | undefined;
  /** `spec.command` and `spec.args`: the operator sets them on the DaemonSet's container (the image's entrypoint is the fluent-bit-watcher). */
  readonly command?: StringList;
  readonly args?: StringList;
  readonly node: YAMLMap;
}

/** A Fluent Operator `ClusterFluentBitConfig`/`FluentBitConfig`: which inputs (by label) a FluentBit runs, which multiline parsers it renders. */
export interface FluentBitConfigResource {
  readonly kind: string;
  readonly name: string | undefined;
  /** `metadata.namespace` (a namespaced FluentBitConfig selects its own namespace's resources). */
  readonly namespace?: string | undefined;
  /** `spec.inputSelector.matchLabels`; undefined when there is no selector (every input). */
  readonly inputLabels: ReadonlyMap<string, string> | undefined;
  /**
   * `spec.multilineParserSelector.matchLabels`: the ClusterMultilineParsers a ClusterFluentBitConfig renders, the
   * MultilineParsers of its namespace a FluentBitConfig renders (controllers/fluentbitconfig_controller.go). Undefined:
   * no selector (an empty LabelSelector selects every one), or one with `matchExpressions` (not judged: every one).
   */
  readonly multilineParserLabels?: ReadonlyMap<string, string> | undefined;
  /**
   * A namespaced FluentBitConfig's `spec.clusterMultilineParserSelector.matchLabels`: the ClusterMultilineParsers it
   * renders as copies named `<name>-<md5(namespace)>` (the field is a LabelSelector value: absent, it selects every
   * one); undefined as for multilineParserLabels.
   */
  readonly clusterMultilineParserLabels?: ReadonlyMap<string, string> | undefined;
  /** `spec.parserSelector.matchLabels` (the ClusterParsers a ClusterFluentBitConfig renders); undefined as for multilineParserLabels. */
  readonly parserLabels?: ReadonlyMap<string, string> | undefined;
  /** True when `spec.service` loads parsers files of its own (`parsersFile`, `parsersFiles`): parser names we cannot see. */
  readonly ownParsersFiles?: boolean;
  /** The `spec.service.parsersFile` and `parsersFiles` values, as written (the operator renders each as a Parsers_File). */
  readonly parsersFiles?: readonly string[];
}

/**
 * A Fluent Operator `ClusterParser`/`Parser` (fluentbit.fluent.io, or the
 * KubeSphere-era logging.kubesphere.io) with `spec.regex.regex`: the
 * operator renders it as a `[PARSER]` of Format regex (clusterparser_types.go,
 * parser_types.go). Other formats are not read.
 */
export interface OperatorParser {
  readonly kind: string;
  readonly apiGroup: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly docIndex: number;
  /** The `spec.regex.regex` scalar; its value is the regex Fluent Bit reads. Undefined for another format (json, logfmt, ...). */
  readonly regex: Scalar | undefined;
  /** `metadata.labels` (a ClusterFluentBitConfig's `parserSelector` picks ClusterParsers by them). */
  readonly labels?: ReadonlyMap<string, string>;
  /** The `metadata.name` scalar (findings about the name go there). */
  readonly nameNode?: Scalar;
}

/**
 * A Fluent Operator `ClusterMultilineParser`/`MultilineParser`: the operator renders it as a `[MULTILINE_PARSER]`
 * named as written (namespaced ones too: multilineparser_types.go `load`), `Parser` from `spec.parser` and one
 * `Rule "<start>" "<regex>" "<next>"` per `spec.rules` item (plugins/multilineparser).
 */
export interface OperatorMultilineParser {
  readonly kind: string;
  readonly apiGroup: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly docIndex: number;
  /** `spec.parser` (key and value), the parser applied to each line before the rules. */
  readonly parser: { readonly key: Scalar; readonly value: Scalar } | undefined;
  /** The `spec.rules[].regex` scalars (string values), in order. */
  readonly rules: readonly Scalar[];
  /** `metadata.labels` (a (Cluster)FluentBitConfig's multilineParserSelector matches them). */
  readonly labels?: ReadonlyMap<string, string>;
  /** `spec.type` as written (the operator renders it as `Type`). */
  readonly type?: string;
  /** The first `spec.rules` item: its `start` (the rule's from-states, rendered first in `Rule "<start>" ...`) and the item's node. */
  readonly firstRule?: { readonly start: string; readonly node: Node };
}

/** A `parser` (or `multiline`) item of a Fluent Operator `ClusterFilter`/`Filter` (`spec.filters[].parser`). */
/**
 * A `lua` item of a Fluent Operator `ClusterFilter`/`Filter` (`spec.filters[].lua`) whose `script` names a ConfigMap
 * key (`{name, key}`, a ConfigMapKeySelector: plugins/filter/lua_types.go): the operator mounts that key as the
 * filter's script.
 */
export interface OperatorLuaFilter {
  readonly kind: string;
  readonly apiGroup: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly docIndex: number;
  /** The ConfigMap and key `script` names, and the `script` map (where it is written). */
  readonly configMap: string;
  readonly key: string;
  readonly script: YAMLMap;
  /** The object's `spec.match` and `spec.matchRegex` (strings), rendered as each item's `Match` / `Match_Regex`. */
  readonly match?: string;
  readonly matchRegex?: string;
}

export interface OperatorParserFilter {
  /** Which item: `parser`, a parser filter (`parser` split at commas, one `Parser` each); `multiline`: a multiline filter (`parser` rendered as `multiline.parser`). */
  readonly item: 'parser' | 'multiline';
  readonly kind: string;
  readonly apiGroup: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly docIndex: number;
  /** The item's `parser` key and value (names split at commas by the operator, each rendered as one `Parser`). */
  readonly key: Scalar;
  readonly parser: Scalar;
}

/**
 * A kube-logging (banzaicloud) logging-operator Fluent Bit agent: a
 * `Logging`'s `spec.fluentbit`, or a `FluentbitAgent`'s `spec`
 * (logging.banzaicloud.io, the FluentbitSpec type of
 * pkg/sdk/logging/api/v1beta1/fluentbit_types.go). The operator renders the
 * DaemonSet and its config from it.
 */
export interface LoggingOperatorAgent {
  /** `Logging`, `FluentbitAgent`, `NodeAgent`; `Logging nodeAgents[<name>]` for an inline node agent. */
  readonly kind: string;
  readonly name: string | undefined;
  readonly docIndex: number;
  /** The FluentbitSpec map, or a node agent's NodeAgentFluentbit map (`nodeAgentFluentbit`). */
  readonly spec: YAMLMap;
  /** `fluentbit`: a FluentbitSpec (mountPath, customParsers); `nodeAgent`: a NodeAgentFluentbit (containersPath, varLogsPath). */
  readonly shape: 'fluentbit' | 'nodeAgent';
  /** A node agent with `profile: windows` (the operator's Windows defaults apply). */
  readonly windows?: true;
}

/** What kind of file discovery decided it was looking at. */
export type FileKind = 'manifest' | 'helm-values' | 'classic-conf' | 'yaml-conf' | 'not-fluent-bit' | 'empty' | 'binary' | 'template' | 'invalid';

/** Everything `discover` found in one file, with exact locations. Never thrown; problems are in `diagnostics`. */
export interface Discovery {
  readonly path: string;
  readonly text: string;
  readonly fileKind: FileKind;
  readonly configs: readonly EmbeddedConfig[];
  readonly otherKeys: readonly OtherKey[];
  readonly configMaps: readonly ConfigMapInfo[];
  readonly podTemplates: readonly PodTemplate[];
  readonly operatorInputs: readonly OperatorInput[];
  readonly helmValues: HelmValuesInfo | undefined;
  /**
   * Every set of chart values of the file that runs Fluent Bit or holds the
   * fluent/fluent-bit chart's knobs: the root, and subchart keys of an umbrella
   * chart (`fluent-bit:`); `helmValues` is the root's entry, when there is one.
   */
  readonly helmCharts: readonly HelmValuesInfo[];
  readonly kustomizations: readonly KustomizationInfo[];
  readonly fluentBits: readonly FluentBitResource[];
  readonly fluentBitConfigs: readonly FluentBitConfigResource[];
  /** Fluent Operator regex parsers and parser filters (container-json-parser reads them with the operator's tail inputs). */
  readonly operatorParsers: readonly OperatorParser[];
  readonly operatorParserFilters: readonly OperatorParserFilter[];
  readonly operatorLuaFilters: readonly OperatorLuaFilter[];
  readonly operatorMultilineParsers: readonly OperatorMultilineParser[];
  /** kube-logging logging-operator Fluent Bit agents (rule logging-operator-agent). */
  readonly loggingAgents: readonly LoggingOperatorAgent[];
  readonly images: readonly FluentBitImage[];
  /** Offsets of this file. */
  readonly diagnostics: readonly Diagnostic[];
  /** The parsed documents (empty for non-YAML files); nodes above point into these. */
  readonly documents: readonly Document.Parsed[];
  /** Chart values written as strings of this file (Argo CD `helm.values`, linked Flux `valuesFrom` keys). */
  readonly valuesTexts: readonly ValuesText[];
  /** Flux `valuesFrom` references of the HelmReleases of this file (linked by migrate/read-batch.ts). */
  readonly valuesFrom: readonly ValuesFromRef[];
  /** The file's Flux HelmRepository URLs (`namespace/name` and `name` -> `spec.url`), for HelmReleases of other files (migrate/read-batch.ts). */
  readonly helmRepositories: ReadonlyMap<string, FluxSource>;
  /** HelmRepositories the file's Flux HelmReleases name that the file (and its hints) do not hold. */
  readonly missingRepositories: readonly HelmRepositoryRef[];
  /** YAML anchors of the file's documents that aliases reuse (file offsets): edits inside them are refused. */
  readonly sharedAnchors: readonly SharedAnchor[];
  /** The hints the file was read with (undefined: read on its own). */
  readonly hints: DiscoveryHints | undefined;
  /** Ranges a TEMPLATE_SYNTAX diagnostic speaks for without reading them (skipped documents, templated values strings). */
  readonly templateRanges: readonly (readonly [number, number])[];
  /** The chart releases this file names (Argo CD, Flux, kustomize, helmfile). */
  readonly releases: readonly ChartReleaseInfo[];
}
