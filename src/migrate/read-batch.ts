import { discoverFile } from '../discover/discover-file.js';
import { chartMayRunFluentBit } from '../discover/chart-kind.js';
import { sourceKeyPrefix, type FluxSource } from '../discover/flux-source.js';
import type { ChartRelease, ChartReleaseInfo, Discovery, DiscoveryHints, EmbeddedConfig, HelmRepositoryRef, OperatorInput, ValuesFileLink, ValuesFileRef, ValuesFromRef } from '../discover/discovery-types.js';
import { batchPipelines } from '../discover/ci-shells.js';
import { inClusterPipeline, jenkinsGroovyFiles, jenkinsUnreadGroovy, mayRunHelm, scriptReleases, type HelmValuesFile, type ScriptRelease } from '../discover/shell-helm.js';
import type { Diagnostic } from '../source/diagnostic.js';
import { dirname, joinPath, normalizePath } from '../deploy/paths.js';
import { buildDeployment, indexBatch, type BatchIndex, type DeploymentOptions } from '../deploy/build-deployment.js';
import { mayHoldFluxPostBuild, substitutingBuild, withFluxVolumes } from '../deploy/flux-postbuild.js';
import { setFileAmbiguities } from '../deploy/script-releases.js';
import { unappliedFluxPatches } from '../deploy/flux-patches-unapplied.js';
import { markFluxSubstituted } from '../view/flux-escape.js';
import type { ConfigKey, Deployment } from '../deploy/types.js';
import type { ConfigTree } from '../grammar/syntax-tree.js';
import { parseDiscoveredConfigs, type ParsedConfig } from '../model/parse-configs.js';
import type { SourceFile } from '../source/source-file.js';
import { classicView } from '../view/classic.js';
import { operatorView } from '../view/operator.js';
import { fileTarget, targetIn } from '../view/target.js';
import type { ConfigView } from '../view/types.js';
import { yamlFormatView } from '../view/yaml-format.js';
import { dropSourceTokens } from '../yaml/drop-source-tokens.js';
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { linkUmbrellaCharts } from './umbrella-links.js';
import { linkPatchCharts } from './patch-chart-links.js';
import { linkHelmfileLayers } from './helmfile-layers.js';
import { holdsValuesFromObject, valuesFileAmbiguity, valuesFileIndices, valuesFilePath, valuesFromGenerators } from './values-file-links.js';

/** A Fluent Bit config of the batch as rules see it. */
export interface BatchConfig {
  readonly view: ConfigView;
  /** How the deployment model knows it (undefined never happens today; kept for views without a source). */
  readonly key: ConfigKey | undefined;
  readonly discovery: Discovery;
  /** The classic parse, for classic configs. */
  readonly parsed: ParsedConfig | undefined;
  /** Parse errors (classic) or an unreadable file: the config still counts for its setup's facts, no rule reads it. */
  readonly blocked: boolean;
}

/** Everything read from a batch, before any rule runs: discoveries, parsed configs, the deployment model, views. */
export interface BatchState {
  readonly files: readonly SourceFile[];
  /** One per file, as read with what the batch tells about it (Flux valuesFrom links). */
  readonly discoveries: readonly Discovery[];
  /** One per file, as read on its own (what a later read of the same text reuses). */
  readonly raw: readonly Discovery[];
  readonly parsed: readonly ParsedConfig[];
  readonly deployment: Deployment;
  readonly configs: readonly BatchConfig[];
  /** The view of a discovered config (classic or YAML format). */
  viewOf(config: EmbeddedConfig): ConfigView | undefined;
  /** Classic trees by view target id (for the edit engine's uneditable-line check). */
  readonly trees: ReadonlyMap<string, ConfigTree>;
  /**
   * Forgets the views made so far (memory, issue #14: a big config's view is
   * ~10x its text); a later read makes them again. Operator views are kept
   * (they are small and made eagerly).
   */
  releaseViews(): void;
  /**
   * Forgets the classic models and trees of these files' configs (memory,
   * issue #14; made again when read: ParsedConfig.releaseModel) and their
   * `trees` entries, which serve the rules only.
   */
  releaseClassic(files: ReadonlySet<Discovery>): void;
  /**
   * Forgets every `trees` entry (the rules' uneditable-line check is their only reader): the --to-yaml stage, which
   * runs no rule, keeps a big config's classic tree (~1.3x its text) out of its conversion (memory, issue #14).
   */
  releaseTrees(): void;
}

