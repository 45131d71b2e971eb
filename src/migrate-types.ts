import type { Diagnostic } from './source/diagnostic.js';
import type { Edit } from './edits/edit.js';

/** Container runtime the nodes move to. */
export type Runtime = 'containerd' | 'cri-o' | 'cri-dockerd';

export const RUNTIMES: readonly Runtime[] = ['containerd', 'cri-o', 'cri-dockerd'];

export interface MigrateOptions {
  readonly runtime: Runtime;
  /** Emit `multiline.parser cri` instead of the default `docker, cri`. */
  readonly criOnly?: boolean;
  /** The kubelet's podLogsDir; default `/var/log/pods`. */
  readonly podLogsDir?: string;
  /** Change configs now but keep Docker's containers mount (rolling node-pool migrations). */
  readonly keepDockerMount?: boolean;
}

export type FindingSeverity = 'change' | 'warning' | 'info';

/**
 * Something a rule did (`change`) or wants a human to look at (`warning`,
 * `info`). `line`/`column` are 1-based positions in the user's file (for an
 * embedded config, the outer YAML file).
 */
export interface Finding {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  /** End of the range (1-based, column exclusive), when the rule knows it; otherwise read `line`/`column`. */
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** The outcome for one input file. */
export interface FileResult {
  readonly path: string;
  /** The input text, unchanged. */
  readonly before: string;
  /** The migrated text (=== before when nothing changed or the file had errors). */
  readonly output: string;
  readonly changed: boolean;
  /** Edits in file offsets, as applied to `before` to produce `output`. */
  readonly edits: readonly Edit[];
  readonly findings: readonly Finding[];
  /** Parse / discovery problems, with path, line and column filled in. */
  readonly diagnostics: readonly Diagnostic[];
  /** True when any diagnostic is an error: then `edits` is empty and `output === before`. */
  readonly hasErrors: boolean;
  /** Unified diff (git-style a/ b/ headers, 3 lines of context); '' when unchanged. */
  readonly diff: string;
}

export interface MigrateResult {
  readonly files: readonly FileResult[];
}
