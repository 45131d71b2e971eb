import type { PodPatchOp, PodTemplate, VolumeInfo, VolumeMountInfo } from '../../discover/discovery-types.js';
import { Document, type YAMLMap } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import type { Container, Deployment, PodPatchBuild, Workload } from '../../deploy/types.js';
import type { KustomizePodOp } from '../../deploy/kustomize.js';
import { replacedValue } from '../../deploy/kustomize-replacements.js';
import type { RuleOptions } from '../types.js';
import { normalizePath } from '../../deploy/paths.js';
import { covers, hostDir, isDockerContainersOrRoot, isDockerDataPath, showsAtOwnPath } from './host-paths.js';
import { dockerNodeSign } from '../../discover/pod-templates.js';
import { trimTrailingSlashes } from '../../source/trailing-slashes.js';
import { isKustomizationFileName } from '../../discover/kustomization.js';

/*
 * The decisions the pod-template rules share (docker-volume removes mounts,
 * log-mount-path and pod-logs-mount look at what remains), made once here
 * from the deployment model so that each rule can recompute them without
 * depending on another rule.
 */

/** True when mount `m` names volume `v` (a volume without a name is mounted by nothing). */
export function mountsVolume(m: { readonly name: string | undefined }, v: { readonly name: string | undefined }): boolean {
  return v.name !== undefined && m.name === v.name;
}

/** The mounts of `v` in every container of the pod (init containers too), in container order. */
export function podMountsOf(pod: PodTemplate, v: VolumeInfo): VolumeMountInfo[] {
  return pod.containers.flatMap((c) => c.volumeMounts.filter((m) => mountsVolume(m, v)));
}

/** A mount of a hostPath volume without subPath: the host directory and where the container sees it. */
export function hostPathMount(m: VolumeMountInfo): { readonly hostPath: string; readonly mountPath: string } | undefined {
  const hostPath = m.volume?.hostPath;
  return hostPath && m.mountPath && !m.subPath ? { hostPath, mountPath: m.mountPath } : undefined;
}

/** The workload of a pod template (every pod template of the batch has one). */
export function workloadOf(deployment: Deployment, pod: PodTemplate): Workload | undefined {
  return deployment.workloadOfPod(pod);
}

/**
 * Why a workload runs only on Docker nodes (a runtime node label `docker` in its nodeSelector or required
 * nodeAffinity: a mixed cluster's DaemonSet for the Docker pool), or undefined. Under --runtime containerd/cri-o
 * such a workload is left as it is (docker-volume, docker-node-pool): its nodes keep Docker. cri-dockerd keeps
 * Docker's files anyway: undefined.
 */
export function dockerNodesOf(workload: Workload | undefined, options: RuleOptions): string | undefined {
  if (workload === undefined || options.runtime === 'cri-dockerd') return undefined;
  if (workload.pod) {
    const own = dockerNodeSign(workload.pod.spec);
    // JSON6902 ops of the kustomize builds: the pod's own pin holds only when every build keeps it.
    const builds = buildPins(workload);
    return builds === undefined || builds.every((b) => b.sign !== undefined) ? own : undefined;
  }
  // Chart values: the chart's pod takes `nodeSelector`/`affinity` from the values root (the highest-precedence set that says).
  for (const set of [...workload.valueSets].reverse()) {
    const sign = dockerNodeSign(set.root);
    // A value another HelmRelease's file writes (a kustomize patch file merged over its release, or the release under a patch file): named.
    const from = sign === undefined ? undefined : workload.mergedFrom?.get(set);
    if (sign !== undefined) return `${sign.replace("its pod's", 'its values')}${from === undefined ? '' : `, written in ${from}`}`;
  }
  return undefined;
}

/**
 * A kustomize patch (same kind and name, `patch` set: an overlay's) that pins a build of `workload` to Docker nodes:
 * `the kustomize patch <path> (why)`, or undefined. The base is then shared by that build and the others (an overlay per pool):
 * its Docker mounts stay, its config is migrated to read both formats.
 */
export function dockerPatchOf(workload: Workload | undefined, deployment: Deployment, options: RuleOptions): string | undefined {
  if (workload === undefined || workload.patch !== undefined || options.runtime === 'cri-dockerd') return undefined;
  const builds = buildPins(workload);
  if (builds !== undefined) {
    // A build a JSON6902 patch pins to Docker nodes (the pod has no pin of its own), or one that keeps the pod's own
    // pin while another build's patch takes it away.
    const pinned = builds.find((b) => b.sign !== undefined);
    const unpinned = builds.find((b) => b.sign === undefined);
    if (pinned !== undefined && dockerNodeSign(workload.pod!.spec) === undefined) return `${patchName(pinned)} (${pinned.sign!.replace("its pod's", 'its')})`;
    if (pinned !== undefined && unpinned !== undefined) {
      return `its own ${pinned.sign!.replace("its pod's ", '')} (kept by the build of ${pinned.kustomization}; ${patchName(unpinned)} takes it away in the build of ${unpinned.kustomization})`;
    }
  }
  // One deployment of a release split per build or environment (release-deployments buildGroups): its patch files' pins are in its own sets.
  if (workload.name === undefined || (workload.source === 'helm-values' && workload.releaseDeployment !== undefined)) return undefined;
  for (const w of deployment.workloads) {
    if (w === workload || w.patch === undefined || w.kind !== workload.kind || w.name !== workload.name) continue;
    const sign = dockerNodesOf(w, options);
    if (sign !== undefined) return `the kustomize patch ${w.path} (${sign.replace("its pod's", 'its')})`;
  }
  return undefined;
}

