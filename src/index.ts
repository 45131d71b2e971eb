/**
 * flb-migrate public API. Named re-exports only; nothing from cli/.
 *
 * - `parseConfig(text)` / `printConfig(tree)`: lossless classic-format parser.
 * - `buildModel(tree)` / `loadConfig(text)`: typed read-only view.
 * - `migrate(files, options)`: the whole migration over a batch of files.
 */
export { parseConfig, type ParseOptions, type ParseResult } from './grammar/parse.js';
export { printConfig } from './grammar/print.js';
export type {
  BlankLine, CommandLine, CommentLine, ConfigTree, EntryLine, HeaderLine, Line, SectionNode, SectionType, Token, TokenKind,
} from './grammar/syntax-tree.js';
export type { ConfigRole } from './grammar/validate.js';
export {
  buildModel, loadConfig, findVarRefs,
  type ConfigModel, type EntryModel, type IncludeRef, type SectionModel, type SetVariable, type VarRef,
} from './model/config-model.js';
export { formatDiagnostic, type Diagnostic, type DiagnosticCode, type Severity } from './source/diagnostic.js';
export { LineIndex } from './source/line-index.js';
export type { SourceFile } from './source/source-file.js';
export type { Edit } from './edits/edit.js';
export { applyEdits } from './edits/apply-edits.js';
export { FlbMigrateError } from './errors.js';
export { migrate, migrateText } from './migrate.js';
export { RULES, type RuleId } from './transforms/rules.js';
export {
  RUNTIMES, type FileResult, type Finding, type FindingSeverity, type MigrateOptions, type MigrateResult, type Runtime,
} from './migrate-types.js';
export {
  convertConfig, convertSetup, readSetup, compareViews, CONVERT_RULES,
  type ConvertConfigOptions, type ConvertConfigResult, type ConvertSetupInput, type ConvertSetupResult, type ConvertOptions,
  type ConvertedFile, type ConvertFinding, type ConvertRuleId, type FbView,
} from './convert/index.js';
