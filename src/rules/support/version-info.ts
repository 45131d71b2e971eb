import type { ConfigVersion } from '../../deploy/types.js';
import { formatVersion } from '../../deploy/image-version.js';
import type { VersionInfo } from '../types.js';

/** The version facts rules read, from the deployment model's answer for one config. */
export function versionInfo(v: ConfigVersion): VersionInfo {
  const runners = [...new Map(v.runners.map((r) => [r.container.workload.id, `${r.container.workload.label}: ${r.version.version ? formatVersion(r.version.version) : 'unknown'}`])).values()];
  return {
    major: v.version?.major,
    minor: v.version?.minor,
    source: v.note,
    reason: v.reason,
    origin: v.origin,
    runners,
    mixed: v.mixed,
    ...(v.twinOf === undefined ? {} : { twinOf: v.twinOf }),
    ...(v.replacedBy === undefined ? {} : { replacedBy: v.replacedBy }),
  };
}
