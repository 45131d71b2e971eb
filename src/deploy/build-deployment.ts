import { deployedKustomizations, deployedPathsOf, mayNameDeployedPath } from '../discover/deployed-paths.js';
import type { FluxSource } from '../discover/flux-source.js';
import { isMap, isScalar, type Scalar, type YAMLMap } from 'yaml';
import type {
  ChartRelease,
  YamlPath,
  ContainerInfo, Discovery, EmbeddedConfig, GeneratorElement, FluentBitConfigResource, FluentBitResource, HelmValuesInfo, ImageRef, LoggingOperatorAgent, OperatorInput, ValuesImage,
  PodTemplate, StringList, VolumeInfo, VolumeMountInfo,
} from '../discover/discovery-types.js';
import { CHART_DEFAULT_REPOSITORY, composeImage, operatorChartInputSwitches } from '../discover/helm-values.js';
import { elementTarget, environmentTarget, fillParameters } from '../discover/releases.js';
import { fluxPodPatchBuilds, fluxReleaseBuilds, kustomizationReleasePatches, mayPatchReleaseInKustomization, releaseBuildsOf, type FluxPodPatchBuild, type FluxReleasePatch } from './flux-postbuild.js';
import { getMap, getNode, getScalar, getSeq, scalarSource } from '../yaml/yaml-nodes.js';
import { labelsOf } from '../discover/operator-inputs.js';
import { suppliedAt, switchOff } from './values-coalesce.js';
import { isFluentBitImage, isVendorTaggedImage, parseImageRef } from '../discover/image-ref.js';
import { dirIdOf, helmDirId, HELM_CONFIG_DIR } from '../includes/vfs.js';
import type { ParsedConfig } from '../model/parse-configs.js';
import { configArg, type ConfigArg } from './command-line.js';
import { walkContainerConfigs } from './config-graph.js';
import { containerFs, DEFAULT_CONFIG_PATH, volumeFiles, type ContainerFs } from './container-fs.js';
import { fluxPostBuilds, fluxReferences, isObjectDocument, postBuildOf, postBuildsOf, substituteText, substitutionDisabled, type FluxPostBuild } from './flux-postbuild.js';
import { atLeast, formatVersion, imageVersion, lacksDefaultOperator, oldest, parseTagVersion, templateDefaultImage } from './image-version.js';
import { ansibleImage, ansibleReach, ansibleVariables, ansibleVariablesAt, jinjaValuesNote, type AnsibleVariable } from './ansible.js';
import { scriptSetFiles } from './script-releases.js';
import { fluentBitChartDefault, STABLE_FLUENT_BIT_LAST_APP_VERSION } from './chart-app-version.js';
import { buildPath, type KustomizeBuild } from '../discover/kustomize-build.js';
import { applyImageOverrides, builtName, generatorBuildsOf, indexKustomizations, kustomizationsOf, patchesOf, podOpsOf, type Kustomization, type KustomizePodOp, type PatchTarget } from './kustomize.js';
import { selects } from './kustomize-select.js';
import { indexObjects, type ObjectIndex } from './objects.js';
import { batchFiles, configMapData, namedFiles, type BatchFiles } from './named-files.js';
import { envOf } from './container-env.js';
import { dirname, isWithin, joinPath, normalizePath } from './paths.js';
import {
  byPrecedence, patchedReleaseOf, releaseBuilds, releaseDeployments, releaseFile, setRelease,
  type BuildsContext, type PatchedRelease, type ReleaseBuild, type ReleaseDeployment, type ReleaseDeployments, type ReleaseGroup, type SharedEnvironmentFile, type ValuesSetRef,
} from './release-deployments.js';
import type {
  ConfigKey, ConfigPathOrigin, ConfigRunner, ConfigVersion, Container, ContainerImage, ReleaseImage, ContainerRole, Deployment, FileLookup,
  FluentBitVersion, LineParsersFile, Mount, InputMerge, InputOfSet, EnvironmentWinner, InputSwitchOff, OverriddenConfig, PartlyOffInput, ReplacedInputField, ResolvedVersion, Volume, VolumeContents, Workload,
  PodPatchBuild, ValuesDeployment, BuiltObject,
} from './types.js';

/** What the caller states (MigrateOptions, resolved). */
export interface DeploymentOptions {
  /** `fluentBitVersion` / `--fluent-bit-version`: the version of workloads whose images do not tell. */
  readonly fluentBitVersion: FluentBitVersion | undefined;
  /** `fluxSources` by `namespace/name` and `name` (first wins): read by readBatch for HelmReleases whose repository the batch lacks; not by the model. */
  readonly fluxSources?: ReadonlyMap<string, FluxSource>;
  /** `deployments` (MigrateOptions): a normalised directory -> its deployment; ConfigMaps named from another deployment's files are not theirs (objects.ts find). */
  readonly deploymentOf?: ReadonlyMap<string, number>;
}

/** The fluent/fluent-bit chart's default `daemonSetVolumes`/`daemonSetVolumeMounts` (values.yaml, every chart version so far; runtime-migration.md E.7). */
const CHART_DEFAULT_VOLUMES: readonly { name: string; path: string; mountReadOnly: boolean }[] = [
  { name: 'varlog', path: '/var/log', mountReadOnly: false },
  { name: 'varlibdockercontainers', path: '/var/lib/docker/containers', mountReadOnly: true },
  { name: 'etcmachineid', path: '/etc/machine-id', mountReadOnly: true },
];

/** The chart's command line (values.yaml at chart 0.20+): config from its ConfigMap at /fluent-bit/etc/conf. */
const CHART_WORKDIR = '/fluent-bit/etc';
const CHART_CONFIG_PATH = `${HELM_CONFIG_DIR}/fluent-bit.conf`;

interface Context extends BuildsContext {
  readonly objects: ObjectIndex;
  readonly parsed: ReadonlyMap<string, ParsedConfig>;
  readonly options: DeploymentOptions;
  /** The Flux Kustomizations with postBuild of the batch (flux-postbuild.ts). */
  readonly postBuilds: readonly FluxPostBuild[];
  /** The Ansible variables that apply at an offset of a file (deploy/ansible.ts: per the plays that run it), read when an image holds `{{`. */
  readonly ansibleVariables: (path: string, offset: number) => ReadonlyMap<string, readonly AnsibleVariable[]>;
  /** The Flux Kustomizations of the batch whose patches change a pod spec (flux-postbuild.ts fluxPodPatchBuilds), read once on first use. */
  readonly fluxPodPatchBuilds: () => readonly FluxPodPatchBuild[];
  /** The environments' values files several releases name (ChartReleaseInfo.sharedEnvironmentFile), by release id. */
  readonly sharedEnvironmentFiles: (releaseId: string) => readonly SharedEnvironmentFile[];
  /** Deployment.configMapData, for the env a container's `envFrom` gives while it is built. */
  readonly configMapData: Deployment['configMapData'];
  /** The batch's files by path and ConfigMap key (lazy indexes), shared with the deployment's named-file readers. */
  readonly files: BatchFiles;
}

/** The environments' values files several releases name, read once on first use. */
function sharedEnvironmentFilesOf(discoveries: readonly Discovery[]): Context['sharedEnvironmentFiles'] {
  const all = once(() => {
    const out = new Map<string, SharedEnvironmentFile[]>();
    for (const d of discoveries) {
      for (const r of d.releases) {
        const map = r.values[0]?.map;
        if (!r.sharedEnvironmentFile || r.release.target === undefined || !map) continue;
        out.set(r.release.id, [...(out.get(r.release.id) ?? []), { target: r.release.target, precedence: r.release.precedence, map, path: d.path }]);
      }
    }
    return out;
  });
  return (releaseId) => all().get(releaseId) ?? [];
}

/** The Ansible variables at a place of the batch: the vars files and the plays, read once on first use. */
function ansibleVariablesOf(discoveries: readonly Discovery[]): Context['ansibleVariables'] {
  const all = once(() => ansibleVariables(discoveries));
  const reach = once(() => ansibleReach(discoveries));
  return (path, offset) => ansibleVariablesAt(all(), reach(), path, offset);
}

function roleOf(info: ContainerInfo): ContainerRole {
  if (info.kind === 'container') return 'main';
  return info.restartPolicy === 'Always' ? 'sidecar' : 'init';
}

/**
 * A container image as the kustomize builds of its file run it. Each build (an overlay's chain) applies
 * its own patches and `images:`; the shared text must work on every one, so the oldest build's image
 * decides (`oldest`, the rule of a config several workloads run), and `builds` lists them all when
 * their versions differ (fluent-bit-version says so at the image).
 */
function containerImage(ref: ImageRef, origin: 'image' | 'values', path: string, node: ContainerImage['node'], chains: readonly (readonly Kustomization[])[], target?: PatchTarget): ContainerImage {
  if (chains.length <= 1) return buildImage(ref, origin, path, node, chains[0] ?? [], target);
  const images = chains.map((chain) => ({ chain, image: buildImage(ref, origin, path, node, chain, target) }));
  const chosen = (oldest(images, (i) => i.image.version) ?? images[0]!).image;
  const distinct = new Set(images.map((i) => (i.image.version ? formatVersion(i.image.version) : '?')));
  if (distinct.size <= 1) return chosen;
  // By path, directory by directory (`prod/` before `prod-eu/`): the batch's order differs between a CLI run and a library call.
  const builds = images.map((i) => ({ kustomization: i.chain[i.chain.length - 1]!.path, ref: i.image.ref, version: i.image.version })).sort((a, b) => byPathParts(a.kustomization, b.kustomization));
  return { ...chosen, builds };
}

/** Paths compared part by part. */
function byPathParts(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as string) < (y[i] as string) ? -1 : 1;
  return x.length - y.length;
}

/** The image one kustomize build runs (`chain`: its kustomizations, innermost first; empty: no kustomize). */
function buildImage(ref: ImageRef, origin: 'image' | 'values', path: string, node: ContainerImage['node'], chain: readonly Kustomization[], target?: PatchTarget): ContainerImage {
  const { ref: effective, applied } = applyImageOverrides(ref, chain, target);
  const v = imageVersion(effective);
  // Chart values without a tag run the chart's appVersion, not `latest`.
  const reason = origin === 'values' && !applied && effective.tag === undefined && effective.digest === undefined ? `${effective.image} with the chart's default tag (its appVersion)` : v.note;
  const how =
    applied?.patch === undefined
      ? 'kustomize images: in'
      : applied.replacement === true
        ? applied.patch === applied.path
          ? 'kustomize replacements in'
          : `kustomize replacements file ${applied.patch}, listed by`
        : applied.patch === applied.path
          ? 'inline kustomize patch in'
          : `kustomize patch ${applied.patch}, listed by`;
  const note = applied ? `${reason} (${how} ${applied.path})` : `${reason} in ${path}`;
  return {
    ref: effective,
    written: applied ? ref : undefined,
    origin: applied ? 'kustomize' : origin,
    isFluentBit: isFluentBitImage(effective.image) || isFluentBitImage(ref.image),
    version: v.version,
    note,
    reason,
    path: applied?.path ?? path,
    node,
  };
}

/**
 * A container image of an OpenShift Template's pod: `${NAME}` read as the
 * parameter's default `value` (the best evidence; `oc process -p` may
 * override it, so --fluent-bit-version wins over it).
 */
function templateImage(ref: ImageRef, params: ReadonlyMap<string, string> | undefined, path: string, node: ContainerImage['node'], chain: readonly (readonly Kustomization[])[], target: PatchTarget, variables: Context['ansibleVariables']): ContainerImage {
  const filled = templateDefaultImage(ref, params);
  // Ansible's Jinja (a k8s task's inline definition): `{{ var | default('x') }}` read from the batch's vars files, else the default.
  const jinja = filled || !ref.image.includes('{{') ? undefined : ansibleImage(ref.image, variables(path, node?.range?.[0] ?? 0), parseTagVersion);
  if (jinja) {
    const image = containerImage(parseImageRef(jinja.image), 'image', path, node, chain, target);
    const reason = `${image.reason} (Ansible's Jinja: ${jinjaValuesNote(jinja.used)})`;
    return { ...image, reason, note: `${reason} in ${image.path}`, templateDefault: true, jinja: jinjaValuesNote(jinja.used) };
  }
  const image = containerImage(filled?.ref ?? ref, 'image', path, node, chain, target);
  if (!filled) return image;
  const defaults = filled.used.map((u) => `${u.name}=${u.value}`).join(', ');
  const reason = `${image.reason} (the Template's parameter default ${defaults})`;
  return { ...image, reason, note: `${reason} in ${image.path}`, templateDefault: true };
}

/**
 * A container image of a file a Flux Kustomization with postBuild builds: `${VAR}` in the reference read as Flux
 * substitutes it (its `substitute` and `substituteFrom` values, a default, or empty), before kustomize's own overrides
 * (kustomize-controller builds, then substitutes: an `images:` override written `${VAR}` is not followed here).
 */
