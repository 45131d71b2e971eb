import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { ChartKind } from './discovery-types.js';
import { getMap, getNode, getSeq, pairOf } from '../yaml/yaml-nodes.js';

/*
 * Which chart a set of values is for. An Argo CD Application or a Flux
 * HelmRelease names the chart and its repository; a plain values file only
 * shows its keys. The charts whose knobs flb-migrate reads:
 * - fluent-bit of fluent/helm-charts (https://fluent.github.io/helm-charts);
 * - fluent-operator (fluent/helm-charts, or fluent/fluent-operator's own
 *   `charts/`; KubeSphere's fluentbit-operator before the rename);
 * - stable/fluent-bit of the deprecated helm/charts repository
 *   (https://charts.helm.sh/stable, kubernetes-charts.storage.googleapis.com);
 * - aws-for-fluent-bit of aws/eks-charts (https://aws.github.io/eks-charts);
 * - amazon-cloudwatch-observability of aws-observability/helm-charts (the
 *   EKS add-on of the same name): its Fluent Bit values sit under
 *   `containerLogs.fluentBit`, told apart by that path (see
 *   isCloudWatchFluentBitPath).
 * bitnami's fluent-bit chart is `other` (its own layout: no daemonSetVolumes,
 * its DaemonSet template always mounts `daemonset.hostPaths.containerLogs` at
 * /var/lib/docker/containers), told apart by its knobs (see looksBitnami).
 */

/** Repositories of the deprecated stable charts. */
const STABLE_REPO = /charts\.helm\.sh\/stable|kubernetes-charts\.storage\.googleapis\.com|github\.com\/helm\/charts/i;
/** Repositories that publish another chart named fluent-bit (grafana's Loki chart, bitnami's). */
const OTHER_FLUENT_BIT_REPO = /grafana|bitnami|loki/i;

/**
 * The chart kind a release names (`chart:` or the last part of a git
 * `path:`, and the repository URL); undefined when the name is not one of
 * ours, or when it is `fluent-bit` of a repository we cannot place (the
 * values' shape decides then, see sniffChartKind).
 */
