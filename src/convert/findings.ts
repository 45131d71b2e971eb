/**
 * Findings of the classic -> YAML conversion. Every one has a stable rule
 * id, a file position, and a one-line reason. `error` means the setup was
 * refused and nothing of it changes.
 */
export const CONVERT_RULES = {
  'to-yaml': 'a classic file was converted to the YAML format (change)',
  'to-yaml-version': 'the deployed Fluent Bit version decides what YAML it reads: below 2.0 refused, 2.0-3.1 warned per construct, unknown noted once',
  'to-yaml-invalid-input': 'the classic config is one Fluent Bit refuses, so there is nothing equivalent to write',
  'to-yaml-unsupported': 'a construct that has no YAML form Fluent Bit reads the same way; the setup is refused',
  'to-yaml-not-equivalent': 'reading the YAML back gave a different config than the classic files (internal check); the setup is refused',
  'to-yaml-ignored-section': 'an unknown section (ignored by Fluent Bit) is kept as a comment',
  'to-yaml-group': 'a classic group (ignored by plugins) is kept as a comment',
  'to-yaml-ignored-command': 'an unknown @command (ignored by Fluent Bit) is kept as a comment',
  'to-yaml-unused-variable': 'an @SET whose name or value YAML env cannot hold (spaces around "="), used by no ${...}, is kept as a comment',
  'to-yaml-inlined': 'an included file was inlined because YAML includes would change the plugin order',
  'to-yaml-external-file': 'a referenced file that is not part of the setup is left as it is',
  'to-yaml-already-yaml': 'the setup already uses the YAML format: nothing to do',
} as const;

export type ConvertRuleId = keyof typeof CONVERT_RULES;
export type ConvertSeverity = 'change' | 'warning' | 'info' | 'error';

export interface ConvertFinding {
  readonly ruleId: ConvertRuleId;
  readonly severity: ConvertSeverity;
  readonly message: string;
  /** Setup file name the position is in. */
  readonly path: string;
  /** 1-based line and column in that file. */
  readonly line: number;
  readonly column: number;
}

/** A finding before its offset is turned into line/column. */
export interface RawFinding {
  readonly ruleId: ConvertRuleId;
  readonly severity: ConvertSeverity;
  readonly message: string;
  readonly file: string;
  readonly offset: number;
}
