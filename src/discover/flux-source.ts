/* The Flux source objects of MigrateOptions.fluxSources (no YAML here: the CLI's first module loads it). */

/** A Flux source object a HelmRelease can take its chart from, as `MigrateOptions.fluxSources` states it. */
export interface FluxSource {
  readonly kind: 'HelmRepository';
  readonly name: string;
  readonly namespace?: string;
  readonly url: string;
}

/** Adds a source to `into` by `namespace/name` and by `name` (the first of that name), unless a key is there already (`overwrite`: the scoped key is replaced). */
export function addFluxSource(source: FluxSource, into: Map<string, string>, overwrite = true): void {
  if (source.namespace !== undefined) {
    const scoped = `${source.namespace}/${source.name}`;
    if (overwrite || !into.has(scoped)) into.set(scoped, source.url);
  }
  if (!into.has(source.name)) into.set(source.name, source.url);
}
