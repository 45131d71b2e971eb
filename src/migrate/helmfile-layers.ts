import type { Discovery, DiscoveryHints, HelmfileHint, ValuesFileRef } from '../discover/discovery-types.js';
import { environmentKeys, helmfileEnvironments, helmfileLayers, helmfileRepositories, isHelmfileName, type HelmfileLayerRef } from '../discover/releases.js';
import { discoverFile } from '../discover/discover-file.js';
import { hasMarker } from '../discover/prefilter.js';
import { getNode } from '../yaml/yaml-nodes.js';
import type { Diagnostic } from '../source/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
import { normalizePath } from '../deploy/paths.js';
import { isMap, type YAMLMap } from 'yaml';
import { valuesFileIndices, valuesFilePath } from './values-file-links.js';

/*
 * helmfile states of several files (helmfile pkg/state/create.go, pkg/app/desired_state_file_loader.go):
 * - `bases:` items are loaded (relative to the helmfile's directory, with that directory as their own base, so their
 *   releases' paths are relative to the helmfile's directory) and merged before the helmfile's documents
 *   (mergo.WithAppendSlice: the bases' releases first, environments joined); a base with `bases:` of its own fails
 *   ("nested `base` helmfile is unsupported").
 * - `helmfiles:` items (a path or glob, or `{path, values}`: state values, which flb-migrate does not read) are
 *   helmfiles of their own, run after the parent with the same environment, relative paths from their own directory.
 * A base or nested helmfile no input holds, or a remote or templated one, is said (HELMFILE_LAYER_NOT_READ): what it
 * brings is not known (a `{{ .Environment.Name }}` file name of a helmfile with such a base stays unread).
 */

/** A text that may hold top-level `bases:` or `helmfiles:` (a text test, no regex backtracking). */
export function mayHoldHelmfileLayers(text: string): boolean {
  return /^(?:bases|helmfiles)[ \t]*:/m.test(text);
}

/** The mapping roots of a discovery's documents. */
function rootsOf(d: Discovery): YAMLMap[] {
  return d.documents.flatMap((doc) => (isMap(doc.contents) ? [doc.contents] : []));
}

/** A layer item as a batch path to look for, relative to the helmfile's directory (a glob matches batch paths). */
function layerRef(layer: HelmfileLayerRef, helmfile: string): ValuesFileRef {
  return { base: helmfile, baseIsFile: true, path: layer.path, anywhere: false, precedence: 0, ...(/[*?[]/.test(layer.path) ? { glob: true as const } : {}) };
}

/** Why a layer is not read, said at its item. */
function notRead(layer: HelmfileLayerRef, helmfile: string, found: 'none' | 'remote' | 'templated'): Diagnostic {
  const what = layer.kind === 'base' ? `helmfile base \`${layer.path}\`` : `nested helmfile \`${layer.path}\``;
  const why = found === 'remote' ? 'is a remote path, which flb-migrate does not fetch' : found === 'templated' ? 'is a template (helmfile renders it), which flb-migrate does not read' : `(${valuesFilePath(layerRef(layer, helmfile)) ?? layer.path}) is not among the inputs`;
  const lost = layer.kind === 'base' ? 'the environments, repositories and releases it layers into this helmfile were not read (a `{{ .Environment.Name }}` values file name stays unread)' : 'its releases were not read';
  const range = layer.node.range ?? [0, 0];
  return { code: 'HELMFILE_LAYER_NOT_READ', severity: 'info', message: `${what} ${why}: ${lost}; add it to the run, or check its releases by hand`, start: range[0], end: range[1] };
}

/**
 * The helmfiles of the batch with `bases:` or `helmfiles:`, and the files those name, read again as helmfile reads
 * them (DiscoveryHints.helmfile): a helmfile with bases takes their environments and repositories; a nested helmfile
 * is read as a helmfile whatever its name; a base's releases are read as each including helmfile's. Nothing is read
 * again for a batch without such a helmfile.
 */
export function linkHelmfileLayers(files: readonly SourceFile[], discoveries: readonly Discovery[], together: (a: string, b: string) => boolean, read: (file: SourceFile, hints: DiscoveryHints) => Discovery): Discovery[] {
  const queue = [...discoveries.keys()].filter((i) => isHelmfileName((discoveries[i] as Discovery).path) && mayHoldHelmfileLayers((discoveries[i] as Discovery).text));
  if (queue.length === 0) return [...discoveries];
  const paths = files.map((f) => normalizePath(f.path));
  const nested = new Set<number>();
  const hints = new Map<number, HelmfileHint>();
  const baseOf = new Map<number, NonNullable<HelmfileHint['baseOf']>[number][]>();
  const said = new Map<number, Diagnostic[]>();
  const seen = new Set(queue);
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q] as number;
    const d = discoveries[i] as Discovery;
    const roots = rootsOf(d);
    const ownPaths = paths.map((p) => (together(p, d.path) ? p : '\u0000'));
    const bases: number[] = [];
    let unknown = false;
    for (const layer of helmfileLayers(roots)) {
      const found = layer.unfollowed ? [] : valuesFileIndices(layerRef(layer, d.path), ownPaths, undefined, d.path).filter((j) => j !== i);
      // Said for a helmfile with a Fluent Bit marker (the CLI's prefilter skips one without, and its batch, as the library then must).
      if (found.length === 0 && hasMarker(d.text)) said.set(i, [...(said.get(i) ?? []), notRead(layer, d.path, layer.unfollowed ?? 'none')]);
      if (layer.kind === 'base') {
        if (found.length === 0) unknown = true;
        bases.push(...found);
        continue;
      }
      for (const j of found) {
        if (!isHelmfileName(paths[j] as string)) nested.add(j);
        if (!seen.has(j)) {
          seen.add(j);
          queue.push(j);
        }
      }
    }
    if (bases.length === 0 && !unknown) continue;
    // The bases' environments and repositories, in order, then the file's own (a base with bases of its own fails in helmfile: unknown).
    const baseRoots = bases.flatMap((j) => rootsOf(discoveries[j] as Discovery));
    const keys = baseRoots.map((r) => (getNode(r, 'bases') === undefined ? environmentKeys(r) : undefined));
    const environments = unknown || keys.some((k) => k === undefined) ? null : (helmfileEnvironments(roots, keys.flatMap((k) => k ?? [])) ?? null);
    const repositories = baseRoots.flatMap(helmfileRepositories);
    hints.set(i, { environments, ...(repositories.length > 0 ? { repositories } : {}) });
    const state = [...repositories, ...roots.flatMap(helmfileRepositories)];
    for (const j of new Set(bases)) baseOf.set(j, [...(baseOf.get(j) ?? []), { helmfile: d.path, environments, repositories: state }]);
  }
  return discoveries.map((d, i) => {
    const of = baseOf.get(i);
    const own = hints.get(i);
    const hint: HelmfileHint | undefined = of ? { baseOf: of } : own || nested.has(i) ? { ...own, ...(nested.has(i) ? { helmfile: true as const } : {}) } : undefined;
    const again = hint ? read(files[i] as SourceFile, { ...d.hints, helmfile: hint }) : d;
    const more = said.get(i);
    return more ? { ...again, diagnostics: [...again.diagnostics, ...more].sort((a, b) => a.start - b.start) } : again;
  });
}