/** `the kustomize patch F`, `the inline kustomize patch in K` for a patch written in its kustomization file, or a Flux Kustomization's patches. */
export function kustomizePatchName(op: Pick<KustomizePodOp, 'file' | 'flux' | 'replacement'>): string {
  if (op.flux === true) return `the Flux Kustomization patch in ${op.file}`;
  if (op.replacement !== undefined) return isKustomizationFileName(op.file) ? `the kustomize replacement in ${op.file}` : `the kustomize replacements file ${op.file}`;
  return isKustomizationFileName(op.file) ? `the inline kustomize patch in ${op.file}` : `the kustomize patch ${op.file}`;
}

/** The patch that changes a build's pin (the last of its pin ops), or its kustomization. */
function patchName(build: BuildPin): string {
  const op = build.ops[build.ops.length - 1];
  return op === undefined ? `the kustomization ${build.kustomization}` : kustomizePatchName(op);
}

/** One kustomize build's node pin after its JSON6902 ops: its Docker sign (dockerNodeSign), and its ops that change `nodeSelector`/`affinity`. */
interface BuildPin {
  readonly kustomization: string;
  readonly sign: string | undefined;
  readonly ops: readonly KustomizePodOp[];
}

const PIN_KEYS = new Set(['nodeSelector', 'affinity']);

/** True for an op that changes the pod's `nodeSelector`/`affinity` (or moves one away). */
const pinOp = (o: PodPatchOp): boolean => o.op !== 'test' && (PIN_KEYS.has(o.at[0]!) || (o.op === 'move' && o.from !== undefined && PIN_KEYS.has(o.from[0]!)));

/** The builds' pins when some build's JSON6902 ops change the pod's `nodeSelector` or `affinity`; undefined otherwise. */
function buildPins(workload: Workload): BuildPin[] | undefined {
  const pod = workload.pod;
  const builds = builtPatches(workload);
  if (pod === undefined || builds === undefined || !builds.some((b) => b.ops.some(pinOp))) return undefined;
  return builds.map((b) => {
    const ops = b.ops.filter(pinOp);
    const sign = dockerNodeSign(ops.length === 0 ? pod.spec : patchedPins(pod, b.ops));
    // A Flux Kustomization's patch that takes the pin away is applied as any other: every Flux Kustomization that
    // builds the pod is in the batch (the CLI links one without patches with the files it builds: fluxPostBuildLinksIn),
    // so one building it as written keeps the pin in its own build.
    return { kustomization: b.kustomization, sign, ops };
  });
}

/** The kustomize builds of a workload that build (a build whose `test` op fails deploys nothing: failedTestOf), or undefined when it has none with ops. */
function builtPatches(workload: Workload): readonly PodPatchBuild[] | undefined {
  const builds = workload.podPatches;
  if (builds === undefined || !builds.some((b) => failedTestOf(workload, b) !== undefined)) return builds;
  const built = builds.filter((b) => failedTestOf(workload, b) === undefined);
  return built.length === 0 ? undefined : built;
}

/** A build's failing `test` op and the value the build holds at its path (undefined: nothing). */
export interface FailedTest {
  readonly op: KustomizePodOp;
  readonly actual: unknown;
}

const failedTests = new WeakMap<PodPatchBuild, FailedTest | null>();

/**
 * The first JSON 6902 `test` op of a kustomize build that fails against the pod spec as the build's ops before it
 * leave it (RFC 6902: the build stops there, and kustomize with it), or undefined. Only a test of the pins
 * (`nodeSelector`, `affinity/nodeAffinity`) of a build whose pins the ops replay whole (not PodPatchBuild.unreplayed,
 * not PodPatchOp.unjudged) is judged, and not a Flux Kustomization's. A missing value fails unless the test's value is
 * null (json-patch passes a null test of a missing key), which is not judged; a test without a value is not either.
 */
export function failedTestOf(workload: Workload, build: PodPatchBuild): FailedTest | undefined {
  const pod = workload.pod;
  if (pod === undefined || build.unreplayed === true || !build.ops.some(judgedTest)) return undefined;
  let hit = failedTests.get(build);
  if (hit === undefined) {
    hit = null;
    const data = pod.spec.toJSON() as Record<string, unknown>;
    for (const o of build.ops) {
      const actual = judgedTest(o) ? valueAt(data, o.at) : undefined;
      if (judgedTest(o) && !isDeepStrictEqual(actual, o.value)) {
        hit = { op: o, actual };
        break;
      }
      applyOp(data, o, pod.labels);
    }
    failedTests.set(build, hit);
  }
  return hit ?? undefined;
}

/** A `test` failedTestOf judges: of the pins, with a value other than null, read whole. */
const judgedTest = (o: KustomizePodOp): boolean =>
  o.op === 'test' && o.flux !== true && o.unjudged !== true && o.value !== undefined && o.value !== null && (o.at[0] === 'nodeSelector' || (o.at[0] === 'affinity' && o.at[1] === 'nodeAffinity'));

/**
 * The pod spec's `nodeSelector` and `affinity` after a build's ops, applied in order to the whole spec as plain data
 * (RFC 6902; a `move`/`copy` takes its `from`; an op whose parent or `from` is missing fails kustomize's build and is
 * skipped here).
 */
function patchedPins(pod: PodTemplate, ops: readonly KustomizePodOp[]): YAMLMap {
  const data = pod.spec.toJSON() as Record<string, unknown>;
  for (const o of ops) applyOp(data, o, pod.labels);
  const pins: Record<string, unknown> = {};
  for (const key of PIN_KEYS) if (data[key] !== undefined) pins[key] = data[key];
  return new Document(pins).contents as YAMLMap;
}