function postBuildImage(ctx: Context, d: Discovery, docIndex: number, ref: ImageRef, make: (ref: ImageRef) => ContainerImage): ContainerImage {
  const builds = ref.image.includes('${') && !substitutionDisabled(d.documents[docIndex]) ? postBuildsOf(ctx.postBuilds, d.path) : [];
  return lowestBuild(builds, (build) => {
    const filled = substituteText(ref.image, build);
    if (!filled || filled.text === ref.image) return undefined;
    const image = make(parseImageRef(filled.text));
    const used = filled.used.map((n) => `${n}=${build.values.get(n) ?? ''}`).join(', ');
    const reason = `${image.reason} (Flux postBuild${used ? ` ${used}` : ''} of Kustomization ${build.name ?? ''} in ${build.path})`;
    return withBlank({ ...image, reason, note: `${reason} in ${image.path}` }, ref.image, filled.text, build);
  }) ?? postBuildOverride(ctx, d, docIndex, make(ref));
}

/** A chart values image: as Flux substitutes it in an object a build holds (a HelmRelease's spec.values, a valuesFrom ConfigMap), never in a plain values file. */
function valuesImage(ctx: Context, d: Discovery, docIndex: number, ref: ImageRef, make: (ref: ImageRef) => ContainerImage): ContainerImage {
  return isObjectDocument(d.documents[docIndex]) ? postBuildImage(ctx, d, docIndex, ref, make) : make(ref);
}

/**
 * A kustomize `images:` override written with `${VAR}` (`newTag: ${FLB_VERSION}`) in a kustomization a Flux
 * Kustomization with postBuild builds: kustomize-controller builds, then substitutes, so the pod runs the reference
 * with the build's value (the builds of the pod's file, which are the ones that run kustomize over the override).
 */
function postBuildOverride(ctx: Context, d: Discovery, docIndex: number, image: ContainerImage): ContainerImage {
  if (image.origin !== 'kustomize' || !image.ref.image.includes('${') || substitutionDisabled(d.documents[docIndex])) return image;
  // The builds that run kustomize over the override: those of its kustomization (an overlay), else the pod's file's.
  const own = postBuildsOf(ctx.postBuilds, image.path);
  return lowestBuild(own.length > 0 ? own : postBuildsOf(ctx.postBuilds, d.path), (build) => {
    const filled = substituteText(image.ref.image, build);
    if (!filled || filled.text === image.ref.image) return undefined;
    const ref = parseImageRef(filled.text);
    const v = imageVersion(ref);
    const used = filled.used.map((n) => `${n}=${build.values.get(n) ?? ''}`).join(', ');
    const reason = `${v.note} (Flux postBuild${used ? ` ${used}` : ''} of Kustomization ${build.name ?? ''} in ${build.path})`;
    return withBlank({ ...image, ref, version: v.version, isFluentBit: image.isFluentBit || isFluentBitImage(ref.image), reason, note: `${reason} (kustomize images: in ${image.path})` }, image.ref.image, filled.text, build);
  }) ?? image;
}

/** An image reference Kubernetes refuses (InvalidImageName): an empty name, tag or digest, as a blanked variable leaves it (`fluent-bit:`, `/fluent-bit:2.2.2`). */
function invalidReference(text: string): boolean {
  return text === '' || /[/:@]$/.test(text) || /^[/:@]/.test(text) || /[/:@][/:@]/.test(text);
}

/** `image` marked with the build when its substitution blanks a variable and so writes a reference Kubernetes refuses. */
function withBlank(image: ContainerImage, written: string, filled: string, build: FluxPostBuild): ContainerImage {
  if (!invalidReference(filled)) return image;
  const variables = [...new Set(fluxReferences(written).filter((r) => r.fallback === undefined && !build.values.get(r.name)).map((r) => r.name))];
  if (variables.length === 0) return image;
  return { ...image, fluxBlank: [{ kustomization: build.name ?? '(unnamed)', path: build.path, variables, image: filled }] };
}

/**
 * The image as every Flux build of the file substitutes it: the lowest version decides (as overlapping kustomize
 * builds: the shared text must start on each), and `fluxBuilds` lists them all when their versions differ
 * (flux-substitution says so at the image). Undefined when no build changes the reference.
 */
function lowestBuild(builds: readonly FluxPostBuild[], imageOf: (build: FluxPostBuild) => ContainerImage | undefined): ContainerImage | undefined {
  const all = builds.flatMap((build) => {
    const image = imageOf(build);
    return image ? [{ build, image }] : [];
  });
  // A build whose reference Kubernetes refuses runs nothing: it is said (fluxBlank), and the others decide.
  const blank = all.flatMap((i) => i.image.fluxBlank ?? []);
  const valid = all.filter((i) => i.image.fluxBlank === undefined);
  const images = valid.length > 0 ? valid : all.slice(0, 1);
  const chosen = images.length <= 1 ? images[0]?.image : differentBuilds(images);
  return chosen && blank.length > 0 ? { ...chosen, fluxBlank: blank } : chosen;
}

/** The lowest of the builds' images, listing them all (`fluxBuilds`) when their versions differ. */
function differentBuilds(images: readonly { readonly build: FluxPostBuild; readonly image: ContainerImage }[]): ContainerImage {
  const chosen = (oldest(images, (i) => i.image.version) ?? images[0]!).image;
  const distinct = new Set(images.map((i) => (i.image.version ? formatVersion(i.image.version) : '?')));
  if (distinct.size <= 1) return chosen;
  return { ...chosen, fluxBuilds: images.map((i) => ({ kustomization: i.build.name ?? '(unnamed)', path: i.build.path, ref: i.image.ref, version: i.image.version })) };
}

function containerVersion(image: ContainerImage | undefined, options: DeploymentOptions, fallbackNote: string): ResolvedVersion {
  if (image?.version && !(image.templateDefault === true && options.fluentBitVersion)) return { version: image.version, origin: image.origin, note: image.note, reason: image.reason };
  if (options.fluentBitVersion) {
    const stated = `--fluent-bit-version ${formatVersion(options.fluentBitVersion)}`;
    return { version: options.fluentBitVersion, origin: 'flag', note: stated, reason: stated };
  }
  return { version: undefined, origin: 'unknown', note: image?.note ?? fallbackNote, reason: image?.reason ?? fallbackNote };
}

function mountOf(m: VolumeMountInfo, volumes: readonly Volume[]): Mount {
  return {
    name: m.name,
    mountPath: m.mountPath,
    subPath: m.subPath,
    readOnly: m.readOnly,
    volume: volumes.find((v) => v.name !== undefined && v.name === m.name),
    info: m,
  };
}

function volumeOf(v: VolumeInfo): Volume {
  return { name: v.name, source: v.source, info: v };
}

/** The configs of the batch a container's mounts expose (all keys of mounted objects; a subPath mount only its key). */
function mountedConfigs(mounts: readonly Mount[], files: (m: Mount) => ReturnType<typeof volumeFiles>): EmbeddedConfig[] {
  const out: EmbeddedConfig[] = [];
  for (const m of mounts) {
    const f = files(m);
    if (!f) continue;
    const entries = m.subPath !== undefined ? [f.get(m.subPath)] : [...f.values()];
    for (const e of entries) for (const c of e?.configs ?? []) if (!out.includes(c)) out.push(c);
  }
  return out;
}

interface ContainerSpec {
  readonly id: string;
  readonly name: string | undefined;
  readonly role: ContainerRole;
  readonly image: ContainerImage | undefined;
  readonly mounts: readonly Mount[];
  readonly mountsKnown: boolean;
  readonly command: StringList | undefined;
  readonly args: StringList | undefined;
  /** How the config path is decided: from the command line, or fixed (chart, operator). */
  readonly line: ConfigArg | { readonly path: string | undefined; readonly from: ConfigPathOrigin; readonly workdir: string | undefined };
  readonly info: ContainerInfo | undefined;
  /** Configs it reads whatever its mounts say (the chart's values strings of other charts). */
  readonly extraConfigs?: readonly EmbeddedConfig[];
  /** Runs Fluent Bit whatever its image says (a chart's or the operator's Fluent Bit container). */
  readonly assumeFluentBit?: boolean;
  /** Parsers_File lines of a [SERVICE] the input does not show (the chart's default service). */
  readonly implicitParsersFiles?: readonly string[];
}

/** The `-R` files (resolved from `/`, as written) the container may not have: Fluent Bit exits at start when one is not there. */
function lineParsersMissing(resolved: readonly string[], written: readonly string[], fs: ContainerFs): LineParsersFile[] {
  const out: LineParsersFile[] = [];
  resolved.forEach((path, i) => {
    const lookup = fs.lookup(path);
    if (lookup.kind === 'missing' || lookup.kind === 'unknown') out.push({ ref: written[i] ?? path, lookup, mount: fs.mountOf(path) });
  });
  return out;
}

/** Resolves what a container reads and runs. `fluentBitByImageInPod`: another main container of the pod runs Fluent Bit by its image. */
function buildContainer(ctx: Context, workload: Workload, spec: ContainerSpec, namespace: string | undefined, fluentBitByImageInPod: boolean): Container {
  const files = (m: Mount): ReturnType<typeof volumeFiles> => volumeFiles(m, ctx.objects, namespace, workload.path);
  const officialImage = spec.image === undefined || spec.image.isFluentBit;
  const fs: ContainerFs = containerFs(spec.mounts, files, officialImage);
  const mounted = mountedConfigs(spec.mounts, files);
  const byImage = spec.image?.isFluentBit === true || spec.assumeFluentBit === true;
  const byMount = !byImage && spec.role !== 'init' && !fluentBitByImageInPod && (mounted.length > 0 || (spec.extraConfigs?.length ?? 0) > 0);
  const runsFluentBit = byImage || byMount;

  const workdir = spec.line.workdir ?? '/';
  let configPath = spec.line.path === undefined ? undefined : joinPath(workdir, spec.line.path);
  let configPathFrom: ConfigPathOrigin = spec.line.from;
  if (configPath === undefined && spec.line.from === 'default' && runsFluentBit) configPath = DEFAULT_CONFIG_PATH;
  let mainConfig: FileLookup | undefined = configPath === undefined ? undefined : fs.lookup(configPath);
  // A private image that mounts one fluent-bit.conf runs it with its own command line: the best guess is that file.
  if (byMount && spec.line.from === 'default' && mainConfig?.kind !== 'config' && mainConfig?.kind !== 'image') {
    const candidates = mounted.filter((c) => c.name === 'fluent-bit.conf' || c.name === 'fluent-bit.yaml');
    const only = candidates.length === 1 ? candidates[0] : undefined;
    const at = only && spec.mounts.find((m) => files(m)?.get(m.subPath ?? only.name)?.configs.includes(only));
    if (only && at?.mountPath) {
      configPath = at.subPath !== undefined ? at.mountPath : joinPath(at.mountPath, only.name);
      mainConfig = fs.lookup(configPath);
    }
  }
  if (!runsFluentBit) configPathFrom = 'none';
  // `-R FILE` loads before the config's Parsers_File; fluent-bit.c stats a relative one from the start directory
  // (before `-w` and before the -c file is read) and exits when it is not there: we resolve it from `/`.
  const lineParsers = 'parsersFiles' in spec.line ? spec.line.parsersFiles.map((f) => joinPath('/', f)) : [];
  const version = containerVersion(spec.image, ctx.options, spec.image ? spec.image.note : 'no image');
  const noDefaults = version.version !== undefined && lacksDefaultOperator(version.version);
  // The process env a `${NAME}` of a Parsers_File reads when no @SET sets NAME (A.11), one name at a time.
  const env = (name: string): string | null | undefined => {
    const values = envOf([{ info: spec.info, workload }], new Set([name]), ctx.configMapData);
    return values.has(name) ? (values.get(name) ?? null) : undefined;
  };
  const walk = walkContainerConfigs(mainConfig, fs, (c) => ctx.parsed.get(c.id)?.model, workdir, [...lineParsers, ...(spec.implicitParsersFiles ?? [])], noDefaults, env);
  // Fluent Bit < 2.0 cannot read the YAML format: a YAML config it mounts is not what it runs.
  const readsYaml = version.version === undefined || atLeast(version.version, 2, 0);
  const configs: EmbeddedConfig[] = [];
  for (const c of [...walk.configs, ...mounted, ...(spec.extraConfigs ?? [])]) if (!configs.includes(c) && (c.format !== 'yaml' || readsYaml)) configs.push(c);

  return {
    id: spec.id,
    workload,
    name: spec.name,
    role: spec.role,
    image: spec.image,
    runsFluentBit,
    fluentBitBy: byImage ? 'image' : byMount ? 'config-mount' : undefined,
    mounts: spec.mounts,
    mountsKnown: spec.mountsKnown,
    command: spec.command,
    args: spec.args,
    configPath: runsFluentBit ? configPath : undefined,
    configPathFrom,
    mainConfig: runsFluentBit ? mainConfig : undefined,
    configs: runsFluentBit ? configs : [],
    parsersFiles: runsFluentBit ? walk.parsersFiles : [],
    stockFilesVisible: fs.stockFilesVisible,
    missingRefs: runsFluentBit ? walk.missing : [],
    lineParsersMissing: runsFluentBit ? lineParsersMissing(lineParsers, 'parsersFiles' in spec.line ? spec.line.parsersFiles : [], fs) : [],
    ...(runsFluentBit && 'parsersFiles' in spec.line && spec.line.path !== undefined && /^\s/.test(spec.line.path) ? { blankConfigArg: spec.line.path } : {}),
    version,
    lookup: fs.lookup,
    info: spec.info,
  };
}

