import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import type { MigrateOptions } from '../../src/migrate/options.js';
import { readCaseOptions, readTree } from '../helpers/golden.js';

/*
 * By-name lookups across files honour MigrateOptions.deployments (the CLI's --to-yaml hands a whole tree to one
 * migrate() call with its deployments), as ObjectIndex.find does since stop 32: a FluentBit's FluentBitConfig and
 * the Inputs it selects (Fluent Operator, KubeSphere), the ClusterParser an input names, a Flux valuesFrom ConfigMap, a
 * HelmRelease's HelmRepository, an Argo CD values file at a path relative to the `ref: values` repository. Each
 * golden case (its options.json says the groups) holds two deployments reusing one name with other content;
 * without the groups the batch is one deployment and a release reads the other team's object.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/sources/', import.meta.url));
const CASES = ['kubesphere/deployments-same-names', '../rules/container-json-parser/operator-parser-of-another-deployment', 'flux/deployments-values-from-same-name', 'flux/deployments-helm-repository-same-name'];

const said = (options: MigrateOptions, dir: string): string[] =>
  migrate(readTree(join(dir, 'input')), options).files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.message}`));

describe('by-name lookups stay inside a deployment', () => {
  // Each team's Application sits above its own `envs/prod/fluent-bit.yaml`: the nearest ancestor holding the `$values`
  // path decides (values-file-links.ts valuesFileIndex), so the groups change nothing there.
  it('argo-cd/deployments-value-files-same-path: the tree tells, with or without the groups', () => {
    const dir = join(ROOT, 'argo-cd/deployments-value-files-same-path');
    const options = readCaseOptions<MigrateOptions>(dir, 'options.json', { runtime: 'containerd' });
    const { deployments: _, ...whole } = options;
    expect(said(options, dir)).toEqual(said(whole, dir));
  });

  for (const id of CASES) {
    it(`${id}: the groups decide what each release reads`, () => {
      const dir = join(ROOT, id);
      const options = readCaseOptions<MigrateOptions>(dir, 'options.json', { runtime: 'containerd' });
      expect(options.deployments?.length).toBe(2);
      const { deployments: _, ...whole } = options;
      expect(said(options, dir)).not.toEqual(said(whole, dir));
    });
  }
});
