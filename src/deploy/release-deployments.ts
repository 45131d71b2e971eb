import { isScalar, type YAMLMap } from 'yaml';
import type { ChartRelease, Discovery, HelmValuesInfo } from '../discover/discovery-types.js';
import { elementTarget, environmentTarget } from '../discover/releases.js';
import { BUILD_MERGED_KEYS, releaseBuildsOf, type FluxReleaseBuild, type FluxReleasePatch } from './flux-postbuild.js';
import type { Kustomization } from './kustomize.js';
import { selects } from './kustomize-select.js';
import { sharedFileReleases } from './objects.js';
import { isWithin, normalizePath } from './paths.js';

/*
 * The deployments of the batch's releases (chart value groups), read once per batch (releaseDeployments): the value
 * groups in batch order after the shared-environment-file join and the umbrella grouping, each with its workload split
 * (environments or builds, or none), its rule deployments (environments) and its sets in precedence order. Read by
 * build-deployment's overriddenConfigs (before the object index exists: BuildsContext only) and buildDeployment.
 */

/** One environment's values file of a release that other releases name too: its map and where it is. */
export interface SharedEnvironmentFile {
  readonly target: string;
  readonly precedence: number;
  readonly map: YAMLMap;
  readonly path: string;
}

/** The file a release is written in (its `--set` parameters' nodes are there): its id's `<path>#...` (Argo CD, helmfile, Crossplane, a script's helm command); undefined for a Flux id or none. */
export function releaseFile(release: ChartRelease | undefined): string | undefined {
  const at = release?.id.lastIndexOf('#') ?? -1;
  return release === undefined || at <= 0 || release.id.startsWith('flux:') ? undefined : release.id.slice(0, at);
}

/** One set of values of a helm workload, with its file. */
export interface ValuesSetRef {
  readonly d: Discovery;
  readonly values: HelmValuesInfo;
  /** Its place among the group's sets when not its release's (an umbrella chart's values.yaml under a release that deploys the chart). */
  readonly precedence?: number;
  /** A set of the release a kustomize patch file's HelmRelease patches, merged below the patch's own sets (patchBaseSets): its keys, not its config strings (the release's own workload runs those). */
  readonly patchBase?: true;
  /** A kustomize patch file's set merged over its release's in one build of the release (buildGroups): its keys, not its config strings (the patch file's own workload runs those). */
  readonly patchOver?: true;
  /** The release (with its environment: target, precedence) of a values file several releases' environments name (joinSharedEnvironmentFiles), whose values have none. */
  readonly release?: ChartRelease;
}

/** A set's release: its own, else the one it joined as a file several releases name. */
export function setRelease(s: ValuesSetRef): ChartRelease | undefined {
  return s.release ?? s.values.release;
}

/**
 * The values files several releases' environments name (`values/{{ .Environment.Name }}.yaml` in two helmfile
 * releases: ChartReleaseInfo.sharedEnvironmentFile): `helmfile -e staging` renders the file in each release's staging,
 * so its set joins every naming release's group at that link's precedence and environment (a release with no set of
 * its own gets a group at the file's place), and the file is no workload of its own. A plain file several releases
 * name (`values/overrides.yaml` in fb-a's and fb-b's `values:`) joins them the same way, in every environment
 * (objects.ts sharedFileReleases). Its chart config strings are in
 * each naming release's chart ConfigMap too (objects.ts sharedChartDirs): judged with each environment's image.
 * Returns, for each file's own group (a group of batch order), the groups it made in its place.
 */