/** `make()` computed on first use, then kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** A mutable workload under construction (containers are filled in after the workload exists: they point back to it). */
type Draft = Workload & { containers: Container[]; podPatches?: Workload['podPatches'] };

/** A pod template that is a kustomize patch: listed as one by a kustomization of the batch, or no container names an image. */
function patchOfPod(ctx: Context, path: string, pod: PodTemplate): Workload['patch'] {
  const k = ctx.patchOf(path);
  if (k) return { kustomization: k.path };
  return pod.containers.every((c) => c.imageNode === undefined) ? { kustomization: undefined } : undefined;
}

/**
 * The builds of a pod's file with their JSON 6902 pod-spec ops: each kustomize chain, and each Flux Kustomization
 * whose patches change pod specs over the chains it builds (kustomize-controller runs `kustomize build` of its
 * `spec.path` with its `patches` added last), or over the file itself when no kustomization builds it.
 */
function podPatchBuilds(ctx: Context, path: string, chains: readonly (readonly Kustomization[])[], target: Omit<PatchTarget, 'container' | 'index'>): PodPatchBuild[] {
  const flux = releaseBuildsOf(ctx.fluxPodPatchBuilds(), path).map((f) => ({ path: f.path, dir: f.dir, kustomization: { podOps: f.ops.map((op) => ({ ...op, file: f.path, flux: true as const })), info: { namespace: undefined } } }));
  const builds: PodPatchBuild[] = [];
  for (const c of chains) {
    const outer = normalizePath(c[c.length - 1]!.path);
    const deployers = flux.filter((f) => f.dir === '' || isWithin(outer, f.dir));
    // A label kustomize's label transformers (`commonLabels`, `labels`) set may not be the one written: a copy of one is not read.
    const relabeled = new Set(c.flatMap((k) => transformedLabels(k.info.node)));
    const build = (kustomization: string, ops: KustomizePodOp[]): PodPatchBuild => {
      const read = relabeled.size > 0 ? ops.filter((o) => o.fromLabel === undefined || (!relabeled.has(o.fromLabel) && !relabeled.has('*'))) : ops;
      return { kustomization, ops: read, ...(read.length < ops.length || c.some(unreplayedPatches) ? { unreplayed: true as const } : {}) };
    };
    if (deployers.length === 0) builds.push(build(c[c.length - 1]!.path, podOpsOf(c, target)));
    for (const f of deployers) builds.push(build(f.path, podOpsOf([...c, f.kustomization], target)));
  }
  if (chains.length === 0) for (const f of flux) builds.push({ kustomization: f.path, ops: podOpsOf([f.kustomization], target) });
  return builds;
}

/** The label keys a kustomization's label transformers set: `commonLabels`' keys and each `labels[].pairs`' (a key unread: '*'). */
function transformedLabels(node: YAMLMap): string[] {
  const keys = (m: unknown): string[] => (isMap(m) ? m.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '*')) : m === undefined ? [] : ['*']);
  return [...keys(node.get('commonLabels', true)), ...(getSeq(node, 'labels')?.items ?? []).flatMap((l) => keys(getNode(l, 'pairs')))];
}

/**
 * True for a kustomization whose build may set a pod's pins in ways its pod-spec ops do not replay (PodPatchBuild.unreplayed):
 * `replacements`/`vars`, or a patch file none of whose ops is a JSON 6902 op read here (a strategic-merge file sets keys
 * the model reads from the file as a workload of its own, not as ops).
 */
function unreplayedPatches(k: Kustomization): boolean {
  // Replacements every pod-spec target of which is replayed (kustomize-replacements.ts) are ops like the patches'.
  if (k.info.node.has('vars') || (k.info.node.has('replacements') && k.replacements?.whole !== true)) return true;
  const dir = dirname(normalizePath(k.path));
  return k.info.patchFiles.some((f) => {
    const file = joinPath(dir, f.path);
    return !(k.podOps ?? []).some((o) => o.file === file && o.op !== 'merge' && o.op !== 'delete');
  });
}

function podWorkload(ctx: Context, d: Discovery, pod: PodTemplate): Workload {
  const id = `${d.path}#${pod.docIndex}/${pod.specPath.join('/')}`;
  const volumes = pod.volumes.map(volumeOf);
  const draft: Draft = {
    id,
    kind: pod.workloadKind,
    name: pod.name,
    namespace: pod.namespace,
    source: 'manifest',
    path: d.path,
    docIndex: pod.docIndex,
    label: `${pod.workloadKind}${pod.name ? ` ${pod.name}` : ''} (${d.path})`,
    containers: [],
    volumes,
    pod,
    helm: undefined,
    valueSets: [],
    fluentBit: undefined,
    operatorInputs: [],
    objectPath: pod.specPath,
    patch: patchOfPod(ctx, d.path, pod),
  };
  const chain = ctx.kustomize(d.path);
  // Each build's JSON6902 ops on the pod spec (node pins, volumes and mounts by index), when some build has one.
  const builds = podPatchBuilds(ctx, d.path, chain, { kind: pod.workloadKind, name: pod.name, namespace: pod.namespace, labels: pod.labels });
  if (builds.some((b) => b.ops.length > 0)) draft.podPatches = builds;
  const specs: ContainerSpec[] = pod.containers.map((info, i) => ({
    id: `${id}/${info.kind}/${info.name ?? i}`,
    name: info.name,
    role: roleOf(info),
    image: info.image ? postBuildImage(ctx, d, pod.docIndex, info.image, (ref) => templateImage(ref, pod.templateParameters, d.path, info.imageNode, chain, patchTargetOf(pod, info), ctx.ansibleVariables)) : undefined,
    mounts: info.volumeMounts.map((m) => mountOf(m, volumes)),
    mountsKnown: true,
    command: info.command,
    args: info.args,
    line: configArg(info.command, info.args, info.workingDir),
    info,
  }));
  const byImage = specs.some((s) => s.role !== 'init' && s.image?.isFluentBit === true);
  for (const s of specs) draft.containers.push(buildContainer(ctx, draft, s, pod.namespace, byImage && !(s.image?.isFluentBit === true)));
  return draft;
}

/**
 * The fluent/fluent-bit chart runs Fluent Bit whatever its image is called:
 * the tag of a mirror or private build (`registry.corp/mirror/fb:1.7.9`) is
 * still the Fluent Bit version; not a vendor's output image of its own
 * releases (logzio's fork of the chart runs `logzio/fluent-bit-output:0.4.0`).
 */
function chartImage(image: ContainerImage, fbChart: boolean): ContainerImage {
  if (!fbChart || image.version || image.ref.versionKind !== 'other' || image.ref.tag === undefined || isVendorTaggedImage(image.ref.repository)) return { ...image, isFluentBit: image.isFluentBit || fbChart };
  const version = parseTagVersion(image.ref.tag);
  if (!version) return { ...image, isFluentBit: true };
  const reason = `${image.ref.image} (the fluent/fluent-bit chart's image)`;
  return { ...image, isFluentBit: true, version, reason, note: `${reason} in ${image.path}` };
}

/**
 * The image Argo CD `helm.parameters` give a chart (Helm's `--set`, which wins
 * over every values set): `image.repository`, `image.tag`, or `image` as one
 * string, under the subchart's key for an umbrella chart. Undefined when no
 * parameter names the image.
 */
function parameterImage(release: ChartRelease | undefined, subchart: YamlPath, fromValues: ImageRef | undefined, chartDefault: boolean): { readonly ref: ImageRef; readonly node: Scalar } | undefined {
  const params = release?.parameters;
  if (!params) return undefined;
  const prefix = subchart.length === 0 ? '' : `${subchart.join('.')}.`;
  const whole = params.get(`${prefix}image`);
  const repository = params.get(`${prefix}image.repository`);
  const tag = params.get(`${prefix}image.tag`);
  const node = tag ?? repository ?? whole;
  if (node === undefined) return undefined;
  const base = whole ? parseImageRef(whole.value) : fromValues;
  const repo = repository?.value ?? base?.repository ?? (chartDefault ? CHART_DEFAULT_REPOSITORY : undefined);
  if (repo === undefined) return undefined;
  const t = tag?.value ?? base?.tag;
  return { ref: parseImageRef(t === undefined ? repo : `${repo}:${t}`), node: node.node };
}

/** The reason of a chart default image that no chart version tells. */
const CHART_DEFAULT_REASON = "the chart's default image (its appVersion)";

/**
 * The image of chart values that do not name one: the chart's appVersion, which the values do not tell, but the
 * chart version `release` pins may (deploy/chart-app-version.ts): `release` is the one that deploys the chart
 * itself (not an umbrella chart that depends on it). A stable/fluent-bit chart's default image is 1.3.7 or older,
 * whatever its version: 1.3.7 stands for it (both are below every version gate, 1.8 and 2.0).
 */
function chartDefaultImage(path: string, release?: ChartRelease): ContainerImage {
  const unknown: ContainerImage = { ref: parseImageRef(CHART_DEFAULT_REPOSITORY), written: undefined, origin: 'values', isFluentBit: true, version: undefined, note: `${CHART_DEFAULT_REASON} in ${path}`, reason: CHART_DEFAULT_REASON, path, node: undefined };
  const at = releaseFile(release) ?? path;
  const pinned = (version: FluentBitVersion | undefined, reason: string): ContainerImage => ({ ...unknown, version, reason, note: `${reason} in ${at}`, path: at });
  if (release?.kind === 'stable-fluent-bit') {
    const last = formatVersion(STABLE_FLUENT_BIT_LAST_APP_VERSION);
    return pinned(STABLE_FLUENT_BIT_LAST_APP_VERSION, `the stable/fluent-bit chart's default image, Fluent Bit ${last} or older (${last} is its last chart's)`);
  }
  const written = release?.kind === 'fluent-bit' ? release.chartVersion : undefined;
  const told = written === undefined ? undefined : fluentBitChartDefault(written);
  if (written === undefined || told === undefined) return unknown;
  const chart = /^[\w.-]+$/.test(written) ? `the fluent-bit chart ${written}'s default image` : `the fluent-bit chart's default image at version '${written}'`;
  if (told.kind === 'newer') return pinned(undefined, `${chart} (its appVersion: a chart newer than ${told.last}, the last flb-migrate knows, so Fluent Bit ${formatVersion(told.atLeast)} or later)`);
  const app = formatVersion(told.version);
  return pinned(told.version, told.range ? `${chart}: its oldest chart, ${told.chart}, runs Fluent Bit ${app} (its appVersion)` : `${chart}, Fluent Bit ${app}`);
}

function chartVolume(name: string, path: string): Volume {
  return { name, source: { kind: 'hostPath', path }, info: undefined };
}

/** The last (highest-precedence) set for which `has` holds (what is not a values key: the chart a set is for). */
function lastWith(sets: readonly ValuesSetRef[], has: (v: HelmValuesInfo) => boolean): ValuesSetRef | undefined {
  for (let i = sets.length - 1; i >= 0; i--) if (has((sets[i] as ValuesSetRef).values)) return sets[i];
  return undefined;
}

/** The values (HelmValuesInfo) of the set that gives top-level `key` once merged as Helm does, also when it writes `key: null` (its fields read as absent then). */
function valuesOfKey(sets: readonly ValuesSetRef[], key: string): HelmValuesInfo | undefined {
  return suppliedAt(sets, [key])?.set.values;
}

