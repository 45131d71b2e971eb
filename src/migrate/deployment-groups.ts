import type { Discovery, HelmValuesInfo, ObjectSource, OperatorInput } from '../discover/discovery-types.js';
import type { Container, FileLookup, Workload } from '../deploy/types.js';
import { FilePositions } from '../report/positions.js';
import type { LocatedDiagnostic } from '../report/located-diagnostic.js';
import type { DiagnosticCode } from '../source/diagnostic.js';
import type { BatchState } from './read-batch.js';
import type { FileResult } from './types.js';
import { withFields } from './lazy-diff.js';

/*
 * A deployment is written whole or not at all (NOTES.md, "A deployment is
 * written whole or not at all").
 *
 * The files of one deployment: a workload's file (a DaemonSet, chart values,
 * a FluentBit resource), the files of every config its containers read (the
 * -c file, includes, parsers files), the files holding the ConfigMaps and
 * Secrets its volumes name, the files of its chart values (Flux valuesFrom,
 * Argo CD values strings) and of its operator inputs, and the files a config
 * @INCLUDEs. Grouped transitively (two workloads sharing one ConfigMap are one
 * deployment), over the deployment model of the input AND of the output: an
 * edit that drops a DaemonSet's config volume still leaves the ConfigMap in
 * the DaemonSet's deployment.
 *
 * A file that cannot be migrated (any error; an edit it needed that was
 * skipped: ALIAS_NOT_EDITED; a config that cannot be read: BASE64_UNREADABLE) holds back every
 * changed file of its deployment: each is returned unchanged with one
 * DEPLOYMENT_RELATED error naming the file that failed and why. A file whose
 * content is unknown (BINARY_FILE, a YAML syntax error, a file the CLI could
 * not read) could be what a deployment reads and the batch does not hold: it
 * holds back the deployments of its scope that read something missing (a
 * ConfigMap or Secret no file holds, an include not found that has its
 * name, a valuesFrom object not found); complete deployments are written.
 */

/** Warnings that leave a file's part of the migration undone: the rest of its deployment must not be written alone. */
// Not LINE_NOT_EDITABLE: the edits it skips are on lines Fluent Bit reads cut short (a NUL, a bare CR), whose key it
// never sees whole; the rest of the file is migrated on purpose (test/grammar/editable.test.ts). Not
// UNSUPPORTED_SCALAR_STYLE: a folded config beside migrated keys of one ConfigMap is migrated around on purpose
// (fixtures/rules/tail-parser/folded-block-scalar); NOTES.md, "A deployment is written whole or not at all".
const INCOMPLETE: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['ALIAS_NOT_EDITED', 'BASE64_UNREADABLE']);

/**
 * Files of the batch whose reading failed before anything of them was known (BINARY_FILE, a YAML syntax error that
 * leaves no object): which deployment they belong to cannot be told.
 */
export function opaqueFiles(state: BatchState): Set<string> {
  const out = new Set<string>();
  for (const d of state.discoveries) {
    if (!d.diagnostics.some((x) => x.severity === 'error')) continue;
    const known = d.configs.length + d.configMaps.length + d.podTemplates.length + d.helmCharts.length + d.operatorInputs.length
      + d.fluentBits.length + d.fluentBitConfigs.length + d.kustomizations.length + d.releases.length + d.valuesTexts.length;
    if (known === 0) out.add(d.path);
  }
  return out;
}

/**
 * Workload files of the batch that name a ConfigMap or Secret (a volume, a chart's existingConfigMap) that no
 * file of the batch holds, within their scope: an unreadable file of the batch may be it.
 */
