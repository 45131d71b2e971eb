import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeGoldenCases, findCases } from '../helpers/golden.js';

/*
 * Golden cases of the places real repositories keep Fluent Bit config
 * (issue #11, part B): fixtures/sources/<source>/<case>/ (layout in
 * test/helpers/golden.ts), a migrated and a warned case of each source, in
 * two shapes: Argo CD Applications and ApplicationSets, Flux HelmReleases
 * (values, valuesFrom ConfigMaps and kustomize generator files), the
 * fluent-operator and stable/fluent-bit charts' knobs, KubeSphere
 * resources, other charts' volume lists and structured config maps,
 * kustomize generators, YAML anchors and aliases, YAML config shapes Fluent
 * Bit refuses (yaml-refusals). Every case runs the
 * invariants with 0 violations.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/sources/', import.meta.url));
const cases = findCases(ROOT);

describe('source golden cases', () => {
  it('every source has cases', () => {
    const sources = new Set(cases.map((c) => c.id.split('/')[0]));
    for (const s of ['argo-cd', 'flux', 'fluent-operator-chart', 'stable-fluent-bit-chart', 'kubesphere', 'other-charts', 'kustomize', 'yaml-aliases', 'yaml-refusals']) expect(sources.has(s), s).toBe(true);
  });
});

describeGoldenCases(cases, { defaultOptions: { runtime: 'containerd' }, expectInvariantViolations: false });
