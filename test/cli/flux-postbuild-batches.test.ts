import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { heads, listFiles } from './helpers/case-files.js';
import { runCli } from './helpers/run-cli.js';

/*
 * A Flux Kustomization in clusters/prod with postBuild and `path: ./apps/fluent-bit`, the files it builds in
 * apps/fluent-bit, and a substituteFrom ConfigMap beside the Kustomization (fixtures/sources/flux/postbuild-*): the
 * library reads each case as one batch; the CLI batches by directory and joins the Kustomization with the files
 * under its path and with the objects its substituteFrom names, so it says the same (the image's substituted tag,
 * the warning at a Fluent Bit variable Flux blanks).
 */
describe('Flux postBuild across directories (the CLI)', () => {
  // Each case, and a rule its findings must show (so an empty run cannot pass).
  const cases: readonly (readonly [string, string])[] = [
    ['sources/flux/postbuild-image-tag', 'flux-substitution'],
    ['sources/flux/postbuild-substitute-from', 'flux-substitution'],
    // A base outside spec.path that the overlay under it builds (resources, a configMapGenerator's file).
    ['sources/flux/postbuild-base-outside-path', 'legacy-parser'],
    ['sources/flux/postbuild-generator-outside-path', 'flux-variable'],
    // A hostPath volume Flux fills.
    ['rules/flux-variable/hostpath-docker-dir', 'flux-variable'],
    // A HelmRelease's values (config strings, image tag, mounts) Flux substitutes; a container's mountPath Flux fills.
    ['sources/flux/postbuild-helmrelease-values', 'flux-variable'],
    ['rules/flux-variable/mountpath-docker-dir', 'flux-variable'],
    // Flux patches the model does not apply, said at the patch; a Flux patch taking a pin away beside an unpatched build.
    ['sources/flux/kustomization-patches-chart-values', 'FLUX_PATCH_NOT_APPLIED'],
    ['sources/flux/kustomization-patches-daemonset-smp', 'FLUX_PATCH_NOT_APPLIED'],
    ['sources/flux/kustomize-overlay-helmrelease-patch', 'HELM_VALUE_OVERRIDDEN'],
    ['sources/flux/kustomization-patches-unpin', 'docker-node-pool'],
    ['sources/flux/kustomization-patches-unpin-every-build', 'docker-volume'],
    // A Flux strategic-merge pin beside a Flux Kustomization without patches; a plain overlay's inline one.
    ['sources/flux/kustomization-patches-smp-pin', 'docker-node-pool'],
    ['rules/docker-node-pool/kustomize-inline-smp-pin', 'docker-node-pool'],
    // Overlay and Flux patches of a HelmRelease's image or chart version, applied per build (flux41).
    ['sources/flux/kustomize-overlays-helmrelease-builds', 'fluent-bit-version'],
    ['sources/flux/kustomize-overlay-helmrelease-negatives', 'tail-parser'],
    ['sources/flux/kustomize-overlay-chart-version', 'legacy-parser'],
    ['sources/flux/kustomization-patches-chart-version', 'legacy-parser'],
    ['sources/flux/kustomize-overlay-helmrelease-selectors', 'FLUX_PATCH_NOT_APPLIED'],
    // A `path:` patch file's HelmRelease merged over the release it patches (flux41b): the release's pin reaches both builds.
    ['sources/flux/kustomize-overlay-patch-file-merged', 'docker-node-pool'],
    // The base's values judged per build (flux42): a base value one build's patch file replaces is run by the others.
    ['sources/flux/kustomize-overlay-base-values-per-build', 'tail-parser'],
    ['sources/flux/kustomize-overlay-base-values-negatives', 'legacy-parser'],
    ['sources/flux/kustomize-overlay-patch-file-pin', 'docker-node-pool'],
    // A patch file writing only a pin is read as the patched release's chart values (flux43b): it pins its build.
    ['sources/flux/kustomize-overlay-patch-file-pin-only', 'docker-node-pool'],
    // A kustomization whose only HelmRelease patch is a `path:` item: said at the item when a key is not followed.
    ['sources/flux/kustomize-overlay-path-item-said', 'FLUX_PATCH_NOT_APPLIED'],
  ];
  for (const [name, rule] of cases) {
    it(`${name}: the CLI says what the library says`, async () => {
      const dir = fileURLToPath(new URL(`../../fixtures/${name}/`, import.meta.url));
      const expected = heads(readFileSync(join(dir, 'expected-findings.txt'), 'utf8').split('\n'));
      const input = join(dir, 'input');
      const files = Object.fromEntries(listFiles(input).map((f) => [`case/${f}`, readFileSync(join(input, f), 'utf8')]));
      const r = await runCli(['case', '--runtime', 'containerd', '--check'], { files, real: true });
      expect(expected.join('\n')).toContain(rule);
      expect(heads(r.stderr.split('\n'), 'case/')).toEqual(expected);
    });
  }
});