/** The chart config strings of the value groups (releaseDeployments: each workload's group, as buildDeployment builds them) that a higher set replaces in every group holding them (by config id), with the set that wins. */
function overriddenConfigs(releases: ReleaseDeployments): Map<string, OverriddenConfig> {
  const dead = new Map<string, OverriddenConfig>();
  const live = new Set<string>();
  // Each environment's winning file of a config string every environment replaces.
  const winners = new Map<string, EnvironmentWinner[]>();
  // The builds that replace a config string (a patch file's set wins over it), by config id.
  const replacing = new Map<string, string[]>();
  // Each release's winning file of a config string (a plain or environment file several releases name: release-deployments
  // joinSharedEnvironmentFiles), by config id: said per release when the groups replacing it are several releases'.
  const releaseWinners = new Map<string, (EnvironmentWinner & { readonly release: string })[]>();
  // Each workload's group: one per environment when environments write volumes or config, one per kustomize/Flux build
  // when a patch file's HelmRelease writes them (the group's own sets: not the patch base sets below it).
  for (const entry of releases.groups) {
    for (const { group, deployment } of entry.workloads) {
      if (group.length < 2) {
        for (const s of group) for (const c of s.d.configs) live.add(c.id);
        continue;
      }
      const sets = entry.split ? byPrecedence(group) : entry.ordered;
      const build = deployment?.build ? deployment.label : undefined;
      const label = deployment?.build ? undefined : deployment?.label;
      // A build's patch file sets: their own config strings are judged in their own group.
      for (const s of sets.filter((x) => !x.patchOver)) {
        for (const c of s.d.configs) {
          if (c.origin !== 'helm-value' || dirIdOf(c) !== chartDirOf(s.d, s.values)) continue;
          if (suppliesConfig(sets, s, c)) live.add(c.id);
          else {
            const by = suppliedAt(sets, relativeConfigPath(c))?.set;
            if (by && !dead.has(c.id)) dead.set(c.id, { path: by.d.path, key: relativeConfigPath(c).join('.'), release: (entry.owner?.release ?? by.values.release)?.label });
            if (by && label !== undefined) winners.set(c.id, [...(winners.get(c.id) ?? []), { label, path: by.d.path }]);
            if (build !== undefined && by) replacing.set(c.id, [...(replacing.get(c.id) ?? []), `${by.d.path} in ${build}`]);
            const of = entry.release?.label;
            if (by && of !== undefined) releaseWinners.set(c.id, [...(releaseWinners.get(c.id) ?? []), { label: label === undefined ? of : `${label} of ${of}`, path: by.d.path, release: of }]);
          }
        }
      }
    }
  }
  for (const id of live) dead.delete(id);
  for (const [id, by] of dead) {
    const all = winners.get(id) ?? [];
    if (new Set(all.map((w) => w.path)).size > 1) dead.set(id, { ...by, winners: all });
  }
  for (const [id, by] of dead) {
    const all = releaseWinners.get(id) ?? [];
    if (new Set(all.map((w) => w.release)).size < 2) continue;
    // Several releases replace it: no one release merges "the value sets"; each release's winner is named when they differ.
    const { winners: _environments, ...rest } = by;
    dead.set(id, { ...rest, release: undefined, ...(new Set(all.map((w) => w.path)).size > 1 ? { winners: all.map(({ label, path }) => ({ label, path })), releases: true as const } : {}) });
  }
  for (const [id, by] of dead) if (replacing.has(id)) dead.set(id, { ...by, builds: replacing.get(id) });
  return dead;
}

/** The path of a chart config string below its chart's values root (`['config', 'inputs']`). */
function relativeConfigPath(c: EmbeddedConfig): string[] {
  const rel = c.yamlPath.slice((c.chartRoot ?? []).length);
  return rel.every((k): k is string => typeof k === 'string') ? rel : [];
}

/** Whether `set` gives chart config string `c` once the sets are merged (a config without a plain key path below its chart root: yes). */
function suppliesConfig(sets: readonly ValuesSetRef[], set: ValuesSetRef, c: EmbeddedConfig): boolean {
  const rel = relativeConfigPath(c);
  return rel.length === 0 || suppliedAt(sets, rel)?.set === set;
}

/**
 * The fields of the fluent-operator chart's input maps (`fluentbit.input.tail`, its `extraParams`) of a group's
 * sets that a higher set gives too (or deletes, or replaces a map above): Helm merges the maps key by key, so only
 * the highest set's field is rendered. Empty unless two sets of the group hold such a map.
 */
function replacedInputFields(sets: readonly ValuesSetRef[], owner: string | undefined): [OperatorInput, ReplacedInputField[]][] {
  const holders = sets.filter((s) => s.values.inputs.some((i) => i.schema === 'operator' && i.kind === 'ClusterInput'));
  if (holders.length < 2) return [];
  const out: [OperatorInput, ReplacedInputField[]][] = [];
  for (const s of holders) {
    for (const input of s.values.inputs) {
      if (input.schema !== 'operator' || input.kind !== 'ClusterInput' || input.name === undefined) continue;
      const base = ['fluentbit', 'input', input.name];
      const fields: ReplacedInputField[] = [];
      const check = (map: YAMLMap | undefined, prefix: readonly string[], extra: boolean): void => {
        for (const pair of map?.items ?? []) {
          if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || (!extra && pair.key.value === 'extraParams')) continue;
          const path = [...prefix, pair.key.value];
          const by = suppliedAt(sets, path);
          if (by === undefined || by.set === s) continue;
          fields.push({ node: pair.key, key: path.join('.'), extra, path: by.set.d.path, release: owner ?? by.set.values.release?.label });
        }
      };
      check(input.tail, base, false);
      check(input.extra, [...base, 'extraParams'], true);
      if (fields.length > 0) out.push([input, fields]);
    }
  }
  return out;
}

/**
 * How a group's sets render the fluent-operator chart's input maps (`fluentbit.input.<name>`), merged as Helm merges
 * them: off when a switch of the merged values is false (Go templates' `if`: false, 0 and '' are false; a string
 * `"false"` is not) or null (deleted by Helm, chart default included), else, with two sets or more holding the map, one view at the highest set's map holding the lower
 * sets' fields no higher set gives.
 */
function inputMerges(sets: readonly ValuesSetRef[], owner: string | undefined): [OperatorInput, InputMerge, InputOfSet][] {
  const names = new Set(sets.flatMap((s) => s.values.inputs.flatMap((i) => (i.schema === 'operator' && i.kind === 'ClusterInput' && i.name !== undefined ? [i.name] : []))));
  const out: [OperatorInput, InputMerge, InputOfSet][] = [];
  for (const name of names) {
    const holders = sets.flatMap((s) => s.values.inputs.flatMap((input) => (input.schema === 'operator' && input.kind === 'ClusterInput' && input.name === name ? [{ input, path: s.d.path, text: s.d.text }] : [])));
    const off = operatorChartInputSwitches(name).flatMap((path) => {
      const at = suppliedAt(sets, path);
      const how = switchOff(at);
      if (at === undefined || how === undefined) return [];
      return [{ key: path.join('.'), path: at.set.d.path, release: owner ?? at.set.values.release?.label, ...(how === 'null' ? { null: true as const } : {}) }];
    })[0];
    if (off) {
      for (const h of holders) out.push([h.input, { off }, h]);
      continue;
    }
    const top = holders[holders.length - 1];
    if (top === undefined || holders.length < 2) continue;
    out.push([top.input, { lower: holders.slice(0, -1) }, top]);
    for (const h of holders.slice(0, -1)) out.push([h.input, { into: top.input }, h]);
  }
  return out;
}

/**
 * replacedInputFields and inputMerges for a release whose sets have environments (releaseEnvironmentGroups): each
 * environment renders its own merge of the maps (common.yaml's with prod.yaml's in prod, with staging.yaml's in
 * staging), so each is computed per environment. A field is replaced only when every environment rendering its set
 * replaces it; a map keeps a merge (or is off) only when every environment rendering its set gives it that same
 * merge, else every map of that input name is judged on its own (one view per map: a map merged into another in one
 * environment and not in another would otherwise be read, and edited, twice); a map off in every environment
 * rendering it stays off.
 */
function environmentInputViews(groups: readonly { readonly group: readonly ValuesSetRef[]; readonly deployment: ReleaseDeployment }[], owner: string | undefined): { replaced: [OperatorInput, ReplacedInputField[]][]; merges: [OperatorInput, InputMerge, InputOfSet][]; partlyOff: PartlyOffInput[] } {
  const rendering = new Map<OperatorInput, number>();
  // Each deployment rendering a map, with the switch that turns it off there.
  const states = new Map<OperatorInput, { of: InputOfSet; on: string[]; off: { label: string; off: InputSwitchOff }[] }>();
  const replaced = new Map<OperatorInput, Map<Scalar, { field: ReplacedInputField; count: number; winners: EnvironmentWinner[] }>>();
  const merges = new Map<OperatorInput, { merge: InputMerge | undefined; of: InputOfSet | undefined; count: number; same: boolean }>();
  const sameMerge = (a: InputMerge | undefined, b: InputMerge | undefined): boolean => {
    if (a === undefined || b === undefined) return a === b;
    if ('off' in a) return 'off' in b;
    if ('into' in a) return 'into' in b && a.into === b.into;
    return 'lower' in b && a.lower.length === b.lower.length && a.lower.every((l, i) => l.input === b.lower[i]?.input);
  };
  for (const { group, deployment } of groups) {
    const sets = byPrecedence(group);
    const own = new Map<OperatorInput, [InputMerge, InputOfSet]>();
    for (const [input, merge, of] of sets.some((s) => s.values.inputs.length > 0) ? inputMerges(sets, owner) : []) own.set(input, [merge, of]);
    for (const s of sets) {
      for (const input of s.values.inputs) {
        if (input.schema !== 'operator' || input.kind !== 'ClusterInput' || input.name === undefined) continue;
        rendering.set(input, (rendering.get(input) ?? 0) + 1);
        const [merge, of] = own.get(input) ?? [undefined, undefined];
        const state = states.get(input) ?? { of: { input, path: s.d.path, text: s.d.text }, on: [], off: [] };
        if (merge !== undefined && 'off' in merge) state.off.push({ label: deployment.label, off: merge.off });
        else state.on.push(deployment.label);
        states.set(input, state);
        const seen = merges.get(input);
        if (seen === undefined) merges.set(input, { merge, of, count: 1, same: true });
        else merges.set(input, { ...seen, count: seen.count + 1, same: seen.same && sameMerge(seen.merge, merge) });
      }
    }
    for (const [input, fields] of sets.length > 1 ? replacedInputFields(sets, owner) : []) {
      const byNode = replaced.get(input) ?? new Map<Scalar, { field: ReplacedInputField; count: number; winners: EnvironmentWinner[] }>();
      for (const field of fields) {
        const seen = byNode.get(field.node);
        byNode.set(field.node, { field: seen?.field ?? field, count: (seen?.count ?? 0) + 1, winners: [...(seen?.winners ?? []), { label: deployment.label, path: field.path }] });
      }
      replaced.set(input, byNode);
    }
  }
  // An input name with a map whose merge differs between environments: every map of that name on its own.
  const mixed = new Set([...merges].flatMap(([input, m]) => (m.same ? [] : [input.name])));
  const outReplaced: [OperatorInput, ReplacedInputField[]][] = [];
  for (const [input, byNode] of replaced) {
    // Every environment's winning file when they are not one (HELM_VALUE_OVERRIDDEN names them all).
    const fields = [...byNode.values()].flatMap(({ field, count, winners }) => (count !== rendering.get(input) ? [] : new Set(winners.map((w) => w.path)).size > 1 ? [{ ...field, winners }] : [field]));
    if (fields.length > 0) outReplaced.push([input, fields]);
  }
  const outMerges: [OperatorInput, InputMerge, InputOfSet][] = [];
  // A map off in every environment rendering it is in no view: off whatever its name's other maps do.
  for (const [input, { merge, of, same }] of merges) if (merge !== undefined && of !== undefined && (!mixed.has(input.name) || (same && 'off' in merge))) outMerges.push([input, merge, of]);
  // A map some environments render and others turn off: judged for the former (its name is mixed), said naming both.
  const partlyOff = [...states.values()].flatMap(({ of, on, off }) => (on.length > 0 && off.length > 0 ? [{ ...of, on, off }] : []));
  return { replaced: outReplaced, merges: outMerges, partlyOff };
}

/** A Fluent Bit image the merged sets give, with the set holding its node (the tag's, else the repository's); `none` when a higher set deletes or replaces it. */
type MergedImage = { readonly image: ValuesImage; readonly set: ValuesSetRef } | 'none';

/**
 * The image of the merged value sets, key by key as Helm merges them: `image.tag` of a lower set
 * and `image.repository` of a higher one make one image; `image: null` or `tag: null` in a higher
 * set deletes (the chart's default applies); a higher `image: repo:tag` string replaces a lower
 * map. `prefix` is where the chart reads it (`image`, fluent-operator's `fluentbit.image`);
 * undefined when no set has it there (an image shape this merge does not read: each set's own).
 */
function mergedValuesImage(sets: readonly ValuesSetRef[], prefix: readonly string[], knownChart: boolean, tagOnlyDefault: boolean): MergedImage | undefined {
  const at = suppliedAt(sets, prefix);
  if (at === undefined) return undefined;
  if (at.kind !== 'value') return 'none';
  if (isScalar(at.node)) {
    const own = at.set.values.image;
    if (own && own.yamlPath.length === prefix.length && prefix.every((k, i) => own.yamlPath[i] === k)) return { image: own, set: at.set };
    return 'none';
  }
  if (!isMap(at.node)) return 'none';
  const direct = mergedRepositoryImage(sets, prefix, knownChart, tagOnlyDefault);
  if (direct) return direct;
  // `image: {<name>: {repository, tag}}` (stable/fluent-bit's `image.fluent_bit`): merged under the key the highest set names it at.
  const named = lastWith(sets, (v) => v.image !== undefined && v.image.yamlPath.length === prefix.length + 1 && prefix.every((k, i) => v.image?.yamlPath[i] === k))?.values.image;
  const nested = named ? mergedRepositoryImage(sets, named.yamlPath.map(String), knownChart, false) : undefined;
  // A chart that reads its image there and finds no repository nor tag (`tag: null` over a lower tag): its default image.
  return nested ?? (knownChart ? 'none' : undefined);
}

