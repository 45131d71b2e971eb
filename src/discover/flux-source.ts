/* The Flux source objects of MigrateOptions.fluxSources (no YAML here: the CLI's first module loads it). */

/** The Flux source kinds a HelmRelease's chart comes from that we read (`sourceRef` HelmRepository or GitRepository, `chartRef` OCIRepository). */
export const FLUX_SOURCE_KINDS = ['HelmRepository', 'GitRepository', 'OCIRepository'] as const;

/** A Flux source object a HelmRelease can take its chart from, as `MigrateOptions.fluxSources` states it. */
export interface FluxSource {
  readonly kind: (typeof FLUX_SOURCE_KINDS)[number];
  readonly name: string;
  readonly namespace?: string;
  readonly url: string;
}

/** Adds a source to `into` by `namespace/name` and by `name` (the first of that name), unless a key is there already (`overwrite`: the scoped key is replaced). */
export function addFluxSource(source: FluxSource, into: Map<string, string>, overwrite = true): void {
  const kind = sourceKeyPrefix(source.kind);
  if (source.namespace !== undefined) {
    const scoped = `${kind}${source.namespace}/${source.name}`;
    if (overwrite || !into.has(scoped)) into.set(scoped, source.url);
  }
  if (!into.has(`${kind}${source.name}`)) into.set(`${kind}${source.name}`, source.url);
}

/** How a source kind's keys start: none for a HelmRepository (the keys hints have always had), `Kind:` for the others. */
export function sourceKeyPrefix(kind: FluxSource['kind']): string {
  return kind === 'HelmRepository' ? '' : `${kind}:`;
}
