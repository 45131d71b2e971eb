import { isJenkinsfilePath } from '../source/jenkinsfile-name.js';

/*
 * The content prefilter (issue #14): a cheap text test that says a file
 * cannot matter to a Fluent Bit migration, so the CLI skips it before any
 * YAML parsing. It errs towards reading: a false "has a marker" costs a
 * parse, a false "no marker" would hide a finding.
 *
 * The markers are, case-insensitively, anywhere in the text as written:
 * - every Docker-era signal of the safety net (`docker-signals.ts`): each of
 *   its patterns holds one of `/var/lib/docker`, `/docker/containers` (or
 *   their JSON spelling with `\/` separators), `var-lib-docker` (the snap's
 *   data root, source/docker-data-root.ts),
 *   `parser`, `docker_mode`/`dockermode`, `docker.sock`, `docker.service`,
 *   `-json.log`, `criEnabled`, `containerRuntime`, a `runtime` key, a runtime switch's key (`docker:`,
 *   `containerd:`, `crio:`, `cri:`, `criParser:`, `dockerEnabled:`), `ProgramData` (Windows);
 * - every Fluent Bit config discovery reads (`findFluentBitConfig`,
 *   `sniff-format.ts`, `conf-kind.ts`): a `[` opening a line, after blanks or a BOM (any
 *   section name: a misspelled `[INPTU]` is still read), after an escaped `\n` or at
 *   the start of a quoted string (a config in a double-quoted scalar);
 *   `@INCLUDE`/`@SET`; the YAML format's `pipeline`, `parsers`,
 *   `multiline_parsers`, `includes`;
 * - every workload, image, chart and resource discovery ties to Fluent Bit:
 *   `fluent` (fluent-bit, fluentbit, aws-for-fluent-bit, fluent-operator,
 *   fluentbit.fluent.io), `td-agent`, `kubesphere` (logging.kubesphere.io),
 *   `newrelic-logging` (a release of that chart, judged by its version),
 *   `loki-stack` (a release of that chart: its values files may turn on its
 *   fluent-bit subchart, and a templated one is said);
 *   the knobs that make values a chart's (`chart-kind.ts`, `helm-values.ts`):
 *   `containerRuntime`, `daemonSetVolumes`/`daemonSetVolumeMounts`,
 *   `customParsers`, `extraFiles`, a `tail` key (stable/fluent-bit),
 *   `cloudWatch`/`firehose`/`kinesis` (aws-for-fluent-bit), and `config:`
 *   together with a `service:`/`inputs:`/`filters:`/`outputs:` key (the
 *   fluent/fluent-bit chart's `config.*`).
 *
 * - a `kubectl create configmap` (or `cm`, or `secret generic`) with
 *   `--from-file` (a shell script or Makefile making the ConfigMap or Secret
 *   a workload mounts of config files: deploy/script-configmaps.ts;
 *   `kubectl`, `--from-file` and `create configmap|cm|secret generic`
 *   anywhere in the text).
 *
 * - base64 the safety net decodes (`safety-net.ts`): a Secret (`kind: Secret`,
 *   its `data`) and a ConfigMap's `binaryData`; their values hide every other
 *   marker.
 *
 * A Jenkinsfile (Groovy, read for its steps' helm lines only: never by the
 * safety net, so its Docker words are no marker) is read when it holds
 * `fluent` (`fileHasMarker`): every Fluent Bit chart name does.
 *
 * A text without any of them holds no Fluent Bit config, no Docker-era
 * setting, no Fluent Bit image and no chart knob we read, so it yields no
 * finding and no change, alone or in a batch of such files
 * (test/cli/prefilter.test.ts runs the whole pipeline over the corpus and
 * the fixtures to show it). What it can still yield are the diagnostics of
 * a file we would not migrate anyway (YAML_SYNTAX, TEMPLATE_SYNTAX info,
 * NOT_FLUENT_BIT, BINARY_FILE, ...); a skipped file does not report them.
 * A key spelled with escapes (`"\x63onfig"`) or through a YAML tag is not
 * seen; no real manifest writes one.
 */

// Literals only (no regex built at run time), small enough for recheck to prove linear
// (test/fuzz/redos-static.test.ts), in the order of the list above.
const MARKER_WORD = /fluent|td-agent|kubesphere|binarydata|\/var\/lib\/docker|\/docker\/containers|\\\/var\\\/lib\\\/docker|\\\/docker\\\/containers|var-lib-docker|docker_?mode|docker\.sock|docker\.service|-json\.log|parser|pipeline|includes|@include|@set|containerruntime|runtime["']?[ \t]*[:=]|(?:docker|containerd|cri-?o|cri)(?:_?(?:enabled|logs|parser|runtime))?["']?[ \t]*:|daemonsetvolume|customparsers|extrafiles|cloudwatch|firehose|kinesis|crienabled|programdata|newrelic-logging|loki-stack/i;
const TAIL_KEY = /(?:^|[\s{,"'])tail["']?[ \t]*:/im;
const SECTION_START = /^[\uFEFF \t]*\[|\\n[ \t]*\[|["'][ \t]*\[/m;
const CHART_CONFIG = /config["']?[ \t]*:/i;
const SECRET_KIND = /kind["']?[ \t]*:[ \t]*["']?secret(?![\w-])/i;
const CHART_CONFIG_KEY = /(?:service|inputs|filters|outputs)["']?[ \t]*:/i;
const CREATE_CONFIGMAP = /\bcreate[ \t\\\r\n]+(?:configmap|cm|secret[ \t\\\r\n]+generic)\b/;

/**
 * For a file of the CLI's batch: a Jenkinsfile (Groovy, read only for the helm lines of its steps: discover/jenkinsfile.ts,
 * never by the safety net) must name a Fluent Bit chart, so it needs `fluent`; any other file `hasMarker`.
 */
export function fileHasMarker(path: string, text: string): boolean {
  return isJenkinsfilePath(path) ? FLUENT.test(text) : hasMarker(text);
}

const FLUENT = /fluent/i;

/** True when `text` has a Fluent Bit or Docker marker (see above): the file must be read. */
export function hasMarker(text: string): boolean {
  return MARKER_WORD.test(text) || SECTION_START.test(text) || TAIL_KEY.test(text) || SECRET_KIND.test(text) || (CHART_CONFIG.test(text) && CHART_CONFIG_KEY.test(text)) || (text.includes('--from-file') && text.includes('kubectl') && CREATE_CONFIGMAP.test(text));
}
