import type { ChartRelease, Discovery, EmbeddedConfig, KustomizationInfo, OtherKey } from '../discover/discovery-types.js';
import { dirIdOf, helmDirId } from '../includes/vfs.js';
import { Scalar } from 'yaml';
import type { ConfigMapValue, GeneratedObject } from './types.js';
import { dirname, joinPath, normalizePath } from './paths.js';
import { buildPath, type KustomizationNode, type KustomizeBuild } from '../discover/kustomize-build.js';
import { isKustomizationFileName } from '../discover/kustomization.js';
import { scriptConfigMaps } from './script-configmaps.js';

/*
 * What a volume can hold: the keys of the ConfigMaps and Secrets of the
 * batch, of the ConfigMaps kustomize generates from files, and of the
 * ConfigMap a Helm chart renders from its values.
 */

/** One file of a ConfigMap-like object: the configs it holds (the Helm chart's fluent-bit.conf is four values strings), or another key. */
export interface ObjectEntry {
  readonly configs: readonly EmbeddedConfig[];
  readonly other: OtherKey | undefined;
  /** A kustomize generator's `literals` or `envs` value (the text the key holds, where it is written). */
  readonly value?: ConfigMapValue;
}

/** A ConfigMap or Secret (written, generated, or a chart's) and its keys. */
export interface ObjectDir {
  readonly kind: 'ConfigMap' | 'Secret' | 'chart';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly entries: ReadonlyMap<string, ObjectEntry>;
  /** Where it is written, for messages. */
  readonly path: string;
  /** Its keys are only those we could read: a script's `--from-file` source we cannot resolve adds keys we do not know (container-fs.ts reads a path it lacks as unknown, not missing). */
  readonly partial?: boolean;
  /** A kustomize-generated object whose every key the model lists (files, literals, env files of the batch): envFrom may read it whole. */
  readonly complete?: boolean;
}

export interface ObjectIndex {
  /**
   * The ConfigMap or Secret a volume names: in the workload's namespace
   * (when both are known), preferring one written in the workload's own file,
   * then in its directory (files of a folder are often alternatives that
   * reuse one name), then anywhere in the batch, or only among the
   * directories of the workload's deployment when the batch holds several
   * (MigrateOptions.deployments).
   */
  find(kind: 'ConfigMap' | 'Secret', name: string | undefined, namespace: string | undefined, fromPath?: string): ObjectDir | undefined;
  /** The chart ConfigMap of a set of values (by its dir id). */
  chart(dirId: string): ObjectDir | undefined;
  /** The ConfigMaps and Secrets kustomize generates with the plain file at `path` (a batch path) as a key, in batch order. */
  generatedFrom(path: string): readonly GeneratedObject[];
  /** A base's file that `behavior: merge`/`replace` generators take out of its object in every build; undefined when some build keeps it. */
  replacedBy(config: EmbeddedConfig): Replaced | undefined;
}

/** A generator's file no build keeps in its object: the overlays (kustomization files) that replace it, the object, and the configs the object holds in the builds. */
export interface Replaced {
  readonly overlays: readonly string[];
  readonly object: ObjectDir;
  readonly configs: readonly EmbeddedConfig[];
}


/** Files the fluent/fluent-bit chart's ConfigMap always has (templates/configmap.yaml). */
export const CHART_FILES = ['fluent-bit.conf', 'custom_parsers.conf'];

/**
 * The chart ConfigMaps of the releases that name a values file per environment with others (`values/{{ .Environment.Name }}.yaml`
 * in two helmfile releases: ChartReleaseInfo.sharedEnvironmentFile) whose chart config strings `c` is: each release's
 * environment renders the file's strings into its own chart's ConfigMap (release-deployments joinSharedEnvironmentFiles joins
 * the file's values to each release), one config judged by every release that renders it.
 */
function sharedChartDirs(d: Discovery, c: EmbeddedConfig): string[] {
  const releases = sharedFileReleases(d);
  if (releases.length === 0) return [];
  const own = dirIdOf(c);
  const values = d.helmCharts.find((v) => v.release === undefined && helmDirId(d.path, v.docIndex, v.rootPath) === own);
  if (!values) return [];
  return [...new Set(releases.map((release) => `helm:${release.id}/${values.subchart.join('/')}`))];
}

