import { isMap, isScalar, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { chartKindOf } from './chart-kind.js';
import { trimTrailingSlashes } from '../source/trailing-slashes.js';
import { FLUX_SOURCE_KINDS, HELM_CHART_SOURCE_KINDS, helmChartVersion, ociChartVersion, sourceKeyPrefix, type FluxHelmChart, type FluxOciRef, type FluxSource } from './flux-source.js';
import type { ChartRelease, ChartSourceVersion, GeneratorElement, HelmParameter, HelmRepositoryRef, UncheckedValuesFile, ValuesFileName, ValuesFileRef, ValuesFromRef, YamlPath } from './discovery-types.js';
import { getMap, getNode, getScalar, getSeq, getString, scalarSource } from '../yaml/yaml-nodes.js';

/*
 * Releases that carry chart values inside a manifest:
 * - Argo CD `Application` (`spec.source`, `spec.sources[]`) and
 *   `ApplicationSet` (`spec.template.spec...`): `helm.values` (a YAML
 *   string) and `helm.valuesObject` (a map; it wins over `values`);
 *   `helm.parameters` (Helm's `--set`, winning over both) are kept on the
 *   release for the image (deploy/build-deployment.ts);
 * - Flux `HelmRelease` (helm.toolkit.fluxcd.io): `spec.values` (a map; it
 *   wins over `valuesFrom`), and `spec.valuesFrom[]` ConfigMaps/Secrets
 *   (`valuesKey`, default `values.yaml`), linked when they are in the batch.
 * - kustomize's Helm inflation: a Kustomization's `helmCharts[]` and the
 *   `builtin` HelmChartInflationGenerator: `valuesInline` (a map; kustomize
 *   merges it over `valuesFile`, which is read as a values file of its own);
 *   an entry with neither runs with the chart's defaults.
 * - helmfile (`helmfile.yaml`, `helmfile.d/*.yaml`): each `releases[]`
 *   item's inline `values:` maps (a later item wins; a string item is a
 *   values file, read as a values file of its own) and `set:` (Helm's
 *   `--set`, kept for the image like Argo CD's parameters); a release with
 *   no `values` runs with the chart's defaults.
 * - Crossplane provider-helm `Release` (helm.crossplane.io):
 *   `spec.forProvider.values` (a map) and `set[]` (kept for the image).
 * The chart comes from `chart`/`repoURL` (Argo CD),
 * `spec.chart.spec.chart` (Flux; its repository from the HelmRepository its
 * `sourceRef` names, in the same file or, through the batch's hints, another) or `name`/`repo` (kustomize; the older
 * generator fields `chartName`/`chartRepoUrl` too).
 */

/** One set of values of a release, where it sits. */
export interface ValuesSet {
  readonly release: ChartRelease;
  /** Path of the values (map or string) in the document. */
  readonly yamlPath: YamlPath;
  /** `valuesObject` / `spec.values`. */
  readonly map: YAMLMap | undefined;
  /** `helm.values`: a string holding YAML. */
  readonly string: Scalar | undefined;
  /** The node findings about the release point at when it has no values (the source, the spec). */
  readonly node: YAMLMap;
}

/** A release as its manifest names it: the chart (its name's node) and version, for the rules that judge a release by its chart. */
export interface ReleaseChart {
  /** The release (precedence 0; its value sets carry their own). */
  readonly release: ChartRelease;
  /** Where the chart is named: `chart:` (or a git source's `path:`), Flux `spec.chart.spec.chart`, kustomize `name:`. */
  readonly chartNode: Scalar | undefined;
  /** The chart version as written: Argo CD `targetRevision` of a `chart:` source, Flux `spec.chart.spec.version`, helmfile and kustomize `version:`. */
  readonly versionNode: Scalar | undefined;
  /** The chart version a Flux source decides (a `chartRef` OCIRepository's `spec.ref`, a HelmChart's `spec.version`), when the release writes none. */
  readonly sourceVersion?: ChartSourceVersion;
  /** A Flux source whose chart cannot be known (a Bucket, an ExternalArtifact), as messages name it. */
  readonly unknownSource?: string;
  /** The release also takes values this manifest does not hold (Argo CD `helm.valueFiles`, Flux `valuesFrom`, kustomize `valuesFile`, helmfile values files and `valuesTemplate`). */
  readonly otherValues: boolean;
  /** The values files it names that a batch may hold (Argo CD `helm.valueFiles`, helmfile string `values` items), for readBatch to link. */
  readonly valuesFileRefs?: readonly ValuesFileRef[];
  /** The values files it names whose names are templates (helmfile `{{ }}` items): not read, said. */
  readonly uncheckedValuesFiles?: readonly UncheckedValuesFile[];
  /** A chart the release deploys from a directory (an Argo CD `path:` source with `helm:`, a Flux GitRepository chart path, a helmfile `./` chart), for readBatch to find among the batch's charts (an umbrella chart). */
  readonly localChart?: ValuesFileRef;
}

/** A URL (helmfile and Argo CD fetch those; never a batch file). */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** ChartRelease.chartVersion as written (a node's source text: `version: 0.20` is not the number 0.2). */
function pinnedVersion(written: string | undefined): { readonly chartVersion?: string } {
  const text = written?.trim();
  return text === undefined || text === '' ? {} : { chartVersion: text };
}

/**
 * A release's string items naming values files relative to `file`'s
 * directory (helmfile `values:`/`valuesTemplate`, Fleet `helm.valuesFiles`),
 * at `precedence(j)`: batch refs, and the templated names (`{{`), which are
 * said, not read. `globs`: a pattern with `*`, `?` or `[` matches batch paths
 * (helmfile's filepath.Glob).
 */
function fileItems(items: readonly unknown[], file: string, precedence: (j: number) => number, globs: boolean, environments?: readonly string[]): { refs: ValuesFileRef[]; unchecked: UncheckedValuesFile[] } {
  const refs: ValuesFileRef[] = [];
  const unchecked: UncheckedValuesFile[] = [];
  items.forEach((v, j) => {
    if (!isScalar(v) || typeof v.value !== 'string' || URL_SCHEME.test(v.value)) return;
    const text = v.value;
    const glob = globs && /[*?[]/.test(text) ? { glob: true as const } : {};
    // helmfile renders `{{ .Environment.Name }}` with the environment it runs for: one file per environment, each that environment's alone.
    const filled = text.includes('{{') && environments ? environments.map((name) => ({ name, path: fillEnvironmentName(text, name) })) : undefined;
    if (filled?.every((f) => f.path !== undefined)) {
      for (const f of filled) refs.push({ base: file, baseIsFile: true, path: f.path as string, anywhere: false, precedence: precedence(j), node: v, target: environmentTarget(f.name), ...glob });
    } else if (text.includes('{{')) unchecked.push({ node: v, precedence: precedence(j), why: 'templated-name' });
    else refs.push({ base: file, baseIsFile: true, path: text, anywhere: false, precedence: precedence(j), node: v, ...glob });
  });
  return { refs, unchecked };
}

/** The set label (ChartRelease.target) of a helmfile environment's values files. */
export function environmentTarget(name: string): string {
  return `environment ${name}`;
}

/** The set label (ChartRelease.target) of an ApplicationSet list element's values files (a templated valueFiles item filled per element). */
export function elementTarget(label: string): string {
  return `element ${label}`;
}

/**
 * `text` with each `{{ .Environment.Name }}` (also `$.Environment.Name`, and `| default "..."` after it: the name is
 * never empty) filled with `name`; undefined when an action is anything else (another value, a function, a `{{-`
 * trim marker), which helmfile renders from what flb-migrate does not read.
 */
export function fillEnvironmentName(text: string, name: string): string | undefined {
  return fillActions(text, (action) => {
    const pipe = action.indexOf('|');
    const head = (pipe < 0 ? action : action.slice(0, pipe)).trim();
    if (head !== '.Environment.Name' && head !== '$.Environment.Name') return undefined;
    return pipe < 0 || /^default\s+"[^"]*"$/.test(action.slice(pipe + 1).trim()) ? name : undefined;
  });
}

/** `text` with each `{{key}}` / `{{ .key }}` filled from `params` (ApplicationSet generator parameters); undefined when one is not a plain key of them (a pipeline, a function). */
export function fillParameters(text: string, params: ReadonlyMap<string, string>): string | undefined {
  return fillActions(text, (action) => params.get(action.startsWith('.') ? action.slice(1) : action));
}

/** `text` with each `{{ action }}` replaced by what `fill` gives for the trimmed action; undefined when it gives nothing for one, or a `{{` is not closed. */
function fillActions(text: string, fill: (action: string) => string | undefined): string | undefined {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) return out + text.slice(from);
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return undefined;
    const value = fill(text.slice(open + 2, close).trim());
    if (value === undefined) return undefined;
    out += text.slice(from, open) + value;
    from = close + 2;
  }
}

