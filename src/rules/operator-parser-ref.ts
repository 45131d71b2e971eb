import { BUILTIN_MULTILINE_PARSERS, OPERATOR_IMAGE_PARSERS, STOCK_PARSERS } from '../deploy/stock-parsers.js';
import type { Scalar } from 'yaml';
import { nodeAt } from '../view/target.js';
import { normalizePath } from '../source/paths.js';
import { configArg } from '../deploy/command-line.js';
import { parseImageRef } from '../discover/image-ref.js';
import type { FluentBitConfigResource, FluentBitResource, OperatorParser } from '../discover/discovery-types.js';
import { clusterConfigsOf, matchesLabels, renderingClusterConfigs, selectsMultiline } from './support/operator-selectors.js';
import type { Deployment, InFile } from '../deploy/types.js';
import type { Property, Section } from '../view/types.js';
import { multilineSupport } from './support/multiline-support.js';
import { containerParserSettings, isChangeStep, planTailParser } from './support/tail-parser-plan.js';
import { defineRule, type RuleFacts } from './types.js';

/** The docs example: a FluentBit, its ClusterFluentBitConfig, a ClusterInput naming java-multiline, and that parser (with `labels` or not). */
const example = (labels: string, service = ''): string =>
  [
    '{apiVersion: fluentbit.fluent.io/v1alpha2, kind: FluentBit, metadata: {name: fb},',
    '  spec: {fluentBitConfigName: config, containerLogRealPath: /var/log/containers}}',
    '---',
    '{apiVersion: fluentbit.fluent.io/v1alpha2, kind: ClusterFluentBitConfig, metadata: {name: config},',
    `  spec: {${service}inputSelector: {matchLabels: {app: fb}}, multilineParserSelector: {matchLabels: {app: fb}}}}`,
    '---',
    '{apiVersion: fluentbit.fluent.io/v1alpha2, kind: ClusterInput, metadata: {name: tail, labels: {app: fb}},',
    '  spec: {tail: {path: /var/log/containers/*.log, multilineParser: "docker, cri, java-multiline"}}}',
    '---',
    `{apiVersion: fluentbit.fluent.io/v1alpha2, kind: ClusterMultilineParser, metadata: {name: java-multiline${labels}},`,
    "  spec: {type: regex, rules: [{start: start_state, regex: '/^\\d{4}-/', next: cont}, {start: cont, regex: '/^\\s+at /', next: cont}]}}",
    '',
  ].join('\n');

const STOCK_NAMES = new Set([...STOCK_PARSERS.map((p) => p.name.toLowerCase()), ...OPERATOR_IMAGE_PARSERS.map((n) => n.toLowerCase())]);

/** Whether a ClusterFluentBitConfig's `parserSelector` (matchLabels; none or one we do not judge: every one) selects a ClusterParser. */
function selectsParser(c: FluentBitConfigResource, p: OperatorParser): boolean {
  return matchesLabels(c.parserLabels, p.labels);
}

/** The image's parsers file as a ClusterFluentBitConfig's `service.parsersFile(s)` names it (`parsers.conf` is rendered as /fluent-bit/etc/parsers.conf). */
const IMAGE_PARSERS_FILE = /^(?:\/fluent-bit\/etc\/)?parsers\.conf$/;

/**
 * The ClusterFluentBitConfigs of the deployment of `path` that render ClusterParser `p` under its own name and load the
 * image's parsers.conf (which includes the rendered parsers first): those named by the batch's FluentBits (every one
 * without FluentBits) whose `parserSelector` selects it. Empty when none, or when a FluentBit names a config the batch
 * lacks (then what is rendered is not known).
 */
function configsLoadingBefore(deployment: Deployment, p: OperatorParser, path: string): InFile<FluentBitConfigResource>[] {
  return renderingClusterConfigs(deployment, path).filter((c) => selectsParser(c, p) && (c.parsersFiles ?? []).some((f) => IMAGE_PARSERS_FILE.test(f.trim())));
}

/** Who loads the image's parsers.conf over a rendered ClusterParser `p`: a ClusterFluentBitConfig's `service.parsersFile`, else a FluentBit's own command line. */
interface StockLoader {
  readonly config: string;
  /** `ClusterFluentBitConfig <name>`, or `FluentBit <name> (ClusterFluentBitConfig <name> renders it)`. */
  readonly loader: string;
  /** How: `parsersFile <value>`, or `command line -R <path>`. */
  readonly file: string;
}

