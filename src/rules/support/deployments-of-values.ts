import type { Deployment, ValuesDeployment } from '../../deploy/types.js';
import type { HelmValuesInfo } from '../../discover/discovery-types.js';

/**
 * Judging a set of chart values once per deployment that renders it: each environment of a release (a helmfile
 * environment, a Fleet target, an ApplicationSet element) merges its own sets, so a common set may be rendered in one
 * environment and replaced or switched off in another.
 */

/** The deployments rendering `values` (Deployment.deploymentsOfValues), or the set alone when no workload is read from it. */
export function deploymentsOf(deployment: Deployment, values: HelmValuesInfo): readonly ValuesDeployment[] {
  const of = deployment.deploymentsOfValues(values);
  return of.length > 0 ? of : [{ sets: [values], label: undefined }];
}

/** Every deployment of the release of `values` (those rendering any set that a deployment rendering `values` merges): a set of one environment has the other environments' too. */
export function releaseDeploymentsOf(deployment: Deployment, values: HelmValuesInfo): readonly ValuesDeployment[] {
  const own = deploymentsOf(deployment, values);
  if (own.every((d) => d.label === undefined)) return own;
  return [...new Set(own.flatMap((d) => d.sets.flatMap((v) => deployment.deploymentsOfValues(v))))];
}

/**
 * What `judge` says for each deployment (undefined: nothing there), equal verdicts (by `key`) once, with `where`
 * naming the deployments that give it (` (environment staging, environment qa)`) when the set is in several
 * deployments and not all of them give it; '' otherwise (the finding holds wherever the set is rendered).
 */
export function perDeployment<T>(deployments: readonly ValuesDeployment[], judge: (sets: readonly HelmValuesInfo[]) => T | undefined, key: (verdict: T) => string = (v) => JSON.stringify(v)): { verdict: T; where: string }[] {
  const out = new Map<string, { verdict: T; labels: string[]; all: number }>();
  for (const d of deployments) {
    const verdict = judge(d.sets);
    if (verdict === undefined) continue;
    const k = key(verdict);
    const seen = out.get(k) ?? { verdict, labels: [], all: 0 };
    seen.all++;
    if (d.label !== undefined) seen.labels.push(d.label);
    out.set(k, seen);
  }
  return [...out.values()].map(({ verdict, labels, all }) => ({ verdict, where: all < deployments.length && labels.length > 0 ? ` (${labels.join(', ')})` : '' }));
}
