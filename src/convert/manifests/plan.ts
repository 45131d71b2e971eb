import { isAlias, isMap, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import { base64Layout, layoutBase64 } from '../../yaml/base64-map.js';
import { configArg } from '../../deploy/command-line.js';
import { formatVersion } from '../../deploy/image-version.js';
import { dirname, joinPath, normalizePath } from '../../deploy/paths.js';
import type { Container, Deployment } from '../../deploy/types.js';
import type { Discovery, EmbeddedConfig } from '../../discover/discovery-types.js';
import { dockerfileCopies, isDockerfilePath, type DockerfileCopy } from '../../discover/dockerfile.js';
import { composeMainFile, composeMounts, type ComposeService } from '../../deploy/compose.js';
import { dockerHostServices } from '../../deploy/docker-run.js';
import { ansibleBatch, ansibleCopyOf, type AnsibleCopy } from '../../deploy/ansible.js';
import { scriptConfigMaps } from '../../deploy/script-configmaps.js';
import { isFargateLogging } from '../../discover/fargate.js';
import { windowsNodeSign } from '../../discover/pod-templates.js';
import type { ParsedConfig } from '../../model/parse-configs.js';
import { LineIndex } from '../../source/line-index.js';
import { matchWildcard } from '../../source/wildcard.js';
import type { Edit } from '../../source/edit.js';
import { removeMapPair, replaceScalar } from '../../yaml/yaml-edits.js';
import { getMap, pairOf } from '../../yaml/yaml-nodes.js';
import { convertSetup, yamlNameFor, type ConvertSetupResult } from '../convert-setup.js';
import { memoryReleases } from '../memory-releases.js';
import type { FindingData } from '../findings.js';
import { readSetupFiles } from '../read-setup.js';
import type { ConvertRuleId, ConvertSeverity } from '../rules.js';
import { setupFilesFrom } from '../setup-files.js';
import { commandLineEdit, type CommandLineEdit } from './command-line.js';
import { planHelmValues } from './helm.js';
import {
  editGeneratorEntry, emptyReferenceEdits, objectReferenceEdits, ORIGIN, ReferenceIndex, type KeyChanges,
} from './references.js';
import { ConfigMapIndex, indexSpaces, type Space, type SpaceIndex } from './spaces.js';
import type { BatchConversionPlan, ExpectedConfig, ExpectedRunner, PlacedFinding, PlannedSetup } from './types.js';

/*
 * The --to-yaml plan of a batch (pure): which setups convert, the edits of
 * every file that names their files, and why the others do not.
 *
 * 1. Mains: the `-c` file of every Fluent Bit container of the batch (a
 *    ConfigMap key or a plain file); in a ConfigMap or directory no
 *    container reads, every config that no other config includes or loads
 *    and that is more than parsers.
 * 2. Setups: mains whose files overlap convert together; each main goes
 *    through convertSetup (which proves the YAML equivalent) with the
 *    version of the workloads that run it.
 * 3. Edits: ConfigMap keys (name and text) or plain-file renames, the
 *    references (items, subPath/mountPath, kustomize generator files), the
 *    `-c` of every container that runs the setup.
 * A setup with any refusal changes nothing; its other files say why.
 */

export interface PlanInput {
  readonly discoveries: readonly Discovery[];
  readonly parsed: readonly ParsedConfig[];
  readonly deployment: Deployment;
  /** Batch files with errors: a setup that touches one is not converted. */
  readonly blocked: ReadonlySet<string>;
  /** Paths on disk that are no file of the batch (MigrateOptions.existingFiles): no file is renamed onto one. */
  readonly existingFiles?: readonly string[];
}

interface Main {
  readonly config: EmbeddedConfig;
  readonly space: Space;
  readonly name: string;
  readonly runners: Container[];
  /** Config ids this main reads (itself, its includes, its parsers files). */
  closure: Set<string>;
}

const isMainKind = (c: EmbeddedConfig): boolean => c.origin === 'configmap' || c.origin === 'file';

/** The config ids a main reads: only the names of its files matter, so no view is made (readSetupFiles, memory: issue #14). */
function closureOf(space: Space, name: string, baseDir: string | undefined): Set<string> {
  const read = readSetupFiles(name, { files: setupFilesFrom(space.texts), baseDir, unknownParsersFile: 'external' });
  const ids = new Set<string>();
  for (const n of [name, ...read.files, ...read.parsersFiles.flatMap((p) => (p === null ? [] : [p]))]) {
    const c = space.byName.get(n);
    if (c) ids.add(c.id);
  }
  return ids;
}

/**
 * What a config no workload runs is: a `main` file to convert on its own
 * (named fluent-bit.conf, or with a [SERVICE], an @INCLUDE, or both inputs
 * and outputs), a `fragment` some other file may include (converting it
 * alone would break that include), parsers only, or nothing to convert.
 */
function roleOfUnrun(config: EmbeddedConfig, parsed: ReadonlyMap<string, ParsedConfig>): 'main' | 'fragment' | 'parsers' | 'other' {
  if (config.format === 'yaml') return /^(pipeline|service|includes|customs)\s*:/im.test(config.text) ? 'main' : 'other';
  const model = parsed.get(config.id)?.model;
  if (!model) return 'other';
  const types = new Set(model.sections.map((s) => s.type));
  if (config.name === 'fluent-bit.conf' || types.has('service') || model.includes.length > 0 || (types.has('input') && types.has('output'))) return 'main';
  if (types.has('input') || types.has('output') || types.has('filter') || types.has('custom')) return 'fragment';
  return types.has('parser') || types.has('multiline_parser') ? 'parsers' : 'other';
}

export function planConversion(input: PlanInput): BatchConversionPlan {
  const { discoveries, deployment } = input;
  const parsed = new Map(input.parsed.map((p) => [p.config.id, p]));
  const configMaps = new ConfigMapIndex();
  const spaces: SpaceIndex = indexSpaces(discoveries, configMaps);
  const findings: PlacedFinding[] = [];
  const byPath = new Map(discoveries.map((d) => [d.path, d]));
  const lines = new LineIndexes((p) => byPath.get(p)?.text ?? '');

  // 1. Mains of the containers.
  const mains = new Map<string, Main>();
  for (const c of deployment.containers) {
    if (!c.runsFluentBit || c.mainConfig?.kind !== 'config' || c.mainConfig.configs.length !== 1) continue;
    const config = c.mainConfig.configs[0] as EmbeddedConfig;
    if (!isMainKind(config)) continue;
    const existing = mains.get(config.id);
    if (existing) {
      existing.runners.push(c);
      continue;
    }
    const space = spaces.spaceOf(config);
    const name = spaces.nameIn(space, config) ?? config.name;
    mains.set(config.id, { config, space, name, runners: [c], closure: new Set() });
  }
  for (const m of mains.values()) m.closure = closureOf(m.space, m.name, baseDirOf(m.runners));
  const readByRunners = new Set<string>([...mains.values()].flatMap((m) => [...m.closure]));

  // Mains by name, where no container reads anything.
  const runAt = new Set(discoveries.flatMap((d) => d.configs).filter((c) => isMainKind(c) && deployment.containersOf(c).length > 0).map((c) => spaces.spaceOf(c).id));
  const candidates: Main[] = [];
  const fragments: Main[] = [];
  const parsersOnly: Main[] = [];
  for (const d of discoveries) {
    for (const config of d.configs) {
      if (!isMainKind(config) || readByRunners.has(config.id) || mains.has(config.id)) continue;
      const space = spaces.spaceOf(config);
      if (runAt.has(space.id) || deployment.containersOf(config).length > 0) continue;
      const role = roleOfUnrun(config, parsed);
      // Its role is known: the batch's classic parse of it (made again if read) goes before convertSetup reads the file
      // again (memory, issue #14: ~2.3x the text of a big config, alive through its conversion).
      if (memoryReleases.enabled) parsed.get(config.id)?.releaseModel();
      if (role === 'other') continue;
      const name = spaces.nameIn(space, config) ?? config.name;
      const item = { config, space, name, runners: [], closure: role === 'parsers' ? new Set([config.id]) : closureOf(space, name, undefined) };
      (role === 'main' ? candidates : role === 'fragment' ? fragments : parsersOnly).push(item);
    }
  }
  const referenced = new Set<string>();
  for (const m of candidates) for (const id of m.closure) if (id !== m.config.id) referenced.add(id);
  for (const m of candidates) if (!referenced.has(m.config.id) && !readByRunners.has(m.config.id)) mains.set(m.config.id, m);
  const fargateNoted = new Set<string>();
  for (const f of [...fragments, ...parsersOnly]) {
    if (referenced.has(f.config.id) || f.config.format !== 'classic') continue;
    // A ConfigMap key, or a file a kustomize generator makes aws-logging of (each file once).
    // As each kustomize build names it: an overlay's namePrefix makes another ConfigMap than Fargate's.
    const fargate = deployment.builtObjects(f.config).filter(isFargateLogging);
    const generated = fargate.some((o) => o.generated);
    if (fargate.length > 0) {
      // Not a fragment of a file elsewhere: Fargate reads these keys as they are, so they stay classic (once per ConfigMap).
      const key = generated ? f.config.path : `${f.config.path}#${f.config.docIndex}`;
      if (!fargateNoted.has(key)) findings.push(place('to-yaml-deployment', 'fargateRouter', 'info', f.config.path, f.config.start, f.config.start, { file: f.config.path }));
      fargateNoted.add(key);
      continue;
    }
    const messageId = fragments.includes(f) ? 'fragment' : 'unloadedParsers';
    findings.push(place('to-yaml-deployment', messageId, 'info', f.config.path, f.config.start, f.config.start, { file: f.config.path }));
  }
  findings.push(...unrunMounts(deployment, mains, spaces, lines));

  // 2. Setups: mains that share a file convert together.
  const groups = unionByClosure([...mains.values()]);
  const ctx: Context = {
    ...input, spaces, byPath, parsedById: parsed, configMaps, references: new ReferenceIndex(discoveries), lines, readers: containersReading(deployment.containers),
    taken: undefined, scriptFiles: scriptFromFiles(discoveries), dockerfiles: discoveries.filter((d) => isDockerfilePath(d.path)).map((d) => ({ path: d.path, text: d.text, copies: dockerfileCopies(d.text) })),
    compose: dockerHostServices(discoveries), ansible: ansibleBatch(discoveries), inputs: new Set(discoveries.map((d) => normalizePath(d.path))),
  };
  const setups = groups.map((group, i) => {
    // A bug costs its setup, not the batch.
    try {
      return planSetup(`setup-${i}`, group, ctx);
    } catch (e) {
      const main = group[0] as Main;
      const at = keyRange(main.config, ctx);
      const finding = place('to-yaml-not-equivalent', 'internal', 'error', main.config.path, at.start, at.end, { message: e instanceof Error ? e.message : String(e) });
      return refusedSetup(`setup-${i}`, new Set([main.config.path, ...main.runners.map((r) => r.workload.path)]), [finding], 'error', ctx);
    }
  });

  findings.push(...planHelmValues(discoveries, deployment, input.blocked));
  findings.push(...operatorNotes(discoveries));
  return { setups: setups.filter((s): s is PlannedSetup => s !== undefined), findings };
}

/**
 * Fluent Bit containers that mount classic configs of the batch but do not
 * run one of them with -c (no -c at all, or a file that is not among the
 * inputs): nothing they mount is converted, and one warning says why.
 */
function unrunMounts(deployment: Deployment, mains: ReadonlyMap<string, Main>, spaces: SpaceIndex, lines: LineIndexes): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  const covered = new Set([...mains.values()].map((m) => m.space.id));
  for (const c of deployment.containers) {
    if (!c.runsFluentBit || c.role === 'init' || c.configPathFrom === 'chart' || c.configPathFrom === 'operator') continue;
    const runs = c.mainConfig?.kind === 'config' ? c.mainConfig.configs[0] : undefined;
    if (runs && isMainKind(runs)) continue;
    const mounted = c.configs.find((x) => isMainKind(x) && x.format === 'classic' && !covered.has(spaces.spaceOf(x).id));
    if (!mounted) continue;
    const range = c.info?.node.range;
    const at = range?.[0] ?? 0;
    const other = otherMainFinding(c, mounted.name);
    const finding = c.configPathFrom === 'none' && other.messageId !== 'windowsContainer'
      ? place('to-yaml-entrypoint', 'noConfigFlag', 'warning', c.workload.path, at, at, { container: containerLabel(c), config: mountedPath(c, mounted) })
      : place('to-yaml-deployment', other.messageId, 'warning', c.workload.path, at, at, other.data);
    out.push(finding);
    if (mounted.path !== c.workload.path) {
      const { line, column } = c.workload.path === '' ? new LineIndex('').position(at) : lines.position(c.workload.path, at);
      out.push(place('to-yaml-related', 'related', 'warning', mounted.path, mounted.start, mounted.start, { where: `${c.workload.path}:${line}:${column}`, rule: finding.ruleId }));
    }
  }
  return out;
}

