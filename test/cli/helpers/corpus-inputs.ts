import { MANIFEST_EXTENSIONS } from '../../../src/cli/collect-inputs.js';
import { walkCorpus } from '../../helpers/corpus.js';

/** Every corpus file the CLI would pick up in a directory walk, keyed by its corpus-relative path. */
export function corpusInputs(): Array<{ path: string; text: string }> {
  return walkCorpus((rel) => MANIFEST_EXTENSIONS.some((ext) => rel.toLowerCase().endsWith(ext))).map((f) => ({ path: `corpus/${f.rel}`, text: f.text }));
}
