import { isPair, isScalar, type YAMLMap } from 'yaml';
import { operatorChartInputSwitches, operatorChartTailRenders } from '../discover/helm-values.js';
import { rendersFrom, suppliedIn } from '../deploy/values-coalesce.js';
import { nodeAt } from '../view/target.js';
import { replaceScalar } from '../yaml/yaml-edits.js';
import { getMap, pairOf, scalarSource, scalarString } from '../yaml/yaml-nodes.js';
import { criContainerLogPath } from './operator-log-path.js';
import { isDockerDataPath } from './support/host-paths.js';
import { isOperatorChartValues, switchedOff } from './support/operator-chart-values.js';
import { deploymentsOf, perDeployment, releaseDeploymentsOf } from './support/deployments-of-values.js';
import { defineRule } from './types.js';
import { trimTrailingSlashes } from '../source/trailing-slashes.js';

/** Docker-era tail keys users write under `fluentbit.input.tail`, which the chart's ClusterInput template never renders. */
const UNRENDERED_DOCKER_KEYS = new Set(['parser', 'dockermode', 'dockermodeparser', 'dockermodeflushseconds']);

/** The fluent-operator chart's values for each runtime (values.yaml: "Supported values: containerd, crio, docker"). */
const CHART_RUNTIME = { containerd: 'containerd', 'cri-o': 'crio' } as const;

type ValueSet = { readonly root: YAMLMap };

/**
 * `fluentbit.filter.containerd.enable` off in `values`, while the merged sets render the chart's tail ClusterInput (its
 * switches not off) with `parser: cri` (no multilineParser, which would keep the text in `log`): the Lua filter mattered.
 */
function luaOff(sets: readonly ValueSet[], values: ValueSet): boolean {
  // Off in `values` itself (the set that decides), while no set turns the tail input off.
  if (switchedOff(sets, [['fluentbit', 'filter', 'containerd', 'enable']])?.set !== values) return false;
  if (switchedOff(sets, operatorChartInputSwitches('tail')) !== undefined) return false;
  return [['fluentbit', 'input', 'tail', 'multilineParser'], ['fluentbit', 'input', 'tail', 'extraParams', 'multilineParser']].every((path) => {
    const ml = suppliedIn(sets, path);
    return !(ml?.kind === 'value' && isScalar(ml.node) && ml.node.value !== null && String(ml.node.value).trim() !== '');
  });
}

