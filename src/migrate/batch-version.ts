import type { Discovery } from '../discover/discovery-types.js';
import type { VersionInfo } from '../rules/types.js';

/**
 * The Fluent Bit version the batch's configs will run on: the lowest
 * fluent-bit image version found in a container or Helm `image.tag` (the
 * conservative choice when a batch holds several). Distribution versions
 * (aws-for-fluent-bit) are not Fluent Bit versions: unknown.
 */
export function batchVersion(discoveries: readonly Discovery[]): VersionInfo {
  let best: VersionInfo = { major: undefined, minor: undefined, source: undefined };
  for (const d of discoveries) {
    for (const img of d.images) {
      if (img.versionKind !== 'fluent-bit' || !img.version) continue;
      const { major, minor } = img.version;
      const older = best.major === undefined || major < best.major || (major === best.major && (minor ?? 0) < (best.minor ?? 0));
      if (older) best = { major, minor, source: img.source === 'helm-values' ? `image.tag ${img.tag ?? ''} in ${d.path}` : `image ${img.image} in ${d.path}` };
    }
  }
  return best;
}