/** For the CLI's batching: the input files a helmfile's `bases:` name (helmfileBaseLinksIn reads each with the helmfile). */
export function helmfileBasesIn(file: string, text: string, inputs: readonly string[]): string[] {
  if (!isHelmfileName(file) || !/^bases[ \t]*:/m.test(text)) return [];
  return layerInputs(file, text, inputs, true);
}

/** The input files a helmfile's followed layers name (its `bases:` only, or `helmfiles:` too), in layer order. */
function layerInputs(file: string, text: string, inputs: readonly string[], basesOnly: boolean): string[] {
  const paths = inputs.map(normalizePath);
  return helmfileLayers(rootsOf(discoverFile({ path: file, text }))).flatMap((layer) => ((basesOnly && layer.kind !== 'base') || layer.unfollowed ? [] : valuesFileIndices(layerRef(layer, file), paths, undefined, file).map((at) => inputs[at] as string)));
}

/**
 * For the CLI's batching: the input files the releases of a helmfile's base name as values files (relative to the
 * helmfile's directory, with the state's environments), with the helmfile; empty when none.
 */
export function helmfileBaseLinksIn(helmfile: string, helmfileText: string, base: string, baseText: string, inputs: readonly string[]): string[] {
  const baseRoots = rootsOf(discoverFile({ path: base, text: baseText }));
  const keys = baseRoots.map(environmentKeys);
  const environments = keys.some((k) => k === undefined) ? null : (helmfileEnvironments(rootsOf(discoverFile({ path: helmfile, text: helmfileText })), keys.flatMap((k) => k ?? [])) ?? null);
  const hint: HelmfileHint = { baseOf: [{ helmfile, environments, repositories: [] }] };
  const paths = inputs.map(normalizePath);
  const linked = discoverFile({ path: base, text: baseText }, { helmfile: hint }).releases.flatMap((r) => (r.valuesFileRefs ?? []).flatMap((ref) => valuesFileIndices(ref, paths, undefined, helmfile).map((at) => inputs[at] as string)));
  return linked.length === 0 ? [] : [helmfile, ...new Set(linked)];
}

/**
 * For the CLI's batching: the input files a helmfile's `bases:` and `helmfiles:` name, with the helmfile, so that
 * they are migrated together wherever they sit; empty when none. Only helmfile texts with such a key are parsed.
 */
export function helmfileLayerLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  if (!isHelmfileName(file) || !mayHoldHelmfileLayers(text)) return [];
  const linked = layerInputs(file, text, inputs, false);
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}
