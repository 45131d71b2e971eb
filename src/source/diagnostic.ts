/**
 * Diagnostics are values, never exceptions. Offsets are half-open
 * `[start, end)` into the text that was parsed; `line`/`column` (1-based) are
 * filled in at the edge, once the offset has been mapped to the outer file.
 */
export type DiagnosticCode =
  // classic grammar (src/grammar)
  | 'BOM'
  | 'BAD_HEADER'
  | 'UNKNOWN_SECTION'
  | 'SECTION_NAME_SPACES'
  | 'SECTION_ABBREVIATION'
  | 'EMPTY_SECTION'
  | 'MISSING_INDENT'
  | 'INDENT_TOO_LOW'
  | 'INDENT_TAB_SPACE_MIX'
  | 'EXTRA_INDENT'
  | 'WHITESPACE_ONLY_LINE'
  | 'MISSING_VALUE'
  | 'EMPTY_VALUE'
  | 'ENTRY_BEFORE_SECTION'
  | 'INDENTED_COMMAND'
  | 'INCLUDE_EXTRA_SPACE'
  | 'META_WITHOUT_SPACE'
  | 'SET_WITHOUT_EQUALS'
  | 'SET_SPACES_AROUND_EQUALS'
  | 'UNKNOWN_META_COMMAND'
  | 'INCLUDE_MID_SECTION'
  | 'BAD_GROUP_NAME'
  | 'GROUP_WITHOUT_SECTION'
  | 'EMPTY_GROUP'
  | 'BARE_CR_LINE_ENDING'
  | 'PARSER_IN_MAIN_FILE'
  // manifests (src/k8s)
  | 'YAML_SYNTAX'
  | 'TEMPLATE_SYNTAX'
  | 'BINARY_FILE'
  | 'EMPTY_FILE'
  | 'UNSUPPORTED_SCALAR_STYLE'
  | 'INCLUDE_NOT_FOUND'
  | 'INCLUDE_CYCLE'
  | 'INCLUDE_GLOB_NO_MATCH'
  | 'YAML_CONFIG_INVALID'
  // invariants
  | 'INTERNAL_ERROR';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Half-open offsets into the text the producer was given. */
  readonly start: number;
  readonly end: number;
  /** Path of the user's file, once known. */
  readonly path?: string;
  /** 1-based, in the user's (outer) file, once known. */
  readonly line?: number;
  readonly column?: number;
  /** End of the range (1-based, column exclusive), once known. */
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** `path:line:col: severity CODE message`, the one-line clickable format. */
export function formatDiagnostic(d: Diagnostic): string {
  const loc = `${d.path ?? '<input>'}:${d.line ?? 1}:${d.column ?? 1}`;
  return `${loc}: ${d.severity} ${d.code} ${d.message}`;
}
