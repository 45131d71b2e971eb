import { isScalar } from 'yaml';
import { nodeAt } from '../view/target.js';
import { replaceScalar } from '../yaml/yaml-edits.js';
import { getMap, pairOf, scalarString } from '../yaml/yaml-nodes.js';
import { covers, hostDir, isDockerDataPath } from './support/host-paths.js';
import { defineRule } from './types.js';

/** The operator's own /var/log hostPath mount (pkg/operator/daemonset.go, volume `varlogs`), beside containerLogRealPath. */
const OPERATOR_VAR_LOG = '/var/log';

/**
 * The directory a FluentBit's `containerLogRealPath` should name on a CRI node: the kubelet's symlinks dir
 * (what the fluent-operator chart gives the operator for containerd and CRI-O) when the pod logs dir lies
 * under the operator's /var/log mount; else the pod logs dir itself, which no other operator mount covers.
 */
export function criContainerLogPath(podLogsDir: string): string {
  return covers(OPERATOR_VAR_LOG, hostDir(podLogsDir)) ? '/var/log/containers' : podLogsDir;
}

export const operatorLogPath = defineRule({
  meta: {
    id: 'operator-log-path',
    kind: 'change',
    severities: ['change', 'warning', 'info'],
    docs: {
      summary: "Fluent Operator `FluentBit.spec.containerLogRealPath` of Docker's data directory becomes /var/log/containers (or the kubelet's podLogsDir when it lies outside /var/log)",
      details: [
        'The Fluent Operator (fluent/fluent-operator, and the KubeSphere fluentbit-operator before it) mounts `containerLogRealPath` as a read-only hostPath volume (`varlibcontainers`) at the same path in the Fluent Bit container, beside its own /var/log and /var/log/journal mounts (pkg/operator/daemonset.go `MakeDaemonSet`). When the field is empty it uses the operator\'s `CONTAINER_ROOT_DIR` + `/containers` (the fluent-operator chart writes it from `containerRuntime`: Docker\'s root for docker, /var/log for containerd and crio; chart 4 takes `operator.containerLogPath`, default /var/log/containers) or /var/lib/docker/containers (controllers/fluentbit_controller.go `getContainerLogPath`).',
        'On containerd and CRI-O, Docker\'s directory is empty and the /var/log/containers symlinks point into the pod logs dir: a `containerLogRealPath` under Docker\'s data root is set to /var/log/containers, the value the chart gives the operator for those runtimes (already inside the /var/log mount, so the change only stops mounting Docker\'s directory). When the kubelet\'s podLogsDir (--pod-logs-dir) lies outside /var/log, it is set to that directory instead: it is the one operator field that mounts a host directory of the user\'s choice, and no other operator mount reaches the symlinks\' targets there.',
        'A FluentBit without the field gets the operator\'s own path, which depends on how the operator was installed, not on the FluentBit: `CONTAINER_ROOT_DIR` + `/containers` from /fluent-operator/fluent-bit.env (the chart and the current plain manifests\' `fluent-operator-env` ConfigMap write /var/log, or Docker\'s root for `containerRuntime: docker`; the older plain manifests\' `setenv` init container writes `docker info`\'s DockerRootDir, empty without Docker, so the operator mounts /containers), else /var/lib/docker/containers (an operator Deployment without that file: a kustomize or hand-made install). When the batch holds no fluent-operator chart values (whose operator path operator-chart-runtime judges), the FluentBit gets an info at its `spec` saying so and to set `containerLogRealPath: /var/log/containers` (harmless otherwise: the tail input reads the symlinks through the /var/log mount); a warning when the kubelet\'s podLogsDir lies outside /var/log, where the symlinks\' targets are mounted only when the field names that directory. cri-dockerd: nothing.',
        'Removing the field is not the fix: the operator then falls back to its own setting, which is Docker\'s directory for an operator installed without the chart or with `containerRuntime: docker`. cri-dockerd keeps Docker (nothing said); --keep-docker-mount keeps the value with an info.',
      ].join('\n'),
      example: {
        before: 'apiVersion: fluentbit.fluent.io/v1alpha2\nkind: FluentBit\nmetadata:\n  name: fluent-bit\nspec:\n  containerLogRealPath: /var/lib/docker/containers\n',
        after: 'apiVersion: fluentbit.fluent.io/v1alpha2\nkind: FluentBit\nmetadata:\n  name: fluent-bit\nspec:\n  containerLogRealPath: /var/log/containers\n',
      },
    },
    messages: {
      changed: "FluentBit {{name}} containerLogRealPath {{value}} -> {{next}}: the operator mounts this host directory at the same path; {{runtime}} leaves Docker's directory empty and the /var/log/containers symlinks point into {{podLogsDir}}{{why}}",
      unset: "FluentBit {{name}} sets no containerLogRealPath, so the operator mounts its own path: /var/lib/docker/containers when the operator has no /fluent-operator/fluent-bit.env (an install without the chart or its env ConfigMap), else CONTAINER_ROOT_DIR + /containers from that file (Docker's root when it was written for Docker): it may be Docker's directory, which {{runtime}} leaves empty{{consequence}}: set spec.containerLogRealPath: {{next}} so the mount does not depend on how the operator was installed",
      kept: 'FluentBit {{name}} containerLogRealPath {{value}} kept because of --keep-docker-mount (nodes still running Docker read their logs through it); set it to {{next}} once no node runs Docker',
    },
  },
  create(context) {
    const { runtime, podLogsDir, keepDockerMount } = context.options;
    return {
      fluentBit(fb, file) {
        const spec = getMap(fb.node, 'spec');
        const pair = spec ? pairOf(spec, 'containerLogRealPath') : undefined;
        if (!pair && spec && runtime !== 'cri-dockerd') {
          // No value here: the operator's own path (fluentbit_controller.go getContainerLogPath). The chart's is judged at its values.
          const chart = context.deployment.workloads.some((w) => w.helm?.chartKind === 'fluent-operator' && context.deployment.together(w.path, file.path));
          const specPair = pairOf(fb.node, 'spec');
          if (chart || !isScalar(specPair?.key)) return;
          const next = criContainerLogPath(podLogsDir);
          const under = next !== podLogsDir;
          const consequence = under ? ' (harmless while the tail input reads /var/log/containers: the operator mounts /var/log too)' : `, and the /var/log/containers symlinks point into ${podLogsDir}, which no other operator mount covers`;
          context.report({ severity: under ? 'info' : 'warning', messageId: 'unset', data: { name: fb.name ?? '', runtime, next, consequence }, at: nodeAt(file, specPair.key) });
          return;
        }
        if (!isScalar(pair?.key) || !isScalar(pair.value)) return;
        const value = scalarString(pair.value);
        if (!isDockerDataPath(value)) return;
        const at = { ...nodeAt(file, pair.key), end: nodeAt(file, pair.value).end };
        // The pair is decided here: the safety net does not give its generic advice again (cri-dockerd: silently kept).
        context.consume(at);
        if (runtime === 'cri-dockerd') return;
        const next = criContainerLogPath(podLogsDir);
        const data = { name: fb.name ?? '', value: value ?? '', next, runtime, podLogsDir };
        if (keepDockerMount) {
          context.report({ severity: 'info', messageId: 'kept', data, at: nodeAt(file, pair.value) });
          return;
        }
        const why = next === podLogsDir ? ', which no other operator mount covers' : ', which the operator already mounts with /var/log (the fluent-operator chart gives the operator this path for containerd and crio)';
        context.report({ severity: 'change', messageId: 'changed', data: { ...data, why }, at: nodeAt(file, pair.value), fix: { target: file, edits: replaceScalar(file.text, pair.value, next, 'operator-log-path') } });
      },
    };
  },
});