/** The links of a values file several releases' environments name (`sharedEnvironmentFile`), each with its release's environment. */
export function sharedEnvironmentLinks(d: Discovery): Discovery['releases'] {
  return d.releases.filter((r) => r.sharedEnvironmentFile && r.release.target !== undefined && r.release.environments !== undefined);
}

/**
 * The releases that name a values file several releases name, each at its item's place (`precedence`) and, for an
 * environment's file (sharedEnvironmentLinks), with its environment: a plain file (`values/overrides.yaml` in fb-a's
 * and fb-b's `values:`) is one of each naming release's sets, merged with its others at that item (helmfile renders a
 * release's `values:` in order). A release naming the file twice keeps its later item (the later merge decides). Empty
 * when one release names it (its set has that release: discover-file valuesFileRelease).
 */
export function sharedFileReleases(d: Discovery): ChartRelease[] {
  const environment = sharedEnvironmentLinks(d).map((r) => r.release);
  const plain = d.releases.filter((r) => r.valuesFile && r.valuesFrom === undefined && !r.sharedEnvironmentFile && r.release.target === undefined);
  if (environment.length + plain.length < 2) return environment;
  const latest = new Map<string, ChartRelease>();
  for (const r of plain) {
    const precedence = r.values[0]?.precedence ?? r.release.precedence;
    const seen = latest.get(r.release.id);
    if (!seen || seen.precedence < precedence) latest.set(r.release.id, { ...r.release, precedence });
  }
  return [...environment, ...latest.values()];
}

function addEntry(entries: Map<string, ObjectEntry>, name: string, config?: EmbeddedConfig, other?: OtherKey): void {
  const e = entries.get(name);
  entries.set(name, { configs: config ? [...(e?.configs ?? []), config] : (e?.configs ?? []), other: e?.other ?? other });
}

/** A generated object's key made from a file: the file's configs, or a key whose content is not a config of the batch. */
function addFileEntry(entries: Map<string, ObjectEntry>, key: string, configs: readonly EmbeddedConfig[] | undefined): void {
  if (configs !== undefined && configs.length > 0) for (const c of configs) addEntry(entries, key, c);
  else addEntry(entries, key);
}

/**
 * Indexes the batch's ConfigMaps and Secrets (by kind and name), the
 * ConfigMaps/Secrets kustomize generates from files of the batch
 * (`configMapGenerator`, `secretGenerator`; the name kustomize gives them
 * ends with a hash, and kustomize rewrites the references of the workloads
 * it builds, so they are found by their generator name), and the chart
 * ConfigMaps of Helm values.
 */
