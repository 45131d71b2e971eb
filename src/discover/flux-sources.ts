import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import { getMap, getScalar, getSeq, getString } from '../yaml/yaml-nodes.js';
import { chartBaseName } from './chart-kind.js';
import { addFluxSource, type FluxSource, type FluxSourceMap } from './flux-source.js';
import { fluxSourceOf, repositoryURL } from './releases.js';

/**
 * True when a text may define a Flux source object (a cheap text test: the CLI parses only such files of a run
 * for `fluxSources`; most files of a GitOps tree have no marker and are never parsed for it).
 */
export function mayHoldFluxSources(text: string): boolean {
  return text.includes('source.toolkit.fluxcd.io/') && (text.includes('HelmRepository') || text.includes('OCIRepository') || text.includes('GitRepository') || text.includes('HelmChart'));
}

/** The objects of a document: its top-level map, a List's items, or a YAML sequence's items (none for a scalar). */
function objectsOf(doc: Document): readonly unknown[] {
  const root = doc.contents;
  if (isSeq(root)) return root.items;
  return isMap(root) ? getSeq(root, 'items')?.items ?? [root] : [];
}

/** The Flux source objects of parsed documents (top level, a List's items, a YAML sequence of objects), but those `skipped`. */
export function fluxSourcesOf(docs: readonly Document[], skipped?: ReadonlySet<number>): FluxSource[] {
  const out: FluxSource[] = [];
  docs.forEach((doc, i) => {
    if (skipped?.has(i)) return;
    for (const obj of objectsOf(doc)) {
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

/** A Flux HelmRelease whose chart depends on a source its file (and the sources given) do not hold. */
export interface UnresolvedFluxSource {
  readonly release: string | undefined;
  readonly kind: 'HelmRepository' | 'OCIRepository';
  readonly name: string;
  readonly namespace: string | undefined;
  /** The file offsets of the reference's `name`. */
  readonly start: number;
  readonly end: number;
}

/**
 * The Flux HelmReleases of one file whose chart cannot be told without a
 * source that neither the file nor `given` holds: a `sourceRef`
 * HelmRepository for a chart named `fluent-bit` (fluent's and grafana's
 * charts share the name; chart-kind.ts tells them by the repository URL),
 * or a `chartRef` OCIRepository (the chart is its URL's last segment). Other
 * charts are read by their name alone and need no source. For the codemod,
 * which migrates one file at a time. Pure; never throws.
 */
export function unresolvedFluxSources(text: string, given: readonly FluxSource[] = []): UnresolvedFluxSource[] {
  if (!text.includes('HelmRelease') || !text.includes('helm.toolkit.fluxcd.io/')) return [];
  let docs;
  try {
    docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  } catch {
    return [];
  }
  const known: FluxSourceMap = new Map();
  for (const source of fluxSourcesOf(docs)) addFluxSource(source, known, false);
  for (const source of given) addFluxSource(source, known, false);
  const out: UnresolvedFluxSource[] = [];
  for (const doc of docs) {
    for (const obj of objectsOf(doc)) {
      if (!isMap(obj) || getString(obj, 'kind') !== 'HelmRelease' || !(getString(obj, 'apiVersion') ?? '').startsWith('helm.toolkit.fluxcd.io/')) continue;
      const meta = getMap(obj, 'metadata');
      const spec = getMap(obj, 'spec');
      const chartSpec = getMap(getMap(spec, 'chart'), 'spec');
      const chart = getString(chartSpec, 'chart');
      const ref = chartSpec ? getMap(chartSpec, 'sourceRef') : getMap(spec, 'chartRef');
      const kind = getString(ref, 'kind');
      const needed = chartSpec ? kind === 'HelmRepository' && chart !== undefined && chartBaseName(chart) === 'fluent-bit' : kind === 'OCIRepository';
      const nameNode = getScalar(ref, 'name');
      const name = getString(ref, 'name');
      if (!needed || name === undefined || nameNode?.range === undefined || nameNode.range === null) continue;
      const namespace = getString(ref, 'namespace') ?? getString(meta, 'namespace');
      if (repositoryURL(known, name, namespace, kind as UnresolvedFluxSource['kind']) !== undefined) continue;
      out.push({ release: getString(meta, 'name'), kind: kind as UnresolvedFluxSource['kind'], name, namespace, start: nameNode.range[0], end: nameNode.range[1] });
    }
  }
  return out;
}
