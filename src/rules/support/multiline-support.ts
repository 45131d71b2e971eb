import type { ConfigView } from '../../view/types.js';
import type { VersionInfo } from '../types.js';

/**
 * Whether the Fluent Bit that reads a config has `multiline.parser` (1.8+):
 * - `yes`: a known version >= 1.8, or a syntax that implies it (the YAML
 *   format needs 2.0; the Fluent Operator's tail input has multilineParser);
 * - `assumed`: a classic config and no image tag in the batch (fluent-bit-version says so);
 * - `no`: a known version below 1.8 (legacy-parser takes over from tail-parser).
 */
export type MultilineSupport = 'yes' | 'assumed' | 'no';

export function multilineSupport(config: ConfigView, version: VersionInfo): MultilineSupport {
  if (config.syntax !== 'classic') return 'yes';
  if (version.major === undefined) return 'assumed';
  return version.major < 1 || (version.major === 1 && (version.minor ?? 0) < 8) ? 'no' : 'yes';
}

/** `Fluent Bit 1.7 (image fluent/fluent-bit:1.7.2 in ds.yaml)`, for messages. */
export function describeVersion(version: VersionInfo): string {
  return `Fluent Bit ${version.major ?? '?'}.${version.minor ?? 'x'} (${version.source ?? 'image'})`;
}
