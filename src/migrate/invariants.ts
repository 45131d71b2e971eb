import type { Node } from 'yaml';
import { discoverFile } from '../discover/discover-file.js';
import { atLeast, formatVersion } from '../deploy/image-version.js';
import { BUILTIN_MULTILINE_PARSERS } from '../deploy/stock-parsers.js';
import type { Container, Mount, Workload } from '../deploy/types.js';
import { parseDiscoveredConfigs } from '../model/parse-configs.js';
import { splitList } from '../rules/support/fluent-bit-values.js';
import { covers, samePath } from '../rules/support/host-paths.js';
import { mountedInEveryBuild, mountsReplacedInEveryBuild } from '../rules/support/pod-mounts.js';
import { containerLoadItems, loadParsers, setupLoad, type ParserLoad } from '../rules/support/parser-load.js';
import { setupVariables } from '../rules/support/setup-variables.js';
import { classifyPath, globDirectory, isTailInput, readsContainerLogs, tailTarget, valueOf } from '../rules/support/tail-target.js';
import type { RuleOptions } from '../rules/types.js';
import type { DiagnosticCode, FileDiagnostic } from '../source/diagnostic.js';
import type { Edit } from '../source/edit.js';
import type { ConfigView, Section } from '../view/types.js';
import type { BatchState } from './read-batch.js';

/*
 * What must hold for a migrated file before it is accepted.
 *
 * checkEditedFile: an edited file re-reads without errors (a broken one is a
 * bug in flb-migrate: INTERNAL_ERROR, file unchanged).
 *
 * checkInvariants: the migrated deployments still read the logs, per Fluent
 * Bit container that is not an init container:
 *  (a) the directory of every tail Path glob is mounted (container log
 *      directories by a hostPath at the same path); reading /var/log/containers
 *      also needs the pod logs dir its symlinks point into;
 *  (b) every parser and multiline parser a container-log input names is built
 *      in or defined in a parsers file the container loads, before anything
 *      stops that file (fluent-bit-config-format.md C.5);
 *  (c) no property newer than the Fluent Bit that runs the config is written;
 *  (d) no edit touches an init container or a container that does not run
 *      Fluent Bit;
 *  (e) every mount names a volume, and a removed volume is no longer mounted.
 * Only violations the migration introduces count (a problem already in the
 * input is the user's, and not ours to block on): each is keyed, and keys
 * present before the migration are dropped. A violation is an error on the
 * file it points at, and every changed file of the same deployment gets
 * INVARIANT_RELATED, so nothing of a deployment that would break is written.
 */

/**
 * Re-reads an edited file: the YAML and every classic config in it must
 * still parse without errors. Returns the first problem, or undefined.
 * `after` is the migrated batch when it has been read already (its reading
 * of this text is reused).
 */
export function checkEditedFile(path: string, text: string, after?: BatchState): string | undefined {
  const i = after?.files.findIndex((f) => f.path === path && f.text === text) ?? -1;
  const d = (i >= 0 ? after?.discoveries[i] : undefined) ?? discoverFile({ path, text });
  const yamlError = d.diagnostics.find((x) => x.severity === 'error');
  if (yamlError) return `${yamlError.code} ${yamlError.message}`;
  const parsed = i >= 0 && after ? after.parsed.filter((p) => p.discovery === d) : parseDiscoveredConfigs([d]);
  for (const p of parsed) {
    const err = p.diagnostics.find((x) => x.severity === 'error');
    if (err) return `${p.config.name}: ${err.code} ${err.message}`;
  }
  return undefined;
}

/** One broken invariant, found on one state of the batch. */
export interface Violation {
  /** Stable across the states (no offsets): what breaks, where. */
  readonly key: string;
  readonly code: DiagnosticCode;
  readonly message: string;
  /** The container it concerns (to block the files of its deployment). */
  readonly container: Container | undefined;
  /** Where to report it in the input (found again in the state before the migration). */
  readonly locate: (before: BatchState) => { readonly path: string; readonly start: number } | undefined;
}

/** True when a hostPath mount exposes `dir` at the same path as on the host. */
function mountedAtOwnPath(mounts: readonly Mount[], dir: string): boolean {
  return mounts.some((m) => {
    const source = m.volume?.source;
    const hostPath = source?.kind === 'hostPath' ? source.path : undefined;
    return m.mountPath !== undefined && hostPath !== undefined && m.subPath === undefined
      && samePath(m.mountPath, hostPath) && covers(m.mountPath, dir);
  });
}

/** True when some mount covers `dir` (any volume). */
function mountedAnyhow(mounts: readonly Mount[], dir: string): boolean {
  return mounts.some((m) => m.mountPath !== undefined && m.subPath === undefined && covers(m.mountPath, dir));
}

