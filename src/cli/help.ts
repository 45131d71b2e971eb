/** `flb-migrate --help`. Kept apart from run.ts so the text is easy to review. */
export const HELP_TEXT = `Usage: flb-migrate [paths...] --runtime <containerd|cri-o|cri-dockerd> [options]

Migrate Fluent Bit configs in Kubernetes manifests (ConfigMaps, DaemonSets,
Helm values) and classic .conf files from Docker to containerd / CRI-O.
Only the lines that must change are edited; everything else stays byte for byte.

Paths can be files, directories (searched recursively for *.yaml, *.yml, *.json
and *.conf, skipping node_modules and .git), quoted globs such as
'manifests/**/*.yaml', or - to read standard input.

By default nothing is written: the diff of every file that would change is
printed on stdout, findings and a summary on stderr.

Options:
  --runtime <name>       required: containerd, cri-o or cri-dockerd
  --write                write changes in place (with -, print the migrated text on stdout)
  --check                list the files that would change; exit 1 if any would
  --format <format>      diff (default), json, or github (Actions annotations)
  --cri-only             use "multiline.parser cri" instead of "docker, cri"
  --pod-logs-dir <dir>   the kubelet's podLogsDir (default: /var/log/pods)
  --keep-docker-mount    keep Docker's containers mount (rolling node-pool migrations)
  -q, --quiet            print only errors and the summary
  --color, --no-color    force colors on or off (default: on for a terminal, off with NO_COLOR)
  -h, --help             show this help
  --version              print the version

Exit codes: 0 nothing to change (or all written), 1 changes pending (--check),
2 an input, usage or internal error.

Examples:
  # show what would change in one ConfigMap
  flb-migrate fluent-bit-configmap.yaml --runtime containerd

  # migrate a whole directory of manifests in place
  flb-migrate k8s/logging/ --runtime containerd --write

  # annotate a pull request from rendered Helm output
  helm template fluent-bit fluent/fluent-bit | flb-migrate - --runtime cri-o --format github
`;