export function indexObjects(discoveries: readonly Discovery[], kustomizations: KustomizeBuild<KustomizationNode>, deploymentOf?: ReadonlyMap<string, number>, deployed: (kustomization: string) => boolean = () => false, overridden: (config: EmbeddedConfig) => boolean = () => false): ObjectIndex {
  const objects: ObjectDir[] = [];
  const merges: Override[] = [];
  const replaced = new Map<EmbeddedConfig, Replaced>();
  const charts = new Map<string, ObjectDir>();
  const filesByPath = new Map<string, EmbeddedConfig[]>();
  for (const d of discoveries) {
    for (const c of d.configs) {
      if (c.origin !== 'file') continue;
      const p = normalizePath(c.path);
      filesByPath.set(p, [...(filesByPath.get(p) ?? []), c]);
    }
  }
  const byPath = new Map(discoveries.map((d) => [normalizePath(d.path), d] as const));
  const textOf = (p: string): { readonly path: string; readonly text: string } | undefined => byPath.get(p);
  const listedComponents = new Set(discoveries.flatMap((d) => d.kustomizations.flatMap((k) => (k.components ?? []).map((c) => joinPath(dirname(normalizePath(d.path)), c)))));
  for (const d of discoveries) {
    // A file's configs and other keys grouped by object once (a List of thousands of ConfigMaps is one file).
    const configsByDir = new Map<string, EmbeddedConfig[]>();
    for (const c of d.configs) {
      if (c.origin !== 'configmap') continue;
      const dir = dirIdOf(c);
      const list = configsByDir.get(dir);
      if (list) list.push(c);
      else configsByDir.set(dir, [c]);
    }
    const othersByObject = new Map<string, OtherKey[]>();
    for (const k of d.otherKeys) {
      const key = `${k.docIndex}\u0000${k.configMap.objectPath.join('/')}`;
      const list = othersByObject.get(key);
      if (list) list.push(k);
      else othersByObject.set(key, [k]);
    }
    for (const cm of d.configMaps) {
      const entries = new Map<string, ObjectEntry>();
      const dir = `cm:${d.path}#${cm.docIndex}/${cm.objectPath.join('/')}`;
      for (const c of configsByDir.get(dir) ?? []) addEntry(entries, c.name, c);
      for (const k of othersByObject.get(`${cm.docIndex}\u0000${cm.objectPath.join('/')}`) ?? []) addEntry(entries, k.name, undefined, k);
      objects.push({ kind: cm.kind, name: cm.name, namespace: cm.namespace, entries, path: d.path });
    }
    for (const k of d.kustomizations) {
      // A Component no kustomization of the batch lists is in no build: its generators make nothing.
      if (k.component === true && !listedComponents.has(dirname(normalizePath(d.path)))) continue;
      const made = generated(d.path, k, filesByPath, d.configs, textOf, d.text);
      objects.push(...made);
      k.generators.forEach((g, i) => {
        const o = made[i];
        if ((g.merge === true || g.replace === true) && o) merges.push({ object: o, kustomization: d.path, info: k, replace: g.replace === true });
      });
    }
    for (const c of d.configs) {
      // A config string a higher value set of its release replaces (build-deployment overriddenConfigs) is not in the chart's ConfigMap.
      if (c.origin !== 'helm-value' || overridden(c)) continue;
      for (const id of [dirIdOf(c), ...sharedChartDirs(d, c)]) {
        const existing = charts.get(id);
        const entries = new Map(existing?.entries ?? []);
        addEntry(entries, c.name, c);
        charts.set(id, { kind: 'chart', name: undefined, namespace: undefined, entries, path: existing?.path ?? d.path });
      }
    }
  }
  // `kubectl create configmap|secret generic NAME --from-file=...` in a script or Makefile: a generator as well (script-configmaps.ts).
  const scripted = scriptConfigMaps(discoveries);
  for (const s of scripted) {
    const entries = new Map<string, ObjectEntry>();
    for (const f of s.files) addFileEntry(entries, f.key, filesByPath.get(f.path));
    for (const key of s.literals) addEntry(entries, key);
    objects.push({ kind: s.kind, name: s.name, namespace: s.namespace, entries, path: s.script, ...(s.complete ? {} : { partial: true }) });
  }
  mergeGenerators(objects, merges, kustomizations, discoveries.flatMap((d) => d.kustomizations.map((info) => ({ path: d.path, info }))), replaced, deployed);
  // The chart renders these files from its defaults when the values do not set them: they exist, with contents we do not see.
  for (const chart of charts.values()) {
    const entries = chart.entries as Map<string, ObjectEntry>;
    for (const name of CHART_FILES) if (!entries.has(name)) entries.set(name, { configs: [], other: undefined });
  }
  const generatedByFile = new Map<string, GeneratedObject[]>();
  for (const d of discoveries) {
    for (const k of d.kustomizations) {
      const base = dirname(normalizePath(d.path));
      if (k.component === true && !listedComponents.has(base)) continue;
      for (const g of k.generators) {
        const name = g.name === undefined ? undefined : `${k.namePrefix ?? ''}${g.name}${k.nameSuffix ?? ''}`;
        for (const f of g.files) {
          const file = joinPath(base, f.path);
          const list = generatedByFile.get(file) ?? [];
          list.push({ kind: g.kind, name, namespace: k.namespace ?? g.namespace, key: f.key, path: d.path });
          generatedByFile.set(file, list);
        }
      }
    }
  }
  for (const s of scripted) {
    for (const f of s.files) {
      const list = generatedByFile.get(f.path) ?? [];
      list.push({ kind: s.kind, name: s.name, namespace: s.namespace, key: f.key, path: s.script });
      generatedByFile.set(f.path, list);
    }
  }
  const byName = new Map<string, ObjectDir[]>();
  for (const o of objects) {
    const key = `${o.kind}\u0000${o.name ?? ''}`;
    const list = byName.get(key);
    if (list) list.push(o);
    else byName.set(key, [o]);
  }
  return {
    find(kind, name, namespace, fromPath) {
      if (name === undefined) return undefined;
      const named = (byName.get(`${kind}\u0000${name}`) ?? []).filter((o) => o.name === name);
      const inNamespace = named.filter((o) => namespace === undefined || o.namespace === undefined || o.namespace === namespace);
      const pool = inNamespace.length > 0 ? inNamespace : named;
      if (fromPath === undefined) return pool[0];
      const dir = dirname(normalizePath(fromPath));
      const own = pool.find((o) => o.path === fromPath) ?? pool.find((o) => dirname(normalizePath(o.path)) === dir);
      if (own !== undefined || deploymentOf === undefined) return own ?? pool[0];
      // A batch of several deployments (MigrateOptions.deployments): only one of the workload's own.
      const group = deploymentOf.get(dir);
      return pool.find((o) => deploymentOf.get(dirname(normalizePath(o.path))) === group);
    },
    chart: (dirId) => charts.get(dirId),
    generatedFrom: (path) => generatedByFile.get(normalizePath(path)) ?? [],
    replacedBy: (config) => replaced.get(config),
  };
}

