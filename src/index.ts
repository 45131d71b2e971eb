/**
 * flb-migrate public API. Named re-exports only; nothing from cli/.
 *
 * - `migrate(files, options)` / `migrateText(text, options)`: the whole migration.
 * - `parseConfig(text)` / `printConfig(tree)`: lossless classic-format parser.
 * - `buildModel(tree)` / `loadConfig(text)`: typed read-only model.
 * - `RULES` / `ruleDocs()`: every rule id with its docs; `DIAGNOSTIC_CODES`: every diagnostic code.
 */
export { parseConfig, type ParseOptions, type ParseResult } from './grammar/parse.js';
export { printConfig } from './grammar/print.js';
export type {
  BlankLine, CommandLine, CommentLine, ConfigTree, EntryLine, HeaderLine, Line, SectionNode, SectionType, Token, TokenKind,
} from './grammar/syntax-tree.js';
export type { ConfigRole } from './grammar/validate.js';
export {
  buildModel, loadConfig, findVarRefs,
  type ConfigModel, type EntryModel, type FileRef, type IncludeRef, type SectionModel, type SetVariable, type VarRef,
} from './model/config-model.js';
export { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, type FileDiagnostic, type Severity } from './source/diagnostic.js';
export { LineIndex } from './source/line-index.js';
export type { SourceFile } from './source/source-file.js';
export type { Edit } from './source/edit.js';
export { applyEdits } from './source/apply-edits.js';
export { FlbMigrateError } from './source/flb-migrate-error.js';
export { RULES, ruleDocs, type RuleDoc, type RuleId } from './rules/registry.js';
export type { FindingSeverity, MessageData } from './rules/types.js';
export { formatDiagnostic, type LineStyle } from './report/format-line.js';
export { formatFinding, type Finding } from './report/finding.js';
export type { LocatedDiagnostic } from './report/located-diagnostic.js';
export type { Span } from './report/positions.js';
export { migrate, migrateText } from './migrate/migrate.js';
export { checkOptions, RUNTIMES, type FluxSource, type MigrateOptions, type Runtime } from './migrate/options.js';
export type { FileResult, MigrateResult } from './migrate/types.js';
export {
  convertConfig, convertSetup, readSetup, compareViews, CONVERT_RULES,
  type ConvertConfigOptions, type ConvertConfigResult, type ConvertSetupInput, type ConvertSetupResult, type ConvertOptions,
  type ConvertedFile, type ConvertFinding, type ConvertRuleId, type FbView,
} from './convert/index.js';
