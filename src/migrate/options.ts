import { parseStatedVersion } from '../deploy/image-version.js';
import type { DeploymentOptions } from '../deploy/build-deployment.js';
import { addFluxSource, FLUX_SOURCE_KINDS, HELM_CHART_SOURCE_KINDS, type FluxSource, type FluxSourceMap } from '../discover/flux-source.js';
import { normalizePath } from '../source/paths.js';
import { trimTrailingSlashes } from '../source/trailing-slashes.js';
import { RUNTIMES, type Runtime, type RuleOptions } from '../rules/types.js';

export { RUNTIMES, type Runtime, type FluxSource };

/** What a caller asks for: a runtime migration, a classic -> YAML conversion, or both (runtime first). */
export interface MigrateOptions {
  /** The runtime the nodes move to; required unless `toYaml` is true. */
  readonly runtime?: Runtime;
  /**
   * Convert classic configs to the YAML format, with every reference to
   * them (ConfigMap keys, mounts, `-c`); after the runtime migration when
   * `runtime` is given too.
   */
  readonly toYaml?: boolean;
  /** Emit `multiline.parser cri` instead of the default `docker, cri`. */
  readonly criOnly?: boolean;
  /** The kubelet's podLogsDir, an absolute path; default (also for '') `/var/log/pods`. */
  readonly podLogsDir?: string;
  /** Change configs now but keep Docker's containers mount (rolling node-pool migrations). */
  readonly keepDockerMount?: boolean;
  /**
   * The Fluent Bit version (`X.Y` or `X.Y.Z`) of the workloads whose images
   * do not tell (`latest`, a digest, a private image, a chart's default) and
   * of configs no workload in the input runs. Images that tell win.
   */
  readonly fluentBitVersion?: string;
  /**
   * Flux source objects defined outside the files given (another directory of
   * the repo): `{ kind: 'HelmRepository' | 'GitRepository' | 'OCIRepository',
   * name, namespace?, url, ref? }` (`ref`: an OCIRepository's `spec.ref`,
   * `{ tag?, semver?, digest? }`: its tag is the chart's version), or
   * `{ kind: 'HelmChart', name, namespace?, helmChart: { chart, version?,
   * sourceRef: { kind, name } } }` (its spec). A HelmRelease whose `sourceRef` (or `chartRef`)
   * names none of the batch's own sources looks here (same kind;
   * `namespace/name`, then `name`), so its chart is known by its repository
   * (grafana's `fluent-bit` vs the fluent/fluent-bit chart). The
   * batch's own sources win. The CLI fills it from every file it is given.
   */
  readonly fluxSources?: readonly FluxSource[];
  /**
   * With `toYaml`: paths (spelled as the batch's file paths) that exist on
   * disk but are not files of the batch. A classic file whose YAML name is
   * one of them is not converted (`to-yaml-unsupported` nameTaken at 1:1 of
   * the file, as when the batch holds that name): writing would fail on it.
   * The CLI fills it for the YAML names of the classic files it reads.
   */
  readonly existingFiles?: readonly string[];
  /**
   * The deployments of a batch that holds several (the CLI's --to-yaml, one
   * batch for a whole tree): groups of directories, spelled as the
   * directories of the batch's file paths (`''` for files without one),
   * each the directories whose files make one deployment (the CLI's runtime
   * batches: a directory, joined to the ones its kustomizations, includes
   * and values files link). A ConfigMap or Secret a workload mounts, found
   * neither in the workload's file nor in its directory, is looked for only
   * in the directories of the workload's group, so a workload of one project
   * is not tied to another project's same-named ConfigMap. The other by-name
   * lookups across files stay in a group too: Flux `valuesFrom` objects,
   * HelmRelease sources, values files at a path relative to another
   * repository, a FluentBit's FluentBitConfig and selected inputs, the
   * ClusterParser an operator input names, Flux `substituteFrom` objects.
   * Without it: the whole batch is one deployment.
   */
  readonly deployments?: readonly (readonly string[])[];
  /**
   * Files of the batch's directories that could not be read at all (the
   * CLI's FILE_TOO_LARGE, ENCODING, a read error): what they hold, and so
   * whose deployment they are, is unknown, so no changed file of their scope
   * (the batch, or their group of `deployments`) is written: each gets
   * DEPLOYMENT_RELATED naming the file (deployment-groups.ts).
   */
  readonly unreadFiles?: readonly { readonly path: string; readonly code: string; readonly message: string }[];
}

