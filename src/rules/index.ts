/*
 * The rule registry: one line per rule. Adding a rule is this line, the rule
 * file (`<id>.ts`, exporting the camelCase id) and its fixtures
 * (`fixtures/rules/<id>/<case>/`); the README table and the CLI's rule list
 * are generated from it (`npm run docs:rules`). Order does not matter:
 * findings are sorted by position, and rules never edit the same bytes.
 */
export { containerJsonParser } from './container-json-parser.js';
export { customParserName } from './custom-parser-name.js';
export { decodeFieldLog } from './decode-field-log.js';
export { dockerEventsInput } from './docker-events-input.js';
export { dockerMetricsInput } from './docker-metrics-input.js';
export { dockerNodePool } from './docker-node-pool.js';
export { dockerSocket } from './docker-socket.js';
export { dockerVolume } from './docker-volume.js';
export { fluentBitVersion } from './fluent-bit-version.js';
export { fluxSubstitution } from './flux-substitution.js';
export { fluxVariable } from './flux-variable.js';
export { helmVolumes } from './helm-volumes.js';
export { kubeTagPrefix } from './kube-tag-prefix.js';
export { kustomizeLoadRestrictor } from './kustomize-load-restrictor.js';
export { kustomizeReplacements } from './kustomize-replacements.js';
export { legacyParser } from './legacy-parser.js';
export { logMountPath } from './log-mount-path.js';
export { loggingOperatorAgent } from './logging-operator-agent.js';
export { luaFilter } from './lua-filter.js';
export { messageField } from './message-field.js';
export { multilineStartState } from './multiline-start-state.js';
export { oldMultiline } from './old-multiline.js';
export { operatorChartRuntime } from './operator-chart-runtime.js';
export { operatorLogPath } from './operator-log-path.js';
export { operatorParserRef } from './operator-parser-ref.js';
export { podLogsMount } from './pod-logs-mount.js';
export { repeatedProperty } from './repeated-property.js';
export { systemdUnit } from './systemd-unit.js';
export { tailParser } from './tail-parser.js';
export { tailPath } from './tail-path.js';
export { unhandledDockerSetting } from './unhandled-docker-setting.js';
export { unresolvedVariable } from './unresolved-variable.js';
export { useJournal } from './use-journal.js';
export { windowsPath } from './windows-path.js';
export { yamlListValue } from './yaml-list-value.js';
