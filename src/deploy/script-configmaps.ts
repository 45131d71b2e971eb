import type { Discovery } from '../discover/discovery-types.js';
import { isLiteralWord, kubectlConfigMapCommands, type KubectlConfigMap, type KubectlFromFile } from '../discover/kubectl-configmap.js';
import { foreignLanguage } from '../source/sniff-format.js';
import { dirname, joinPath, normalizePath } from './paths.js';

/*
 * The ConfigMaps (and Secrets) a shell script or a Makefile makes with
 * `kubectl create configmap NAME --from-file=...` (`kubectl create secret
 * generic NAME --from-file=...`; discover/kubectl-configmap.ts): the same
 * information a kustomization's `configMapGenerator` gives (objects.ts), so a
 * workload of the batch mounting ConfigMap NAME runs those files. Paths are
 * taken relative to the script's directory (make runs a recipe there; a
 * script run from elsewhere is not modelled), after a `cd` of the script and
 * through the idioms naming the script's own directory
 * (discover/script-dirs.ts). A directory source is every
 * file of the batch directly in it (kubectl reads its regular files, not
 * its subdirectories). A name or a path holding a variable is not
 * followed; nor is a command with `--append-hash` (the name mounted is not
 * the one written).
 */

/** One ConfigMap a script's command makes: its keys and the batch files (normalised) that fill them. */
export interface ScriptConfigMap {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly namespace: string | undefined;
  /** Key and file (normalised batch path), in the command's order; `named` when the file itself is the source (not a directory holding it). */
  readonly files: readonly { readonly key: string; readonly path: string; readonly named: boolean }[];
  /** File offset of the command's `kubectl`. */
  readonly start: number;
  /** `--from-literal` keys (no file). */
  readonly literals: readonly string[];
  /** The script. */
  readonly script: string;
  /** False when a `--from-file` source names no file of the batch (a path we cannot resolve, or a file not among the inputs): the object has keys we do not know. */
  readonly complete: boolean;
}

/** The followed commands of a script (none for another file). */
function commandsOf(path: string, text: string): KubectlConfigMap[] {
  const language = foreignLanguage(path);
  if (language !== 'shell' && language !== 'Make') return [];
  return kubectlConfigMapCommands(text, { make: language === 'Make' }).filter((c) => c.name !== undefined && isLiteralWord(c.name.value) && !c.appendHash && isLiteralWord(c.namespace ?? ''));
}

/** The batch files a `--from-file` source names: the file itself, or the files directly in the directory it names. */
function sourceFiles(base: string, source: KubectlFromFile, paths: ReadonlySet<string>, byDir: ReadonlyMap<string, readonly string[]>): { key: string; path: string; named: boolean }[] {
  if (source.resolved === undefined) return [];
  const at = joinPath(base, source.resolved);
  if (paths.has(at)) return [{ key: source.key, path: at, named: true }];
  // kubectl refuses a key for a directory source.
  if (source.keyed) return [];
  return (byDir.get(at) ?? []).map((p) => ({ key: p.slice(p.lastIndexOf('/') + 1), path: p, named: false }));
}

/** Every ConfigMap the scripts of the batch make with `kubectl create configmap`. */
export function scriptConfigMaps(discoveries: readonly Discovery[]): ScriptConfigMap[] {
  let paths: Set<string> | undefined;
  let byDir: Map<string, string[]> | undefined;
  const out: ScriptConfigMap[] = [];
  for (const d of discoveries) {
    const commands = commandsOf(d.path, d.text);
    if (commands.length === 0) continue;
    if (paths === undefined || byDir === undefined) {
      paths = new Set(discoveries.map((x) => normalizePath(x.path)));
      byDir = new Map();
      for (const p of paths) {
        const dir = dirname(p);
        byDir.set(dir, [...(byDir.get(dir) ?? []), p]);
      }
    }
    const base = dirname(normalizePath(d.path));
    for (const c of commands) {
      const perSource = c.files.map((f) => sourceFiles(base, f, paths as Set<string>, byDir as Map<string, string[]>));
      const files = perSource.flat();
      const complete = perSource.every((f) => f.length > 0);
      out.push({ kind: c.kind, name: (c.name as { value: string }).value, namespace: c.namespace, files, start: c.start, literals: c.literals, script: d.path, complete });
    }
  }
  return out;
}

/**
 * For the CLI's batching: a script's `kubectl create configmap` files (a
 * `--from-file` file, or the files directly in a `--from-file` directory)
 * among the inputs, with the script itself, so that they are migrated
 * together wherever they sit; empty when none.
 */
export function scriptConfigMapLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  const commands = commandsOf(file, text);
  if (commands.length === 0) return [];
  const base = dirname(normalizePath(file));
  const linked: string[] = [];
  for (const c of commands) {
    for (const f of c.files) {
      if (f.resolved === undefined) continue;
      const at = joinPath(base, f.resolved);
      for (const i of inputs) {
        const p = normalizePath(i);
        if (p === at || (!f.keyed && dirname(p) === at)) linked.push(i);
      }
    }
  }
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}

/** The deepest directory holding both `a` and `b` (normalised, '/'-separated; '' for relative paths with nothing in common). */
function commonDir(a: string, b: string): string {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return x.slice(0, n).join('/') || (a.startsWith('/') && b.startsWith('/') ? '/' : '');
}

/**
 * For the CLI's batching: the literal names of the ConfigMaps a script makes with `kubectl create configmap
 * --from-file` (none for another file), each with its scope: the smallest directory holding the script and the
 * sources it names (its project). Only manifests inside it are joined to the script: a tree of several projects
 * that each name their ConfigMap `fb-config` keeps them apart.
 */
export function scriptConfigMapNames(file: string, text: string): { readonly name: string; readonly scope: string }[] {
  const base = dirname(normalizePath(file));
  const out = new Map<string, string>();
  for (const c of commandsOf(file, text)) {
    if (c.files.length === 0) continue;
    let scope = base;
    for (const f of c.files) if (f.resolved !== undefined) scope = commonDir(scope, joinPath(base, f.resolved));
    const name = (c.name as { value: string }).value;
    const known = out.get(name);
    out.set(name, known === undefined ? scope : commonDir(known, scope));
  }
  return [...out].map(([name, scope]) => ({ name, scope }));
}

/** True when `path` (a batch path, normalised here) is inside `scope` (a scriptConfigMapNames scope). */
export function isInScope(path: string, scope: string): boolean {
  const p = normalizePath(path);
  return scope === '' ? !p.startsWith('/') : scope === '/' ? p.startsWith('/') : p.startsWith(`${scope}/`);
}

/**
 * For the CLI's batching: true when a manifest's text may name ConfigMap or Secret `name` (a `name: NAME` or
 * `secretName: NAME` line, quoted or not, as a volume's `configMap.name`, `secret.secretName` or a projected
 * source's `secret.name` is written): a workload that mounts it goes in the script's batch. A text test that errs
 * towards linking (an object of the same name elsewhere only makes the batch larger).
 */
export function mayNameConfigMap(text: string, name: string): boolean {
  if (!text.includes(name) || (!text.includes('configMap') && !text.includes('secret'))) return false;
  for (const line of text.split('\n')) {
    // `name:` is in `secretName:` too.
    const at = line.indexOf('ame:');
    if (at < 0) continue;
    const value = line.slice(at + 4).trim().replace(/^["']|["']$/g, '');
    if (value === name) return true;
  }
  return false;
}
