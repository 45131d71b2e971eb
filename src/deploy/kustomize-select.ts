import type { PatchSelector } from '../discover/discovery-types.js';

/*
 * kustomize's selection of objects (api/types/selector.go), shared by patches (kustomize.ts) and replacements
 * (kustomize-replacements.ts).
 */

/** What a selector reads of an object (a workload's PatchTarget, an object of a build). */
export interface SelectedObject {
  readonly kind: string | undefined;
  readonly name: string | undefined;
  readonly labels?: ReadonlyMap<string, string>;
}

/** Names compared as text (kustomize reads them as anchored regular expressions, types/selector.go: a name without regex syntax means itself; patterns from input are never compiled here). */
function nameMatches(pattern: string, value: string | undefined): boolean {
  return value !== undefined && pattern === value;
}

/** A selector string split at commas outside `( )` (`env in (a,b),app=x`); linear. */
function requirementsOf(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(selector.slice(from, i));
      from = i + 1;
    }
  }
  out.push(selector.slice(from));
  return out.filter((r) => r.trim() !== '');
}

/**
 * A Kubernetes label selector string (`app=fluent-bit,tier!=x`, `env in (a,b)`,
 * `notin`, `key`, `!key`) against labels; a requirement it cannot read
 * matches nothing (the patch is not applied rather than applied wrongly).
 */
export function labelSelectorMatches(selector: string, labels: ReadonlyMap<string, string>): boolean {
  return requirementsOf(selector).every((raw) => {
    const r = raw.trim();
    let m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(r);
    if (m) return m[2] === '!=' ? labels.get(m[1]!) !== m[3] : labels.get(m[1]!) === m[3];
    m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(r);
    if (m) {
      const values = m[3]!.split(',').map((v) => v.trim());
      const has = labels.has(m[1]!) && values.includes(labels.get(m[1]!)!);
      return m[2] === 'in' ? has : !has;
    }
    m = /^(!?)([\w./-]+)$/.exec(r);
    if (m) return m[1] === '!' ? !labels.has(m[2]!) : labels.has(m[2]!);
    return false;
  });
}

/**
 * Whether a kustomize selector (a patch `target`, a replacement's `select`/`source`) takes an object: kind and name as
 * text, the namespace when both give one, the label selector against its labels.
 */
export function selects(select: PatchSelector, target: SelectedObject, namespace: string | undefined): boolean {
  if (select.kind !== undefined && !nameMatches(select.kind, target.kind)) return false;
  // kustomize's selector compares the namespace too (resource.go OrgIdMatches...); unknown on either side: taken as matching.
  if (select.namespace !== undefined && namespace !== undefined && select.namespace !== namespace) return false;
  if (select.name !== undefined && !nameMatches(select.name, target.name)) return false;
  return select.labelSelector === undefined || labelSelectorMatches(select.labelSelector, target.labels ?? new Map());
}
