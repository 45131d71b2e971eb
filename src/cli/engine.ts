/**
 * Everything the CLI loads only once its arguments say there is work to do:
 * the walk, the migration pipeline (Chevrotain, yaml, every rule), the rule
 * docs, SARIF and stdin's format sniffing. run.ts reaches it only through
 * `import('./engine.js')`, so `--help`, `--version` and usage errors never
 * load a parser. One module on purpose: the bundle (scripts/build-cli.mjs)
 * makes it one lazy chunk, and a run then reads two or three files instead
 * of one per dynamic import, in sequence (measured in NOTES.md "Performance").
 */
export { collectInputs, GlobError } from './collect-inputs.js';
export { migrate } from '../migrate/migrate.js';
export { unifiedDiff } from '../migrate/unified-diff.js';
export { explain, listRules } from './rule-docs.js';
export { sarifLog } from './sarif.js';
export { renameResult, STDIN_PATH, stdinLibraryPath } from './stdin.js';
