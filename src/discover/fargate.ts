import type { ConfigMapRef } from './discovery-types.js';

/**
 * EKS Fargate's log router config: the ConfigMap `aws-logging` of namespace `aws-observability` (AWS's
 * fargate-logging guide; a manifest without a namespace is applied with `-n`). Fargate brings its own tail input,
 * which reads containerd's files with no parser, and takes classic [FILTER], [OUTPUT] and [PARSER] sections under the
 * keys `filters.conf`, `output.conf` and `parsers.conf` only.
 */
export function isFargateLogging(ref: Pick<ConfigMapRef, 'kind' | 'name' | 'namespace'> | undefined): boolean {
  return ref?.kind === 'ConfigMap' && ref.name === 'aws-logging' && (ref.namespace === undefined || ref.namespace === 'aws-observability');
}