/** How a batch is read. */
export interface ReadOptions {
  /**
   * False: no edit will be built from the files read here (the output check's
   * re-read), so their YAML documents drop their CST tokens once discovered.
   * Discoveries reused from `previous` are left as they are.
   */
  readonly forEditing?: boolean;
}

/** Discoveries whose tokens are gone (tokens never come back): the output check asks for a file's reading and its raw one, mostly the same object. */
const dropped = new WeakSet<Discovery>();

/** Drops the CST tokens of a discovery's documents and values strings (see dropSourceTokens); once per discovery. */
export function dropDiscoveryTokens(d: Discovery): void {
  if (dropped.has(d)) return;
  dropped.add(d);
  dropSourceTokens(d.documents);
  for (const v of d.valuesTexts) dropSourceTokens(v.documents);
}

/**
 * Reads a batch: discovers every file, parses its classic configs, builds
 * the deployment model once, and makes a view of every config (classic,
 * YAML format, Fluent Operator input). Pure; never throws for bad input.
 */
export function readBatch(files: readonly SourceFile[], options: DeploymentOptions, previous?: BatchState, read: ReadOptions = {}): BatchState {
  // A file whose text did not change is not read again (the invariants re-read a migrated batch). Keyed by path
  // (and hints), the text compared: a key holding the text was a flat copy of every file, alive with the state's
  // closures (memory, issue #14: 10 MB more through a big config's --to-yaml run).
  const reused = new Map<string, { readonly text: string; readonly discovery: Discovery }[]>();
  const reuse = (key: string, text: string, discovery: Discovery): void => {
    // As Map.set on a key holding the text did: the last one of a path and text wins.
    const list = (reused.get(key) ?? []).filter((r) => r.text !== text);
    list.push({ text, discovery });
    reused.set(key, list);
  };
  const reusedOf = (key: string, text: string): Discovery | undefined => reused.get(key)?.find((r) => r.text === text)?.discovery;
  previous?.files.forEach((f, i) => {
    const raw = previous.raw[i];
    if (raw) reuse(f.path, f.text, raw);
    const d = previous.discoveries[i];
    if (d?.hints) reuse(`${f.path}\u0000${JSON.stringify(d.hints)}`, f.text, d);
  });
  // A reading no edit will come from forgets its CST as soon as it is made (dropSourceTokens).
  const discover = (file: SourceFile, hints?: DiscoveryHints): Discovery => {
    const d = discoverFile(file, hints);
    if (read.forEditing === false) dropDiscoveryTokens(d);
    return d;
  };
  const raw = files.map((file) => reusedOf(file.path, file.text) ?? discover(file));
  const readWith = (file: SourceFile, hints: DiscoveryHints): Discovery => reusedOf(`${file.path}\u0000${JSON.stringify(hints)}`, file.text) ?? discover(file, hints);
  // HelmRepositories of other files first: a HelmRelease's chart kind decides how its values (and valuesFrom keys) are read.
  // By-name lookups across files (HelmRepositories, valuesFrom objects, values files) stay inside a file's deployment
  // when the batch holds several (MigrateOptions.deployments, the CLI's --to-yaml), as ObjectIndex.find does.
  const together = sameDeployment(options.deploymentOf);
  const repositories = repositoryHints(raw, options.fluxSources, together);
  const indexOf = new Map(files.map((f, i) => [f, i]));
  const withRepositories = raw.map((d, i) => {
    const helmRepositories = repositories.get(i);
    return helmRepositories ? readWith(files[i] as SourceFile, { helmRepositories }) : d;
  });
  const linked = linkValuesFrom(files, withRepositories, together, (file, hints) => {
    const helmRepositories = repositories.get(indexOf.get(file) ?? -1);
    return readWith(file, helmRepositories ? { helmRepositories, ...hints } : hints);
  });
  const linkedAll = linkPatchCharts(files, linkUmbrellaCharts(files, linkValuesFiles(files, linkHelmfileLayers(files, linked, together, readWith), together, readWith), readWith), together, readWith);
  // The kustomize index and the Flux builds, once per batch (the model reads both). Volumes Flux postBuild fills (`path: ${LOG_DIR}`)
  // are read with the build's values (withFluxVolumes); it changes no input of either.
  const index = indexBatch(linkedAll, options);
  const discoveries = withUnappliedPatches(withFluxVolumes(linkedAll, index.postBuilds), index.kustomizations);
  reused.clear(); // the state's closures share this frame's context
  const old = new Set(discoveries.filter((d) => previous?.discoveries.includes(d)));
  // Each discovery's first index (what indexOf answered, once per comparison).
  const order = new Map<Discovery, number>();
  discoveries.forEach((d, i) => {
    if (!order.has(d)) order.set(d, i);
  });
  const parsed = [
    ...(previous?.parsed.filter((p) => old.has(p.discovery)) ?? []),
    ...parseDiscoveredConfigs(discoveries.filter((d) => !old.has(d))),
  ].sort((a, b) => (order.get(a.discovery) ?? -1) - (order.get(b.discovery) ?? -1));
  const deployment = buildDeployment(discoveries, parsed, options, index);
  // Configs Flux substitutes before Fluent Bit reads them: their views read `$${VAR}` as the `${VAR}` Fluent Bit gets.
  if (discoveries.some((d) => mayHoldFluxPostBuild(d.text))) {
    for (const d of discoveries) {
      for (const c of d.configs) {
        const build = substitutingBuild(c, deployment);
        if (build) markFluxSubstituted(c, build);
      }
    }
  }
  const configs: BatchConfig[] = [];
  const trees = new Map<string, ConfigTree>();
  // Views are made when first read: a re-read batch (the output check) mostly needs none, and a big config's view is ~20x its text.
  const byConfig = new Map<string, () => ConfigView>();
  const forget: (() => void)[] = [];
  const lazy = (make: () => ConfigView): (() => ConfigView) => {
    let view: ConfigView | undefined;
    forget.push(() => (view = undefined));
    return () => (view ??= make());
  };
  const unreadable = new Set(discoveries.filter((d) => d.diagnostics.some((x) => x.severity === 'error')));
  for (const p of parsed) {
    const view = lazy(() => classicView(p.config, p.model));
    trees.set(p.config.id, p.tree); // the view's target id (configTarget)
    byConfig.set(p.config.id, view);
    configs.push({ get view() { return view(); }, key: p.config, discovery: p.discovery, parsed: p, blocked: p.hasErrors || unreadable.has(p.discovery) });
  }
  for (const d of discoveries) {
    if (unreadable.has(d)) continue;
    const target = fileTarget(d.path, d.text);
    for (const c of d.configs) {
      if (c.format !== 'yaml') continue;
      const view = lazy(() => yamlFormatView(c));
      byConfig.set(c.id, view);
      configs.push({ get view() { return view(); }, key: c, discovery: d, parsed: undefined, blocked: false });
    }
    const inputs = [...d.operatorInputs, ...d.helmCharts.flatMap((h) => h.inputs)];
    for (const input of inputs) {
      // A chart input merged into a higher set's view, or turned off by the merged values, has no view of its own.
      const merge = deployment.anyInputMerges ? deployment.inputMerge(input) : undefined;
      if (merge !== undefined && !('lower' in merge)) continue;
      const lower = merge?.lower.map((l) => ({ input: l.input, file: targetIn(fileTarget(l.path, l.text), l.input.text), replaced: replacedKeys(deployment, l.input) }));
      configs.push({ view: operatorView(input, targetIn(target, input.text), replacedKeys(deployment, input), lower), key: input, discovery: d, parsed: undefined, blocked: false });
    }
  }
  const releaseViews = (): void => {
    for (const f of forget) f();
  };
  const releaseClassic = (released: ReadonlySet<Discovery>): void => {
    for (const p of parsed) {
      if (!released.has(p.discovery)) continue;
      p.releaseModel();
      trees.delete(p.config.id);
    }
  };
  const releaseTrees = (): void => trees.clear();
  return { files, discoveries, raw, parsed, deployment, configs, viewOf: (c) => byConfig.get(c.id)?.(), trees, releaseViews, releaseClassic, releaseTrees };
}

