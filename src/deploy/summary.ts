import type { Discovery } from '../discover/discovery-types.js';
import type { ConfigKey, Deployment, VersionOrigin } from './types.js';

/** How the configs of a batch resolved to the workloads that run them. */
export interface DeploymentSummary {
  /** Fluent Bit configs (classic, YAML format) and Fluent Operator inputs. */
  readonly configs: number;
  /** Configs some workload of the batch runs. */
  readonly deployed: number;
  /** Deployed configs by where their version came from. */
  readonly deployedByOrigin: Readonly<Record<VersionOrigin, number>>;
  /** Configs no workload of the batch runs. */
  readonly undeployed: number;
  readonly workloads: number;
  /** Containers that run Fluent Bit, by how we know (image, config mount). */
  readonly fluentBitContainers: Readonly<Record<'image' | 'config-mount', number>>;
}

export function emptySummary(): DeploymentSummary {
  return {
    configs: 0,
    deployed: 0,
    deployedByOrigin: { image: 0, values: 0, kustomize: 0, flag: 0, unknown: 0 },
    undeployed: 0,
    workloads: 0,
    fluentBitContainers: { image: 0, 'config-mount': 0 },
  };
}

/** Counts, for one batch, which configs resolved to a workload and where their version came from. */
export function summarizeDeployment(discoveries: readonly Discovery[], deployment: Deployment): DeploymentSummary {
  const byOrigin: Record<VersionOrigin, number> = { image: 0, values: 0, kustomize: 0, flag: 0, unknown: 0 };
  const keys: ConfigKey[] = [...discoveries.flatMap((d) => d.configs), ...discoveries.flatMap((d) => [...d.operatorInputs, ...d.helmCharts.flatMap((h) => h.inputs)])];
  let deployed = 0;
  for (const k of keys) {
    const v = deployment.versionOf(k);
    if (v.runners.length === 0) continue;
    deployed++;
    byOrigin[v.origin]++;
  }
  const fb = { image: 0, 'config-mount': 0 };
  for (const c of deployment.containers) if (c.fluentBitBy) fb[c.fluentBitBy]++;
  return {
    configs: keys.length,
    deployed,
    deployedByOrigin: byOrigin,
    undeployed: keys.length - deployed,
    workloads: deployment.workloads.filter((w) => w.containers.some((c) => c.runsFluentBit)).length,
    fluentBitContainers: fb,
  };
}

/** Adds two summaries (batches of a tree). */
export function addSummaries(a: DeploymentSummary, b: DeploymentSummary): DeploymentSummary {
  const origins = Object.keys(a.deployedByOrigin) as VersionOrigin[];
  return {
    configs: a.configs + b.configs,
    deployed: a.deployed + b.deployed,
    deployedByOrigin: Object.fromEntries(origins.map((o) => [o, a.deployedByOrigin[o] + b.deployedByOrigin[o]])) as Record<VersionOrigin, number>,
    undeployed: a.undeployed + b.undeployed,
    workloads: a.workloads + b.workloads,
    fluentBitContainers: { image: a.fluentBitContainers.image + b.fluentBitContainers.image, 'config-mount': a.fluentBitContainers['config-mount'] + b.fluentBitContainers['config-mount'] },
  };
}