/** The views of the configs a container reads, with their variables merged as the rules merge them (setupVariables). */
function containerViews(c: Container, state: BatchState): { views: ConfigView[]; variables: ReadonlyMap<string, string> } {
  const views = c.configs.flatMap((cfg) => {
    const v = state.viewOf(cfg);
    return v ? [v] : [];
  });
  return { views, variables: setupVariables(views).values };
}

function sectionIndex(s: Section): number {
  return s.config.sections.indexOf(s);
}

/** Where a container is written in the input: its node, else its workload's values or object. */
function locateContainer(id: string, workloadId: string) {
  return (before: BatchState): { path: string; start: number } | undefined => {
    const c = before.deployment.containers.find((x) => x.id === id);
    const w: Workload | undefined = c?.workload ?? before.deployment.workloads.find((x) => x.id === workloadId);
    if (!w) return undefined;
    const own: Node | undefined = c?.info?.node;
    const values: Node | undefined = own ? undefined : (w.helm?.daemonSetVolumeMountsNode ?? w.helm?.root);
    const node: Node | undefined = own ?? values ?? w.pod?.spec ?? w.fluentBit?.node;
    const start = node?.range?.[0] ?? 0;
    // Chart values written as a string of the file (Argo CD helm.values): their nodes' offsets are the string's.
    return { path: w.path, start: values && w.helm?.text ? w.helm.text.map.toOuter(start) : start };
  };
}

/** Where a section of a config is in the input. */
function locateSection(configId: string, index: number) {
  return (before: BatchState): { path: string; start: number } | undefined => {
    const b = before.configs.find((x) => x.key !== undefined && 'id' in x.key && x.key.id === configId);
    const s = b?.view.sections[index];
    if (!b || !s) return undefined;
    return { path: b.view.target.path, start: b.view.target.toOuter(s.at.start) };
  };
}

