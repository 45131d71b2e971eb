import type { Discovery } from '../discover/discovery-types.js';
import type { RuleFinding } from '../rules/run-rules.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import type { Edit } from '../source/edit.js';
import { LineIndex } from '../source/line-index.js';
import type { SharedAnchor } from '../yaml/aliases.js';

/*
 * YAML anchors are read through (discover follows `*name` and `<<: *name`
 * read-only), but never edited: an anchored node is one text that every
 * alias of it reuses, so an edit there changes all its users at once, the
 * ones flb-migrate looked at and the ones it did not. Edits that fall inside
 * such a node (whoever asked for them: the anchor's own place, or a config
 * reached through an alias) are dropped with the `change` findings that
 * announced them, and one ALIAS_NOT_EDITED warning per anchor and rule says
 * what to do.
 */

/** A shared anchor in file offsets. */
interface Guard {
  readonly anchor: SharedAnchor;
  readonly start: number;
  readonly end: number;
  readonly aliases: readonly number[];
}

/** The shared anchors of a file and of its values strings, in file offsets. */
function guardsOf(d: Discovery): Guard[] {
  const out: Guard[] = d.sharedAnchors.map((a) => ({ anchor: a, start: a.start, end: a.end, aliases: a.aliases }));
  for (const t of d.valuesTexts) {
    for (const a of t.sharedAnchors) out.push({ anchor: a, start: t.map.toOuter(a.start), end: t.map.toOuter(a.end), aliases: a.aliases.map((x) => t.map.toOuter(x)) });
  }
  return out;
}

function inside(e: Edit, g: Guard): boolean {
  return e.start === e.end ? e.start > g.start && e.start < g.end : e.start < g.end && e.end > g.start;
}

/** A finding of the work, in file offsets. */
export interface GuardedFinding {
  readonly finding: RuleFinding;
  readonly start: number;
}

/**
 * Drops the edits of `edits` (file offsets) inside a shared anchor of
 * `d`, returning the edits kept, the findings kept (the `change` findings
 * of a rule whose edits were dropped, inside the same anchor, go) and the
 * warnings.
 */
export function guardAliases<F extends GuardedFinding>(path: string, text: string, d: Discovery, edits: readonly Edit[], findings: readonly F[]): { edits: Edit[]; findings: F[]; diagnostics: FileDiagnostic[] } {
  const guards = guardsOf(d);
  if (guards.length === 0) return { edits: [...edits], findings: [...findings], diagnostics: [] };
  const dropped = new Map<Guard, Set<string>>();
  const kept = edits.filter((e) => {
    const g = guards.find((x) => inside(e, x));
    if (!g) return true;
    const rules = dropped.get(g) ?? new Set<string>();
    rules.add(e.origin);
    dropped.set(g, rules);
    return false;
  });
  if (dropped.size === 0) return { edits: kept, findings: [...findings], diagnostics: [] };
  const lines = new LineIndex(text);
  const diagnostics: FileDiagnostic[] = [];
  const keptFindings = findings.filter((f) => {
    if (f.finding.severity !== 'change') return true;
    for (const [g, rules] of dropped) if (rules.has(f.finding.ruleId) && f.start >= g.start && f.start <= g.end) return false;
    return true;
  });
  for (const [g, rules] of dropped) {
    const users = g.aliases.map((a) => `line ${lines.position(a).line}`).join(', ');
    for (const rule of rules) {
      const first = findings.find((f) => f.finding.ruleId === rule && f.finding.severity === 'change' && f.start >= g.start && f.start <= g.end);
      const at = first?.start ?? g.start;
      diagnostics.push({
        code: 'ALIAS_NOT_EDITED',
        severity: 'warning',
        message: `${rule} would edit inside the YAML anchor &${g.anchor.name}, which *${g.anchor.name} reuses (${users}): not edited, the change would apply to every user of the anchor; write the content out in place of the alias, then run again`,
        path,
        start: at,
        end: at,
      });
    }
  }
  return { edits: kept, findings: keptFindings, diagnostics };
}
