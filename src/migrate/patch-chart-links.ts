import { isMap } from 'yaml';
import type { ChartKind, Discovery, DiscoveryHints } from '../discover/discovery-types.js';
import type { SourceFile } from '../source/source-file.js';
import { patchesOf } from '../deploy/kustomize.js';
import { selects } from '../deploy/kustomize-select.js';
import { getMap, getString } from '../yaml/yaml-nodes.js';

/**
 * A kustomize patch file (`path:` / `patchesStrategicMerge`) holding a partial Flux HelmRelease names no chart: its
 * values are read as chart values only when their shape says so (`config.*`, the volume lists). One that writes only
 * `nodeSelector`, `affinity` or `tolerations` is still the patched release's chart values in every build that applies
 * it (kustomize merges it over the release). Such a file is read again with the patched release's chart
 * (DiscoveryHints.patchedCharts), so its set joins that build's deployment (release-deployments buildGroups).
 */
export function linkPatchCharts(files: readonly SourceFile[], discoveries: readonly Discovery[], together: (a: string, b: string) => boolean, read: (file: SourceFile, hints: DiscoveryHints) => Discovery): Discovery[] {
  // Only a batch with a chartless HelmRelease document whose values were not read as chart values.
  const chartless = (d: Discovery): { docIndex: number; name: string; namespace: string | undefined }[] => d.documents.flatMap((doc, docIndex) => {
    const obj = doc.contents;
    if (!isMap(obj) || getString(obj, 'kind') !== 'HelmRelease' || !getString(obj, 'apiVersion')?.startsWith('helm.toolkit.fluxcd.io/')) return [];
    const spec = getMap(obj, 'spec');
    const name = getString(getMap(obj, 'metadata'), 'name');
    if (name === undefined || getMap(spec, 'values') === undefined || getMap(spec, 'chart') !== undefined || getMap(spec, 'chartRef') !== undefined) return [];
    if (d.helmCharts.some((h) => h.docIndex === docIndex)) return [];
    return [{ docIndex, name, namespace: getString(getMap(obj, 'metadata'), 'namespace') }];
  });
  if (!discoveries.some((d) => d.kustomizations.some((k) => k.patches.length > 0))) return [...discoveries];
  const candidates = discoveries.map((d) => (d.text.includes('HelmRelease') ? chartless(d) : []));
  if (!candidates.some((c) => c.length > 0)) return [...discoveries];
  const patchOf = patchesOf(discoveries);
  return discoveries.map((d, i) => {
    const own = candidates[i] ?? [];
    if (own.length === 0 || patchOf(d.path) === undefined) return d;
    const links: [number, ChartKind][] = [];
    for (const r of own) {
      const kind = patchedChartKind(d, r);
      if (kind !== undefined) links.push([r.docIndex, kind]);
    }
    return links.length > 0 ? read(files[i] as SourceFile, { ...d.hints, patchedCharts: links }) : d;
  });

  /** The chart of the release the patch targets (same name; namespace when both give one; in no patch file). */
  function patchedChartKind(d: Discovery, target: { readonly name: string; readonly namespace: string | undefined }): ChartKind | undefined {
    for (const other of discoveries) {
      if (other === d || patchOf(other.path) !== undefined || !together(d.path, other.path)) continue;
      for (const h of other.helmCharts) {
        const base = h.release?.helmRelease;
        if (base === undefined || h.subchart.length > 0 || !selects(target, { kind: 'HelmRelease', name: base.name }, base.namespace)) continue;
        if (h.chartKind !== undefined && h.chartKind !== 'other') return h.chartKind;
      }
    }
    return undefined;
  }
}
