import type { FluentBitConfigResource, OperatorInput, OperatorMultilineParser } from '../../discover/discovery-types.js';
import type { Deployment, InFile } from '../../deploy/types.js';

/**
 * The batch's ClusterFluentBitConfigs that render the config of a FluentBit running `input` (its `fluentBitConfigName`),
 * in the deployment of `path`; empty when the batch holds no such FluentBit or config.
 */
export function clusterConfigsOf(deployment: Deployment, input: OperatorInput, path: string): InFile<FluentBitConfigResource>[] {
  const names = new Set(deployment.workloadsOf(input).flatMap((w) => (w.fluentBit?.configName !== undefined ? [w.fluentBit.configName] : [])));
  return deployment.fluentBitConfigs.filter((c) => c.kind === 'ClusterFluentBitConfig' && c.name !== undefined && names.has(c.name) && deployment.together(c.path, path));
}

/** Whether a config's `multilineParserSelector` (matchLabels; none or one we do not judge: every one) selects `m`. */
export function selectsMultiline(c: FluentBitConfigResource, m: OperatorMultilineParser): boolean {
  return [...(c.multilineParserLabels ?? [])].every(([k, v]) => m.labels?.get(k) === v);
}

/**
 * Whether the operator renders a (Cluster)MultilineParser into the config of the FluentBit running `input`, read at
 * `path` (controllers/fluentbitconfig_controller.go): a ClusterMultilineParser when the FluentBit's ClusterFluentBitConfig
 * selects it by `multilineParserSelector`; a MultilineParser when a FluentBitConfig of its namespace does. A config the
 * batch does not hold (or a selector we do not judge) renders it: nothing is known.
 */
export function multilineRenderedFor(deployment: Deployment, m: OperatorMultilineParser, input: OperatorInput | undefined, path: string): boolean {
  if (!input) return true;
  if (m.kind === 'MultilineParser') {
    const own = deployment.fluentBitConfigs.filter((c) => c.kind === 'FluentBitConfig' && c.namespace !== undefined && c.namespace === m.namespace && deployment.together(c.path, path));
    return own.length === 0 || own.some((c) => selectsMultiline(c, m));
  }
  const cluster = clusterConfigsOf(deployment, input, path);
  return cluster.length === 0 || cluster.some((c) => selectsMultiline(c, m));
}
