/**
 * Every diagnostic code flb-migrate can report, with its default severity
 * and what it means. Codes are stable: scripts and the JSON report's
 * `errors[].code` / `findings[].ruleId` carry them. The README's code table
 * is generated from this registry (`npm run docs:rules`).
 *
 * Some producers lower the default for a context: an indented command is an
 * error in a plugin section and a warning in [SERVICE]; a problem on a Helm
 * template line is info; TEMPLATE_SYNTAX is info for a template that holds
 * no Fluent Bit config and no Docker-era setting.
 */
export const DIAGNOSTIC_CODES = {
  // the classic reader (src/grammar): what Fluent Bit rejects is an error, what it ignores a warning
  BOM: { severity: 'error', summary: 'the file starts with a UTF-8 byte order mark, which Fluent Bit reads as part of the first line' },
  BAD_HEADER: { severity: 'error', summary: 'a section header without its closing `]`' },
  UNKNOWN_SECTION: { severity: 'warning', summary: 'a section name Fluent Bit does not know (ignored; 1.8 and older reject it)' },
  SECTION_NAME_SPACES: { severity: 'warning', summary: 'a section name with blanks, which Fluent Bit does not recognise' },
  SECTION_ABBREVIATION: { severity: 'warning', summary: 'a section name read by prefix matching (`[INP]`, `[]`), which 1.8 and older reject' },
  EMPTY_SECTION: { severity: 'warning', summary: 'a section without keys' },
  MISSING_INDENT: { severity: 'error', summary: 'a key that is not indented under its section' },
  INDENT_TOO_LOW: { severity: 'error', summary: 'a line indented less than the file\'s indent' },
  INDENT_TAB_SPACE_MIX: { severity: 'error', summary: 'tabs and spaces mixed against the file\'s indent' },
  EXTRA_INDENT: { severity: 'error', summary: 'a line indented more than the indent, but not exactly twice it' },
  WHITESPACE_ONLY_LINE: { severity: 'warning', summary: 'a line holding only blanks, which Fluent Bit checks as an indented entry' },
  MISSING_VALUE: { severity: 'error', summary: 'a key without a value' },
  EMPTY_VALUE: { severity: 'error', summary: 'a key whose value is only blanks' },
  ENTRY_BEFORE_SECTION: { severity: 'error', summary: 'a key before any section header' },
  INDENTED_COMMAND: { severity: 'error', summary: 'an indented `@INCLUDE`/`@SET`, read as a key (a warning in [SERVICE], which accepts unknown keys)' },
  INCLUDE_EXTRA_SPACE: { severity: 'error', summary: '`@INCLUDE` followed by more than one space (the blanks become part of the file name)' },
  META_WITHOUT_SPACE: { severity: 'error', summary: 'a command line (`@WORD`) without an argument' },
  SET_WITHOUT_EQUALS: { severity: 'warning', summary: '`@SET` without `=`, ignored by Fluent Bit' },
  SET_SPACES_AROUND_EQUALS: { severity: 'warning', summary: '`@SET` with blanks around `=`, which become part of the name and value' },
  UNKNOWN_META_COMMAND: { severity: 'warning', summary: 'an unknown `@` command, or `@INCLUDE` without a path, ignored by Fluent Bit' },
  INCLUDE_MID_SECTION: { severity: 'info', summary: '`@INCLUDE` inside a section: the keys after it still belong to that section' },
  BAD_GROUP_NAME: { severity: 'error', summary: 'a group header without its closing `]`' },
  GROUP_WITHOUT_SECTION: { severity: 'error', summary: 'a group header before any section' },
  EMPTY_GROUP: { severity: 'error', summary: 'a group without keys' },
  PARSER_IN_MAIN_FILE: { severity: 'error', summary: 'a [PARSER] or [MULTILINE_PARSER] section in the file Fluent Bit runs with `-c`' },
  SHORT_META_LINE: { severity: 'error', summary: 'an `@` line of 3 bytes or fewer, which Fluent Bit reads as an unindented key, not a command' },
  EMPTY_META_PARAMETER: { severity: 'error', summary: '`@SET` / `@INCLUDE` with nothing but blanks after the space (Fluent Bit fails without a message)' },
  BLANK_META_COMMAND: { severity: 'error', summary: 'an `@` line with no command name after the `@` (Fluent Bit fails without a message)' },
  BLANK_KEY: { severity: 'error', summary: 'a key made only of whitespace (`\\v`, `\\f`), which Fluent Bit trims to nothing' },
  BARE_CR: { severity: 'warning', summary: 'a carriage return not followed by a line feed: content to Fluent Bit, trimmed at the end of a value, kept inside one' },
  NUL_BYTE: { severity: 'warning', summary: 'a NUL byte: Fluent Bit cuts the line there and glues the next physical line on' },
  LINE_BUFFER_LIMIT: { severity: 'error', summary: "Fluent Bit's line buffer would pass its 32 MiB limit (it doubles at every NUL byte and long line)" },
  // reading manifests and files (src/discover)
  YAML_SYNTAX: { severity: 'error', summary: 'the file is not valid YAML (or JSON), an alias has no anchor before it in its document (or stands inside it), a Fluent Bit YAML config holds an alias (merge keys too), an anchor name libyaml refuses, an empty `---` document, a second `service` section or a shape Fluent Bit refuses (a section that is not a map, a list or map where one value goes, an empty list, a blank value, a plugin without `name`), a classic config that the `includes:` of a YAML config reads as YAML (in both files), or the file is nested or long beyond what flb-migrate reads' },
  TEMPLATE_SYNTAX: { severity: 'warning', summary: 'a Helm/Go, Jinja or ERB/EPP template (under `templates/`, `*.tpl`, `*.j2`, `*.jinja`, `*.erb`, `*.epp`, `{{ }}` or `<%= %>` in a `.conf`, YAML that only parses or fails with `{{ }}`): never edited, one per file; a warning when it holds a Fluent Bit config or a Docker-era setting (render it first: `helm template … | flb-migrate -`), else info' },
  NOT_FLUENT_BIT: { severity: 'info', summary: 'a `.conf` file in another syntax (nginx, INI, systemd, supervisord, fluentd, redis...): skipped; a Terraform/HCL/Jsonnet or source file holding a Fluent Bit config: not edited' },
  BINARY_FILE: { severity: 'error', summary: 'invalid UTF-8, or a NUL byte in YAML or in a file that looks like data (a classic config may hold a few NULs): not a text file' },
  EMPTY_FILE: { severity: 'info', summary: 'an empty or whitespace-only file' },
  UNSUPPORTED_SCALAR_STYLE: { severity: 'warning', summary: 'a config in a folded (`>`) or multi-line plain YAML scalar, which cannot be edited line by line' },
  BASE64_UNREADABLE: { severity: 'warning', summary: 'a Secret `data` (or ConfigMap `binaryData`) value whose key is a config\'s name (`.conf`, `.yaml`), or whose text read with its blanks dropped is a Fluent Bit config, that Kubernetes cannot decode (only line breaks may wrap base64: a folded `>` block or a multi-line plain scalar joins lines with a space; `=` padding required) or that is not UTF-8 text: not read, left unchanged' },
  FLUX_SOURCE_NOT_IN_FILE: { severity: 'warning', summary: 'codemod only (it migrates one file at a time): a Flux HelmRelease whose chart depends on a source neither its file nor `--fluxSources` holds (a `fluent-bit` chart from a HelmRepository: fluent\'s and grafana\'s differ; a `chartRef` OCIRepository); run the CLI over the repository or pass `--fluxSources`' },
  SUBCHART_DISABLED: { severity: 'info', summary: "a Fluent Bit dependency of an umbrella chart (Chart.yaml or requirements.yaml) that its `condition` or `tags` turn off, in the chart's values.yaml or, for a release that deploys the chart from a local path, in that release's values over the chart's (said at the release's chart): Helm does not render it, so its values are left alone" },
  HELM_VALUE_OVERRIDDEN: { severity: 'info', summary: "a chart config string (`config.inputs`, `config.extraFiles.<name>`...), or a field of the fluent-operator chart's `fluentbit.input.tail` (or its `extraParams`), of one value set of a release that a higher-precedence set of the same release replaces (Helm merges the sets key by key: a later set's scalar replaces an earlier one's): Helm never renders it, so it is left unchanged and the value that wins is migrated" },
  HELM_INPUT_DISABLED: { severity: 'info', summary: "the fluent-operator chart's `fluentbit.input.tail` map of a value set whose release's merged values turn the input off (`fluentbit.input.tail.enable`, `fluentbit.enable` or `Kubernetes` false, or null: Helm deletes it, the chart's default too, in the highest set that gives it): the chart renders no tail ClusterInput, so the map is neither judged nor edited" },
  HELM_INPUT_PARTLY_DISABLED: { severity: 'info', summary: "the fluent-operator chart's `fluentbit.input.tail` map of a value set some deployments of its release (helmfile environments, Fleet targets, ApplicationSet elements) render and others turn off (a switch of their merged values false or null): it is judged and migrated for those that render it, and the info names both" },
  LOCAL_CHART_NOT_FOUND: { severity: 'info', summary: 'a release deploys a chart from a local path (an Argo CD `path:` source with `helm:`, a Flux GitRepository chart path, a helmfile `./` chart) that is not among the inputs: the values it gives that chart\'s subcharts are read by their shape only' },
  ENVIRONMENT_VALUES_FILE_NOT_FOUND: { severity: 'info', summary: 'a helmfile release of a chart that may run Fluent Bit names a values file through `{{ .Environment.Name }}` (or an ApplicationSet\'s `valueFiles` item through a list element\'s parameter), and one environment\'s (element\'s) file is not among the inputs: helmfile fails for that environment (its `missingFileHandler` defaults to Error), Argo CD for that Application (unless `ignoreMissingValueFiles`); the others are judged' },
  HELMFILE_LAYER_NOT_READ: { severity: 'info', summary: 'a helmfile `bases:` item (a file layered into the helmfile: environments, repositories, releases) or `helmfiles:` item (a nested helmfile) that is not among the inputs, or is a remote or templated path: what it brings was not read (a `{{ .Environment.Name }}` values file name of a helmfile with such a base stays unread)' },
  VALUES_FROM_NOT_FOUND: { severity: 'info', summary: 'a release\'s `valuesFrom` ConfigMap or Secret (Flux; Fleet and Crossplane provider-helm read it on the cluster) that is not among the inputs and not `optional`, for a chart that may run Fluent Bit: what it sets was not checked' },
  VALUES_FILE_AMBIGUOUS: { severity: 'info', summary: 'an Argo CD `helm.valueFiles` item (`$values/...` of a multi-source Application, or a path relative to a source\'s `path:`), or a `-f` file of a Tekton / Argo Workflows step, whose repository root flb-migrate does not know (a Jenkinsfile below the repository root: a `-f` file both beside it and in a directory above, or in several above), that several input files (2 to 8: more are left unsaid) end with and none of them under the Application\'s own directories (the nearest ancestor holding the path decides otherwise): which one it is was not guessed, so none is judged as that release\'s values' },
  SCRIPT_CONFIGMAP_NOT_FOLLOWED: { severity: 'info', summary: 'a `kubectl create configmap` (or `cm`, or `kubectl create secret generic`) of a shell script or Makefile whose name, namespace or `--from-file` path holds a variable (other than the idioms naming the script\'s own directory, `$(dirname "$0")`, `${BASH_SOURCE%/*}`, a `DIR=$(cd "$(dirname "$0")" && pwd)`), that runs after a `cd` to a directory not known, or that adds `--append-hash`: which ConfigMap or Secret it makes, or of which files, is not known, so no workload is tied to those files through it' },
  FLUX_PATCH_NOT_APPLIED: { severity: 'info', summary: "a patch of a Flux tree that changes what a Fluent Bit release or pod runs in a way flb-migrate does not apply before judging it: a Flux Kustomization's `spec.patches` setting, removing or moving chart values of a HelmRelease it builds other than an `add`/`replace` of the image (`config.*`, `daemonSetVolumes`, `daemonSetVolumeMounts`, `extraVolumes`, `existingConfigMap`..., or the whole `spec.values`), or a strategic-merge patch of a Fluent Bit pod's `nodeSelector`, `affinity`, `volumes` or a container's `volumeMounts`; or a plain kustomization's `patches` item changing such values (the image included) of a HelmRelease it builds; or any patch of a Flux Kustomization whose `spec.path` is no directory of the inputs' repository that names a Fluent Bit release or pod the batch holds (not applied: which files it builds is not known): said at the patch, the release or pod judged as written" },
  SCRIPT_HELM_NOT_FOLLOWED: { severity: 'info', summary: 'a `helm install` or `helm upgrade` of a Fluent Bit chart in a shell script, Makefile or CI pipeline (a GitHub Actions workflow, `.gitlab-ci.yml`, `azure-pipelines.yml`, `.circleci/config.yml`, `bitbucket-pipelines.yml`) or a Jenkinsfile\'s `sh`/`bat`/`powershell`/`pwsh` step that runs in a step another program runs (python: a step\'s or job\'s `shell:`), may run in a step whose shell is not known (a Windows runner in a matrix, an expression), runs in a PowerShell or cmd.exe step (a step\'s or job\'s `shell:`, `defaults.run.shell`, a Windows runner, pool or executor, an Azure PowerShell or AzureCLI `ps`/`pscore`/`batch` task, a Jenkins `bat`/`powershell`/`pwsh` step) and holds a word that shell\'s reading does not model (a PowerShell unquoted comma, subexpression, splat or `--%`, a cmd.exe `%VAR%`), is written in a Jenkinsfile\'s Groovy outside a step\'s script string (a variable, an `echo`), is in a CI step\'s YAML scalar whose value is not its text (folded lines, escapes), or in a Tekton or Argo Workflows step that does not start in the checkout (no `workingDir`, one below the workspace root or artifact, a `cd`), that merges the release\'s earlier values (`--reuse-values`), whose values file (`-f`/`--values`) holds a variable, is a URL or standard input, is read in a directory a `cd` (or a step\'s `working-directory:`, a Jenkins `dir`/`ws` block) made unknown, or is not among the inputs, whose `--set-file config.*` holds a variable or is read in such a directory (or, in a shell script after a `cd` not anchored to its own directory, is in the input only under a directory above the script\'s), whose `--set` (`--set-string`, `--set-json`, `--set-literal`) of an image key is not certain (a variable, `null`, a JSON value other than a string, an escaped or indexed key: its values files are then judged on their own), or that `--set`s a key flb-migrate reads but does not merge (`config.*`, `daemonSetVolumes`, ...): what that part sets was not checked; also a Jenkinsfile\'s `load` or shared-library step call whose `.groovy` file, in the input, is not read (a `load` path that is not a plain relative string; a `load` or library step in a Jenkinsfile with a `dir`/`ws` block or a custom workspace): that file\'s helm lines were not checked' },
  OUTSIDE_INPUT: { severity: 'warning', summary: 'CLI: a kustomization of the inputs builds local files outside them (a base in `../../base`) that need a change or hold a warning: they are read, so the deployment is judged as kustomize builds it, but never edited nor reported one by one; run flb-migrate on the directory named, which holds both' },
  DOCKER_HOST_DEPLOYMENT: { severity: 'info', summary: 'a Fluent Bit service of a docker-compose file (or a Fluent Bit container a script or Makefile starts with `docker run`) whose bind-mounted configs no Kubernetes workload of the input runs: it runs on a Docker host, not on a Kubernetes node, and keeps reading Docker\'s JSON logs after the dockershim removal, so with --runtime its configs are left as they are (said once, at the service\'s or command\'s image); likewise a plain config an Ansible copy/template task installs (or a copy task\'s `content:` config) on a host that reads Docker\'s directory and no kubelet path or kubernetes filter, unless the plays that run the task install kubelet, kubeadm, k3s or rke2 (said at the task)' },
  ANSIBLE_NODE_HOST: { severity: 'info', summary: 'a plain config an Ansible copy/template task installs that reads Docker\'s directory only (which alone would make it a Docker host\'s), but the plays running the task (directly or through roles:, include_role, include_tasks) install kubelet, kubeadm, k3s or rke2 on their hosts: Kubernetes nodes, so with --runtime it is migrated like a node\'s config (said at the task)' },
  ANSIBLE_NOT_FOLLOWED: { severity: 'info', summary: 'an Ansible `roles:` entry, include_role/import_role or include_tasks/import_tasks whose name is templated or whose file is not among the inputs, in a batch where a copy/template task\'s host (Docker host or Kubernetes node) is judged: what it sets up on the hosts was not read' },
  DOCKER_HOST_SHARED: { severity: 'warning', summary: 'a Fluent Bit service of a docker-compose file (or a `docker run` of a script or Makefile) that bind-mounts a config a Kubernetes workload of the input also runs: the runtime migration edits it for the nodes, which breaks it on the Docker host (give the Docker host its own copy)' },
  // include resolution (src/includes)
  INCLUDE_NOT_FOUND: { severity: 'info', summary: 'an `@INCLUDE`, YAML `includes:` or `Parsers_File` / `parsers_file` target that is not among the inputs (the image may supply it)' },
  INCLUDE_NOT_IN_MOUNT: { severity: 'warning', summary: 'an `@INCLUDE`, YAML `includes:` or `Parsers_File` / `parsers_file` target (or glob), or a container\'s `-c` file (the image\'s default /fluent-bit/etc/fluent-bit.conf too), inside a directory a Fluent Bit container mounts whole from a ConfigMap/Secret of the batch that lacks it: the mount hides the image\'s files there, so Fluent Bit aborts at start (a missing parsers file: skipped with an error before 5.1, fatal from 5.1)' },
  COMMAND_LINE_BLANK_PATH: { severity: 'warning', summary: 'a `-R` (`--parser`) or `-c` path of a Fluent Bit container\'s command line written in the same command/args item as its flag (`"-R /fluent-bit/etc/parsers.conf"`): getopt takes the rest of the item as the path, its leading blank included, which names no file, so Fluent Bit exits at start' },
  CONFIG_READER_MISMATCH: { severity: 'warning', summary: 'a config Fluent Bit reads with the other reader: it picks the reader by the name it opens a file by (`-c`, `parsers_file`: `.yaml`/`.yml` is YAML, any other name classic) and reads an `@INCLUDE` as classic, so a YAML text under a `.conf` name (or `@INCLUDE`d) or a classic text under a `.yaml` name makes it refuse to start' },
  INCLUDE_CYCLE: { severity: 'error', summary: 'an include cycle, which makes Fluent Bit abort' },
  INCLUDE_GLOB_NO_MATCH: { severity: 'warning', summary: 'an `@INCLUDE` or YAML `includes:` glob that matches no input (Fluent Bit aborts unless the image supplies a match)' },
  INCLUDE_TWICE: { severity: 'error', summary: 'a file `@INCLUDE`d a second time: Fluent Bit >= 2.0 aborts ("Read twice"); older versions read its sections twice (a warning when the config runs on one)' },
  // edits (src/grammar/editable.ts)
  LINE_NOT_EDITABLE: { severity: 'warning', summary: 'an edit skipped because Fluent Bit reads that line differently from its source (a NUL byte, an inner bare CR)' },
  ALIAS_NOT_EDITED: { severity: 'warning', summary: 'an edit skipped because it falls inside a YAML anchor that aliases reuse (`&name` ... `*name`): it would change every user of the anchor' },
  // flb-migrate's own invariants (src/migrate): checked on the migrated result, before anything is written
  INVARIANT_LOG_MOUNT: { severity: 'error', summary: 'the migration would leave a tail Path directory (or the pod logs dir its symlinks point into) unmounted in a Fluent Bit container: not written' },
  INVARIANT_PARSER: { severity: 'error', summary: 'the migration would name a parser that is neither built in nor defined in a parsers file the container loads (before anything stops that file): not written' },
  INVARIANT_VERSION: { severity: 'error', summary: 'the migration would write a property newer than the Fluent Bit version that runs the config: not written' },
  INVARIANT_CONTAINER: { severity: 'error', summary: 'the migration would edit an init container or a container that does not run Fluent Bit: not written' },
  INVARIANT_VOLUME: { severity: 'error', summary: 'the migration would leave a mount naming no volume, or a removed volume still referenced: not written' },
  INVARIANT_RELATED: { severity: 'error', summary: 'not written because another file of the same deployment breaks an invariant (see that file)' },
  DEPLOYMENT_RELATED: { severity: 'error', summary: 'not written because a file of the same deployment (its workload, ConfigMaps, Secrets, chart values, configs and included files, linked in the input or in the output) cannot be migrated: an error, an edit skipped (ALIAS_NOT_EDITED), a config not read (BASE64_UNREADABLE); a file whose content is unknown (BINARY_FILE) holds back its whole batch. The CLI adds the same for a file it cannot read (FILE_TOO_LARGE, ENCODING) or write. A deployment is written whole or not at all' },
  INTERNAL_ERROR: { severity: 'error', summary: 'a bug in flb-migrate: the file was left unchanged (please report it)' },
} as const satisfies Record<string, { readonly severity: Severity; readonly summary: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem found in a text. Diagnostics are values, never exceptions.
 * `[start, end)` are offsets into the text the producer read (a config's
 * text, or the whole file); positions in the user's file are computed once,
 * at the reporting edge (src/report), after the offsets are mapped to the
 * outer file.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** A diagnostic whose offsets are offsets of the user's file at `path` (an embedded config's offsets already mapped out). */
export interface FileDiagnostic extends Diagnostic {
  readonly path: string;
}