function joinSharedEnvironmentFiles(discoveries: readonly Discovery[], groups: Map<string, ValuesSetRef[]>): Map<ValuesSetRef[], ValuesSetRef[][]> {
  const joined = new Map<ValuesSetRef[], ValuesSetRef[][]>();
  for (const d of discoveries) {
    if (d.helmCharts.length === 0) continue;
    const releases = sharedFileReleases(d);
    if (releases.length === 0) continue;
    for (const values of d.helmCharts) {
      const alone = values.release === undefined ? groups.get(valuesGroupKey(d, values)) : undefined;
      if (!alone) continue;
      const made: ValuesSetRef[][] = [];
      for (const release of releases) {
        const key = `${release.id}|${values.subchart.join('/')}`;
        const ref: ValuesSetRef = { d, values, precedence: release.precedence, release };
        const group = groups.get(key);
        if (group) group.push(ref);
        else {
          const created = [ref];
          groups.set(key, created);
          made.push(created);
        }
      }
      joined.set(alone, made);
    }
  }
  return joined;
}

/** How far below a release's own sets an umbrella chart's values.yaml sets go (a release's precedences stay within a few dozen of 0). */
const UMBRELLA_VALUES_BELOW = 1000;

/** A group's value sets, lowest precedence first (a stable sort: at one precedence, batch order). */
export function byPrecedence(group: readonly ValuesSetRef[]): ValuesSetRef[] {
  const place = (s: ValuesSetRef): number => s.precedence ?? setRelease(s)?.precedence ?? 0;
  return [...group].sort((a, b) => place(a) - place(b));
}

/** Adds a set to its release's group (valuesGroupKey); returns the group when this set starts it (it takes that place in batch order). */
function groupSet(groups: Map<string, ValuesSetRef[]>, d: Discovery, values: HelmValuesInfo): ValuesSetRef[] | undefined {
  const key = valuesGroupKey(d, values);
  const group = groups.get(key);
  if (group) {
    group.push({ d, values });
    return undefined;
  }
  const created = [{ d, values }];
  groups.set(key, created);
  return created;
}

/** The values keys of the chart's volumes and mounts (fluent/fluent-bit's, and `volumes`/`volumeMounts` of charts such as aws-for-fluent-bit). */
const VOLUME_KEYS = ['daemonSetVolumes', 'daemonSetVolumeMounts', 'extraVolumes', 'extraVolumeMounts', 'volumes', 'volumeMounts'] as const;

/**
 * What an environment's set may write that makes each environment a workload of its own: the volumes, the chart's
 * config, and the pod's node placement (one environment pinned to Docker nodes keeps its Docker mounts, the others
 * are migrated: rules/support/pod-mounts dockerNodesOf reads each deployment's own).
 */
const SPLIT_KEYS = [...VOLUME_KEYS, 'config', 'nodeSelector', 'affinity'] as const;

/** One deployment of a release (an environment, Fleet target, ApplicationSet element, or a kustomize/Flux build): its label and, for a Fleet target, the chart it runs. */
export interface ReleaseDeployment {
  readonly label: string;
  readonly chartRelease: ChartRelease | undefined;
  /** A kustomize/Flux build of a HelmRelease (buildGroups): its patches decide the image. */
  readonly build?: ReleaseBuild;
}

/**
 * The workload split of a release by environment: its rule deployments (releaseEnvironmentGroups), one workload each
 * (helmWorkload), when a set of one environment (a helmfile environment's file,
 * an ApplicationSet element's file, a Fleet target's values) writes the chart's volumes, mounts or `config`: `helmfile
 * -e staging` renders staging's list and config, prod keeps the common ones, so each environment's mounts are judged
 * on their own (a Docker mount one environment keeps, an environment without the pods' log directory) and each config
 * string is run by the environments that render it (the chart volume's `only`). The groups are those targetsImage /
 * environmentsImage deploy (an environment with no file of its own is deployed only when missing files are skipped;
 * Fleet's clusters no target matches run the bundle's sets alone). Undefined (one workload, as before) otherwise:
 * environments that differ by their image only stay one workload with `environments` / `targets` on its image.
 */
function environmentGroups(group: readonly ValuesSetRef[], deployments: readonly GroupDeployment[] | undefined): readonly GroupDeployment[] | undefined {
  const writes = (s: ValuesSetRef, key: string): boolean => s.values.root.has(key);
  if (!group.some((s) => setRelease(s)?.target !== undefined && SPLIT_KEYS.some((k) => writes(s, k)))) return undefined;
  return deployments;
}

