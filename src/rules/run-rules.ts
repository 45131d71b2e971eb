import type { ChartReleaseInfo, EmbeddedConfig, FluentBitResource, HelmValuesInfo, KustomizationInfo, LoggingOperatorAgent, OperatorMultilineParser, OperatorParser, PodTemplate } from '../discover/discovery-types.js';
import type { ConfigKey, Container, Deployment, FluentBitVersion } from '../deploy/types.js';
import { FlbMigrateError } from '../source/flb-migrate-error.js';
import { targetIn } from '../view/target.js';
import type { Edit } from '../source/edit.js';
import type { ConfigView, EditTarget, Fix, Located, Section } from '../view/types.js';
import { RULE_LIST, type RuleId } from './registry.js';
import { dockerMountPaths, dockerNodesOf, dockerPatchOf } from './support/pod-mounts.js';
import { NO_SETUP, withValueFacts } from './support/setup-facts.js';
import { processEnv, type ConfigMapLookup } from '../deploy/container-env.js';
import { withoutDefaults, withProcessEnv } from './support/tail-target.js';
import { formatVersion, lacksDefaultOperator } from '../deploy/image-version.js';
import { versionInfo } from './support/version-info.js';
import { notMadeFinding, refusedOf } from './yaml-list-value.js';
import { fluxNotMade, touchedFills, type FluxScope } from './flux-variable.js';
import { fluxBuildOf } from '../view/flux-escape.js';
import { fluxFills } from '../deploy/flux-postbuild.js';
import { UNKNOWN_VERSION, type FindingSeverity, type MessageData, type Placeholders, type Rule, type RuleContext, type RuleListeners, type RuleOptions, type SetupFacts, type VersionInfo } from './types.js';

/** What a finding says, apart from where (words come later, in src/report): rule, message id, its data, severity. */
export interface FindingKind {
  readonly ruleId: RuleId;
  readonly messageId: string;
  /** Exactly the values the message template names. */
  readonly data: MessageData;
  readonly severity: FindingSeverity;
  /** Words added to the message: where in a text the finding is when its file position cannot say (EditTarget.note). */
  readonly note?: string;
}

/**
 * The findings of a run as rows (memory, issue #14: a 50 MB config has
 * ~180,000 of them, and an object per finding, its data and its range was
 * most of what the rules kept): per row a kind (one object for every finding
 * of a run that says the same: a big config repeats its changes), a target
 * and a range in the target's text.
 */
export class FindingRows {
  readonly kinds: FindingKind[] = [];
  readonly targets: EditTarget[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  get length(): number {
    return this.kinds.length;
  }

  push(kind: FindingKind, at: Located): void {
    this.kinds.push(kind);
    this.targets.push(at.target);
    this.starts.push(at.start);
    this.ends.push(at.end);
  }
}

/** The fixes of a run as rows: per fix a target and where its edits end in `edits` (all fixes' edits, in order). */
export class FixRows {
  readonly targets: EditTarget[] = [];
  readonly ends: number[] = [];
  readonly edits: Edit[] = [];

  get length(): number {
    return this.targets.length;
  }

  push(target: EditTarget, edits: readonly Edit[]): void {
    for (const e of edits) this.edits.push(e);
    this.targets.push(target);
    this.ends.push(this.edits.length);
  }

  /** Where fix `i`'s edits start in `edits`. */
  start(i: number): number {
    return i === 0 ? 0 : (this.ends[i - 1] as number);
  }

