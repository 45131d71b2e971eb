import { describe, expect, it } from 'vitest';
import { labelSelectorMatches } from '../../src/deploy/kustomize.js';
import { kustomizationReferences } from '../../src/discover/kustomization.js';

/*
 * kustomize patch targets (src/deploy/kustomize.ts): a target's labelSelector
 * is a Kubernetes label selector string; fixtures/sources/kustomize
 * overlay-patch-target-selects and overlay-json6902-files-set-image show
 * whole runs.
 */

const labels = new Map([['app', 'fb'], ['tier', 'edge']]);

describe('labelSelectorMatches', () => {
  it.each([
    ['tier=edge', true], ['tier==edge', true], ['tier!=edge', false], ['tier=core', false],
    ['app=fb,tier=edge', true], ['app=fb,tier=core', false],
    ['tier in (edge, core)', true], ['tier notin (edge)', false], ['tier notin (core)', true], ['zone in (a)', false],
    ['tier', true], ['!tier', false], ['!zone', true],
    ['tier in (edge,core),app=fb', true],
    ['app=(', false],
  ])('%s -> %s', (selector, expected) => {
    expect(labelSelectorMatches(selector, labels)).toBe(expected);
  });
});

describe('kustomizationReferences', () => {
  it('names patchesJson6902 files with the other patch files', () => {
    const text = 'resources: [../base]\npatchesStrategicMerge: [a.yaml]\npatches:\n  - path: b.yaml\n    target: {kind: DaemonSet}\npatchesJson6902:\n  - target: {kind: DaemonSet, name: x}\n    path: c.json\n  - target: {kind: DaemonSet, name: y}\n    patch: "[]"\n';
    expect(kustomizationReferences(text)).toEqual(['../base', 'a.yaml', 'b.yaml', 'c.json']);
  });
});
