import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { ChartKind, UmbrellaDependency, UmbrellaSubchart } from './discovery-types.js';
import { chartKindOf } from './chart-kind.js';
import { getMap, getNode, getSeq, getString } from '../yaml/yaml-nodes.js';

/*
 * Helm umbrella charts (NOTES.md "Umbrella charts"): a chart's `Chart.yaml`
 * `dependencies` (apiVersion v2), or its `requirements.yaml` (apiVersion v1;
 * Helm's loader reads it whatever the apiVersion and it replaces Chart.yaml's
 * list: pkg/chart/loader/load.go), name subcharts whose values sit in the
 * umbrella's values under the dependency's `alias`, else its `name`
 * (pkg/chartutil/dependencies.go getAliasDependency). A dependency is on
 * unless the top values' `tags` turn all of its tags off and none on
 * (processDependencyTags), and the first of its comma-separated `condition`
 * paths that holds a boolean in the values decides over the tags
 * (processDependencyConditions: a path that is missing or holds another type
 * is passed over; none resolving leaves it on). A disabled dependency's own
 * dependencies are not processed.
 */

/** One `dependencies` item of a Chart.yaml or requirements.yaml. */
export interface ChartDependencyItem {
  readonly name: string;
  readonly alias: string | undefined;
  readonly repository: string | undefined;
  readonly version: string | undefined;
  readonly condition: string | undefined;
  readonly tags: readonly string[];
  /** Its index in the `dependencies` list. */
  readonly index: number;
}

/** The `dependencies` items of a Chart.yaml or requirements.yaml document (items without a `name` are skipped, as Helm's lint refuses them). */
export function readChartDependencies(root: unknown): ChartDependencyItem[] {
  const out: ChartDependencyItem[] = [];
  getSeq(root, 'dependencies')?.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const name = getString(item, 'name');
    if (name === undefined || name === '') return;
    const alias = getString(item, 'alias');
    const tags = (getSeq(item, 'tags')?.items ?? []).flatMap((t) => (isScalar(t) && t.value !== null ? [String(t.value)] : []));
    out.push({
      name,
      alias: alias === '' ? undefined : alias,
      repository: getString(item, 'repository'),
      version: getString(item, 'version'),
      condition: getString(item, 'condition'),
      tags,
      index,
    });
  });
  return out;
}

/** A chart of the batch: its directory, name, dependencies (from the file that holds them) and values.yaml root. */
export interface BatchChart {
  /** The Chart.yaml's batch path, and its directory. */
  readonly path: string;
  readonly dir: string;
  readonly name: string | undefined;
  /** Index of the file holding the dependencies (Chart.yaml, or requirements.yaml when it lists them) and the document. */
  readonly depsFile: number;
  readonly depsDoc: number;
  readonly dependencies: readonly ChartDependencyItem[];
  /** Index of the chart's values.yaml among the batch files, and its root map. */
  readonly valuesFile: number | undefined;
  readonly values: YAMLMap | undefined;
}

/** goyaml.v2's booleans (YAML 1.1), which Helm's values loader (sigs.k8s.io/yaml) reads; `yaml` reads only true/false. */
const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);

/** The boolean a values node holds, as Helm reads it; undefined for anything else. */
export function helmBoolean(node: unknown): boolean | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (typeof node.value !== 'string' || (node.type !== 'PLAIN' && node.type !== undefined)) return undefined;
  if (YAML11_TRUE.has(node.value)) return true;
  if (YAML11_FALSE.has(node.value)) return false;
  return undefined;
}

/** The node at `path` in `root` (maps only), or undefined. */
function nodeAtPath(root: YAMLMap | undefined, path: readonly string[]): Node | undefined {
  let at: unknown = root;
  for (const key of path) {
    if (!isMap(at)) return undefined;
    at = getNode(at, key);
  }
  return at as Node | undefined;
}

/**
 * The values Helm reads a path in: the top chart's values first, then the
 * values.yaml of each subchart on the way (coalesced under its key, lower
 * precedence). `levels` pairs a subchart's values with its key path.
 */
type Levels = readonly { readonly prefix: readonly string[]; readonly values: YAMLMap | undefined; readonly valuesFile: number | undefined }[];

function lookup(levels: Levels, path: readonly string[]): Node | undefined {
  for (const { prefix, values } of levels) {
    if (prefix.length > path.length || !prefix.every((k, i) => path[i] === k)) continue;
    const node = nodeAtPath(values, path.slice(prefix.length));
    if (node !== undefined && !(isScalar(node) && node.value === null)) return node;
  }
  return undefined;
}