/** The objects a kustomization generates from files beside it. */
function generated(path: string, k: KustomizationInfo, filesByPath: ReadonlyMap<string, EmbeddedConfig[]>, configs: readonly EmbeddedConfig[], textOf: (path: string) => { readonly path: string; readonly text: string } | undefined, kustomizationText: string): ObjectDir[] {
  const base = dirname(normalizePath(path));
  return k.generators.map((g) => {
    const entries = new Map<string, ObjectEntry>();
    // Its `literals` that hold a config (discover-file.ts readGeneratorLiterals): the same key of the same object.
    const at = g.at?.join('/');
    if (at !== undefined) {
      for (const c of configs) {
        const objectPath = c.configMap?.objectPath.join('/');
        if (c.origin === 'configmap' && c.docIndex === k.docIndex && objectPath !== undefined && (objectPath === at || objectPath.endsWith(`/${at}`))) addEntry(entries, c.name, c);
      }
    }
    // kustomize reads env files, then literals, then files (api/kv/kv.go Load); a key twice is an error there.
    let complete = true;
    for (const e of g.envs ?? []) {
      const file = textOf(joinPath(base, e));
      if (file === undefined) complete = false;
      else for (const v of envFileValues(file.path, file.text)) setValue(entries, v);
    }
    for (const l of g.literals ?? []) setValue(entries, { key: l.key, value: l.value, node: l.node, path, text: kustomizationText });
    for (const f of g.files) addFileEntry(entries, f.key, filesByPath.get(joinPath(base, f.path)));
    return { kind: g.kind, name: g.name, namespace: g.namespace ?? k.namespace, entries, path, ...(complete ? { complete: true } : {}) };
  });
}

/** A key's text from a generator (a config literal already added keeps its configs). */
function setValue(entries: Map<string, ObjectEntry>, v: ConfigMapValue & { readonly key: string }): void {
  const e = entries.get(v.key);
  entries.set(v.key, { configs: e?.configs ?? [], other: e?.other, value: { value: v.value, node: v.node, path: v.path, text: v.text } });
}

/**
 * The `KEY=value` lines of a kustomize env file (api/kv/kv.go keyValuesFromLine: leading white space trimmed, empty
 * and `#` lines skipped, split at the first `=`, no `=`: an empty value; the value as written, quotes and trailing
 * spaces kept), each with a scalar at the value for findings. Linear, no regular expression.
 */
export function envFileValues(path: string, text: string): (ConfigMapValue & { readonly key: string })[] {
  const out: (ConfigMapValue & { readonly key: string })[] = [];
  let from = text.startsWith('\uFEFF') ? 1 : 0;
  while (from <= text.length) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    const lineEnd = end > from && text[end - 1] === '\r' ? end - 1 : end;
    let start = from;
    while (start < lineEnd && /\s/.test(text[start]!)) start++;
    if (start < lineEnd && text[start] !== '#') {
      const eq = text.indexOf('=', start);
      const keyEnd = eq >= 0 && eq < lineEnd ? eq : lineEnd;
      const valueStart = keyEnd < lineEnd ? keyEnd + 1 : lineEnd;
      const node = new Scalar(text.slice(valueStart, lineEnd));
      node.range = [valueStart, lineEnd, lineEnd];
      out.push({ key: text.slice(start, keyEnd), value: text.slice(valueStart, lineEnd), node, path, text });
    }
    from = end + 1;
    if (end === text.length) break;
  }
  return out;
}

/** A `behavior: merge` or `replace` generator and the object it makes of its own files. */
interface Override {
  readonly object: ObjectDir;
  readonly kustomization: string;
  readonly info: KustomizationInfo;
  readonly replace: boolean;
}