  /** Fix `i` as an object (its edits copied out). */
  fix(i: number): Fix {
    return { target: this.targets[i] as EditTarget, edits: this.edits.slice(this.start(i), this.ends[i]) };
  }
}

/** What the rules made of one config or file: findings, the edits that go with them (each on its own target), and the ranges they decided about silently. */
export interface RuleRun {
  readonly findings: FindingRows;
  readonly fixes: FixRows;
  readonly consumed: readonly Located[];
}

/**
 * One object per distinct finding kind of a run (and per distinct edit
 * text), up to a bound: a config whose findings all differ gains nothing
 * and keeps a bounded table.
 */
const MAX_INTERNED = 4096;

/** A key that tells two kinds apart exactly (undefined: not shared, a number JSON cannot tell apart: -0, NaN, Infinity). */
function kindKey(ruleId: string, messageId: string, severity: string, data: MessageData): string | undefined {
  let key = `${ruleId}\u0000${messageId}\u0000${severity}`;
  for (const name of Object.keys(data)) {
    const v = data[name] as string | number;
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return undefined;
    key += `\u0000${JSON.stringify(name)}:${typeof v === 'number' ? String(v) : JSON.stringify(v)}`;
  }
  return key;
}

/** What every visit shares. */
export interface RunEnvironment {
  readonly options: RuleOptions;
  readonly deployment: Deployment;
  /** The view of a config of the batch (for parsers files other configs load). */
  readonly viewOf: (config: EmbeddedConfig) => ConfigView | undefined;
}

/** What one visit sees besides the environment. */
interface VisitScope {
  /** The run's options, with the scope's Docker mounts (runConfigRules); the run's own when absent. */
  readonly options?: RuleOptions;
  readonly setup: SetupFacts;
  readonly version: VersionInfo;
  readonly runners: readonly Container[];
  /** A config Flux postBuild substitutes, with references Flux fills: a change touching one is not made (flux-variable). */
  readonly flux?: FluxScope & { readonly target: EditTarget };
}

type SectionListener = 'service' | 'input' | 'filter' | 'output' | 'parser';

function listenerOf(section: Section): SectionListener | undefined {
  return section.kind === 'multiline_parser' || section.kind === 'other' ? undefined : section.kind;
}

/** The placeholders of each message template, in order (the templates are the rules' own: a few hundred strings). */
const placeholdersOf = new Map<string, readonly string[]>();

/** Only the data a template names: the public Finding's `data` is exactly that. */
function templateData(template: string, data: MessageData | undefined): MessageData {
  const out: Record<string, string | number> = {};
  let names = placeholdersOf.get(template);
  if (names === undefined) placeholdersOf.set(template, (names = [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string)));
  for (const n of names) {
    const name = n as Placeholders<string>;
    const value = data?.[name];
    if (value === undefined) throw new FlbMigrateError('INTERNAL', `message '${template}' needs {{${name}}}`);
    out[name] = value;
  }
  return out;
}

/**
 * Drives every registered rule over one visit. A report is checked against
 * the rule's meta (message id, severity, only `change` rules edit): a rule
 * that breaks its own contract throws, which costs the visit's file, not the
 * batch. Nothing is applied here; the caller maps and applies the fixes.
 */
function visit(env: RunEnvironment, scope: VisitScope, drive: (listeners: RuleListeners) => void): RuleRun {
  const asWritten = env.options.asWritten === true;
  const findings = new FindingRows();
  const fixes = new FixRows();
  const consumed: Located[] = [];
  const kinds = new Map<string, FindingKind>();
  const texts = new Map<string, string>();
  const kindOf = (ruleId: RuleId, messageId: string, severity: FindingSeverity, data: MessageData): FindingKind => {
    const key = kindKey(ruleId, messageId, severity, data);
    const known = key === undefined ? undefined : kinds.get(key);
    if (known) return known;
    const kind: FindingKind = { ruleId, messageId, data, severity };
    if (key !== undefined && kinds.size < MAX_INTERNED) kinds.set(key, kind);
    return kind;
  };
  const textOf = (text: string): string => {
    const known = texts.get(text);
    if (known !== undefined) return known;
    if (texts.size < MAX_INTERNED) texts.set(text, text);
    return text;
  };
  const stamp = (rule: Rule<RuleId>, fix: Fix): void => {
    if (rule.meta.kind !== 'change') throw new FlbMigrateError('INTERNAL', `${rule.meta.id} is a report rule but asked for edits`);
    // A spread here: Object.assign measured 15x slower on these edits (their shapes vary), unlike the literals runConfigRules builds.
    if (fix.edits.length > 0) fixes.push(fix.target, fix.edits.map((e) => ({ ...e, text: textOf(e.text), origin: rule.meta.id })));
  };
  const fluxBlocked = (ruleId: string, template: string, data: MessageData, fixes: readonly Fix[]): boolean => {
    const flux = scope.flux;
    if (flux === undefined || fixes.length === 0) return false;
    const touched = touchedFills(flux, flux.target, fixes);
    if (touched.length === 0) return false;
    const change = template.replace(/\{\{(\w+)\}\}/g, (m, name: string) => String(data[name] ?? m));
    for (const { kind, at } of fluxNotMade(ruleId, change, flux, flux.target, fixes, touched)) findings.push(kindOf(kind.ruleId, kind.messageId, kind.severity, kind.data), at);
    return true;
  };
  // A config only workloads of Docker nodes run is theirs as it is: docker-node-pool alone says so.
  const dockerNodesOnly = scope.options?.dockerNodes?.all === true;
  for (const rule of RULE_LIST) {
    const { meta } = rule;
    if (asWritten && meta.withoutRuntime !== true) continue;
    if (dockerNodesOnly && meta.id !== 'docker-node-pool') continue;
    const context: RuleContext<typeof meta.messages, FindingSeverity> = {
      options: scope.options ?? env.options,
      version: scope.version,
      setup: scope.setup,
      deployment: env.deployment,
      runners: scope.runners,
      viewOf: env.viewOf,
      report(d) {
        const template = meta.messages[d.messageId];
        if (template === undefined) throw new FlbMigrateError('INTERNAL', `${meta.id} has no message '${d.messageId}'`);
        if (!meta.severities.includes(d.severity)) throw new FlbMigrateError('INTERNAL', `${meta.id} does not declare severity '${d.severity}'`);
        const data = templateData(template, d.data);
        const fixes: readonly Fix[] = d.fix ? (Array.isArray(d.fix) ? d.fix : [d.fix as Fix]) : [];
        // An edit the view cannot make exactly (one item of a YAML list): none of this finding's edits are
        // made, and a warning at the item says so (yaml-list-value), never a guess and never silence.
        const refused = refusedOf(fixes);
        if (refused) {
          if (meta.kind !== 'change') throw new FlbMigrateError('INTERNAL', `${meta.id} is a report rule but asked for edits`);
          const kind = notMadeFinding(meta.id, template, data, refused);
          findings.push(kindOf(kind.ruleId as RuleId, kind.messageId, kind.severity, kind.data), refused.at);
          return false;
        }
        // A change of a value Flux postBuild writes (`Parser ${LOG_PARSER}`): not made, said at the line and the value.
        if (fluxBlocked(meta.id, template, data, fixes)) return false;
        findings.push(kindOf(meta.id, d.messageId, d.severity, data), d.at);
        for (const f of fixes) stamp(rule, f);
        return true;
      },
      fix(f) {
        if (f.refused) {
          const kind = notMadeFinding(meta.id, 'an edit another change needs', {}, f.refused);
          findings.push(kindOf(kind.ruleId as RuleId, kind.messageId, kind.severity, kind.data), f.refused.at);
          return;
        }
        if (fluxBlocked(meta.id, 'an edit another change needs', {}, [f])) return;
        stamp(rule, f);
      },
      consume(at) {
        consumed.push(at);
      },
    };
    drive(rule.create(context));
  }
  return { findings, fixes, consumed };
}

/** The workloads of `runners` that run only on Docker nodes (`label (why)`), and whether that is all of them; undefined when none. */
function dockerNodeRunners(runners: readonly Container[], options: RuleOptions, deployment: Deployment): RuleOptions['dockerNodes'] {
  if (runners.length === 0 || options.asWritten === true) return undefined;
  const workloads = [...new Set(runners.map((c) => c.workload))];
  const pinned: string[] = [];
  // A base an overlay's patch pins to Docker nodes also runs in the other overlays' builds: never "all".
  let shared = false;
  for (const w of workloads) {
    const sign = dockerNodesOf(w, options);
    const patch = sign === undefined ? dockerPatchOf(w, deployment, options) : undefined;
    if (sign !== undefined) pinned.push(`${w.label} (${sign})`);
    else if (patch !== undefined) {
      pinned.push(`${w.label} as ${patch} builds it`);
      shared = true;
    }
  }
  return pinned.length === 0 ? undefined : { workloads: pinned, all: !shared && pinned.length === workloads.length };
}

/** The names of a setup's `${NAME:-default}` and input Path variables that no `@SET` sets, found once per setup. */
const defaultedNames = new WeakMap<SetupFacts, ReadonlySet<string>>();

/**
 * The runners' env behind a setup's variables, when a config of it writes `${NAME:-default}`, or a variable in an
 * input's Path, for a name no `@SET` sets: Fluent Bit takes the env's value (A.11). Empty when none (no walk of the
 * sections unless a config's text holds `${`).
 */
function envOverDefaults(setup: SetupFacts, runners: readonly Container[], configMaps: ConfigMapLookup): ReadonlyMap<string, string | undefined> {
  if (runners.length === 0) return new Map();
  let names = defaultedNames.get(setup);
  if (names === undefined) {
    const found = new Set<string>();
    for (const c of setup.configs) {
      if (!c.target.text.includes('${')) continue;
      for (const s of c.sections) {
        const path = s.kind === 'input' ? s.get('path') : undefined;
        for (const r of path?.varRefs ?? []) if (r.flux === undefined && !setup.variables.has(r.name)) found.add(r.name);
        if (!c.target.text.includes(':-')) continue;
        for (const p of s.properties) for (const r of p.varRefs) if (r.fallback !== null && r.flux === undefined && !setup.variables.has(r.name)) found.add(r.name);
      }
    }
    defaultedNames.set(setup, (names = found));
  }
  return names.size === 0 ? new Map() : processEnv(runners, names, configMaps);
}

/**
 * The setup as this run's Fluent Bit reads it: its variables with the runners' env over `:-` defaults
 * (envOverDefaults), and without `:-` defaults when the config's Fluent Bit lacks them and one of its configs writes
 * one; the facts that read values (`usesStockCriParser`, ...) read through the same variables (withValueFacts). Else
 * the setup itself (no copy).
 */
function setupAsRead(setup: SetupFacts, runners: readonly Container[], env: RunEnvironment, version: FluentBitVersion | undefined): SetupFacts {
  const over = envOverDefaults(setup, runners, env.deployment.configMapData);
  const noDefaults = version !== undefined && lacksDefaultOperator(version) && setup.configs.some((c) => c.target.text.includes(':-'));
  if (over.size === 0 && !noDefaults) return setup;
  let variables = withProcessEnv(setup.variables, over);
  let key = JSON.stringify([...over]);
  if (noDefaults) {
    const v = formatVersion(version);
    variables = withoutDefaults(variables, v);
    key += `\0${v}`;
  }
  return withValueFacts(setup, variables, key, env.options);
}

/**
 * Runs the rules over one Fluent Bit config: `config`, then each section's
 * listener, in order. `setup` holds the facts of the configs loaded with it;
 * `key` is the config (or operator input) the deployment model knows it by.
 */
export function runConfigRules(config: ConfigView, key: ConfigKey | undefined, setup: SetupFacts, env: RunEnvironment): RuleRun {
  const resolved = key ? env.deployment.versionOf(key) : undefined;
  const version = resolved ? versionInfo(resolved) : UNKNOWN_VERSION;
  const runners = key ? env.deployment.containersOf(key) : [];
  const dockerMounts = dockerMountPaths(runners);
  const dockerNodes = dockerNodeRunners(runners, env.options, env.deployment);
  // Object.assign and literals, not spreads: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call, once per config here (NOTES.md "Tree throughput (branch `treeperf31`)").
  const options = dockerMounts.length > 0 || dockerNodes ? Object.assign({}, env.options, dockerMounts.length > 0 ? { dockerMounts } : {}, dockerNodes ? { dockerNodes } : {}) : undefined;
  const build = fluxBuildOf(config.source);
  const fills = build && config.target.text.includes('${') ? fluxFills(config.target.text, build) : [];
  const flux = build && fills.length > 0 ? { build, fills, target: config.target } : undefined;
  const withEnv = setupAsRead(setup, runners, env, resolved?.version);
  const scope: VisitScope = options ? { options, setup: withEnv, version, runners } : { setup: withEnv, version, runners };
  return visit(env, flux ? Object.assign({}, scope, { flux }) : scope, (listeners) => {
    listeners.config?.(config);
    for (const section of config.sections) {
      const name = listenerOf(section);
      if (name) listeners[name]?.(section);
    }
  });
}

/** Runs the rules over the pod templates, chart values, chart releases, logging-operator agents, kustomizations, Fluent Operator FluentBits and multiline parsers of one manifest file. */
export function runFileRules(file: EditTarget, pods: readonly PodTemplate[], helmCharts: readonly HelmValuesInfo[], releases: readonly ChartReleaseInfo[], env: RunEnvironment, agents: readonly LoggingOperatorAgent[] = [], kustomizations: readonly KustomizationInfo[] = [], fluentBits: readonly FluentBitResource[] = [], multilineParsers: readonly OperatorMultilineParser[] = [], parsers: readonly OperatorParser[] = []): RuleRun {
  // A manifest Flux postBuild substitutes (a hostPath `${LOG_DIR}`, read as its value: withFluxVolumes): an edit touching a reference is not made (flux-variable).
  // Chart values too when an object holds them (a HelmRelease's spec.values): Flux substitutes them before helm-controller reads them.
  const built = pods.length > 0 || helmCharts.some((v) => env.deployment.postBuildOf(file.path, v.docIndex, true) !== undefined);
  const build = built && file.text.includes('${') ? env.deployment.postBuildOf(file.path) : undefined;
  const fills = build ? fluxFills(file.text, build) : [];
  const scope: VisitScope = { setup: NO_SETUP, version: UNKNOWN_VERSION, runners: [] };
  return visit(env, build && fills.length > 0 ? Object.assign({}, scope, { flux: { build, fills, target: file } }) : scope, (listeners) => {
    for (const pod of pods) listeners.podTemplate?.(pod, file);
    for (const values of helmCharts) listeners.helmValues?.(values, targetIn(file, values.text));
    for (const release of releases) listeners.chartRelease?.(release, file);
    for (const agent of agents) listeners.loggingAgent?.(agent, file);
    for (const k of kustomizations) listeners.kustomization?.(k, file);
    for (const fb of fluentBits) listeners.fluentBit?.(fb, file);
    for (const m of multilineParsers) listeners.operatorMultilineParser?.(m, file);
    for (const p of parsers) listeners.operatorParser?.(p, file);
  });
}
