import type { Discovery } from '../discover/discovery-types.js';
import type { FindingKind } from '../rules/run-rules.js';
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
 * what to do. The anchors guarded are the manifests' and values' (kubectl and
 * Helm resolve them): an alias inside a Fluent Bit YAML-format config is an
 * error of discovery (Fluent Bit refuses it: validate-yaml.ts
 * fluentBitYamlErrors), so such a config never reaches the guard.
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

/** The findings of the work, as rows in file offsets (FileFindings). */
export interface GuardedFindings {
  readonly length: number;
  readonly kinds: readonly FindingKind[];
  readonly starts: readonly number[];
}

/**
 * Drops the edits of `edits` (file offsets) inside a shared anchor of
 * `d`, returning the edits kept (`edits` itself when none is dropped), which
 * findings to keep (the `change` findings of a rule whose edits were dropped,
 * inside the same anchor, go; undefined: all) and the warnings.
 */
export function guardAliases(path: string, text: string, d: Discovery, edits: readonly Edit[], findings: GuardedFindings): { edits: readonly Edit[]; keep: ((row: number) => boolean) | undefined; diagnostics: FileDiagnostic[] } {
  const guards = guardsOf(d);
  if (guards.length === 0) return { edits, keep: undefined, diagnostics: [] };
  const dropped = new Map<Guard, Set<string>>();
  const kept = edits.filter((e) => {
    const g = guards.find((x) => inside(e, x));
    if (!g) return true;
    const rules = dropped.get(g) ?? new Set<string>();
    rules.add(e.origin);
    dropped.set(g, rules);
    return false;
  });
  if (dropped.size === 0) return { edits, keep: undefined, diagnostics: [] };
  const lines = new LineIndex(text);
  const diagnostics: FileDiagnostic[] = [];
  const kindOf = (row: number): FindingKind => findings.kinds[row] as FindingKind;
  const startOf = (row: number): number => findings.starts[row] as number;
  const keep = (row: number): boolean => {
    if (kindOf(row).severity !== 'change') return true;
    for (const [g, rules] of dropped) if (rules.has(kindOf(row).ruleId) && startOf(row) >= g.start && startOf(row) <= g.end) return false;
    return true;
  };
  for (const [g, rules] of dropped) {
    const users = aliasUsers(g.aliases.map((a) => lines.position(a).line));
    for (const rule of rules) {
      let first: number | undefined;
      for (let row = 0; row < findings.length && first === undefined; row++) {
        if (kindOf(row).ruleId === rule && kindOf(row).severity === 'change' && startOf(row) >= g.start && startOf(row) <= g.end) first = row;
      }
      const at = first === undefined ? g.start : startOf(first);
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
  return { edits: kept, keep, diagnostics };
}

/** The aliases' lines as an ALIAS_NOT_EDITED message names them (`line 3, line 40`). */
function aliasUsers(lines: readonly number[]): string {
  return lines.map((l) => `line ${l}`).join(', ');
}

/** Around the users' lines in an ALIAS_NOT_EDITED message (a rule id and an anchor name hold no space). */
const USERS_OPEN = ' reuses (';
const USERS_CLOSE = '): not edited, ';

/**
 * An ALIAS_NOT_EDITED message with the lines of its aliases renumbered by `lineOf` (partition.ts: a chunk's lines
 * to the file's), or undefined when `message` is not one (or `lineOf` gives undefined for a line).
 */
export function renumberAliasUsers(message: string, lineOf: (line: number) => number | undefined): string | undefined {
  const open = message.indexOf(USERS_OPEN);
  const close = open < 0 ? -1 : message.indexOf(USERS_CLOSE, open);
  if (close < 0 || !message.includes(' would edit inside the YAML anchor &')) return undefined;
  const lines: number[] = [];
  for (const user of message.slice(open + USERS_OPEN.length, close).split(', ')) {
    if (!/^line \d+$/.test(user)) return undefined;
    const line = lineOf(Number(user.slice('line '.length)));
    if (line === undefined) return undefined;
    lines.push(line);
  }
  return `${message.slice(0, open + USERS_OPEN.length)}${aliasUsers(lines)}${message.slice(close)}`;
}