export function chartKindOf(chart: string | undefined, repoURL: string | undefined): ChartKind | undefined {
  if (chart === undefined) return undefined;
  const name = chartBaseName(chart);
  const repo = repoURL ?? '';
  if (name === 'fluent-operator' || name === 'fluentbit-operator') return 'fluent-operator';
  if (name === 'aws-for-fluent-bit') return 'aws-for-fluent-bit';
  if (name !== 'fluent-bit') return 'other';
  if (STABLE_REPO.test(repo) || /^stable\//i.test(chart)) return 'stable-fluent-bit';
  if (OTHER_FLUENT_BIT_REPO.test(repo)) return 'other';
  if (/fluent\.github\.io\/helm-charts|github\.com\/fluent\/helm-charts|ghcr\.io\/fluent/i.test(repo)) return 'fluent-bit';
  return undefined;
}

/** grafana's chart repositories: grafana/helm-charts, and the older grafana/loki `charts/` one (both published fluent-bit and loki-stack). */
const GRAFANA_REPO = /grafana\.github\.io\/(?:helm-charts|loki\/charts)|github\.com\/grafana\/(?:helm-charts|loki)(?![\w-])/i;

/**
 * grafana's own fluent-bit chart, or its loki-stack umbrella (whose
 * `fluent-bit` subchart is that chart), by what a release names: `loki-stack`
 * from any repository (no other chart has the name), `fluent-bit` only from
 * grafana's repositories. Undefined for any other chart.
 */
export function grafanaChartOf(chart: string | undefined, repoURL: string | undefined): 'loki-stack' | 'fluent-bit' | undefined {
  if (chart === undefined) return undefined;
  const name = chartBaseName(chart);
  if (name === 'loki-stack') return 'loki-stack';
  return name === 'fluent-bit' && GRAFANA_REPO.test(repoURL ?? '') ? 'fluent-bit' : undefined;
}

/** A release whose chart may run Fluent Bit: one of ours, `fluent-bit` of a repository we cannot place, no known chart, grafana's, newrelic-logging. */
export function chartMayRunFluentBit(chart: string | undefined, repoURL: string | undefined, kind: ChartKind | undefined): boolean {
  return kind !== 'other' || grafanaChartOf(chart, repoURL) !== undefined || (chart !== undefined && chartBaseName(chart) === 'newrelic-logging');
}

/** `fluent-bit` for `stable/fluent-bit`, `charts/fluent-bit/` (lower case). */
export function chartBaseName(chart: string): string {
  return (chart.split('/').filter((p) => p !== '').pop() ?? '').toLowerCase();
}

/** Keys only the stable/fluent-bit chart has (its `backend`-era layout). */
function looksStable(root: YAMLMap): boolean {
  const tail = getMap(getMap(root, 'input'), 'tail');
  const backend = getMap(root, 'backend');
  return (tail !== undefined && (backend !== undefined || pairOf(root, 'on_minikube') !== undefined || pairOf(root, 'rawConfig') !== undefined || pairOf(root, 'extraEntries') !== undefined))
    || (backend !== undefined && pairOf(backend, 'type') !== undefined && getMap(getMap(root, 'image'), 'fluent_bit') !== undefined);
}

/**
 * The fluent-operator chart: its runtime switch next to its `fluentbit:` (or
 * `operator:`) section, or, when the values leave the switch to the chart's
 * default, its `fluentbit.input` pipeline next to `Kubernetes:` or the
 * operator's `initcontainer`/`logPath`.
 */
function looksOperatorChart(root: YAMLMap): boolean {
  const fluentbit = getNode(root, 'fluentbit');
  const operator = getNode(root, 'operator');
  if (pairOf(root, 'containerRuntime') !== undefined) return isMap(fluentbit) || isMap(operator);
  if (!isMap(fluentbit) || !isMap(getNode(fluentbit, 'input'))) return false;
  return pairOf(root, 'Kubernetes') !== undefined || (isMap(operator) && (pairOf(operator, 'initcontainer') !== undefined || pairOf(operator, 'logPath') !== undefined));
}

/** aws-for-fluent-bit: its flat `input:` knobs next to one of its outputs. */
function looksAws(root: YAMLMap): boolean {
  const input = getMap(root, 'input');
  if (!input || getMap(input, 'tail')) return false;
  return ['cloudWatch', 'cloudWatchLogs', 'firehose', 'kinesis', 'elasticsearch'].some((k) => pairOf(root, k) !== undefined)
    && (pairOf(input, 'parser') !== undefined || pairOf(input, 'dockerMode') !== undefined || pairOf(input, 'multilineParser') !== undefined || getSeq(root, 'volumes') !== undefined);
}

/**
 * bitnami's fluent-bit chart (bitnami/charts `bitnami/fluent-bit`): its
 * `daemonset.hostPaths` map, its image given as `bitnami/fluent-bit` in
 * `image.repository` next to `config:`, or a `config.*` string naming the
 * bitnami image's install directory `/opt/bitnami/fluent-bit/` (the chart's
 * default `config.service` loads `/opt/bitnami/fluent-bit/conf/parsers.conf`,
 * and a team's values copy it; the official image has no such directory).
 * Its config pieces have the fluent/fluent-bit chart's names, so the shape
 * alone would take it for that chart and advise a daemonSetVolumes override
 * it does not read.
 */
export function looksBitnami(root: YAMLMap): boolean {
  if (getMap(getMap(root, 'daemonset'), 'hostPaths') !== undefined) return true;
  const config = getMap(root, 'config');
  if (config === undefined) return false;
  const repository = getNode(getMap(root, 'image'), 'repository');
  if (isScalar(repository) && /(?:^|\/)bitnami\/fluent-bit$/i.test(String(repository.value))) return true;
  return config.items.some((p) => isScalar(p.value) && typeof p.value.value === 'string' && p.value.value.includes(BITNAMI_INSTALL_DIR));
}

/** Where bitnami's fluent-bit image installs Fluent Bit (its conf/ holds the parsers files its chart's config loads). */
const BITNAMI_INSTALL_DIR = '/opt/bitnami/fluent-bit/';

/** The chart a values map is for, by the keys only that chart has; undefined when the shape does not tell. */
export function sniffChartKind(root: YAMLMap): ChartKind | undefined {
  if (looksBitnami(root)) return 'other';
  if (looksOperatorChart(root)) return 'fluent-operator';
  if (looksStable(root)) return 'stable-fluent-bit';
  if (looksAws(root)) return 'aws-for-fluent-bit';
  return undefined;
}

/**
 * The Fluent Bit values of aws-observability's amazon-cloudwatch-observability
 * chart (the EKS add-on's `configurationValues`): `containerLogs.fluentBit`
 * (`config.service`, `customParsers`, `extraFiles`). Its templates
 * (`templates/linux/fluent-bit-configmap.yaml`, `fluent-bit-daemonset.yaml`)
 * render `customParsers` as the ConfigMap key `parsers.conf`, mount the
 * ConfigMap over `/fluent-bit/etc/`, and always mount hostPath
 * `/var/lib/docker/containers`: no values knob of the fluent/fluent-bit chart
 * applies. Told apart by the path, which no other chart uses.
 */
export function isCloudWatchFluentBitPath(path: readonly (string | number)[]): boolean {
  return path.length >= 2 && path[path.length - 2] === 'containerLogs' && path[path.length - 1] === 'fluentBit';
}

/**
 * `containerLogs.fluentBit.configWindows.customParsers` of that chart: its
 * `templates/windows/fluent-bit-windows-configmap.yaml` renders it as the key
 * `parsers.conf` of ConfigMap fluent-bit-windows-config, beside the Windows
 * `fluent-bit.conf` whose service loads `Parsers_File parsers.conf`: the
 * Windows DaemonSet's own parsers file, not one loaded next to the stock one.
 */
export function isCloudWatchWindowsParsersPath(path: readonly (string | number)[]): boolean {
  return path.length >= 4 && path[path.length - 1] === 'customParsers' && path[path.length - 2] === 'configWindows' && isCloudWatchFluentBitPath(path.slice(0, -2));
}
