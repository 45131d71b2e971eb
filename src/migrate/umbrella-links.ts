import { isMap, type YAMLMap } from 'yaml';
import type { ChartReleaseInfo, Discovery, DiscoveryHints, UmbrellaDependency, UmbrellaReleaseLink, UmbrellaSubchart } from '../discover/discovery-types.js';
import { readChartDependencies, umbrellaSubcharts, type BatchChart, type ChartReleaseOf } from '../discover/umbrella.js';
import { grafanaChartOf } from '../discover/chart-kind.js';
import { valuesFilePath } from './values-file-links.js';
import { discoverFile } from '../discover/discover-file.js';
import { isHelmfileName } from '../discover/releases.js';
import { hasMarker } from '../discover/prefilter.js';
import { trimTrailingSlashes } from '../source/trailing-slashes.js';
import { dirname, joinPath, normalizePath } from '../deploy/paths.js';
import { getString } from '../yaml/yaml-nodes.js';
import type { SourceFile } from '../source/source-file.js';

/** `Chart.yaml`, `requirements.yaml`, `values.yaml`: the names Helm's chart loader reads (pkg/chart/loader/load.go). */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * A release deploying a local chart whose kind we cannot tell from its name and repository (not fluent's or grafana's
 * published charts), with values of its own (Flux `valuesFrom` items of its file count: `d` is that file's discovery).
 */
function mayBeLocalUmbrella(r: ChartReleaseInfo, d: Discovery): boolean {
  if (!r.localChart || r.valuesFile || r.valuesFrom !== undefined) return false;
  const kind = r.release.kind;
  const unknown = kind === undefined || (kind === 'other' && grafanaChartOf(r.release.chart, r.release.repoURL) === undefined);
  return unknown && (r.values.length > 0 || (r.valuesFileRefs?.length ?? 0) > 0 || (r.release.parameters?.size ?? 0) > 0 || d.valuesFrom.some((ref) => ref.release.id === r.release.id));
}

/** The chart directories of the batch a local chart path names: the one it joins to, or (repository-relative) each ending with it, those in the release file's repository root first. */
function chartDirsOf(r: ChartReleaseInfo, file: string, dirs: readonly string[]): string[] {
  const ref = r.localChart;
  const p = ref ? valuesFilePath(ref) : undefined;
  if (p === undefined || p === '' || p === '.') return [];
  if (!ref?.anywhere) return dirs.filter((d) => d === p);
  const matching = dirs.filter((d) => d === p || d.endsWith(`/${p}`));
  const fromDir = dirname(normalizePath(file));
  const inRoot = matching.filter((d) => {
    const root = trimTrailingSlashes(d.slice(0, d.length - p.length));
    return root === '' || fromDir === root || fromDir.startsWith(`${root}/`);
  });
  return inRoot.length > 0 ? inRoot : matching;
}

/**
 * The charts of the batch (a `Chart.yaml` with its directory's
 * `requirements.yaml` and `values.yaml`, when the batch holds them) whose
 * dependencies run Fluent Bit: their values.yaml files are read again with
 * where the subcharts' values sit (DiscoveryHints.umbrella), and the files
 * listing the dependencies with those that are disabled or take no values
 * (DiscoveryHints.umbrellaDependencies).
 */
export function linkUmbrellaCharts(files: readonly SourceFile[], discoveries: readonly Discovery[], read: (file: SourceFile, hints: DiscoveryHints) => Discovery): Discovery[] {
  const paths = files.map((f) => normalizePath(f.path));
  const localReleases = discoveries.flatMap((d, i) => d.releases.filter((r) => mayBeLocalUmbrella(r, d)).map((r) => ({ r, i })));
  if (!paths.some((p) => baseName(p) === 'Chart.yaml') && localReleases.length === 0) return [...discoveries];
  const byPath = new Map(paths.map((p, i) => [p, i]));
  const firstMap = (i: number | undefined): { doc: number; map: YAMLMap } | undefined => {
    if (i === undefined) return undefined;
    const docs = discoveries[i]?.documents ?? [];
    const doc = docs.findIndex((d) => isMap(d.contents));
    const map = docs[doc]?.contents;
    return doc >= 0 && isMap(map) ? { doc, map } : undefined;
  };
  const charts: BatchChart[] = [];
  paths.forEach((p, i) => {
    if (baseName(p) !== 'Chart.yaml') return;
    const chart = firstMap(i);
    if (!chart) return;
    const dir = dirname(p);
    const at = (name: string): number | undefined => byPath.get(joinPath(dir, name));
    // requirements.yaml, when it lists dependencies, replaces Chart.yaml's (the loader unmarshals it over the metadata).
    const requirementsFile = at('requirements.yaml');
    const requirements = firstMap(requirementsFile);
    const fromRequirements = requirements !== undefined && readChartDependencies(requirements.map).length > 0;
    const valuesFile = at('values.yaml');
    const values = discoveries[valuesFile ?? -1]?.fileKind === 'helm-values' ? firstMap(valuesFile) : undefined;
    const name = getString(chart.map, 'name');
    charts.push({
      path: p,
      dir,
      name,
      depsFile: fromRequirements ? (requirementsFile as number) : i,
      depsDoc: fromRequirements ? (requirements as { doc: number }).doc : chart.doc,
      dependencies: readChartDependencies(fromRequirements ? (requirements as { map: unknown }).map : chart.map),
      valuesFile: values ? valuesFile : undefined,
      values: values?.map,
    });
  });
  // Releases that deploy a chart of the batch by its path: their values (and the values files they name) over the chart's.
  const dirs = charts.map((c) => c.dir);
  const hints = new Map<number, { umbrella?: UmbrellaSubchart[]; umbrellaDependencies?: UmbrellaDependency[]; umbrellaReleases?: UmbrellaReleaseLink[]; localChartsMissing?: string[] }>();
  const hintOf = (i: number): NonNullable<ReturnType<typeof hints.get>> => hints.get(i) ?? (hints.set(i, {}).get(i) as NonNullable<ReturnType<typeof hints.get>>);
  const releasesOf: (ChartReleaseOf & { readonly file: number; readonly objectFiles: readonly number[]; readonly chartPath: string })[] = [];
  for (const { r, i } of localReleases) {
    const found = chartDirsOf(r, paths[i] as string, dirs);
    if (found.length === 0) {
      // Only a file the CLI's prefilter would read (a Fluent Bit marker): a release with none is no Fluent Bit release.
      if (!hasMarker(files[i]?.text ?? '')) continue;
      const h = hintOf(i);
      h.localChartsMissing = [...(h.localChartsMissing ?? []), r.release.id];
      continue;
    }
    const linked = discoveries.flatMap((d, j) => (d.hints?.valuesFileOf ?? []).filter((l) => l.release.id === r.release.id).flatMap((l) => {
      const root = firstMap(j)?.map;
      return root ? [{ file: j, precedence: l.precedence, root }] : [];
    }));
    const own = discoveries[i]?.releases.filter((x) => x.release.id === r.release.id && !x.valuesFile && x.valuesFrom === undefined).flatMap((x) => x.values.map((v) => ({ map: v.map, precedence: v.precedence ?? 0 }))) ?? [];
    // Flux valuesFrom objects of the release (linkValuesFrom's reading): below spec.values, in list order, at the item's precedence.
    const fromObjects = discoveries.flatMap((d, j) => d.releases.filter((x) => x.release.id === r.release.id && x.valuesFrom !== undefined)
      .flatMap((x) => x.values.map((v) => ({ file: j, map: v.map, precedence: x.release.precedence }))));
    const values = [...own, ...fromObjects, ...linked.map((l) => ({ map: l.root, precedence: l.precedence }))].sort((a, b) => b.precedence - a.precedence).map((v) => v.map);
    for (const dir of found) {
      const chart = charts.find((c) => c.dir === dir) as BatchChart;
      releasesOf.push({ chartDir: dir, id: r.release.id, label: r.release.label, values, files: linked, file: i, objectFiles: [...new Set(fromObjects.map((o) => o.file))], chartPath: chart.path });
    }
  }
  if (!charts.some((c) => c.dependencies.length > 0) && hints.size === 0) return [...discoveries];
  const { values, dependencies, releases } = umbrellaSubcharts(charts, joinPath, releasesOf);
  for (const [i, list] of values) hintOf(i).umbrella = list;
  for (const [i, list] of dependencies) hintOf(i).umbrellaDependencies = list;
  for (const r of releasesOf) {
    const subcharts = releases.get(r.id);
    if (!subcharts || subcharts.length === 0) continue;
    // The release's file, and the files of its valuesFrom objects (their values under the alias are the subchart's too).
    for (const file of new Set([r.file, ...r.objectFiles])) {
      const h = hintOf(file);
      if (!h.umbrellaReleases?.some((l) => l.release === r.id)) h.umbrellaReleases = [...(h.umbrellaReleases ?? []), { release: r.id, umbrella: `umbrella:${r.chartPath}`, chartPath: r.chartPath, subcharts }];
    }
  }
  return discoveries.map((d, i) => {
    const h = hints.get(i);
    if (!h) return d;
    return read(files[i] as SourceFile, { ...d.hints, ...h });
  });
}

/**
 * For the CLI's batching: a file whose releases deploy a local chart (an Argo CD `path:` source with `helm:`, a Flux
 * GitRepository chart path, a helmfile `./` chart) and the `Chart.yaml` inputs of the directories they name, so that
 * the release and the umbrella chart are migrated together; empty when none. Only texts that can hold one are read.
 */
export function localChartLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  if (!text.includes('path') && !text.includes('chart')) return [];
  const argo = text.includes('argoproj.io/') && text.includes('helm');
  const flux = text.includes('helm.toolkit.fluxcd.io/') && text.includes('GitRepository');
  if (!argo && !flux && !(isHelmfileName(file) && text.includes('chart'))) return [];
  const charts = inputs.filter((p) => baseName(normalizePath(p)) === 'Chart.yaml');
  if (charts.length === 0) return [];
  const dirs = charts.map((p) => dirname(normalizePath(p)));
  const found = discoverFile({ path: file, text });
  const linked = found.releases.filter((r) => mayBeLocalUmbrella(r, found)).flatMap((r) => chartDirsOf(r, normalizePath(file), dirs).map((d) => charts[dirs.indexOf(d)] as string));
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}