/**
 * The first loader of the image's parsers.conf over ClusterParser `p`: a ClusterFluentBitConfig (configsLoadingBefore),
 * else a FluentBit of the deployment with a `command` (Fluent Bit run without the watcher) whose command line loads
 * /fluent-bit/etc/parsers.conf with `-R`/`--parser` (fluent-bit.c: a `-R` file is a parsers file of the service, as
 * `parsers_file` is), when the ClusterFluentBitConfig it names is in the batch and selects `p`.
 */
function stockLoader(deployment: Deployment, p: OperatorParser, path: string): StockLoader | undefined {
  const config = configsLoadingBefore(deployment, p, path)[0];
  if (config) return { config: config.name ?? '', loader: `ClusterFluentBitConfig ${config.name ?? ''}`, file: `parsersFile ${(config.parsersFiles ?? []).find((f) => IMAGE_PARSERS_FILE.test(f.trim())) ?? ''}` };
  const rendering = renderingClusterConfigs(deployment, path).filter((c) => selectsParser(c, p));
  for (const w of deployment.workloads) {
    const fb = w.fluentBit;
    if (fb === undefined || fb.command === undefined || !deployment.together(w.path, path)) continue;
    const c = rendering.find((r) => r.name !== undefined && r.name === fb.configName);
    const file = c === undefined ? undefined : configArg(fb.command, fb.args).parsersFiles.find((f) => normalizePath(f) === IMAGE_PARSERS_PATH);
    if (c !== undefined && file !== undefined) return { config: c.name ?? '', loader: `FluentBit ${fb.name ?? ''} (ClusterFluentBitConfig ${c.name ?? ''} renders it)`, file: `command line -R ${file}` };
  }
  return undefined;
}

/** The image's parsers.conf (conf/parsers.conf: its first line includes /fluent-bit/config/parsers.conf, the rendered parsers). */
const IMAGE_PARSERS_PATH = '/fluent-bit/etc/parsers.conf';

/** The config the fluent-bit-watcher (the operator image's entrypoint) starts Fluent Bit with (`-c`, cmd/fluent-watcher/fluentbit/main.go). */
const WATCHER_CONFIG = '/fluent-bit/etc/fluent-bit.conf';

/**
 * Whether a FluentBit's `command`/`args` name a config or parsers file of their own (`-R`/`--parser`, a `-c` other
 * than the image's): what Fluent Bit loads is then not known here. With `command` Fluent Bit may run without the
 * watcher and load a `-R` file; without it the args are the watcher's (watcherFlags), which never passes a `-R` on and
 * runs `fluent-bit --enable-hot-reload -c <its -c>`.
 */
function ownCommandLine(fb: FluentBitResource): boolean {
  if (fb.command === undefined && fb.args === undefined) return false;
  const line = configArg(fb.command, fb.args);
  return line.parsersFiles.length > 0 || (line.path !== undefined && line.path !== WATCHER_CONFIG);
}

/**
 * The fluent-bit-watcher's flags (cmd/fluent-watcher/fluentbit/main.go, Go `flag`), of every version read: those that
 * take a value (`-R` only from the watcher of fluent-operator v3, which accepts it and never passes it on; the
 * deprecated `--flb-timeout`), and the booleans (`--exit-on-failure` deprecated). A flag none of them defines makes
 * every version exit at start.
 */
const WATCHER_VALUE_FLAGS = new Set(['b', 'c', 'e', 'watch-path', 'poll-interval', 'flb-timeout', 'R']);
const WATCHER_BOOL_FLAGS = new Set(['poll', 'exit-on-failure']);
/** Images whose entrypoint is the fluent-bit-watcher (the operator's default image, fluent-operator's and kubesphere's builds). */
const WATCHER_IMAGE = /(^|\/)(fluent-operator|kubesphere)\/fluent-bit$/;

/** A FluentBit arg the watcher reads as a flag we report: `-R` (ignored or fatal, by version), a parsers-file flag no version defines, or another undefined flag. */
interface WatcherFlag {
  readonly kind: 'R' | 'parser' | 'undefined' | 'help';
  readonly value: string;
  readonly node: Scalar;
  readonly flag: string;
}

/**
 * The args of a FluentBit that the fluent-bit-watcher reads (no `command`, the watcher's image) and reports, read as Go's
 * flag package reads them: `-name`, `--name`, `-name=value`; a value flag without `=` takes the next argument; parsing
 * stops at the first argument that is not a flag (or `-`, `--`), and exits at the first flag it does not define (the
 * last item returned). `-h`/`-help` (usage, then exit) is the last item too; bad syntax (`---x`, `-=x`) ends the walk unreported.
 */
