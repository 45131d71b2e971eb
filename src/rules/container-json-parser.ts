import { isTrue } from './support/fluent-bit-values.js';
import { agentCustomParsers, agentParserUses } from './support/logging-custom-parsers.js';
import { bareRuleRegex, multilineProcessorParsers, multilineRuleRegexes, parserProcessorParsers } from './support/multiline-rules.js';
import { criParsingInput, stripsCriPrefix } from './support/cri-prefix.js';
import { configLoads, criCapturesLog, namesJsonParser, type ParserLoad } from './support/parser-load.js';
import { tailParserTakesAway } from './tail-parser.js';
import { isTailInput, pluginOf, readsContainerLogs, tailTarget, shownValue, valueOf } from './support/tail-target.js';
import { isRuntimeParser, mixedRuntimeParserList, parserTokens, runtimeParserVariant, targetMultiline } from './support/tail-parser-plan.js';
import type { OperatorMultilineParser, OperatorParser } from '../discover/discovery-types.js';
import type { InFile } from '../deploy/types.js';
import { isFargateLogging } from '../discover/fargate.js';
import { STOCK_PARSERS } from '../deploy/stock-parsers.js';
import { fileTarget, nodeAt } from '../view/target.js';
import type { Located, Property, Section } from '../view/types.js';
import { multilineRenderedFor } from './support/operator-selectors.js';
import { defineRule } from './types.js';

/**
 * What shows a regex written against Docker's JSON log line, as written: its anchored start (`^\\{"log"`,
 * `^{"log"`, `^\\{\\s*"log"`, `"` escaped or not; keys log, stream, time), or, anywhere, its `"log":` when it
 * also names `"stream":` (a lookbehind on both keys); undefined for any other regex. A CRI line starts with
 * its timestamp and has no such keys: such a regex matches none.
 */
