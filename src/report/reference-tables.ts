import { ruleDocs } from '../rules/registry.js';
import { DIAGNOSTIC_CODES } from '../source/diagnostic.js';

/*
 * The README's reference tables, generated from the registries so they
 * cannot drift (`npm run docs:rules` writes them; a test checks them).
 */

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** `| rule id | kind | what it does |`, one row per rule: edits first, then reports. */
export function rulesTable(): string {
  const rows = ruleDocs().map((d) => `| \`${d.id}\` | ${d.kind} | ${cell(d.summary)} |`);
  return ['| rule id | kind | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `| code | default severity | meaning |`, one row per diagnostic code, in registry order. */
export function diagnosticCodesTable(): string {
  const rows = Object.entries(DIAGNOSTIC_CODES).map(([code, c]) => `| \`${code}\` | ${c.severity} | ${cell(c.summary)} |`);
  return ['| code | default severity | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
