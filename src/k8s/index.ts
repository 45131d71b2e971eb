/** Public surface of src/k8s: discovery, offset maps, YAML edits, include resolution. */
export * from './discovery-types.js';
export { discover, isYamlPath, MAX_ALIAS_COUNT } from './find-configs.js';
export type { OffsetMap } from './offset-map.js';
export { identityMap } from './offset-map.js';
export type { EmbeddedText, ScalarStyle, UnsupportedText } from './embedded-text.js';
export { embedScalar, isEmbeddedText } from './embedded-text.js';
export { parseImageRef, parseVersion, isFluentBitImage } from './image-ref.js';
export { removeSeqItem, insertSeqItem, replaceScalar, removeMapPair, insertMapPair } from './yaml-edits.js';
export type { InsertValue } from './yaml-edits.js';
export { createVfs, HELM_CONFIG_DIR } from './vfs.js';
export type { Vfs, ResolveResult } from './vfs.js';
export { walkIncludes } from './walk-includes.js';
export type { IncludeRef, IncludeWalk } from './walk-includes.js';
export { validateYaml } from './validate-yaml.js';
