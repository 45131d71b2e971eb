import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { VarRef } from '../model/config-model.js';
import { fluxFills, type FluxPostBuild } from '../deploy/flux-postbuild.js';

/*
 * Flux post-build substitution's escape (deploy/flux-postbuild.ts): in an
 * object a Flux Kustomization with postBuild substitutes, `$${VAR}` reaches
 * the cluster as `${VAR}`, which Fluent Bit then expands. The configs of such
 * objects are marked here by readBatch; their views read a `${VAR}` written
 * right after a `$` as one reference spanning `$${VAR}`, so the setup's
 * value replaces the whole of it, as Fluent Bit sees it. The text is never
 * changed: an edit that keeps the value keeps the escape. Without postBuild
 * (a config not marked) `$${VAR}` is `$` then `${VAR}`, as Fluent Bit reads it.
 *
 * Any other `${VAR}` of such a config is Flux's: when the build gives it a
 * value (its `substitute`/`substituteFrom`) or the reference a default
 * (`${VAR:=docker}`), the reference carries the text Flux writes (`flux`),
 * which resolveVariables reads before the setup's variables: Fluent Bit
 * reads `Parser docker`. One Flux leaves blank or unknown stays unresolved.
 */

const builds = new WeakMap<EmbeddedConfig, FluxPostBuild>();

/** Marks a config that Flux substitutes (with `build`'s values) before Fluent Bit reads it. */
export function markFluxSubstituted(config: EmbeddedConfig, build: FluxPostBuild): void {
  builds.set(config, build);
}

/** True when readBatch marked the config (Flux substitutes it). */
export function isFluxSubstituted(config: EmbeddedConfig | undefined): boolean {
  return config !== undefined && builds.has(config);
}

/** The Flux build that substitutes a config readBatch marked, else undefined. */
export function fluxBuildOf(config: EmbeddedConfig | undefined): FluxPostBuild | undefined {
  return config === undefined ? undefined : builds.get(config);
}

/**
 * A value's references as Fluent Bit gets them: in a Flux-substituted config, `$${VAR}` is one reference, and a
 * `${VAR}` Flux fills carries Flux's text (offsets relative to `value`).
 */
export function fluxEscapedRefs<R extends VarRef>(refs: readonly R[], value: string, config: EmbeddedConfig | undefined): readonly R[] {
  const build = refs.length === 0 ? undefined : fluxBuildOf(config);
  if (build === undefined) return refs;
  const fills = fluxFills(value, build);
  return refs.map((r) => {
    if (r.start > 0 && value[r.start - 1] === '$') return { ...r, start: r.start - 1 };
    const fill = fills.find((f) => f.start === r.start);
    return fill === undefined ? r : { ...r, name: fill.name, fallback: fill.fallback ?? null, end: fill.end, flux: fill.value };
  });
}
