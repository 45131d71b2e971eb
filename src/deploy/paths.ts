/* The path helpers live in source/paths.ts (discover/kustomize-build.ts joins kustomize paths with them too). */
export * from '../source/paths.js';
