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

/** Whether a selector's matchLabels (none, or one we do not judge: every object) select an object with `labels`. */
export function matchesLabels(selector: ReadonlyMap<string, string> | undefined, labels: ReadonlyMap<string, string> | undefined): boolean {
  return [...(selector ?? [])].every(([k, v]) => labels?.get(k) === v);
}

/** Whether a config's `multilineParserSelector` (matchLabels; none or one we do not judge: every one) selects `m`. */
export function selectsMultiline(c: FluentBitConfigResource, m: OperatorMultilineParser): boolean {
  return matchesLabels(c.multilineParserLabels, m.labels);
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

/**
 * Whether the operator renders a (Cluster)MultilineParser into some config of the deployment of `path`, whatever input
 * reads it (a parser Fluent Bit refuses stops the setup even when no input names it). A MultilineParser: when a
 * FluentBitConfig of its namespace selects it (none in the batch: unknown, yes). A ClusterMultilineParser: when a
 * ClusterFluentBitConfig a FluentBit of the batch names (every one, without FluentBits) selects it, or a namespaced
 * FluentBitConfig's `clusterMultilineParserSelector` does (its md5-named copy); yes when the batch holds no such
 * ClusterFluentBitConfig, or a FluentBit names one it does not hold.
 */
export function multilineRenderedAnywhere(deployment: Deployment, m: OperatorMultilineParser, path: string): boolean {
  const configs = deployment.fluentBitConfigs.filter((c) => deployment.together(c.path, path));
  if (m.kind === 'MultilineParser') {
    const own = configs.filter((c) => c.kind === 'FluentBitConfig' && c.namespace !== undefined && c.namespace === m.namespace);
    return own.length === 0 || own.some((c) => selectsMultiline(c, m));
  }
  const cluster = renderingClusterConfigs(deployment, path);
  if (cluster.length === 0) return true;
  const copies = configs.some((c) => c.kind === 'FluentBitConfig' && matchesLabels(c.clusterMultilineParserLabels, m.labels));
  return copies || cluster.some((c) => selectsMultiline(c, m));
}

/**
 * The ClusterFluentBitConfigs that render the configs of the deployment of `path`: those the batch's FluentBits name
 * (every one of the batch without FluentBits); empty when the batch holds none, or when a FluentBit names one the batch
 * lacks (what is rendered is then not known).
 */
export function renderingClusterConfigs(deployment: Deployment, path: string): InFile<FluentBitConfigResource>[] {
  const names = new Set(deployment.workloads.flatMap((w) => (w.fluentBit?.configName !== undefined && deployment.together(w.path, path) ? [w.fluentBit.configName] : [])));
  const cluster = deployment.fluentBitConfigs.filter((c) => c.kind === 'ClusterFluentBitConfig' && deployment.together(c.path, path) && (names.size === 0 || (c.name !== undefined && names.has(c.name))));
  return [...names].some((n) => !cluster.some((c) => c.name === n)) ? [] : cluster;
}