export function dockerJsonStart(regex: string): string | undefined {
  const anchored = /^\^(?:(?:\\s|[ \t])[*+?]?)*\\?\{(?:(?:\\s|[ \t])[*+?]?)*\\?"(?:log|stream|time)\\?"/.exec(regex);
  if (anchored) return anchored[0];
  const log = /\\?"log\\?":/.exec(regex);
  return log && /\\?"stream\\?":/.test(regex) ? log[0] : undefined;
}

/** Fluent Bit's built-in multiline parsers for application text (flb_ml_parser.c flb_ml_parser_builtin_create): docker and cri read the runtime's line. */
const BUILTIN_APP_MULTILINE = new Set(['go', 'java', 'python', 'ruby']);

/** A multiline rule regex that reads the CRI line itself: its stream names or its P/F tag. */
const CRI_AWARE_RULE = /stdout|stderr|\[(?:PF|FP)\]|\((?:\?:)?(?:P\|F|F\|P)\)/;

/** Stock parser names: the operator loads the image's parsers.conf before customParsers, and the first definition wins. */
const STOCK_NAMES = new Set(STOCK_PARSERS.map((p) => p.name));

/** Who writes a parser name: an operator input or filter (kind, API group, namespace). */
interface ParserUser {
  readonly kind: string;
  readonly apiGroup: string;
  readonly namespace: string | undefined;
}

/**
 * Whether a name `user` writes names this operator parser. fluent-operator renders a ClusterParser under its own name
 * (clusterparser_types.go), a namespaced Parser as `<name>-<md5 of its namespace>` (parser_types.go), and a namespaced
 * Filter's parser names with the same suffix (filter_types.go): a Parser is named by the Filters of its namespace only,
 * a ClusterParser by everything else. The KubeSphere-era operator (logging.kubesphere.io) rendered every name as is.
 */
function namesParser(parser: OperatorParser, user: ParserUser): boolean {
  if (parser.apiGroup === 'logging.kubesphere.io' || user.apiGroup === 'logging.kubesphere.io') return parser.apiGroup === user.apiGroup;
  if (parser.kind === 'ClusterParser') return user.kind !== 'Filter';
  return user.kind === 'Filter' && user.namespace === parser.namespace;
}

export const containerJsonParser = defineRule({
  meta: {
    id: 'container-json-parser',
    kind: 'report',
    severities: ['warning', 'info'],
    docs: {
      summary: 'tail inputs reading container logs with `Parser json` (or another JSON parser, or a regex written against Docker\'s JSON line, or a `multiline.parser` of application parsers only), and `parser` filters applying `Parser docker` (or such a regex, or the stock `Parser cri`, which keeps the content in `message`) to the raw lines of a tail input without a parser: CRI log lines are not JSON; and parser filters whose Parser names no parser (`docker,json`, `Docker`)',
      details: [
        "A parser filter whose `Parser` names docker or cri as Fluent Bit does not read it (`docker,json`, `Docker`, `\"docker\"`, `cri my_app`) is reported at it: the filter looks each Parser line up by its whole value, so the line parses nothing; one Parser line per parser, and the container log format read at the input. A parser filter that lists application parsers beside `docker` (other Parser lines, or other names of an operator filter's list: not docker, cri or json) is not to be removed: its finding says to remove docker (and json) from it and keep the others, which parse `log` once the input reads the CRI line.",
        "The other way round, a parser filter on `log` whose Parser is a regex `[PARSER]` reading the CRI line layout (the stream, `stdout|stderr`, then the P/F tag: `[FP]`, `F|P` or a `(?<logtag>` group), behind a tail input that parses the runtime's line (Parser docker or cri, Docker_Mode, a multiline.parser naming docker or cri), was written to take the CRI prefix off what Parser docker left raw. Once the input reads CRI lines with multiline.parser docker, cri the prefix is gone: it is reported at its Parser line, to be removed.",
        "On Docker each container log line is a JSON object, so any JSON parser (`Parser json`, or the setup's own `[PARSER]` with `Format json`) read it. containerd and CRI-O write CRI text lines (`<time> <stream> <P|F> <content>`): a JSON parser fails on every one of them and Fluent Bit ships the raw line (runtime-migration.md E.5, C.3).",
        "A regex `[PARSER]` written against Docker's JSON line (its Regex starts `^\\{\"log\":` or the like) and used by such an input (Parser, Parser_Firstline, Parser_N, Docker_Mode_Parser) or by a parser filter behind an input without parser is reported at its Regex: a CRI line starts with its timestamp, so it matches none. The regex is never edited.",
        "A multiline parser's rule regexes (classic `[MULTILINE_PARSER]` `rule \"state\" \"/regex/\" \"next\"`, YAML `multiline_parsers[].rules[].regex`) written that way are reported at the rule the same way when the parser is named by a container tail input's `multiline.parser`, by a `multiline` filter behind a tail input without parser (or on Fargate), or by a `multiline` processor (`processors.logs`) of such a YAML tail input: the rules then read the raw line.",
        "Fluent Operator resources the same way: a `ClusterParser`/`Parser` whose `spec.regex.regex` is such a regex, named by a container tail ClusterInput/Input (`parser`, `parserFirstline` and `parserN` with `multiline`, `dockerModeParser` with `dockerMode`) or by a ClusterFilter/Filter `parser` item while a container tail input without parser runs, is reported at its regex, naming the parser resource and the field; such a ClusterFilter naming the stock `docker` parser is reported like a classic one (behind inputs that all parse, it reads the application\'s JSON and is not). The operator splits a filter\'s `parser` at commas, one Parser line per name, and each name is judged as a classic Parser line: `docker,json` decodes Docker\'s JSON line twice over (one finding naming both), `Docker` or `docker cri` names no parser. A `ClusterMultilineParser`/`MultilineParser` (rendered as a `[MULTILINE_PARSER]` under its own name) named by such an input\'s `multilineParser` is judged as a classic multiline parser: rules written against Docker\'s JSON line and `parser: docker` are reported, and one of application rules only, with no docker or cri beside it, gets the application-parsers finding; rules reading the CRI line (stream, P/F tag) are quiet. A (Cluster)MultilineParser that a ClusterFilter/Filter `multiline` item names (its `parser`, rendered as `multiline.parser`) is judged too: behind such an input without a parser, its Docker-JSON rules are reported. Only the multiline parsers the operator renders for the FluentBit running the input are read (controllers/fluentbitconfig_controller.go): a ClusterMultilineParser its ClusterFluentBitConfig's `multilineParserSelector` picks (matchLabels), a MultilineParser a FluentBitConfig of its namespace picks; when the batch holds no such config (or the selector has matchExpressions) every one of the name is read. An unselected one with `parser: docker` gets an info saying it is not rendered.",
        'A `parser` filter with `Parser docker` (the Docker JSON line parser, applied to the raw line of a tail input that reads container logs with no parser of its own) fails the same way: it is reported at its Parser, with the same fix (parse at the input with the multiline parsers, drop the filter). A `parser` filter with the stock `Parser cri` on `log` there (a migration by hand that moved the runtime parser into a filter) does parse the line, but into `message`, where the kubernetes filter\'s Merge_Log never looks, and without joining partial lines: reported with the same fix (not when the `cri` parser the setup loads is its own regex capturing `log`). So is a `parser` processor with `parser: docker` on `log` in such a YAML tail input\'s `processors.logs` (Fluent Bit >= 2.1 runs a filter as a processor of the input).',
        "A multiline parser with `parser docker` (its parser applied to each line before the rules) named by a container tail input's `multiline.parser` never parses a CRI line: Fluent Bit then flushes the line as it is and the rules never run. It is reported at that `parser` line.",
        "A container tail input whose `multiline.parser` names only application parsers (the built-in `go`, `java`, `python`, `ruby`, or the setup's own multiline parsers), no `docker` nor `cri`, hands each raw CRI line to them: the timestamp, stream and P/F tag come first (a start rule anchored on a date matches every line), partial P lines are not joined, and `log` keeps the CRI prefix. It is reported at its `multiline.parser`, with the fix Fluent Bit's manual gives: `multiline.parser docker, cri` at the input and the application parsers in a `multiline` filter (`multiline.key_content log`). Not when an own parser applies a `parser` before its rules or its rules read the CRI line (they name `stdout`/`stderr` or the P/F tag), nor for a name the setup does not define (its definition is not in the input).",
        "EKS Fargate's log router (the ConfigMap `aws-logging` in namespace `aws-observability`, or with no namespace; written out, or made by a kustomize `configMapGenerator` of files, with the kustomization's `namespace` and `namePrefix`/`nameSuffix`; as each kustomize build names it: an overlay's or a Component's `namePrefix`/`nameSuffix` or `namespace` over it makes another ConfigMap, not Fargate's) brings its own tail input, which reads containerd's files with no parser: a `parser` filter there with `Parser docker` (or a Docker-JSON regex) on `log` parses nothing on any cluster, and is reported with Fargate's fix, a CRI regex parser in `parsers.conf`.",
        "A lone fragment (a file or ConfigMap key whose setup holds no input at all, that no workload of the input runs: the file that `@INCLUDE`s it is elsewhere) with a `parser` filter applying `Parser docker` to `log` gets an info at its Parser: whether it parses anything depends on the tail input of the including file (no parser: the whole CRI line is in `log`, which it never parses; `multiline.parser docker, cri`: `log` holds the application's text, which it parses when that is JSON). Run flb-migrate over the including file too and the input decides.",
        'Reported, not rewritten: the parser may also have been chosen for what the applications log. The fix is `multiline.parser docker, cri` on the input, and a `parser` filter (Key_Name log) or the kubernetes filter\'s Merge_Log for JSON application logs. cri-dockerd keeps Docker\'s JSON files: nothing is reported.',
      ].join('\n'),
      example: {
        before: [
          '[INPUT]',
          '    Name    tail',
          '    Tag     kube.*',
          '    Path    /var/log/containers/*.log',
          '    Parser  json',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name              tail',
          '    Tag               kube.*',
          '    Path              /var/log/containers/*.log',
          '    multiline.parser  docker, cri',
          '',
          '[FILTER]',
          '    Name       kubernetes',
          '    Match      kube.*',
          '    Merge_Log  On',
          '',
        ].join('\n'),
      },
    },
    messages: {
      parserFilterNoParser: '{{key}} {{value}} names no parser: a parser filter looks each {{key}} up by its whole value, case-sensitively and quotes included, so Fluent Bit finds no parser named "{{name}}" (it logs "requested parser not found") and this line parses nothing; {{fix}}, and read the container log format at the tail input ({{newKey}} {{target}}), not in a filter',
      jsonParser: '{{key}} {{value}} is a JSON parser, but {{runtime}} writes CRI text lines, not JSON: it parses none of them; use {{newKey}} {{target}} instead, and a parser filter on `log` (or Merge_Log) for JSON application logs',
      dockerJsonRegex: "parser {{parser}} is a regex written against Docker's JSON line ({{start}}), used as {{key}} of a {{plugin}}: {{runtime}} writes CRI text lines (a timestamp first, no log or stream keys), which it never matches; rewrite it against the log content (the `log` field once the CRI line is parsed) or stop using it",
      fargateDockerParser: "parser filter {{key}} {{value}} decodes Docker JSON lines, but EKS Fargate's log router (this aws-logging ConfigMap) reads containerd's CRI text lines and puts each whole line in `log`: it parses none of them; define a CRI regex [PARSER] in parsers.conf (time, stream, logtag, then the content as `log`) and name it here",
      loneDockerParserFilter: "parser filter {{key}} {{value}} on `log` decodes Docker JSON lines, and this file holds no input: the tail input of the file that includes it decides; on {{runtime}} an input without a parser puts the whole CRI text line in `log`, which it never parses. Give that input {{newKey}} {{target}} (the filter then parses JSON application logs in `log`) or remove this filter; run flb-migrate over the including file too to check it",
      dockerParserProcessor: 'parser processor `parser: docker` on `log` decodes Docker JSON lines, but this tail input reads {{runtime}}\'s CRI text lines with no parser of its own: it parses none of them; set {{newKey}} {{target}} on the input and remove this processor (or keep it only for Docker nodes)',
      dockerMultilineParser: "multiline parser {{parser}} applies {{key}} docker (Docker's JSON line) to each line before its rules, and a container tail input uses it: {{runtime}} writes CRI text lines, which it never parses, so its rules never run and the lines pass unjoined; parse at the input with {{newKey}} {{target}} and run this parser, without {{key}} docker, in a multiline filter (multiline.key_content log)",
      multilineNotSelected: "multiline parser {{parser}} (namespace {{namespace}}) applies {{key}} docker, but no FluentBitConfig of its namespace here selects it (multilineParserSelector), so the operator does not render it into the config of the FluentBit whose tail input names it: nothing to change here; if it is meant to be selected, it needs the same fix as a selected one (no {{key}} docker; multilineParser docker, cri at the input)",
      appMultilineOnly: '{{key}} {{names}} names no runtime parser (docker, cri): on {{runtime}} the multiline engine hands each raw CRI line (`<time> <stream> <P|F> <content>`) to {{names}}, whose rules then see the timestamp and stream first; partial P lines are not joined and `log` keeps the CRI prefix; set {{key}} {{target}} here and run {{names}} in a multiline filter (multiline.key_content log)',
      criRegexFilter: 'parser filter {{key}} {{value}} on `log` is a regex reading the CRI line layout ({{regex}}): it takes the CRI prefix off by hand, but the migrated tail input ({{input}}) already removes it with {{parser}}, so the regex matches nothing in `log` there; remove this filter (or this {{key}} line)',
      criParserFilter: 'parser filter {{key}} {{value}} parses the raw CRI line of a tail input without a parser, but the stock cri parser puts the content in `message`, which the kubernetes filter (Merge_Log) never reads, and leaves partial P lines unjoined; parse at the tail input with {{newKey}} {{target}} (content in `log`) and remove this filter',
      dockerParserFilter: 'parser filter {{key}} {{value}} decodes Docker JSON lines, but {{runtime}} writes CRI text lines: it parses none of them; parse at the tail input with {{newKey}} {{target}} and remove this filter (or keep it only for Docker nodes)',
      dockerParserFilterList: "parser filter {{key}} {{value}} decodes Docker JSON lines, but {{runtime}} writes CRI text lines: it parses none of them, and the parsers listed beside it ({{others}}) get the whole raw CRI line (timestamp, stream and P/F tag first); parse at the tail input with {{newKey}} {{target}} (`log` then holds the content), remove {{value}} from this filter and keep {{others}}: they then parse the application's text",
    },
  },
  create(context) {
    const { runtime, podLogsDir } = context.options;
    const reported = new Set<string>();
    /** Reports a parser's Docker-JSON regex once per `once` key (the regex's place and the key naming it): two inputs or configs naming one parser give one finding. */
    const reportRegexOnce = (once: string, data: { parser: string; start: string; key: string; plugin: string; runtime: typeof runtime }, at: Located): void => {
      if (reported.has(once)) return;
      reported.add(once);
      context.report({ severity: 'warning', messageId: 'dockerJsonRegex', data, at });
    };
    // Setup-wide facts, each made once per setup and only when first needed: a config with thousands of inputs (or
    // parser filters) must not rebuild them per section. The parser loads; the configs' own [PARSER]s by name (the
    // first of a name); whether a tail input reads container logs with no parser of its own.
    let loads: readonly ParserLoad[] | undefined;
    const setupLoads = (): readonly ParserLoad[] => (loads ??= configLoads(context.runners, context.setup.configs, context.viewOf));
    let ownByName: Map<string, Section> | undefined;
    let unparsedTail: boolean | undefined;
    let noInput: boolean | undefined;
    /** Whether a tail input of the setup reads container logs with no parser of its own (the raw line in `log`). */
    const hasUnparsedTail = (): boolean => {
      const { variables } = context.setup;
      const unparsed = (x: Section): boolean => !x.has('parser') && !x.has('multiline.parser') && !x.has('docker_mode');
      unparsedTail ??= context.setup.configs.some((c) => c.sections.some((x) => x.kind === 'input' && isTailInput(x, variables) && unparsed(x) && readsContainerLogs(tailTarget(x, variables, context.options))));
      return unparsedTail;
    };
    /** A section of EKS Fargate's aws-logging: a key of it written out, or a file a kustomize generator makes it of (`files: [filters.conf]`). */
    const fargate = (section: Section): boolean => {
      const source = section.config.source;
      return source !== undefined && context.deployment.builtObjects(source).some(isFargateLogging);
    };
    /** A parser filter on `log` of a file or ConfigMap key whose setup holds no input and that no workload runs: a fragment whose including file is not in the input. */
    const loneFragment = (section: Section): boolean => {
      const source = section.config.source;
      if (source === undefined || source.origin === 'helm-value' || context.runners.length > 0) return false;
      const key = section.get('key_name');
      if (!key || valueOf(key, context.setup.variables) !== 'log') return false;
      noInput ??= !context.setup.configs.some((c) => c.sections.some((x) => x.kind === 'input'));
      return noInput;
    };
    const ownParser = (name: string): Section | undefined => {
      if (ownByName === undefined) {
        ownByName = new Map();
        for (const x of context.setup.configs.flatMap((c) => c.sectionsOf('parser'))) {
          const key = x.get('name') ? valueOf(x.get('name') as Property, context.setup.variables) : '';
          if (!ownByName.has(key)) ownByName.set(key, x);
        }
      }
      return ownByName.get(name);
    };
    /** The Format of a config's own [PARSER] named `name` (the first of that name). */
    const ownFormat = (name: string): string | undefined => {
      const format = ownParser(name)?.get('format');
      return format ? valueOf(format, context.setup.variables) : undefined;
    };
    /** Warns at the Regex of each parser named by `uses` that its loads define as a Docker-JSON regex (once per parser and key). */
    const dockerJsonRegexes = (uses: readonly Property[], reader: typeof runtime = runtime): void => {
      if (uses.length === 0) return;
      const { variables } = context.setup;
      for (const use of uses) {
        const name = valueOf(use, variables);
        // The parsers files' definitions; else a config's own parsers (a YAML config's `parsers:`), which those loads leave out.
        const loaded = setupLoads().flatMap((l) => {
          const def = l.parsers.get(name);
          return def?.origin.kind === 'section' ? [def.origin.section] : [];
        });
        const own = ownParser(name);
        for (const section of loaded.length > 0 ? loaded : own ? [own] : []) {
          const format = section.get('format');
          const regex = section.get('regex');
          if (!format || !regex || valueOf(format, variables).toLowerCase() !== 'regex') continue;
          const start = dockerJsonStart(valueOf(regex, variables));
          if (start === undefined) continue;
          const plugin = use.section.kind === 'filter' ? 'parser filter' : 'tail input';
          reportRegexOnce(`${regex.at.target.id}:${regex.at.start}:${use.name}`, { parser: name, start, key: use.key, plugin, runtime: reader }, regex.at);
        }
      }
    };
    /** The setup's multiline parsers named `name`: its configs' own and its parsers files' (each view once). */
    const multilineParsers = (name: string): Section[] => {
      const views = new Set([...context.setup.configs, ...setupLoads().flatMap((l) => l.files.map((f) => f.view))]);
      return [...views].flatMap((v) => v.sectionsOf('multiline_parser')).filter((s) => {
        const n = s.get('name');
        return n !== undefined && valueOf(n, context.setup.variables) === name;
      });
    };
    /** Warns at each rule regex written against Docker's JSON line of the multiline parsers `uses` name (once per rule and key). */
    const dockerJsonRules = (uses: readonly { readonly name: string; readonly key: string }[], plugin: string, reader: typeof runtime = runtime): void => {
      for (const use of uses) {
        if (isRuntimeParser(use.name)) continue;
        for (const parser of multilineParsers(use.name)) {
          for (const rule of multilineRuleRegexes(parser, (p) => valueOf(p, context.setup.variables))) {
            const start = dockerJsonStart(rule.regex);
            if (start === undefined) continue;
            reportRegexOnce(`${rule.at.target.id}:${rule.at.start}:${use.key}`, { parser: `${use.name} (a multiline parser rule)`, start, key: use.key, plugin, runtime: reader }, rule.at);
          }
        }
      }
    };
    /**
     * Warns at the `parser docker` of each multiline parser `uses` name (once per place): the multiline engine applies it
     * to the line before the rules (flb_ml.c ml_append_try_parser), it never parses a CRI line, and a line no parser of
     * the input processes is flushed as it is, unjoined.
     */
    const dockerParserMultilines = (uses: readonly { readonly name: string; readonly key: string }[]): void => {
      for (const use of uses) {
        if (isRuntimeParser(use.name)) continue;
        for (const parser of multilineParsers(use.name)) {
          const p = parser.get('parser');
          if (!p || valueOf(p, context.setup.variables) !== 'docker' || reported.has(`${p.at.target.id}:${p.at.start}`)) continue;
          reported.add(`${p.at.target.id}:${p.at.start}`);
          context.report({ severity: 'warning', messageId: 'dockerMultilineParser', data: { parser: use.name, key: p.key, runtime, newKey: parser.config.spell('multiline.parser'), target: targetMultiline(context.options.criOnly) }, at: p.at });
        }
      }
    };
    /**
     * Whether the multiline parser `name` reads the raw container line as application text: a built-in application
     * parser, or the setup's own with neither a `parser` applied before its rules nor a rule reading the CRI line
     * (`stdout`/`stderr`, the P/F tag), nor a rule written against Docker's JSON line (dockerJsonRules reports those).
     * A name the setup does not define tells nothing.
     */
    const readsRawAsApp = (name: string, section: Section): boolean => {
      if (BUILTIN_APP_MULTILINE.has(name)) return true;
      const appRules = (rules: readonly string[]): boolean => rules.every((r) => dockerJsonStart(r) === undefined && !CRI_AWARE_RULE.test(r));
      const own = multilineParsers(name);
      if (own.length === 0) {
        // A Fluent Operator input's: the batch's (Cluster)MultilineParser resources of that name.
        const operator = operatorInputOf(section) ? operatorMultilines(name, section) : [];
        return operator.length > 0 && operator.every((m) => m.parser === undefined && appRules(m.rules.map((r) => bareRuleRegex(String(r.value)))));
      }
      return own.every((parser) => !parser.has('parser') && appRules(multilineRuleRegexes(parser, (p) => valueOf(p, context.setup.variables)).map((r) => r.regex)));
    };
    /** Warns at a container tail input whose multiline.parser names only application parsers: they get the raw CRI line. */
    const appMultilineOnly = (section: Section): void => {
      const uses = multilineUses(section).filter((u) => u.name !== '');
      if (uses.length === 0 || uses.some((u) => isRuntimeParser(u.name.toLowerCase()) || u.name.includes('${'))) return;
      const names = [...new Set(uses.map((u) => u.name))];
      if (!names.every((n) => readsRawAsApp(n, section))) return;
      const first = section.getAll('multiline.parser')[0];
      if (!first) return;
      const data = { key: first.key, runtime, names: names.join(', '), target: targetMultiline(context.options.criOnly) };
      context.report({ severity: 'warning', messageId: 'appMultilineOnly', data, at: first.at });
    };
    /** The multiline parser names of `multiline.parser` properties (a classic value is a comma list). */
    const multilineUses = (section: Section): { name: string; key: string }[] =>
      section.getAll('multiline.parser').flatMap((p) => valueOf(p, context.setup.variables).split(',').map((n) => ({ name: n.trim(), key: p.key })));
    /** The Fluent Operator input a section was read from (a CR, or the fluent-operator chart's), not another schema's. */
    const operatorInputOf = (section: Section): boolean => {
      const input = section.config.operatorInput;
      return input !== undefined && (input.schema ?? 'operator') === 'operator';
    };
    /** The batch's Fluent Operator multiline parsers named `name` in the deployment of `section` (rendered by name as written, namespaced ones too) that its FluentBit's configs render. */
    const operatorMultilines = (name: string, section: Section) =>
      context.deployment.operatorMultilineParsers.filter((m) => m.name === name && context.deployment.together(m.path, section.config.target.path) && renderedFor(m, section));
    const renderedFor = (m: InFile<OperatorMultilineParser>, section: Section): boolean => multilineRenderedFor(context.deployment, m, section.config.operatorInput, section.config.target.path);
    /**
     * A Fluent Operator container tail input's `multilineParser` names read as a classic input's: a (Cluster)MultilineParser
     * whose rules are written against Docker's JSON line, or which applies `parser: docker` before them, never reads a CRI line.
     */
    /** Warns at each rule regex written against Docker's JSON line of the operator multiline parsers `uses` name, as `plugin` reads them (once per rule and key). */
    const operatorMultilineRules = (uses: readonly { readonly name: string; readonly key: string }[], plugin: string, section: Section): void => {
      for (const use of uses) {
        if (isRuntimeParser(use.name)) continue;
        for (const m of operatorMultilines(use.name, section)) {
          for (const rule of m.rules) {
            const start = dockerJsonStart(bareRuleRegex(String(rule.value)));
            if (start === undefined) continue;
            reportRegexOnce(`${m.path}:${rule.range?.[0] ?? 0}:${use.key}`, { parser: `${m.kind} ${use.name} (a multiline parser rule)`, start, key: use.key, plugin, runtime }, nodeAt(fileTarget(m.path, m.text), rule));
          }
        }
      }
    };
    const operatorMultilineUses = (section: Section): void => {
      operatorMultilineRules(multilineUses(section), 'tail input', section);
      for (const use of multilineUses(section)) {
        if (isRuntimeParser(use.name)) continue;
        for (const m of operatorMultilines(use.name, section)) {
          const target = fileTarget(m.path, m.text);
          if (m.parser?.value.value !== 'docker') continue;
          const at = { target, start: m.parser.key.range?.[0] ?? 0, end: m.parser.value.range?.[1] ?? 0 };
          if (reported.has(`${m.path}:${at.start}`)) continue;
          reported.add(`${m.path}:${at.start}`);
          const data = { parser: `${m.kind} ${use.name}`, key: String(m.parser.key.value), runtime, newKey: section.config.spell('multiline.parser'), target: targetMultiline(context.options.criOnly) };
          context.report({ severity: 'warning', messageId: 'dockerMultilineParser', data, at });
        }
        // One of that name that the FluentBit's configs do not select: its `parser: docker` never reaches Fluent Bit here.
        for (const m of context.deployment.operatorMultilineParsers) {
          if (m.name !== use.name || m.parser?.value.value !== 'docker' || !context.deployment.together(m.path, section.config.target.path) || renderedFor(m, section)) continue;
          const at = { target: fileTarget(m.path, m.text), start: m.parser.key.range?.[0] ?? 0, end: m.parser.value.range?.[1] ?? 0 };
          if (reported.has(`${m.path}:${at.start}`)) continue;
          reported.add(`${m.path}:${at.start}`);
          context.consume(at);
          context.report({ severity: 'info', messageId: 'multilineNotSelected', data: { parser: `${m.kind} ${use.name}`, namespace: m.namespace ?? '', key: String(m.parser.key.value) }, at });
        }
      }
    };
    /** Warns at the regex of an operator parser written against Docker's JSON line that `user` names by `name` in `key` (once per parser and key). */
    const operatorRegex = (name: string, key: string, plugin: string, user: ParserUser, from: string): void => {
      for (const parser of context.deployment.operatorParsers) {
        const regex = parser.regex;
        if (!regex || parser.name !== name || !namesParser(parser, user) || !context.deployment.together(parser.path, from)) continue;
        const start = dockerJsonStart(String(regex.value));
        if (start === undefined) continue;
        const once = `${parser.path}:${regex.range?.[0] ?? 0}:${key}`;
        reportRegexOnce(once, { parser: `${parser.kind} ${name}`, start, key, plugin, runtime }, nodeAt(fileTarget(parser.path, parser.text), regex));
      }
    };
    /**
     * A Fluent Operator input (a ClusterInput/Input, or the fluent-operator chart's, which renders a ClusterInput): the
     * parser resources its parser fields name; when it parses nothing itself, those the batch's parser filters name.
     */
    const operatorUses = (section: Section, uses: readonly Property[]): void => {
      const input = section.config.operatorInput;
      if (!input || (input.schema ?? 'operator') !== 'operator' || context.deployment.operatorParsers.length === 0) return;
      const user: ParserUser = { kind: input.kind, apiGroup: input.apiGroup ?? 'fluentbit.fluent.io', namespace: undefined };
      for (const use of uses) operatorRegex(use.value, use.key, 'tail input', user, section.config.target.path);
    };
    /**
     * The batch's operator parser filters, seen from a Fluent Operator container tail input. Behind one that parses
     * nothing itself they decode the raw line: a Docker-JSON regex they name, and the stock `docker` parser, are
     * reported. Behind one that parses, `docker` decodes the application's JSON text: decided here, as for a classic
     * config (the safety net's Parser docker advice would be wrong there).
     */
    const operatorFilters = (section: Section): void => {
      const unparsed = !section.has('parser') && !section.has('multiline.parser') && !section.has('docker_mode');
      for (const f of context.deployment.operatorParserFilters) {
        // Another deployment's filters are not in this input's pipeline (MigrateOptions.deployments).
        if (!context.deployment.together(f.path, section.config.target.path)) continue;
        // The operator splits the item at commas and trims blanks, one `Parser` line per name (plugins/filter/parser_types.go);
        // a multiline filter's `parser` is its multiline.parser list (multiline_types.go), Fluent Bit splits it the same way.
        const names = String(f.parser.value).split(',').map((n) => n.trim()).filter((n) => n !== '');
        if (f.item === 'multiline') {
          // Its rules read `log`: the raw line behind an input that parses nothing.
          if (unparsed) operatorMultilineRules(names.map((name) => ({ name, key: 'multiline.parser' })), 'multiline filter', section);
          continue;
        }
        if (unparsed) for (const name of names) operatorRegex(name, 'parser', 'parser filter', f, f.path);
        // A namespaced Filter's names get its namespace's md5 (filter_types.go): its `docker` is a Parser of that namespace, not the stock one.
        if (f.kind === 'Filter' && f.apiGroup === 'fluentbit.fluent.io') continue;
        const at = { target: fileTarget(f.path, f.text), start: f.key.range?.[0] ?? 0, end: f.parser.range?.[1] ?? 0 };
        const once = `${f.path}:${at.start}`;
        if (reported.has(once)) continue;
        // Each rendered name judged as a classic Parser line: `Docker`, `docker cri`, `docker my_app` name no parser.
        for (const name of names) {
          if (runtimeParserVariant(name) === undefined && mixedRuntimeParserList(name) === undefined) continue;
          reported.add(once);
          const tokens = parserTokens(name);
          const fix = tokens.length > 1 ? `write them comma-separated (${tokens.join(', ')}): the operator renders one Parser line per comma-separated name` : `write it ${(tokens[0] ?? '').toLowerCase()}`;
          context.report({ severity: 'warning', messageId: 'parserFilterNoParser', data: { key: String(f.key.value), value: name, name, fix, newKey: section.config.spell('multiline.parser'), target: targetMultiline(context.options.criOnly) }, at });
        }
        // The stock docker parser, and json listed beside it (both decode Docker's JSON line: the container format).
        if (!names.includes('docker')) continue;
        const decoders = names.filter((n) => n === 'docker' || n === 'json');
        if (!unparsed) context.consume(at);
        else if (!reported.has(once)) {
          reported.add(once);
          const data = { key: String(f.key.value), value: decoders.join(','), runtime, newKey: section.config.spell('multiline.parser'), target: targetMultiline(context.options.criOnly) };
          // Application parsers listed beside it stay: the advice names them (the filter is not to be removed).
          const others = names.filter((n) => !isRuntimeParser(n) && n !== 'json');
          if (others.length > 0) context.report({ severity: 'warning', messageId: 'dockerParserFilterList', data: { ...data, others: others.join(',') }, at });
          else context.report({ severity: 'warning', messageId: 'dockerParserFilter', data, at });
        }
      }
    };
    return {
      loggingAgent(agent, file) {
        // kube-logging's FluentbitSpec `customParsers`: a parsers text the operator writes beside its config and loads after the stock file.
        if (runtime === 'cri-dockerd') return;
        const custom = agentCustomParsers(agent, file);
        if (!custom) return;
        const uses = agentParserUses(agent, podLogsDir);
        if (!uses || uses.length === 0) return;
        const kind = `${agent.kind} ${agent.name ?? ''}`.trim();
        for (const use of uses) {
          if (STOCK_NAMES.has(use.name)) continue;
          const def = custom.parsers.find((x) => x.name === use.name);
          if (!def?.regex || def.format !== 'regex') continue;
          const start = dockerJsonStart(def.regex.value);
          if (start === undefined) continue;
          const once = `${custom.id}:${def.regex.start}:${use.key}`;
          reportRegexOnce(once, { parser: `${use.name} (${kind} customParsers)`, start, key: use.key, plugin: 'tail input', runtime }, custom.at(def.regex.start, def.regex.end));
        }
      },
      input(section) {
        if (runtime === 'cri-dockerd' || !isTailInput(section, context.setup.variables)) return;
        const containerLogs = readsContainerLogs(tailTarget(section, context.setup.variables, context.options));
        const operatorTail = containerLogs && operatorInputOf(section);
        if (section.has('multiline.parser')) {
          // The multiline engine reads the line: Parser, Docker_Mode and old multiline are skipped.
          if (containerLogs) {
            dockerJsonRules(multilineUses(section), 'tail input');
            dockerParserMultilines(multilineUses(section));
            if (operatorTail) operatorMultilineUses(section);
            appMultilineOnly(section);
          }
          if (operatorTail) operatorFilters(section);
          return;
        }
        if (containerLogs) {
          // The input's Parser; old multiline's first-line and continuation parsers (read with Multiline On; an operator's
          // parserN list renders Parser_1..N), Docker_Mode_Parser (with Docker_Mode On).
          const on = (key: string): boolean => section.getAll(key).some((p) => isTrue(valueOf(p, context.setup.variables)));
          const multiline = on('multiline');
          const dockerMode = on('docker_mode');
          const keyed = section.properties.filter((p) => (multiline && (p.name === 'parser_firstline' || p.name === 'parsern' || /^parser_\d+$/.test(p.name))) || (dockerMode && p.name === 'docker_mode_parser'));
          const uses = [...section.getAll('parser').slice(0, 1), ...keyed];
          dockerJsonRegexes(uses);
          operatorUses(section, uses);
          // A YAML input's multiline processors read its records: with no parser at the input, `log` is the raw line.
          if (!section.has('parser') && !dockerMode) {
            dockerJsonRules(multilineProcessorParsers(section).map((u) => ({ name: u.name, key: 'multiline.parser' })), 'multiline processor');
            // Its parser processors too (a parser filter run as a processor): `parser: docker` on `log` decodes the raw line.
            for (const u of parserProcessorParsers(section)) {
              if (u.name !== 'docker' || (u.keyName !== undefined && u.keyName !== 'log')) continue;
              context.report({ severity: 'warning', messageId: 'dockerParserProcessor', data: { runtime, newKey: section.config.spell('multiline.parser'), target: targetMultiline(context.options.criOnly) }, at: u.at });
            }
          }
        }
        if (operatorTail) operatorFilters(section);
        const parser = section.get('parser');
        const name = parser ? valueOf(parser, context.setup.variables) : '';
        // A name still holding a variable we cannot resolve tells nothing (unresolved-variable reports it).
        if (!parser || isRuntimeParser(name) || runtimeParserVariant(name) !== undefined || name.includes('${') || !containerLogs) return;
        // The stock `json`, or the setup's own JSON parser; a name nothing defines tells nothing.
        if (!namesJsonParser(name, setupLoads(), ownFormat)) return;
        // Beside a Docker_Mode or multiline.parser that tail-parser migrates, Fluent Bit ignores it: tail-parser removes it.
        if (tailParserTakesAway(section, context).has(parser)) return;
        context.report({
          severity: 'warning',
          messageId: 'jsonParser',
          data: { key: parser.key, value: shownValue(parser, context.setup.variables), runtime, newKey: section.config.spell('multiline.parser'), target: targetMultiline(context.options.criOnly) },
          at: parser.at,
        });
      },
      filter(section) {
        const plugin = pluginOf(section, context.setup.variables);
        if (plugin === 'multiline') {
          // Its rules read `multiline.key_content`: the raw line behind a tail input without a parser (and on Fargate).
          if (fargate(section)) dockerJsonRules(multilineUses(section), 'multiline filter', 'containerd');
          else if (runtime !== 'cri-dockerd' && hasUnparsedTail()) dockerJsonRules(multilineUses(section), 'multiline filter');
          return;
        }
        if (plugin !== 'parser') return;
        // A regex parser written to take the CRI prefix off `log` behind an input that parses the runtime's line: once
        // migrated (multiline.parser docker, cri) the input has taken it off already.
        const criInput = criParsingInput(context.setup.configs.flatMap((c) => c.sections), context.setup.variables, context.options);
        const keyName = section.get('key_name');
        if (criInput !== undefined && keyName !== undefined && valueOf(keyName, context.setup.variables) === 'log') {
          for (const p of section.getAll('parser')) {
            const name = valueOf(p, context.setup.variables);
            const defs = setupLoads().map((l) => l.parsers.get(name));
            const def = defs[0];
            if (def === undefined || def.format !== 'regex' || !defs.every((d) => d?.regex === def.regex) || !stripsCriPrefix(def.regex)) continue;
            context.report({ severity: 'warning', messageId: 'criRegexFilter', data: { key: p.key, value: shownValue(p, context.setup.variables), regex: def.regex, ...criInput }, at: p.at });
          }
        }
        // `Parser docker,json` (or `Docker`, `"docker"`, `docker my_app`): one name per Parser line (filter_parser.c
        // flb_parser_get of the whole value), so the line parses nothing.
        for (const p of section.getAll('parser')) {
          const value = valueOf(p, context.setup.variables);
          if (runtimeParserVariant(value) === undefined && mixedRuntimeParserList(value) === undefined) continue;
          const names = parserTokens(value);
          const fix = names.length > 1 ? `write one ${p.key} line for each of ${names.join(', ')}` : `write it ${(names[0] ?? '').toLowerCase()}`;
          context.report({ severity: 'warning', messageId: 'parserFilterNoParser', data: { key: p.key, value: shownValue(p, context.setup.variables), name: value, fix, newKey: 'multiline.parser', target: targetMultiline(context.options.criOnly) }, at: p.at });
        }
        const docker = section.getAll('parser').filter((p) => valueOf(p, context.setup.variables) === 'docker');
        const { variables } = context.setup;
        if (fargate(section)) {
          // EKS Fargate's log router: its own tail input reads containerd's files with no parser (the whole CRI line in
          // `log`), whatever runtime the nodes of the rest of the cluster run; the ConfigMap holds no input to fix.
          dockerJsonRegexes(section.getAll('parser'), 'containerd');
          for (const p of docker) context.report({ severity: 'warning', messageId: 'fargateDockerParser', data: { key: p.key, value: shownValue(p, variables) }, at: p.at });
          return;
        }
        if (runtime === 'cri-dockerd') return;
        const data = (p: Property) => ({ key: p.key, value: shownValue(p, variables), runtime, newKey: 'multiline.parser', target: targetMultiline(context.options.criOnly) });
        if (loneFragment(section)) {
          // No input in this setup and no workload running it: the including file (elsewhere) decides what `log` holds.
          for (const p of docker) context.report({ severity: 'info', messageId: 'loneDockerParserFilter', data: data(p), at: p.at });
          return;
        }
        // Only where a tail input reads container logs with no parser of its own: the filter then decodes the raw Docker JSON
        // line. Behind an input that parses (Parser docker, multiline.parser), Parser docker is a JSON parser of the application's text.
        if (!hasUnparsedTail()) return;
        dockerJsonRegexes(section.getAll('parser'));
        // The filter's other Parser lines (application parsers; json beside docker is the container format too) stay: the advice names them.
        const others = section.getAll('parser').map((p) => valueOf(p, variables)).filter((n) => !isRuntimeParser(n) && n !== 'json' && runtimeParserVariant(n) === undefined && mixedRuntimeParserList(n) === undefined);
        for (const p of docker) {
          if (others.length > 0) context.report({ severity: 'warning', messageId: 'dockerParserFilterList', data: { ...data(p), others: [...new Set(others)].join(', ') }, at: p.at });
          else context.report({ severity: 'warning', messageId: 'dockerParserFilter', data: data(p), at: p.at });
        }
        // A hand migration that moved the runtime parser to the filter: the stock cri parser parses the raw CRI line, but
        // into `message` (runtime-migration.md D.2), where Merge_Log never looks. The setup's own cri capturing `log` is fine.
        const key = section.get('key_name');
        if (!key || valueOf(key, variables) !== 'log' || criCapturesLog(setupLoads())) return;
        for (const p of section.getAll('parser')) if (valueOf(p, variables) === 'cri') context.report({ severity: 'warning', messageId: 'criParserFilter', data: data(p), at: p.at });
      },
    };
  },
});