/**
 * The environments `{{ .Environment.Name }}` takes in a helmfile (its documents' `environments:` keys, in order, after
 * `fromBases`: the keys of the files its `bases:` layer in, readBatch's hint); only `default` without any (helmfile's
 * `environments: {default: {}}`); undefined when `bases:` (not told) or a template may bring others (`{{` in a key).
 */
export function helmfileEnvironments(roots: readonly unknown[], fromBases?: readonly string[]): string[] | undefined {
  const names = [...(fromBases ?? [])];
  for (const root of roots) {
    if (!isMap(root)) continue;
    if (fromBases === undefined && getNode(root, 'bases') !== undefined) return undefined;
    const keys = environmentKeys(root);
    if (keys === undefined) return undefined;
    for (const key of keys) if (!names.includes(key)) names.push(key);
  }
  return names.length > 0 ? names : ['default'];
}

/** A helmfile document's `environments:` keys (undefined: a templated key). */
export function environmentKeys(root: YAMLMap): string[] | undefined {
  const names: string[] = [];
  for (const pair of getMap(root, 'environments')?.items ?? []) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== 'string' || key.includes('{{')) return undefined;
    names.push(key);
  }
  return names;
}

/** A helmfile `bases:` item (a file layered into the helmfile) or `helmfiles:` item (a nested helmfile, a string or `{path}`), as written. */
export interface HelmfileLayerRef {
  readonly kind: 'base' | 'nested';
  /** The path as written (relative to the helmfile's directory). */
  readonly path: string;
  readonly node: Scalar;
  /** Not followed: a remote (`git::...`, a URL) or templated path. */
  readonly unfollowed?: 'remote' | 'templated';
}

/** The `bases:` and `helmfiles:` items of a helmfile's documents, in order (helmfile pkg/state/create.go loadBases, ExpandedHelmfiles). */
export function helmfileLayers(roots: readonly unknown[]): HelmfileLayerRef[] {
  const out: HelmfileLayerRef[] = [];
  for (const root of roots) {
    if (!isMap(root)) continue;
    for (const [key, kind] of [['bases', 'base'], ['helmfiles', 'nested']] as const) {
      for (const item of getSeq(root, key)?.items ?? []) {
        const node = isScalar(item) ? item : isMap(item) ? getScalar(item, 'path') : undefined;
        if (node === undefined || typeof node.value !== 'string' || node.value.trim() === '') continue;
        const path = node.value.trim();
        const unfollowed = URL_SCHEME.test(path) || path.includes('::') ? { unfollowed: 'remote' as const } : path.includes('{{') ? { unfollowed: 'templated' as const } : {};
        out.push({ kind, path, node, ...unfollowed });
      }
    }
  }
  return out;
}

/** The Flux source objects of a file by `namespace/name`, and by `name` (the first of that name); keys of kinds other than HelmRepository start with `Kind:` (sourceKeyPrefix). */
export type HelmRepositories = ReadonlyMap<string, FluxSource>;

/** The source a reference names (`namespace/name`, then `name`), of its kind. */
export function repositorySource(repositories: HelmRepositories, name: string, namespace: string | undefined, kind: FluxSource['kind'] = 'HelmRepository'): FluxSource | undefined {
  const prefix = sourceKeyPrefix(kind);
  return (namespace !== undefined ? repositories.get(`${prefix}${namespace}/${name}`) : undefined) ?? repositories.get(`${prefix}${name}`);
}

export function repositoryURL(repositories: HelmRepositories, name: string, namespace: string | undefined, kind: FluxSource['kind'] = 'HelmRepository'): string | undefined {
  return repositorySource(repositories, name, namespace, kind)?.url;
}

/** A HelmChart's `spec.chart`, `spec.version` and `spec.sourceRef` (undefined without a chart or a source of a known kind). */
function helmChartOf(spec: YAMLMap | undefined): FluxHelmChart | undefined {
  const chart = getString(spec, 'chart');
  const ref = getMap(spec, 'sourceRef');
  const kind = HELM_CHART_SOURCE_KINDS.find((k) => k === getString(ref, 'kind'));
  const name = getString(ref, 'name');
  if (chart === undefined || kind === undefined || name === undefined) return undefined;
  const version = getString(spec, 'version');
  return { chart, ...(version !== undefined && version !== '' ? { version } : {}), sourceRef: { kind, name } };
}

