import type { EmbeddedConfig, HelmValuesInfo, PodTemplate } from '../discover/discovery-types.js';
import type { ConfigKey, Container, Deployment } from '../deploy/types.js';
import { FlbMigrateError } from '../source/flb-migrate-error.js';
import { targetIn } from '../view/target.js';
import type { ConfigView, EditTarget, Fix, Located, Section } from '../view/types.js';
import { RULE_LIST, type RuleId } from './registry.js';
import { NO_SETUP } from './support/setup-facts.js';
import { versionInfo } from './support/version-info.js';
import { UNKNOWN_VERSION, type FindingSeverity, type MessageData, type Placeholders, type Rule, type RuleContext, type RuleListeners, type RuleOptions, type SetupFacts, type VersionInfo } from './types.js';

/** A finding as rules report it: message id and data (words come later, in src/report), at a range of a target's text. */
export interface RuleFinding {
  readonly ruleId: RuleId;
  readonly messageId: string;
  /** Exactly the values the message template names. */
  readonly data: MessageData;
  readonly severity: FindingSeverity;
  readonly at: Located;
}

/** What the rules made of one config or file: findings, the edits that go with them (each on its own target), and the ranges they decided about silently. */
export interface RuleRun {
  readonly findings: readonly RuleFinding[];
  readonly fixes: readonly Fix[];
  readonly consumed: readonly Located[];
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
  readonly setup: SetupFacts;
  readonly version: VersionInfo;
  readonly runners: readonly Container[];
}

type SectionListener = 'service' | 'input' | 'filter' | 'output' | 'parser';

function listenerOf(section: Section): SectionListener | undefined {
  return section.kind === 'multiline_parser' || section.kind === 'other' ? undefined : section.kind;
}

/** Only the data a template names: the public Finding's `data` is exactly that. */
function templateData(template: string, data: MessageData | undefined): MessageData {
  const out: Record<string, string | number> = {};
  for (const m of template.matchAll(/\{\{(\w+)\}\}/g)) {
    const name = m[1] as Placeholders<string>;
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
  const findings: RuleFinding[] = [];
  const fixes: Fix[] = [];
  const consumed: Located[] = [];
  const stamp = (rule: Rule<RuleId>, fix: Fix): void => {
    if (rule.meta.kind !== 'change') throw new FlbMigrateError('INTERNAL', `${rule.meta.id} is a report rule but asked for edits`);
    if (fix.edits.length > 0) fixes.push({ target: fix.target, edits: fix.edits.map((e) => ({ ...e, origin: rule.meta.id })) });
  };
  for (const rule of RULE_LIST) {
    const { meta } = rule;
    const context: RuleContext<typeof meta.messages, FindingSeverity> = {
      options: env.options,
      version: scope.version,
      setup: scope.setup,
      deployment: env.deployment,
      runners: scope.runners,
      viewOf: env.viewOf,
      report(d) {
        const template = meta.messages[d.messageId];
        if (template === undefined) throw new FlbMigrateError('INTERNAL', `${meta.id} has no message '${d.messageId}'`);
        if (!meta.severities.includes(d.severity)) throw new FlbMigrateError('INTERNAL', `${meta.id} does not declare severity '${d.severity}'`);
        findings.push({ ruleId: meta.id, messageId: d.messageId, data: templateData(template, d.data), severity: d.severity, at: d.at });
        if (d.fix) for (const f of Array.isArray(d.fix) ? d.fix : [d.fix as Fix]) stamp(rule, f);
      },
      fix(f) {
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

/**
 * Runs the rules over one Fluent Bit config: `config`, then each section's
 * listener, in order. `setup` holds the facts of the configs loaded with it;
 * `key` is the config (or operator input) the deployment model knows it by.
 */
export function runConfigRules(config: ConfigView, key: ConfigKey | undefined, setup: SetupFacts, env: RunEnvironment): RuleRun {
  const version = key ? versionInfo(env.deployment.versionOf(key)) : UNKNOWN_VERSION;
  const runners = key ? env.deployment.containersOf(key) : [];
  return visit(env, { setup, version, runners }, (listeners) => {
    listeners.config?.(config);
    for (const section of config.sections) {
      const name = listenerOf(section);
      if (name) listeners[name]?.(section);
    }
  });
}

/** Runs the rules over the pod templates and chart values of one manifest file. */
export function runFileRules(file: EditTarget, pods: readonly PodTemplate[], helmCharts: readonly HelmValuesInfo[], env: RunEnvironment): RuleRun {
  return visit(env, { setup: NO_SETUP, version: UNKNOWN_VERSION, runners: [] }, (listeners) => {
    for (const pod of pods) listeners.podTemplate?.(pod, file);
    for (const values of helmCharts) listeners.helmValues?.(values, targetIn(file, values.text));
  });
}
