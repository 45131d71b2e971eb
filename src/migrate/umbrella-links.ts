import { isMap, type YAMLMap } from 'yaml';
import type { Discovery, DiscoveryHints } from '../discover/discovery-types.js';
import { readChartDependencies, umbrellaSubcharts, type BatchChart } from '../discover/umbrella.js';
import { dirname, joinPath, normalizePath } from '../deploy/paths.js';
import { getString } from '../yaml/yaml-nodes.js';
import type { SourceFile } from '../source/source-file.js';

/** `Chart.yaml`, `requirements.yaml`, `values.yaml`: the names Helm's chart loader reads (pkg/chart/loader/load.go). */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
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
  if (!paths.some((p) => baseName(p) === 'Chart.yaml')) return [...discoveries];
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
  if (!charts.some((c) => c.dependencies.length > 0)) return [...discoveries];
  const { values, dependencies } = umbrellaSubcharts(charts, joinPath);
  return discoveries.map((d, i) => {
    const umbrella = values.get(i);
    const deps = dependencies.get(i);
    if (!umbrella && !deps) return d;
    return read(files[i] as SourceFile, { ...d.hints, ...(umbrella ? { umbrella } : {}), ...(deps ? { umbrellaDependencies: deps } : {}) });
  });
}