/** Whether two batch files may resolve each other's objects by name: always, unless the batch holds several deployments and they sit in different ones. */
type Together = (a: string, b: string) => boolean;

function sameDeployment(deploymentOf: ReadonlyMap<string, number> | undefined): Together {
  if (deploymentOf === undefined) return () => true;
  const groupOf = (path: string): number | undefined => deploymentOf.get(dirname(normalizePath(path)));
  return (a, b) => groupOf(a) === groupOf(b);
}

/**
 * Flux HelmRepositories of the batch for the HelmReleases whose `sourceRef`
 * names one their own file does not hold (a repository file next to release
 * files is the usual layout): by file index, the `namespace/name` or `name`
 * entries (the first file's in batch order) they resolve to, then those of
 * `MigrateOptions.fluxSources` (other directories) for keys the batch lacks.
 * Those files are read again with them; a file's own reading stays per file.
 */
function repositoryHints(raw: readonly Discovery[], given: ReadonlyMap<string, FluxSource> | undefined, together: Together): Map<number, (readonly [string, FluxSource])[]> {
  const out = new Map<number, (readonly [string, FluxSource])[]>();
  if (!raw.some((d) => d.missingRepositories.length > 0)) return out;
  const sourcesFor = (path: string): Map<string, FluxSource> => {
    const all = new Map<string, FluxSource>();
    for (const d of raw) if (together(d.path, path)) for (const [key, url] of d.helmRepositories) if (!all.has(key)) all.set(key, url);
    for (const [key, url] of given ?? []) if (!all.has(key)) all.set(key, url);
    return all;
  };
  raw.forEach((d, i) => {
    if (d.missingRepositories.length === 0) return;
    const all = sourcesFor(d.path);
    const entries = new Map<string, FluxSource>();
    const add = (ref: HelmRepositoryRef): void => {
      const kind = sourceKeyPrefix(ref.kind);
      const scoped = ref.namespace !== undefined ? `${kind}${ref.namespace}/${ref.name}` : undefined;
      const key = scoped !== undefined && all.has(scoped) ? scoped : all.has(`${kind}${ref.name}`) ? `${kind}${ref.name}` : undefined;
      const source = key !== undefined ? all.get(key) : undefined;
      if (key === undefined || source === undefined || entries.has(key)) return;
      entries.set(key, source);
      // A HelmChart's chart is in its source (its namespace's): that one too, unless a Bucket (no URL).
      const chartSource = source.helmChart?.sourceRef;
      if (chartSource && chartSource.kind !== 'Bucket') add({ kind: chartSource.kind, name: chartSource.name, namespace: source.namespace ?? ref.namespace });
    };
    for (const ref of d.missingRepositories) add(ref);
    if (entries.size > 0) out.set(i, [...entries]);
  });
  return out;
}

