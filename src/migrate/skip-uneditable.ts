import { skipUneditableEdits, uneditableLines } from '../grammar/editable.js';
import type { ConfigTree } from '../grammar/syntax-tree.js';
import { FindingRows, FixRows, type FindingKind, type RuleRun } from '../rules/run-rules.js';
import type { EditTarget } from '../view/types.js';
import type { FileDiagnostic } from '../source/diagnostic.js';

/**
 * Drops the edits that would touch a classic line Fluent Bit reads
 * differently from its source (a NUL byte, an inner bare CR: see
 * grammar/editable.ts), together with the `change` findings that announced
 * them, and returns one LINE_NOT_EDITABLE warning per skipped line and rule,
 * in the file's offsets. The file itself is not rejected: everything else of
 * the run passes through. `trees` maps a classic config's target id to its
 * tree; fixes on other targets are kept as they are.
 */
export function skipUneditable(run: RuleRun, trees: ReadonlyMap<string, ConfigTree>): { run: RuleRun; diagnostics: FileDiagnostic[] } {
  const touched = (i: number): boolean => {
    const tree = trees.get((run.fixes.targets[i] as EditTarget).id);
    return tree !== undefined && uneditableLines(tree).length > 0;
  };
  // Most configs have no such line: the run passes through as it is (no copy of its rows).
  let any = false;
  for (let i = 0; i < run.fixes.length && !any; i++) any = touched(i);
  if (!any) return { run, diagnostics: [] };
  const fixes = new FixRows();
  const all = run.findings;
  // The findings kept so far, by row.
  let kept: number[] = [];
  for (let i = 0; i < all.length; i++) kept.push(i);
  const diagnostics: FileDiagnostic[] = [];
  for (let i = 0; i < run.fixes.length; i++) {
    const fix = run.fixes.fix(i);
    if (!touched(i) || fix.edits.length === 0) {
      fixes.push(fix.target, fix.edits);
      continue;
    }
    const tree = trees.get(fix.target.id) as ConfigTree;
    const mine = kept.map((row) => {
      const kind = all.kinds[row] as FindingKind;
      return { ruleId: kind.ruleId, severity: kind.severity, offset: (all.targets[row] as EditTarget).id === fix.target.id ? (all.starts[row] as number) : -1, row };
    });
    const out = skipUneditableEdits(tree, fix.edits, mine);
    if (out.edits.length > 0) fixes.push(fix.target, out.edits);
    kept = out.findings.map((x) => x.row);
    for (const d of out.diagnostics) {
      diagnostics.push({ ...d, message: d.message + (fix.target.note?.(d.start) ?? ''), path: fix.target.path, start: fix.target.toOuter(d.start), end: fix.target.toOuter(d.end) });
    }
  }
  const rows = new FindingRows();
  for (const row of kept) rows.push(all.kinds[row] as FindingKind, { target: all.targets[row] as EditTarget, start: all.starts[row] as number, end: all.ends[row] as number });
  return { run: { findings: rows, fixes, consumed: run.consumed }, diagnostics };
}