export function unresolvedFiles(state: BatchState, scopeOf: (path: string) => string): Set<string> {
  const held = new Set<string>();
  for (const d of state.discoveries) for (const cm of d.configMaps) if (cm.name !== undefined) held.add(`${scopeOf(d.path)}|${cm.kind}/${cm.name}`);
  const out = new Set<string>();
  for (const w of state.deployment.workloads) {
    const scope = scopeOf(w.path);
    const names = objectSources(w).map((s) => `${s.kind === 'secret' ? 'Secret' : 'ConfigMap'}/${s.name ?? ''}`);
    for (const h of [w.helm, ...w.valueSets]) if (h?.existingConfigMap !== undefined) names.push(`ConfigMap/${h.existingConfigMap}`);
    if (names.some((n) => !n.endsWith('/') && !held.has(`${scope}|${n}`))) out.add(w.path);
  }
  return out;
}

const baseName = (p: string): string => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

/**
 * True when `d` says its file reads something the batch does not hold that may be one of the unknown files: a
 * valuesFrom object not found, or an include not found whose target has an unknown file's name (an include of a
 * file the image supplies, the stock parsers.conf, is no reason).
 */
function readsMissing(d: LocatedDiagnostic, unknownNames: ReadonlySet<string>): boolean {
  if (d.code === 'VALUES_FROM_NOT_FOUND' || d.code === 'ENVIRONMENT_VALUES_FILE_NOT_FOUND' || d.code === 'HELMFILE_LAYER_NOT_READ') return true;
  if (d.code !== 'INCLUDE_NOT_FOUND') return false;
  const ref = /'([^']*)'/.exec(d.message)?.[1];
  return ref !== undefined && unknownNames.has(baseName(ref));
}

/** A file of the batch's directories that could not be read at all (MigrateOptions.unreadFiles: the CLI's FILE_TOO_LARGE, ENCODING, a read error). */
export interface UnreadFile {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** Union-find over paths. */
class Groups {
  private readonly parent = new Map<string, string>();