/**
 * The rule deployments of a release whose sets have environments (helmfile environments, Fleet targets, ApplicationSet
 * elements), one group of sets each, whatever its environments write: the rules judge each key per deployment from
 * these (buildDeployment's Deployment.deploymentsOfValues when the workload is not split), so do the fluent-operator
 * chart's input maps (environmentInputViews); environmentGroups makes them the workloads when they write volumes or config.
 * Undefined for a release without targeted sets. `shared`: the release's environment files other releases name too (an
 * environment whose file the batch holds is deployed, with no chart values of its own in it).
 */
function releaseEnvironmentGroups(group: readonly ValuesSetRef[], release: ChartRelease | undefined, shared: readonly SharedEnvironmentFile[]): GroupDeployment[] | undefined {
  const targeted = group.filter((s) => setRelease(s)?.target !== undefined);
  if (release === undefined || targeted.length === 0) return undefined;
  const own = group.filter((s) => setRelease(s)?.target === undefined);
  const withTarget = (target: string): ValuesSetRef[] => group.filter((s) => setRelease(s)?.target === undefined || setRelease(s)?.target === target);
  const environments = release.environments;
  if (environments) {
    return environments.names.flatMap((name) => {
      const target = environments.elements ? elementTarget(name) : environmentTarget(name);
      const mine = targeted.some((s) => setRelease(s)?.target === target);
      if (!mine && !environments.skipMissing && !shared.some((f) => f.target === target)) return [];
      return own.length === 0 && !mine ? [] : [{ group: mine ? withTarget(target) : own, deployment: { label: target, chartRelease: release } }];
    });
  }
  const targets = [...new Set(targeted.map((s) => setRelease(s)?.target as string))];
  const bundle = { ...release, targetChart: undefined };
  return [
    ...(own.length > 0 ? [{ group: own, deployment: { label: 'helm.values alone', chartRelease: bundle } }] : []),
    ...targets.map((target) => {
      // A target's chart version (helm.version) decides its chart's default image.
      const over = group.find((s) => setRelease(s)?.target === target)?.values.release?.targetChart;
      return { group: withTarget(target), deployment: { label: `target ${target}`, chartRelease: over ? { ...bundle, ...over } : bundle } };
    }),
  ];
}

/** One build of a HelmRelease's file: a kustomize chain (its patches innermost first) and/or the Flux Kustomization that builds it (its patches last). */
export interface ReleaseBuild {
  readonly label: string;
  readonly path: string;
  readonly patches: readonly FluxReleasePatch[];
  /** A plain kustomize build (no Flux Kustomization of the batch builds its chain). */
  readonly plain: boolean;
  /** The kustomizations of its chain (normalised paths; none for a Flux Kustomization that builds the file without one). */
  readonly chain: readonly string[];
}

/**
 * The builds of a HelmRelease's file with their HelmRelease patches: each kustomize chain that builds it (its
 * kustomizations' `patches`/`patchesJson6902`/`patchesStrategicMerge`, innermost first), under each Flux Kustomization
 * that builds the chain's outer directory (its `spec.patches` after them: kustomize-controller patches what kustomize
 * built), and each Flux Kustomization building the file without a chain. Empty when no build patches a HelmRelease.
 */
