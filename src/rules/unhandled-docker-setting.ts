import { isSeq } from 'yaml';
import { compareTriples, exactChartVersion, type Triple } from '../deploy/chart-app-version.js';
import { chartBaseName } from '../discover/chart-kind.js';
import type { ChartReleaseInfo } from '../discover/discovery-types.js';
import type { DockerSignalKind } from '../discover/docker-signals.js';
import { nodeAt } from '../view/target.js';
import { getMap, pairOf } from '../yaml/yaml-nodes.js';
import { isOperatorChartValues, listScalars, renderedHere, switchedOff, switchedOffReason, switchOn } from './support/operator-chart-values.js';
import { deploymentsOf, perDeployment } from './support/deployments-of-values.js';
import type { FindingKind } from './run-rules.js';
import { defineRule } from './types.js';

/**
 * The first newrelic-logging chart known to default `fluentBit.criEnabled` to
 * true: newrelic/helm-charts PR #1128 (merged 2023-07-28, "Sets the CRI parser
 * by default") bumped the chart into 1.17, and issue #1131 shows 1.17.1's
 * default values rendering the CRI parser first. Whether 1.17.0 already had
 * it is not established, so only versions below it are known to default to false.
 */
const NEWRELIC_CRI_DEFAULT: Triple = [1, 17, 0];

/** A newrelic-logging release whose chart default decides `fluentBit.criEnabled`: no value of it is given anywhere. */
function newrelicDefaultDecides(release: ChartReleaseInfo): boolean {
  if (release.release.chart === undefined || chartBaseName(release.release.chart) !== 'newrelic-logging' || release.otherValues) return false;
  if (release.release.parameters?.has('fluentBit.criEnabled')) return false;
  return !release.values.some((set) => { const fluentBit = getMap(set.map, 'fluentBit'); return fluentBit !== undefined && pairOf(fluentBit, 'criEnabled') !== undefined; });
}

/**
 * A newrelic-logging release at a known version whose default is `criEnabled: false`, with no value of it given
 * anywhere: that version, as written (from a Flux OCIRepository's `ref.tag`: with where it is written).
 */
export function newrelicCriDefaultVersion(release: ChartReleaseInfo): string | undefined {
  const written = release.versionNode?.value ?? release.sourceVersion?.exact;
  const version = typeof written === 'string' ? exactChartVersion(written) : undefined;
  if (!version || compareTriples(version, NEWRELIC_CRI_DEFAULT) >= 0 || !newrelicDefaultDecides(release)) return undefined;
  return release.versionNode === undefined && release.sourceVersion ? `${String(written)} (${release.sourceVersion.ref})` : String(written);
}

/**
 * A newrelic-logging release whose chart version a Flux OCIRepository decides but does not tell (a semver range, a
 * digest, no ref, a tag that is not one version), with no value of `criEnabled` given: the ref, for the info.
 */
export function newrelicCriAssumedRef(release: ChartReleaseInfo): string | undefined {
  const source = release.sourceVersion;
  if (release.versionNode !== undefined || source === undefined || (source.exact !== undefined && exactChartVersion(source.exact) !== undefined)) return undefined;
  return newrelicDefaultDecides(release) ? (source.exact !== undefined ? `${source.ref} '${source.exact}'` : source.ref) : undefined;
}


/**
 * The safety net (issue #11): Docker-era settings that no recognizer or
 * rule consumed, reported once each at their position: migrate/safety-net.ts
 * runs it after every other rule, over every input, with this rule's
 * messages. Its one listener speaks for a chart default no text shows
 * (newrelic-logging's `criEnabled`, by the release's version).
 */