/** `{registry, repository, tag, digest}` at `path`, each key from the set that gives it. */
function mergedRepositoryImage(sets: readonly ValuesSetRef[], path: readonly string[], knownChart: boolean, tagOnlyDefault: boolean): MergedImage | undefined {
  const part = (key: string): { value: string; node: Scalar; set: ValuesSetRef } | undefined => {
    const s = suppliedAt(sets, [...path, key]);
    const value = s?.kind === 'value' && isScalar(s.node) ? scalarSource(s.node) : undefined;
    return s?.kind === 'value' && value !== undefined && value !== '' ? { value, node: s.node as Scalar, set: s.set } : undefined;
  };
  const repository = part('repository');
  const tag = part('tag');
  if (repository === undefined && !(tagOnlyDefault && tag)) return undefined;
  const image = composeImage(part('registry')?.value, repository?.value ?? CHART_DEFAULT_REPOSITORY, tag?.value, part('digest')?.value);
  if (!knownChart && !isFluentBitImage(image)) return undefined;
  const at = tag ?? (repository as NonNullable<typeof repository>);
  return { image: { image, yamlPath: [...path], node: at.node, tagSource: tag?.value }, set: at.set };
}

/**
 * The image of a release whose sets include Fleet target customizations (ChartRelease.target): each target's
 * clusters run the release's own sets with that customization's over them, and the clusters no customization
 * matches the release's own sets alone, so each is a deployment of its own (not one merge of every target). The
 * config they share must start on each: the oldest decides, as for kustomize builds, and `targets` lists them
 * when their versions differ. Undefined without targets.
 */
function targetsImage(ctx: Context, sets: readonly ValuesSetRef[], imageOf: (of: readonly ValuesSetRef[], chartRelease?: ChartRelease) => ContainerImage | undefined, release: ChartRelease | undefined, subchart: YamlPath, build: (ref: ImageRef, path: string, node: Scalar) => ContainerImage): ContainerImage | undefined {
  const targets = [...new Set(sets.flatMap((s) => (setRelease(s)?.target === undefined ? [] : [setRelease(s)?.target as string])))];
  const shared = release?.environments ? ctx.sharedEnvironmentFiles(release.id) : [];
  if (targets.length === 0 && shared.length === 0) return undefined;
  const own = sets.filter((s) => setRelease(s)?.target === undefined);
  const environments = release?.environments;
  if (environments) return environmentsImage(sets, own, environments, shared, subchart, imageOf, build);
  const images = [undefined, ...targets].flatMap((target) => {
    // A target's chart version (helm.version) decides its chart's default image.
    const over = target === undefined ? undefined : sets.find((s) => setRelease(s)?.target === target)?.values.release?.targetChart;
    const bundle = release && { ...release, targetChart: undefined };
    const chartRelease = over && bundle ? { ...bundle, ...over } : bundle;
    const image = imageOf(target === undefined ? own : sets.filter((s) => setRelease(s)?.target === undefined || setRelease(s)?.target === target), chartRelease);
    return image ? [{ label: target === undefined ? 'helm.values alone' : `target ${target}`, image }] : [];
  });
  const picked = oldestDeployment(images);
  return picked && (picked.list ? { ...picked.chosen, targets: picked.list } : picked.chosen);
}

/**
 * The image of a helmfile release whose values files are named per environment (`values/{{ .Environment.Name }}.yaml`,
 * ChartRelease.environments): `helmfile -e <name>` deploys its other sets with that environment's files over them, so
 * each environment is a deployment; the oldest decides and `environments` lists them when their versions differ. An
 * environment none of whose files the batch holds runs the other sets alone when missingFileHandler skips missing
 * files, and is not deployed otherwise (helmfile fails: ENVIRONMENT_VALUES_FILE_NOT_FOUND says it).
 */
function environmentsImage(sets: readonly ValuesSetRef[], own: readonly ValuesSetRef[], environments: NonNullable<ChartRelease['environments']>, shared: readonly SharedEnvironmentFile[], subchart: YamlPath, imageOf: (of: readonly ValuesSetRef[]) => ContainerImage | undefined, build: (ref: ImageRef, path: string, node: Scalar) => ContainerImage): ContainerImage | undefined {
  const images = environments.names.flatMap((name) => {
    const target = environments.elements ? elementTarget(name) : environmentTarget(name);
    const mine = sets.filter((s) => setRelease(s)?.target === target);
    // A file several releases name whose chart values joined the sets (joinSharedEnvironmentFiles) is among them already.
    const theirs = shared.filter((f) => f.target === target && !sets.some((s) => s.d.path === f.path)).sort((a, b) => a.precedence - b.precedence);
    if (mine.length === 0 && theirs.length === 0 && !environments.skipMissing) return [];
    const merged = mine.length === 0 ? own : sets.filter((s) => setRelease(s)?.target === undefined || setRelease(s)?.target === target);
    let image = imageOf(merged);
    // A file other releases name too is not among the sets: its image keys over the sets' below it (a set above that writes the image wins).
    for (const f of theirs) {
      if (merged.some((s) => (setRelease(s)?.precedence ?? 0) > f.precedence && s.values.image !== undefined)) continue;
      const over = overlaidImage(image?.ref, f.map, subchart);
      if (over) image = build(over.ref, f.path, over.node);
    }
    return image ? [{ label: target, image }] : [];
  });
  const picked = oldestDeployment(images);
  return picked && (picked.list ? { ...picked.chosen, ...(environments.elements ? { elements: picked.list } : { environments: picked.list }) } : picked.chosen);
}

/** The oldest of the images of a release's deployments (else the last), with them all (`list`) when their versions differ. */
function oldestDeployment(images: readonly { readonly label: string; readonly image: ContainerImage }[]): { chosen: ContainerImage; list: ReleaseImage[] | undefined } | undefined {
  const chosen = (oldest(images, (i) => i.image.version) ?? images[images.length - 1])?.image;
  if (!chosen) return undefined;
  const versions = new Set(images.map((i) => (i.image.version ? formatVersion(i.image.version) : '')));
  return { chosen, list: versions.size < 2 ? undefined : images.map((i) => ({ release: i.label, ref: i.image.ref, version: i.image.version })) };
}

/**
 * The image of a plain values file that releases of the batch name (DiscoveryHints.valuesFileOf: an Argo CD
 * `helm.valueFiles` item, a helmfile `values:` file). Each release runs the file with its own later sets over it
 * (ChartReleaseInfo.values after the file's) and its `--set` parameters, so each is a deployment with its own image:
 * two Applications of one values file, one per cluster, each with its `image.tag` parameter. The oldest decides;
 * `releases` lists them when their versions differ. Undefined when no release links the file or none sets an image
 * over the file's (`own`, which then stands).
 */
function linkedReleasesImage(d: Discovery, values: HelmValuesInfo, own: ContainerImage | undefined, build: (ref: ImageRef, path: string, node: Scalar) => ContainerImage): ContainerImage | undefined {
  const links = d.releases.filter((r) => r.valuesFile && r.valuesFrom === undefined && r.docIndex === values.docIndex);
  if (links.length === 0) return undefined;
  const images = links.flatMap((r) => {
    let ref = own?.ref;
    let node: Scalar | undefined;
    for (const later of r.values.slice(1)) {
      const over = overlaidImage(ref, later.map, values.subchart);
      if (over) ({ ref, node } = over);
    }
    const param = parameterImage(r.release, values.subchart, ref, true);
    const path = releaseFile(r.release) ?? d.path;
    const image = param ? build(param.ref, path, param.node) : node && ref ? build(ref, path, node) : undefined;
    // The chart's default image: the version of the release's chart may tell it (not an umbrella's: a subchart's values).
    const told = own && own.reason === CHART_DEFAULT_REASON && own.node === undefined && values.subchart.length === 0 ? chartDefaultImage(own.path, r.release) : undefined;
    const fallback = told && told.reason !== CHART_DEFAULT_REASON ? told : own;
    return image ? [{ label: r.release.label, image }] : fallback ? [{ label: r.release.label, image: fallback }] : [];
  });
  if (!images.some((i) => i.image !== own)) return undefined;
  const picked = oldestDeployment(images);
  return picked && (picked.list ? { ...picked.chosen, releases: picked.list } : picked.chosen);
}

/** A plain kustomization's HelmRelease patches, read once per kustomization (only texts naming a HelmRelease are parsed). */
function releasePatchesOfKustomizations(files: BatchFiles): Context['kustomizationReleasePatches'] {
  const seen = new Map<Kustomization, readonly FluxReleasePatch[]>();
  return (k) => {
    let out = seen.get(k);
    if (out === undefined) {
      const text = files.byPath(k.path)?.text;
      out = text !== undefined && mayPatchReleaseInKustomization(text) ? kustomizationReleasePatches(k.path, k.info.node, (p) => files.byPath(p)?.text) : [];
      seen.set(k, out);
    }
    return out;
  };
}

/**
 * The image of a Flux HelmRelease that kustomize overlays or Flux Kustomizations build with patches setting its image
 * or chart version (a per-cluster `clusters/<name>/` Kustomization over one shared release, an overlay per
 * environment): each build of the release's file is a deployment, the release's image with its patches' image keys
 * over it (a patched chart version tells the chart default image, as a release's own does); the oldest decides and
 * `fluxPatches` lists them when their versions differ. Undefined when none of them patches the release's image.
 */
function fluxPatchedImage(ctx: Context, release: ChartRelease, image: ContainerImage | undefined, subchart: YamlPath, build: (ref: ImageRef, path: string, node: Scalar) => ContainerImage, within?: (b: ReleaseBuild) => boolean): ContainerImage | undefined {
  const file = releaseFile(release);
  const target = release.helmRelease;
  if (file === undefined || target === undefined) return undefined;
  // `within`: only those builds (a patch file's: those whose chain holds its kustomization; one build's), patched or not.
  const builds = releaseBuilds(ctx, file).filter((b) => within === undefined || within(b));
  if (builds.length === 0) return undefined;
  const labels = ctx.helmReleases().find((r) => r.release.id === release.id)?.labels ?? new Map<string, string>();
  const patchesOf = (b: ReleaseBuild): readonly FluxReleasePatch[] =>
    b.patches.filter((p) => selects(p, { kind: 'HelmRelease', name: target.name, labels }, target.namespace));
  // By path, directory by directory: the batch's order differs between a CLI run and a library call.
  const mine = [...builds].sort((a, b) => byPathParts(a.path, b.path));
  let patched = false;
  let versioned = false;
  // The chart's default image of the release's own chart version: a build's patched version tells its own.
  const defaulted = image !== undefined && image.node === undefined && image.reason !== undefined && subchart.length === 0 && release.kind === 'fluent-bit' && (image.reason === CHART_DEFAULT_REASON || image.reason === chartDefaultImage(image.path, release).reason);
  const images = mine.flatMap((b) => {
    let built = image;
    let own = false;
    for (const p of patchesOf(b)) {
      const over = overlaidImage(built?.ref, p.values, subchart);
      if (over) {
        built = build(over.ref, p.path ?? b.path, p.node);
        own = true;
        patched = true;
      } else if (p.chartVersion && defaulted && !own) {
        // Said where the version is patched.
        const told = chartDefaultImage(image.path, { ...release, chartVersion: p.chartVersion.value });
        const at = p.path ?? b.path;
        built = { ...told, path: at, note: `${told.reason} in ${at}` };
        patched = true;
        versioned = true;
      }
    }
    return built ? [{ label: b.label, image: built }] : [];
  });
  if (!patched && within === undefined) return undefined;
  const picked = oldestDeployment(images);
  if (!picked) return undefined;
  if (!picked.list) return picked.chosen;
  return versioned || mine.some((b) => b.plain) ? { ...picked.chosen, fluxPatches: picked.list, plainBuilds: true } : { ...picked.chosen, fluxPatches: picked.list };
}

/**
 * The image of a HelmRelease written in a kustomize patch file (`patches[].path`, `patchesStrategicMerge`): not a
 * release of its own but the builds of the release it patches (same name; namespace when both give one; a
 * HelmRelease of the batch in no patch file) whose chain holds the patch's kustomization, that release's image with
 * each build's patches over it. Undefined when the batch holds no such release.
 */
function patchFileImage(ctx: Context, release: ChartRelease, base: PatchedRelease, subchart: YamlPath, build: (ref: ImageRef, path: string, node: Scalar) => ContainerImage): ContainerImage | undefined {
  const over = overlaidImage(undefined, base.root, subchart);
  const image = over ? build(over.ref, releaseFile(base.release) as string, over.node) : release.kind === 'fluent-bit' && subchart.length === 0 ? chartDefaultImage(releaseFile(base.release) as string, base.release) : undefined;
  const k = normalizePath(base.kustomization);
  return fluxPatchedImage(ctx, base.release, image, subchart, build, (b) => b.chain.includes(k));
}

/** True when two ReleaseBuild values (each releaseBuilds call makes its own) are one build. */
function sameBuild(a: ReleaseBuild, b: ReleaseBuild): boolean {
  return a.label === b.label && a.path === b.path && a.chain.join('\n') === b.chain.join('\n');
}

