import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliAndLibraryHeads } from './helpers/cli-vs-library.js';

/*
 * loki-stack releases whose switch sits in a file of another directory (fixtures/rules/tail-parser/: Argo CD and
 * helmfile values files, Flux valuesFrom ConfigMaps, Secrets and a kustomize generator's file, kustomize helmCharts
 * valuesFile and additionalValuesFiles): the library reads each case as one batch; the CLI batches by directory and
 * joins a release with what it names, so it says the same.
 */
const CASES = ['loki-stack-values-files', 'loki-stack-flux-values-from', 'loki-stack-kustomize-values-files', 'loki-stack-fleet-helmfile-values'];

describe('values of a release in another directory (the CLI)', () => {
  for (const name of CASES) {
    it(`${name}: the CLI says what the library says`, async () => {
      const { expected, cli } = await cliAndLibraryHeads(fileURLToPath(new URL(`../../fixtures/rules/tail-parser/${name}/`, import.meta.url)));
      expect(expected.length).toBeGreaterThan(0);
      expect(cli).toEqual(expected);
    });
  }
});