/** (a), (b), (c) for one container of one state. */
function containerViolations(c: Container, state: BatchState, options: RuleOptions): Violation[] {
  const out: Violation[] = [];
  const { views, variables } = containerViews(c, state);
  const where = `${c.workload.label}, container ${c.name ?? '?'}`;
  // Not in a mount list no kustomize build carries (pod-logs-mount says what the patches' lists lack, at the patches).
  const judgeMounts = c.mountsKnown && !mountsReplacedInEveryBuild(c.workload.pod, c.workload, c.info);
  // What the container loads, from its -c file; a -c file we cannot see: what its configs say, as a setup.
  const loads: ParserLoad[] = [c.mainConfig?.kind === 'config' ? loadParsers(containerLoadItems(c.parsersFiles, state.viewOf), variables) : setupLoad(views)];
  for (const view of views) {
    for (const s of view.sections) {
      if (!isTailInput(s, variables)) continue;
      const idx = sectionIndex(s);
      const cfgId = view.source?.id ?? view.target.id;
      const target = tailTarget(s, variables, options.podLogsDir);
      // (a) the directories it reads are mounted
      if (judgeMounts) {
        for (const pattern of target.patterns) {
          if (pattern.includes('${') || !pattern.startsWith('/')) continue;
          const dir = globDirectory(pattern);
          const kind = classifyPath(pattern, options.podLogsDir);
          const needs: { dir: string; ownPath: boolean }[] = [];
          if (kind === 'kubelet-symlinks') needs.push({ dir, ownPath: true }, { dir: options.podLogsDir, ownPath: true });
          else if (kind === 'pod-logs') needs.push({ dir, ownPath: true });
          else if (kind === 'other' || kind === 'docker-root') needs.push({ dir, ownPath: false });
          for (const n of needs) {
            const ok = n.ownPath ? mountedAtOwnPath(c.mounts, n.dir) || mountedInEveryBuild(c.workload.pod, c.workload, c.info, n.dir) : mountedAnyhow(c.mounts, n.dir) || mountedAtOwnPath(c.mounts, n.dir);
            if (ok) continue;
            const why = n.dir === dir ? `tail Path ${pattern} (${view.name})` : `the symlinks of ${pattern} (${view.name}) point into ${n.dir}`;
            out.push({
              // Keyed by input, not by directory: an input that read nothing before the migration is the user's business.
              key: `a|${c.id}|${cfgId}|${idx}`,
              code: 'INVARIANT_LOG_MOUNT',
              message: `${where} would not mount ${n.dir}${n.ownPath ? ' (a hostPath at the same path)' : ''}, which ${why} needs: Fluent Bit would read nothing; mount it${c.workload.helm ? ' (daemonSetVolumes and daemonSetVolumeMounts)' : ''} and run again`,
              container: c,
              locate: locateContainer(c.id, c.workload.id),
            });
          }
        }
      }
      if (!readsContainerLogs(target)) continue;
      // (b) the parsers it names exist
      const multiline = s.getAll('multiline.parser').flatMap((p) => splitList(valueOf(p, variables)));
      const parsers = multiline.length > 0 ? [] : s.getAll('parser').map((p) => valueOf(p, variables));
      for (const name of multiline) {
        if (name.includes('${') || BUILTIN_MULTILINE_PARSERS.has(name)) continue;
        if (loads.every((l) => l.multilineParsers.has(name) || !l.complete)) continue;
        out.push({ key: `b|${c.id}|${cfgId}|${idx}|ml:${name}`, code: 'INVARIANT_PARSER', message: `${where}: multiline.parser ${name} (${view.name}) is neither built in nor defined in a parsers file it loads`, container: c, locate: locateSection(cfgId, idx) });
      }
      for (const name of parsers) {
        if (name.includes('${')) continue;
        const missing = loads.find((l) => l.complete && !l.parsers.has(name));
        if (!missing) continue;
        const stopped = missing.files.find((f) => f.stopsAt && f.view.sections.slice(f.view.sections.indexOf(f.stopsAt)).some((x) => x.kind === 'parser' && x.getAll('name').slice(0, 1).some((n) => valueOf(n, variables) === name)));
        const reason = stopped ? `: ${stopped.view.name} stops loading before it (${stopped.stopReason ?? ''})` : '';
        out.push({ key: `b|${c.id}|${cfgId}|${idx}|p:${name}`, code: 'INVARIANT_PARSER', message: `${where}: Parser ${name} (${view.name}) would not be defined in any parsers file it loads${reason}`, container: c, locate: locateSection(cfgId, idx) });
      }
      // (c) nothing newer than the version that runs it
      const v = c.version.version;
      if (v && !atLeast(v, 1, 8) && s.has('multiline.parser')) {
        out.push({ key: `c|${c.id}|${cfgId}|${idx}|multiline.parser`, code: 'INVARIANT_VERSION', message: `${where} runs Fluent Bit ${formatVersion(v)} (${c.version.note}), which has no multiline.parser (1.8+): ${view.name} would not start`, container: c, locate: locateSection(cfgId, idx) });
      }
    }
  }
  // (c) for Fluent Operator inputs the FluentBit runs
  const v = c.version.version;
  if (v && !atLeast(v, 1, 8)) {
    for (const input of c.workload.operatorInputs) {
      const view = state.configs.find((x) => x.key === input)?.view;
      const s = view?.sections[0];
      if (s?.has('multiline.parser')) {
        const id = `${input.kind}/${input.name ?? ''}`;
        out.push({ key: `c|${c.id}|${id}|multilineParser`, code: 'INVARIANT_VERSION', message: `${where} runs Fluent Bit ${formatVersion(v)}, which has no multiline.parser (1.8+): ${id} would not start`, container: c, locate: locateContainer(c.id, c.workload.id) });
      }
    }
  }
  return out;
}

/** (e) for one workload of one state. */
function volumeViolations(w: Workload, removedNames: ReadonlySet<string>): Violation[] {
  const out: Violation[] = [];
  const names = new Set(w.volumes.map((v) => v.name));
  const listed = w.source === 'manifest' || (w.helm?.isFluentBitChart === true && w.helm.present.daemonSetVolumeMounts);
  if (!listed) return out;
  for (const c of w.containers) {
    for (const m of c.mounts) {
      if (m.info === undefined || m.name === undefined) continue;
      if (!names.has(m.name)) {
        out.push({
          key: `e|${c.id}|mount|${m.name}`,
          code: 'INVARIANT_VOLUME',
          message: removedNames.has(m.name)
            ? `${w.label}: volume ${m.name} would be removed while container ${c.name ?? '?'} (${c.role}) still mounts it`
            : `${w.label}: container ${c.name ?? '?'} would mount ${m.name}, which names no volume of the pod`,
          container: c,
          locate: locateContainer(c.id, w.id),
        });
      }
    }
  }
  return out;
}

function allViolations(state: BatchState, options: RuleOptions, removed: ReadonlyMap<string, ReadonlySet<string>>): Violation[] {
  const out: Violation[] = [];
  for (const c of state.deployment.containers) {
    if (c.runsFluentBit && c.role !== 'init') out.push(...containerViolations(c, state, options));
  }
  for (const w of state.deployment.workloads) out.push(...volumeViolations(w, removed.get(w.id) ?? new Set()));
  return out;
}

