import { isMap, parseAllDocuments, type Document } from 'yaml';
import { dirname, joinPath, normalizePath } from '../source/paths.js';
import { getMap, getSeq, getString } from '../yaml/yaml-nodes.js';
import { isKustomizationFileName, isRemote } from './kustomization.js';

/*
 * The directories a GitOps controller deploys with `kustomize build`: an
 * Argo CD Application's `spec.source.path` (or a `spec.sources[]` item's)
 * without a `chart:` (Argo CD builds a kustomization found there), and a
 * Flux Kustomization's `spec.path` (kustomize.toolkit.fluxcd.io; the
 * controller builds that directory). Both are relative to the repository's
 * root, which the batch does not show: a directory matches a path when it
 * is that path or ends with it (`deploy/logging/overlays/prod` for
 * `logging/overlays/prod`). An intermediate overlay that another overlay
 * builds is a build of its own when one of them names it
 * (deploy/kustomize.ts `kustomizationsOf`).
 */

/** Cheap test before parsing: an Argo CD Application or a Flux Kustomization may be in the text. */
export function mayNameDeployedPath(text: string): boolean {
  return (text.includes('argoproj.io/') && text.includes('Application')) || text.includes('kustomize.toolkit.fluxcd.io/');
}

/** A path as written, as a directory to compare (`./a/b/` -> `a/b`); undefined for the repository's root, a remote or a templated one. */
function asDir(path: string | undefined): string | undefined {
  if (path === undefined || path.includes('{{') || path.includes('${') || isRemote(path.trim())) return undefined;
  const n = normalizePath(path.trim());
  // An absolute path (`/logging/prod`) is the repository's root too: relative to it.
  const rel = n.startsWith('/') ? n.slice(1) : n;
  return rel === '' || rel === '.' || rel.startsWith('..') ? undefined : rel;
}

/** The directories the documents' Argo CD Applications and Flux Kustomizations deploy, as written (normalised). */
export function deployedPathsOf(documents: readonly Document.Parsed[]): string[] {
  const out: string[] = [];
  for (const doc of documents) {
    const obj = doc.contents;
    if (!isMap(obj)) continue;
    const kind = getString(obj, 'kind');
    const apiVersion = getString(obj, 'apiVersion') ?? '';
    const spec = getMap(obj, 'spec');
    if (kind === 'Kustomization' && apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) {
      const dir = asDir(getString(spec, 'path'));
      if (dir !== undefined) out.push(dir);
    } else if (kind === 'Application' && apiVersion.startsWith('argoproj.io/')) {
      const sources = [getMap(spec, 'source'), ...(getSeq(spec, 'sources')?.items ?? [])];
      for (const s of sources) {
        if (!isMap(s) || getString(s, 'chart') !== undefined) continue;
        const dir = asDir(getString(s, 'path'));
        if (dir !== undefined) out.push(dir);
      }
    }
  }
  return out;
}

/** True when the batch directory `dir` is one of `deployed` (a path relative to an unknown repository root: `dir` is it or ends with it). */
export function isDeployedDir(dir: string, deployed: readonly string[]): boolean {
  const d = normalizePath(dir);
  return deployed.some((p) => d === p || d.endsWith(`/${p}`));
}

/** A path a GitOps object deploys, and the file the object is written in. */
export interface DeployedPath {
  readonly from: string;
  readonly path: string;
}

/**
 * Where a GitOps object's path builds from: one resolution for a Flux Kustomization's `spec.path` (deploy/
 * flux-postbuild.ts, the directory its postBuild substitutes) and an Argo CD Application's or Flux Kustomization's
 * deployed overlay (`deployedKustomizations`). The path is relative to the repository's root, which the batch does
 * not name. `own`: the directories `root/path` that are among `dirs` (the batch's directories that count: those
 * holding files, those holding a kustomization file) for a root that is the object's own file's directory or one of
 * its ancestors, nearest root first (an object deploys from its own repository more often than from a
 * neighbour's). `others`, only when `own` is empty: every directory of `dirs` that is the path or ends with it (an
 * object of another repository: a fleet repository beside the apps one, an app-of-apps checkout). `path` is
 * normalised and relative; '' (the root itself) resolves among the own roots only.
 */
export function resolveGitOpsPath(from: string, path: string, dirs: ReadonlySet<string>): { readonly own: readonly string[]; readonly others: readonly string[] } {
  const own: string[] = [];
  const fromDir = dirname(normalizePath(from));
  // The batch's root is an own root of a file below it, not of one outside it (`../x`).
  const outside = fromDir === '..' || fromDir.startsWith('../');
  for (let base = fromDir; ; base = dirname(base)) {
    if (base === '' && outside) break;
    const dir = joinPath(base, path);
    if (dirs.has(dir) && !own.includes(dir)) own.push(dir);
    if (base === '' || base === '/') break;
  }
  if (own.length > 0 || path === '') return { own, others: [] };
  return { own, others: [...dirs].filter((dir) => dir === path || dir.endsWith(`/${path}`)) };
}

/**
 * The kustomization files of `kustomizations` (batch paths) whose directory a GitOps object deploys
 * (`resolveGitOpsPath`: every own match, else every other repository's).
 */
export function deployedKustomizations(deployed: readonly DeployedPath[], kustomizations: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (deployed.length === 0) return out;
  const files = kustomizations.filter(isKustomizationFileName).map((k) => ({ k, dir: dirname(normalizePath(k)) }));
  const dirs = new Set(files.map(({ dir }) => dir));
  for (const { from, path } of deployed) {
    const { own, others } = resolveGitOpsPath(from, path, dirs);
    const built = new Set(own.length > 0 ? own : others);
    for (const { k, dir } of files) if (built.has(dir)) out.add(k);
  }
  return out;
}

/** For the CLI's batching: a file holding Applications or Flux Kustomizations and the kustomization files of the directories they deploy; empty when none. */
export function deployedPathLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  if (!mayNameDeployedPath(text)) return [];
  let paths: string[];
  try {
    paths = deployedPathsOf(parseAllDocuments(text) as Document.Parsed[]);
  } catch {
    return [];
  }
  if (paths.length === 0) return [];
  const linked = [...deployedKustomizations(paths.map((path) => ({ from: file, path })), inputs)].filter((f) => f !== file);
  return linked.length === 0 ? [] : [file, ...linked];
}