/** An OCIRepository's `spec.ref` fields that are strings (undefined: no ref). */
function ociRefOf(spec: YAMLMap | undefined): FluxOciRef | undefined {
  const ref = getMap(spec, 'ref');
  if (!ref) return undefined;
  const out: { tag?: string; semver?: string; digest?: string } = {};
  for (const key of ['tag', 'semver', 'digest'] as const) {
    const value = getString(ref, key);
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** A Flux HelmRepository, GitRepository or OCIRepository (source.toolkit.fluxcd.io) object: its kind, name, namespace and `spec.url`; undefined for other objects. */
export function fluxSourceOf(obj: YAMLMap): FluxSource | undefined {
  const kind = FLUX_SOURCE_KINDS.find((k) => k === getString(obj, 'kind'));
  if (kind === undefined || !(getString(obj, 'apiVersion') ?? '').startsWith('source.toolkit.fluxcd.io/')) return undefined;
  const meta = getMap(obj, 'metadata');
  const name = getString(meta, 'name');
  const spec = getMap(obj, 'spec');
  const namespace = getString(meta, 'namespace');
  if (name === undefined) return undefined;
  if (kind === 'HelmChart') {
    const helmChart = helmChartOf(spec);
    return helmChart ? { kind, name, ...(namespace === undefined ? {} : { namespace }), helmChart } : undefined;
  }
  const url = getString(spec, 'url');
  if (url === undefined) return undefined;
  const ref = kind === 'OCIRepository' ? ociRefOf(spec) : undefined;
  return { kind, name, ...(namespace === undefined ? {} : { namespace }), url, ...(ref ? { ref } : {}) };
}

/** What a release manifest holds. */
export interface ReleaseValues {
  readonly sets: readonly ValuesSet[];
  readonly valuesFrom: readonly ValuesFromRef[];
  readonly charts: readonly ReleaseChart[];
  /** A Flux sourceRef HelmRepository the repositories given do not hold. */
  readonly missingRepository?: HelmRepositoryRef;
}

const NONE: ReleaseValues = { sets: [], valuesFrom: [], charts: [] };

/** A chart directory as a batch path to look for: relative to `base` (the release's file with `baseIsFile`), else repository-relative (`anywhere`); undefined for a URL or a templated path. */
function localChartRef(path: string | undefined, base: string, baseIsFile: true | undefined): ValuesFileRef | undefined {
  if (path === undefined || path.trim() === '' || URL_SCHEME.test(path) || path.includes('{{') || path.includes('${')) return undefined;
  return { base, ...(baseIsFile ? { baseIsFile } : {}), path: path.trim(), anywhere: !baseIsFile, precedence: 0 };
}

/** A git repository URL's name: its last path segment without `.git` (`https://host/org/config.git`, `git@host:org/config`); undefined when none (or templated). */
function repositoryName(url: string | undefined): string | undefined {
  if (url === undefined || url.includes('{{')) return undefined;
  const name = lastSegment(trimTrailingSlashes(url).replace(/\.git$/i, ''))?.replace(/^.*:/, '');
  return name === undefined || name === '' ? undefined : name;
}

function lastSegment(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return parts[parts.length - 1];
}

/** `helm.parameters` / a helmfile release's `set`: `[{name, value}]`, by name (a later item with the same name wins, as with repeated `--set`). */
function helmParameters(items: YAMLSeq | undefined): Map<string, HelmParameter> {
  const out = new Map<string, HelmParameter>();
  for (const item of items?.items ?? []) {
    if (!isMap(item)) continue;
    const name = getString(item, 'name');
    const node = getNode(item, 'value');
    if (name !== undefined && isScalar(node) && node.value !== null && node.value !== undefined) out.set(name, { value: String(node.value), node });
  }
  return out;
}

/**
 * An Argo CD source's `helm.valueFiles` as batch paths (argo-cd
 * reposerver/repository/repository.go getResolvedValueFiles,
 * util/io/path/resolved.go ResolveValueFilePathOrUrl): `$<ref>/<path>` is a path in the repository of
 * the source whose `ref:` is `<ref>` (multi-source); any other relative path is
 * relative to the source's `path:` in its repository (a `chart:` source's are
 * files of the packaged chart, never in a batch). URLs and unknown refs are
 * left out. The repository root is unknown: the path matches at the end of a
 * batch path. All of them lose to `values` and `valuesObject` (precedence
 * below 1, in order).
 */
function argoValueFiles(source: YAMLMap, refs: ReadonlyMap<string, string | undefined>, unchecked: UncheckedValuesFile[], elements?: readonly GeneratorElement[]): ValuesFileRef[] {
  const nodes = (getSeq(getMap(source, 'helm'), 'valueFiles')?.items ?? []).filter((v): v is Scalar<string> => isScalar(v) && typeof v.value === 'string');
  const items = nodes.map((n) => n.value);
  const path = getString(source, 'path');
  const one = (item: string, i: number, precedence: number): ValuesFileRef | undefined => {
    const ref = /^\$([^/]+)\/(.+)$/.exec(item);
    const at = itemRange(nodes[i] as Scalar);
    if (ref) {
      if (!refs.has(ref[1] as string)) return undefined;
      const repository = refs.get(ref[1] as string);
      return { base: '', path: ref[2] as string, anywhere: true, precedence, ...at, ...(repository !== undefined ? { repository } : {}) };
    }
    if (item.startsWith('$') || path === undefined || getString(source, 'chart') !== undefined) return undefined;
    return { base: path, path: item, anywhere: true, precedence, ...at };
  };
  return items.flatMap((item, i): ValuesFileRef[] => {
    const precedence = i - items.length;
    if (URL_SCHEME.test(item)) return [];
    if (!item.includes('{{')) return [one(item, i, precedence)].filter((r): r is ValuesFileRef => r !== undefined);
    // An ApplicationSet's list elements fill `{{ }}` in: one file per element, each that element's Application's alone.
    const filled = (elements ?? []).map((e) => ({ e, path: fillParameters(item, e.params) }));
    const perElement = filled.length > 0 && filled.every((f) => f.path !== undefined && !f.path.includes('{{')) ? filled.map((f) => one(f.path as string, i, precedence)) : [];
    if (perElement.length > 0 && perElement.every((r) => r !== undefined)) {
      return perElement.map((r, k) => ({ ...(r as ValuesFileRef), node: nodes[i] as Scalar, target: elementTarget((filled[k] as { e: GeneratorElement }).e.label) }));
    }
    // Another generator fills it in: said, not read.
    unchecked.push({ node: nodes[i] as Scalar, precedence, why: 'templated-name' });
    return [];
  });
}

/** A valueFiles item's offsets (for what is said at it: VALUES_FILE_AMBIGUOUS). */
function itemRange(node: Scalar): { at?: readonly [number, number] } {
  return node.range ? { at: [node.range[0], node.range[1]] } : {};
}

/** The value sets of one Argo CD source (`spec.source` or an item of `spec.sources`); `refs`: the `ref:` names of the Application's sources. */
function argoSource(source: YAMLMap, at: YamlPath, base: Omit<ChartRelease, 'precedence' | 'chart' | 'repoURL' | 'kind' | 'id'>, file: string, docIndex: number, charts: ReleaseChart[], refs: ReadonlyMap<string, string | undefined> = new Map()): ValuesSet[] {
  const helm = getMap(source, 'helm');
  const chartName = getString(source, 'chart');
  // An ApplicationSet's `chart: '{{app}}'` (and repoURL) filled from its list elements, when they all name one chart.
  const chart = filledByElements(chartName ?? lastSegment(getString(source, 'path')), base.elements);
  const repoURL = filledByElements(getString(source, 'repoURL'), base.elements);
  const parameters = helmParameters(getSeq(helm, 'parameters'));
  // targetRevision is the chart's version for a `chart:` source, a git ref for a `path:` one (Argo CD renders a chart it finds there).
  const versionNode = chartName !== undefined ? getScalar(source, 'targetRevision') : undefined;
  const uncheckedValuesFiles: UncheckedValuesFile[] = [];
  const valuesFileRefs = chart !== undefined ? argoValueFiles(source, refs, uncheckedValuesFiles, base.elements) : [];
  // Files per element: each element's Application is a deployment of its own (deploy/build-deployment.ts environmentsImage);
  // a missing file fails that Application's manifests unless `ignoreMissingValueFiles` (Argo CD's helm source option).
  const perElement = base.elements && valuesFileRefs.some((r) => r.target !== undefined) ? { environments: { names: base.elements.map((e) => e.label), skipMissing: getNode(helm, 'ignoreMissingValueFiles')?.toJSON() === true, elements: true as const } } : {};
  const release = { ...base, id: `${file}#${docIndex}/${at.join('/')}`, chart, repoURL, kind: chartKindOf(chart, repoURL), ...(parameters.size > 0 ? { parameters } : {}), ...pinnedVersion(scalarSource(versionNode)), ...perElement };
  if (chart !== undefined) {
    // A `path:` source with `helm:` is a chart directory of the repository (Argo CD renders the Chart.yaml it finds there).
    const localChart = chartName === undefined && helm ? localChartRef(getString(source, 'path'), '', undefined) : undefined;
    charts.push({ release: { ...release, precedence: 0 }, chartNode: getScalar(source, 'chart') ?? getScalar(source, 'path'), versionNode, otherValues: (getSeq(helm, 'valueFiles')?.items.length ?? 0) > 0, ...(valuesFileRefs.length > 0 ? { valuesFileRefs } : {}), ...(uncheckedValuesFiles.length > 0 ? { uncheckedValuesFiles } : {}), ...(localChart ? { localChart } : {}) });
  }
  if (!helm && chartName === undefined) return [];
  const out: ValuesSet[] = [];
  const values = getNode(helm, 'values');
  if (isScalar(values) && typeof values.value === 'string') {
    out.push({ release: { ...release, precedence: 1 }, yamlPath: [...at, 'helm', 'values'], map: undefined, string: values, node: source });
  }
  const object = getMap(helm, 'valuesObject');
  if (object) out.push({ release: { ...release, precedence: 2 }, yamlPath: [...at, 'helm', 'valuesObject'], map: object, string: undefined, node: object });
  // A chart without values of its own still runs with its defaults (the fluent-bit chart's mount Docker's directory).
  if (out.length === 0 && chartName !== undefined) out.push({ release: { ...release, precedence: 0 }, yamlPath: at, map: undefined, string: undefined, node: source });
  return out;
}

/**
 * A template field of an ApplicationSet (`chart: '{{app}}'`) as its list elements fill it, when every element fills
 * it with the same text (one chart for every Application); else as written (elements that name different charts,
 * or leave a parameter unfilled: the values' shape decides, as before).
 */
function filledByElements(text: string | undefined, elements: readonly GeneratorElement[] | undefined): string | undefined {
  if (text === undefined || !text.includes('{{') || !elements || elements.length === 0) return text;
  const filled = new Set(elements.map((e) => fillParameters(text, e.params)));
  const only = filled.size === 1 ? [...filled][0] : undefined;
  return only ?? text;
}

/** An Argo CD Application or ApplicationSet's chart values. */
function readArgo(obj: YAMLMap, docIndex: number, objectPath: YamlPath, file: string): ReleaseValues {
  const kind = getString(obj, 'kind');
  const specPath = kind === 'ApplicationSet' ? ['spec', 'template', 'spec'] : kind === 'Application' ? ['spec'] : undefined;
  if (!specPath) return NONE;
  let spec: unknown = obj;
  for (const k of specPath) spec = getNode(spec, k);
  if (!isMap(spec)) return NONE;
  const name = getString(getMap(obj, 'metadata'), 'name');
  const label = `Argo CD ${kind}${name ? ` ${name}` : ''} (${file})`;
  const at = [...objectPath, ...specPath];
  const sets: ValuesSet[] = [];
  const charts: ReleaseChart[] = [];
  const elements = kind === 'ApplicationSet' ? listElements(getSeq(getMap(obj, 'spec'), 'generators')) : [];
  const base = { label, ...(elements.length > 0 ? { elements } : {}) };
  const single = getMap(spec, 'source');
  if (single) sets.push(...argoSource(single, [...at, 'source'], base, file, docIndex, charts));
  const sources = getSeq(spec, 'sources')?.items ?? [];
  // Each `ref:` name with the name of its source's repository (`https://host/org/config.git` -> config), if it has one.
  const refs = new Map(sources.flatMap((item) => {
    const ref = isMap(item) ? getString(item, 'ref') : undefined;
    return ref === undefined ? [] : [[ref, repositoryName(getString(item as YAMLMap, 'repoURL'))] as const];
  }));
  sources.forEach((item, i) => {
    if (isMap(item)) sets.push(...argoSource(item, [...at, 'sources', i], { ...base, label: `${label.slice(0, -1)}, source ${i + 1})` }, file, docIndex, charts, refs));
  });
  return { sets, valuesFrom: [], charts };
}

/**
 * The elements of an ApplicationSet's list generators (`list.elements`, also inside a `matrix` or `merge`), each
 * flattened to dotted keys as Argo CD's fasttemplate and Go templates address them (`{{values.tag}}`,
 * `{{.values.tag}}`). Other generators (clusters, git, SCM) take their parameters from the cluster or a repository:
 * not read. A list with `elementsYaml` (a templated string) gives none.
 */
function listElements(generators: YAMLSeq | undefined, depth = 0): GeneratorElement[] {
  const out: GeneratorElement[] = [];
  for (const g of generators?.items ?? []) {
    if (!isMap(g)) continue;
    for (const item of getSeq(getMap(g, 'list'), 'elements')?.items ?? []) {
      if (!isMap(item)) continue;
      const params = new Map<string, string>();
      flattenParams(item, '', params, 0);
      const first = [...params].find(([, v]) => v !== '');
      out.push({ label: first ? `${first[0]}=${first[1]}` : `#${out.length}`, params });
    }
    // matrix and merge nest generators one level (Argo CD allows two).
    if (depth < 2) for (const nest of ['matrix', 'merge']) out.push(...listElements(getSeq(getMap(g, nest), 'generators'), depth + 1));
  }
  return out;
}

/** A generator element's scalar values under dotted keys (`values.tag`), a few levels deep. */
function flattenParams(map: YAMLMap, prefix: string, out: Map<string, string>, depth: number): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    if (isScalar(pair.value) && pair.value.value !== null && pair.value.value !== undefined) out.set(`${prefix}${key}`, String(pair.value.value));
    else if (isMap(pair.value) && depth < 4) flattenParams(pair.value, `${prefix}${key}.`, out, depth + 1);
  }
}