/** (d): edits of the migration inside an init container or a container that does not run Fluent Bit. */
function editViolations(before: BatchState, editsByPath: ReadonlyMap<string, readonly Edit[]>): Violation[] {
  const out: Violation[] = [];
  for (const w of before.deployment.workloads) {
    const edits = editsByPath.get(w.path) ?? [];
    if (edits.length === 0) continue;
    for (const c of w.containers) {
      const range = c.info?.node.range;
      if (!range || (c.runsFluentBit && c.role !== 'init')) continue;
      const [start, , end] = range;
      for (const e of edits) {
        const inside = e.start === e.end ? e.start > start && e.start < end : e.start < end && e.end > start;
        if (!inside) continue;
        const why = c.role === 'init' ? 'an init container' : 'a container that does not run Fluent Bit';
        out.push({
          key: `d|${c.id}|${e.start}`,
          code: 'INVARIANT_CONTAINER',
          message: `${w.label}: the migration (${e.origin}) would edit container ${c.name ?? '?'}, ${why}`,
          container: c,
          locate: () => ({ path: w.path, start: e.start }),
        });
      }
    }
  }
  return out;
}

/** Volume names each workload loses in the migration. */
function removedVolumes(before: BatchState, after: BatchState): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const w of before.deployment.workloads) {
    const now = after.deployment.workloads.find((x) => x.id === w.id);
    if (!now) continue;
    const kept = new Set(now.volumes.map((v) => v.name));
    const gone = new Set(w.volumes.flatMap((v) => (v.name !== undefined && !kept.has(v.name) ? [v.name] : [])));
    if (gone.size > 0) out.set(w.id, gone);
  }
  return out;
}

/**
 * The files of a container's deployment: its workload's file and the files of the configs it reads, in the input
 * and in the output (`before`: the input's reading). An edit that drops the config volume (or touches an init
 * container, whose configs are none) must not leave the ConfigMap's migration to be written alone.
 */
function deploymentFiles(c: Container, before: BatchState): Set<string> {
  const paths = new Set<string>([c.workload.path]);
  const old = before.deployment.containers.find((x) => x.id === c.id);
  const wasRun = old === undefined ? [] : [old, ...before.deployment.containers.filter((x) => x.workload.id === old.workload.id && x.runsFluentBit && x.role !== 'init')];
  for (const x of [c, ...wasRun]) {
    paths.add(x.workload.path);
    for (const cfg of x.configs) paths.add(cfg.path);
  }
  return paths;
}

/** The violations already in the input (keys), which checkInvariants does not count. */
export interface InvariantBaseline {
  readonly keys: ReadonlySet<string>;
}

/**
 * The input's own violations. Computed before the output is read, so that
 * the views it reads can be released first (memory, issue #14).
 */
export function invariantBaseline(before: BatchState, options: RuleOptions): InvariantBaseline {
  return { keys: new Set(allViolations(before, options, new Map()).map((v) => v.key)) };
}

/**
 * The invariants of a migrated batch: violations the migration introduces,
 * as errors (FileDiagnostics in the input's offsets), plus INVARIANT_RELATED
 * on every other changed file of the same deployment.
 */
export function checkInvariants(before: BatchState, after: BatchState, editsByPath: ReadonlyMap<string, readonly Edit[]>, options: RuleOptions, baseline?: InvariantBaseline): FileDiagnostic[] {
  const removed = removedVolumes(before, after);
  const old = (baseline ?? invariantBaseline(before, options)).keys;
  const fresh = [...allViolations(after, options, removed).filter((v) => !old.has(v.key)), ...editViolations(before, editsByPath)];
  const out: FileDiagnostic[] = [];
  const seen = new Set<string>();
  const blamed = new Set<string>();
  for (const v of fresh) {
    if (seen.has(v.key)) continue;
    seen.add(v.key);
    const at = v.locate(before) ?? (v.container ? { path: v.container.workload.path, start: 0 } : undefined);
    if (!at) continue;
    out.push({ code: v.code, severity: 'error', message: v.message, path: at.path, start: at.start, end: at.start });
    blamed.add(at.path);
  }
  for (const v of fresh) {
    if (!v.container) continue;
    for (const path of deploymentFiles(v.container, before)) {
      if (blamed.has(path) || (editsByPath.get(path)?.length ?? 0) === 0) continue;
      blamed.add(path);
      out.push({ code: 'INVARIANT_RELATED', severity: 'error', message: `not written: ${v.container.workload.label} would break an invariant (${v.code}) with the rest of its migration`, path, start: 0, end: 0 });
    }
  }
  return out;
}