export const DEFAULT_POD_LOGS_DIR = '/var/log/pods';

/**
 * The problem with options that did not come through the types (JavaScript
 * callers, the codemod's command line), or undefined when they are valid: an
 * object with a known runtime, booleans where booleans belong, and an
 * absolute podLogsDir ('' means the default).
 */
export function checkOptions(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null) return `options must be an object with a runtime (${RUNTIMES.join(', ')}) or toYaml: true, got ${describeValue(options)}`;
  const o = options as Record<string, unknown>;
  const runtime = o['runtime'];
  if (o['toYaml'] !== undefined && typeof o['toYaml'] !== 'boolean') return `toYaml must be a boolean when given, got ${describeValue(o['toYaml'])}`;
  if (runtime === undefined && o['toYaml'] !== true) return `runtime is required unless toYaml is true: one of ${RUNTIMES.join(', ')}`;
  if (runtime !== undefined && !RUNTIMES.some((r) => r === runtime)) return `invalid runtime ${describeValue(runtime)}: expected one of ${RUNTIMES.join(', ')}`;
  for (const key of ['criOnly', 'keepDockerMount']) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') return `${key} must be a boolean when given, got ${describeValue(o[key])}`;
  }
  const version = o['fluentBitVersion'];
  if (version !== undefined && (typeof version !== 'string' || parseStatedVersion(version) === undefined)) {
    return `fluentBitVersion must be a Fluent Bit version such as '1.9' or '2.2.3' (major.minor[.patch]), got ${describeValue(version)}`;
  }
  const sources = o['fluxSources'];
  if (sources !== undefined) {
    if (!Array.isArray(sources)) return `fluxSources must be an array of { kind, name, namespace?, url } when given, got ${describeValue(sources)}`;
    for (const [i, s] of sources.entries()) {
      const problem = fluxSourceProblem(s);
      if (problem !== undefined) return `fluxSources[${i}] ${problem}`;
    }
  }
  const existing = o['existingFiles'];
  if (existing !== undefined && (!Array.isArray(existing) || existing.some((e) => typeof e !== 'string'))) {
    return `existingFiles must be an array of paths when given, got ${describeValue(existing)}`;
  }
  const unread = o['unreadFiles'];
  if (unread !== undefined && (!Array.isArray(unread) || unread.some((u) => typeof u !== 'object' || u === null || typeof u.path !== 'string' || typeof u.code !== 'string' || typeof u.message !== 'string'))) {
    return `unreadFiles must be an array of { path, code, message } when given, got ${describeValue(unread)}`;
  }
  const deployments = o['deployments'];
  if (deployments !== undefined && (!Array.isArray(deployments) || deployments.some((g) => !Array.isArray(g) || g.some((d) => typeof d !== 'string')))) {
    return `deployments must be an array of arrays of directories when given, got ${describeValue(deployments)}`;
  }
  const dir = o['podLogsDir'];
  if (dir !== undefined && (typeof dir !== 'string' || (dir !== '' && !dir.startsWith('/')))) {
    return `podLogsDir must be an absolute path on the node (default ${DEFAULT_POD_LOGS_DIR}), got ${describeValue(dir)}`;
  }
  return undefined;
}