/** A Flux HelmRelease's chart values and valuesFrom references. */
function readFlux(obj: YAMLMap, docIndex: number, objectPath: YamlPath, file: string, repositories: HelmRepositories): ReleaseValues {
  if (getString(obj, 'kind') !== 'HelmRelease') return NONE;
  const meta = getMap(obj, 'metadata');
  const name = getString(meta, 'name');
  const namespace = getString(meta, 'namespace');
  const spec = getMap(obj, 'spec');
  const chartSpec = getMap(getMap(spec, 'chart'), 'spec');
  // Flux 2.3+ `spec.chartRef` (an OCIRepository whose URL ends with the chart's name) instead of `spec.chart`.
  const chartRef = getMap(spec, 'chartRef');
  const label = `Flux HelmRelease${name ? ` ${name}` : ''} (${file})`;
  // The chart's source: the HelmRepository or GitRepository its sourceRef names, or the OCIRepository or HelmChart of
  // its chartRef, when the file (or the batch, by hints) holds it (its namespace defaults to the release's).
  const sourceRef = chartSpec ? getMap(chartSpec, 'sourceRef') : chartRef;
  const refKind = getString(sourceRef, 'kind');
  const refName = getString(sourceRef, 'name');
  const sourceKind = FLUX_SOURCE_KINDS.find((k) => k === refKind && (k === 'OCIRepository' || k === 'HelmChart') === (sourceRef === chartRef));
  const repoNamespace = getString(sourceRef, 'namespace') ?? namespace;
  const named = refName !== undefined && sourceKind !== undefined ? repositorySource(repositories, refName, repoNamespace, sourceKind) : undefined;
  let missingRepository: HelmRepositoryRef | undefined = refName !== undefined && sourceKind !== undefined && named === undefined ? { kind: sourceKind, name: refName, namespace: repoNamespace } : undefined;
  // A HelmChart names its chart, its version and its source (in the HelmChart's namespace).
  const helmChart = named?.helmChart;
  let source = named;
  if (named && helmChart) {
    const chartNamespace = named.namespace ?? repoNamespace;
    const { kind, name: sourceName } = helmChart.sourceRef;
    source = kind === 'Bucket' ? undefined : repositorySource(repositories, sourceName, chartNamespace, kind);
    if (kind !== 'Bucket' && !source) missingRepository = { kind, name: sourceName, namespace: chartNamespace };
  }
  const sourceVersion = named === undefined ? undefined : sourceKind === 'OCIRepository' ? ociChartVersion(named) : helmChartVersion(named);
  // Where the chart is: a HelmChart's source, or the release's own.
  const chartSourceKind = helmChart ? helmChart.sourceRef.kind : sourceRef === chartRef ? refKind : getString(sourceRef, 'kind');
  // A Bucket or an ExternalArtifact has no URL that tells its chart: said, not guessed (tail-parser chartSourceUnknown).
  const viaChart = helmChart ? `HelmChart ${repoNamespace !== undefined ? `${repoNamespace}/` : ''}${refName ?? ''} from ` : '';
  const unknownSource = chartSourceKind === 'Bucket' ? `${viaChart}Bucket ${helmChart?.sourceRef.name ?? refName ?? ''}`
    : sourceRef === chartRef && refKind === 'ExternalArtifact' ? `ExternalArtifact ${refName ?? ''}` : undefined;
  const sourceURL = source?.url;
  // A GitRepository's or Bucket's chart is a path in it (its last segment names the chart); an OCIRepository's is its
  // URL's last segment; an ExternalArtifact's is not known.
  const chartPath = helmChart ? helmChart.chart : getString(chartSpec, 'chart');
  const chart = sourceKind === 'OCIRepository' ? lastSegment(sourceURL?.replace(/^oci:\/\//, '')) : chartSourceKind === 'GitRepository' || chartSourceKind === 'Bucket' ? lastSegment(chartPath) : chartPath;
  const repoURL = sourceKind === 'OCIRepository' && sourceURL !== undefined && chart !== undefined ? trimTrailingSlashes(sourceURL.slice(0, sourceURL.lastIndexOf(chart))) : sourceURL;
  // The chart version: `spec.chart.spec.version` of a HelmRepository chart (a GitRepository's or Bucket's chart
  // ignores it), else what the chartRef's source pulls (an OCIRepository's `ref.semver` or `ref.tag`; a digest or no
  // ref tells none; a HelmChart's `spec.version`).
  const oci = sourceKind === 'OCIRepository' && named?.ref?.digest === undefined ? named?.ref?.semver ?? named?.ref?.tag : undefined;
  const pinned = chartSpec ? (refKind === 'HelmRepository' ? pinnedVersion(scalarSource(getScalar(chartSpec, 'version'))) : {})
    : oci !== undefined ? pinnedVersion(oci) : sourceKind === 'HelmChart' && sourceVersion?.exact !== undefined ? pinnedVersion(sourceVersion.exact) : {};
  const base = { id: `${file}#${docIndex}/${objectPath.join('/')}`, label, chart, repoURL, kind: chartKindOf(chart, repoURL), ...pinned, ...(name !== undefined ? { helmRelease: { name, namespace } } : {}) };
  const otherValues = (getSeq(spec, 'valuesFrom')?.items.length ?? 0) > 0;
  const chartNode = chartSpec ? getScalar(chartSpec, 'chart') : getScalar(chartRef, 'name');
  // A GitRepository's chart path is a chart directory of that repository (repository-relative: matched at the end of a batch path).
  const localChart = chartSourceKind === 'GitRepository' ? localChartRef(chartPath, '', undefined) : undefined;
  const charts: ReleaseChart[] = chart === undefined && unknownSource === undefined ? [] : [{ release: { ...base, precedence: 0 }, chartNode, versionNode: getScalar(chartSpec, 'version'), ...(sourceVersion ? { sourceVersion } : {}), ...(unknownSource !== undefined ? { unknownSource } : {}), otherValues, ...(localChart ? { localChart } : {}) }];
  const refs = (getSeq(spec, 'valuesFrom')?.items ?? []).filter(isMap);
  const valuesFrom: ValuesFromRef[] = refs.flatMap((ref, i) => {
    const kind = getString(ref, 'kind');
    const refName = getString(ref, 'name');
    if ((kind !== 'ConfigMap' && kind !== 'Secret') || refName === undefined) return [];
    return [{ kind, name: refName, namespace, valuesKey: getString(ref, 'valuesKey') ?? 'values.yaml', targetPath: getString(ref, 'targetPath'), release: { ...base, precedence: i }, ...refPlace(ref, ref) }];
  });
  const values = getMap(spec, 'values');
  const sets: ValuesSet[] = values
    ? [{ release: { ...base, precedence: refs.length }, yamlPath: [...objectPath, 'spec', 'values'], map: values, string: undefined, node: values }]
    : spec && chart !== undefined && refs.length === 0 ? [{ release: { ...base, precedence: 0 }, yamlPath: [...objectPath, 'spec'], map: undefined, string: undefined, node: spec }] : [];
  return { sets, valuesFrom, charts, ...(missingRepository ? { missingRepository } : {}) };
}

/**
 * A Crossplane provider-helm Release: `spec.forProvider.values` (a map) and
 * `set[]` (Helm's `--set`, kept for the image); `valuesFrom[]`
 * `configMapKeyRef`/`secretKeyRef` (`key`, default `values.yaml`), linked as
 * Flux's are (provider-helm merges them under `values`). Without values the
 * chart's defaults apply.
 */
function readCrossplane(obj: YAMLMap, docIndex: number, objectPath: YamlPath, file: string): ReleaseValues {
  if (getString(obj, 'kind') !== 'Release') return NONE;
  const forProvider = getMap(getMap(obj, 'spec'), 'forProvider');
  if (!forProvider) return NONE;
  const chartMap = getMap(forProvider, 'chart');
  const chart = getString(chartMap, 'name');
  const repoURL = getString(chartMap, 'repository');
  const name = getString(getMap(obj, 'metadata'), 'name');
  const parameters = helmParameters(getSeq(forProvider, 'set'));
  const at = [...objectPath, 'spec', 'forProvider'];
  const release = {
    id: `${file}#${docIndex}/${objectPath.join('/')}`,
    label: `Crossplane Release${name ? ` ${name}` : ''} (${file})`,
    chart,
    repoURL,
    kind: chartKindOf(chart, repoURL),
    ...(parameters.size > 0 ? { parameters } : {}),
    ...pinnedVersion(scalarSource(getScalar(chartMap, 'version'))),
  };
  const refs = (getSeq(forProvider, 'valuesFrom')?.items ?? []).filter(isMap);
  const valuesFrom = keyRefValuesFrom(refs, release, undefined);
  const charts: ReleaseChart[] = chart === undefined ? [] : [{ release: { ...release, precedence: 0 }, chartNode: getScalar(chartMap, 'name'), versionNode: getScalar(chartMap, 'version'), otherValues: refs.length > 0 }];
  const values = getMap(forProvider, 'values');
  if (values) return { sets: [{ release: { ...release, precedence: refs.length }, yamlPath: [...at, 'values'], map: values, string: undefined, node: values }], valuesFrom, charts };
  if (chart === undefined || refs.length > 0) return { sets: [], valuesFrom, charts };
  return { sets: [{ release: { ...release, precedence: 0 }, yamlPath: at, map: undefined, string: undefined, node: forProvider }], valuesFrom: [], charts };
}

/**
 * `valuesFrom[]` items naming a key of a ConfigMap or Secret
 * (`configMapKeyRef`/`secretKeyRef`: `name`, `namespace`, `key`, default
 * `values.yaml`), as Crossplane's provider-helm and Rancher Fleet write them;
 * item order = precedence.
 */
function keyRefValuesFrom(refs: readonly YAMLMap[], release: Omit<ChartRelease, 'precedence'>, namespace: string | undefined): ValuesFromRef[] {
  return refs.flatMap((item, i) => {
    const configMap = getMap(item, 'configMapKeyRef');
    const ref = configMap ?? getMap(item, 'secretKeyRef');
    const refName = getString(ref, 'name');
    if (refName === undefined) return [];
    const kind = configMap ? 'ConfigMap' : 'Secret';
    return [{ kind, name: refName, namespace: getString(ref, 'namespace') ?? namespace, valuesKey: getString(ref, 'key') ?? 'values.yaml', targetPath: undefined, release: { ...release, precedence: i }, ...refPlace(ref as YAMLMap, item) }];
  });
}

/** A `valuesFrom` item's `optional: true` (on the item or its key ref) and its name's file offsets. */
function refPlace(ref: YAMLMap, item: YAMLMap): { optional?: true; at?: readonly [number, number] } {
  const optional = [ref, item].some((m) => getScalar(m, 'optional')?.value === true);
  const range = getScalar(ref, 'name')?.range;
  return { ...(optional ? { optional: true as const } : {}), ...(range ? { at: [range[0], range[1]] as const } : {}) };
}

/** The string scalars of a sequence, in order (a release's values files: helmfile `values:` string items, Fleet `helm.valuesFiles`). */
function stringItems(seq: YAMLSeq | undefined): string[] {
  return (seq?.items ?? []).flatMap((v) => (isScalar(v) && typeof v.value === 'string' ? [v.value] : []));
}

/** A release's values file names (string items, as written) at the precedence each item's file takes among its sets (ChartRelease.valuesFiles). */
function namedFiles(seq: YAMLSeq | undefined, precedence: (j: number) => number): ValuesFileName[] {
  return (seq?.items ?? []).flatMap((v, j) => (isScalar(v) && typeof v.value === 'string' ? [{ name: v.value, precedence: precedence(j) }] : []));
}

/** A Rancher Fleet bundle file: `fleet.yaml` (or `.yml`), which Fleet reads in each bundle directory. */
export function isFleetName(path: string): boolean {
  return /(?:^|[\\/])fleet\.ya?ml$/i.test(path);
}

/**
 * A Fleet bundle's chart (`helm.chart`, `helm.repo`): `helm.values` (a map),
 * then each `targetCustomizations[].helm.values` over it (alternatives per
 * cluster, read as later sets of one release marked with their `target`: the
 * image is read per target, the oldest decides); `helm.valuesFiles`
 * are values files of their own (recorded, not merged), `helm.valuesFrom`
 * ConfigMap/Secret keys linked as Flux's are. A chart with none of them
 * runs with its defaults.
 */
export function readFleetReleases(root: YAMLMap, docIndex: number, file: string): ReleaseValues {
  const helm = getMap(root, 'helm');
  const chart = getString(helm, 'chart');
  if (!helm || chart === undefined) return NONE;
  const repoURL = getString(helm, 'repo');
  const fileCount = stringItems(getSeq(helm, 'valuesFiles')).length;
  const refCount = (getSeq(helm, 'valuesFrom')?.items ?? []).filter(isMap).length;
  const valuesFiles = namedFiles(getSeq(helm, 'valuesFiles'), (j) => refCount + (j + 1) / (fileCount + 1));
  const release = {
    id: `${file}#${docIndex}/helm`,
    label: `Fleet bundle ${getString(helm, 'releaseName') ?? chart} (${file})`,
    chart,
    repoURL,
    kind: chartKindOf(chart, repoURL),
    ...(valuesFiles.length > 0 ? { valuesFiles } : {}),
    ...pinnedVersion(scalarSource(getScalar(helm, 'version'))),
  };
  const refs = (getSeq(helm, 'valuesFrom')?.items ?? []).filter(isMap);
  const valuesFrom = keyRefValuesFrom(refs, release, getString(root, 'defaultNamespace') ?? getString(root, 'namespace'));
  const sets: ValuesSet[] = [];
  const values = getMap(helm, 'values');
  if (values) sets.push({ release: { ...release, precedence: refs.length }, yamlPath: ['helm', 'values'], map: values, string: undefined, node: values });
  getSeq(root, 'targetCustomizations')?.items.forEach((item, i) => {
    const targetHelm = getMap(item, 'helm');
    const custom = getMap(targetHelm, 'values');
    const target = getString(item, 'name') ?? `#${i}`;
    // A target's helm.version (and helm.chart) replace the bundle's for its clusters (Fleet merges a customization's
    // helm options over the bundle's): its sets carry them, so its chart's default image is that version's.
    const chartOver = targetChart(targetHelm, release);
    const targetRelease = { ...release, precedence: refs.length + 1 + i, target, ...(chartOver ? { targetChart: chartOver } : {}) };
    if (custom) sets.push({ release: targetRelease, yamlPath: ['targetCustomizations', i, 'helm', 'values'], map: custom, string: undefined, node: custom });
    // A target that pins another chart version with no values of its own is a deployment too (the bundle's values on that chart).
    else if (targetHelm && getScalar(targetHelm, 'version') !== undefined && getSeq(targetHelm, 'valuesFiles') === undefined) sets.push({ release: targetRelease, yamlPath: ['targetCustomizations', i, 'helm'], map: undefined, string: undefined, node: targetHelm });
  });
  if (sets.length === 0 && refs.length === 0 && valuesFiles.length === 0) sets.push({ release: { ...release, precedence: 0 }, yamlPath: ['helm'], map: undefined, string: undefined, node: helm });
  // Fleet merges each helm.valuesFiles file over helm.values, in order (fleet internal/bundlereader/resources.go
  // generateValues), relative to the bundle's directory; a target customization's over its own values.
  const files = [fileItems(getSeq(helm, 'valuesFiles')?.items ?? [], file, (j) => refs.length + (j + 1) / (valuesFiles.length + 1), false)];
  getSeq(root, 'targetCustomizations')?.items.forEach((item, i) => {
    const items = getSeq(getMap(item, 'helm'), 'valuesFiles')?.items ?? [];
    const target = getString(item, 'name') ?? `#${i}`;
    // A target's files are its clusters' alone (Fleet reads them into that customization's values).
    const own = fileItems(items, file, (j) => refs.length + 1 + i + (j + 1) / (items.length + 1), false);
    files.push({ refs: own.refs.map((r) => ({ ...r, target })), unchecked: own.unchecked });
  });
  const valuesFileRefs = files.flatMap((f) => f.refs);
  const uncheckedValuesFiles = files.flatMap((f) => f.unchecked);
  const charts: ReleaseChart[] = [{ release: { ...release, precedence: 0 }, chartNode: getScalar(helm, 'chart'), versionNode: getScalar(helm, 'version'), otherValues: refs.length > 0 || valuesFiles.length > 0, ...(valuesFileRefs.length > 0 ? { valuesFileRefs } : {}), ...(uncheckedValuesFiles.length > 0 ? { uncheckedValuesFiles } : {}) }];
  return { sets, valuesFrom, charts };
}

/** The chart a Fleet target customization's `helm` deploys when it names its own `version` or `chart` (else nothing over the bundle's). */
function targetChart(helm: YAMLMap | undefined, bundle: Pick<ChartRelease, 'chart' | 'repoURL' | 'kind'>): NonNullable<ChartRelease['targetChart']> | undefined {
  const chart = getString(helm, 'chart');
  const version = pinnedVersion(scalarSource(getScalar(helm, 'version')));
  if (chart === undefined && version.chartVersion === undefined) return undefined;
  const repoURL = getString(helm, 'repo') ?? bundle.repoURL;
  return { ...(chart !== undefined ? { chart, repoURL, kind: chartKindOf(chart, repoURL) } : { chart: bundle.chart, repoURL: bundle.repoURL, kind: bundle.kind }), ...version };
}

/**
 * A kustomize chart entry's values files as batch paths, relative to the
 * kustomization's directory (kustomize api/types/helmchartargs.go AsHelmArgs,
 * HelmChartInflationGenerator.go): `valuesFile` (the older `values`), merged
 * with `valuesInline` by `valuesMerge` (`override`, the default: the inline
 * values win; `merge`: the file's win; `replace`: the file is not used), then
 * each `additionalValuesFiles` item (`-f`, in order) over both. Inline values
 * have precedence 1.
 */
function kustomizeValuesFiles(entry: YAMLMap, additional: readonly string[], file: string): ValuesFileRef[] {
  const merge = getString(entry, 'valuesMerge');
  const main = merge === 'replace' && getMap(entry, 'valuesInline') ? undefined : (getString(entry, 'valuesFile') ?? getString(entry, 'values'));
  const local = (path: string): boolean => !URL_SCHEME.test(path) && !path.includes('{{');
  return [
    ...(main !== undefined && local(main) ? [{ base: file, baseIsFile: true as const, path: main, anywhere: false, precedence: merge === 'merge' ? 2 : 0 }] : []),
    ...additional.flatMap((path, j) => (local(path) ? [{ base: file, baseIsFile: true as const, path, anywhere: false, precedence: 3 + j }] : [])),
  ];
}

/** One kustomize chart entry (a `helmCharts[]` item, or a HelmChartInflationGenerator object): its inline values, or the chart's defaults. */
function kustomizeChart(entry: YAMLMap, at: YamlPath, label: string, file: string, docIndex: number, charts: ReleaseChart[]): ValuesSet[] {
  const chart = getString(entry, 'name') ?? getString(entry, 'chartName');
  const repoURL = getString(entry, 'repo') ?? getString(entry, 'chartRepoUrl');
  const release = { id: `${file}#${docIndex}/${at.join('/')}`, label, chart, repoURL, kind: chartKindOf(chart, repoURL), ...pinnedVersion(scalarSource(getScalar(entry, 'version'))) };
  const additional = stringItems(getSeq(entry, 'additionalValuesFiles'));
  const otherValues = getString(entry, 'valuesFile') !== undefined || getString(entry, 'values') !== undefined || additional.length > 0;
  const valuesFileRefs = kustomizeValuesFiles(entry, additional, file);
  if (chart !== undefined) charts.push({ release: { ...release, precedence: 0 }, chartNode: getScalar(entry, 'name') ?? getScalar(entry, 'chartName'), versionNode: getScalar(entry, 'version'), otherValues, ...(valuesFileRefs.length > 0 ? { valuesFileRefs } : {}) });
  const inline = getMap(entry, 'valuesInline');
  if (inline) return [{ release: { ...release, precedence: 1 }, yamlPath: [...at, 'valuesInline'], map: inline, string: undefined, node: inline }];
  // A valuesFile is read as a values file of its own; without one, the chart's defaults apply (the fluent-bit chart's mount Docker's directory).
  if (chart !== undefined && getString(entry, 'valuesFile') === undefined && getString(entry, 'values') === undefined) {
    return [{ release: { ...release, precedence: 0 }, yamlPath: at, map: undefined, string: undefined, node: entry }];
  }
  return [];
}

/** A Kustomization's `helmCharts[]`, or a `builtin` HelmChartInflationGenerator. */
function readKustomize(obj: YAMLMap, docIndex: number, objectPath: YamlPath, file: string): ReleaseValues {
  const kind = getString(obj, 'kind');
  if (kind === 'HelmChartInflationGenerator') {
    const name = getString(getMap(obj, 'metadata'), 'name');
    const charts: ReleaseChart[] = [];
    return { sets: kustomizeChart(obj, objectPath, `kustomize HelmChartInflationGenerator${name ? ` ${name}` : ''} (${file})`, file, docIndex, charts), valuesFrom: [], charts };
  }
  const sets: ValuesSet[] = [];
  const charts: ReleaseChart[] = [];
  getSeq(obj, 'helmCharts')?.items.forEach((item, i) => {
    if (!isMap(item)) return;
    const chart = getString(item, 'name');
    const releaseName = getString(item, 'releaseName');
    sets.push(...kustomizeChart(item, [...objectPath, 'helmCharts', i], `kustomize helmCharts${chart ? ` ${chart}` : ''}${releaseName ? ` release ${releaseName}` : ''} (${file})`, file, docIndex, charts));
  });
  return { sets, valuesFrom: [], charts };
}

/** What the other layers of a helmfile state tell a file's releases (readBatch's DiscoveryHints.helmfile). */
export interface HelmfileState {
  /** The helmfile this file is a base of: its releases' paths are relative to that helmfile's directory. */
  readonly baseOf?: string;
  /** `repositories:` of the state's other layers (its bases), name and URL. */
  readonly repositories?: readonly (readonly [string, string])[];
}

/** A helmfile document's `repositories:` (name, URL), in order. */
export function helmfileRepositories(root: YAMLMap): [string, string][] {
  return (getSeq(root, 'repositories')?.items ?? []).flatMap((repo) => {
    const name = isMap(repo) ? getString(repo, 'name') : undefined;
    const url = isMap(repo) ? getString(repo, 'url') : undefined;
    return name !== undefined && url !== undefined ? [[name, url] as [string, string]] : [];
  });
}

/** A helmfile name: `helmfile.yaml`/`.yml`, or a YAML file of a `helmfile.d/` directory. */
export function isHelmfileName(path: string): boolean {
  return /(?:^|[\\/])helmfile\.ya?ml$/i.test(path) || /(?:^|[\\/])helmfile\.d[\\/][^\\/]+\.ya?ml$/i.test(path);
}

/**
 * A helmfile document's releases (see the module comment). `chart:` is
 * `<repository name>/<chart>` (its URL from `repositories[]`), or a local
 * path or OCI reference, whose last segment names the chart.
 */
export function readHelmfileReleases(root: YAMLMap, docIndex: number, file: string, environments?: readonly string[], state: HelmfileState = {}): ReleaseValues {
  const releases = getSeq(root, 'releases');
  if (!releases) return NONE;
  // A base's paths are relative to the helmfile that layers it in (helmfile parses it with that helmfile's baseDir).
  const from = state.baseOf ?? file;
  const repositories = new Map<string, string>([...(state.repositories ?? []), ...helmfileRepositories(root)]);
  const sets: ValuesSet[] = [];
  const charts: ReleaseChart[] = [];
  releases.items.forEach((item, i) => {
    if (!isMap(item)) return;
    const chart = getString(item, 'chart');
    const slash = chart?.indexOf('/') ?? -1;
    const repoURL = chart !== undefined && slash > 0 ? repositories.get(chart.slice(0, slash)) : undefined;
    const name = getString(item, 'name');
    const at: YamlPath = ['releases', i];
    const parameters = helmParameters(getSeq(item, 'set'));
    const values = getSeq(item, 'values');
    const valuesFiles = namedFiles(values, (j) => j);
    // A string item is a file relative to the helmfile's directory (helmfile pkg/state/storage.go normalizePath,
    // a glob pattern expanded by ExpandPaths); `valuesTemplate` items come before `values` ones (pkg/state/release.go
    // ExecuteTemplateExpressions). Templated names are said, not read, but for `{{ .Environment.Name }}` (a file per environment).
    const template = getSeq(item, 'valuesTemplate')?.items ?? [];
    const files = [fileItems(template, from, (j) => j - template.length, true, environments), fileItems(values?.items ?? [], from, (j) => j, true, environments)];
    const valuesFileRefs = files.flatMap((f) => f.refs);
    // Files per environment: the release is one deployment per environment (deploy/build-deployment.ts targetsImage).
    // missingFileHandler defaults to Error (helmfile pkg/state/state.go ReleaseSpec): a missing file fails that environment.
    const handler = getString(item, 'missingFileHandler');
    const perEnvironment = environments && valuesFileRefs.some((r) => r.target !== undefined) ? { environments: { names: environments, skipMissing: handler !== undefined && handler !== 'Error' } } : {};
    const release = {
      id: `${file}#${docIndex}/${at.join('/')}${state.baseOf !== undefined ? `@${state.baseOf}` : ''}`,
      label: `helmfile release${name ? ` ${name}` : ''} (${file}${state.baseOf !== undefined ? `, a base of ${state.baseOf}` : ''})`,
      chart,
      repoURL,
      kind: chartKindOf(chart, repoURL),
      ...(parameters.size > 0 ? { parameters } : {}),
      ...(valuesFiles.length > 0 ? { valuesFiles } : {}),
      ...pinnedVersion(scalarSource(getScalar(item, 'version'))),
      ...perEnvironment,
    };
    // `secrets:` files are encrypted (helm-secrets): passed after the values (helmfile pkg/state/state.go appends each
    // release.Secrets file's decrypted copy after the values flags), never read: said for the switch they may hold.
    const secrets = (getSeq(item, 'secrets')?.items ?? []).filter((v): v is Scalar<string> => isScalar(v) && typeof v.value === 'string');
    const otherValues = valuesFiles.length > 0 || secrets.length > 0 || getNode(item, 'valuesTemplate') !== undefined;
    const valuesCount = values?.items.length ?? 0;
    const uncheckedValuesFiles = [...files.flatMap((f) => f.unchecked), ...secrets.map((node, j): UncheckedValuesFile => ({ node, precedence: valuesCount + j, why: 'encrypted' }))];
    // A chart path (`./charts/umbrella`, `../x`, `/abs`) is a local chart, relative to the helmfile's directory (helmfile pkg/state normalizeChart).
    const localChart = chart !== undefined && /^\.{0,2}\//.test(chart) ? localChartRef(chart, from, true) : undefined;
    if (chart !== undefined) charts.push({ release: { ...release, precedence: 0 }, chartNode: getScalar(item, 'chart'), versionNode: getScalar(item, 'version'), otherValues, ...(valuesFileRefs.length > 0 ? { valuesFileRefs } : {}), ...(uncheckedValuesFiles.length > 0 ? { uncheckedValuesFiles } : {}), ...(localChart ? { localChart } : {}) });
    template.forEach((v, j) => {
      if (isMap(v)) sets.push({ release: { ...release, precedence: j - template.length }, yamlPath: [...at, 'valuesTemplate', j], map: v, string: undefined, node: v });
    });
    values?.items.forEach((v, j) => {
      if (isMap(v)) sets.push({ release: { ...release, precedence: j }, yamlPath: [...at, 'values', j], map: v, string: undefined, node: v });
    });
    // Without values (inline or files), the chart's defaults apply (the fluent-bit chart's mount Docker's directory).
    if ((values === undefined || values.items.length === 0) && chart !== undefined && getNode(item, 'valuesTemplate') === undefined) {
      sets.push({ release: { ...release, precedence: 0 }, yamlPath: at, map: undefined, string: undefined, node: item });
    }
  });
  return { sets, valuesFrom: [], charts };
}

/** The chart values an Argo CD, Flux or kustomize object carries (nothing for other objects); `repositories`: the file's Flux HelmRepositories. */
export function readReleaseValues(obj: YAMLMap, docIndex: number, objectPath: YamlPath, file: string, repositories: HelmRepositories = new Map()): ReleaseValues {
  const apiVersion = getString(obj, 'apiVersion') ?? '';
  if (apiVersion.startsWith('argoproj.io/')) return readArgo(obj, docIndex, objectPath, file);
  if (apiVersion.startsWith('helm.toolkit.fluxcd.io/')) return readFlux(obj, docIndex, objectPath, file, repositories);
  if (apiVersion.startsWith('helm.crossplane.io/')) return readCrossplane(obj, docIndex, objectPath, file);
  const kind = getString(obj, 'kind');
  // kustomize reads a kustomization.yaml without apiVersion and kind too; a Component inflates its `helmCharts` into
  // each build that lists it, as a Kustomization does (api/internal/target/kusttarget.go: the same accumulateTarget).
  const kustomization = kind === 'Kustomization' || kind === 'Component' ? apiVersion.startsWith('kustomize.config.k8s.io/') : kind === undefined && apiVersion === '';
  if (kustomization || (kind === 'HelmChartInflationGenerator' && apiVersion === 'builtin')) return readKustomize(obj, docIndex, objectPath, file);
  return NONE;
}
