import * as registered from './index.js';
import type { FindingSeverity, Rule, RuleDocs } from './types.js';

type Registered = (typeof registered)[keyof typeof registered];

/** Every rule id flb-migrate can report; a union derived from the registry. */
export type RuleId = Registered['meta']['id'];

/** Every registered rule, in the registry's (alphabetical) order. */
export const RULE_LIST: readonly Rule<RuleId>[] = Object.values(registered);

const BY_ID: ReadonlyMap<string, Rule<RuleId>> = new Map(RULE_LIST.map((r) => [r.meta.id, r]));

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
  return RULE_LIST.map((r) => ({ id: r.meta.id, kind: r.meta.kind, severities: r.meta.severities, ...r.meta.docs }))
    .sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : 1) : a.kind === 'change' ? -1 : 1));
}

/**
 * Every rule id with its docs, keyed by id (the library's `RULES`; `kind`
 * and `summary` are what earlier versions exported).
 */
export const RULES: Readonly<Record<RuleId, RuleDoc>> = Object.fromEntries(ruleDocs().map((d) => [d.id, d])) as Record<RuleId, RuleDoc>;
