import { ruleById, type RuleId } from '../rules/registry.js';
import type { FindingKind } from '../rules/run-rules.js';
import type { FindingSeverity, MessageData } from '../rules/types.js';
import { formatMessage } from './format-message.js';
import { formatReportLine, type LineStyle } from './format-line.js';
import type { FilePositions, Span } from './positions.js';

/**
 * Something a rule did (`change`) or wants a human to look at (`warning`,
 * `info`), located in the user's file (for an embedded config, the outer
 * YAML file): 1-based `line`/`column`, `endLine`/`endColumn` exclusive.
 * `message` is `messageId`'s template filled with `data`.
 */
export interface Finding extends Span {
  readonly ruleId: RuleId;
  readonly messageId: string;
  readonly data: MessageData;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly path: string;
}

/**
 * A rule finding whose range is already in file offsets, in words and
 * positions. `positions` indexes the file at `path`. `message`: the words
 * of the same kind made before (a big config repeats its findings: one
 * string for all of them).
 */
export function toFinding(f: FindingKind, start: number, end: number, path: string, positions: FilePositions, message?: string): Finding {
  const words = message ?? formatMessage(ruleById(f.ruleId)?.meta.messages[f.messageId] ?? f.messageId, f.data) + (f.note ?? '');
  return { ruleId: f.ruleId, messageId: f.messageId, data: f.data, severity: f.severity, message: words, path, ...positions.span(start, end) };
}

/** `path:line:col: severity rule-id message`. */
export function formatFinding(f: Finding, style?: LineStyle): string {
  return formatReportLine({ path: f.path, line: f.line, column: f.column, severity: f.severity, id: f.ruleId, message: f.message }, style);
}