/** Whether a dependency is on, and what decided (for the info a disabled one gets). */
function dependencyEnabled(dep: ChartDependencyItem, levels: Levels, prefix: readonly string[], tags: readonly (YAMLMap | undefined)[]): { enabled: boolean; why: string } {
  let enabled = true;
  let why = 'no condition or tag turns it off';
  let hasTrue = false;
  let hasFalse: string | undefined;
  for (const tag of dep.tags) {
    // The top values' `tags:` coalesced: a release's over the chart's.
    const b = tags.map((t) => helmBoolean(getNode(t, tag))).find((v) => v !== undefined);
    if (b === true) hasTrue = true;
    else if (b === false) hasFalse ??= tag;
  }
  if (!hasTrue && hasFalse !== undefined) {
    enabled = false;
    why = `tags.${hasFalse} is false`;
  }
  for (const c of (dep.condition ?? '').trim().split(',')) {
    if (c === '') continue;
    const path = [...prefix, ...c.split('.')];
    const b = helmBoolean(lookup(levels, path));
    if (b !== undefined) {
      enabled = b;
      why = `condition ${c} is ${b ? 'true' : 'false'}`;
      break;
    }
  }
  return { enabled, why };
}

/** How deep umbrella charts are followed (the values paths `findChartRoots` walks go as deep). */
const MAX_UMBRELLA_DEPTH = 5;

/** What a dependency names: one of our charts (by name and repository), `unplaced` for `fluent-bit` of a repository we cannot place, or undefined. */
function dependencyKind(dep: ChartDependencyItem): ChartKind | 'unplaced' | undefined {
  const kind = chartKindOf(dep.name, dep.repository);
  if (kind === undefined) return 'unplaced';
  return kind === 'other' ? undefined : kind;
}

/** `file://../x` of a dependency, as a directory relative to its chart; undefined for other repositories. */
function fileRepository(repository: string | undefined): string | undefined {
  const m = /^file:\/\/(.+)$/.exec(repository ?? '');
  return m ? (m[1] as string) : undefined;
}

/**
 * A release of the batch that deploys a chart of the batch (a local chart path): its id and label, and its value
 * maps (its own sets and the values files it names), highest precedence first, which Helm coalesces over the
 * chart's values.yaml (so its conditions and tags decide too).
 */
export interface ChartReleaseOf {
  readonly chartDir: string;
  readonly id: string;
  readonly label: string;
  readonly values: readonly YAMLMap[];
  /** Where the release's subcharts go (its file, and each values file it names): the release's precedence there. */
  readonly files: readonly { readonly file: number; readonly precedence: number; readonly root: YAMLMap | undefined }[];
}

/** One Fluent Bit dependency met on the walk from a top chart. */
interface Met {
  readonly chart: BatchChart;
  readonly dep: ChartDependencyItem;
  readonly path: readonly string[];
  readonly kind: ChartKind | 'unplaced';
  readonly label: string;
  readonly state: { readonly enabled: boolean; readonly why: string };
  readonly levels: Levels;
}

/**
 * The subcharts of the batch's umbrella charts that run Fluent Bit, as the
 * values of each chart (its values.yaml) hold them: for each chart with a
 * values.yaml, every Fluent Bit dependency below it (through local subcharts:
 * `charts/<dir>/` or a `file://` repository, up to MAX_UMBRELLA_DEPTH), at
 * the path of aliases (or names) from the chart. `resolve(dir, rel)` joins
 * paths. `releases`: the releases of the batch that deploy a top chart; each
 * sees the subcharts over its own values (`releases` of the result, by
 * release id), and the chart's values.yaml is read for them: a subchart is on
 * there when one release turns it on.
 */
