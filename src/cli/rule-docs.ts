// `--list-rules` and `--explain RULE`, generated from the rule registry and
// the diagnostic code registry. Imported by run.ts only for these two
// options, so --help, --version and migrations never load the registry for
// them.
import { ruleDocs, type RuleDoc } from '../rules/registry.js';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../source/diagnostic.js';

export type DocsFormat = 'text' | 'json';

interface CodeDoc {
  readonly code: DiagnosticCode;
  readonly severity: string;
  readonly summary: string;
}

function codeDocs(): CodeDoc[] {
  return Object.entries(DIAGNOSTIC_CODES).map(([code, c]) => ({ code: code as DiagnosticCode, severity: c.severity, summary: c.summary }));
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

/** `flb-migrate --list-rules`: every rule (id, kind, severities, summary), then every diagnostic code. */
export function listRules(format: DocsFormat): string {
  const rules = ruleDocs();
  const codes = codeDocs();
  if (format === 'json') {
    return `${JSON.stringify({ rules: rules.map(jsonRule), diagnosticCodes: codes }, null, 2)}\n`;
  }
  const ruleRows = [['RULE', 'KIND', 'SEVERITIES', 'SUMMARY'], ...rules.map((r) => [r.id, r.kind, r.severities.join(', '), r.summary])];
  const codeRows = [['CODE', 'SEVERITY', 'SUMMARY'], ...codes.map((c) => [c.code, c.severity, c.summary])];
  return [
    `Rules (${rules.length}): the ruleId of every change, warning and info finding.`,
    '',
    table(ruleRows),
    '',
    `Diagnostic codes (${codes.length}): problems reading a file or a config (default severity).`,
    '',
    table(codeRows),
    '',
    'flb-migrate --explain RULE (or CODE) tells what it does, why, and shows an example.',
    '',
  ].join('\n');
}

function jsonRule(r: RuleDoc): Record<string, unknown> {
  return { id: r.id, kind: r.kind, severities: r.severities, summary: r.summary, details: r.details, ...(r.example ? { example: r.example } : {}) };
}

export type Explained = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/** `flb-migrate --explain ID`: a rule's docs, or a diagnostic code's; an unknown id lists the close ones. */
export function explain(id: string, format: DocsFormat): Explained {
  const rule = ruleDocs().find((r) => r.id === id);
  if (rule) return { ok: true, text: format === 'json' ? `${JSON.stringify(jsonRule(rule), null, 2)}\n` : explainRule(rule) };
  const code = codeDocs().find((c) => c.code === id);
  if (code) return { ok: true, text: format === 'json' ? `${JSON.stringify(code, null, 2)}\n` : explainCode(code) };
  const close = closeMatches(id, [...ruleDocs().map((r) => r.id), ...codeDocs().map((c) => c.code)]);
  const hint = close.length > 0 ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : "'flb-migrate --list-rules' lists them";
  return { ok: false, message: `unknown rule or diagnostic code '${id}': ${hint}` };
}

function indent(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? '' : `    ${l}`))
    .join('\n');
}

function explainRule(r: RuleDoc): string {
  // One paragraph per line of `details`, a blank line between them.
  const details = r.details.split('\n').join('\n\n');
  const out = [`${r.id} (${r.kind === 'change' ? 'edits' : 'reports only'}; severities: ${r.severities.join(', ')})`, '', r.summary, '', details, ''];
  if (r.example) {
    // A report rule edits nothing: its After is the fix the user makes.
    const after = r.kind === 'change' ? 'After (flb-migrate writes this):' : 'After (by hand, as the warning says):';
    out.push('Before:', '', indent(r.example.before), '', after, '', indent(r.example.after), '');
  } else {
    out.push(r.kind === 'change' ? 'No example in the registry.' : 'It edits nothing: it reports the setting at its line, with what to do.', '');
  }
  return out.join('\n');
}

function explainCode(c: CodeDoc): string {
  return [`${c.code} (diagnostic code; default severity: ${c.severity})`, '', c.summary, '', 'See the README ("Diagnostic codes") and NOTES.md for where a producer lowers the severity.', ''].join('\n');
}

/**
 * Candidates close to `id`, best first (at most 5): the same ignoring case
 * and `-`/`_`, one containing the other, or an edit distance within a third
 * of the length.
 */
export function closeMatches(id: string, candidates: readonly string[]): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const wanted = norm(id);
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const c = norm(candidate);
    const distance = editDistance(wanted, c);
    if (c === wanted) scored.push({ candidate, score: 0 });
    else if (wanted.length >= 3 && (c.includes(wanted) || wanted.includes(c))) scored.push({ candidate, score: 1 + Math.abs(c.length - wanted.length) / 100 });
    else if (distance <= Math.max(2, Math.floor(Math.max(c.length, wanted.length) / 3))) scored.push({ candidate, score: 2 + distance });
  }
  return scored.sort((a, b) => a.score - b.score || (a.candidate < b.candidate ? -1 : 1)).slice(0, 5).map((s) => s.candidate);
}

/** Levenshtein distance (ids are short; the input is capped at 100 characters). */
function editDistance(a: string, b: string): number {
  const x = a.slice(0, 100);
  const y = b.slice(0, 100);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}
