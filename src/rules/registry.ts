import { TO_YAML_RULE_METAS, type ConvertRuleId } from '../convert/rules.js';
import * as registered from './index.js';
import type { FindingSeverity, Rule, RuleDocs } from './types.js';

type Registered = (typeof registered)[keyof typeof registered];

/** The ids of the rules the rule runner drives (the runtime migration). */
export type RuntimeRuleId = Registered['meta']['id'];

/** Every rule id flb-migrate can report (runtime rules and the --to-yaml conversion's); a union derived from the registry. */
export type RuleId = RuntimeRuleId | ConvertRuleId;

/** Every rule the runner drives, in the registry's (alphabetical) order. */
export const RULE_LIST: readonly Rule<RuntimeRuleId>[] = Object.values(registered);

/**
 * The findings of the classic -> YAML conversion (`--to-yaml`): meta only
 * (docs, severities, messages as data, in src/convert/rules.ts). The
 * conversion stage reports them; the runner never runs them.
 */
export const CONVERSION_RULES: readonly Rule<ConvertRuleId>[] = TO_YAML_RULE_METAS.map((meta) => ({ meta, create: () => ({}) }));

const BY_ID: ReadonlyMap<string, Rule<RuleId>> = new Map([...RULE_LIST, ...CONVERSION_RULES].map((r) => [r.meta.id, r]));

/** The rule with this id, or undefined. */
export function ruleById(id: string): Rule<RuleId> | undefined {
  return BY_ID.get(id);
}

/** What `--list-rules` and `--explain` print, and the README's rule table, for one rule. */
export interface RuleDoc extends RuleDocs {
  readonly id: RuleId;
  readonly kind: 'change' | 'report';
  readonly severities: readonly FindingSeverity[];
}

/** The docs of every rule: edits first, then reports, each by id. */
export function ruleDocs(): RuleDoc[] {
  return [...RULE_LIST, ...CONVERSION_RULES].map((r) => ({ id: r.meta.id, kind: r.meta.kind, severities: r.meta.severities, ...r.meta.docs }))
    .sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : 1) : a.kind === 'change' ? -1 : 1));
}

/**
 * Every rule id with its docs, keyed by id (the library's `RULES`; `kind`
 * and `summary` are what earlier versions exported).
 */
export const RULES: Readonly<Record<RuleId, RuleDoc>> = Object.fromEntries(ruleDocs().map((d) => [d.id, d])) as Record<RuleId, RuleDoc>;