function watcherFlags(fb: FluentBitResource): WatcherFlag[] {
  if (fb.command !== undefined || fb.args === undefined) return [];
  if (fb.image !== undefined && !WATCHER_IMAGE.test(parseImageRef(fb.image).repository)) return [];
  const out: WatcherFlag[] = [];
  const items = fb.args.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as { value: string; node: Scalar };
    const arg = item.value.trim();
    if (arg === '--' || !arg.startsWith('-') || arg === '-') break;
    const name = arg.replace(/^--?/, '').split('=')[0] as string;
    if (name === '' || name.startsWith('-')) break;
    if (name === 'h' || name === 'help') {
      out.push({ ...item, kind: 'help', flag: `-${name}` });
      break;
    }
    if (WATCHER_VALUE_FLAGS.has(name)) {
      if (name === 'R') out.push({ ...item, kind: 'R', flag: '-R' });
      if (!arg.includes('=')) i++;
      continue;
    }
    if (WATCHER_BOOL_FLAGS.has(name)) continue;
    out.push({ ...item, kind: name.startsWith('R') || name === 'parser' ? 'parser' : 'undefined', flag: `-${name}` });
    break;
  }
  return out;
}

/** A `-R`/`-c` path with a leading blank on a FluentBit's own command line (`command` set), and the item that holds it. */
interface BlankPathItem {
  readonly flag: '-R' | '-c';
  readonly ref: string;
  readonly where: 'command' | 'args';
  readonly item: { readonly value: string; readonly node: Scalar };
}

/**
 * The `-R` and `-c` values of a FluentBit with `command` (Fluent Bit run by it, not by the watcher) that start with a
 * blank: written in the flag's own item (`"-R /fluent-bit/etc/parsers.conf"`), which getopt reads as the path with its
 * blank. The same reading as a pod container's (deploy/missing-refs.ts COMMAND_LINE_BLANK_PATH); without `command`
 * the watcher reads the args, and `watcherFlags` says what it does with such an item.
 */
function blankPathItems(fb: FluentBitResource): BlankPathItem[] {
  if (fb.command === undefined) return [];
  const line = configArg(fb.command, fb.args);
  const refs: { flag: '-R' | '-c'; ref: string }[] = [...line.parsersFiles.map((ref) => ({ flag: '-R' as const, ref })), ...(line.path === undefined ? [] : [{ flag: '-c' as const, ref: line.path }])];
  const lists = [{ where: 'command' as const, items: fb.command.items }, { where: 'args' as const, items: fb.args?.items ?? [] }];
  const out: BlankPathItem[] = [];
  for (const { flag, ref } of refs) {
    if (!/^\s/.test(ref)) continue;
    const found = lists.flatMap(({ where, items }) => items.map((item) => ({ where, item }))).find(({ item }) => item.value.endsWith(ref) && item.value.slice(0, -ref.length).trim().startsWith('-'));
    if (found !== undefined && !out.some((o) => o.item === found.item)) out.push({ flag, ref, ...found });
  }
  return out;
}

/** Whether tail-parser changes this Parser property (a docker/cri parser of a container-log input becomes the built-in multiline parsers). */
function migratedByTailParser(section: Section, parser: Property, context: RuleFacts): boolean {
  if (multilineSupport(section.config, context.version) === 'no') return false;
  const settings = containerParserSettings(section, context.setup.variables, context.options);
  return settings !== undefined && planTailParser(section, settings, context.options.criOnly).some((s) => isChangeStep(s) && s.property.at.start === parser.at.start);
}