/**
 * Flux `valuesFrom`: a HelmRelease's values in a ConfigMap or Secret of the
 * batch (its `valuesKey`), or in the file a kustomize generator of that name
 * makes the key from. Those files are read again with the link, so that
 * their values are read as the release's (its chart, its precedence).
 */
function linkValuesFrom(files: readonly SourceFile[], raw: readonly Discovery[], together: Together, read: (file: SourceFile, hints: DiscoveryHints) => Discovery): Discovery[] {
  const refs = raw.flatMap((d) => d.valuesFrom.map((ref) => ({ ref, from: d.path })));
  if (refs.length === 0) return [...raw];
  type Hint = { valuesFrom: ValuesFromRef[]; wholeFile?: ChartRelease; wholeFileRef?: ValuesFromRef; missing?: ValuesFromRef[] };
  const hints = new Map<number, Hint>();
  const hintOf = (i: number): Hint => {
    let h = hints.get(i);
    if (!h) hints.set(i, (h = { valuesFrom: [] }));
    return h;
  };
  const byPath = new Map(files.map((f, i) => [normalizePath(f.path), i]));
  for (const { ref, from } of refs) {
    raw.forEach((d, i) => {
      if (!together(d.path, from)) return;
      // A targetPath item's key is one value (read for the rules that judge the release), not a values document.
      if (holdsValuesFromObject(d, ref)) hintOf(i).valuesFrom.push(ref);
      if (ref.targetPath !== undefined) return;
      for (const g of valuesFromGenerators(d, ref)) {
        const file = g.files.find((f) => f.key === ref.valuesKey);
        const at = file ? byPath.get(joinPath(dirname(normalizePath(d.path)), file.path)) : undefined;
        if (at !== undefined && !hintOf(at).wholeFile) Object.assign(hintOf(at), { wholeFile: ref.release, wholeFileRef: ref });
      }
    });
  }
  // Objects no input holds (nor a kustomize generator makes): said at the item, unless optional, for charts that may run Fluent Bit.
  raw.forEach((d, i) => {
    const missing = d.valuesFrom.filter((ref) => ref.optional !== true && chartMayRunFluentBit(ref.release.chart, ref.release.repoURL, ref.release.kind)
      && !raw.some((o) => together(o.path, d.path) && (holdsValuesFromObject(o, ref) || valuesFromGenerators(o, ref).length > 0)));
    if (missing.length > 0) hintOf(i).missing = missing;
  });
  const hintsOf = (h: Hint, after?: ValuesFileLink[]): DiscoveryHints => ({
    ...(h.valuesFrom.length > 0 ? { valuesFrom: h.valuesFrom } : {}),
    ...(h.missing ? { valuesFromMissing: h.missing } : {}),
    ...(h.wholeFile ? { wholeFile: h.wholeFile } : {}),
    ...(h.wholeFileRef ? { wholeFileRef: h.wholeFileRef } : {}),
    ...(after && after.length > 0 ? { valuesFromAfter: after } : {}),
  });
  const first = raw.map((d, i) => {
    const h = hints.get(i);
    return h ? read(files[i] as SourceFile, hintsOf(h)) : d;
  });
  // Flux merges the valuesFrom items in list order, then spec.values (helm-controller, fluxcd/pkg chartutil
  // ChartValuesFromReferences): each linked item's values are read again with the maps that win over it.
  const sets = new Map<string, { precedence: number; map: YAMLMap }[]>();
  first.forEach((d, i) => {
    for (const r of d.releases) {
      if (r.valuesFile && (r.valuesFrom === undefined || !hints.has(i))) continue;
      const list = sets.get(r.release.id) ?? [];
      for (const v of r.values) list.push({ precedence: r.valuesFrom !== undefined ? r.release.precedence : (v.precedence ?? 0), map: v.map });
      sets.set(r.release.id, list);
    }
  });
  return first.map((d, i) => {
    const h = hints.get(i);
    if (!h) return d;
    const after = d.releases.flatMap((r): ValuesFileLink[] => {
      if (r.valuesFrom === undefined) return [];
      const later = (sets.get(r.release.id) ?? []).filter((v) => v.precedence > r.release.precedence).sort((a, b) => a.precedence - b.precedence);
      return later.length > 0 ? [{ release: r.release, precedence: r.release.precedence, after: later.map((v) => v.map) }] : [];
    });
    return after.length > 0 ? read(files[i] as SourceFile, hintsOf(h, after)) : d;
  });
}

