/* The Flux source objects of MigrateOptions.fluxSources (no YAML here: the CLI's first module loads it). */

/** The Flux source kinds a HelmRelease's chart comes from that we read (`sourceRef` HelmRepository or GitRepository, `chartRef` OCIRepository or HelmChart). */
export const FLUX_SOURCE_KINDS = ['HelmRepository', 'GitRepository', 'OCIRepository', 'HelmChart'] as const;

/** The source kinds a HelmChart's `spec.sourceRef` names (source-controller api/v1 helmchart_types.go LocalHelmChartSourceReference). */
export const HELM_CHART_SOURCE_KINDS = ['HelmRepository', 'GitRepository', 'Bucket'] as const;

/** A HelmChart's spec (source-controller api/v1 helmchart_types.go HelmChartSpec): the chart's name (a path in a GitRepository or Bucket), its version (a semver expression, default `*`; ignored for GitRepository and Bucket sources), and its source, in the HelmChart's namespace. */
export interface FluxHelmChart {
  readonly chart: string;
  readonly version?: string;
  readonly sourceRef: { readonly kind: (typeof HELM_CHART_SOURCE_KINDS)[number]; readonly name: string };
}

/** An OCIRepository's `spec.ref` (source-controller api/v1 ocirepository_types.go OCIRepositoryRef): `digest` wins over `semver`, which wins over `tag` (default `latest`). */
export interface FluxOciRef {
  readonly tag?: string;
  readonly semver?: string;
  readonly digest?: string;
}

/** A Flux source object a HelmRelease can take its chart from, as `MigrateOptions.fluxSources` states it. */
export interface FluxSource {
  readonly kind: (typeof FLUX_SOURCE_KINDS)[number];
  readonly name: string;
  readonly namespace?: string;
  /** `spec.url` (a HelmChart has none: its `helmChart` names its source). */
  readonly url?: string;
  /** An OCIRepository's `spec.ref` (a chart's artifact tag is its version, as `helm push` tags it). */
  readonly ref?: FluxOciRef;
  /** A HelmChart's chart, version and source. */
  readonly helmChart?: FluxHelmChart;
}

/** Flux sources by key (`namespace/name` and `name`, kinds other than HelmRepository prefixed: sourceKeyPrefix). */
export type FluxSourceMap = Map<string, FluxSource>;

/** Adds a source to `into` by `namespace/name` and by `name` (the first of that name), unless a key is there already (`overwrite`: the scoped key is replaced). */
export function addFluxSource(source: FluxSource, into: FluxSourceMap, overwrite = true): void {
  const kind = sourceKeyPrefix(source.kind);
  if (source.namespace !== undefined) {
    const scoped = `${kind}${source.namespace}/${source.name}`;
    if (overwrite || !into.has(scoped)) into.set(scoped, source);
  }
  if (!into.has(`${kind}${source.name}`)) into.set(`${kind}${source.name}`, source);
}

/** How a source kind's keys start: none for a HelmRepository (the keys hints have always had), `Kind:` for the others. */
export function sourceKeyPrefix(kind: FluxSource['kind']): string {
  return kind === 'HelmRepository' ? '' : `${kind}:`;
}

/**
 * The chart version an OCIRepository's `spec.ref` pulls: `exact` when it names one tag (a digest or a semver range
 * wins over a tag; no ref pulls `latest`), and the ref as written, for messages.
 */
export function ociChartVersion(source: FluxSource): { readonly exact: string | undefined; readonly ref: string } {
  const where = `OCIRepository ${source.namespace !== undefined ? `${source.namespace}/` : ''}${source.name}`;
  const ref = source.ref ?? {};
  if (ref.digest !== undefined) return { exact: undefined, ref: `${where} ref.digest ${ref.digest}` };
  if (ref.semver !== undefined) return { exact: undefined, ref: `${where} ref.semver '${ref.semver}'` };
  if (ref.tag !== undefined) return { exact: ref.tag, ref: `${where} ref.tag` };
  return { exact: undefined, ref: `${where} without ref (tag latest)` };
}

/**
 * The chart version a HelmChart pulls: `exact` its `spec.version` (a semver expression: the rules judge whether it is
 * one version), none when it is omitted (`*`, the latest); a GitRepository's or Bucket's chart ignores it (undefined).
 */
export function helmChartVersion(source: FluxSource): { readonly exact: string | undefined; readonly ref: string } | undefined {
  const chart = source.helmChart;
  if (!chart || chart.sourceRef.kind !== 'HelmRepository') return undefined;
  const where = `HelmChart ${source.namespace !== undefined ? `${source.namespace}/` : ''}${source.name}`;
  return chart.version !== undefined && chart.version !== '*' ? { exact: chart.version, ref: `${where} spec.version` } : { exact: undefined, ref: `${where} without spec.version (the latest)` };
}