export const operatorChartRuntime = defineRule({
  meta: {
    id: 'operator-chart-runtime',
    kind: 'change',
    severities: ['change', 'warning', 'info'],
    docs: {
      summary: 'fluent-operator chart values: `containerRuntime: docker` becomes `containerd` or `crio`, the chart\'s switch for the tail parser, the systemd unit and the log path',
      details: [
        'The fluent-operator chart (fluent/helm-charts, fluent/fluent-operator) renders its Kubernetes pipeline from `containerRuntime`: the tail ClusterInput gets `parser: docker` or `parser: cri` (with its containerd Lua filter, which moves `message` back to `log`), the systemd ClusterInput follows `<runtime>.service`, and the operator\'s init container finds the log directory through docker.sock (docker) or `operator.logPath` (containerd, crio).',
        '`fluentbit.input.tail.parser` (or `dockerMode`, `dockerModeParser`, `dockerModeFlushSeconds`) is no field of the chart: its tail ClusterInput template renders the parser from `containerRuntime` only (and `multilineParser`, `extraParams`), so such a value never reaches Fluent Bit on any runtime. It gets an info at the pair saying so, instead of the safety net\'s Docker-era warning (cri-dockerd: nothing).',
        '`operator.containerLogPath` (chart 4: the full path the operator mounts into the Fluent Bit pods, `CONTAINER_ROOT_DIR` + `/containers` of its env file; by default /var/lib/docker/containers for docker and /var/log/containers for containerd and crio) under Docker\'s data root is set to /var/log/containers, the chart\'s own default for those runtimes (charts/fluent-operator/MIGRATION-v4.md). When the kubelet\'s podLogsDir lies outside /var/log no chart value mounts it (the env file only carries a directory ending in `/containers`): a warning says to mount it with `fluentbit.additionalVolumes` / `additionalVolumesMounts` instead. cri-dockerd keeps it; --keep-docker-mount keeps it with an info.',
        '`operator.logPath.containerd` / `operator.logPath.crio` (chart 3: the init container writes the value as `CONTAINER_ROOT_DIR` to the operator\'s env file for that runtime, and the operator mounts `<value>/containers`; default /var/log) under Docker\'s data root is set to /var/log, the chart\'s default, whose `/containers` is the kubelet\'s symlinks directory. Both keys are judged (the one the migrated `containerRuntime` selects, and the other, which a later runtime change would select). When the kubelet\'s podLogsDir lies outside /var/log a warning says to set /var/log and mount the pod logs directory with `fluentbit.additionalVolumes` / `additionalVolumesMounts`. cri-dockerd keeps them (the chart reads neither with `containerRuntime: docker`); --keep-docker-mount keeps them with an info.',
        '`containerRuntime: docker` is set to `containerd` or `crio` (the chart\'s spelling for CRI-O), keeping its quoting. Values that do not set it get a warning: older charts default to docker. cri-dockerd keeps Docker, and the value with it.',
        '`fluentbit.filter.containerd.enable` false (or 0, \'\', or null: Helm deletes a key set to null, the chart\'s default with it) in the value set Helm renders it from, on containerd or CRI-O, while the merged values render the chart\'s tail ClusterInput (not switched off) without `multilineParser`: a warning. The chart\'s ClusterFilter `containerd` and its ConfigMap fluent-bit-containerd-config follow this switch (templates/fluentbit-clusterfilter-containerd.yaml, fluentbit-containerd-config.yaml); its Lua function moves `message`, where the chart\'s tail `parser: cri` leaves a CRI line\'s text, into `log` (records with `logtag`), so without it the kubernetes filter\'s Merge_Log and outputs reading `log` see nothing. Not edited: remove the switch, or set `fluentbit.input.tail.multilineParser: docker, cri`.',
      ].join('\n'),
      example: { before: 'containerRuntime: docker\nfluentbit:\n  enable: true\n', after: 'containerRuntime: containerd\nfluentbit:\n  enable: true\n' },
    },
    messages: {
      changed: 'containerRuntime {{value}} -> {{next}}: the fluent-operator chart renders the tail parser (cri, with its containerd Lua filter), the systemd unit ({{next}}.service) and the operator\'s log path from it',
      unset: 'these fluent-operator chart values{{where}} do not set containerRuntime, and older charts default to docker (parser docker, docker.service, docker.sock): set containerRuntime: {{next}}',
      kept: 'containerRuntime {{value}} kept: cri-dockerd still runs Docker',
      logPath: 'operator.containerLogPath {{value}} -> /var/log/containers: the operator mounts this host directory into the Fluent Bit pods; {{runtime}} leaves Docker\'s directory empty, and /var/log/containers is the chart\'s default for {{next}}',
      logPathPodLogs: "operator.containerLogPath {{value}} is Docker's directory, which {{runtime}} leaves empty; the /var/log/containers symlinks point into {{podLogsDir}}, outside the operator's /var/log mount, and this value cannot name it (the operator appends /containers): set it to /var/log/containers and mount {{podLogsDir}} with fluentbit.additionalVolumes and additionalVolumesMounts",
      logPathKept: 'operator.containerLogPath {{value}} kept because of --keep-docker-mount (nodes still running Docker read their logs through it); set it to /var/log/containers once no node runs Docker',
      logRoot: 'operator.logPath.{{key}} {{value}} -> /var/log: the chart\'s init container hands it to the operator as CONTAINER_ROOT_DIR, and the operator mounts {{mounted}} into the Fluent Bit pods; {{runtime}} leaves Docker\'s directory empty, and /var/log (the chart\'s default) gives /var/log/containers',
      logRootPodLogs: "operator.logPath.{{key}} {{value}} is Docker's data root, which {{runtime}} leaves empty (the operator mounts {{mounted}}); the /var/log/containers symlinks point into {{podLogsDir}}, outside /var/log, and this value cannot name it (the operator appends /containers): set it to /var/log and mount {{podLogsDir}} with fluentbit.additionalVolumes and additionalVolumesMounts",
      logRootKept: 'operator.logPath.{{key}} {{value}} kept because of --keep-docker-mount (nodes still running Docker read their logs through it); set it to /var/log once no node runs Docker',
      luaOff:
        'fluentbit.filter.containerd.enable {{value}}{{where}}: the fluent-operator chart then renders no `containerd` Lua filter (its ClusterFilter and script follow this switch), the one that on {{runtime}} moves the content the chart\'s tail parser cri leaves in `message` into `log`: every container record keeps its text in `message`, which the kubernetes filter (Merge_Log) and outputs reading `log` never see; remove it (the chart\'s default is true), or set fluentbit.input.tail.multilineParser: docker, cri (the built-in parsers keep the text in `log`)',
      notRendered: 'fluentbit.input.tail.{{key}} is not rendered by the fluent-operator chart: its tail ClusterInput takes the parser from containerRuntime ({{next}}), and of this map only its fields (path, multilineParser, ...) and extraParams reach Fluent Bit; this value has no effect on any runtime: remove it (for multiline use fluentbit.input.tail.multilineParser: docker, cri)',
    },
  },
  create(context) {
    const { runtime, podLogsDir, keepDockerMount } = context.options;
    return {
      helmValues(values, file) {
        // A subchart's values count when a release (an umbrella's Chart.yaml dependency) names the chart, not when only their shape says so.
        if (!isOperatorChartValues(values)) return;
        const node = values.containerRuntime;
        const value = scalarSource(node);
        // The whole `containerRuntime: docker` pair is decided here (the safety net's runtime-docker signal spans it).
        const pair = values.root.items.find((p) => isScalar(p.key) && p.key.value === 'containerRuntime' && p.value === node);
        if (node && isScalar(pair?.key)) {
          const from = nodeAt(file, pair.key);
          context.consume({ ...from, end: nodeAt(file, node).end });
        }
        // Docker-era keys the chart's tail template never renders: they did nothing on Docker either.
        for (const pair of getMap(getMap(getMap(values.root, 'fluentbit'), 'input'), 'tail')?.items ?? []) {
          if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
          const key = String(pair.key.value);
          if (!UNRENDERED_DOCKER_KEYS.has(key.toLowerCase()) || operatorChartTailRenders(key)) continue;
          const at = { ...nodeAt(file, pair.key), end: nodeAt(file, pair.value).end };
          context.consume(at);
          if (runtime !== 'cri-dockerd') context.report({ severity: 'info', messageId: 'notRendered', data: { key, next: CHART_RUNTIME[runtime] }, at });
        }
        // Chart 4's operator.containerLogPath: the host directory the operator mounts (its env file's CONTAINER_ROOT_DIR + /containers).
        const operator = getMap(values.root, 'operator');
        const logPair = operator ? pairOf(operator, 'containerLogPath') : undefined;
        if (isScalar(logPair?.key) && isScalar(logPair.value) && isDockerDataPath(scalarString(logPair.value))) {
          const at = { ...nodeAt(file, logPair.key), end: nodeAt(file, logPair.value).end };
          context.consume(at);
          const data = { value: scalarString(logPair.value) ?? '', runtime, next: CHART_RUNTIME[runtime === 'cri-dockerd' ? 'containerd' : runtime], podLogsDir };
          if (runtime === 'cri-dockerd') {
            // Docker's files stay: nothing to say.
          } else if (keepDockerMount) context.report({ severity: 'info', messageId: 'logPathKept', data, at: nodeAt(file, logPair.value) });
          else if (criContainerLogPath(podLogsDir) !== '/var/log/containers') context.report({ severity: 'warning', messageId: 'logPathPodLogs', data, at: nodeAt(file, logPair.value) });
          else context.report({ severity: 'change', messageId: 'logPath', data, at: nodeAt(file, logPair.value), fix: { target: file, edits: replaceScalar(file.text, logPair.value, '/var/log/containers', 'operator-chart-runtime') } });
        }
        // Chart 3's operator.logPath.<runtime>: the init container's `echo CONTAINER_ROOT_DIR=<value>` for containerd/crio (the operator appends /containers).
        for (const pair of getMap(operator, 'logPath')?.items ?? []) {
          if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
          const key = String(pair.key.value);
          const root = scalarString(pair.value);
          if ((key !== 'containerd' && key !== 'crio') || !isDockerDataPath(root)) continue;
          const at = { ...nodeAt(file, pair.key), end: nodeAt(file, pair.value).end };
          context.consume(at);
          // cri-dockerd: containerRuntime stays docker, and the chart reads neither key (its init container asks docker.sock).
          if (runtime === 'cri-dockerd') continue;
          const data = { key, value: root ?? '', mounted: `${trimTrailingSlashes(root ?? '')}/containers`, runtime, podLogsDir };
          if (keepDockerMount) context.report({ severity: 'info', messageId: 'logRootKept', data, at: nodeAt(file, pair.value) });
          else if (criContainerLogPath(podLogsDir) !== '/var/log/containers') context.report({ severity: 'warning', messageId: 'logRootPodLogs', data, at: nodeAt(file, pair.value) });
          else context.report({ severity: 'change', messageId: 'logRoot', data, at: nodeAt(file, pair.value), fix: { target: file, edits: replaceScalar(file.text, pair.value, '/var/log', 'operator-chart-runtime') } });
        }
        // The chart's containerd Lua filter switched off (false, 0, '' or null: Helm deletes it, the template's `if` sees nothing), said in the set Helm renders it from.
        // Each deployment of the release (an environment) merges its own sets: judged in each, naming the environments when not all.
        const deployments = deploymentsOf(context.deployment, values);
        const luaMap = getMap(getMap(getMap(values.root, 'fluentbit'), 'filter'), 'containerd');
        const luaPair = luaMap ? pairOf(luaMap, 'enable') : undefined;
        if (runtime !== 'cri-dockerd' && isScalar(luaPair?.key)) {
          for (const { where } of perDeployment(deployments, (sets) => (luaOff(sets, values) ? true : undefined))) {
            const shown = isScalar(luaPair.value) ? scalarSource(luaPair.value) ?? 'null' : 'null';
            const at = isScalar(luaPair.value) ? { ...nodeAt(file, luaPair.key), end: nodeAt(file, luaPair.value).end } : nodeAt(file, luaPair.key);
            context.report({ severity: 'warning', messageId: 'luaOff', data: { value: shown, runtime, where }, at });
          }
        }
        if (runtime === 'cri-dockerd') {
          if (node && value === 'docker') context.report({ severity: 'info', messageId: 'kept', data: { value }, at: nodeAt(file, node) });
          return;
        }
        const next = CHART_RUNTIME[runtime];
        // Another set of the same release may set it (Argo CD values + valuesObject, Flux valuesFrom + values): Helm renders the highest's.
        if (node && !deployments.some((d) => rendersFrom(d.sets, values, ['containerRuntime']))) return;
        if (!node || value === undefined) {
          // The deployments whose merged sets leave it unset: said once, at the highest set they all share (one line fixes them all), else at each one's top set.
          const release = releaseDeploymentsOf(context.deployment, values);
          const lacking = release.filter((d) => suppliedIn(d.sets, ['containerRuntime'])?.kind !== 'value');
          const shared = (lacking[0]?.sets ?? []).filter((v) => lacking.every((d) => d.sets.includes(v)));
          const speakers = shared.length > 0 ? [{ at: shared[shared.length - 1], of: lacking }] : lacking.map((d) => ({ at: d.sets[d.sets.length - 1], of: [d] }));
          for (const speaker of speakers) {
            if (speaker.at !== values) continue;
            const labels = speaker.of.flatMap((d) => (d.label === undefined ? [] : [d.label]));
            const where = lacking.length < release.length && labels.length > 0 ? ` (${labels.join(', ')})` : '';
            const at = nodeAt(file, values.root);
            context.report({ severity: 'warning', messageId: 'unset', data: { next, where }, at: { ...at, end: at.start } });
          }
          return;
        }
        if (value !== 'docker') return;
        context.report({ severity: 'change', messageId: 'changed', data: { value, next }, at: nodeAt(file, node), fix: { target: file, edits: replaceScalar(file.text, node, next, 'operator-chart-runtime') } });
      },
    };
  },
});