export function releaseBuilds(ctx: BuildsContext, file: string): ReleaseBuild[] {
  const flux = releaseBuildsOf(ctx.fluxReleaseBuilds(), file);
  const chains = ctx.kustomize(file);
  const out: ReleaseBuild[] = [];
  const used = new Set<FluxReleaseBuild>();
  for (const c of chains) {
    const own = c.flatMap((k) => ctx.kustomizationReleasePatches(k));
    const chain = c.map((k) => normalizePath(k.path));
    const outer = c[c.length - 1]!;
    const deployers = flux.filter((f) => f.dir === '' || isWithin(normalizePath(outer.path), f.dir));
    if (deployers.length === 0) out.push({ label: `kustomize build of ${outer.path}`, path: outer.path, patches: own, plain: true, chain });
    for (const f of deployers) {
      used.add(f);
      out.push({ label: f.label, path: f.path, patches: [...own, ...f.patches], plain: false, chain });
    }
  }
  for (const f of flux) if (!used.has(f)) out.push({ label: f.label, path: f.path, patches: f.patches, plain: false, chain: [] });
  return out.some((b) => b.patches.length > 0) ? out : [];
}

/**
 * The sets of the release a kustomize patch file's HelmRelease patches (patchedReleaseOf), below the patch's own:
 * kustomize merges the patch over the release (a strategic merge of `spec.values`: maps key by key, lists whole), so
 * the build's volumes, mounts and other keys are the release's where the patch file does not give them. Marked
 * `patchBase`: their config strings stay the release's workload's (its chart directory). Empty for any other group.
 * Merged into the workload of an unsplit group with no umbrella owner only (ReleaseWorkload.sets), not into the
 * group's own sets (overriddenConfigs, the rules' deployments).
 */
function patchBaseSets(ctx: BuildsContext, group: readonly ValuesSetRef[], valueGroups: ReadonlyMap<string, readonly ValuesSetRef[]>): ValuesSetRef[] {
  const first = group[0];
  const release = first?.values.release;
  if (first === undefined || release?.helmRelease === undefined) return [];
  const base = patchedReleaseOf(ctx, release, releaseFile(release) ?? first.d.path);
  const sets = base ? valueGroups.get(`${base.release.id}|${first.values.subchart.join('/')}`) : undefined;
  const below = Math.min(...group.map((s) => s.precedence ?? s.values.release?.precedence ?? 0));
  return (sets ?? []).map((s) => ({ ...s, precedence: (s.precedence ?? s.values.release?.precedence ?? 0) - PATCH_BASE_BELOW + below, patchBase: true as const }));
}

/** How far below a kustomize patch file's sets the patched release's sets go (as UMBRELLA_VALUES_BELOW). */
const PATCH_BASE_BELOW = 1000;

/** What the builds of a HelmRelease are read from (build-deployment's Context holds them; given before its object index exists: overriddenConfigs). */
export interface BuildsContext {
  /** The kustomize builds of a file: each chain of kustomizations that builds it, innermost first. */
  readonly kustomize: (path: string) => readonly (readonly Kustomization[])[];
  readonly patchOf: (path: string) => Kustomization | undefined;
  /** The Flux Kustomizations of the batch when one patches a HelmRelease (flux-postbuild.ts fluxReleaseBuilds), read once on first use. */
  readonly fluxReleaseBuilds: () => readonly FluxReleaseBuild[];
  /** A plain kustomization's HelmRelease patches (flux-postbuild.ts kustomizationReleasePatches), read once per kustomization. */
  readonly kustomizationReleasePatches: (k: Kustomization) => readonly FluxReleasePatch[];
  /** The Flux HelmReleases of the batch with their values' root (their first set), read once on first use. */
  readonly helmReleases: () => readonly { readonly release: ChartRelease; readonly root: YAMLMap; readonly labels: ReadonlyMap<string, string> }[];
}

/**
 * The workload split of a HelmRelease by build: one group (and workload, helmWorkload; one deployment for the rules
 * and overriddenConfigs) per kustomize/Flux build when a kustomize patch file's HelmRelease
 * (patchedReleaseOf) writes its chart `config`, volumes, placement or command line (BUILD_MERGED_KEYS): kustomize merges the patch file over
 * the release in the builds whose chain holds the patch's kustomization, so each build runs the release's values with
 * its patch files' over them (marked `patchOver`: their config strings are the patch file's workload's) and its own
 * image (ReleaseDeployment.build). A base config string one build replaces is then run by the builds that keep it only
 * (the chart volume's `only`), one every build replaces by none (overriddenConfigs). Undefined (one workload, as
 * before) otherwise: a release with no such patch file, a patch file's own release.
 */