/** The image `map` gives over `ref` (`image: repo:tag`, or `image.{registry,repository,tag}` key by key), with the node it is read at; undefined when it gives none. */
function overlaidImage(ref: ImageRef | undefined, map: unknown, subchart: YamlPath): { ref: ImageRef; node: Scalar } | undefined {
  const at = valuesPath(map, subchart);
  const img = isMap(at) ? at.get('image', true) : undefined;
  if (isScalar(img) && typeof img.value === 'string' && img.value.trim() !== '') return { ref: parseImageRef(img.value.trim()), node: img };
  if (!isMap(img)) return undefined;
  const part = (key: string): { value: string; node: Scalar } | undefined => {
    const n = getScalar(img, key);
    const v = n ? scalarSource(n) : undefined;
    return n && v !== undefined && v !== '' ? { value: v, node: n } : undefined;
  };
  const repository = part('repository');
  const tag = part('tag');
  if (!repository && !tag) return undefined;
  return { ref: parseImageRef(composeImage(part('registry')?.value, repository?.value ?? ref?.repository ?? CHART_DEFAULT_REPOSITORY, tag?.value ?? ref?.tag, undefined)), node: (tag ?? repository)?.node as Scalar };
}

/**
 * The image of an ApplicationSet's template whose reference takes generator parameters (`tag: '{{fbTag}}'`, a
 * `{{.fbTag}}` parameter): each list element makes an Application with its own image, so each is a deployment;
 * the oldest decides and `elements` lists them when their versions differ. An element that leaves a parameter
 * unfilled runs an unknown version. Undefined when the reference holds no `{{`.
 */
function elementsImage(elements: readonly GeneratorElement[], image: ContainerImage, build: (ref: ImageRef, path: string, node: Scalar) => ContainerImage, chartRelease?: ChartRelease): ContainerImage | undefined {
  const node = image.node;
  // The chart's default image of a templated chart version (`targetRevision: '{{chartVersion}}'`): each element's version tells its own.
  const version = chartRelease?.chartVersion;
  if (image.reason === CHART_DEFAULT_REASON && node === undefined && version?.includes('{{') && chartRelease) {
    const defaults = elements.map((e) => {
      const filled = fillParameters(version, e.params);
      return { label: `element ${e.label}`, image: chartDefaultImage(image.path, { ...chartRelease, chartVersion: filled === undefined || filled.includes('{{') ? undefined : filled }) };
    });
    if (!defaults.some((i) => i.image.version)) return undefined;
    const picked = oldestDeployment(defaults);
    return picked && (picked.list ? { ...picked.chosen, elements: picked.list } : picked.chosen);
  }
  if (!image.ref.image.includes('{{') || !isScalar(node)) return undefined;
  const images = elements.map((e) => {
    const filled = fillParameters(image.ref.image, e.params);
    return { label: `element ${e.label}`, image: filled === undefined ? image : build(parseImageRef(filled), image.path, node) };
  });
  // No element fills a version in: the template's own (unknown) image stands.
  if (!images.some((i) => i.image.version)) return undefined;
  const picked = oldestDeployment(images);
  return picked && (picked.list ? { ...picked.chosen, elements: picked.list } : picked.chosen);
}

/** The map at a subchart's key path of a values map (`[]`: the map itself). */
function valuesPath(map: unknown, subchart: readonly (string | number)[]): unknown {
  let at = map;
  for (const key of subchart) at = isMap(at) ? at.get(key, true) : undefined;
  return at;
}

/** The chart ConfigMap's directory (includes/vfs.ts): one per release and subchart, else per values root. */
export function chartDirOf(d: Discovery, values: HelmValuesInfo): string {
  return values.release ? `helm:${values.release.id}/${values.subchart.join('/')}` : helmDirId(d.path, values.docIndex, values.rootPath);
}

/**
 * The workload a chart renders from its values. An Argo CD / Flux release
 * may spread its values over several sets (Argo CD `values` and
 * `valuesObject`, Flux `valuesFrom` and `spec.values`): they are merged as
 * Helm does, a later set's key replacing an earlier one's (lists wholesale).
 */
function helmWorkload(ctx: Context, group: readonly ValuesSetRef[], owner?: { readonly release: ChartRelease; readonly path: string }, deployment?: ReleaseDeployment): Workload {
  const sets = byPrecedence(group);
  // A build's patch file sets (buildGroups) are merged over the release's, but the workload is the release's.
  const own = sets.some((s) => s.patchOver) ? sets.filter((s) => !s.patchOver) : sets;
  const top = own[own.length - 1] as ValuesSetRef;
  const { d, values } = top;
  // A release that deploys an umbrella chart of the batch owns the workload, whichever file holds the winning set.
  const release = owner?.release ?? setRelease(top);
  const subLabel = values.subchart.length === 0 ? '' : ` ${values.subchart.join('.')}:`;
  const rootLabel = values.rootPath.length === 0 ? '' : ` ${values.rootPath.join('.')}:`;
  const id = release ? `${release.id}/values/${values.subchart.join('/')}${deployment ? `@${deployment.label}` : ''}` : `${d.path}#${values.docIndex}/values/${values.rootPath.join('/')}`;
  // A file several releases name on top (joinSharedEnvironmentFiles): the release's chart directory.
  const dirId = values.release === undefined && release !== undefined ? `helm:${release.id}/${values.subchart.join('/')}` : chartDirOf(d, values);
  // The chart's config strings (`config.inputs`, `config.extraFiles.<name>`...) of the merged values: each from the set that gives it (a higher set's replaces a lower one's).
  const chartConfigs = sets.flatMap((s) => s.patchBase || s.patchOver ? [] : s.d.configs.filter((c) => c.origin === 'helm-value' && dirIdOf(c) === chartDirOf(s.d, s.values) && suppliesConfig(sets, s, c)));
  // A file several releases name (joinSharedEnvironmentFiles) puts its strings in each release's chart directory (objects.ts
  // sharedChartDirs): the release runs them only when its own sets do not replace them, also when not split.
  const shared = sets.some((s) => s.release !== undefined);
  const fbChart = sets.some((s) => s.values.isFluentBitChart);
  const chartKind = lastWith(sets, (v) => v.chartKind !== undefined)?.values.chartKind;
  // `existingConfigMap`: the chart mounts that ConfigMap (a manifest of the batch, by name) and renders none from `config.*`.
  const existing = fbChart ? valuesOfKey(sets, 'existingConfigMap')?.existingConfigMap : undefined;
  const config: Volume = existing
    ? { name: 'config', source: { kind: 'configMap', name: existing, items: undefined }, info: undefined }
    : { name: 'config', source: { kind: 'chart', dirId, ...(deployment || shared ? { only: new Set(chartConfigs.map((c) => c.id)) } : {}) } satisfies VolumeContents, info: undefined };
  // Each list from the set that gives its key once merged: a higher set's list (`[]` too) replaces a lower one's.
  const dsv = valuesOfKey(sets, 'daemonSetVolumes');
  const dsm = valuesOfKey(sets, 'daemonSetVolumeMounts');
  const listedSet = valuesOfKey(sets, 'volumes');
  const listed = (dsv ?? listedSet)?.daemonSetVolumes.map(volumeOf) ?? [];
  const extra = valuesOfKey(sets, 'extraVolumes');
  const extraVolumes = extra?.extraVolumes.map(volumeOf) ?? [];
  const volumes: Volume[] = fbChart
    ? [...(dsv ? listed : CHART_DEFAULT_VOLUMES.map((v) => chartVolume(v.name, v.path))), ...extraVolumes, config]
    : [...listed, ...extraVolumes, config];
  const label = release ? `${release.label.replace(/\)$/, '')}${subLabel ? `,${subLabel.slice(0, -1)}` : ''}${deployment ? `, ${deployment.label}` : ''})` : `Helm values${rootLabel} (${d.path})`;
  // The environment files several releases name that this deployment (each environment's, when not split) reads.
  const sharedRead = release?.environments ? ctx.sharedEnvironmentFiles(release.id).filter((f) => deployment === undefined || f.target === deployment.label).map((f) => f.precedence) : [];
  // A HelmRelease in a kustomize patch file: a patch of the release of the same name (patchFileImage), no release of its own.
  const patchedBy = release?.helmRelease && owner === undefined && deployment === undefined ? patchedReleaseOf(ctx, release, releaseFile(release) ?? d.path) : undefined;
  const draft: Draft = {
    id,
    kind: valuesOfKey(sets, 'kind')?.workloadKind ?? 'DaemonSet',
    name: values.rootPath.length === 0 ? undefined : String(values.rootPath[values.rootPath.length - 1]),
    namespace: undefined,
    source: 'helm-values',
    path: d.path,
    docIndex: values.docIndex,
    label,
    containers: [],
    volumes,
    pod: undefined,
    helm: values,
    valueSets: sets.map((s) => s.values),
    ...(sets.some((s) => s.patchBase || s.patchOver) ? { mergedFrom: new Map(sets.flatMap((s) => (s.patchBase || s.patchOver ? [[s.values, s.d.path] as const] : []))) } : {}),
    fluentBit: undefined,
    operatorInputs: sets.flatMap((s) => s.values.inputs),
    objectPath: values.rootPath,
    ...(deployment ? { releaseDeployment: deployment.label } : {}),
    ...(sharedRead.length > 0 ? { sharedFilesRead: sharedRead } : {}),
    ...(patchedBy ? { patch: { kustomization: patchedBy.kustomization } } : {}),
  };
  const defaults = (): Mount[] =>
    CHART_DEFAULT_VOLUMES.map((v) => ({ name: v.name, mountPath: v.path, subPath: undefined, readOnly: v.mountReadOnly, volume: volumes.find((x) => x.name === v.name), info: undefined }));
  const cvm = fbChart ? valuesOfKey(sets, 'volumeMounts')?.configVolumeMounts : undefined;
  // The chart mounts its ConfigMap as `volumeMounts` says (subPath files before chart 0.20, the directory /fluent-bit/etc/conf since).
  const configMounts: Mount[] = cvm
    ? cvm.map((m) => mountOf(m, volumes))
    : [{ name: 'config', mountPath: HELM_CONFIG_DIR, subPath: undefined, readOnly: false, volume: config, info: undefined }];
  const mountSet = dsm ?? valuesOfKey(sets, 'volumeMounts');
  const logMounts: Mount[] = fbChart
    ? dsm ? dsm.daemonSetVolumeMounts.map((m) => mountOf(m, volumes)) : defaults()
    : (mountSet?.daemonSetVolumeMounts ?? []).map((m) => mountOf(m, volumes));
  const extraMounts = valuesOfKey(sets, 'extraVolumeMounts')?.extraVolumeMounts ?? [];
  const mounts = [...logMounts, ...extraMounts.map((m) => mountOf(m, volumes)), ...(fbChart ? configMounts : [])];
  const chain = ctx.kustomize(d.path);
  // Charts that always run Fluent Bit, whatever their image is called.
  const knownChart = fbChart || chartKind === 'fluent-operator' || chartKind === 'stable-fluent-bit' || chartKind === 'aws-for-fluent-bit';
  const tagRules = fbChart || chartKind === 'stable-fluent-bit' || chartKind === 'fluent-operator';
  // The image key by key over the sets (Helm's merge), else (a shape the merge does not read: `images.tags`) the highest set's own.
  // `chartRelease`: the release whose chart version tells the default image (a Fleet target's own helm.version).
  const imageOf = (of: readonly ValuesSetRef[], chartRelease: ChartRelease | undefined = release): ContainerImage | undefined => {
    const merged = mergedValuesImage(of, chartKind === 'fluent-operator' ? ['fluentbit', 'image'] : ['image'], knownChart, fbChart);
    const fallback = merged === undefined ? lastWith(of, (v) => v.image !== undefined) : undefined;
    const imageSet = merged === undefined ? (fallback?.values.image ? { image: fallback.values.image, set: fallback } : undefined) : merged === 'none' ? undefined : merged;
    const fromValues = imageSet ? parseImageRef(imageSet.image.image) : undefined;
    const fromParameters = parameterImage(release, values.subchart, fromValues, fbChart || chartKind === 'stable-fluent-bit');
    return fromParameters
      ? chartImage(containerImage(fromParameters.ref, 'values', owner?.path ?? releaseFile(release) ?? d.path, fromParameters.node, chain), tagRules)
      : imageSet && fromValues
        ? valuesImage(ctx, imageSet.set.d, imageSet.set.values.docIndex, fromValues, (ref) => chartImage(containerImage(ref, 'values', imageSet.set.d.path, imageSet.image.node, chain), tagRules))
        : knownChart ? chartDefaultImage(d.path, owner === undefined && values.subchart.length === 0 ? chartRelease : undefined) : undefined;
  };
  const build = (ref: ImageRef, path: string, node: Scalar): ContainerImage => chartImage(containerImage(ref, 'values', path, node, chain), tagRules);
  // One deployment of the release (environmentGroups): its own sets decide its image.
  const merged = deployment ? imageOf(own, deployment.chartRelease) : targetsImage(ctx, sets, imageOf, release, values.subchart, build) ?? (release === undefined && fbChart ? linkedReleasesImage(d, values, imageOf(sets), build) : undefined) ?? imageOf(sets);
  const generated = merged && release?.elements ? elementsImage(release.elements, merged, build, owner === undefined && values.subchart.length === 0 ? release : undefined) ?? merged : merged;
  // A HelmRelease in a kustomize patch file is the builds of the release it patches (their image); else its builds' patches.
  const image = release?.helmRelease
    ? (patchedBy ? patchFileImage(ctx, release, patchedBy, values.subchart, build) : fluxPatchedImage(ctx, release, generated, values.subchart, build, deployment?.build && ((b) => sameBuild(b, deployment.build as ReleaseBuild)))) ?? generated
    : generated;
  const argsSet = valuesOfKey(sets, 'args');
  const commandSet = valuesOfKey(sets, 'command');
  const written = argsSet?.args && argsSet.args.items.length > 0 ? configArg(commandSet?.command, argsSet.args) : undefined;
  const line = written && written.path !== undefined
    ? written
    : argsSet?.args && argsSet.args.items.length === 0
      ? { path: undefined, from: 'default' as const, workdir: undefined } // chart < 0.20 (`args: []`): the image's CMD, config mounted file by file
      : { path: CHART_CONFIG_PATH, from: 'chart' as const, workdir: written?.workdir ?? CHART_WORKDIR };
  const spec: ContainerSpec = {
    id: `${id}/container/fluent-bit`,
    name: 'fluent-bit',
    role: 'main',
    image,
    mounts,
    mountsKnown: fbChart,
    command: commandSet?.command,
    args: argsSet?.args,
    line: fbChart ? line : { path: undefined, from: 'none', workdir: undefined },
    info: undefined,
    extraConfigs: existing ? [] : chartConfigs,
    assumeFluentBit: knownChart,
    // The chart's default [SERVICE] loads the image's parsers.conf, then its own custom_parsers.conf.
    implicitParsersFiles: fbChart && !existing && !chartConfigs.some((c) => c.helmRole === 'service') ? ['parsers.conf', 'custom_parsers.conf'] : [],
  };
  draft.containers.push(buildContainer(ctx, draft, spec, undefined, false));
  return draft;
}

