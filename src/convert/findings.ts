import { CONVERT_RULES, fillMessage, type ConvertMessageId, type ConvertRuleId, type ConvertSeverity } from './rules.js';
import { looksLikeClassicConfig } from '../source/sniff-format.js';

/**
 * Findings of the classic -> YAML conversion. Every one has a stable rule
 * id (src/convert/rules.ts, in the one rule registry), a message id and its
 * data, a file position, and a one-line reason. `error` means the setup was
 * refused and nothing of it changes.
 */
export { CONVERT_RULES, type ConvertRuleId, type ConvertSeverity };

export type FindingData = Readonly<Record<string, string | number>>;

export interface ConvertFinding {
  readonly ruleId: ConvertRuleId;
  readonly messageId: string;
  readonly data: FindingData;
  readonly severity: ConvertSeverity;
  /** The message template filled with `data`. */
  readonly message: string;
  /** Setup file name the position is in. */
  readonly path: string;
  /** 1-based line and column in that file. */
  readonly line: number;
  readonly column: number;
  /** The same position as an offset in that file's text. */
  readonly offset: number;
}

/** A finding before its offset is turned into line/column. */
export interface RawFinding {
  readonly ruleId: ConvertRuleId;
  readonly messageId: string;
  readonly data: FindingData;
  readonly severity: ConvertSeverity;
  readonly file: string;
  readonly offset: number;
}

/** A raw finding, its message id checked against the rule's meta at compile time. */
export function rawFinding<Id extends ConvertRuleId>(
  ruleId: Id, messageId: ConvertMessageId<Id>, severity: ConvertSeverity, file: string, offset: number, data: FindingData = {},
): RawFinding {
  return { ruleId, messageId, data, severity, file, offset };
}

/**
 * The finding for a main file under a `.yaml`/`.yml` name, which is not converted: already YAML, or classic
 * text that Fluent Bit reads as YAML by its name (and refuses; CONFIG_READER_MISMATCH says so too), which
 * converts once renamed to `.conf`.
 */
export function alreadyYamlFinding(file: string, text: string | undefined): RawFinding {
  const classic = text !== undefined && looksLikeClassicConfig(text);
  return rawFinding('to-yaml-already-yaml', classic ? 'classicUnderYamlName' : 'alreadyYaml', 'info', file, 0, { file });
}

export function messageOf(f: RawFinding): string {
  return fillMessage(f.ruleId, f.messageId, f.data);
}
