import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deployedKustomizations, deployedPathLinksIn, deployedPathsOf, isDeployedDir } from '../../src/discover/deployed-paths.js';
import { parseAllDocuments } from 'yaml';
import { readTreeObject } from '../helpers/golden.js';
import { runCli } from './helpers/run-cli.js';

/*
 * An intermediate overlay deployed on its own (discover/deployed-paths.ts): the Argo CD Application or Flux
 * Kustomization that names it sits in another directory (argocd/, clusters/), so the CLI's batching joins it with
 * the kustomization it deploys; the deployment model then counts that overlay as a build beside the overlay that
 * extends it (fixtures/sources/kustomize/intermediate-overlay-deployed-by-*).
 */

const ROOT = fileURLToPath(new URL('../../fixtures/sources/kustomize/', import.meta.url));
const RT = ['--runtime', 'containerd'];

describe('an intermediate overlay a GitOps controller deploys', () => {
  for (const id of ['intermediate-overlay-deployed-by-argo-cd', 'intermediate-overlay-deployed-by-flux']) {
    it(`${id}: the whole tree through the CLI, 1.7.9 (prod alone) decides`, async () => {
      const files = readTreeObject(join(ROOT, id, 'input'));
      const r = await runCli(['.', ...RT], { files, real: true });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('logging/base/fluent-bit.conf:8:5: change legacy-parser Parser docker -> Parser cri-log');
      expect(r.stderr).not.toContain('multiline.parser docker, cri');
    });
  }

  it('reads the paths of Applications (no chart) and Flux Kustomizations, and matches them at the end of a directory', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'spec:', '  source:', '    path: ./apps/logging/', '---',
      'apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'spec:', '  sources:', '    - chart: fluent-bit', '      path: ignored', '    - path: "{{path}}"', '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'spec:', '  path: ./clusters/prod', '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'spec:', '  path: ./', '',
    ].join('\n');
    const paths = deployedPathsOf(parseAllDocuments(text) as never);
    expect(paths).toEqual(['apps/logging', 'clusters/prod']);
    expect(isDeployedDir('repo/apps/logging', paths)).toBe(true);
    expect(isDeployedDir('apps/logging', paths)).toBe(true);
    expect(isDeployedDir('repo/myapps/logging', paths)).toBe(false);
    expect(deployedPathLinksIn('argocd/apps.yaml', text, ['argocd/apps.yaml', 'apps/logging/kustomization.yaml', 'apps/logging/cm.yaml', 'clusters/prod/kustomization.yaml'])).toEqual(['argocd/apps.yaml', 'apps/logging/kustomization.yaml', 'clusters/prod/kustomization.yaml']);
    expect(deployedPathLinksIn('x.yaml', 'kind: ConfigMap\n', ['x.yaml'])).toEqual([]);
  });

  it('two projects of one tree with the same layout: the Application deploys its own repository\'s directory', () => {
    const kustomizations = ['a/logging/overlays/prod/kustomization.yaml', 'b/logging/overlays/prod/kustomization.yaml'];
    expect([...deployedKustomizations([{ from: 'a/argocd/app.yaml', path: 'logging/overlays/prod' }], kustomizations)]).toEqual(['a/logging/overlays/prod/kustomization.yaml']);
    // An Application of another repository (an app-of-apps checkout beside them): every match.
    expect([...deployedKustomizations([{ from: 'apps/app.yaml', path: 'logging/overlays/prod' }], kustomizations)]).toEqual(kustomizations);
  });

  it("a Flux Kustomization's shape (deploy/flux-postbuild.ts): a clusters/ file whose path is from its repository's root, never a neighbour's", () => {
    const kustomizations = ['fleet/apps/logging/kustomization.yaml', 'other/apps/logging/kustomization.yaml', 'fleet/clusters/prod/apps/other/kustomization.yaml'];
    expect([...deployedKustomizations([{ from: 'fleet/clusters/prod/logging.yaml', path: 'apps/logging' }], kustomizations)]).toEqual(['fleet/apps/logging/kustomization.yaml']);
    // Relative to the root of the batch too (no repository directory above clusters/).
    expect([...deployedKustomizations([{ from: 'clusters/prod/logging.yaml', path: 'apps/logging' }], ['apps/logging/kustomization.yaml'])]).toEqual(['apps/logging/kustomization.yaml']);
  });
});