/** The operator inputs a FluentBit runs: those its (Cluster)FluentBitConfig selects by label, or every input of the batch. */
function selectedInputs(fb: FluentBitResource, inputs: readonly OperatorInput[], configs: readonly FluentBitConfigResource[]): OperatorInput[] {
  const config = configs.find((c) => c.name !== undefined && c.name === fb.configName);
  const labels = config?.inputLabels;
  if (!labels) return [...inputs];
  return inputs.filter((i) => [...labels].every(([k, v]) => i.labels.get(k) === v));
}

function operatorWorkload(ctx: Context, d: Discovery, fb: FluentBitResource, inputs: readonly OperatorInput[], configs: readonly FluentBitConfigResource[]): Workload {
  const id = `${d.path}#${fb.docIndex}/FluentBit/${fb.name ?? ''}`;
  const draft: Draft = {
    id,
    kind: 'FluentBit',
    name: fb.name,
    namespace: fb.namespace,
    source: 'operator',
    path: d.path,
    docIndex: fb.docIndex,
    label: `FluentBit ${fb.name ?? ''} (${d.path})`,
    containers: [],
    volumes: [],
    pod: undefined,
    helm: undefined,
    valueSets: [],
    fluentBit: fb,
    operatorInputs: selectedInputs(fb, inputs, configs),
    objectPath: [],
  };
  const chain = ctx.kustomize(d.path);
  const image = fb.image ? containerImage(parseImageRef(fb.image), 'image', d.path, fb.imageNode, chain) : undefined;
  const spec: ContainerSpec = {
    id: `${id}/container/fluent-bit`,
    name: 'fluent-bit',
    role: 'main',
    image,
    mounts: [],
    mountsKnown: false,
    command: undefined,
    args: undefined,
    line: { path: undefined, from: 'operator', workdir: undefined },
    info: undefined,
    assumeFluentBit: true,
  };
  draft.containers.push(buildContainer(ctx, draft, spec, fb.namespace, false));
  return draft;
}

/** kube-logging's agent config directory (pkg/resources/fluentbit: OperatorConfigPath) and the -c file it runs there (BaseConfigName). */
const LOGGING_CONFIG_DIR = '/fluent-bit/etc-operator';

/** The non-blank string value of a key of a map (trimmed), with its node. */
function stringAt(map: unknown, key: string): { value: string; node: Scalar } | undefined {
  const node = getScalar(map, key);
  return node && typeof node.value === 'string' && node.value.trim() !== '' ? { value: node.value.trim(), node } : undefined;
}

/**
 * A kube-logging agent (Logging spec.fluentbit, FluentbitAgent) with a
 * `customConfigSecret`: the operator's DaemonSet mounts that Secret at
 * /fluent-bit/etc-operator and runs `fluent-bit -c /fluent-bit/etc-operator/fluent-bit.conf`
 * (daemonset.go generateVolume / fluentbitContainer). Its host mounts are
 * the operator's, not modelled (mountsKnown false).
 */
function loggingAgentWorkload(ctx: Context, d: Discovery, agent: LoggingOperatorAgent): Workload | undefined {
  if (agent.shape !== 'fluentbit') return undefined;
  const secret = stringAt(agent.spec, 'customConfigSecret');
  if (!secret) return undefined;
  const id = `${d.path}#${agent.docIndex}/${agent.kind}/${agent.name ?? ''}`;
  const volume: Volume = { name: 'config', source: { kind: 'secret', name: secret.value, items: undefined }, info: undefined };
  const draft: Draft = {
    id,
    kind: agent.kind,
    name: agent.name,
    namespace: undefined,
    source: 'operator',
    path: d.path,
    docIndex: agent.docIndex,
    label: `${agent.kind} ${agent.name ?? ''} (${d.path})`,
    containers: [],
    volumes: [volume],
    pod: undefined,
    helm: undefined,
    valueSets: [],
    fluentBit: undefined,
    operatorInputs: [],
    objectPath: [],
  };
  const image = getMap(agent.spec, 'image');
  const repository = stringAt(image, 'repository');
  const tag = stringAt(image, 'tag');
  const spec: ContainerSpec = {
    id: `${id}/container/fluent-bit`,
    name: 'fluent-bit',
    role: 'main',
    image: repository && tag ? containerImage(parseImageRef(`${repository.value}:${tag.value}`), 'image', d.path, tag.node, ctx.kustomize(d.path)) : undefined,
    mounts: [{ name: 'config', mountPath: LOGGING_CONFIG_DIR, subPath: undefined, readOnly: false, volume, info: undefined }],
    mountsKnown: false,
    command: undefined,
    args: undefined,
    line: { path: `${LOGGING_CONFIG_DIR}/fluent-bit.conf`, from: 'operator', workdir: undefined },
    info: undefined,
    assumeFluentBit: true,
  };
  draft.containers.push(buildContainer(ctx, draft, spec, undefined, false));
  return draft;
}

function keyOf(config: ConfigKey): string {
  return 'id' in config ? config.id : `operator:${config.kind}/${config.name ?? ''}#${config.docIndex}:${config.tail.range?.[0] ?? 0}`;
}

/** The version a config runs on, from its runners: the lowest known; else the caller's; else unknown. */
function configVersion(runners: readonly ConfigRunner[], options: DeploymentOptions): ConfigVersion {
  const lowest = oldest(runners, (r) => r.version.version);
  const distinct = new Set(runners.map((r) => (r.version.version ? formatVersion(r.version.version) : '?')));
  const mixed = distinct.size > 1;
  if (lowest) return Object.assign({}, lowest.version, { runners, mixed }); // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
  if (options.fluentBitVersion) {
    const stated = `--fluent-bit-version ${formatVersion(options.fluentBitVersion)}`;
    return { version: options.fluentBitVersion, origin: 'flag', note: stated, reason: stated, runners, mixed };
  }
  const first = runners[0]?.version;
  const none = 'no workload in the input runs this config';
  return { version: undefined, origin: 'unknown', note: first?.note ?? none, reason: first?.reason ?? none, runners, mixed };
}

/**
 * A ConfigMap's config that no container reads, while Fluent Bit containers mount a ConfigMap volume of the same name and
 * were linked to another ConfigMap of that kind, name and namespace in the same directory (ObjectIndex.find picks one: the workload's own file,
 * its directory, the first): teams keep `old-` or debug copies under one name, and whichever is applied last is what those
 * containers run, so its version is theirs. Undefined when there is no such container.
 */
function twinRunners(config: EmbeddedConfig, containers: readonly Container[]): { runners: ConfigRunner[]; path: string } | undefined {
  const cm = config.configMap;
  if (config.origin !== 'configmap' || cm?.name === undefined) return undefined;
  const sameNamespace = (ns: string | undefined): boolean => ns === undefined || cm.namespace === undefined || ns === cm.namespace;
  const runners: ConfigRunner[] = [];
  let path: string | undefined;
  for (const c of containers) {
    if (!c.runsFluentBit) continue;
    // A copy it was linked to: a config of another object of this kind, name and namespace.
    const other = c.configs.find((x) => x.origin === 'configmap' && x.configMap?.kind === cm.kind && x.configMap.name === cm.name && sameNamespace(x.configMap.namespace)
      && (x.path !== config.path || x.configMap.docIndex !== cm.docIndex || x.configMap.objectPath.join('/') !== cm.objectPath.join('/')));
    // Only a copy beside the one they were linked to: a same-named ConfigMap of another directory is another project's (a monorepo of setups, a vendored example), not an `old-` copy.
    if (other === undefined || !sameNamespace(c.workload.namespace) || dirname(normalizePath(other.path)) !== dirname(normalizePath(config.path))) continue;
    runners.push({ container: c, version: c.version });
    path ??= other.path;
  }
  return path === undefined ? undefined : { runners, path };
}

/** Where kustomize patches find a container of a pod template: its workload, and its index among its own list (`containers` or `initContainers`). */
function patchTargetOf(pod: PodTemplate, info: PodTemplate['containers'][number]): PatchTarget {
  const init = info.kind !== 'container';
  const index = pod.containers.filter((c) => (c.kind === 'container') !== init).indexOf(info);
  return { kind: pod.workloadKind, name: pod.name, namespace: pod.namespace, labels: pod.labels, container: info.name, index, init };
}

/** Deployment.builtObjects: a config's written-out object and generated ones, under the name each kustomize build gives them. */
function builtObjects(config: EmbeddedConfig, ctx: Context, build: KustomizeBuild<Kustomization>, deployed: (kustomization: string) => boolean): BuiltObject[] {
  const out: BuiltObject[] = [];
  const written = config.configMap;
  if (written) {
    const chains = written.name === undefined ? [] : ctx.kustomize(config.path);
    if (chains.length === 0) out.push({ kind: written.kind, name: written.name, namespace: written.namespace, generated: false });
    for (const chain of chains) out.push({ kind: written.kind, ...builtName(written.name!, written.namespace, chain), generated: false });
  }
  if (config.origin !== 'file') return out;
  const generatorBuilds = generatorBuildsOf(build, deployed);
  for (const g of ctx.objects.generatedFrom(config.path)) {
    const k = build.at(buildPath(g.path));
    // The generator's own kustomization already named it (objects.ts); the kustomizations over it rename it again.
    const chains = g.name === undefined || k === undefined ? [] : generatorBuilds(k);
    if (chains.length === 0) out.push({ kind: g.kind, name: g.name, namespace: g.namespace, generated: true });
    for (const chain of chains) out.push({ kind: g.kind, ...builtName(g.name!, g.namespace, chain.slice(1)), generated: true });
  }
  return out;
}

/** What readBatch computes once per batch before the deployment model and hands it: the kustomize index and the Flux builds. */
export interface BatchIndex {
  readonly kustomizations: KustomizeBuild<Kustomization>;
  /** The Flux Kustomizations with postBuild of the batch (flux-postbuild.ts fluxPostBuilds, over the same index). */
  readonly postBuilds: readonly FluxPostBuild[];
}

/** The batch's kustomize index and Flux builds (readBatch calls it before withFluxVolumes; their inputs are the same). */
export function indexBatch(discoveries: readonly Discovery[], options: Pick<DeploymentOptions, 'deploymentOf'>): BatchIndex {
  const kustomizations = indexKustomizations(discoveries);
  return { kustomizations, postBuilds: fluxPostBuilds(discoveries, options.deploymentOf, kustomizations) };
}

/**
 * Builds the deployment model of a batch: every workload that may run
 * Fluent Bit (pod templates of manifests, chart values, Fluent Operator
 * FluentBit resources), kustomize image overrides applied, each container
 * with its role, image, version, mounts, command line and the configs it
 * reads. Pure; never throws for bad input.
 */
