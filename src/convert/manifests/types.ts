import type { Edit } from '../../source/edit.js';
import type { FindingData } from '../findings.js';
import type { ConvertRuleId, ConvertSeverity } from '../rules.js';

/** A conversion finding in a file of the batch (offsets in that file's text). */
export interface PlacedFinding {
  readonly ruleId: ConvertRuleId;
  readonly messageId: string;
  readonly data: FindingData;
  readonly severity: ConvertSeverity;
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** A config the converted batch must show (checked by re-reading the output). */
export interface ExpectedConfig {
  /** The batch file after the conversion (the new name of a renamed plain file). */
  readonly path: string;
  /** The ConfigMap key or file base name. */
  readonly name: string;
  /** The YAML text it must decode to. */
  readonly text: string;
}

/** A container that must run a YAML main file after the conversion. */
export interface ExpectedRunner {
  readonly containerId: string;
  /** The absolute `-c` path it must resolve to. */
  readonly configPath: string;
}

/**
 * One setup's conversion (a main file with what it includes and loads,
 * mains sharing files together, and every workload that runs them): all of
 * it, or nothing of it.
 */
export interface PlannedSetup {
  readonly id: string;
  /** True when it converts; false when refused (then no edits, renames or removals). */
  readonly ok: boolean;
  /** Worst severity among the refusal's findings (`error` keeps the related files from being written at all). */
  readonly refusal: 'error' | 'warning' | undefined;
  /** Every batch file of the setup: the ConfigMap or plain files, the workloads that run it, the kustomizations that list it. */
  readonly related: ReadonlySet<string>;
  /** Edits per batch file, in that file's offsets. */
  readonly edits: ReadonlyMap<string, readonly Edit[]>;
  /** Plain files that become YAML files: old path -> new path and text. */
  readonly renames: ReadonlyMap<string, { readonly to: string; readonly text: string }>;
  /** Plain files the conversion removes (inlined into the main file). */
  readonly removed: ReadonlySet<string>;
  readonly findings: readonly PlacedFinding[];
  readonly expectedConfigs: readonly ExpectedConfig[];
  readonly expectedRunners: readonly ExpectedRunner[];
}

export interface BatchConversionPlan {
  readonly setups: readonly PlannedSetup[];
  /** Findings outside any setup: chart values overrides, operator resources. */
  readonly findings: readonly PlacedFinding[];
}