/**
 * `configMapGenerator` / `secretGenerator` entries with `behavior: merge` or
 * `replace` (an overlay adding `inputs.conf` to its base's ConfigMap, or
 * swapping its `fluent-bit.conf`): kustomize changes the object of that kind
 * and name that the kustomization's resources build (api/resmap/reswrangler.go
 * `appendReplaceOrMerge`: merge puts the generator's keys over the object's,
 * replace keeps the generator's only). `kustomize build` runs on one root, so
 * an overlay's change holds in the builds that include that overlay only: the
 * object's files are computed per build (each kustomization no other one of the
 * batch builds is a build, and one a GitOps controller deploys; `roots`), and the object holds every file some build
 * gives it (a workload mounting it runs each). A base file every build replaces
 * is in none (`replaced` names it, with the overlays).
 */
function mergeGenerators(objects: readonly ObjectDir[], overrides: readonly Override[], build: KustomizeBuild<KustomizationNode>, nodes: readonly KustomizationNode[], replaced: Map<EmbeddedConfig, Replaced>, deployed: (kustomization: string) => boolean): void {
  if (overrides.length === 0) return;
  const reachOf = new Map<string, ReadonlySet<string>>();
  const reach = (k: KustomizationNode): ReadonlySet<string> => {
    const p = buildPath(k.path);
    let r = reachOf.get(p);
    if (!r) reachOf.set(p, (r = build.reach(k)));
    return r;
  };
  const kustomizationFiles = nodes.filter((n) => isKustomizationFileName(buildPath(n.path)));
  const reached = new Set<string>();
  for (const n of kustomizationFiles) for (const p of reach(n)) reached.add(p);
  // A kustomization no other one builds is what `kustomize build` runs on; so is one an Application or Flux Kustomization deploys.
  const roots = kustomizationFiles.filter((n) => !reached.has(buildPath(n.path)) || deployed(n.path));
  const targets = new Map<ObjectDir, Override[]>();
  for (const m of overrides) {
    // A Component's generator changes what the kustomizations listing it build, not its own resources only.
    const built = build.generatorReach({ path: m.kustomization, info: m.info });
    for (const o of objects) {
      if (o === m.object || o.kind !== m.object.kind || o.name !== m.object.name || !built.has(buildPath(o.path))) continue;
      if (m.object.namespace !== undefined && o.namespace !== undefined && m.object.namespace !== o.namespace) continue;
      targets.set(o, [...(targets.get(o) ?? []), m]);
    }
  }
  for (const [o, ms] of targets) {
    const builds = roots.filter((r) => buildPath(r.path) === buildPath(o.path) || reach(r).has(buildPath(o.path)));
    const original = new Map(o.entries);
    const perBuild = builds.map((r) => {
      const mine = ms.filter((m) => buildPath(m.kustomization) === buildPath(r.path) || reach(r).has(buildPath(m.kustomization)));
      // Inner overlays first: kustomize builds an overlay's resources before its own generators run.
      mine.sort((a, b) => (reach({ path: b.kustomization, info: b.info }).has(buildPath(a.kustomization)) ? -1 : reach({ path: a.kustomization, info: a.info }).has(buildPath(b.kustomization)) ? 1 : 0));
      let files: Map<string, ObjectEntry> = new Map(original);
      for (const m of mine) {
        if (m.replace) files = new Map(m.object.entries);
        else for (const [key, e] of m.object.entries) files.set(key, e);
      }
      return { files, overlays: mine.map((m) => m.kustomization) };
    });
    if (perBuild.length === 0) continue;
    const entries = o.entries as Map<string, ObjectEntry>;
    entries.clear();
    for (const { files } of perBuild) {
      for (const [key, e] of files) {
        const had = entries.get(key);
        // A generated value two builds give differently is not known for the object they share.
        const value = had === undefined ? e.value : had.value?.value === e.value?.value ? had.value : undefined;
        entries.set(key, { configs: [...(had?.configs ?? []), ...e.configs.filter((c) => !had?.configs.includes(c))], other: had?.other ?? e.other, ...(value !== undefined ? { value } : {}) });
      }
    }
    for (const e of original.values()) {
      for (const c of e.configs) {
        if (perBuild.some(({ files }) => [...files.values()].some((f) => f.configs.includes(c)))) continue;
        replaced.set(c, { overlays: [...new Set(perBuild.flatMap((b) => b.overlays))], object: o, configs: [...entries.values()].flatMap((x) => x.configs) });
      }
    }
  }
}
