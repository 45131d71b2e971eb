/**
 * Everything the CLI loads only once its arguments say there is work to do:
 * the walk, the migration pipeline (Chevrotain, yaml, every rule), the rule
 * docs, SARIF and stdin's format sniffing. run.ts reaches it only through
 * `import('./engine.js')`, so `--help`, `--version` and usage errors never
 * load a parser. One module on purpose: the bundle (scripts/build-cli.mjs)
 * makes it dist/bin/engine.cjs, read and compiled (with V8's code cache) on
 * the first import, instead of one file per dynamic import, in sequence
 * (measured in NOTES.md "Performance"). Modules used on both sides of this
 * boundary exist twice in the bundle: a class run.ts checks with
 * `instanceof` on what the engine throws must be imported from here (as
 * GlobError is), never from its own module.
 */
export { collectInputs, compileExcludes, GlobError } from './collect-inputs.js';
export { compileGlob, isGlob } from './glob.js';
export { migrate } from '../migrate/migrate.js';
export { unifiedDiff } from '../migrate/unified-diff.js';
export { diffSlices } from '../migrate/lazy-diff.js';
export { explain, listRules } from './rule-docs.js';
export { sarifLog } from './sarif.js';
export { renameResult, STDIN_PATH, stdinLibraryPath } from './stdin.js';
export { kustomizationGeneratorFiles, kustomizationReferences } from '../discover/kustomization.js';
export { deployedPathLinksIn } from '../discover/deployed-paths.js';
export { fileHasMarker } from '../discover/prefilter.js';
export { fluxSourcesIn } from '../discover/flux-sources.js';
export { configFileRefs, linkedFiles, plainFileRefs } from '../includes/file-links.js';
export { localChartLinksIn } from '../migrate/umbrella-links.js';
export { heldValuesFrom, mayHoldValuesFrom, valuesFileLinksIn, valuesFromRefsIn } from '../migrate/values-file-links.js';
export { helmfileBaseLinksIn, helmfileBasesIn, helmfileLayerLinksIn } from '../migrate/helmfile-layers.js';
export { gitlabPipelineLinksIn, scriptSetFileLinksIn } from '../deploy/script-releases.js';
export { gitlabIncludes, hasGitlabInclude, isGitlabCi } from '../discover/ci-shells.js';
export { fluxPostBuildLinksIn, mayHoldSubstituteFrom } from '../deploy/flux-postbuild.js';
export { isInScope, mayNameConfigMap, scriptConfigMapLinksIn, scriptConfigMapNames } from '../deploy/script-configmaps.js';
export { composeLinksIn } from '../deploy/compose.js';
export { dockerRunLinksIn } from '../deploy/docker-run.js';
export { ansibleLinksIn } from '../deploy/ansible.js';
export { yamlNameFor } from '../convert/convert-setup.js';
export { isYamlName } from '../source/sniff-format.js';