export function buildDeployment(discoveries: readonly Discovery[], parsed: readonly ParsedConfig[], options: DeploymentOptions, batch: BatchIndex = indexBatch(discoveries, options)): Deployment {
  const { kustomizations } = batch;
  // Directories an Argo CD Application or Flux Kustomization of the batch deploys: an overlay another one builds is a build too.
  const deployedPaths = discoveries.flatMap((d) => (mayNameDeployedPath(d.text) ? deployedPathsOf(d.documents).map((path) => ({ from: d.path, path })) : []));
  const deployedFiles = deployedKustomizations(deployedPaths, deployedPaths.length === 0 ? [] : discoveries.filter((d) => d.kustomizations.length > 0).map((d) => d.path));
  const deployedSet = new Set([...deployedFiles].map(normalizePath));
  const deployed = (kustomization: string): boolean => deployedSet.has(normalizePath(kustomization));
  const files = batchFiles(discoveries);
  const builds: BuildsContext = {
    kustomize: kustomizationsOf(kustomizations, deployed),
    patchOf: patchesOf(discoveries),
    fluxReleaseBuilds: once(() => fluxReleaseBuilds(discoveries, kustomizations)),
    kustomizationReleasePatches: releasePatchesOfKustomizations(files),
    helmReleases: once(() => discoveries.flatMap((d) => d.helmCharts.flatMap((v) => (v.release?.helmRelease && v.subchart.length === 0 && v.rootPath.length > 0 ? [{ release: v.release, root: v.root, labels: labelsOf(getMap(getMap(d.documents[v.docIndex]?.contents, 'metadata'), 'labels')) }] : [])))),
  };
  const sharedEnvironmentFiles = sharedEnvironmentFilesOf(discoveries);
  // The value groups and their deployments, read once: overriddenConfigs (for the object index) and the workloads below.
  const releases = releaseDeployments(discoveries, builds, sharedEnvironmentFiles);
  const overridden = overriddenConfigs(releases);
  const objects = indexObjects(discoveries, kustomizations, options.deploymentOf, deployed, (c) => overridden.has(c.id));
  const ctx: Context = {
    ...builds,
    objects,
    configMapData: configMapData(files, objects),
    files,
    parsed: new Map(parsed.map((p) => [p.config.id, p])),
    options,
    postBuilds: batch.postBuilds,
    ansibleVariables: ansibleVariablesOf(discoveries),
    sharedEnvironmentFiles,
    fluxPodPatchBuilds: once(() => fluxPodPatchBuilds(discoveries, kustomizations)),
  };
  const podWorkloads = new Map<PodTemplate, Workload>();
  const valuesWorkloads = new Map<HelmValuesInfo, Workload[]>();
  const valuesDeployments = new Map<HelmValuesInfo, ValuesDeployment[]>();
  const inputs = discoveries.flatMap((d) => d.operatorInputs);
  const fbConfigs = discoveries.flatMap((d) => d.fluentBitConfigs);
  // A FluentBit's ClusterFluentBitConfig (by name) and the inputs it selects (by label) are its deployment's when the
  // batch holds several (MigrateOptions.deployments), as ObjectIndex.find's ConfigMaps are.
  const groupOf = (path: string): number | undefined => options.deploymentOf?.get(dirname(normalizePath(path)));
  const together = (a: string, b: string): boolean => options.deploymentOf === undefined || groupOf(a) === groupOf(b);
  const ownInputs = (path: string): readonly OperatorInput[] => (options.deploymentOf === undefined ? inputs : discoveries.flatMap((d) => (groupOf(d.path) === groupOf(path) ? d.operatorInputs : [])));
  const ownConfigs = (path: string): readonly FluentBitConfigResource[] => (options.deploymentOf === undefined ? fbConfigs : discoveries.flatMap((d) => (groupOf(d.path) === groupOf(path) ? d.fluentBitConfigs : [])));
  // Chart values are built once every set of their release is known (the sets of a release may sit in several files);
  // a group takes the place of its first set in batch order (releaseDeployments).
  const order: (Workload | ReleaseGroup)[] = [];
  for (const d of discoveries) {
    for (const pod of d.podTemplates) {
      const w = podWorkload(ctx, d, pod);
      order.push(w);
      podWorkloads.set(pod, w);
    }
    for (const values of d.helmCharts) {
      const placed = releases.placedAt(values);
      if (placed) order.push(...placed);
    }
    for (const fb of d.fluentBits) order.push(operatorWorkload(ctx, d, fb, ownInputs(d.path), ownConfigs(d.path)));
    for (const agent of d.loggingAgents) {
      const w = loggingAgentWorkload(ctx, d, agent);
      if (w) order.push(w);
    }
  }
  const replacedFields = new Map<OperatorInput, readonly ReplacedInputField[]>();
  const merges = new Map<OperatorInput, InputMerge>();
  const offInputs: (InputOfSet & { readonly off: InputSwitchOff })[] = [];
  const partlyOffInputs: PartlyOffInput[] = [];
  const workloads: Workload[] = order.flatMap((entry) => {
    if (!('group' in entry)) return [entry];
    const owner = entry.owner?.release.label;
    const holdsInputs = entry.group.some((s) => s.values.inputs.length > 0);
    // The fluent-operator chart's input maps, merged per environment when the release has environments.
    const perEnvironment = holdsInputs ? entry.deployments : undefined;
    const views = perEnvironment
      ? environmentInputViews(perEnvironment, owner)
      : { replaced: entry.group.length > 1 ? replacedInputFields(entry.ordered, owner) : [], merges: holdsInputs ? inputMerges(entry.ordered, owner) : [] };
    for (const [input, fields] of views.replaced) replacedFields.set(input, fields);
    if ('partlyOff' in views) partlyOffInputs.push(...views.partlyOff);
    for (const [input, merge, of] of views.merges) {
      merges.set(input, merge);
      if ('off' in merge) offInputs.push({ ...of, off: merge.off });
    }
    const built = entry.workloads.map(({ group, sets, deployment }) => {
      const w = helmWorkload(ctx, sets, entry.owner, deployment);
      // The release's own sets (a build's patch file sets are their own workload's).
      const mine = group.filter((s) => !s.patchOver);
      for (const s of mine) valuesWorkloads.set(s.values, [...(valuesWorkloads.get(s.values) ?? []), w]);
      const one: ValuesDeployment = { sets: w.valueSets, label: deployment?.label };
      if (deployment) for (const s of mine) valuesDeployments.set(s.values, [...(valuesDeployments.get(s.values) ?? []), one]);
      return w;
    });
    // A release not split whose environments write other keys: each environment's sets, for the rules to judge one by one.
    for (const { group, deployment } of entry.split ? [] : entry.deployments ?? []) {
      const one: ValuesDeployment = { sets: byPrecedence(group).map((s) => s.values), label: deployment.label };
      for (const s of group) valuesDeployments.set(s.values, [...(valuesDeployments.get(s.values) ?? []), one]);
    }
    return built;
  });
  const containers = workloads.flatMap((w) => w.containers);
  const readers = new Map<string, Container[]>();
  const add = (key: string, c: Container): void => {
    const list = readers.get(key) ?? [];
    if (!list.includes(c)) list.push(c);
    readers.set(key, list);
  };
  for (const c of containers) {
    if (!c.runsFluentBit) continue;
    for (const cfg of c.configs) add(keyOf(cfg), c);
    for (const input of c.workload.operatorInputs) add(keyOf(input), c);
  }
  const versions = new Map<string, ConfigVersion>();
  // A config file no workload of the batch runs may be run by a script's `helm ... --set-file config.x=FILE --set image.tag=X`.
  // ... or by a release such a line makes with `-f` files: the containers of that release's workload run it.
  const { versions: scriptVersions, releases: setFileReleases } = scriptSetFiles(discoveries, together);
  const releaseRunners = (path: string): Container[] => {
    const ids = setFileReleases.get(path);
    return ids === undefined ? [] : containers.filter((c) => c.runsFluentBit && ids.some((id) => c.workload.id.startsWith(`${id}/values/`)));
  };
  // Values files a release names, linked by readBatch (DiscoveryHints.valuesFileOf; not a valuesFrom object), holding fluent-bit chart values.
  const valuesFileReleases = new Set(discoveries.flatMap((d) => (d.fileKind === 'helm-values' && d.helmCharts.some((v) => v.isFluentBitChart) ? d.releases.filter((r) => r.valuesFile && r.valuesFrom === undefined).map((r) => r.release.id) : [])));
  return {
    workloads,
    operatorParsers: discoveries.flatMap((d) => d.operatorParsers.map((p) => ({ ...p, path: d.path, text: d.text }))),
    operatorParserFilters: discoveries.flatMap((d) => d.operatorParserFilters.map((f) => ({ ...f, path: d.path, text: d.text }))),
    operatorLuaFilters: discoveries.flatMap((d) => d.operatorLuaFilters.map((f) => ({ ...f, path: d.path, text: d.text }))),
    operatorMultilineParsers: discoveries.flatMap((d) => d.operatorMultilineParsers.map((m) => ({ ...m, path: d.path, text: d.text }))),
    fluentBitConfigs: discoveries.flatMap((d) => d.fluentBitConfigs.map((c) => ({ ...c, path: d.path, text: d.text }))),
    containers,
    containersOf: (config) => readers.get(keyOf(config)) ?? [],
    workloadsOf: (config) => [...new Set((readers.get(keyOf(config)) ?? []).map((c) => c.workload))],
    configsOf: (workload) => [...new Set(workload.containers.filter((c) => c.runsFluentBit).flatMap((c) => c.configs))],
    versionOf(config) {
      const key = keyOf(config);
      let v = versions.get(key);
      if (!v) {
        const runners = (readers.get(key) ?? []).map((container) => ({ container, version: container.version }));
        const released = runners.length === 0 && setFileReleases.size > 0 && 'id' in config && config.origin === 'file' ? releaseRunners(normalizePath(config.path)) : [];
        const script = runners.length === 0 && released.length === 0 && 'id' in config && config.origin === 'file' ? scriptVersions.get(normalizePath(config.path)) : undefined;
        const twin = runners.length === 0 && 'id' in config ? twinRunners(config, containers) : undefined;
        const replaced = runners.length === 0 && 'id' in config ? ctx.objects.replacedBy(config) : undefined;
        if (replaced) {
          // No build runs it: it takes the version of the containers that mount its object, so it still starts if the overlay stops replacing it.
          const mounting = [...new Set(replaced.configs.flatMap((c) => readers.get(keyOf(c)) ?? []))].map((container) => ({ container, version: container.version }));
          v = Object.assign(configVersion(mounting, options), { replacedBy: { overlays: replaced.overlays, object: `${replaced.object.kind} ${replaced.object.name ?? ''}` } });
        } else if (released.length > 0) v = configVersion(released.map((container) => ({ container, version: container.version })), options);
        else if (script) v = { ...script, runners, mixed: false };
        else if (twin) v = Object.assign(configVersion(twin.runners, options), { twinOf: twin.path });
        else v = configVersion(runners, options);
        versions.set(key, v);
      }
      return v;
    },
    overriddenBy: (config) => overridden.get(config.id),
    anyOverridden: overridden.size > 0,
    anyReplacedInputFields: replacedFields.size > 0,
    replacedInputFields: (input) => replacedFields.get(input) ?? [],
    anyInputMerges: merges.size > 0,
    inputMerge: (input) => merges.get(input),
    kustomizeVarUse: (node) => {
      for (const k of kustomizations.nodes) {
        const use = k.varUses?.get(node);
        if (use !== undefined) return use;
      }
      return undefined;
    },
    replacementState: (node) => {
      for (const k of kustomizations.nodes) {
        if (k.replacements === undefined) continue;
        if (k.replacements.replayed.has(node as never)) return { replayed: true };
        const why = k.replacements.unreplayed.get(node as never);
        if (why !== undefined) return { replayed: false, why };
        if (k.replacements.unreplayedFiles.has(node as never)) return { replayed: false };
      }
      return undefined;
    },
    offInputs,
    partlyOffInputs,
    workloadOfPod: (pod) => podWorkloads.get(pod),
    // The last workload built from it (an umbrella chart's values.yaml under two releases: the later one's, as before).
    workloadOfValues: (values) => valuesWorkloads.get(values)?.at(-1),
    workloadsOfValues: (values) => valuesWorkloads.get(values) ?? [],
    deploymentsOfValues: (values) => valuesDeployments.get(values) ?? (valuesWorkloads.get(values) ?? []).slice(-1).map((w) => ({ sets: w.valueSets, label: undefined })),
    hasFluentBitValuesFile: (releaseId) => valuesFileReleases.has(releaseId),
    generatedFrom: (config) => (config.origin === 'file' ? ctx.objects.generatedFrom(config.path) : []),
    builtObjects: (config) => builtObjects(config, ctx, kustomizations, deployed),
    together,
    ...namedFiles(ctx.files, ctx.objects, (config) => readers.get(keyOf(config)) ?? []),
    postBuildsOf: (path) => postBuildsOf(ctx.postBuilds, path),
    postBuildOf(path, docIndex, object) {
      const build = postBuildOf(ctx.postBuilds, path);
      if (!build || docIndex === undefined) return build;
      const document = discoveries.find((d) => d.path === path)?.documents[docIndex];
      return substitutionDisabled(document) || (object === true && !isObjectDocument(document)) ? undefined : build;
    },
  };
}