export const unhandledDockerSetting = defineRule({
  meta: {
    id: 'unhandled-docker-setting',
    kind: 'report',
    severities: ['warning', 'info'],
    docs: {
      summary: 'safety net: a Docker-era setting (Docker\'s data root, `Parser docker`, `Docker_Mode`, `docker.sock`, `docker.service`, `-json.log`, the newrelic-logging chart\'s `criEnabled: false` (or its default, by a release\'s version below 1.17), a `containerRuntime: docker` or `runtime: docker` switch, a boolean runtime switch choosing Docker (`docker: true`, `containerd: false`, `criParser: false`), Docker\'s Windows data root `C:\\ProgramData\\docker`) in a place no recognizer reads, reported once at its position',
      details: [
        'After every recognizer and rule has run, every input is scanned for the Docker-era signals of runtime-migration.md F: a path under Docker\'s data root (`/var/lib/docker`, the snap\'s `/var/snap/docker/common/var-lib-docker`, `<root>/docker/containers`, on Windows nodes `C:\\ProgramData\\docker`), `Parser docker` (any spelling: `parser: docker`, `"parser": "docker"`), `Docker_Mode`/`dockerMode`, `docker.sock`, `docker.service`, a `-json.log` file name. A signal inside a range that a recognizer read or a rule looked at (a Fluent Bit config, a pod\'s mounts, chart values knobs, a Helm template reported once per file) is not reported again; every other one is, once, as a warning: an unknown CRD field, a JSON file, a `.conf` of another tool, a ConfigMap key that is not Fluent Bit config, a container\'s args or env, a chart\'s values knob flb-migrate has no model of.',
        'Base64 is decoded, not skipped: a Secret\'s `data` or a ConfigMap\'s `binaryData` value that holds a Fluent Bit config is read and migrated like a `stringData` value (re-encoded in place); one that holds no config Fluent Bit reads (or that Kubernetes cannot decode) but a Docker-era setting is reported once per key, at the value, naming every setting found in the decoded text.',
        'A runtime switch is a Docker-era setting too, whatever reads it (a chart or script flb-migrate has no model of renders the parser and paths from it): a key naming a runtime set to Docker (`containerRuntime: docker`, `runtime: docker`), a Docker key set on (`docker: true`, `useDocker`, `enableDocker`, `dockerEnabled`, `dockerLogs`: `true`, `yes`, `on`), or a CRI runtime or parser key set off (`containerd: false`, `crio`, `cri-o`, `cri`, `criParser`, `useContainerd`: `false`, `no`, `off`), as a YAML or JSON pair (`docker = true` is code). A `docker:` key holding a map (an image) is no switch, nor a Docker key set off or a CRI key set on.',
        'In shell scripts and Makefiles a variable set to `docker` and used as a parser (`FLB_PARSER ?= docker`, then `Parser $(FLB_PARSER)` or `--set input.tail.parser=${FLB_PARSER}`; a `${VAR:-docker}` default in that place) is reported at its `docker`, naming the use: neither line is a signal on its own.',
        'kubectl\'s `kubectl.kubernetes.io/last-applied-configuration` annotation (in `kubectl get -o yaml` dumps) is a record of the last apply, not what runs, and the next `kubectl apply` of the migrated object rewrites it: its signals are one info per annotation, so a migrated dump passes --check.',
        'A chart default is a setting no text shows: a newrelic-logging release (Argo CD `targetRevision`, Flux `spec.chart.spec.version`, helmfile or kustomize `version`) at an exact version below 1.17, whose values (and `--set` parameters) leave `fluentBit.criEnabled` unset and that takes no values file or `valuesFrom`, gets a warning at its version: those charts default it to false (LOG_PARSER=docker). A version range, 1.17.0 (whether the default had flipped is not established), a later version, or an umbrella chart (nri-bundle) says nothing. A Flux `chartRef` OCIRepository\'s `ref.tag` is the chart\'s version (`helm push` tags the artifact with it): the warning points at the chartRef\'s name and names the OCIRepository; its `ref.semver` range, `ref.digest` (each wins over a tag) or no `ref` (tag `latest`) is not one version: an info says that a chart of 1.17 or later is assumed.',
        'The fluent-operator chart\'s multiline ClusterFilter is judged from its values as the ClusterFilter written as a CR is (its `parser: docker` is a `Parser docker` signal): `fluentbit.filter.multiline.parsers` naming `docker` (a list item, or a name of a comma list), in the value set Helm renders the list from (a higher set\'s list replaces a lower one whole), while the merged values render the filter (`fluentbit.filter.multiline.enable` true: its chart default is false; `Kubernetes`, `fluentbit.enable` not off). One warning at that item (an info when a switch keeps the filter from being rendered: `enable` not given, false or null, or `Kubernetes`/`fluentbit.enable` off), not edited: the filter reads `log` after the chart\'s tail input parsed the line, where the docker parser (Docker\'s JSON line) joins nothing; the fix is `fluentbit.input.tail.multilineParser: docker, cri` and application parsers only in the list.',
        'Comments are not settings: YAML comments and `#`/`;` comment lines of other files are not scanned (a commented-out mount changes nothing). With cri-dockerd nothing is reported (Docker stays), and --keep-docker-mount keeps Docker\'s files on purpose (data-root and `-json.log` signals are not reported). With --check the warnings count like any other.',
      ].join('\n'),
      // A values knob of a chart flb-migrate has no model of: only the user knows what it drives.
      example: {
        before: 'logAgent:\n  hostLogDir: /var/lib/docker/containers\n',
        after: 'logAgent:\n  hostLogDir: /var/log/pods\n',
      },
    },
    messages: {
      found: 'Docker-era setting found where flb-migrate cannot edit it: {{setting}} ({{why}}); {{action}}',
      multilineNotRendered: '{{setting}} is not rendered: {{reason}}, so the chart makes no multiline ClusterFilter and Fluent Bit never gets docker there; left as is: if it is turned on, remove docker from the list and set fluentbit.input.tail.multilineParser: docker, cri',
      lastApplied: "kubectl's last-applied-configuration annotation records Docker-era settings ({{setting}}): it is the previous apply, not what runs; the next kubectl apply of this object rewrites it (or remove the annotation)",
      criDefaultAssumed: "newrelic-logging from {{ref}}: the chart version is not one version here, so flb-migrate assumes 1.17 or later, where fluentBit.criEnabled defaults to true; charts before 1.17 default it to false (LOG_PARSER=docker): pin the tag, or set fluentBit.criEnabled: true in the release's values",
      criDefault: "newrelic-logging {{version}} defaults fluentBit.criEnabled to false (charts before 1.17) and these values leave it unset: the chart sets LOG_PARSER=docker, so its tail input parses container logs with Parser docker; set fluentBit.criEnabled: true in the release's values, or upgrade the chart (1.18.1 and later default it to true)",
    },
  },
  create(context) {
    return {
      // The fluent-operator chart's multiline ClusterFilter, judged from the values it is rendered from as the CR is.
      helmValues(values, file) {
        if (context.options.runtime === 'cri-dockerd' || !isOperatorChartValues(values)) return;
        const enable = [...MULTILINE_FILTER, 'enable'];
        // Each deployment of the release (an environment) merges its own sets: the list may be rendered, or switched off, in some only.
        const verdicts = perDeployment(deploymentsOf(context.deployment, values), (sets) => {
          const names = renderedHere(sets, values, MULTILINE_PARSERS);
          if (names === undefined) return undefined;
          // A switch off (the filter's own is off by default): no multiline ClusterFilter is rendered; said, not warned, as a switched-off input is.
          const off = switchedOff(sets, [['Kubernetes'], ['fluentbit', 'enable'], enable]) ?? (switchOn(sets, enable) ? undefined : { key: enable.join('.'), how: 'unset' as const });
          return { names, reason: off === undefined ? undefined : switchedOffReason(off, values) };
        }, (v) => v.reason ?? '');
        for (const { verdict, where } of verdicts) {
          const { names, reason } = verdict;
          // The template joins the list at commas into the ClusterFilter's `parser`; the operator splits it again, one name each.
          for (const item of listScalars(names)) {
            if (!String(item.value).split(',').some((n) => n.trim() === 'docker')) continue;
            const setting = `fluentbit.filter.multiline.parsers${isSeq(names) ? ' item' : ''} ${String(item.value).trim()}${where}`;
            if (reason !== undefined) context.report({ severity: 'info', messageId: 'multilineNotRendered', data: { setting, reason }, at: nodeAt(file, item) });
            else context.report({ severity: 'warning', messageId: 'found', data: { setting, why: EXPLAIN['parser-docker'].why, action: CHART_MULTILINE_ACTION }, at: nodeAt(file, item) });
          }
        }
      },
      // A chart's default is a Docker-era setting no text shows: the release's version says it.
      chartRelease(release, file) {
        if (context.options.runtime === 'cri-dockerd') return;
        const version = newrelicCriDefaultVersion(release);
        if (version !== undefined) context.report({ severity: 'warning', messageId: 'criDefault', data: { version }, at: nodeAt(file, release.versionNode ?? release.chartNode) });
        // A Flux OCIRepository whose ref is not one version: say what is assumed (a later chart, criEnabled true).
        const ref = newrelicCriAssumedRef(release);
        if (ref !== undefined) context.report({ severity: 'info', messageId: 'criDefaultAssumed', data: { ref }, at: nodeAt(file, release.chartNode) });
      },
    };
  },
});

