import { isMap, type YAMLMap } from 'yaml';
import type { LoggingOperatorAgent } from './discovery-types.js';
import { getMap, getSeq, getString } from '../yaml/yaml-nodes.js';

/*
 * kube-logging (formerly banzaicloud) logging-operator, API group
 * logging.banzaicloud.io: the Fluent Bit agent it runs is described by a
 * `Logging`'s `spec.fluentbit` or by a `FluentbitAgent`'s `spec` (both the
 * FluentbitSpec type, pkg/sdk/logging/api/v1beta1/fluentbit_types.go), or by
 * a node agent: a `Logging`'s `spec.nodeAgents[]` item (InlineNodeAgent,
 * deprecated) or a `NodeAgent`'s `spec` (NodeAgentSpec inlines it), whose
 * `nodeAgentFluentbit` is a NodeAgentFluentbit (node_agent_types.go: the
 * same InputTail and VolumeMount types, `containersPath`/`varLogsPath` in
 * place of `mountPath`, no `customParsers`). A node agent with `profile:
 * windows` gets the Windows defaults (nodeagent.go
 * NodeAgentFluentbitWindowsDefaults: Path `C:\var\log\containers\*.log`,
 * containersPath `C:\ProgramData\docker`, varLogsPath `C:\var\log`).
 */

/** The Fluent Bit agents a `Logging`, `FluentbitAgent` or `NodeAgent` describes (none for other objects). */
export function readLoggingAgents(obj: YAMLMap, docIndex: number): LoggingOperatorAgent[] {
  if (!(getString(obj, 'apiVersion') ?? '').startsWith('logging.banzaicloud.io/')) return [];
  const kind = getString(obj, 'kind');
  const name = getString(getMap(obj, 'metadata'), 'name');
  const spec = getMap(obj, 'spec');
  if (kind === 'FluentbitAgent') return spec ? [{ kind, name, docIndex, spec, shape: 'fluentbit' }] : [];
  if (kind === 'NodeAgent') {
    const agent = getMap(spec, 'nodeAgentFluentbit');
    return agent ? [{ kind, name, docIndex, spec: agent, shape: 'nodeAgent', ...(getString(spec, 'profile') === 'windows' ? { windows: true as const } : {}) }] : [];
  }
  if (kind !== 'Logging') return [];
  const out: LoggingOperatorAgent[] = [];
  const fluentbit = getMap(spec, 'fluentbit');
  if (fluentbit) out.push({ kind, name, docIndex, spec: fluentbit, shape: 'fluentbit' });
  getSeq(spec, 'nodeAgents')?.items.forEach((item, i) => {
    const agent = isMap(item) ? getMap(item, 'nodeAgentFluentbit') : undefined;
    if (!agent) return;
    const agentName = getString(item as YAMLMap, 'name') ?? String(i);
    const windows = getString(item as YAMLMap, 'profile') === 'windows' ? { windows: true as const } : {};
    out.push({ kind: `Logging ${name ?? ''} nodeAgents[${agentName}]`.replace('  ', ' '), name: undefined, docIndex, spec: agent, shape: 'nodeAgent', ...windows });
  });
  return out;
}
