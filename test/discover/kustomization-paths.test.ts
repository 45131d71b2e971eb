import { isMap, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isKustomizationFileName, isKustomizationObject, readKustomization, readKustomizationPaths } from '../../src/discover/kustomization.js';
import { CORPUS_DIR, walkFiles } from '../helpers/corpus.js';

/*
 * kustomizationReferences reads a kustomization's paths with
 * readKustomizationPaths, which skips the inline patches readKustomization
 * parses for their images: on every kustomization of the fixtures (a
 * kustomization.yaml, or a kind: Kustomization object) and the corpus, both
 * give the same resources, generators and patch files.
 */

const yamlOrKustomization = (rel: string): boolean => /\.ya?ml$|(^|\/)Kustomization$/.test(rel);
const kustomizations = [...walkFiles('fixtures', yamlOrKustomization), ...walkFiles(CORPUS_DIR, yamlOrKustomization)].flatMap((f) => {
  const named = isKustomizationFileName(f.rel);
  if (!named && !f.text.includes('Kustomization')) return [];
  return parseAllDocuments(f.text).flatMap((doc, i) => {
    const obj = doc.contents;
    return doc.errors.length === 0 && isMap(obj) && (named || isKustomizationObject(obj)) ? [{ file: `${f.rel}#${i}`, obj }] : [];
  });
});

describe('readKustomizationPaths', () => {
  it('finds kustomizations, some with inline patches', () => {
    expect(kustomizations.length).toBeGreaterThan(40);
    expect(kustomizations.filter((k) => readKustomization(k.obj, 0).inlinePatchImages.length > 0).length).toBeGreaterThan(0);
  });

  it('gives what readKustomization gives of the same paths, on every one', () => {
    for (const { file, obj } of kustomizations) {
      const { resources, generators, patches, patchFiles } = readKustomization(obj, 0);
      expect(readKustomizationPaths(obj), file).toEqual({ resources, generators, patches, patchFiles });
    }
  });
});
