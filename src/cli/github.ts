import type { Entry, FileRecord, RunMode, Summary } from './report.js';
import { formatSummary, plural } from './report.js';
import { createColors } from './ansi.js';

/**
 * GitHub Actions workflow commands (`::warning file=...,line=...::message`)
 * for `--format github`, and the job summary table. Escaping follows
 * @actions/core's `command.ts`: data escapes `%`, CR and LF; property values
 * also escape `:` and `,`.
 */

type Level = 'error' | 'warning' | 'notice';

export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * Rule messages are one line: a multi-line snippet (the Helm values override
 * to add) is joined with ` ⏎ `. Annotations and SARIF can show real lines.
 */
export function expandSnippet(message: string): string {
  return message.replaceAll(' \u23ce ', '\n');
}

/** `error` -> `::error`, `warning` -> `::warning`, `change` and `info` -> `::notice`. */
export function githubAnnotation(e: Entry): string {
  const level: Level = e.severity === 'error' ? 'error' : e.severity === 'warning' ? 'warning' : 'notice';
  const props = [`file=${escapeProperty(e.path)}`];
  if (e.line !== undefined) {
    props.push(`line=${e.line}`);
    if (e.endLine !== undefined && e.endLine !== e.line) props.push(`endLine=${e.endLine}`);
    props.push(`col=${e.column ?? 1}`);
    if (e.endLine === e.line && e.endColumn !== undefined && e.endColumn > (e.column ?? 1)) props.push(`endColumn=${e.endColumn}`);
  }
  props.push(`title=${escapeProperty(e.id)}`);
  return `::${level} ${props.join(',')}::${escapeData(expandSnippet(e.message))}`;
}

/**
 * The Markdown appended to `$GITHUB_STEP_SUMMARY`: the summary line and one
 * row per file that changes or has warnings or errors.
 */
export function stepSummaryMarkdown(records: readonly FileRecord[], summary: Summary, mode: RunMode, runtime: string | undefined, toYaml = false): string {
  const flags = [...(runtime === undefined ? [] : [`--runtime ${runtime}`]), ...(toYaml ? ['--to-yaml'] : [])].join(' ');
  const out = [`### flb-migrate ${flags}`, '', `${formatSummary(summary, mode, createColors(false))} (${plural(summary.files, 'file')} checked)`, ''];
  const rows = records.filter((r) => r.changed || r.entries.some((e) => e.severity === 'warning' || e.severity === 'error'));
  if (rows.length > 0) {
    out.push('| file | result | changes | warnings | errors |', '| --- | --- | ---: | ---: | ---: |');
    for (const r of rows) {
      const count = (severity: Entry['severity']) => r.entries.filter((e) => e.severity === severity).length;
      const errors = count('error');
      const moved = r.renamedTo !== undefined ? ` (to ${r.renamedTo})` : r.removed === true ? ' (removed)' : '';
      const result = errors > 0 ? 'not migrated (errors)' : r.written ? `written${moved}` : r.changed ? `would change${moved}` : 'review';
      out.push(`| ${markdownCode(r.path)} | ${markdownCell(result)} | ${r.changes} | ${count('warning')} | ${errors} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function markdownCell(s: string): string {
  return s.replaceAll('|', '\\|').replace(/[\r\n]/g, ' ');
}

function markdownCode(s: string): string {
  const text = s.replaceAll('|', '\\|').replace(/[\r\n]/g, ' ');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}
