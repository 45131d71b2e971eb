export interface Rng {
  next(): number;
  int(n: number): number;
  range(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
}
export interface FuzzFile {
  readonly path: string;
  readonly text: string;
}
export interface FuzzOptions {
  runtime: 'containerd' | 'cri-o' | 'cri-dockerd';
  criOnly?: boolean;
  keepDockerMount?: boolean;
  podLogsDir?: string;
}
export interface FuzzCase {
  readonly files: readonly FuzzFile[];
  readonly options: FuzzOptions;
  readonly ops: readonly string[];
}
export function createRng(seed: number): Rng;
export function caseSeed(seed: number, index: number): number;
export const MUTATION_NAMES: readonly string[];
export function makeCase(corpus: readonly FuzzFile[], seed: number, index: number, options?: { small?: boolean }): FuzzCase;