/** The value at a pointer's tokens in plain data, or undefined. */
function valueAt(root: unknown, at: readonly string[]): unknown {
  let node: unknown = root;
  for (const t of at) node = Array.isArray(node) ? node[Number(t)] : node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[t] : undefined;
  return node;
}

/** A field of a plain-data object (a list entry: a mount, a volume, a container), or undefined. */
function fieldOf(it: unknown, k: string): unknown {
  return it !== null && typeof it === 'object' ? (it as Record<string, unknown>)[k] : undefined;
}

/** One JSON6902 (or strategic-merge `merge`) op on plain data (`at`: the pointer's tokens). */
function applyOp(root: Record<string, unknown>, o: KustomizePodOp, labels: PodTemplate['labels']): void {
  if (o.op === 'test') return;
  if (o.op === 'delete') {
    // A strategic-merge `$patch: delete` by merge key (the container by name): the entry with that key goes.
    const drop = (list: unknown, k: string): void => {
      if (!Array.isArray(list)) return;
      const i = list.findIndex((it) => fieldOf(it, k) === o.key);
      if (i >= 0) list.splice(i, 1);
    };
    if (o.at[0] === 'volumes') drop(root.volumes, 'name');
    else if (Array.isArray(root[o.at[0]!])) drop(fieldOf((root[o.at[0]!] as unknown[]).find((c) => fieldOf(c, 'name') === o.container), 'volumeMounts'), 'mountPath');
    return;
  }
  if (o.op === 'merge' && listMerge(o)) {
    // A list-level `$patch: replace`: the list is the patch's (a container's, by name); else entries merged by key.
    const c = o.at[0] === 'volumes' ? root : (root[o.at[0]!] as unknown[] | undefined)?.find?.((x) => fieldOf(x, 'name') === o.container);
    if (c === null || typeof c !== 'object') return;
    const field = o.at[0] === 'volumes' ? 'volumes' : 'volumeMounts';
    const holder = c as Record<string, unknown>;
    if (o.replaceList !== undefined || !Array.isArray(holder[field])) {
      holder[field] = structuredClone(o.value);
      return;
    }
    const list = holder[field] as unknown[];
    const key = field === 'volumes' ? 'name' : 'mountPath';
    for (const entry of (o.value as unknown[]) ?? []) {
      const i = list.findIndex((it) => fieldOf(it, key) === fieldOf(entry, key));
      if (i < 0) list.push(structuredClone(entry));
      else list[i] = { ...(list[i] as object), ...(structuredClone(entry) as object) };
    }
    return;
  }
  if (o.op === 'move' || o.op === 'copy') {
    // From the object's labels (`fromLabel`: a `move` takes it out of the labels, not of the pod spec), or the pod spec.
    const value = o.fromLabel !== undefined ? labels?.get(o.fromLabel) : valueAt(root, o.from!);
    if (value === undefined) return;
    if (o.op === 'move' && o.from !== undefined) setAt(root, o.from, 'remove', undefined);
    setAt(root, o.at, 'add', o.op === 'copy' ? structuredClone(value) : value);
    return;
  }
  if (o.replacement !== undefined) {
    // A replacement sets a field the build holds (a missing one fails kustomize's build: not applied), a part of it with a delimiter.
    const current = valueAt(root, o.at);
    if (current === undefined || (o.replacement.delimiter !== undefined && typeof current !== 'string')) return;
    setAt(root, o.at, 'replace', typeof current === 'string' ? replacedValue(current, { ...o.replacement, value: String(o.value) }) : o.value);
    return;
  }
  setAt(root, o.at, o.op, o.value);
}

function setAt(root: Record<string, unknown>, at: readonly string[], op: 'add' | 'replace' | 'remove' | 'merge', value: unknown): void {
  const parent = valueAt(root, at.slice(0, -1));
  if (parent === null || typeof parent !== 'object') return;
  const last = at[at.length - 1]!;
  if (op === 'merge') {
    if (Array.isArray(parent)) return;
    const map = parent as Record<string, unknown>;
    const merged = strategicMerge(map[last], value);
    if (merged === undefined) delete map[last];
    else map[last] = merged;
    return;
  }
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) return;
    if (op === 'add') parent.splice(i, 0, value);
    else if (i < parent.length) parent.splice(i, 1, ...(op === 'replace' ? [value] : []));
    return;
  }
  const map = parent as Record<string, unknown>;
  if (op === 'remove') delete map[last];
  else map[last] = value;
}

/**
 * A strategic-merge patch value merged into `dest` as kustomize's kyaml merge2 does (`Merger.VisitMap`, `VisitScalar`,
 * `VisitList`; `smpdirective.go`), for a pod's `nodeSelector`/`affinity`: undefined when it clears the field. A `null`
 * clears; a map's `$patch: delete` clears, `$patch: replace` takes the patch's map, else its keys are merged one by one
 * (a key set to null is removed); a list (the pins' lists have no merge key) or a scalar replaces. `$retainKeys` is a
 * key like any other: kustomize does not honour it (kubernetes-sigs/kustomize#3981), so it takes nothing away.
 */
