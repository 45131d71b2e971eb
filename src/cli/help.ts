/** `flb-migrate --help`. Kept apart from run.ts so the text is easy to review. */
export const HELP_TEXT = `Usage: flb-migrate [paths...] --runtime <containerd|cri-o|cri-dockerd> [--to-yaml] [options]
       flb-migrate [paths...] --to-yaml [options]

Migrate Fluent Bit configs in Kubernetes manifests (ConfigMaps, DaemonSets,
Helm values) and classic .conf files from Docker to containerd / CRI-O, and
(--to-yaml) from the classic format to YAML. Only the lines that must change
are edited; everything else stays byte for byte.

Paths can be files, directories (searched recursively for *.yaml, *.yml, *.json,
*.conf, templates (*.tpl, *.gotmpl, *.tmpl, *.j2, *.jinja, *.erb, *.epp), Salt states (*.sls), Terraform/HCL/Jsonnet/CUE files
(*.tf, *.tfvars, *.hcl, *.jsonnet, *.libsonnet, *.cue) and shell scripts and Makefiles
(*.sh, *.bash, *.mk, Makefile): these never edited, their Docker-era settings
warned; a script's kubectl create configmap|secret generic --from-file ties the
files it names, from the script's directory, after its cd, or through
"$(dirname "$0")", to the workload mounting that ConfigMap or Secret; a
docker-compose file's Fluent Bit services, and a script's docker run of a
Fluent Bit image, are Docker hosts: the configs they bind-mount keep Docker's
paths), skipping node_modules and .git), quoted globs such as 'manifests/**/*.yaml', '{dev,prod}/*.yaml' or
'clusters/*/logging' (a matched directory is walked), or - to read standard
input. Symlinks are followed, each file and directory read once. Walks skip
what --exclude and .flbmigrateignore files (gitignore syntax, in the walked
directories and above them up to the current directory) name.

.conf files in another syntax (nginx, INI, systemd, fluentd...) get one info;
so do Terraform, Jsonnet and named source files (.py, .go, .js, .ts...) holding
a Fluent Bit config, never edited: their Docker-era settings are warned;
Helm/Jinja templates are never edited: one warning when they hold a Fluent
Bit config or a Docker-era setting (render them first:
helm template ... | flb-migrate -), else one info.

By default nothing is written: the diff of every file that would change is
printed on stdout, findings and a summary on stderr. With --to-yaml --write,
new files are written first, then the classic files they replace are removed.

Options:
  --runtime <name>         containerd, cri-o or cri-dockerd (required unless --to-yaml)
  --to-yaml                convert classic configs to YAML files (fluent-bit.conf ->
                           fluent-bit.yaml), with ConfigMap keys, mounts and -c; after the
                           runtime migration when --runtime is given too
  --write                  write changes in place (with -, print the migrated text on stdout)
  --check                  list the files that would change; exit 1 on pending changes or warnings
  --fail-on <level>        what makes the exit code 1: warning (warnings or pending changes;
                           the default with --check), change (pending changes only), or
                           error (nothing: only errors, which always exit 2)
  --format <format>        diff (default), json, sarif (SARIF 2.1.0), or github (Actions
                           annotations, plus a $GITHUB_STEP_SUMMARY table when it is set)
  --output-file <file>     write what would go to stdout to this file instead
  --stdin-filepath <name>  name standard input (-) in reports and diffs; its extension
                           (.yaml, .conf, ...) says how to read it
  --cri-only               use "multiline.parser cri" instead of "docker, cri"
  --pod-logs-dir <dir>     the kubelet's podLogsDir (default: /var/log/pods)
  --keep-docker-mount      keep Docker's containers mount (rolling node-pool migrations)
  --fluent-bit-version X.Y the Fluent Bit version where the manifests do not tell (an image
                           tagged latest, a digest, a private image, no workload given)
  --exclude <glob>         skip what a walk finds there (repeatable): a name at any
                           depth ('charts', '*.tpl'), or a path from the current
                           directory ('deploy/legacy/**'); a trailing / means directories
  --max-file-size <size>   refuse larger inputs with one error, unread (default 64M; bytes,
                           or K, M, G: 512K, 128M)
  --list-rules             list every rule and diagnostic code (--format json for JSON)
  --explain <rule>         what a rule (or diagnostic code) does, why, with an example
  -q, --quiet              print only errors and the summary
  --color, --no-color      force colors on or off (default: on for a terminal; FORCE_COLOR
                           and NO_COLOR are honoured)
  -h, --help               show this help
  -V, --version            print the version

Exit codes: 0 nothing to report, 1 what --fail-on names was found (--check:
pending changes or warnings), 2 an input, output, usage or internal error.

Examples:
  # show what would change in one ConfigMap
  flb-migrate fluent-bit-configmap.yaml --runtime containerd

  # migrate a whole directory of manifests in place
  flb-migrate k8s/logging/ --runtime containerd --write

  # move off Docker and off the classic format in one run
  flb-migrate k8s/logging/ --runtime containerd --to-yaml --write

  # annotate a pull request from rendered Helm output
  helm template fluent-bit fluent/fluent-bit | flb-migrate - --runtime cri-o --format github
`;
