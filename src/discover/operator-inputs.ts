import type { YAMLMap } from 'yaml';
import type { OperatorInput } from './discovery-types.js';
import { getMap, getString } from '../yaml/yaml-nodes.js';

/** A Fluent Operator `ClusterInput`/`Input` (apiVersion `fluentbit.fluent.io/*`) with `spec.tail`, or undefined. */
export function readOperatorInput(obj: YAMLMap, docIndex: number): OperatorInput | undefined {
  const apiVersion = getString(obj, 'apiVersion') ?? '';
  const kind = getString(obj, 'kind') ?? '';
  if (!apiVersion.startsWith('fluentbit.fluent.io/') || !/^(Cluster)?Input$/.test(kind)) return undefined;
  const tail = getMap(getMap(obj, 'spec'), 'tail');
  if (!tail) return undefined;
  return { kind, name: getString(getMap(obj, 'metadata'), 'name'), docIndex, tail };
}
