import type { ConfigView } from '../../view/types.js';
import type { VersionInfo } from '../types.js';

/**
 * Whether the Fluent Bit that reads a config has `multiline.parser` (1.8+),
 * from the workloads that run it:
 * - `yes`: a known version >= 1.8, or a syntax that implies it (the YAML
 *   format needs 2.0; a Fluent Operator input whose FluentBit version is not
 *   known to be older);
 * - `assumed`: a classic config whose version no workload of the input tells (fluent-bit-version says so);
 * - `no`: a known version below 1.8 (legacy-parser takes over from tail-parser).
 */
export type MultilineSupport = 'yes' | 'assumed' | 'no';

export function below18(version: VersionInfo): boolean {
  return version.major !== undefined && (version.major < 1 || (version.major === 1 && (version.minor ?? 0) < 8));
}

export function multilineSupport(config: ConfigView, version: VersionInfo): MultilineSupport {
  if (config.syntax === 'yaml') return 'yes';
  if (config.syntax === 'operator' && config.impliesMultiline !== false) return below18(version) ? 'no' : 'yes';
  if (version.major === undefined) return 'assumed';
  return below18(version) ? 'no' : 'yes';
}

/** `Fluent Bit 1.7 (fluent/fluent-bit:1.7.2 in ds.yaml)`, for messages. */
export function describeVersion(version: VersionInfo): string {
  return `Fluent Bit ${version.major ?? '?'}.${version.minor ?? 'x'} (${version.source ?? 'image'})`;
}