function baseDirOf(runners: readonly Container[]): string | undefined {
  const dirs = [...new Set(runners.flatMap((r) => (r.configPath === undefined ? [] : [dirname(r.configPath)])))];
  return dirs.length === 1 ? dirs[0] : undefined;
}

function unionByClosure(mains: Main[]): Main[][] {
  const parent = mains.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
  const owner = new Map<string, number>();
  mains.forEach((m, i) => {
    for (const id of m.closure) {
      const j = owner.get(id);
      if (j === undefined) owner.set(id, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Main[]>();
  mains.forEach((m, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(m);
    else groups.set(root, [m]);
  });
  return [...groups.values()];
}

/**
 * The plan's view of the batch. Every lookup a setup makes of the whole batch goes through an index built once
 * per plan (or on first use): a scan per setup is quadratic in a big file of many setups (issue #14).
 */
interface Context extends PlanInput {
  readonly spaces: SpaceIndex;
  readonly byPath: ReadonlyMap<string, Discovery>;
  readonly parsedById: ReadonlyMap<string, ParsedConfig>;
  readonly configMaps: ConfigMapIndex;
  readonly references: ReferenceIndex;
  readonly lines: LineIndexes;
  /** Config id -> the indexes in `deployment.containers` of the Fluent Bit containers that read it, ascending. */
  readonly readers: ReadonlyMap<string, readonly number[]>;
  /** The normalised paths of the batch and the existing files the caller named (made on first use). */
  taken: ReadonlySet<string> | undefined;
  /** The plain files a script's `kubectl create configmap|secret generic --from-file` names by their own name (normalised path): the script and the command's offset. */
  readonly scriptFiles: ReadonlyMap<string, { readonly path: string; readonly start: number; readonly kind: 'ConfigMap' | 'Secret' }>;
  /** The batch's Dockerfiles and what they copy from their build context. */
  readonly dockerfiles: readonly { readonly path: string; readonly text: string; readonly copies: readonly DockerfileCopy[] }[];
  /** The Fluent Bit services of the batch's docker-compose files and scripts' `docker run`s (deploy/docker-run.ts). */
  readonly compose: readonly ComposeService[];
  /** The copy/template tasks of the batch's Ansible files, and the batch's paths (where Ansible finds a src). */
  readonly ansible: readonly AnsibleCopy[];
  readonly inputs: ReadonlySet<string>;
}

/** One LineIndex per batch file, made on first use (a refusal or a finding naming another file's line). */
class LineIndexes {
  private readonly byPath = new Map<string, LineIndex>();

  constructor(private readonly textOf: (path: string) => string) {}

  position(path: string, offset: number): { line: number; column: number } {
    let index = this.byPath.get(path);
    if (!index) {
      index = new LineIndex(this.textOf(path));
      this.byPath.set(path, index);
    }
    return index.position(offset);
  }
}

/** Config id -> the Fluent Bit containers (indexes in `containers`) that have it among their configs. */
function containersReading(containers: readonly Container[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  containers.forEach((c, i) => {
    if (!c.runsFluentBit) return;
    for (const x of c.configs) {
      const list = out.get(x.id);
      if (!list) out.set(x.id, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return out;
}

/** Where a config's own text starts in its file: the ConfigMap key, or the file's start. */
function keyRange(config: EmbeddedConfig, ctx: Context): { start: number; end: number } {
  if (config.origin !== 'configmap') return { start: 0, end: 0 };
  const pair = dataPair(config, ctx);
  const range = (pair?.key as Node | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : { start: config.start, end: config.start };
}

function dataPair(config: EmbeddedConfig, ctx: Context): Pair | undefined {
  const d = ctx.byPath.get(config.path);
  const info = d ? ctx.configMaps.find(d, config.docIndex, config.configMap?.objectPath ?? []) : undefined;
  const section = String(config.yamlPath[config.yamlPath.length - 2] ?? 'data');
  const data = info ? getMap(info.node, section) : undefined;
  return data ? pairOf(data, config.name) : undefined;
}

function place(
  ruleId: ConvertRuleId, messageId: string, severity: ConvertSeverity, path: string, start: number, end: number, data: FindingData = {},
): PlacedFinding {
  return { ruleId, messageId, severity, path, start, end, data };
}

function containerLabel(c: Container): string {
  return `${c.name ?? '?'} of ${c.workload.label}`;
}

/** A Windows drive path (`C:\fluent-bit\etc`, `C:/x`; `/C:/...` once normalized). */
const DRIVE_PATH = /^\/?[A-Za-z]:[\\/]/;

/**
 * What shows a container runs on Windows nodes: a mount or `-c` path on a
 * drive (`C:\fluent-bit\etc`), or a Windows image of Fluent Bit (tags
 * `windows-2019-<version>`, `windows-2022-<version>`). Its `-c` is a Windows
 * path even when written `/fluent-bit/etc/fluent-bit.conf` (the Windows image's
 * default, C:\fluent-bit\etc\fluent-bit.conf), so the files it runs cannot be
 * placed among the inputs. Undefined for a Linux container.
 */
function windowsSign(c: Container): string | undefined {
  const mount = c.mounts.find((m) => m.mountPath !== undefined && DRIVE_PATH.test(m.mountPath));
  if (mount) return `it mounts ${mount.mountPath}`;
  if (c.configPath !== undefined && DRIVE_PATH.test(c.configPath)) return `it runs ${c.configPath.replace(/^\//, '')}`;
  const image = c.image?.ref;
  if (image?.tag !== undefined && /(?:^|[-_.])windows(?:$|[-_.])/i.test(image.tag)) return `its image ${image.image} is a Windows image`;
  return c.workload.pod ? windowsNodeSign(c.workload.pod.spec) : undefined;
}

/**
 * Where container `c` sees config `x`, for a `-c` to suggest: the path of a
 * mount that holds it (a subPath mount, a key, an `items` path), checked with
 * the container's own lookup; the official image's directory when none does.
 */
function mountedPath(c: Container, x: EmbeddedConfig): string {
  for (const m of c.mounts) {
    if (m.mountPath === undefined) continue;
    const source = m.volume?.info?.source;
    const objects = source === undefined ? [] : source.kind === 'projected' ? source.sources : source.kind === 'configMap' || source.kind === 'secret' ? [source] : [];
    const items = objects.flatMap((o) => (o.items ?? []).filter((i) => i.key === x.name).map((i) => joinPath(m.mountPath as string, i.path)));
    const candidates = m.subPath !== undefined ? [m.mountPath] : [joinPath(m.mountPath, x.name), ...items];
    for (const path of candidates) {
      const found = c.lookup(path);
      if (found.kind === 'config' && found.configs.includes(x)) return found.path;
    }
  }
  return `/fluent-bit/etc/${x.name}`;
}

/** The refusal for a container that does not run the setup it mounts: Windows nodes are out of scope, or another main file runs. */
function otherMainFinding(c: Container, config: string): { readonly messageId: string; readonly data: FindingData } {
  const windows = windowsSign(c);
  if (windows !== undefined) return { messageId: 'windowsContainer', data: { container: containerLabel(c), config, why: windows } };
  return { messageId: 'otherMain', data: { container: containerLabel(c), config, main: c.configPath ?? '(none)' } };
}

/** `ConfigMap fb-inputs (all.yaml)` for a key, the path for a plain file. */
function sourceLabel(c: EmbeddedConfig): string {
  return c.configMap ? `${c.configMap.kind} ${c.configMap.name ?? '(unnamed)'} key ${c.name} (${c.path})` : c.path;
}

function containerNode(c: Container): { start: number; end: number } {
  const range = c.info?.node.range;
  return range ? { start: range[0], end: range[0] } : { start: 0, end: 0 };
}

/** The directory above `file` holding a `Chart.yaml` of the batch (a Helm chart whose files the templates read), if any. */
function chartRootOf(file: string, byPath: ReadonlyMap<string, unknown>): string | undefined {
  for (let dir = dirname(file); dir !== '' && dir !== '/'; dir = dirname(dir)) {
    if (byPath.has(joinPath(dir, 'Chart.yaml'))) return dir;
  }
  return byPath.has('Chart.yaml') && !file.startsWith('/') ? '.' : undefined;
}

/** The plain files the batch's scripts name in `kubectl create configmap|secret generic --from-file` (not through a directory): the first command naming each. */
function scriptFromFiles(discoveries: readonly Discovery[]): Map<string, { path: string; start: number; kind: 'ConfigMap' | 'Secret' }> {
  const out = new Map<string, { path: string; start: number; kind: 'ConfigMap' | 'Secret' }>();
  for (const s of scriptConfigMaps(discoveries)) for (const f of s.files) if (f.named && !out.has(f.path)) out.set(f.path, { path: s.script, start: s.start, kind: s.kind });
  return out;
}

/**
 * A COPY/ADD of a Dockerfile of the batch that puts `file` into an image by its name: a source that is the file (or a
 * wildcard matching it in its directory), or a directory holding it when the Dockerfile also names the file (its CMD
 * `-c`). The build context is the Dockerfile's directory or one of its ancestors (`docker build -f dir/Dockerfile .`),
 * so each is tried. Renamed to .yaml, the build fails on the COPY, or the image runs a file that is not there.
 */
function dockerfileCopyOf(file: string, ctx: Context): { path: string; copy: DockerfileCopy } | undefined {
  const target = normalizePath(file);
  const name = target.slice(target.lastIndexOf('/') + 1);
  for (const d of ctx.dockerfiles) {
    for (let dir = dirname(normalizePath(d.path)); ; dir = dirname(dir)) {
      for (const copy of d.copies) {
        for (const source of copy.sources) {
          const rel = source.replace(/^\/+/, '');
          const resolved = rel === '' || rel === '.' ? normalizePath(dir) : joinPath(dir, rel);
          const wildcard = /[*?[]/.test(rel);
          const exact = wildcard ? dirname(resolved) === dirname(target) && matchWildcard(resolved.slice(resolved.lastIndexOf('/') + 1), name) : resolved === target;
          const inside = !wildcard && (resolved === '' ? !target.startsWith('/') : target.startsWith(`${resolved}/`) || resolved === '/');
          if (exact || (inside && d.text.includes(name))) return { path: d.path, copy };
        }
      }
      if (dir === '' || dir === '/' || dir === '.') break;
    }
  }
  return undefined;
}

/**
 * A docker-compose service of the batch that names `file` by its name: a bind mount of the file itself
 * (`./fluent-bit.conf:/fluent-bit/etc/fluent-bit.conf`), or of a directory holding it when the service runs it with
 * `-c` (or the image's default -c is it). Renamed to .yaml, the bind would mount a file that is gone (Docker creates a
 * directory in its place) or `-c` would name a missing file. The compose file is not edited (like a Dockerfile).
 */
function composeUseOf(file: string, ctx: Context): { path: string; start: number; service: ComposeService } | undefined {
  const target = normalizePath(file);
  for (const s of ctx.compose) {
    const bind = composeMounts(s, target);
    if (bind === undefined) continue;
    if (bind.source === target) return { path: s.path, start: bind.start, service: s };
    const main = composeMainFile(s);
    if (main !== undefined && normalizePath(main.source) === target) return { path: s.path, start: s.configArg?.start ?? main.bind.start, service: s };
  }
  return undefined;
}

/** The setup of a group of mains: converted with every reference, or refused with nothing changed. */
function planSetup(id: string, group: readonly Main[], ctx: Context): PlannedSetup | undefined {
  const findings: PlacedFinding[] = [];
  const related = new Set<string>();
  const runners = group.flatMap((m) => m.runners);
  const configs = new Map<string, EmbeddedConfig>();
  for (const m of group) for (const [, c] of m.space.byName) if (m.closure.has(c.id)) configs.set(c.id, c);
  for (const c of configs.values()) related.add(c.path);
  for (const r of runners) related.add(r.workload.path);
  for (const c of configs.values()) if (c.origin === 'file') for (const use of ctx.references.generatorUses(c.path)) related.add(use.path);

  const classicMains = group.filter((m) => m.config.format === 'classic');
  for (const m of group) {
    if (m.config.format !== 'yaml') continue;
    const at = keyRange(m.config, ctx);
    findings.push(place('to-yaml-already-yaml', 'alreadyYaml', 'info', m.config.path, at.start, at.end, { file: m.name }));
    // Classic files it loads stay classic (parsers files; Fluent Bit reads them by their name).
    for (const [name, c] of m.space.byName) {
      if (c.format !== 'classic' || !m.closure.has(c.id)) continue;
      const cat = keyRange(c, ctx);
      findings.push(place('to-yaml-already-yaml', 'classicLoaded', 'info', c.path, cat.start, cat.end, { file: name, main: m.name }));
    }
  }
  if (classicMains.length === 0) return findings.length > 0 ? refusedSetup(id, related, findings, undefined) : undefined;
  const first = classicMains[0] as Main;
  const firstAt = keyRange(first.config, ctx);
  const refuse = (ruleId: ConvertRuleId, messageId: string, severity: 'error' | 'warning', data: FindingData, at?: { path: string; start: number; end: number }): PlannedSetup => {
    const where = at ?? { path: first.config.path, ...firstAt };
    findings.push(place(ruleId, messageId, severity, where.path, where.start, where.end, data));
    return refusedSetup(id, related, findings, severity, ctx);
  };

  // A file of the setup with errors: nothing changes (its errors say why).
  const blocked = [...related].find((p) => ctx.blocked.has(p));
  if (blocked !== undefined) return refuse('to-yaml-deployment', 'fileWithErrors', 'warning', { file: blocked });
  const space = first.space;
  const other = classicMains.find((m) => m.space !== space);
  if (other) return refuse('to-yaml-deployment', 'severalSources', 'warning', { main: first.name, other: other.config.path });
  // An include the runners resolve into another ConfigMap or directory (their mounts): the setup spans several sources,
  // which convertSetup (one space's names) would call a missing file. Parsers files elsewhere stay classic and are fine.
  for (const r of runners) {
    const parsers = new Set(r.parsersFiles.flatMap((p) => (p.lookup.kind === 'config' ? p.lookup.configs.map((c) => c.id) : [])));
    const outside = r.configs.find((c) => !parsers.has(c.id) && ctx.spaces.nameIn(space, c) === undefined);
    if (outside) return refuse('to-yaml-deployment', 'severalSources', 'warning', { main: first.name, other: sourceLabel(outside) });
  }

  // A plain file of a Helm chart (a Chart.yaml of the batch in a directory above it): its templates read it by name
  // (.Files.Get, .Files.Glob), and renaming it to .yaml would leave them naming a file that is gone (an empty key).
  for (const c of configs.values()) {
    const chart = c.origin === 'file' ? chartRootOf(c.path, ctx.byPath) : undefined;
    if (chart !== undefined) return refuse('to-yaml-deployment', 'chartFile', 'warning', { file: c.path, chart }, { path: c.path, ...keyRange(c, ctx) });
  }
  // A plain file a Dockerfile of the batch copies into an image by its name (a team's own image with its config baked in).
  for (const c of configs.values()) {
    const found = c.origin === 'file' ? dockerfileCopyOf(c.path, ctx) : undefined;
    if (found === undefined) continue;
    const { line } = ctx.lines.position(found.path, found.copy.start);
    return refuse('to-yaml-deployment', 'dockerfileCopy', 'warning', { file: c.path, dockerfile: `${found.path}:${line}` }, { path: c.path, ...keyRange(c, ctx) });
  }

  // A plain file a docker-compose service mounts or runs by its name (a Docker host's Fluent Bit).
  for (const c of configs.values()) {
    const found = c.origin === 'file' ? composeUseOf(c.path, ctx) : undefined;
    if (found === undefined) continue;
    const { line } = ctx.lines.position(found.path, found.start);
    return refuse('to-yaml-deployment', 'composeMount', 'warning', {
      file: c.path, compose: `${found.path}:${line}`,
      ...(found.service.runner === 'docker run'
        ? { runner: '`docker run` of a script', where: "script's `-v`/`--mount` and command" }
        : { runner: 'docker-compose service', where: "compose file's volumes and command" }),
    }, { path: c.path, ...keyRange(c, ctx) });
  }
  // A plain file an Ansible copy/template task installs on a host by its name (src): the task is never edited.
  for (const c of configs.values()) {
    const found = c.origin === 'file' ? ansibleCopyOf(ctx.ansible, c.path, ctx.inputs) : undefined;
    if (found === undefined) continue;
    const { line } = ctx.lines.position(found.path, found.start);
    return refuse('to-yaml-deployment', 'ansibleCopy', 'warning', { file: c.path, task: `${found.path}:${line}` }, { path: c.path, ...keyRange(c, ctx) });
  }
  // A plain file a script's `kubectl create configmap|secret generic --from-file` names by its name: the script is never edited.
  for (const c of configs.values()) {
    const found = c.origin === 'file' ? ctx.scriptFiles.get(normalizePath(c.path)) : undefined;
    if (found === undefined) continue;
    const { line } = ctx.lines.position(found.path, found.start);
    return refuse('to-yaml-deployment', 'scriptFromFile', 'warning', { file: c.path, script: `${found.path}:${line}`, command: found.kind === 'Secret' ? 'kubectl create secret generic' : 'kubectl create configmap' }, { path: c.path, ...keyRange(c, ctx) });
  }

  // Every Fluent Bit container that mounts these configs must run one of the mains (in the deployment's order).
  const readers = [...new Set([...configs.keys()].flatMap((configId) => ctx.readers.get(configId) ?? []))].sort((a, b) => a - b);
  for (const c of readers.map((i) => ctx.deployment.containers[i] as Container)) {
    if (!c.runsFluentBit || runners.includes(c)) continue;
    const reads = c.configs.find((x) => configs.has(x.id));
    if (!reads) continue;
    const runs = c.mainConfig?.kind === 'config' ? c.mainConfig.configs[0] : undefined;
    // A main of this setup, or another main (its own setup: closures do not overlap), or a chart's pieces.
    if (runs) continue;
    if (c.configPathFrom === 'default' && c.mainConfig?.kind !== 'config') continue; // runs the image's own file, not these
    related.add(c.workload.path);
    const at = { path: c.workload.path, ...containerNode(c) };
    const other = otherMainFinding(c, reads.name);
    if (c.configPathFrom === 'none' && other.messageId !== 'windowsContainer') return refuse('to-yaml-entrypoint', 'noConfigFlag', 'warning', { container: containerLabel(c), config: mountedPath(c, first.config) }, at);
    return refuse('to-yaml-deployment', other.messageId, 'warning', other.data, at);
  }

  // Runners: one base directory, no working directory that resolves names elsewhere, a command line we can change.
  const baseDirs = new Set(runners.flatMap((r) => (r.configPath === undefined ? [] : [dirname(r.configPath)])));
  if (baseDirs.size > 1) {
    const r = runners[1] as Container;
    return refuse('to-yaml-deployment', 'resolvesElsewhere', 'warning', { container: containerLabel(r), file: first.name }, { path: r.workload.path, ...containerNode(r) });
  }
  const baseDir = [...baseDirs][0];
  for (const r of runners) {
    const problem = workdirProblem(r, [...configs.values()], ctx);
    if (problem) return refuse('to-yaml-deployment', 'resolvesElsewhere', 'warning', { container: containerLabel(r), file: problem }, { path: r.workload.path, ...containerNode(r) });
  }
  const lineEdits = new Map<Container, CommandLineEdit>();
  for (const r of runners) {
    const d = ctx.byPath.get(r.workload.path);
    const edit = d ? commandLineEdit(d.text, r, yamlNameFor, ORIGIN) : ({ kind: 'no-flag' } as const);
    const at = { path: r.workload.path, ...containerNode(r) };
    const config = r.configPath ?? mountedPath(r, first.config);
    if (edit.kind === 'unknown-image') return refuse('to-yaml-entrypoint', 'unknownImage', 'warning', { container: containerLabel(r), image: r.image?.ref.image ?? 'no image', config }, at);
    if (edit.kind === 'no-flag') return refuse('to-yaml-entrypoint', 'noConfigFlag', 'warning', { container: containerLabel(r), config }, at);
    lineEdits.set(r, edit);
  }

  // 3. Convert each main with the lowest version of its runners (or --fluent-bit-version).
  const results: { main: Main; result: ConvertSetupResult }[] = [];
  for (const m of classicMains) {
    const v = ctx.deployment.versionOf(m.config);
    const version = v.version ? formatVersion(v.version) : undefined;
    const result = convertSetup(
      { files: space.texts, main: m.name, baseDir },
      { ...(version === undefined ? {} : { fluentBitVersion: version, versionSource: v.note }) },
    );
    results.push({ main: m, result });
    for (const f of result.findings) {
      if (f.ruleId === 'to-yaml' && f.messageId === 'converted') continue; // placed at the key below
      const config = space.byName.get(f.path);
      if (!config) continue;
      const at = config.map.toOuter(f.offset);
      findings.push(place(f.ruleId, f.messageId, f.severity, config.path, at, at, f.data));
    }
  }
  const failed = results.filter((r) => !r.result.ok);
  if (failed.length > 0) {
    const severity = failed.some((r) => r.result.findings.some((f) => f.severity === 'error')) ? 'error' : 'warning';
    return refusedSetup(id, related, dedupe(findings), severity, ctx);
  }

  // Merge the mains' files: one text per converted file, and no file both converted and removed.
  const renames = new Map<string, { to: string; text: string }>();
  const removed = new Set<string>();
  for (const { result } of results) {
    for (const f of result.files) {
      const seen = renames.get(f.from);
      if (seen && seen.text !== f.text) return refuse('to-yaml-not-equivalent', 'manifest', 'error', { difference: `${f.from} converts differently for two main files` });
      renames.set(f.from, { to: f.to, text: f.text });
    }
    for (const r of result.removed) removed.add(r);
  }
  for (const r of removed) if (renames.has(r)) return refuse('to-yaml-not-equivalent', 'manifest', 'error', { difference: `${r} is both inlined and kept` });
  if (renames.size === 0 && removed.size === 0) return refusedSetup(id, related, dedupe(findings), undefined, ctx, true);

  // 4. Edits.
  const out = emptyReferenceEdits();
  const add = (path: string, edits: readonly Edit[]): boolean => {
    if (edits.length === 0) return false;
    out.edits.set(path, [...(out.edits.get(path) ?? []), ...edits]);
    return true;
  };
  const fileRenames = new Map<string, { to: string; text: string }>();
  const fileRemovals = new Set<string>();
  const expectedConfigs: ExpectedConfig[] = [];
  const into = yamlNameFor(first.name);
  if (space.kind === 'configmap') {
    const cm = space.configMap;
    const literal = !cm ? [...space.byName.values()].find((c) => c.yamlPath[c.yamlPath.length - 2] === 'literals') : undefined;
    if (literal) return refuse('to-yaml-unsupported', 'generatorLiteral', 'error', { key: literal.name }, { path: literal.path, start: literal.start, end: literal.start });
    if (!cm) return refuse('to-yaml-not-equivalent', 'manifest', 'error', { difference: 'the ConfigMap of the setup was not found' });
    const keys = new Set(cm.info.keys);
    const text = cm.discovery.text;
    const renamedKeys = new Map<string, string>();
    for (const [from, { to, text: yaml }] of renames) {
      const config = space.byName.get(from) as EmbeddedConfig;
      if (keys.has(to) && !renames.has(to) && !removed.has(to)) {
        const at = keyRange(config, ctx);
        return refuse('to-yaml-unsupported', 'nameTaken', 'error', { from, to }, { path: config.path, ...at });
      }
      const pair = dataPair(config, ctx);
      const keyNode = pair?.key;
      const valueNode = pair?.value;
      // A value read through an alias, or an anchor that aliases read: rewriting it here would change (or miss) every key that shares it.
      const shared = isAlias(valueNode) ? valueNode.source : isScalar(valueNode) && valueNode.anchor !== undefined && cm.discovery.sharedAnchors.some((a) => a.name === valueNode.anchor) ? valueNode.anchor : undefined;
      if (shared !== undefined) return refuse('to-yaml-unsupported', 'sharedThroughAlias', 'error', { key: from, anchor: shared }, { path: config.path, ...keyRange(config, ctx) });
      if (!isScalar(keyNode) || !isScalar(valueNode)) return refuse('to-yaml-not-equivalent', 'manifest', 'error', { difference: `the key ${from} was not found` });
      // A Secret's base64 `data` value: the YAML text re-encoded, wrapped as the value was (yaml/base64-map.ts).
      const written = config.encoding === 'base64' ? layoutBase64(yaml, base64Layout(String((valueNode as Scalar).value))) : yaml;
      const valueEdits = replaceScalar(text, valueNode as Scalar, written, ORIGIN);
      if (valueEdits.length === 0 || !add(config.path, [...replaceScalar(text, keyNode as Scalar, to, ORIGIN), ...valueEdits])) {
        return refuse('to-yaml-not-equivalent', 'manifest', 'error', { difference: `the value of ${from} cannot be rewritten in its style` });
      }
      const at = keyRange(config, ctx);
      findings.push(place('to-yaml', 'converted', 'change', config.path, at.start, at.end, { to }));
      renamedKeys.set(from, to);
      expectedConfigs.push({ path: config.path, name: to, text: yaml });
    }
    for (const r of removed) {
      const config = space.byName.get(r) as EmbeddedConfig;
      const section = String(config.yamlPath[config.yamlPath.length - 2] ?? 'data');
      const data = getMap(cm.info.node, section);
      const at = keyRange(config, ctx);
      if (!data || !add(config.path, removeMapPair(text, data, r, ORIGIN))) return refuse('to-yaml-not-equivalent', 'manifest', 'error', { difference: `the key ${r} cannot be removed` });
      findings.push(place('to-yaml', 'removed', 'change', config.path, at.start, at.end, { file: r, into }));
    }
    const changes: KeyChanges = { kind: cm.info.kind, name: cm.info.name, namespace: cm.info.namespace, renamed: renamedKeys, removed, into };
    objectReferenceEdits(ctx.references, changes, yamlNameFor, out);
  } else {
    /** The kustomize generators that make a ConfigMap of the file at `path`, and what mounts that key: renamed to `to`, or removed (null). */
    const editGeneratorUses = (path: string, to: string | null): void => {
      for (const use of ctx.references.generatorUses(path)) {
        const d = ctx.byPath.get(use.path);
        if (!d) continue;
        editGeneratorEntry(d.text, use, to, into, yamlNameFor, out);
        objectReferenceEdits(ctx.references, {
          kind: use.kind, name: use.name, namespace: use.namespace,
          renamed: to === null ? new Map() : new Map([[use.key, yamlNameFor(use.key)]]),
          removed: to === null ? new Set([use.key]) : new Set(),
          into,
        }, yamlNameFor, out);
      }
    };
    const taken = (ctx.taken ??= new Set([...ctx.discoveries.map((d) => d.path), ...(ctx.existingFiles ?? [])].map(normalizePath)));
    for (const [from, { to, text: yaml }] of renames) {
      const config = space.byName.get(from) as EmbeddedConfig;
      // The new name in the user's spelling of the old path (`./k8s/fluent-bit.conf` -> `./k8s/fluent-bit.yaml`).
      const sep = Math.max(config.path.lastIndexOf('/'), config.path.lastIndexOf('\\'));
      const target = config.path.slice(0, sep + 1) + to.slice(to.lastIndexOf('/') + 1);
      if (taken.has(normalizePath(target)) && !renames.has(spaceNameOfPath(space, target) ?? '')) {
        return refuse('to-yaml-unsupported', 'nameTaken', 'error', { from: config.path, to: target }, { path: config.path, start: 0, end: 0 });
      }
      fileRenames.set(config.path, { to: target, text: yaml });
      findings.push(place('to-yaml', 'converted', 'change', config.path, 0, 0, { to: target }));
      expectedConfigs.push({ path: target, name: to.slice(to.lastIndexOf('/') + 1), text: yaml });
      editGeneratorUses(config.path, to);
    }
    for (const r of removed) {
      const config = space.byName.get(r) as EmbeddedConfig;
      fileRemovals.add(config.path);
      findings.push(place('to-yaml', 'removed', 'change', config.path, 0, 0, { file: config.path, into }));
      editGeneratorUses(config.path, null);
    }
  }
  for (const f of out.files) related.add(f);
  findings.push(...out.findings);
  // A subPath/mountPath Flux postBuild writes (`subPath: ${CONF}`) would name the old key: not edited, so the setup is not converted (the error says what to set).
  if (out.findings.some((f) => f.messageId === 'fluxVariable')) return refusedSetup(id, related, findings, 'error', ctx);

  const expectedRunners: ExpectedRunner[] = [];
  for (const [r, edit] of lineEdits) {
    if (edit.kind !== 'changed' && edit.kind !== 'added') continue;
    add(r.workload.path, edit.edits);
    const range = edit.at?.range ?? r.info?.node.range;
    findings.push(place('to-yaml-config-path', edit.kind, 'change', r.workload.path, range?.[0] ?? 0, range?.[1] ?? 0, { container: containerLabel(r), from: edit.from, to: edit.to }));
    if (r.configPath !== undefined) expectedRunners.push({ containerId: r.id, configPath: yamlNameFor(r.configPath) });
  }
  for (const p of out.edits.keys()) related.add(p);

  return {
    id, ok: true, refusal: undefined, related, edits: out.edits, renames: fileRenames, removed: fileRemovals,
    findings: dedupe(findings), expectedConfigs, expectedRunners,
  };
}

function spaceNameOfPath(space: Space, path: string): string | undefined {
  for (const [name, c] of space.byName) if (normalizePath(c.path) === normalizePath(path)) return name;
  return undefined;
}

/**
 * A container whose working directory (`--workdir`) holds a file a relative
 * reference of the setup would find there first (Fluent Bit tries the
 * working directory before the main file's): the conversion, which
 * resolves against the main file's directory, would read another file.
 */
function workdirProblem(container: Container, configs: readonly EmbeddedConfig[], ctx: Context): string | undefined {
  const workdir = configArg(container.command, container.args, container.info?.workingDir).workdir;
  if (workdir === undefined || container.configPath === undefined) return undefined;
  const wd = joinPath('/', workdir);
  if (wd === dirname(container.configPath)) return undefined;
  for (const c of configs) {
    const model = ctx.parsedById.get(c.id)?.model;
    if (!model) continue;
    const refs = [...model.includes.map((r) => r.path), ...model.sectionsOf('service').flatMap((s) => s.getAll('parsers_file').map((e) => e.value))];
    for (const ref of refs) {
      if (ref.startsWith('/') || ref.includes('*') || ref.includes('${')) continue;
      const there = container.lookup(joinPath(wd, ref));
      if (there.kind === 'config' || there.kind === 'image' || there.kind === 'other-key') return ref;
    }
  }
  return undefined;
}

function dedupe(list: readonly PlacedFinding[]): PlacedFinding[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.path}\u0000${f.start}\u0000${f.ruleId}\u0000${f.messageId}\u0000${JSON.stringify(f.data)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A setup that does not change. With a refusal, every related file without
 * a finding of its own gets `to-yaml-related` (at the refusal's severity),
 * so the files of one deployment stay together.
 */
function refusedSetup(
  id: string, related: ReadonlySet<string>, findings: readonly PlacedFinding[], severity: 'error' | 'warning' | undefined, ctx?: Context, quiet = false,
): PlannedSetup {
  const out = [...findings];
  if (severity !== undefined && ctx && !quiet) {
    const cause = findings.find((f) => f.severity === severity) ?? findings[0];
    if (cause) {
      const { line, column } = ctx.lines.position(cause.path, cause.start);
      const withFinding = new Set(findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.path));
      for (const path of related) {
        if (withFinding.has(path)) continue;
        out.push(place('to-yaml-related', 'related', severity, path, 0, 0, { where: `${cause.path}:${line}:${column}`, rule: cause.ruleId }));
      }
    }
  }
  return {
    id, ok: false, refusal: severity, related, edits: new Map(), renames: new Map(), removed: new Set(),
    findings: out, expectedConfigs: [], expectedRunners: [],
  };
}

/** One info per file holding Fluent Operator resources. */
function operatorNotes(discoveries: readonly Discovery[]): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const d of discoveries) {
    const node = d.fluentBits[0]?.node ?? d.operatorInputs[0]?.tail;
    if (!node) continue;
    const start = isMap(node) ? node.range?.[0] ?? 0 : 0;
    out.push(place('to-yaml-operator', 'operator', 'info', d.path, start, start));
  }
  return out;
}
