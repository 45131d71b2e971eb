import type { FuzzFile } from './mutate.mjs';
export function loadSeedCorpus(cwd?: string): FuzzFile[];
