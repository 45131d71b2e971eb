import type { YAMLMap } from 'yaml';
import type { LoggingOperatorAgent } from './discovery-types.js';
import { getMap, getString } from '../yaml/yaml-nodes.js';

/*
 * kube-logging (formerly banzaicloud) logging-operator, API group
 * logging.banzaicloud.io: the Fluent Bit agent it runs is described by a
 * `Logging`'s `spec.fluentbit` or by a `FluentbitAgent`'s `spec` (both the
 * FluentbitSpec type, pkg/sdk/logging/api/v1beta1/fluentbit_types.go).
 */

/** The Fluent Bit agent a `Logging` or `FluentbitAgent` describes, or undefined. */
export function readLoggingAgent(obj: YAMLMap, docIndex: number): LoggingOperatorAgent | undefined {
  if (!(getString(obj, 'apiVersion') ?? '').startsWith('logging.banzaicloud.io/')) return undefined;
  const kind = getString(obj, 'kind');
  const spec = getMap(obj, 'spec');
  const agent = kind === 'Logging' ? getMap(spec, 'fluentbit') : kind === 'FluentbitAgent' ? spec : undefined;
  return agent && kind ? { kind, name: getString(getMap(obj, 'metadata'), 'name'), docIndex, spec: agent } : undefined;
}
