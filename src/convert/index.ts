/**
 * Classic -> YAML conversion (issue #15, part 1): pure functions, text in,
 * result out.
 *
 * - `convertConfig(text, options)`: one classic file to YAML text.
 * - `convertSetup({ files, main, parsersFiles?, baseDir? }, options)`: a whole
 *   setup (main file, @INCLUDEd files, custom parsers files), all or nothing,
 *   proven equivalent by reading both sides.
 * - `readSetup(main, { files })`: what Fluent Bit v5.1.1 sees in a setup of
 *   either format (`FbView`), and `compareViews` for two of them.
 */
export { convertConfig, type ConvertConfigOptions, type ConvertConfigResult } from './convert-config.js';
export {
  convertSetup, yamlNameFor,
  type ConvertedFile, type ConvertOptions, type ConvertSetupInput, type ConvertSetupResult,
} from './convert-setup.js';
export { CONVERT_RULES, type ConvertFinding, type ConvertRuleId, type ConvertSeverity } from './findings.js';
export { TO_YAML_RULE_METAS, convertRuleMeta, type ConvertRuleMeta } from './rules.js';
export { readSetup, type ReadSetupOptions, type SetupReadResult } from './read-setup.js';
export { compareViews, type CompareOptions } from './compare-views.js';
export { checkKnownPlugins } from './plugin-registry.js';
export { expandVars, envLookup } from './env.js';
export { setupFilesFrom, type SetupFiles } from './setup-files.js';
export { parseFluentBitVersion, type FluentBitVersion } from './version.js';
export type {
  FbView, MultilineParserDef, MultilineRule, Origin, ParserDef, ParsersFileView, PluginInstance, PluginKind, Prop,
  ReadError, ReadResult, UpstreamDef,
} from './view.js';
