import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import { getSeq } from '../yaml/yaml-nodes.js';
import type { FluxSource } from './flux-source.js';
import { fluxSourceOf } from './releases.js';

/**
 * True when a text may define a Flux source object (a cheap text test: the CLI parses only such files of a run
 * for `fluxSources`; most files of a GitOps tree have no marker and are never parsed for it).
 */
export function mayHoldFluxSources(text: string): boolean {
  return text.includes('source.toolkit.fluxcd.io/') && (text.includes('HelmRepository') || text.includes('OCIRepository') || text.includes('GitRepository'));
}

/** The Flux source objects of parsed documents (top level, a List's items, a YAML sequence of objects), but those `skipped`. */
export function fluxSourcesOf(docs: readonly Document[], skipped?: ReadonlySet<number>): FluxSource[] {
  const out: FluxSource[] = [];
  docs.forEach((doc, i) => {
    const root = doc.contents;
    if (skipped?.has(i) || !(isMap(root) || isSeq(root))) return;
    const objects = isSeq(root) ? root.items : getSeq(root, 'items')?.items ?? [root];
    for (const obj of objects) {
      const source = isMap(obj) ? fluxSourceOf(obj) : undefined;
      if (source) out.push(source);
    }
  });
  return out;
}

/**
 * The Flux source objects a file defines, as `MigrateOptions.fluxSources` takes them: the CLI gives those of every
 * file of a run to every batch, so a HelmRelease finds a HelmRepository of another directory. Pure; never throws
 * (an unparsable document gives none).
 */
export function fluxSourcesIn(text: string): FluxSource[] {
  if (!mayHoldFluxSources(text)) return [];
  try {
    return fluxSourcesOf(parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false }));
  } catch {
    return [];
  }
}