/** The fluent-operator chart's multiline filter values (templates/fluentbit-clusterfilter-multiline.yaml). */
const MULTILINE_FILTER = ['fluentbit', 'filter', 'multiline'];
const MULTILINE_PARSERS = [...MULTILINE_FILTER, 'parsers'];

/** What to do with `docker` in the chart's multiline filter: the filter sees `log` after the tail input parsed the line. */
const CHART_MULTILINE_ACTION =
  'the chart renders it as the parser of its multiline ClusterFilter, which runs after the chart\'s tail input has parsed the line, so its docker (and cri) parser joins nothing: remove it from the list (keep the application parsers) and set fluentbit.input.tail.multilineParser: docker, cri to join split lines at the input (Fluent Bit >= 1.8)';

/** Why each kind of signal breaks, and what to do: the message's data. */
const EXPLAIN: Readonly<Record<DockerSignalKind, { readonly why: string; readonly action: string }>> = {
  'docker-data-root': {
    why: "Docker's data directory, which containerd and CRI-O nodes do not have",
    action: 'container logs are under /var/log/containers (symlinks) and /var/log/pods; point it there or remove it',
  },
  'parser-docker': {
    why: 'the docker parser reads Docker JSON log lines only, and CRI runtimes write `<time> <stream> <P|F> <log>` lines',
    action: 'use multiline.parser docker, cri (Fluent Bit >= 1.8) where this value ends up',
  },
  'docker-mode': {
    why: 'Docker_Mode only joins split Docker JSON lines',
    action: 'remove it and use multiline.parser docker, cri (Fluent Bit >= 1.8) where this value ends up',
  },
  'docker-socket': {
    why: 'the Docker API socket is gone on containerd and CRI-O nodes',
    action: 'remove what uses it (docker_events, docker metrics, a Docker client), or move it to the CRI socket',
  },
  'docker-service': {
    why: 'dockerd does not run on containerd or CRI-O nodes',
    action: 'use containerd.service or crio.service instead (or add it while some nodes still run Docker)',
  },
  'cri-disabled': {
    why: "the newrelic-logging chart's switch: false sets LOG_PARSER=docker, so its tail input parses container logs with Parser docker",
    action: 'set it to true, so that the chart parses CRI lines (LOG_PARSER=cri)',
  },
  'runtime-docker': {
    why: "a container runtime switch set to Docker: what reads it, such as KubeSphere's installer or a chart, renders Parser docker and Docker's paths",
    action: 'set it to the runtime the nodes run (containerd or crio, in the spelling its reader expects)',
  },
  'runtime-switch': {
    why: "a switch naming a container runtime, set to choose Docker: a chart, template or script reading it renders Parser docker or Docker's paths whatever the config text says",
    action: 'turn it to the runtime the nodes run (the Docker switch off, the containerd or CRI one on), or remove it if nothing reads it',
  },
  'json-log': {
    why: "Docker's json-file log names; the kubelet's files are /var/log/containers/<pod>_<namespace>_<container>-<id>.log",
    action: 'match the kubelet file names (*.log) instead',
  },
  'docker-windows-root': {
    why: "Docker's data directory on Windows nodes, which containerd Windows nodes do not have",
    action: 'on containerd Windows nodes container logs are under C:\\var\\log\\containers (symlinks) and C:\\var\\log\\pods; point it there or remove it (flb-migrate does not migrate Windows nodes)',
  },
};


/** What the finding for one signal the safety net found says (`setting` as written); the caller has its range in file offsets. */
export function unhandledSettingFinding(kind: DockerSignalKind, setting: string, lastApplied = false): FindingKind {
  if (lastApplied) return { ruleId: unhandledDockerSetting.meta.id, messageId: 'lastApplied', data: { setting }, severity: 'info' };
  return { ruleId: unhandledDockerSetting.meta.id, messageId: 'found', data: { setting, ...EXPLAIN[kind] }, severity: 'warning' };
}
