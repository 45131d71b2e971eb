import { skipUneditableEdits, uneditableLines } from '../grammar/editable.js';
import type { ConfigTree } from '../grammar/syntax-tree.js';
import type { RuleFinding, RuleRun } from '../rules/run-rules.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import type { Fix } from '../view/types.js';

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
  const fixes: Fix[] = [];
  let findings: readonly RuleFinding[] = run.findings;
  const diagnostics: FileDiagnostic[] = [];
  for (const fix of run.fixes) {
    const tree = trees.get(fix.target.id);
    // Most configs have no such line: nothing to skip, and no pass over the findings per fix.
    if (!tree || fix.edits.length === 0 || uneditableLines(tree).length === 0) {
      fixes.push(fix);
      continue;
    }
    const mine = findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, offset: f.at.target.id === fix.target.id ? f.at.start : -1, f }));
    const out = skipUneditableEdits(tree, fix.edits, mine);
    if (out.edits.length > 0) fixes.push({ target: fix.target, edits: out.edits });
    findings = out.findings.map((x) => x.f);
    for (const d of out.diagnostics) {
      diagnostics.push({ ...d, path: fix.target.path, start: fix.target.toOuter(d.start), end: fix.target.toOuter(d.end) });
    }
  }
  return { run: { findings, fixes, consumed: run.consumed }, diagnostics };
}
