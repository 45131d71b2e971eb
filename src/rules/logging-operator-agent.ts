import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { isDockerWindowsRoot } from '../discover/docker-signals.js';
import type { Located, EditTarget } from '../view/types.js';
import { scalarString } from '../yaml/yaml-nodes.js';
import { isDockerDataPath } from './support/host-paths.js';
import { classifyPath } from './support/tail-target.js';
import { defineRule } from './types.js';

/** The range of a pair: its key's first byte to its value's last. */
function pairAt(file: EditTarget, pair: Pair): Located {
  const start = (pair.key as Node | null)?.range?.[0] ?? 0;
  const end = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node | null)?.range?.[1] ?? start;
  return { target: file, start, end };
}

/** The pairs of a map with a scalar key, by key as written (the API server prunes fields whose case differs from the CRD's). */
function pairs(map: YAMLMap | undefined): readonly (readonly [string, Pair])[] {
  return (map?.items ?? []).flatMap((p) => (isPair(p) && isScalar(p.key) ? [[String(p.key.value), p] as const] : []));
}

export const loggingOperatorAgent = defineRule({
  meta: {
    id: 'logging-operator-agent',
    kind: 'report',
    severities: ['warning', 'info'],
    docs: {
      summary: 'kube-logging (banzaicloud) logging-operator: Docker-era settings of a `Logging`\'s `spec.fluentbit` or `spec.nodeAgents[].nodeAgentFluentbit`, a `FluentbitAgent`\'s `spec` or a `NodeAgent`\'s `spec.nodeAgentFluentbit` (`inputTail` Parser docker, Docker_Mode keys, a Path under Docker\'s data root; `extraVolumeMounts` of Docker\'s directory; `mountPath`, `containersPath`)',
      details: [
        'The logging-operator (logging.banzaicloud.io) renders the Fluent Bit DaemonSet and its config from the FluentbitSpec (pkg/sdk/logging/api/v1beta1/fluentbit_types.go): `inputTail` keys become the tail input\'s keys as written (pkg/resources/fluentbit/configsecret.go), `extraVolumeMounts` items become hostPath mounts, and `mountPath` (default /var/lib/docker/containers) is the host directory it always mounts at /var/lib/docker/containers, beside /var/log.',
        'Reported, not rewritten: `inputTail.Parser: docker` (the fix, `multiline.parser: [docker, cri]`, needs Fluent Bit >= 1.8 and an operator whose CRD has the field; the operator then drops Parser and the Docker_Mode keys; removing Parser makes the operator choose by its own runtime setting, `cri` for containerd, which puts the content in `message`), each `Docker_Mode*` key (Docker-only), a `Path` under Docker\'s data root (its tag and the kubernetes filter\'s Kube_Tag_Prefix go with it; the operator\'s default Path is /var/log/containers/*.log), an `extraVolumeMounts` item whose source is Docker\'s data directory (the operator already mounts /var/log). `mountPath` is an info: the operator mounts it whatever it is set to and containerd/CRI-O logs are read through /var/log, so it is harmless.',
        'With `customConfigSecret` set on a FluentbitSpec the operator renders no config of its own (config.go `configSecret()` is skipped; the DaemonSet runs the Secret\'s fluent-bit.conf), so `inputTail` is unused: its Docker-era keys are an info saying so, not a warning. The Secret\'s config is migrated as the config that agent runs.',
        'Node agents (`Logging.spec.nodeAgents[]`, `NodeAgent`; their `nodeAgentFluentbit` has the same `inputTail` and `extraVolumeMounts` types, node_agent_types.go) get the same findings; their `containersPath` (default /var/lib/docker/containers, mounted at itself) is the info in place of `mountPath`.',
        'A node agent with `profile: windows` has the operator\'s Windows defaults (nodeagent.go: Path C:\\var\\log\\containers\\*.log, varLogsPath C:\\var\\log, containersPath C:\\ProgramData\\docker): its messages name those, and a containersPath of Docker\'s Windows data root gets the containersPath info.',
        'cri-dockerd keeps Docker: nothing is reported; --keep-docker-mount keeps the mounts (not reported). The safety net does not report these settings again.',
      ].join('\n'),
      example: {
        before: 'apiVersion: logging.banzaicloud.io/v1beta1\nkind: FluentbitAgent\nmetadata:\n  name: agent\nspec:\n  inputTail:\n    Parser: docker\n',
        after: 'apiVersion: logging.banzaicloud.io/v1beta1\nkind: FluentbitAgent\nmetadata:\n  name: agent\nspec:\n  inputTail:\n    multiline.parser:\n      - docker\n      - cri\n',
      },
    },
    messages: {
      parserDocker: '{{kind}} inputTail Parser docker: the operator writes it into its tail input, and the docker parser reads Docker JSON lines only ({{runtime}} writes CRI lines); set multiline.parser: [docker, cri] instead (Fluent Bit >= 1.8 and an operator whose CRD has it; the operator then drops Parser and the Docker_Mode keys)',
      dockerMode: '{{kind}} inputTail {{key}} {{value}}: Docker_Mode only joins split Docker JSON lines ({{runtime}} writes CRI lines); remove the Docker_Mode keys and use multiline.parser: [docker, cri]',
      dockerPath: "{{kind}} inputTail Path {{value}} reads Docker's json-file logs, which {{runtime}} nodes do not have; remove Path (the operator's default is {{defaultPath}}) and any filterKubernetes Kube_Tag_Prefix written for this path",
      extraMount: "{{kind}} extraVolumeMounts source {{value}} is Docker's data directory, which {{runtime}} nodes do not have; remove this item (the operator already mounts {{varLog}}, which holds {{logDirs}})",
      mountPath: "{{kind}} mountPath {{value}}: the operator mounts this host directory at /var/lib/docker/containers whatever it is set to (by default Docker's); {{runtime}} logs are read through its /var/log mount, so it is unused and harmless; nothing to change",
      unusedWithCustomConfig: '{{kind}} inputTail {{key}} {{value}}: unused while customConfigSecret {{secret}} is set (the operator runs that Secret\'s fluent-bit.conf and renders no config from inputTail); nothing to change here, or remove it',
      customConfigUnchecked: '{{kind}} customConfigSecret {{value}}: the operator runs that Secret\'s fluent-bit.conf instead of a config of its own, and no Secret {{value}} with a fluent-bit.conf is among the inputs, so the config this agent runs was not checked; pass the Secret along',
      containersPath: "{{kind}} containersPath {{value}}: the operator mounts this host directory at the same path, and Docker's is its default whatever is written; {{runtime}} logs are read through its varLogsPath mount ({{varLog}} by default), so it is unused and harmless; nothing to change",
    },
  },
  create(context) {
    const { runtime, podLogsDir, keepDockerMount } = context.options;
    return {
      loggingAgent(agent, file) {
        const kind = `${agent.kind} ${agent.name ?? ''}`.trim();
        // Everything read here is decided here: the safety net does not report it again (cri-dockerd: silently).
        const decide = (at: Located, report: () => void): void => {
          if (runtime === 'cri-dockerd') context.consume(at);
          else report();
        };
        const spec = pairs(agent.spec);
        // A Windows node agent (profile: windows) has the operator's Windows defaults (nodeagent.go NodeAgentFluentbitWindowsDefaults).
        const paths = agent.windows
          ? { defaultPath: 'C:\\var\\log\\containers\\*.log', varLog: 'C:\\var\\log', logDirs: 'C:\\var\\log\\containers and C:\\var\\log\\pods' }
          : { defaultPath: '/var/log/containers/*.log', varLog: '/var/log', logDirs: '/var/log/containers and /var/log/pods' };
        // customConfigSecret: the DaemonSet runs the Secret's fluent-bit.conf (a workload of the model, build-deployment.ts); when it is not here, say so.
        const custom = spec.find(([k]) => k === 'customConfigSecret')?.[1];
        const customName = custom ? (scalarString(custom.value) ?? '').trim() : '';
        const customSecret = custom && customName !== '' && agent.shape === 'fluentbit' ? customName : undefined;
        if (custom && customSecret !== undefined) {
          const runner = context.deployment.workloads.find((w) => w.path === file.path && w.docIndex === agent.docIndex && w.kind === agent.kind && w.name === agent.name && w.source === 'operator');
          if (runner?.containers[0]?.mainConfig?.kind !== 'config') {
            const at = pairAt(file, custom);
            context.report({ severity: 'info', messageId: 'customConfigUnchecked', data: { kind, value: customName }, at });
          }
        }
        const inputTail = spec.find(([k]) => k === 'inputTail')?.[1].value;
        const tail = pairs(isMap(inputTail) ? inputTail : undefined);
        // With multiline.parser the operator blanks Parser, Parser_Firstline, Parser_N, Multiline and the Docker_Mode keys (configsecret.go).
        const multiline = tail.some(([k, p]) => k === 'multiline.parser' && isSeq(p.value) && p.value.items.length > 0);
        for (const [key, pair] of tail) {
          const value = scalarString(pair.value) ?? '';
          const at = pairAt(file, pair);
          if (multiline && (key === 'Parser' || key.startsWith('Docker_Mode'))) {
            context.consume(at);
            continue;
          }
          const setting =
            key === 'Parser' && value.trim() === 'docker' ? 'parserDocker'
            : key.startsWith('Docker_Mode') ? 'dockerMode'
            : key === 'Path' && value.split(',').some((p) => classifyPath(p, podLogsDir) === 'docker-root') ? 'dockerPath'
            : undefined;
          if (setting === undefined) continue;
          // customConfigSecret: the operator renders no config (configSecret() in config.go is skipped), so inputTail is unused: an info, not a warning.
          if (customSecret !== undefined) decide(at, () => context.report({ severity: 'info', messageId: 'unusedWithCustomConfig', data: { kind, key, value, secret: customSecret }, at }));
          else if (setting === 'parserDocker') decide(at, () => context.report({ severity: 'warning', messageId: 'parserDocker', data: { kind, runtime }, at }));
          else if (setting === 'dockerMode') decide(at, () => context.report({ severity: 'warning', messageId: 'dockerMode', data: { kind, key, value, runtime }, at }));
          else decide(at, () => context.report({ severity: 'warning', messageId: 'dockerPath', data: { kind, value, runtime, defaultPath: paths.defaultPath }, at }));
        }
        for (const [key, pair] of spec) {
          const value = scalarString(pair.value);
          // A FluentbitSpec's mountPath; a node agent's containersPath (node_agent_types.go), mounted at itself (nodeagent/daemonset.go).
          const windowsDockerRoot = agent.windows === true && isDockerWindowsRoot(value ?? '');
          if (key === (agent.shape === 'nodeAgent' ? 'containersPath' : 'mountPath') && (isDockerDataPath(value) || windowsDockerRoot)) {
            const at = pairAt(file, pair);
            if (runtime === 'cri-dockerd' || keepDockerMount) context.consume(at);
            else if (agent.shape === 'nodeAgent') context.report({ severity: 'info', messageId: 'containersPath', data: { kind, value: value ?? '', runtime, varLog: paths.varLog }, at });
            else context.report({ severity: 'info', messageId: 'mountPath', data: { kind, value: value ?? '', runtime }, at });
          }
          if (key !== 'extraVolumeMounts' || !isSeq(pair.value)) continue;
          for (const item of pair.value.items) {
            if (!isMap(item)) continue;
            const source = scalarString(pairs(item).find(([k]) => k === 'source')?.[1].value);
            if (!isDockerDataPath(source)) continue;
            const at = { target: file, start: item.range?.[0] ?? 0, end: item.range?.[1] ?? 0 };
            if (runtime === 'cri-dockerd' || keepDockerMount) context.consume(at);
            else context.report({ severity: 'warning', messageId: 'extraMount', data: { kind, value: source ?? '', runtime, varLog: paths.varLog, logDirs: paths.logDirs }, at });
          }
        }
      },
    };
  },
});