export function umbrellaSubcharts(
  charts: readonly BatchChart[],
  resolve: (dir: string, rel: string) => string,
  releases: readonly ChartReleaseOf[] = [],
): { values: Map<number, UmbrellaSubchart[]>; dependencies: Map<number, UmbrellaDependency[]>; releases: Map<string, UmbrellaSubchart[]> } {
  const values = new Map<number, UmbrellaSubchart[]>();
  const dependencies = new Map<number, UmbrellaDependency[]>();
  const byRelease = new Map<string, UmbrellaSubchart[]>();
  const byDir = new Map(charts.map((c) => [c.dir, c]));
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const localChart = (parent: BatchChart, dep: ChartDependencyItem): BatchChart | undefined => {
    const rel = fileRepository(dep.repository);
    if (rel !== undefined) return byDir.get(resolve(parent.dir, rel));
    return charts.find((c) => c.name === dep.name && c.dir.startsWith(`${resolve(parent.dir, 'charts')}/`) && !c.dir.slice(resolve(parent.dir, 'charts').length + 1).includes('/'));
  };
  // Helm installs the top chart; a chart of the batch that another one pulls in is its subchart, not a top of its own.
  const pulled = new Set(charts.flatMap((c) => c.dependencies.flatMap((d) => localChart(c, d)?.dir ?? [])));
  /** Every Fluent Bit dependency below `top`, on or off over `over` (a release's values, above the top's). */
  const walkFrom = (top: BatchChart, over: readonly YAMLMap[]): Met[] => {
    const met: Met[] = [];
    const tagMaps = [...over, top.values].map((v) => getMap(v, 'tags'));
    const walk = (chart: BatchChart, prefix: readonly string[], levels: Levels, disabledBy: string | undefined, seen: ReadonlySet<string>): void => {
      for (const dep of chart.dependencies) {
        const key = dep.alias ?? dep.name;
        const path = [...prefix, key];
        const state = disabledBy !== undefined ? { enabled: false, why: disabledBy } : dependencyEnabled(dep, [...over.map((v) => ({ prefix: [], values: v, valuesFile: undefined })), ...levels], prefix, tagMaps);
        const kind = dependencyKind(dep);
        const label = `${dep.name}${dep.version !== undefined ? ` ${dep.version}` : ''}${dep.alias !== undefined ? ` (alias ${dep.alias})` : ''}`;
        if (kind !== undefined) met.push({ chart, dep, path, kind, label, state, levels });
        const sub = path.length < MAX_UMBRELLA_DEPTH ? localChart(chart, dep) : undefined;
        if (sub && !seen.has(sub.dir) && sub.dependencies.length > 0) {
          walk(sub, path, [...levels, { prefix: path, values: sub.values, valuesFile: sub.valuesFile }], state.enabled ? undefined : state.why, new Set([...seen, sub.dir]));
        }
      }
    };
    walk(top, [], [{ prefix: [], values: top.values, valuesFile: top.valuesFile }], undefined, new Set([top.dir]));
    return met;
  };
  for (const top of charts.filter((c) => !pulled.has(c.dir))) {
    const releaseOf = (dep: ChartDependencyItem, precedence: number): UmbrellaSubchart['release'] =>
      ({ id: `umbrella:${top.path}`, label: `Helm chart ${top.name ?? top.dir} (${top.path})`, precedence, repository: dep.repository, name: dep.name });
    const ofTop = releases.filter((r) => r.chartDir === top.dir);
    // Each release sees the subcharts over its own values; the chart's values.yaml serves them all (on when one turns it on).
    const seen = ofTop.map((r) => ({ r, met: walkFrom(top, r.values) }));
    for (const { r, met } of seen) {
      for (const m of met) {
        const base = { path: m.path, kind: m.kind, chart: m.label, enabled: m.state.enabled, why: m.state.enabled ? m.state.why : `${m.state.why} in ${r.label}`, subchart: m.path };
        for (const f of r.files) push(values, f.file, { ...base, release: { id: r.id, label: r.label, precedence: f.precedence, repository: m.dep.repository, name: m.dep.name } });
        push(byRelease, r.id, { ...base, release: { id: r.id, label: r.label, precedence: 0, repository: m.dep.repository, name: m.dep.name } });
      }
    }
    const met = ofTop.length === 0 ? walkFrom(top, []) : (seen[0] as { met: Met[] }).met.map((m, i) => {
      const on = seen.find((s) => s.met[i]?.state.enabled);
      return { ...m, state: on ? (on.met[i] as Met).state : { enabled: false, why: `${m.state.why} in ${(seen[0] as { r: ChartReleaseOf }).r.label}` } };
    });
    for (const m of met) {
      // Each values.yaml of the chain holds the subchart's values under the path from its chart.
      let held = seen.some(({ r }) => r.values.some((v) => isMap(nodeAtPath(v, m.path))));
      m.levels.forEach((level, depth) => {
        if (level.valuesFile === undefined) return;
        const own = m.path.slice(level.prefix.length);
        held ||= isMap(nodeAtPath(level.values, own));
        push(values, level.valuesFile, { path: own, kind: m.kind, chart: m.label, enabled: m.state.enabled, why: m.state.why, subchart: m.path, release: releaseOf(m.dep, depth === 0 ? 0 : -depth) });
      });
      // Said at the dependency item: a disabled subchart (no release deploys the chart: a release says its own), or one no values of the chain give values (the chart's defaults run).
      if ((!m.state.enabled && ofTop.length === 0) || (m.state.enabled && !held)) {
        push(dependencies, m.chart.depsFile, { docIndex: m.chart.depsDoc, index: m.dep.index, path: m.path, kind: m.kind, chart: m.label, enabled: m.state.enabled, why: m.state.why, subchart: m.path, release: releaseOf(m.dep, -MAX_UMBRELLA_DEPTH - 1) });
      }
    }
  }
  return { values, dependencies, releases: byRelease };
}

/** Whether a subchart root lies at or below `path`. */
export function isAtOrBelow(candidate: readonly (string | number)[], path: readonly (string | number)[]): boolean {
  return candidate.length >= path.length && path.every((k, i) => candidate[i] === k);
}