  find(p: string): string {
    let root = p;
    for (let next = this.parent.get(root); next !== undefined && next !== root; next = this.parent.get(root)) root = next;
    // Path compression.
    for (let at = p; at !== root; ) {
      const next = this.parent.get(at) as string;
      this.parent.set(at, root);
      at = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller path is the root: a stable key whatever the order of the unions.
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
}

function lookupPaths(l: FileLookup | undefined): string[] {
  return l?.kind === 'config' ? l.configs.map((c) => c.path) : [];
}

function objectSources(w: Workload): ObjectSource[] {
  const out: ObjectSource[] = [];
  for (const v of w.volumes) {
    const s = v.source;
    if (s.kind === 'configMap' || s.kind === 'secret') out.push(s);
    else if (s.kind === 'projected') out.push(...s.sources);
  }
  return out;
}

function dirOf(path: string): string {
  const sep = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return sep < 0 ? '' : path.slice(0, sep);
}

/**
 * The part of the batch a file is in: one group of directories of MigrateOptions.deployments (the CLI's --to-yaml
 * batch of a whole tree), else the whole batch. By-name links and unknown files reach no further.
 */
export function scopes(deployments: readonly (readonly string[])[] | undefined): (path: string) => string {
  if (deployments === undefined) return () => '';
  const byDir = new Map<string, string>();
  deployments.forEach((g, i) => {
    for (const d of g) if (!byDir.has(d)) byDir.set(d, String(i));
  });
  return (path) => byDir.get(dirOf(path)) ?? `dir:${dirOf(path)}`;
}

/** Links the files of every deployment of one state of the batch. */
function linkState(groups: Groups, state: BatchState, inBatch: ReadonlySet<string>, scopeOf: (path: string) => string): void {
  const link = (a: string, b: string): void => {
    if (a !== b && inBatch.has(a) && inBatch.has(b)) groups.union(a, b);
  };
  // Whose file each discovered object is (chart values and operator inputs are found on their workload, not by path).
  const ownerOf = new Map<HelmValuesInfo | OperatorInput, string>();
  const objects = new Map<string, string[]>();
  for (const d of state.discoveries as readonly Discovery[]) {
    for (const h of d.helmCharts) ownerOf.set(h, h.text?.path ?? d.path);
    if (d.helmValues) ownerOf.set(d.helmValues, d.helmValues.text?.path ?? d.path);
    for (const o of d.operatorInputs) ownerOf.set(o, d.path);
    for (const cm of d.configMaps) {
      if (cm.name === undefined) continue;
      const key = `${cm.kind}/${cm.name}`;
      const paths = objects.get(key);
      if (paths) paths.push(d.path);
      else objects.set(key, [d.path]);
    }
  }
  const byObject = (kind: 'ConfigMap' | 'Secret', name: string | undefined): readonly string[] => (name === undefined ? [] : (objects.get(`${kind}/${name}`) ?? []));
  for (const w of state.deployment.workloads) {
    const scope = scopeOf(w.path);
    const near = (p: string): void => {
      if (scopeOf(p) === scope) link(w.path, p);
    };
    for (const s of objectSources(w)) for (const p of byObject(s.kind === 'secret' ? 'Secret' : 'ConfigMap', s.name)) near(p);
    for (const h of [w.helm, ...w.valueSets]) {
      if (h === undefined) continue;
      const owner = ownerOf.get(h);
      if (owner !== undefined) link(w.path, owner);
      for (const p of byObject('ConfigMap', h.existingConfigMap)) near(p);
    }
    for (const o of w.operatorInputs) {
      const owner = ownerOf.get(o);
      if (owner !== undefined) link(w.path, owner);
    }
    for (const c of w.containers) linkContainer(c, link);
  }
  for (const c of state.deployment.containers) linkContainer(c, link);
}

function linkContainer(c: Container, link: (a: string, b: string) => void): void {
  const home = c.workload.path;
  for (const cfg of c.configs) link(home, cfg.path);
  for (const p of lookupPaths(c.mainConfig)) link(home, p);
  for (const f of c.parsersFiles) for (const p of lookupPaths(f.lookup)) link(home, p);
}

/**
 * The deployment of each file of the batch: a key shared by the files of one
 * deployment (`states`: the input's reading and, when there is one, the
 * output's; `links`: config ids that include one another).
 */
export function deploymentKeys(states: readonly BatchState[], links: readonly (readonly string[])[] = [], scopeOf: (path: string) => string = () => ''): Map<string, string> {
  const first = states[0];
  const paths = first ? first.files.map((f) => f.path) : [];
  const inBatch = new Set(paths);
  const groups = new Groups();
  for (const s of states) linkState(groups, s, inBatch, scopeOf);
  if (first && links.length > 0) {
    const pathOfConfig = new Map<string, string>();
    for (const d of first.discoveries) for (const c of d.configs) pathOfConfig.set(c.id, c.path);
    for (const ids of links) {
      const ps = ids.flatMap((id) => {
        const p = pathOfConfig.get(id);
        return p === undefined ? [] : [p];
      });
      for (const p of ps.slice(1)) if (inBatch.has(p) && inBatch.has(ps[0] as string) && p !== ps[0]) groups.union(ps[0] as string, p);
    }
  }
  return new Map(paths.map((p) => [p, groups.find(p)]));
}

/** Why a file of a deployment cannot be migrated: its first error, else its first warning that leaves an edit undone. */
function failureOf(r: FileResult): LocatedDiagnostic | undefined {
  return r.diagnostics.find((d) => d.severity === 'error') ?? r.diagnostics.find((d) => INCOMPLETE.has(d.code));
}

function describeFailure(r: FileResult, d: LocatedDiagnostic, self: boolean): string {
  const where = self ? `line ${d.line} of this file` : `${r.path}:${d.line}:${d.column}`;
  const why = d.message.length > 160 ? `${d.message.slice(0, 157)}...` : d.message;
  return `${where} cannot be migrated (${d.code}: ${why})`;
}

/** `r` returned unchanged, with `diagnostic` added (in file order) and its change findings dropped. */
function heldBack(r: FileResult, message: string): FileResult {
  const positions = new FilePositions(r.before);
  const held: LocatedDiagnostic = { code: 'DEPLOYMENT_RELATED', severity: 'error', message, path: r.path, start: 0, end: 0, ...positions.span(0, 0) };
  return {
    path: r.path, before: r.before, output: r.before, changed: false, edits: [],
    findings: r.findings.filter((f) => f.severity !== 'change'),
    diagnostics: [held, ...r.diagnostics], hasErrors: true, diff: '',
  };
}

/** How the batch's files are grouped (deploymentKeys, opaqueFiles, scopes) and the files the CLI could not read. */
export interface HoldBackInput {
  readonly keys: ReadonlyMap<string, string>;
  readonly opaque?: ReadonlySet<string>;
  readonly scopeOf?: (path: string) => string;
  readonly unread?: readonly UnreadFile[];
  /** unresolvedFiles of the batch. */
  readonly unresolved?: ReadonlySet<string>;
}

const TOGETHER = 'and the files of one deployment are written together';
const UNKNOWN = 'its content is unknown, and it may be what this deployment reads but the batch does not hold (a ConfigMap, a Secret, an included file, chart values), and the files of one deployment are written together';

/**
 * The batch's results with every changed file of a deployment that cannot be
 * migrated whole held back (see the file comment). A file missing from
 * `keys` is a deployment of its own; an opaque or unread file holds back
 * every changed file of its scope.
 */
export function holdBackDeployments(results: readonly FileResult[], input: HoldBackInput): FileResult[] {
  const { keys, opaque = new Set<string>(), scopeOf = () => '', unread = [], unresolved = new Set<string>() } = input;
  const failed = new Map<string, string>();
  const unknown = new Map<string, string>();
  for (const u of unread) {
    const scope = scopeOf(u.path);
    if (!unknown.has(scope)) unknown.set(scope, `not written: ${u.path} could not be read (${u.code}: ${u.message}); ${UNKNOWN}`);
  }
  for (const r of results) {
    const d = failureOf(r);
    if (!d) continue;
    const key = keys.get(r.path) ?? r.path;
    if (!failed.has(key)) failed.set(key, r.path);
    const scope = scopeOf(r.path);
    if (opaque.has(r.path) && !unknown.has(scope)) unknown.set(scope, `not written: ${describeFailure(r, d, false)}; ${UNKNOWN}`);
  }
  if (failed.size === 0 && unknown.size === 0) return results as FileResult[];
  // The deployments that read something the batch does not hold: only they can be the unknown file's.
  const unknownNames = new Set([...unread.map((u) => baseName(u.path)), ...[...opaque].map(baseName)]);
  const incomplete = new Set<string>();
  for (const r of results) {
    if (unresolved.has(r.path) || r.diagnostics.some((d) => readsMissing(d, unknownNames))) incomplete.add(keys.get(r.path) ?? r.path);
  }
  const byPath = new Map(results.map((r) => [r.path, r]));
  return results.map((r) => {
    if (!r.changed) return r;
    const own = r.hasErrors || r.diagnostics.some((d) => d.severity === 'error');
    if (own) return r;
    const at = failed.get(keys.get(r.path) ?? r.path);
    const f = at === undefined ? undefined : byPath.get(at);
    const d = f === undefined ? undefined : failureOf(f);
    if (f !== undefined && d !== undefined) return heldBack(r, `not written: ${describeFailure(f, d, f.path === r.path)}, ${TOGETHER}`);
    const why = incomplete.has(keys.get(r.path) ?? r.path) ? unknown.get(scopeOf(r.path)) : undefined;
    return why === undefined ? r : heldBack(r, why);
  });
}

/** Each changed file of a deployment of several files of the batch, with its deployment's key (FileResult.deployment). */
export function tagDeployments(results: readonly FileResult[], keys: ReadonlyMap<string, string>): FileResult[] {
  const size = new Map<string, number>();
  for (const k of keys.values()) size.set(k, (size.get(k) ?? 0) + 1);
  return results.map((r) => {
    const key = keys.get(r.path);
    return r.changed && key !== undefined && (size.get(key) ?? 0) > 1 ? withFields(r, { deployment: key }) : r;
  });
}