function buildGroups(ctx: BuildsContext, group: readonly ValuesSetRef[], release: ChartRelease | undefined, valueGroups: ReadonlyMap<string, readonly ValuesSetRef[]>): GroupDeployment[] | undefined {
  const first = group[0];
  const file = releaseFile(release);
  if (first === undefined || release?.helmRelease === undefined || file === undefined || ctx.patchOf(file) !== undefined) return undefined;
  const sub = first.values.subchart.join('/');
  const patches = ctx.helmReleases().flatMap((r) => {
    const at = releaseFile(r.release);
    const base = at === undefined || r.release === release || ctx.patchOf(at) === undefined ? undefined : patchedReleaseOf(ctx, r.release, at);
    if (base?.release.id !== release.id) return [];
    const sets = valueGroups.get(`${r.release.id}|${sub}`) ?? [];
    return sets.some((s) => s.values.root.items.some((pair) => isScalar(pair.key) && BUILD_MERGED_KEYS.has(String(pair.key.value)))) ? [{ kustomization: normalizePath(base.kustomization), sets }] : [];
  });
  if (patches.length === 0) return undefined;
  const builds = releaseBuilds(ctx, file);
  const above = Math.max(...group.map((s) => s.precedence ?? s.values.release?.precedence ?? 0)) + 1;
  const out = builds.map((b) => {
    const over = patches.filter((p) => b.chain.includes(p.kustomization)).flatMap((p) => p.sets.map((s) => ({ ...s, precedence: (s.precedence ?? s.values.release?.precedence ?? 0) + above, patchOver: true as const })));
    return { group: [...group, ...over], deployment: { label: b.label, chartRelease: release, build: b } };
  });
  return out.some((g) => g.group.length > group.length) ? out : undefined;
}

/** The release a HelmRelease of a kustomize patch file patches, with its values' root and the patch's kustomization. */
export interface PatchedRelease {
  readonly release: ChartRelease;
  readonly root: YAMLMap;
  readonly kustomization: string;
}

/** The release a HelmRelease in a kustomize patch file patches (same name; namespace when both give one; in no patch file), else undefined. */
export function patchedReleaseOf(ctx: BuildsContext, release: ChartRelease, file: string): PatchedRelease | undefined {
  const target = release.helmRelease;
  const k = target === undefined ? undefined : ctx.patchOf(file);
  if (target === undefined || k === undefined) return undefined;
  const base = ctx.helmReleases().find((r) => {
    const other = r.release.helmRelease;
    const at = releaseFile(r.release);
    return other !== undefined && at !== undefined && r.release !== release && selects(target, { kind: 'HelmRelease', name: other.name }, other.namespace) && ctx.patchOf(at) === undefined;
  });
  return base && { ...base, kustomization: k.path };
}

/** The key that groups the value sets of one release (one per subchart), or a plain values root on its own. */
function valuesGroupKey(d: Discovery, values: HelmValuesInfo): string {
  return values.release ? `${values.release.id}|${values.subchart.join('/')}` : `${d.path}#${values.docIndex}/values/${values.rootPath.join('/')}`;
}

/**
 * Releases that deploy an umbrella chart of the batch (DiscoveryHints.umbrellaReleases): each subchart the release
 * turns on is one workload of that release, made of the chart's values.yaml sets (below the release's, as Helm
 * coalesces them) and the release's own sets for it; the chart's group is not a workload of its own then (a chart
 * no release names stays one), and two releases of one chart are two workloads. Returns what a group of `order`
 * (batch order, after joinSharedEnvironmentFiles) becomes: itself, the owners' groups, or nothing (an owner's own group).
 */