/** What is wrong with one `fluxSources` item, or undefined. */
function fluxSourceProblem(s: unknown): string | undefined {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return `must be an object { kind, name, namespace?, url }, got ${describeValue(s)}`;
  const o = s as Record<string, unknown>;
  if (!FLUX_SOURCE_KINDS.some((k) => k === o['kind'])) return `kind must be one of ${FLUX_SOURCE_KINDS.join(', ')}, got ${describeValue(o['kind'])}`;
  for (const key of o['kind'] === 'HelmChart' ? ['name'] : ['name', 'url']) if (typeof o[key] !== 'string' || o[key] === '') return `${key} must be a non-empty string, got ${describeValue(o[key])}`;
  if (o['namespace'] !== undefined && (typeof o['namespace'] !== 'string' || o['namespace'] === '')) return `namespace must be a non-empty string when given, got ${describeValue(o['namespace'])}`;
  if (o['kind'] === 'HelmChart') return helmChartProblem(o['helmChart']);
  const ref = o['ref'];
  if (ref === undefined) return undefined;
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return `ref must be an object { tag?, semver?, digest? } when given, got ${describeValue(ref)}`;
  for (const key of ['tag', 'semver', 'digest']) {
    const value = (ref as Record<string, unknown>)[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) return `ref.${key} must be a non-empty string when given, got ${describeValue(value)}`;
  }
  return undefined;
}

/** What is wrong with a HelmChart item's `helmChart` ({ chart, version?, sourceRef: { kind, name } }), or undefined. */
function helmChartProblem(chart: unknown): string | undefined {
  const shape = 'helmChart must be an object { chart, version?, sourceRef: { kind, name } }';
  if (typeof chart !== 'object' || chart === null || Array.isArray(chart)) return `${shape}, got ${describeValue(chart)}`;
  const o = chart as Record<string, unknown>;
  if (typeof o['chart'] !== 'string' || o['chart'] === '') return `helmChart.chart must be a non-empty string, got ${describeValue(o['chart'])}`;
  if (o['version'] !== undefined && typeof o['version'] !== 'string') return `helmChart.version must be a string when given, got ${describeValue(o['version'])}`;
  const ref = o['sourceRef'];
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return `${shape}, got sourceRef ${describeValue(ref)}`;
  const r = ref as Record<string, unknown>;
  if (!HELM_CHART_SOURCE_KINDS.some((k) => k === r['kind'])) return `helmChart.sourceRef.kind must be one of ${HELM_CHART_SOURCE_KINDS.join(', ')}, got ${describeValue(r['kind'])}`;
  if (typeof r['name'] !== 'string' || r['name'] === '') return `helmChart.sourceRef.name must be a non-empty string, got ${describeValue(r['name'])}`;
  return undefined;
}

/** A short description of a value for an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return value.constructor.name === 'Buffer' ? 'a Buffer' : 'a Uint8Array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'undefined' : `${typeof value} ${String(value)}`;
}

/** `deployments` as a map from a normalised directory to its group's index; undefined without groups. */
function deploymentIndex(groups: readonly (readonly string[])[] | undefined): ReadonlyMap<string, number> | undefined {
  if (groups === undefined || groups.length === 0) return undefined;
  const out = new Map<string, number>();
  groups.forEach((dirs, i) => {
    for (const dir of dirs) out.set(normalizePath(dir), i);
  });
  return out;
}

/** What the deployment model needs from the options. Call checkOptions first. */
export function deploymentOptions(options: MigrateOptions): DeploymentOptions {
  const fluentBitVersion = options.fluentBitVersion === undefined ? undefined : parseStatedVersion(options.fluentBitVersion);
  const deploymentOf = deploymentIndex(options.deployments);
  if (options.fluxSources === undefined || options.fluxSources.length === 0) return deploymentOf === undefined ? { fluentBitVersion } : { fluentBitVersion, deploymentOf };
  const fluxSources: FluxSourceMap = new Map();
  for (const source of options.fluxSources) addFluxSource(source, fluxSources, false);
  return deploymentOf === undefined ? { fluentBitVersion, fluxSources } : { fluentBitVersion, fluxSources, deploymentOf };
}

/** The options as rules read them: defaults filled in, podLogsDir without trailing slashes. Call checkOptions first; only with a runtime. */
export function resolveOptions(options: MigrateOptions & { readonly runtime: Runtime }): RuleOptions {
  return {
    runtime: options.runtime,
    criOnly: options.criOnly ?? false,
    podLogsDir: trimTrailingSlashes(options.podLogsDir ?? DEFAULT_POD_LOGS_DIR) || DEFAULT_POD_LOGS_DIR,
    keepDockerMount: options.keepDockerMount ?? false,
  };
}
