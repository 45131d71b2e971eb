import { trimTrailingSlashes } from '../rules/support/host-paths.js';
import { RUNTIMES, type Runtime, type RuleOptions } from '../rules/types.js';

export { RUNTIMES, type Runtime };

/** What a caller asks for. */
export interface MigrateOptions {
  readonly runtime: Runtime;
  /** Emit `multiline.parser cri` instead of the default `docker, cri`. */
  readonly criOnly?: boolean;
  /** The kubelet's podLogsDir, an absolute path; default (also for '') `/var/log/pods`. */
  readonly podLogsDir?: string;
  /** Change configs now but keep Docker's containers mount (rolling node-pool migrations). */
  readonly keepDockerMount?: boolean;
}

export const DEFAULT_POD_LOGS_DIR = '/var/log/pods';

/**
 * The problem with options that did not come through the types (JavaScript
 * callers, the codemod's command line), or undefined when they are valid:
 * a known runtime, and an absolute podLogsDir ('' means the default).
 */
export function checkOptions(options: MigrateOptions): string | undefined {
  const runtime: unknown = options.runtime;
  if (!RUNTIMES.some((r) => r === runtime)) return `invalid runtime '${String(runtime)}': expected one of ${RUNTIMES.join(', ')}`;
  const dir: unknown = options.podLogsDir;
  if (dir !== undefined && dir !== '' && (typeof dir !== 'string' || !dir.startsWith('/'))) return `podLogsDir must be an absolute path on the node, got '${String(dir)}'`;
  return undefined;
}

/** The options as rules read them: defaults filled in, podLogsDir without trailing slashes. Call checkOptions first. */
export function resolveOptions(options: MigrateOptions): RuleOptions {
  return {
    runtime: options.runtime,
    criOnly: options.criOnly ?? false,
    podLogsDir: trimTrailingSlashes(options.podLogsDir ?? DEFAULT_POD_LOGS_DIR) || DEFAULT_POD_LOGS_DIR,
    keepDockerMount: options.keepDockerMount ?? false,
  };
}
