import type { FuzzCase, FuzzFile, FuzzOptions } from './mutate.mjs';
export interface CaseOutcome {
  readonly ms: number;
  /** What went wrong; absent when the case passed. */
  readonly failure?: string;
}
export function runCase(migrate: (files: readonly FuzzFile[], options: FuzzOptions) => unknown, c: FuzzCase): CaseOutcome;
