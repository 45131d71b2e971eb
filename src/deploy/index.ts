/*
 * The deployment model: who runs each Fluent Bit config of a batch.
 */
export { buildDeployment, type DeploymentOptions } from './build-deployment.js';
export { missingRefDiagnostics } from './missing-refs.js';
export { readerMismatchDiagnostics } from './reader-mismatch.js';
export { addSummaries, emptySummary, summarizeDeployment, type DeploymentSummary } from './summary.js';
export { atLeast, compareVersions, formatVersion, parseStatedVersion } from './image-version.js';
export type * from './types.js';