/** The keys of a chart-rendered input map (and of its `extraParams`) that a higher value set replaces (Deployment.replacedInputFields), as written; undefined when none. */
function replacedKeys(deployment: Deployment, input: OperatorInput): { main: ReadonlySet<string>; extra: ReadonlySet<string> } | undefined {
  const fields = deployment.anyReplacedInputFields ? deployment.replacedInputFields(input) : [];
  if (fields.length === 0) return undefined;
  const keys = (extra: boolean): Set<string> => new Set(fields.filter((f) => f.extra === extra).map((f) => String(f.node.value)));
  return { main: keys(false), extra: keys(true) };
}

/**
 * Values files a release names (Argo CD `helm.valueFiles`, helmfile string
 * `values` items; ChartReleaseInfo.valuesFileRefs) that the batch holds: those
 * files are read again with the link (DiscoveryHints.valuesFileOf), so that
 * the rules judging a release see its values there too. A path relative to an
 * unknown repository root (`anywhere`) links only when exactly one batch file
 * ends with it; a file that is not a values file (a manifest) is not linked.
 */
function linkValuesFiles(files: readonly SourceFile[], discoveries: readonly Discovery[], together: Together, read: (file: SourceFile, hints: DiscoveryHints) => Discovery): Discovery[] {
  // The releases the `helm install|upgrade` command lines of scripts, Makefiles and CI pipelines make (discover/shell-helm.ts), by file
  // index, read from the text (the file's discovery holds no release), and what is said about the parts not followed (SCRIPT_HELM_NOT_FOLLOWED).
  const scripts = new Map<number, readonly ScriptRelease[]>();
  const missing = new Map<number, Diagnostic[]>();
  let batchPaths: Set<string> | undefined;
  // The files a `.gitlab-ci.yml` of the batch includes: read as its pipeline's (discover/ci-shells.ts gitlabPipelines).
  const pipelines = batchPipelines(discoveries);
  // Groovy files a Jenkinsfile of the batch runs (`load`s, or calls as a shared library's `vars/<name>.groovy`), by path: the workspace
  // they run from (the Jenkinsfile's directory); null when Jenkinsfiles in two directories run it (which workspace is not known: not read).
  const loaded = new Map<string, string | null>();
  let inputs: string[] | undefined;
  let groovyInputs: string[] | undefined;
  for (const d of discoveries) {
    for (const f of mayRunHelm(d.path) ? jenkinsGroovyFiles(d.path, d.text, () => (inputs ??= files.map((x) => normalizePath(x.path)))) : []) {
      const workspace = dirname(normalizePath(d.path));
      loaded.set(f, loaded.has(f) && loaded.get(f) !== workspace ? null : workspace);
    }
  }
  discoveries.forEach((d, i) => {
    const pipeline = pipelines.size === 0 ? undefined : pipelines.get(normalizePath(d.path));
    const workspace = loaded.size === 0 || mayRunHelm(d.path) ? undefined : (loaded.get(normalizePath(d.path)) ?? undefined);
    // Tekton and Argo Workflows manifests: their steps' helm lines are said (scriptReleases).
    if (workspace === undefined && pipeline === undefined && !mayRunHelm(d.path) && (d.fileKind !== 'manifest' || inClusterPipeline(d.text) === undefined)) return;
    const { releases, notFollowed } = scriptReleases(d.path, d.text, { pipeline, workspace });
    if (releases.length > 0) scripts.set(i, releases);
    // A Jenkinsfile's `--set-file` that several inputs of its deployment may be, a script's read after a `cd` where another input may be
    // the one (deploy/script-releases.ts): said at its word.
    const ambiguous = d.text.includes('--set-file') ? setFileAmbiguities(d.path, d.text, (p) => (batchPaths ??= new Set(files.map((f) => normalizePath(f.path)))).has(p) && together(p, d.path)) : [];
    // The batch's Groovy files with a helm line this Jenkinsfile may run but that are not read (a `dir`/`ws` block, a path not plain): said
    // at its `load` or library step call; nothing when the batch holds none (a library kept in another repository).
    const unread = jenkinsUnreadGroovy(d.path, d.text, () => (groovyInputs ??= files.flatMap((f) => (f.path.endsWith('.groovy') && f.text.includes('helm') ? [normalizePath(f.path)] : []))));
    const said = [...notFollowed, ...ambiguous, ...unread].sort((a, b) => a.start - b.start);
    if (said.length > 0) missing.set(i, said.map((n) => ({ code: 'SCRIPT_HELM_NOT_FOLLOWED', severity: 'info', message: n.message, start: n.start, end: n.end })));
  });
  if (scripts.size === 0 && missing.size === 0 && !discoveries.some((d) => d.releases.some((r) => r.valuesFileRefs !== undefined))) return [...discoveries];
  const paths = files.map((f) => normalizePath(f.path));
  const links = new Map<number, ValuesFileLink[]>();
  // Release files whose values files are Go templates of the batch (helmfile renders `.gotmpl` files): by file index, [release id, precedence].
  const templates = new Map<number, [string, number][]>();
  // Release files whose `{{ .Environment.Name }}` items name no file of the batch: by file index, [release id, precedence].
  const unfound = new Map<number, [string, number][]>();
  discoveries.forEach((d, releaseFile) => {
    const own = scripts.get(releaseFile);
    const releases: readonly { readonly release: ChartRelease; readonly values: ChartReleaseInfo['values']; readonly valuesFileRefs?: readonly ValuesFileRef[]; readonly words?: readonly HelmValuesFile[]; readonly command?: string }[] = own ? [...d.releases, ...own.map((r) => ({ ...r, values: [] }))] : d.releases;
    if (!releases.some((r) => r.valuesFileRefs !== undefined)) return;
    // Another deployment's files are not there for this release (a path matched "anywhere" must be unique among its own).
    const ownPaths = paths.map((p) => (together(p, d.path) ? p : '\u0000'));
    for (const r of releases) {
      // The files of each `{{ .Environment.Name }}` item (by its precedence): whether the batch holds any, and the ones it does not.
      const environmentItems = new Map<number, { found: boolean; missing: ValuesFileRef[] }>();
      const resolved = (r.valuesFileRefs ?? []).flatMap((base, k) => {
        const found = valuesFileIndices(base, ownPaths, undefined, d.path);
        if (base.target !== undefined && r.release.environments !== undefined) {
          const item = environmentItems.get(base.precedence) ?? { found: false, missing: [] };
          if (found.length > 0) item.found = true;
          else item.missing.push(base);
          environmentItems.set(base.precedence, item);
        }
        let ambiguous = false;
        if (found.length === 0 && base.at !== undefined && chartMayRunFluentBit(r.release.chart, r.release.repoURL, r.release.kind)) {
          // Several files of its deployment end with an `anywhere` path and none sits under the release file's directories: said, not guessed.
          const several = valuesFileAmbiguity(base, ownPaths, d.path);
          ambiguous = several.length > 0;
          if (several.length > 0) {
            const listed = several.map((at) => files[at]?.path as string).join(', ');
            const written = d.text.slice(base.at[0], base.at[1]).replace(/^["']|["']$/g, '');
            const message = base.upward
              ? `${r.release.label}: its values file \`${written}\` is read in the Jenkins workspace (the repository root, this file's directory or one above it), so it is any of ${several.length} input files (${listed}): which one it is was not guessed, so none is judged as this release's values; run flb-migrate on the repository that holds it, or check it by hand`
              : `${r.release.label}: its values file \`${written}\` (relative to a repository root flb-migrate does not know) is any of ${several.length} input files (${listed}), and none sits under this file's directories: which one it is was not guessed, so none is judged as this release's values; run flb-migrate on the repository that holds it, or check it by hand`;
            missing.set(releaseFile, [...(missing.get(releaseFile) ?? []), { code: 'VALUES_FILE_AMBIGUOUS', severity: 'info', message, start: base.at[0], end: base.at[1] }]);
          }
        }
        const word = r.words?.[k];
        if (word !== undefined && !ambiguous && !found.some((at) => discoveries[at]?.fileKind === 'helm-values')) {
          const looked = base.upward ? `${valuesFilePath(base) ?? base.path}, or ${base.path} in a directory above` : valuesFilePath(base) ?? base.path;
          const why = found.length === 0 ? `its values file \`${word.path}\` (${looked}) is not among the inputs` : `its values file \`${word.path}\` (${looked}) does not hold chart values`;
          const message = `${r.command ?? r.release.label}: ${why}, which flb-migrate does not follow: what it sets was not checked; add it to the run, or check it by hand`;
          missing.set(releaseFile, [...(missing.get(releaseFile) ?? []), { code: 'SCRIPT_HELM_NOT_FOLLOWED', severity: 'info', message, start: word.start, end: word.end }]);
        }
        // A glob's matches, in path order, each after the one before (between the pattern's item and the next).
        return found.flatMap((at, k) => {
          const ref = found.length > 1 ? { ...base, precedence: base.precedence + k / (2 * found.length) } : base;
          const kind = discoveries[at]?.fileKind;
          if (kind === 'helm-values') return [{ ref, at }];
          // An empty environment (element) file is there: that environment runs the release's other sets, it is not missing.
          if (ref.target !== undefined && r.release.environments !== undefined && isEmptyFile(discoveries[at])) return [{ ref, at }];
          if (isTemplateFile(discoveries[at])) templates.set(releaseFile, [...(templates.get(releaseFile) ?? []), [r.release.id, base.precedence]]);
          return [];
        });
      });
      for (const [precedence, item] of environmentItems) {
        // None of its files is an input (a partial run, another layout): said unread, as a templated name is.
        if (!item.found) unfound.set(releaseFile, [...(unfound.get(releaseFile) ?? []), [r.release.id, precedence]]);
        // Some are: an environment whose file no input holds fails (helmfile), unless missingFileHandler skips it.
        else if (r.release.environments?.skipMissing === false && chartMayRunFluentBit(r.release.chart, r.release.repoURL, r.release.kind)) {
          for (const base of item.missing) {
            const range = base.node?.range ?? [0, 0];
            const message = r.release.environments.elements
              ? `${r.release.label}: ${String(base.node?.value ?? base.path)} for ${base.target ?? ''} is ${valuesFilePath(base) ?? base.path}, which is not among the inputs: Argo CD fails to render that element's Application (ignoreMissingValueFiles is not set); add the file to the run if it exists, or drop the element`
              : `${r.release.label}: ${String(base.node?.value ?? base.path)} for ${base.target ?? ''} is ${valuesFilePath(base) ?? base.path}, which is not among the inputs: helmfile fails for that environment (missingFileHandler: Error, the default); add the file to the run if it exists, or drop the environment`;
            missing.set(releaseFile, [...(missing.get(releaseFile) ?? []), { code: 'ENVIRONMENT_VALUES_FILE_NOT_FOUND', severity: 'info', message, start: range[0], end: range[1] }]);
          }
        }
      }
      for (const { ref, at } of resolved) {
        // What wins over the file: later values files of the batch, the manifest's sets of a higher precedence (Argo CD values, valuesObject; later helmfile items).
        // Another environment's file is not over this one (each environment takes its own).
        const later = resolved.filter((o) => o.ref.precedence > ref.precedence && (ref.target === undefined || o.ref.target === undefined || o.ref.target === ref.target)).flatMap((o) => (discoveries[o.at]?.documents ?? []).flatMap((doc) => (isMap(doc.contents) ? [doc.contents] : [])));
        const after = [...later, ...r.values.filter((v) => (v.precedence ?? 0) > ref.precedence).map((v) => v.map)];
        links.set(at, [...(links.get(at) ?? []), { release: r.release, precedence: ref.precedence, after, ...(ref.target !== undefined ? { target: ref.target } : {}) }]);
      }
    }
  });
  return discoveries.map((d, i) => {
    const link = links.get(i);
    const template = templates.get(i);
    const none = unfound.get(i);
    const said = missing.get(i);
    if (!link && !template && !none) return said ? { ...d, diagnostics: [...d.diagnostics, ...said].sort((a, b) => a.start - b.start) } : d;
    const again = read(files[i] as SourceFile, { ...d.hints, ...(link ? { valuesFileOf: link } : {}), ...(template ? { templateValuesFiles: template } : {}), ...(none ? { unfoundEnvironmentFiles: none } : {}) });
    return said ? { ...again, diagnostics: [...again.diagnostics, ...said].sort((a, b) => a.start - b.start) } : again;
  });
}

/** The batch with FLUX_PATCH_NOT_APPLIED said at the patches of a Flux tree the model does not apply (deploy/flux-patches-unapplied.ts). */
function withUnappliedPatches(discoveries: readonly Discovery[], kustomizations: BatchIndex['kustomizations']): readonly Discovery[] {
  const said = unappliedFluxPatches(discoveries, kustomizations);
  if (said.size === 0) return discoveries;
  return discoveries.map((d) => {
    const more = said.get(normalizePath(d.path));
    return more ? { ...d, diagnostics: [...d.diagnostics, ...more].sort((a, b) => a.start - b.start) } : d;
  });
}

/** A file without content (no document, or only comments or a null), read without errors. */
function isEmptyFile(d: Discovery | undefined): boolean {
  return d !== undefined && d.documents.every((doc) => doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) && !d.diagnostics.some((x) => x.severity === 'error');
}

/** A file read as a Go or Jinja template (one TEMPLATE_SYNTAX diagnostic, nothing read): a `.gotmpl` values file with `{{ }}`. */
function isTemplateFile(d: Discovery | undefined): boolean {
  return d !== undefined && d.fileKind !== 'helm-values' && d.diagnostics.some((x) => x.code === 'TEMPLATE_SYNTAX');
}