export const operatorParserRef = defineRule({
  meta: {
    id: 'operator-parser-ref',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'a Fluent Operator tail input whose `multilineParser` names a multiline parser that is not built in and that no (Cluster)MultilineParser selected by its FluentBit\'s ClusterFluentBitConfig defines (Fluent Bit refuses to start the input), or whose `parser` names no stock or selected ClusterParser (every line stays unparsed); and a ClusterParser named as a parser of the operator image\'s parsers.conf (`docker`, `json`, `cri`...), which replaces it and stops Fluent Bit loading the image\'s parsers after it',
      details: [
        'The operator renders a ClusterInput/Input `spec.tail.multilineParser` as the tail input\'s `multiline.parser` (plugins/input/tail_types.go) and writes into the config only the ClusterMultilineParsers the FluentBit\'s ClusterFluentBitConfig selects with `multilineParserSelector` (and the MultilineParsers of a FluentBitConfig\'s namespace), each named as the resource (controllers/fluentbitconfig_controller.go). Fluent Bit looks each comma-separated name up among its built-in multiline parsers (docker, cri, go, python, java, ruby) and those: a name it does not find stops the input ("[multiline] parser \'<name>\' not registered", "could not load multiline parsers", "[engine] input initialization failed"; ../shared/conformance yaml-probes `multiline-undefined`), so nothing is collected on any runtime, and a migration to `multilineParser: docker, cri, <name>` keeps the failure.',
        'A ClusterInput\'s `spec.tail.parser` naming a parser that is not in the image\'s stock parsers.conf and that no ClusterParser selected by the ClusterFluentBitConfig\'s `parserSelector` defines (a namespaced Parser is rendered `<name>-<md5 of its namespace>`, parser_types.go, so it never has that name) is reported too: the tail input does not check the name (conformance yaml-probes `parsers-undefined-tail`: Fluent Bit starts), logs "parser \'<name>\' is not registered" and leaves every line unparsed. Not judged when the input has `multilineParser` (Fluent Bit then ignores `parser`), nor for a namespaced Input.',
        'A ClusterInput\'s `spec.tail.parser` naming a parser of the image\'s parsers.conf (`docker`, `cri`, `json`...) that no selected ClusterParser defines, when the ClusterFluentBitConfig names no parsers file (`service.parsersFile`/`parsersFiles` absent): the operator writes `Parsers_File` only from those fields (clusterfluentbitconfig_types.go `Service.Params`), and the fluent-bit-watcher runs `fluent-bit -c /fluent-bit/etc/fluent-bit.conf`, the image\'s file that only includes the rendered configs (conf/fluent-bit.conf), with no `-R`, so no parser of the image is defined: the name is reported as not registered at runtime and every line stays unparsed.',
        'The same holds for what the config selects: the operator renders selected ClusterParsers into the Secret\'s parsers.conf (/fluent-bit/config/parsers.conf, which only the image\'s /fluent-bit/etc/parsers.conf includes) and selected ClusterMultilineParsers into its parsers_multiline.conf, which nothing includes (controllers/fluentbitconfig_controller.go, RenderParserConfig, RenderMultilineParserConfig): with no parsers file neither is loaded. A ClusterInput `parser` naming a selected ClusterParser is reported (set `service.parsersFile: parsers.conf`), and a `multilineParser` naming a selected ClusterMultilineParser (load /fluent-bit/config/parsers_multiline.conf with `service.parsersFiles`); the advice for unselected and undefined names says to load them too. A `multilineParser` naming a namespaced MultilineParser is reported the same way: the operator renders a namespaced FluentBitConfig\'s MultilineParsers into that same parsers_multiline.conf (RenderMultilineParserConfig), under their own names.',
        'A FluentBit\'s `command` and `args` are the container\'s (the operator copies them onto the DaemonSet). Without `command` the args are the fluent-bit-watcher\'s, which reads only -b, -c, -e, --watch-path, --poll and --poll-interval (Go flag: any other flag, `-R` too, makes it exit) and starts `fluent-bit --enable-hot-reload -c <its -c>`; with `command` Fluent Bit may run without it. A command line naming parsers files (`-R`, `--parser`) or a `-c` other than /fluent-bit/etc/fluent-bit.conf loads what is not read here: its inputs are not judged (as with a config\'s own parsers files). In the watcher\'s args (no `command`, the operator\'s image or none), read as Go\'s flag package reads them (up to the first argument that is not a flag), a `-R` is warned at the arg: the watcher never passes it on (fluent-operator v3\'s defines -R and ignores it, so no parsers file is loaded; earlier ones exit at start, "flag provided but not defined: -R"); so is the first flag no version of the watcher defines (`--parser`, a Fluent Bit flag such as `-f 1`, `--foo`): the watcher exits at start and the pod never runs Fluent Bit. So is `-h`/`--help`: the watcher prints its usage and exits before starting Fluent Bit. Bad flag syntax ends the reading unreported. With `command`, a `-R` or `-c` written in the same item as its path (`"-R /fluent-bit/etc/parsers.conf"`) is warned at the item: Fluent Bit\'s getopt takes the rest of the item, its leading blank included, as the path, which names no file, and Fluent Bit exits at start.',
        'A ClusterParser named as a parser of the operator image\'s /fluent-bit/etc/parsers.conf (apache, ..., json, docker, ..., cri, kube-custom), rendered (its ClusterFluentBitConfig\'s `parserSelector` selects it) and loaded (that config\'s `service.parsersFile: parsers.conf`, which the operator writes as /fluent-bit/etc/parsers.conf, the fluent-bit-watcher running `fluent-bit -c /fluent-bit/etc/fluent-bit.conf` with no parsers file of its own; or a FluentBit\'s `command` line loading /fluent-bit/etc/parsers.conf with `-R`/`--parser`, a parsers file of the service as `parsers_file` is): that file starts with `@INCLUDE /fluent-bit/config/parsers.conf`, the operator\'s rendered parsers, so the ClusterParser is defined first and is the one every reference to the name reads; Fluent Bit\'s `flb_parser_create` refuses the second definition ("[parser] parser named \'<name>\' already exists, skip."), and stops reading that file there, so the image\'s parsers after it are not loaded either; before Fluent Bit 5.1 it starts without them, from 5.1 the failed `Parsers_File` stops startup (fluent/fluent-bit src/flb_parser.c, fluent-bit-config-format.md C.5). Named `json` or `docker`, that drops the image\'s `cri` parser, which the chart\'s tail ClusterInput reads CRI lines with on containerd and CRI-O. Reported at the ClusterParser\'s `metadata.name`; a namespaced Parser is rendered with its namespace\'s md5 appended and never collides.',
        'Reported at the `multilineParser` field, once per name, when the batch holds the ClusterFluentBitConfig of the FluentBit that runs the input (otherwise the selection is unknown): with the unselected resource named when one exists (add the selector\'s labels to it), else saying that no multiline parser of that name is in the batch. Not judged: a ClusterFluentBitConfig whose `service` loads parsers files of its own (`parsersFile`, `parsersFiles`), a selector with `matchExpressions`, names with spaces or another letter case of a built-in (tail-parser\'s), and the chart\'s `fluentbit.input.tail.multilineParser` (the chart renders parsers of its own).',
      ].join('\n'),
      example: {
        before: example(''),
        after: example(', labels: {app: fb}', 'service: {parsersFiles: [/fluent-bit/config/parsers_multiline.conf]},\n    '),
      },
    },
    messages: {
      watcherParserIgnored:
        'FluentBit {{name}} args {{arg}}: without `command` the args are the fluent-bit-watcher\'s (the operator image\'s entrypoint), which never passes a -R on to Fluent Bit: the watcher of fluent-operator v3 accepts and ignores it (Fluent Bit starts without that parsers file), earlier ones define no -R flag and exit at start ("flag provided but not defined: -R") and the pod never runs Fluent Bit; either way, load the parsers file through the ClusterFluentBitConfig (`service.parsersFile`, `parsersFiles`) and drop the flag, or set `command: [/fluent-bit/bin/fluent-bit]` and give Fluent Bit its whole command line (`-c /fluent-bit/etc/fluent-bit.conf` too)',
      watcherUnknownFlag:
        'FluentBit {{name}} args {{arg}}: without `command` the args are the fluent-bit-watcher\'s (the operator image\'s entrypoint), which defines only -b, -c, -e, -R, --watch-path, --poll, --poll-interval (and the deprecated --exit-on-failure, --flb-timeout); it exits at start on {{flag}} ("flag provided but not defined: {{flag}}"), so the pod never runs Fluent Bit: drop the flag (a Fluent Bit setting belongs in the ClusterFluentBitConfig\'s `service`), or set `command: [/fluent-bit/bin/fluent-bit]` and give Fluent Bit its whole command line (`-c /fluent-bit/etc/fluent-bit.conf` too)',
      commandBlankPath:
        'FluentBit {{name}} {{where}} item {{arg}}: with `command` the operator copies `command` and `args` onto the container and Fluent Bit reads them itself; the {{flag}} path is \'{{ref}}\', with a leading blank: the flag and the path are one item, and Fluent Bit\'s getopt takes the rest of that item as the path, blank included, which names no file, so Fluent Bit exits at start ({{fails}}); write them as two items ("{{flag}}", "{{trimmed}}")',
      watcherHelp:
        'FluentBit {{name}} args {{arg}}: without `command` the args are the fluent-bit-watcher\'s (the operator image\'s entrypoint), whose Go flag reading takes {{arg}} as a request for its usage: it prints it and exits before starting Fluent Bit, so the container restarts over and over and never collects logs; drop the flag',
      watcherFlag:
        'FluentBit {{name}} args {{arg}}: without `command` the args are the fluent-bit-watcher\'s (the operator image\'s entrypoint), which defines no {{flag}} flag and exits at start ("flag provided but not defined: {{flag}}"), so the pod never runs Fluent Bit: load the parsers file through the ClusterFluentBitConfig (`service.parsersFile`, `parsersFiles`) and drop the flag, or set `command: [/fluent-bit/bin/fluent-bit]` and give Fluent Bit its whole command line (`-c /fluent-bit/etc/fluent-bit.conf` too)',
      stockName:
        'ClusterParser {{name}} has the name of a parser of the operator image\'s parsers.conf, which {{loader}} loads ({{file}}): that file includes the operator\'s rendered parsers first, so this definition is what every {{name}} reference reads{{reads}}; Fluent Bit refuses the image\'s own {{name}} ("[parser] parser named \'{{name}}\' already exists, skip.") and stops reading the file there, so {{dropped}} are not loaded{{cri}}, and Fluent Bit >= 5.1 refuses to start: give this parser a name of its own (and the references meant for it)',
      stockNameLast:
        'ClusterParser {{name}} has the name of a parser of the operator image\'s parsers.conf, which {{loader}} loads ({{file}}): that file includes the operator\'s rendered parsers first, so this definition replaces the image\'s {{name}} wherever it is named{{reads}} (Fluent Bit logs "[parser] parser named \'{{name}}\' already exists, skip.", and Fluent Bit >= 5.1 refuses to start): give this parser a name of its own (and the references meant for it)',
      stockNotLoaded:
        'ClusterInput {{input}} parser {{name}}: ClusterFluentBitConfig {{config}} names no parsers file (`service.parsersFile`), and the operator\'s image starts Fluent Bit with `-c /fluent-bit/etc/fluent-bit.conf` only, which loads no parsers.conf, so Fluent Bit has no parser {{name}}: it logs "parser \'{{name}}\' is not registered" and leaves every line of this input unparsed; set `service.parsersFile: parsers.conf` in {{config}} (the image\'s parsers, with the ClusterParsers it selects)',
      selectedNotLoaded:
        'ClusterInput {{input}} parser {{name}}: ClusterFluentBitConfig {{config}} selects ClusterParser {{name}}, but names no parsers file (`service.parsersFile`); the operator renders its parsers into /fluent-bit/config/parsers.conf, which only the image\'s /fluent-bit/etc/parsers.conf includes, and its image starts Fluent Bit with `-c /fluent-bit/etc/fluent-bit.conf` only, so Fluent Bit has no parser {{name}}: it logs "parser \'{{name}}\' is not registered" and leaves every line of this input unparsed; set `service.parsersFile: parsers.conf` in {{config}}',
      multilineNotLoaded:
        '{{kind}} {{input}} multilineParser names {{name}}: ClusterFluentBitConfig {{config}} selects ClusterMultilineParser {{name}}, but names no parsers file (`service.parsersFile`, `parsersFiles`); the operator renders it into parsers_multiline.conf of the config\'s Secret (/fluent-bit/config), which Fluent Bit reads only as a parsers file, and its image starts Fluent Bit with `-c /fluent-bit/etc/fluent-bit.conf` only, so Fluent Bit refuses to start this input ("parser \'{{name}}\' not registered"): load /fluent-bit/config/parsers_multiline.conf with `service.parsersFiles` in {{config}}',
      namespacedNotLoaded:
        '{{kind}} {{input}} multilineParser names {{name}}: the operator renders MultilineParser {{name}} of namespace {{namespace}} (when a FluentBitConfig there selects it) into parsers_multiline.conf of the config\'s Secret, with the ClusterMultilineParsers, which Fluent Bit reads only as a parsers file; ClusterFluentBitConfig {{config}} names none (`service.parsersFile`, `parsersFiles`) and the operator\'s image starts Fluent Bit with `-c /fluent-bit/etc/fluent-bit.conf` only, so Fluent Bit refuses to start this input ("parser \'{{name}}\' not registered"): load /fluent-bit/config/parsers_multiline.conf with `service.parsersFiles` in {{config}}',
      parserNotSelected:
        'ClusterInput {{input}} parser {{name}}: ClusterFluentBitConfig {{config}} does not select ClusterParser {{name}} (parserSelector {{labels}}), so the operator does not render it; Fluent Bit logs "parser \'{{name}}\' is not registered" and leaves every line of this input unparsed: give the parser the selector\'s labels and set `service.parsersFile: parsers.conf` in {{config}} (it names no parsers file, and without one no rendered parser is loaded), or change the field',
      parserUndefined:
        'ClusterInput {{input}} parser {{name}} is no stock parser and no ClusterParser of this batch (a namespaced Parser is rendered with its namespace\'s md5 appended): Fluent Bit logs "parser \'{{name}}\' is not registered" and leaves every line of this input unparsed; define it as a ClusterParser that ClusterFluentBitConfig {{config}} selects and set `service.parsersFile: parsers.conf` there (it names no parsers file, and without one no rendered parser is loaded), or change the field',
      notSelected:
        '{{kind}} {{input}} multilineParser names {{name}}, but ClusterFluentBitConfig {{config}} does not select ClusterMultilineParser {{name}} (multilineParserSelector {{labels}}), so the operator does not render it and Fluent Bit refuses to start this input ("parser \'{{name}}\' not registered"): give the parser the selector\'s labels and load /fluent-bit/config/parsers_multiline.conf with `service.parsersFiles` in {{config}} (it names no parsers file, and without one no rendered multiline parser is loaded), or drop {{name}} from multilineParser',
      undefinedName:
        '{{kind}} {{input}} multilineParser names {{name}}, which is no built-in multiline parser (docker, cri, go, python, java, ruby) and no ClusterMultilineParser or MultilineParser of this batch: Fluent Bit refuses to start this input ("parser \'{{name}}\' not registered"); define it as a ClusterMultilineParser that ClusterFluentBitConfig {{config}} selects and load /fluent-bit/config/parsers_multiline.conf with `service.parsersFiles` there (it names no parsers file, and without one no rendered multiline parser is loaded), or drop it from multilineParser',
    },
  },
  create(context) {
    const { deployment } = context;
    return {
      // A parsers-file flag the watcher does not define: the pod never starts (the parsers it would load are moot).
      fluentBit(fb, file) {
        for (const found of watcherFlags(fb)) {
          const at = nodeAt(file, found.node);
          const data = { name: fb.name ?? '', arg: found.value.trim() };
          if (found.kind === 'R') context.report({ severity: 'warning', messageId: 'watcherParserIgnored', data, at });
          else if (found.kind === 'help') context.report({ severity: 'warning', messageId: 'watcherHelp', data, at });
          else context.report({ severity: 'warning', messageId: found.kind === 'parser' ? 'watcherFlag' : 'watcherUnknownFlag', data: { ...data, flag: found.flag }, at });
        }
        for (const found of blankPathItems(fb)) {
          const fails = found.flag === '-R' ? 'flb_parser_conf_file_stat fails before the config is read' : 'the configuration file cannot be opened';
          const data = { name: fb.name ?? '', where: found.where, arg: found.item.value, flag: found.flag, ref: found.ref, trimmed: found.ref.trim(), fails };
          context.report({ severity: 'warning', messageId: 'commandBlankPath', data, at: nodeAt(file, found.item.node) });
        }
      },
      operatorParser(p, file) {
        if (p.kind !== 'ClusterParser' || p.apiGroup !== 'fluentbit.fluent.io' || p.name === undefined || !p.nameNode) return;
        const at = OPERATOR_IMAGE_PARSERS.indexOf(p.name);
        if (at < 0) return;
        const loaded = stockLoader(deployment, p, file.path);
        if (!loaded) return;
        const dropped = OPERATOR_IMAGE_PARSERS.slice(at + 1);
        const reads = p.name === 'cri' ? ' (the chart\'s tail ClusterInput parses CRI lines with it on containerd and CRI-O)' : '';
        const cri = dropped.includes('cri') ? ', among them cri, the parser the chart\'s tail ClusterInput reads CRI lines with on containerd and CRI-O (those lines stay unparsed)' : '';
        const data = { name: p.name, loader: loaded.loader, file: loaded.file, dropped: `the image\'s parsers after it (${dropped.join(', ')})`, cri, reads };
        context.report({ severity: 'warning', messageId: dropped.length > 0 ? 'stockName' : 'stockNameLast', data, at: nodeAt(file, p.nameNode) });
      },
      input(section) {
        const input = section.config.operatorInput;
        if (!input || (input.schema ?? 'operator') !== 'operator' || input.kind === 'Values' || (input.plugin ?? 'tail') !== 'tail') return;
        const path = section.config.target.path;
        const configs = clusterConfigsOf(deployment, input, path);
        // Which parsers the FluentBit's config renders is known only from its ClusterFluentBitConfig, and only when it loads no files of its own (then it loads none of the image's either).
        if (configs.length === 0 || configs.some((c) => c.ownParsersFiles === true)) return;
        // A FluentBit whose command line loads files of its own (-R, another -c): what it defines is not known either.
        if (deployment.workloadsOf(input).some((w) => w.fluentBit !== undefined && ownCommandLine(w.fluentBit))) return;
        const parser = section.getAll('parser')[0];
        if (parser && !section.has('multiline.parser') && input.kind === 'ClusterInput' && (input.apiGroup ?? 'fluentbit.fluent.io') === 'fluentbit.fluent.io') {
          const name = parser.value.trim();
          const named = deployment.operatorParsers.filter((p) => p.kind === 'ClusterParser' && p.name === name && deployment.together(p.path, path));
          const selected = named.filter((p) => configs.some((c) => selectsParser(c, p)));
          if (name !== '' && !/[\s,]|\$\{|\{\{/.test(name) && selected.length > 0) {
            // Rendered into the config's Secret (/fluent-bit/config/parsers.conf), which only the image's parsers.conf includes: no parsers file, not loaded.
            const config = configs.find((c) => selected.some((p) => selectsParser(c, p))) ?? configs[0];
            if (!migratedByTailParser(section, parser, context)) context.report({ severity: 'warning', messageId: 'selectedNotLoaded', data: { input: input.name ?? '', name, config: config?.name ?? '' }, at: parser.at });
          } else if (name !== '' && !/[\s,]|\$\{|\{\{/.test(name)) {
            const config = configs[0];
            if (STOCK_NAMES.has(name.toLowerCase())) {
              // No config names a parsers file: the watcher runs `fluent-bit -c /fluent-bit/etc/fluent-bit.conf` (no -R), which includes only the rendered configs, so the image's parsers.conf is never read.
              // Not said where tail-parser moves the input to the built-in multiline parsers (docker, cri on container logs): those need no file.
              if (!migratedByTailParser(section, parser, context)) context.report({ severity: 'warning', messageId: 'stockNotLoaded', data: { input: input.name ?? '', name, config: config?.name ?? '' }, at: parser.at });
            } else {
              const data = { input: input.name ?? '', name, config: config?.name ?? '', labels: [...(config?.parserLabels ?? [])].map(([k, v]) => `${k}=${v}`).join(', ') };
              context.report({ severity: 'warning', messageId: named.length > 0 ? 'parserNotSelected' : 'parserUndefined', data, at: parser.at });
            }
          }
        }
        const seen = new Set<string>();
        for (const p of section.getAll('multiline.parser')) {
          for (const raw of p.value.split(',')) {
            const name = raw.trim();
            if (name === '' || /\s|\$\{|\{\{/.test(name) || BUILTIN_MULTILINE_PARSERS.has(name.toLowerCase()) || seen.has(name)) continue;
            seen.add(name);
            const named = deployment.operatorMultilineParsers.filter((m) => m.name === name && deployment.together(m.path, path));
            const namespaced = named.find((m) => m.kind === 'MultilineParser');
            if (namespaced) {
              // A namespaced FluentBitConfig's MultilineParsers go into the same parsers_multiline.conf (RenderMultilineParserConfig), loaded by no parsers file here either.
              const config = configs[0];
              context.report({ severity: 'warning', messageId: 'namespacedNotLoaded', data: { kind: input.kind, input: input.name ?? '', name, namespace: namespaced.namespace ?? 'its namespace', config: config?.name ?? '' }, at: p.at });
              continue;
            }
            const selected = configs.find((c) => named.some((m) => selectsMultiline(c, m)));
            if (selected) {
              // Rendered into the Secret's parsers_multiline.conf, which nothing loads without a parsers file.
              context.report({ severity: 'warning', messageId: 'multilineNotLoaded', data: { kind: input.kind, input: input.name ?? '', name, config: selected.name ?? '' }, at: p.at });
              continue;
            }
            const config = configs[0];
            const data = { kind: input.kind, input: input.name ?? '', name, config: config?.name ?? '', labels: [...(config?.multilineParserLabels ?? [])].map(([k, v]) => `${k}=${v}`).join(', ') };
            context.report({ severity: 'warning', messageId: named.length > 0 ? 'notSelected' : 'undefinedName', data, at: p.at });
          }
        }
      },
    };
  },
});
