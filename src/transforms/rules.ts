/**
 * Every rule id flb-migrate can emit, with what it does. Ids are stable:
 * scripts may filter on them. `kind` says whether the rule edits (`change`)
 * or only reports (`report`). The README's rule table is checked against
 * this list by a test.
 */
export const RULES = {
  'tail-parser': { kind: 'change', summary: 'tail inputs reading container logs: `Parser docker`/`Parser cri`/`Docker_Mode` become `multiline.parser docker, cri` (or `cri` with --cri-only); `multiline.parser docker` gets `cri`; Docker_Mode* removed' },
  'legacy-parser': { kind: 'change', summary: 'Fluent Bit < 1.8 (no multiline.parser): `Parser cri-log`, a CRI regex parser capturing `log`, added to the setup\'s parsers file (or a warning saying what to add where)' },
  'fluent-bit-version': { kind: 'report', summary: 'info: no image tag in the input, so Fluent Bit >= 1.8 was assumed' },
  'tail-path': { kind: 'change', summary: "tail `Path` under Docker's data root becomes `/var/log/containers/*.log`; the tag change and dependent Tag_Regex/Exclude_Path are reported" },
  'systemd-unit': { kind: 'change', summary: 'systemd input `_SYSTEMD_UNIT=docker.service` becomes `containerd.service` / `crio.service`' },
  'yaml-tail-parser': { kind: 'change', summary: 'the tail-parser rule for the YAML config format (`pipeline.inputs[]`)' },
  'operator-tail': { kind: 'change', summary: 'the tail-parser rule for Fluent Operator ClusterInput/Input `spec.tail` (`multilineParser`, `dockerMode*`)' },
  'docker-volume': { kind: 'change', summary: "pod templates: Docker's containers hostPath (matched by path) is unmounted from Fluent Bit containers and removed when nothing else mounts it" },
  'pod-logs-mount': { kind: 'change', summary: 'a pod that mounts only /var/log/containers gets the pod logs dir mounted at the same path' },
  'helm-volumes': { kind: 'change', summary: 'fluent/fluent-bit chart values: Docker volume removed from daemonSetVolumes/daemonSetVolumeMounts; chart defaults in effect are reported with the override to add' },
  'docker-socket': { kind: 'report', summary: 'docker.sock (or /var/run, /run) hostPath mounts' },
  'log-mount-path': { kind: 'report', summary: "log directories mounted at a different path than on the host (the kubelet's symlinks are absolute)" },
  'docker-events-input': { kind: 'report', summary: '`docker_events` inputs (Docker API socket)' },
  'docker-metrics-input': { kind: 'report', summary: '`docker` metrics inputs (Docker cgroups)' },
  'lua-filter': { kind: 'report', summary: 'Lua filters: review field handling by hand; never rewritten' },
  'use-journal': { kind: 'report', summary: 'kubernetes filter `Use_Journal On` (Docker journald driver only)' },
  'message-field': { kind: 'report', summary: 'filters and parsers reading `message`, when the setup used `Parser cri` (the content moves to `log`)' },
  'custom-parser-name': { kind: 'report', summary: 'a user `[PARSER]` named docker or cri loaded next to the stock parsers.conf' },
  'decode-field-log': { kind: 'report', summary: '`Decode_Field_As ... log` (assumes Docker JSON escaping)' },
  'unresolved-variable': { kind: 'report', summary: '`${VAR}` in a Path or Parser value that no `@SET` in the input defines' },
  'kube-tag-prefix': { kind: 'report', summary: 'kubernetes filters whose Kube_Tag_Prefix/Regex_Parser no longer match the input path' },
  'windows-path': { kind: 'report', summary: 'Windows container paths (out of scope: migrate by hand)' },
  'old-multiline': { kind: 'report', summary: 'old-style `Multiline`/`Parser_Firstline` on container inputs' },
} as const satisfies Record<string, { kind: 'change' | 'report'; summary: string }>;

export type RuleId = keyof typeof RULES;