function umbrellaReleaseGroups(discoveries: readonly Discovery[], order: readonly ValuesSetRef[][], valueGroups: ReadonlyMap<string, ValuesSetRef[]>): (entry: ValuesSetRef[]) => UmbrellaEntry[] {
  const links = new Map<string, { owner: { release: ChartRelease; path: string }; on: Set<string> }[]>();
  for (const d of discoveries) {
    for (const link of d.hints?.umbrellaReleases ?? []) {
      // The release's own entry (a valuesFrom object's file holds the link too, for its values: not an owner).
      const owner = d.releases.find((r) => r.release.id === link.release && !r.valuesFile && r.valuesFrom === undefined)?.release;
      if (!owner) continue;
      const list = links.get(link.umbrella) ?? [];
      list.push({ owner: { release: { ...owner, precedence: 0 }, path: d.path }, on: new Set(link.subcharts.filter((u) => u.enabled).map((u) => u.path.join('/'))) });
      links.set(link.umbrella, list);
    }
  }
  if (links.size === 0) return (entry) => [{ group: entry }];
  const merged = new Map<ValuesSetRef[], { group: ValuesSetRef[]; owner: { release: ChartRelease; path: string } }[]>();
  const consumed = new Set<ValuesSetRef[]>();
  for (const entry of order) {
    const first = entry[0] as ValuesSetRef;
    const release = first.values.release;
    const of = release ? links.get(release.id) : undefined;
    if (!release || !of) continue;
    const sub = first.values.subchart.join('/');
    const groups = of.filter((l) => l.on.has(sub)).map(({ owner }) => {
      const own = valueGroups.get(`${owner.release.id}|${sub}`);
      if (own) consumed.add(own);
      const below = entry.map((s) => ({ ...s, precedence: (s.values.release?.precedence ?? 0) - UMBRELLA_VALUES_BELOW }));
      return { group: [...below, ...(own ?? [])], owner };
    });
    if (groups.length > 0) merged.set(entry, groups);
  }
  return (entry) => (consumed.has(entry) ? [] : merged.get(entry) ?? [{ group: entry }]);
}

/** A release's umbrella owner: the release that deploys an umbrella chart of the batch, and its file. */
export interface UmbrellaOwner {
  readonly release: ChartRelease;
  readonly path: string;
}

/** A value group umbrellaReleaseGroups gives: the sets, and the umbrella release that owns them when it does. */
interface UmbrellaEntry {
  readonly group: readonly ValuesSetRef[];
  readonly owner?: UmbrellaOwner;
}

/** One group of a release's sets with the deployment it is (an environment's, a build's). */
export interface GroupDeployment {
  readonly group: ValuesSetRef[];
  readonly deployment: ReleaseDeployment;
}

/** One workload of a release group: its sets (the split group, or the group), what helmWorkload merges, and its deployment when split. */
export interface ReleaseWorkload {
  /** The group's sets (a build's: with its patch file sets, `patchOver`). */
  readonly group: readonly ValuesSetRef[];
  /** What the workload merges: `group`, with patchBaseSets below it for an unsplit group with no umbrella owner. */
  readonly sets: readonly ValuesSetRef[];
  /** Its environment or build; undefined for the one workload of an unsplit group. */
  readonly deployment: ReleaseDeployment | undefined;
}

/** A value group of the batch (a release's sets, or a plain values root's) and its deployments, each computed once. */
export interface ReleaseGroup {
  readonly group: readonly ValuesSetRef[];
  readonly owner?: UmbrellaOwner;
  /** The owner's release, else the first set's. */
  readonly release: ChartRelease | undefined;
  /** `group` lowest precedence first (byPrecedence). */
  readonly ordered: readonly ValuesSetRef[];
  /** The rule deployments (releaseEnvironmentGroups): undefined for a release without targeted sets. */
  readonly deployments: readonly GroupDeployment[] | undefined;
  /** True when the workloads are split by environment (environmentGroups) or build (buildGroups). */
  readonly split: boolean;
  /** Its workloads, in order: one per deployment when split, else one. */
  readonly workloads: readonly ReleaseWorkload[];
}