function strategicMerge(dest: unknown, patch: unknown): unknown {
  if (patch === null || patch === undefined) return undefined;
  if (typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const { $patch: directive, ...rest } = patch as Record<string, unknown>;
  if (directive === 'delete') return undefined;
  const out: Record<string, unknown> = directive !== 'replace' && dest !== null && typeof dest === 'object' && !Array.isArray(dest) ? { ...(dest as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(rest)) {
    const merged = strategicMerge(out[k], v);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

/**
 * A JSON6902 op of a kustomize build that addresses the pod's `volumes` or a Fluent Bit container's `volumeMounts` by an
 * index at or after Docker's entry (removing Docker's entry here would shift what the op points at), or undefined.
 * `removes`: every build removes exactly Docker's volume and its mounts (the builds already run without them).
 */
export function indexPatchOf(pod: PodTemplate, workload: Workload | undefined): { readonly op: KustomizePodOp; readonly kustomization: string; readonly removes: boolean } | undefined {
  const runs = patchRuns(pod, workload);
  const run = runs?.find((r) => r.shifted !== undefined);
  if (runs === undefined || run === undefined) return undefined;
  // A Flux Kustomization's removal is never taken as every build's: another one may build the pod as written.
  const removes = !workload!.podPatches!.some((x) => x.ops.some((o) => o.flux === true)) && runs.every((r) => r.removed);
  return { op: run.shifted!, kustomization: run.kustomization, removes };
}

/**
 * A JSON6902 op of a kustomize build that adds a mount of Docker's volume (a whole container whose `volumeMounts` name
 * it, or a mount): removing the volume here would leave that build's mount without its volume. Undefined otherwise.
 */
export function patchMountOf(pod: PodTemplate, workload: Workload | undefined): { readonly op: KustomizePodOp; readonly kustomization: string } | undefined {
  const run = patchRuns(pod, workload)?.find((r) => r.mounts !== undefined);
  return run === undefined ? undefined : { op: run.mounts!, kustomization: run.kustomization };
}

/** One build's index ops replayed on the pod's lists (patchRuns). */
interface PatchRun {
  readonly kustomization: string;
  /** The first op that addresses an entry at or after a Docker entry still in its list. */
  readonly shifted: KustomizePodOp | undefined;
  /** The first op that adds a mount of a Docker volume. */
  readonly mounts: KustomizePodOp | undefined;
  /** True when Docker's volume and its mounts are gone after the build's ops. */
  readonly removed: boolean;
}

/**
 * The kustomize builds' ops on the pod's `volumes`, containers and their `volumeMounts`, replayed in order (RFC 6902:
 * each op sees the lists the ones before it left, so two `remove`s of `/volumes/2` take out the entries written at 2
 * and 3; `move` keeps the entry, `copy` adds one) on the entries' identities, when the pod has a Docker volume and some
 * build has such ops.
 */
function patchRuns(pod: PodTemplate, workload: Workload | undefined): PatchRun[] | undefined {
  const builds = workload === undefined ? undefined : builtPatches(workload);
  if (builds === undefined || !builds.some((b) => b.ops.some(listOp))) return undefined;
  const volumes = dockerVolumes(pod);
  if (volumes.length === 0) return undefined;
  const names = new Set(volumes.flatMap((v) => (v.name === undefined ? [] : [v.name])));
  const docker = new Set(volumes.map((v) => `volumes/${v.index}`));
  const lists = podLists(pod);
  for (const list of ['containers', 'initContainers']) {
    pod.containers.filter((c) => (c.kind === 'container') === (list === 'containers')).forEach((c, i) => {
      for (const m of c.volumeMounts) if (volumes.some((v) => mountsVolume(m, v))) docker.add(`${list}/${i}/volumeMounts/${m.index}`);
    });
  }
  const mountsDocker = (o: PodPatchOp, entry: ListEntry): boolean => {
    if (o.op !== 'add' && o.op !== 'replace') return false;
    const named = (m: unknown): boolean => m !== null && typeof m === 'object' && names.has((m as { name?: unknown }).name as string);
    if (entry.key.endsWith('/volumeMounts')) return entry.whole ? Array.isArray(o.value) && o.value.some(named) : named(o.value);
    if (entry.key === 'containers' || entry.key === 'initContainers') {
      const containers = entry.whole ? (Array.isArray(o.value) ? o.value : []) : [o.value];
      return containers.some((c) => c !== null && typeof c === 'object' && Array.isArray((c as { volumeMounts?: unknown }).volumeMounts) && ((c as { volumeMounts: unknown[] }).volumeMounts).some(named));
    }
    return false;
  };
  return builds.map((b) => {
    const state = new Map([...lists].map(([k, v]) => [k, [...v]]));
    let shifted: KustomizePodOp | undefined;
    let mounts: KustomizePodOp | undefined;
    // True when the op's index is at or after a Docker entry still in the list (after, for an insertion).
    const shifts = (list: readonly string[], t: string, insert: boolean): boolean => {
      const i = Number(t);
      if (t === '-' || !Number.isInteger(i)) return false;
      const p = list.findIndex((slot) => docker.has(slot));
      return p >= 0 && (insert ? p < i : p <= i);
    };
    for (const written of b.ops) {
      if (!listOp(written)) continue;
      // A strategic-merge patch's merged mount naming Docker's volume (kyaml merge2 adds it, or keeps it by its mountPath).
      if (listMerge(written) && written.replaceList === undefined && written.at[1] === 'volumeMounts' && mounts === undefined && Array.isArray(written.value) && written.value.some((m) => m !== null && typeof m === 'object' && names.has((m as { name?: unknown }).name as string))) mounts = written;
      const o = resolvedOp(pod, state, written);
      if (o === undefined) continue;
      const to = entryOf(state, o.at);
      const from = o.from === undefined ? undefined : entryOf(state, o.from);
      if (to !== undefined && mounts === undefined && mountsDocker(o, to)) mounts = o;
      const toList = to === undefined ? undefined : state.get(to.key);
      const fromList = from === undefined ? undefined : state.get(from.key);
      if (shifted === undefined && written.op !== 'delete' && ((toList !== undefined && !to!.whole && shifts(toList, to!.t, o.op !== 'replace' && o.op !== 'remove' && o.op !== 'test' && !to!.deep)) || (fromList !== undefined && !from!.whole && shifts(fromList, from!.t, false)))) shifted = o;
      applyToLists(state, o, to, from);
    }
    const live = liveLists(state);
    const removed = [...docker].every((slot) => ![...state].some(([key, list]) => live.has(key) && list.includes(slot)));
    return { kustomization: b.kustomization, shifted, mounts, removed };
  });
}

/** A mount every kustomize build takes out of the pod: the first op that takes it out, in the first build. */
export interface BuildRemoval {
  readonly op: KustomizePodOp;
  readonly kustomization: string;
}

/**
 * The pod's mounts that every kustomize build (that builds: builtPatches) takes out with its JSON 6902 ops (`remove`
 * of the entry, a `move` elsewhere, the whole list or container removed), replayed in order as patchRuns does: the
 * built pods do not mount them. A build that also adds, replaces or edits a mount of that container (or a container,
 * or a volume's fields) mounts something the model does not see: its container's mounts are not counted as taken out.
 * Undefined when no build has such an op.
 */
export function buildRemovedMounts(pod: PodTemplate, workload: Workload | undefined): ReadonlyMap<VolumeMountInfo, BuildRemoval> | undefined {
  const builds = workload === undefined ? undefined : builtPatches(workload);
  if (builds === undefined || !builds.some((b) => b.ops.some((o) => listOp(o) && o.op !== 'test'))) return undefined;
  const lists = podLists(pod);
  const mounts = new Map<string, VolumeMountInfo>();
  for (const list of ['containers', 'initContainers']) {
    pod.containers.filter((c) => (c.kind === 'container') === (list === 'containers')).forEach((c, i) => {
      for (const m of c.volumeMounts) mounts.set(`${list}/${i}/volumeMounts/${m.index}`, m);
    });
  }
  const present = (state: ReadonlyMap<string, string[]>): Set<string> => {
    const live = liveLists(state);
    return new Set([...state].flatMap(([key, list]) => (live.has(key) && key.endsWith('/volumeMounts') ? list : [])));
  };
  let out: Map<VolumeMountInfo, BuildRemoval> | undefined;
  for (const b of builds) {
    const state = new Map([...lists].map(([k, v]) => [k, [...v]]));
    const gone = new Map<string, KustomizePodOp>();
    // The mount lists a build adds to or edits ('*': any, a container or a volume changed).
    const changed = new Set<string>();
    for (const written of b.ops) {
      if (!listOp(written) || written.op === 'test') continue;
      const o = resolvedOp(pod, state, written);
      if (o === undefined) {
        // A delete whose key the lists may hold in an entry a patch added (unknown key): what the build mounts is not seen.
        if (written.op === 'delete' && unknownKey(state, written)) changed.add('*');
        continue;
      }
      const to = entryOf(state, o.at);
      const from = o.from === undefined ? undefined : entryOf(state, o.from);
      // The same strategic-merge list also merges a volume, or a mount at or near the log and Docker directories: not seen whole.
      if (written.op === 'delete' && to !== undefined && (written.alongside ?? []).some((k) => to.key === 'volumes' || !awayFromLogDirs(k))) changed.add(to.key.endsWith('/volumeMounts') ? to.key : '*');
      // A whole list replaced (replacedLists judges the patch's list): the entries written before are out of the build.
      const wholeList = to !== undefined && to.whole && to.key !== 'containers' && to.key !== 'initContainers' && (o.op === 'replace' || o.op === 'add');
      if (to !== undefined && o.op !== 'remove' && !wholeList && !replacedByUnrelatedMount(o, to)) changed.add(to.key.endsWith('/volumeMounts') ? to.key : '*');
      if (to !== undefined && o.op === 'remove' && to.deep) changed.add(to.key.endsWith('/volumeMounts') ? to.key : '*');
      if (to === undefined && o.op !== 'remove') changed.add('*');
      const before = present(state);
      applyToLists(state, o, to, from);
      const after = present(state);
      for (const slot of before) if (!after.has(slot) && !gone.has(slot)) gone.set(slot, written);
    }
    const end = present(state);
    const removed = new Map<VolumeMountInfo, BuildRemoval>();
    if (!changed.has('*')) {
      for (const [slot, op] of gone) {
        const m = mounts.get(slot);
        if (m !== undefined && !end.has(slot) && !changed.has(slot.slice(0, slot.lastIndexOf('/')))) removed.set(m, { op, kustomization: b.kustomization });
      }
    }
    out = out === undefined ? removed : new Map([...out].filter(([m]) => removed.has(m)));
    if (out.size === 0) return undefined;
  }
  return out;
}

/** A pod list (`volumes`, a container's `volumeMounts`) a kustomize build's op replaces whole: the build's list is the op's. */
export interface ReplacedList {
  readonly op: KustomizePodOp;
  readonly kustomization: string;
  /** The list the built pod holds (plain data); undefined when a later op of the build changes it (not seen whole). */
  readonly entries: readonly unknown[] | undefined;
}

/**
 * For each kustomize build (that builds) of a pod, its lists that an op replaces whole: a strategic-merge list-level
 * `$patch: replace` (or `delete`), a JSON 6902 `remove`, `replace` or `add` (RFC 6902: `add` of an existing member
 * replaces it) of the whole `volumes` or a container's `volumeMounts`, keyed `volumes` or `<container slot>/volumeMounts`
 * (`containers/0/volumeMounts`). Undefined when no build has such an op.
 */
export function replacedLists(pod: PodTemplate, workload: Workload | undefined): { readonly kustomization: string; readonly lists: ReadonlyMap<string, ReplacedList> }[] | undefined {
  const builds = workload === undefined ? undefined : builtPatches(workload);
  const whole = (o: PodPatchOp): boolean => (o.op === 'merge' && o.replaceList !== undefined) || ((o.op === 'remove' || o.op === 'replace' || o.op === 'add') && (o.at.length === 1 ? o.at[0] === 'volumes' : o.at.length === 3 && o.at[2] === 'volumeMounts'));
  if (builds === undefined || !builds.some((b) => b.ops.some(whole))) return undefined;
  const lists = podLists(pod);
  return builds.map((b) => {
    const state = new Map([...lists].map(([k, v]) => [k, [...v]]));
    const out = new Map<string, ReplacedList>();
    for (const written of b.ops) {
      if (!listOp(written) || written.op === 'test') continue;
      if (listMerge(written) && written.replaceList === undefined) {
        // Entries merged into a replaced list: it is no longer the patch's alone.
        const ci = written.at[0] === 'volumes' ? -1 : containerIndexOf(pod, state, written.at[0]!, written.container);
        const key = written.at[0] === 'volumes' ? 'volumes' : ci < 0 ? undefined : `${state.get(written.at[0]!)![ci]}/volumeMounts`;
        const seen = key === undefined ? undefined : out.get(key);
        if (seen !== undefined) out.set(key!, { ...seen, entries: undefined });
        continue;
      }
      const o = resolvedOp(pod, state, written);
      if (o === undefined) continue;
      const to = entryOf(state, o.at);
      const from = o.from === undefined ? undefined : entryOf(state, o.from);
      for (const e of [to, from]) {
        const seen = e === undefined ? undefined : out.get(e.key);
        if (seen !== undefined) out.set(e!.key, { ...seen, entries: undefined });
      }
      if (to !== undefined && to.whole && to.key !== 'containers' && to.key !== 'initContainers' && (o.op === 'remove' || o.op === 'replace' || o.op === 'add')) {
        out.set(to.key, { op: written, kustomization: b.kustomization, entries: o.op === 'remove' ? [] : Array.isArray(o.value) ? o.value : undefined });
      }
      applyToLists(state, o, to, from);
    }
    return { kustomization: b.kustomization, lists: out };
  });
}

/** The key replacedLists gives a container's `volumeMounts` (its slot among the pod's containers or init containers). */
export function mountListKey(pod: PodTemplate, c: PodTemplate['containers'][number]): string {
  const list = c.kind === 'container' ? 'containers' : 'initContainers';
  return `${list}/${pod.containers.filter((x) => (x.kind === 'container') === (c.kind === 'container')).indexOf(c)}/volumeMounts`;
}

/**
 * True when every kustomize build of a container's workload replaces its whole volumeMounts list (replacedLists): no
 * built pod carries the list written in the pod, so what the migration needs mounted is judged in the patches' lists.
 */
export function mountsReplacedInEveryBuild(pod: PodTemplate | undefined, workload: Workload | undefined, c: PodTemplate['containers'][number] | undefined): boolean {
  if (pod === undefined || c === undefined) return false;
  const builds = replacedLists(pod, workload);
  const key = mountListKey(pod, c);
  return builds !== undefined && builds.every((b) => b.lists.has(key));
}

/**
 * A JSON 6902 `replace` of one mount with a mount whose `mountPath` is away from the log and Docker directories (not
 * at, above or below `/var/log` or `/var/lib/docker`): the built pod no longer mounts the replaced one, and the new one
 * mounts nothing the migrated inputs read, so the replaced mount counts as taken out (as a `remove`).
 */
function replacedByUnrelatedMount(o: PodPatchOp, to: ListEntry): boolean {
  if (o.op !== 'replace' || !to.key.endsWith('/volumeMounts') || to.whole || to.deep) return false;
  const path = o.value !== null && typeof o.value === 'object' && !Array.isArray(o.value) ? (o.value as { mountPath?: unknown }).mountPath : undefined;
  return typeof path === 'string' && awayFromLogDirs(path);
}

/** An absolute mountPath not at, above or below `/var/log` or `/var/lib/docker`. */
function awayFromLogDirs(path: string): boolean {
  if (!path.startsWith('/')) return false;
  // As written (a `..` is not resolved: near, kept conservative); `/` holds both.
  const p = trimTrailingSlashes(path);
  const near = (dir: string): boolean => covers(p || '/', dir) || covers(dir, p);
  return !near('/var/log') && !near('/var/lib/docker');
}

/**
 * A strategic-merge `delete` (PodPatchOp.key) as the JSON 6902 `remove` of the entry its merge key names in the lists
 * as the build's ops so far left them (`state`): a volume by `name`, a mount by `mountPath` in the container by `name`,
 * read from the pod's entries as written. Undefined when no written entry has the key (kyaml deletes nothing, unless an
 * entry a patch added has it: unknownKey). Any other op as it is.
 */
function resolvedOp<T extends PodPatchOp>(pod: PodTemplate, state: ReadonlyMap<string, string[]>, o: T): T | undefined {
  if (o.op === 'merge' && o.replaceList !== undefined) {
    // A strategic-merge list-level `$patch: replace`: the JSON 6902 `replace` of the whole list (the container by name).
    if (o.at[0] === 'volumes') return { ...o, op: 'replace', at: ['volumes'] };
    const ci = containerIndexOf(pod, state, o.at[0]!, o.container);
    return ci < 0 ? undefined : { ...o, op: 'replace', at: [o.at[0]!, String(ci), 'volumeMounts'] };
  }
  // Entries merged by key are not replayed on the slots (mountedInEveryBuild applies them to the values).
  if (o.op === 'merge' && listMerge(o)) return undefined;
  if (o.op !== 'delete') return o;
  if (o.at[0] === 'volumes') {
    const i = (state.get('volumes') ?? []).findIndex((slot) => pod.volumes.find((v) => `volumes/${v.index}` === slot)?.name === o.key);
    return i < 0 ? undefined : { ...o, op: 'remove', at: ['volumes', String(i)] };
  }
  const list = o.at[0]!;
  const containers = pod.containers.filter((c) => (c.kind === 'container') === (list === 'containers'));
  const ci = containerIndexOf(pod, state, list, o.container);
  const slot = ci < 0 ? undefined : state.get(list)![ci]!;
  const mounts = slot === undefined ? undefined : containers[Number(slot.slice(list.length + 1))]?.volumeMounts;
  const j = (state.get(`${slot}/volumeMounts`) ?? []).findIndex((m) => mounts?.find((x) => `${slot}/volumeMounts/${x.index}` === m)?.mountPath === o.key);
  return j < 0 ? undefined : { ...o, op: 'remove', at: [list, String(ci), 'volumeMounts', String(j)] };
}

/** The index in the build's `list` (`containers`, `initContainers`; as the ops so far left it) of the pod's container named `name`, or -1. */
function containerIndexOf(pod: PodTemplate, state: ReadonlyMap<string, string[]>, list: string, name: string | undefined): number {
  const containers = pod.containers.filter((c) => (c.kind === 'container') === (list === 'containers'));
  return (state.get(list) ?? []).findIndex((slot) => containers[Number(slot.slice(list.length + 1))]?.name === name);
}

/** True when an unresolved delete's list (or its container list) holds an entry a patch added, whose key is not known. */
function unknownKey(state: ReadonlyMap<string, string[]>, o: PodPatchOp): boolean {
  if (o.at[0] === 'volumes') return (state.get('volumes') ?? []).includes('new');
  const list = o.at[0]!;
  return (state.get(list) ?? []).some((slot) => slot === 'new' || (state.get(`${slot}/volumeMounts`) ?? []).includes('new'));
}

/** A strategic-merge `merge` of `volumes` or a container's `volumeMounts` (not of a pin). */
const listMerge = (o: PodPatchOp): boolean => o.op === 'merge' && !PIN_KEYS.has(o.at[0]!);

/**
 * True when every kustomize build (that builds) of a pod mounts `dir` from the host at the same path in container
 * `c` (found by name): the pod spec as plain data, each build's ops applied in order (applyOp: JSON 6902, strategic
 * deletes, list replaces and merged entries), a mount's volume from the build's `volumes`. False without builds.
 */
export function mountedInEveryBuild(pod: PodTemplate | undefined, workload: Workload | undefined, c: PodTemplate['containers'][number] | undefined, dir: string): boolean {
  const builds = workload === undefined ? undefined : builtPatches(workload);
  if (pod === undefined || c?.name === undefined || builds === undefined || builds.length === 0 || !builds.every((b) => b.ops.some((o) => listOp(o) && o.op !== 'test'))) return false;
  const list = c.kind === 'container' ? 'containers' : 'initContainers';
  return builds.every((b) => {
    const data = pod.spec.toJSON() as Record<string, unknown>;
    for (const o of b.ops) applyOp(data, o, pod.labels);
    const container = (Array.isArray(data[list]) ? (data[list] as unknown[]) : []).find((x) => fieldOf(x, 'name') === c.name);
    const volumes = Array.isArray(data.volumes) ? (data.volumes as unknown[]) : [];
    const mounts = fieldOf(container, 'volumeMounts');
    return Array.isArray(mounts) && mounts.some((m) => {
      const mountPath = fieldOf(m, 'mountPath');
      const host = fieldOf(fieldOf(volumes.find((v) => fieldOf(v, 'name') === fieldOf(m, 'name')), 'hostPath'), 'path');
      return typeof mountPath === 'string' && typeof host === 'string' && fieldOf(m, 'subPath') === undefined && showsAtOwnPath(mountPath, host, dir);
    });
  });
}

/** An op on the pod's lists (not one that only changes or moves pins). */
const listOp = (o: PodPatchOp): boolean => !PIN_KEYS.has(o.at[0]!) || (o.from !== undefined && !PIN_KEYS.has(o.from[0]!));

/** The pod's `volumes`, containers and each container's `volumeMounts` as lists of slot identities (`containers/0/volumeMounts/2`). */
function podLists(pod: PodTemplate): Map<string, string[]> {
  const lists = new Map<string, string[]>([['volumes', (pod.volumesNode?.items ?? []).map((_, i) => `volumes/${i}`)]]);
  for (const list of ['containers', 'initContainers']) {
    const containers = pod.containers.filter((c) => (c.kind === 'container') === (list === 'containers'));
    lists.set(list, containers.map((_, i) => `${list}/${i}`));
    containers.forEach((c, i) => lists.set(`${list}/${i}/volumeMounts`, (c.volumeMounts[0]?.seq.items ?? []).map((_, j) => `${list}/${i}/volumeMounts/${j}`)));
  }
  return lists;
}

/** The list entry a pointer names: its list's key, the index token, whether the pointer goes below the entry, or names the whole list. */
interface ListEntry {
  readonly key: string;
  readonly t: string;
  readonly deep: boolean;
  readonly whole: boolean;
}

/** The entry of the lists (`state`, as the ops so far left them) a pointer names, or undefined. */
function entryOf(state: ReadonlyMap<string, string[]>, at: readonly string[]): ListEntry | undefined {
  const container = at[0] === 'containers' || at[0] === 'initContainers';
  if (at[0] !== 'volumes' && !container) return undefined;
  if (at.length === 1) return { key: at[0]!, t: '', deep: false, whole: true };
  if (!container || at.length === 2 || at[2] !== 'volumeMounts') return { key: at[0]!, t: at[1]!, deep: at.length > 2, whole: false };
  const slot = state.get(at[0]!)?.[Number(at[1])];
  if (slot === undefined || !state.has(`${slot}/volumeMounts`)) return undefined;
  return { key: `${slot}/volumeMounts`, t: at[3] ?? '', deep: at.length > 4, whole: at.length === 3 };
}

/** What one op does to the lists (RFC 6902 on slot identities: insertions are `new`, `move` keeps the entry); an entry's own fields (deep pointers) and `test` leave them as they are. */
function applyToLists(state: Map<string, string[]>, o: PodPatchOp, to: ListEntry | undefined, from: ListEntry | undefined): void {
  const toList = to === undefined ? undefined : state.get(to.key);
  const fromList = from === undefined ? undefined : state.get(from.key);
  let moved: string | undefined = 'new';
  if (o.op === 'move' && fromList !== undefined && from !== undefined && !from.deep) {
    if (from.whole) fromList.length = 0;
    else moved = fromList.splice(Number(from.t), 1)[0];
  }
  if (toList === undefined || to === undefined || to.deep || o.op === 'test') return;
  if (to.whole) {
    toList.length = 0;
    if (o.op !== 'remove') toList.push(...(Array.isArray(o.value) ? o.value.map(() => 'new') : []));
    return;
  }
  const i = to.t === '-' ? toList.length : Number(to.t);
  if (!Number.isInteger(i) || i < 0 || i > toList.length) return;
  if (o.op === 'remove') toList.splice(i, 1);
  else if (o.op === 'replace') toList.splice(i, 1, 'new');
  else toList.splice(i, 0, moved ?? 'new');
}

/** The lists still in the pod after the ops: `volumes` and the mount lists of the containers still in it (a mount list of a container the ops took out is gone with it). */
function liveLists(state: ReadonlyMap<string, string[]>): Set<string> {
  return new Set(['volumes', ...['containers', 'initContainers'].flatMap((l) => (state.get(l) ?? []).map((slot) => `${slot}/volumeMounts`))]);
}

/**
 * The containers of a workload the migration may edit: those that run
 * Fluent Bit (by image, or by mounting a config of the batch) and are not
 * init containers (a native sidecar is edited like a main container).
 */
export function editableFluentBitContainers(workload: Workload | undefined): Container[] {
  return (workload?.containers ?? []).filter((c) => c.runsFluentBit && c.role !== 'init' && c.info !== undefined);
}

/** Volumes of Docker's data directory, found by hostPath (never by name). */
export function dockerVolumes(pod: PodTemplate): VolumeInfo[] {
  return pod.volumes.filter((v) => isDockerDataPath(v.hostPath));
}

/**
 * The mounts of Docker's directory that docker-volume removes: those of the
 * editable Fluent Bit containers, unless the runtime is cri-dockerd (it
 * keeps Docker's files) or the user keeps the mount.
 */
export function removedDockerMounts(pod: PodTemplate, workload: Workload | undefined, options: RuleOptions, deployment: Deployment): ReadonlySet<VolumeMountInfo> {
  const removed = new Set<VolumeMountInfo>();
  if (options.runtime === 'cri-dockerd' || options.keepDockerMount || dockerNodesOf(workload, options) || dockerPatchOf(workload, deployment, options) || indexPatchOf(pod, workload) || patchMountOf(pod, workload)) return removed;
  for (const v of dockerVolumes(pod)) {
    for (const c of editableFluentBitContainers(workload)) {
      for (const m of c.info?.volumeMounts ?? []) if (mountsVolume(m, v)) removed.add(m);
    }
  }
  return removed;
}

/**
 * Where containers see Docker's data through a hostPath mounted at another
 * path (`/var/lib/docker/containers` at `/host/containers`, or a `subPath` of
 * Docker's root): a tail Path below such a mount reads Docker's files, as one
 * under /var/lib/docker does (support/tail-target.ts PathPlaces).
 */
export function dockerMountPaths(containers: readonly Container[]): string[] {
  const out = new Set<string>();
  for (const c of containers) {
    for (const m of c.mounts) {
      const source = m.volume?.source;
      if (source?.kind !== 'hostPath' || !source.path || !m.mountPath?.startsWith('/')) continue;
      const host = hostDir(m.subPath ? `${source.path}/${m.subPath}` : source.path);
      // Docker's containers directory (any root) or a fixed root itself; not any `<dir>/docker` (`/var/log/docker`).
      if (isDockerContainersOrRoot(host)) out.add(normalizePath(m.mountPath));
    }
  }
  return [...out];
}
