import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { VarRef } from '../model/config-model.js';

/*
 * Flux post-build substitution's escape (deploy/flux-postbuild.ts): in an
 * object a Flux Kustomization with postBuild substitutes, `$${VAR}` reaches
 * the cluster as `${VAR}`, which Fluent Bit then expands. The configs of such
 * objects are marked here by readBatch; their views read a `${VAR}` written
 * right after a `$` as one reference spanning `$${VAR}`, so the setup's
 * value replaces the whole of it, as Fluent Bit sees it. The text is never
 * changed: an edit that keeps the value keeps the escape. Without postBuild
 * (a config not marked) `$${VAR}` is `$` then `${VAR}`, as Fluent Bit reads it.
 */

const escaped = new WeakSet<EmbeddedConfig>();

/** Marks a config that Flux substitutes before Fluent Bit reads it. */
export function markFluxSubstituted(config: EmbeddedConfig): void {
  escaped.add(config);
}

/** True when readBatch marked the config (Flux substitutes it). */
export function isFluxSubstituted(config: EmbeddedConfig | undefined): boolean {
  return config !== undefined && escaped.has(config);
}

/** A value's references as Fluent Bit gets them: in a Flux-substituted config, `$${VAR}` is one reference (offsets relative to `value`). */
export function fluxEscapedRefs<R extends VarRef>(refs: readonly R[], value: string, config: EmbeddedConfig | undefined): readonly R[] {
  if (refs.length === 0 || !isFluxSubstituted(config)) return refs;
  return refs.map((r) => (r.start > 0 && value[r.start - 1] === '$' ? { ...r, start: r.start - 1 } : r));
}