/** The batch's value groups, read once (releaseDeployments). */
export interface ReleaseDeployments {
  /** Every value group by valuesGroupKey (after the shared-file join: patchBaseSets and buildGroups read them). */
  readonly valueGroups: ReadonlyMap<string, readonly ValuesSetRef[]>;
  /** The groups in batch order. */
  readonly groups: readonly ReleaseGroup[];
  /** The groups that take the place of the group a set starts in batch order (none when it starts none, or when an umbrella owner's group takes its sets). */
  readonly placedAt: (values: HelmValuesInfo) => readonly ReleaseGroup[] | undefined;
}

/**
 * The deployments of the batch's releases, computed once: the chart value groups (groupSet, in batch order: a group
 * takes the place of its first set), the shared environment files joined (joinSharedEnvironmentFiles), umbrella
 * releases' groups (umbrellaReleaseGroups), and per group its rule deployments, its workload split (environmentGroups,
 * else buildGroups for a group with no umbrella owner) and its workloads' sets. Needs only BuildsContext and the shared
 * environment files (Context.sharedEnvironmentFiles), so overriddenConfigs reads it before the object index exists.
 */
export function releaseDeployments(discoveries: readonly Discovery[], builds: BuildsContext, shared: (releaseId: string) => readonly SharedEnvironmentFile[]): ReleaseDeployments {
  const valueGroups = new Map<string, ValuesSetRef[]>();
  const order: ValuesSetRef[][] = [];
  const starts = new Map<HelmValuesInfo, ValuesSetRef[]>();
  for (const d of discoveries) {
    for (const values of d.helmCharts) {
      const created = groupSet(valueGroups, d, values);
      if (!created) continue;
      order.push(created);
      starts.set(values, created);
    }
  }
  if (order.length === 0) return { valueGroups, groups: [], placedAt: () => undefined };
  const joined = joinSharedEnvironmentFiles(discoveries, valueGroups);
  const expand = (entry: ValuesSetRef[]): ValuesSetRef[][] => joined.get(entry) ?? [entry];
  const umbrella = umbrellaReleaseGroups(discoveries, joined.size === 0 ? order : order.flatMap(expand), valueGroups);
  const placed = new Map<ValuesSetRef[], ReleaseGroup[]>();
  for (const entry of order) placed.set(entry, expand(entry).flatMap(umbrella).map((e) => releaseGroup(builds, e, shared, valueGroups)));
  return { valueGroups, groups: order.flatMap((entry) => placed.get(entry) ?? []), placedAt: (values) => {
    const entry = starts.get(values);
    return entry && placed.get(entry);
  } };
}

/** One value group's deployments (releaseDeployments). An umbrella owner's group splits as a plain release's by environment (its environments are the owner's; the chart's values.yaml is in each). */
function releaseGroup(builds: BuildsContext, entry: UmbrellaEntry, shared: (releaseId: string) => readonly SharedEnvironmentFile[], valueGroups: ReadonlyMap<string, readonly ValuesSetRef[]>): ReleaseGroup {
  const { group, owner } = entry;
  const release = owner?.release ?? setRelease(group[0] as ValuesSetRef);
  const deployments = releaseEnvironmentGroups(group, release, release?.environments ? shared(release.id) : []);
  const split = environmentGroups(group, deployments) ?? (owner === undefined ? buildGroups(builds, group, release, valueGroups) : undefined);
  const workloads: ReleaseWorkload[] = split
    ? split.map((s) => ({ group: s.group, sets: s.group, deployment: s.deployment }))
    : [{ group, sets: owner === undefined ? [...patchBaseSets(builds, group, valueGroups), ...group] : group, deployment: undefined }];
  return { group, ...(owner ? { owner } : {}), release, ordered: byPrecedence(group), deployments, split: split !== undefined, workloads };
}
