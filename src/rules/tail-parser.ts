import type { Scalar } from 'yaml';
import { grafanaChartOf } from '../discover/chart-kind.js';
import { findChartRoots } from '../discover/helm-values.js';
import type { ChartReleaseInfo, ValuesText } from '../discover/discovery-types.js';
import { parseImageRef } from '../discover/image-ref.js';
import { getMap, getScalar } from '../yaml/yaml-nodes.js';
import { nodeAt, targetIn } from '../view/target.js';
import { multilineSupport } from './support/multiline-support.js';
import { configLoads, keepsOwnCriParser, namesJsonParser, registersNone, type ParserLoad } from './support/parser-load.js';
import { containerParserSettings, isBuiltinMultiline, mixedRuntimeParserList, planTailParser, targetMultiline, unknownMultilineItems, type TailParserSettings, type TailStep } from './support/tail-parser-plan.js';
import { isTailInput, readsContainerLogs, shownValue, tailTarget, valueOf } from './support/tail-target.js';
import { splitList } from './support/fluent-bit-values.js';
import type { EditTarget, Fix, ListItem, Property, Section } from '../view/types.js';
import { defineRule, type RuleFacts } from './types.js';

/** What tail-parser does with one section: nothing, only an info (the setup's own cri parser), or these steps. */
export type TailParserDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'own-cri'; readonly settings: TailParserSettings; readonly loads: () => ParserLoad[] }
  | { readonly kind: 'steps'; readonly steps: readonly TailStep[]; readonly loads: () => ParserLoad[] };

/**
 * tail-parser's decision for one section, made once for the rule and for the
 * rules that need to know what it leaves (repeated-property). A Parser that
 * cannot become multiline.parser in place (one item of a YAML list of several)
 * is reported as not made (yaml-list-value); the parsers it would have
 * covered stay with it, so their removals are left out of the steps.
 */
export function tailParserDecision(section: Section, context: RuleFacts): TailParserDecision {
  if (multilineSupport(section.config, context.version) === 'no') return { kind: 'none' };
  const settings = containerParserSettings(section, context.setup.variables, context.options);
  if (!settings) return { kind: 'none' };
  // The parser loads, read once per decision (own-cri, the JSON parsers and the cri reason all ask for them).
  let read: ParserLoad[] | undefined;
  const loads = (): ParserLoad[] => (read ??= configLoads(context.runners, context.setup.configs, context.viewOf));
  if (section.config.syntax !== 'operator' && keepsOwnCriParser(settings, loads)) return { kind: 'own-cri', settings, loads };
  const steps = planTailParser(section, settings, context.options.criOnly);
  const replace = steps.find((s) => s.kind === 'replace');
  const kept = replace && replace.property.item !== undefined && replace.property.item.count > 1;
  // Once the input has multiline.parser (its own, or the one written in place of Docker_Mode), Fluent Bit ignores Parser
  // (in_tail: the multiline engine reads the line): a JSON parser that read Docker's lines (`docker_no_time`) goes too.
  const multiline = settings.multiline.length > 0 || (replace !== undefined && !kept && section.config.writable?.('multiline.parser') !== false);
  const json = multiline ? ignoredJsonParsers(section, settings, loads) : [];
  const planned = steps.filter((step) => !(kept && step.kind === 'remove' && step.reason === 'parser-replaced'));
  return { kind: 'steps', steps: [...planned, ...json.map((property): TailStep => ({ kind: 'remove', property, reason: 'json-parser-ignored' }))], loads };
}

/** The Parser properties of a container input, other than docker/cri, that name a JSON parser the setup loads (or its own). */
function ignoredJsonParsers(section: Section, settings: TailParserSettings, loads: () => ParserLoad[]): Property[] {
  const own = new Map<string, string>();
  for (const p of section.config.sectionsOf('parser')) {
    const name = p.get('name');
    const format = p.get('format');
    if (name && format && !own.has(valueOf(name, settings.variables))) own.set(valueOf(name, settings.variables), valueOf(format, settings.variables));
  }
  return section
    .getAll('parser')
    .filter((p) => !settings.runtimeParsers.includes(p))
    .filter((p) => {
      const name = valueOf(p, settings.variables);
      return !name.includes('${') && mixedRuntimeParserList(name) === undefined && namesJsonParser(name, loads(), (n) => own.get(n));
    });
}

/**
 * The properties of a section tail-parser takes away: removed, or rewritten as
 * multiline.parser (not when the config has no knob for it, nor when the view
 * refuses the rename: one item of a YAML list of several stays, yaml-list-value).
 */
export function tailParserTakesAway(section: Section, context: RuleFacts): ReadonlySet<Property> {
  const decision = tailParserDecision(section, context);
  if (decision.kind !== 'steps') return new Set();
  const writable = section.config.writable?.('multiline.parser') !== false;
  const renamed = (s: TailStep): boolean => s.kind === 'replace' && writable && s.property.replace('multiline.parser', s.target).refused === undefined;
  return new Set(decision.steps.filter((s) => s.kind === 'remove' || renamed(s)).map((s) => s.property));
}

/** Why loki-stack's fluent-bit subchart breaks on CRI nodes, and what to do (its warnings' text). */
const LOKI_STACK_SUBCHART = "loki-stack's fluent-bit subchart (grafana's fluent-bit chart), whose ConfigMap template reads container logs with Parser docker and has no value to change it: on CRI nodes every record stays an unparsed CRI line; move to the fluent/fluent-bit chart (its loki output) or loki-stack's promtail, or render the chart and migrate the output";

/** grafana's Loki output plugin image, which grafana's (and loki-stack's) fluent-bit chart runs. */
const GRAFANA_LOKI_IMAGE = /(?:^|\/)fluent-bit-plugin-loki$/;

/** Helm's reading of a condition value: a boolean true, or the string `true` (`--set` and Argo CD parameters are strings). */
function isOn(node: Scalar): boolean {
  return node.value === true || (typeof node.value === 'string' && node.value.trim().toLowerCase() === 'true');
}

/**
 * The node that switches a loki-stack release's `fluent-bit` subchart on (its
 * chart's condition `fluent-bit.enabled`, false in loki-stack's defaults), as
 * Helm merges what the release gives: a `--set` parameter (Argo CD
 * `helm.parameters`, helmfile `set`) wins, then the value sets, the last
 * first. Undefined when the subchart stays off, or no value of this file says.
 */
function lokiStackFluentBitOn(release: ChartReleaseInfo): { readonly node: Scalar; readonly text: ValuesText | undefined } | undefined {
  const parameter = release.release.parameters?.get('fluent-bit.enabled');
  if (parameter) return isOn(parameter.node) ? { node: parameter.node, text: undefined } : undefined;
  for (const set of [...release.values].reverse()) {
    const node = getScalar(getMap(set.map, 'fluent-bit'), 'enabled');
    if (node) return isOn(node) ? { node, text: set.text } : undefined;
  }
  return undefined;
}

/** Why `Parser cri` goes: no load registers a cri parser, the loads are not all known and none shows one, or the stock (or another non-`log`) cri. */
function criReason(loads: readonly ParserLoad[]): 'replaceParserCri' | 'replaceParserCriUnregistered' | 'replaceParserCriUnknown' {
  if (registersNone('cri', loads)) return 'replaceParserCriUnregistered';
  return loads.some((l) => !l.complete) && loads.every((l) => !l.parsers.has('cri')) ? 'replaceParserCriUnknown' : 'replaceParserCri';
}

export const tailParser = defineRule({
  meta: {
    id: 'tail-parser',
    kind: 'change',
    severities: ['change', 'warning', 'info'],
    docs: {
      summary: 'tail inputs reading container logs: `Parser docker`/`Parser cri`/`Docker_Mode` become `multiline.parser docker, cri` (or `cri` with --cri-only); `multiline.parser docker` gets `cri`; Docker_Mode* and a JSON Parser beside them removed; a Parser or multiline.parser list Fluent Bit cannot read (`docker,json`, `docker cri`, `"docker"`) fixed or warned; in every syntax (classic, YAML format, Fluent Operator `spec.tail`)',
      details: [
        'containerd and CRI-O write CRI log lines (`<time> <stream> <P|F> <content>`), not Docker\'s JSON. `Parser docker` leaves them unparsed, `Docker_Mode` only joins Docker JSON, and the stock `Parser cri` puts the content in `message`, where the kubernetes filter (Merge_Log) never looks.',
        'The built-in multiline parsers (Fluent Bit 1.8+) read both formats, join partial lines and keep the content in `log`. So the first `Parser docker|cri` (or a `Docker_Mode` that is on) becomes `multiline.parser docker, cri` on the same line, keeping its column; an existing `multiline.parser docker` gets `cri`; the other Docker-only settings are removed (comments around them stay). A `Parser docker,cri` (the multiline.parser list written in Parser, as some tutorials show it) is replaced the same way: Parser takes one name, so Fluent Bit finds no parser of that name and parses nothing, on Docker as on CRI. So is a name in other letter case (`Parser Docker`): Fluent Bit compares parser names case-sensitively; a name in quotes (`Parser "docker"`: a classic value keeps its quotes); docker or cri listed with json (`docker,json`, `json docker`: both read Docker\'s JSON line), with commas or blanks, written out or through a variable. A Parser listing docker or cri with another parser (`docker,my_app`) names no parser either, but what the other parser was for is the user\'s: a warning says how to split it (multiline.parser, and a parser filter for the rest).',
        'tail\'s multiline.parser is a list split at commas only: an item `docker cri` or a quoted `"docker, cri"` is one unknown name, and the input fails to start. An item made only of built-in multiline parser names (docker, cri, go, python, java, ruby) is split into them (and gets cri when it has docker alone); an item mixing docker or cri with another word (`docker my_java`) gets a warning.',
        'Once the input has multiline.parser (its own, or the one written in place of Docker_Mode or Parser docker), Fluent Bit ignores Parser: a Parser naming a JSON parser (the stock json, or the setup\'s own `[PARSER]` with `Format json`, such as `docker_no_time`), which read Docker\'s lines and reads no CRI line, is removed with it. Another Parser (a regex for the application) stays.',
        'Only tail inputs whose Path is container logs (/var/log/containers, the pod logs dir, Docker\'s data root) are touched. `Parser cri` is left alone when the cri parser the config loads is its own regex parser capturing `log` (an already-migrated setup, runtime-migration.md D.3 option B). Where the config loads no parsers file that defines cri (no Parsers_File, or one that expands to nothing), Fluent Bit has no parser of that name and the lines were never parsed: the same change, with that reason. Below Fluent Bit 1.8, legacy-parser does the job instead.',
        'Chart values that run grafana\'s Loki plugin image (`grafana/fluent-bit-plugin-loki`) without the fluent/fluent-bit chart\'s `config`: grafana\'s fluent-bit chart (loki-stack\'s subchart) writes `Parser docker` in its own ConfigMap template with no value for it, so the image gets a warning (move chart, or render and migrate).',
        'A release of that chart is recognised by its chart too (Argo CD `chart`/`path` + `repoURL`, Flux `spec.chart.spec.chart` + the HelmRepository of the same file its `sourceRef` names, kustomize `helmCharts`, helmfile `chart: repo/name` + `repositories`): `fluent-bit` from grafana\'s repository gets the warning at its chart line, `loki-stack` at the value that turns its `fluent-bit` subchart on (`fluent-bit.enabled: true`, a values key or a `--set` parameter; the chart\'s default is off, and then nothing is said). A values file among the inputs that the release names (Argo CD `helm.valueFiles`, `$values/...` too; a helmfile `values:` file) gets it at its own switch, naming the release, when nothing that wins over the file turns the subchart off; so does a Flux `valuesFrom` ConfigMap or Secret key among the inputs (`targetPath: fluent-bit.enabled` too, its path read as Helm\'s strvals reads it: `[n]` list indexes, `\\.` a dot inside a name), when no later item and no `spec.values` turns it off. A Secret\'s base64 `data` is decoded and read (never edited): the warning points at the base64 value. A values file that cannot be read (a templated name, a Go template file, a helmfile `secrets:` file, encrypted) gets an info at its name when nothing that wins over it (a `--set`, a later set) decides the switch.',
        'A Flux HelmRelease whose chart comes from a Bucket (its `sourceRef`, or the source of the HelmChart its `chartRef` names) or an ExternalArtifact (`chartRef`) has no repository URL that tells fluent\'s `fluent-bit` chart from grafana\'s (an ExternalArtifact not even the chart\'s name): when the chart name does not decide and its values do not have a Fluent Bit chart\'s shape, an info at the chartRef\'s or chart\'s name says the chart was not checked, once per release.',
      ].join('\n'),
      example: {
        before: '[INPUT]\n    Name         tail\n    Path         /var/log/containers/*.log\n    Parser       docker\n    Docker_Mode  On\n',
        after: '[INPUT]\n    Name         tail\n    Path         /var/log/containers/*.log\n    multiline.parser docker, cri\n',
      },
    },
    messages: {
      replaceParserDocker: '{{key}} {{value}} -> {{newKey}} {{target}}: CRI log lines (containerd, CRI-O) are not JSON, so Parser docker leaves them unparsed; docker, cri reads both formats',
      replaceParserDockerCriOnly: '{{key}} {{value}} -> {{newKey}} {{target}}: CRI log lines (containerd, CRI-O) are not JSON, so Parser docker leaves them unparsed; the cri multiline parser reads them and keeps the content in `log`',
      replaceParserCri: '{{key}} {{value}} -> {{newKey}} {{target}}: the stock cri parser puts the content in `message`, which the kubernetes filter (Merge_Log) never reads; the built-in multiline parsers keep it in `log`',
      replaceParserCriUnknown: '{{key}} {{value}} -> {{newKey}} {{target}}: which cri parser this Fluent Bit has is not known here (a parsers file it loads is not among the inputs, or its [SERVICE] is not): the stock one puts the content in `message`, none leaves CRI lines unparsed; the built-in multiline parsers read CRI lines whatever it loads and keep the content in `log`',
      replaceParserCriUnregistered: '{{key}} {{value}} -> {{newKey}} {{target}}: no parsers file this Fluent Bit loads defines a parser named cri, so it finds none (it logs "not registered") and leaves CRI lines unparsed; the built-in multiline parsers need no parsers file and keep the content in `log`',
      replaceParserList: '{{key}} {{value}} -> {{newKey}} {{target}}: Parser takes one parser name, so Fluent Bit finds no parser named "{{name}}" (it logs "not registered") and leaves every line unparsed, Docker JSON and CRI alike; {{newKey}} is the key that takes a list',
      replaceParserCase: '{{key}} {{value}} -> {{newKey}} {{target}}: parser names are case-sensitive, so "{{value}}" is not the stock parser (Fluent Bit logs "not registered" unless the setup defines a parser of that exact name) and CRI lines stay unparsed; the built-in multiline parsers read Docker JSON and CRI lines',
      replaceParserQuoted: '{{key}} {{value}} -> {{newKey}} {{target}}: a classic config keeps the quotes in a value, so Fluent Bit looks for a parser named {{value}}, quotes included, finds none (it logs "not registered") and leaves CRI lines unparsed; the built-in multiline parsers read Docker JSON and CRI lines',
      parserListUnknown: '{{key}} {{value}} names no parser: Parser takes one parser name, so Fluent Bit finds no parser named "{{name}}" (it logs "not registered") and leaves every line unparsed; read container logs with `{{newKey}} {{target}}` in place of this Parser, and apply {{others}} to `log` with a parser filter after the input',
      multilineListUnknown: '{{key}} {{value}}: multiline.parser is a comma list, so `{{item}}` is one name, which no multiline parser has, and Fluent Bit refuses to start the input ("could not load multiline parsers"); write the names with commas between them ({{target}} for container logs)',
      fixMultilineList: '{{key}} {{value}} -> {{next}}: multiline.parser is a comma list split at commas only, so Fluent Bit looks for a multiline parser named after the whole item (`{{item}}`), finds none and refuses to start the input ("could not load multiline parsers")',
      removeJsonParserIgnored: "removed {{key}} {{value}}: {{newKey}} is set, so Fluent Bit ignores Parser; {{value}} is a JSON parser, which reads Docker's log lines and no CRI line, and the multiline parsers read both",
      replaceDockerMode: '{{key}} {{value}} -> {{newKey}} {{target}}: Docker_Mode only understands Docker JSON; the multiline parsers read Docker JSON and CRI lines',
      completeMultiline: '{{key}} {{value}} -> {{next}}: docker alone does not match CRI log lines',
      removeParserIgnored: 'removed {{key}} {{value}}: {{newKey}} is set, so Fluent Bit ignores Parser',
      removeDockerModeIgnored: 'removed {{key}} {{value}}: Docker_Mode is Docker-only and ignored once {{newKey}} is set',
      removeParserReplaced: 'removed {{key}} {{value}}: {{newKey}} replaces it',
      removeDockerMode: 'removed {{key}} {{value}}: Docker_Mode options are Docker-only',
      intentLost: '{{key}} {{value}} joined multi-line application logs; that intent is not carried over: add a multiline parser ([MULTILINE_PARSER]) and the multiline filter if you still need it',
      noParserLeft: 'this container input has no parser left: CRI lines will reach `log` unparsed; add multiline.parser docker, cri if you want them parsed',
      ownCriDockerParser: "{{key}} {{value}} is left as is: the docker parser this config loads is its own ({{file}}), a regex that reads CRI lines into `log`, not Docker's JSON parser (partial P lines are not joined; multiline.parser docker, cri would join them, and a name other than docker would say what it reads)",
      ownCriParser: '{{key}} {{value}} is left as is: the cri parser this config loads is its own ({{file}}), a CRI regex parser that keeps the content in `log` (partial P lines are not joined; multiline.parser docker, cri would join them)',
      grafanaChart: "these values run {{image}}, the image of grafana's fluent-bit chart (also loki-stack's), whose ConfigMap template reads container logs with Parser docker and has no value to change it: on CRI nodes every record stays an unparsed CRI line; move to the fluent/fluent-bit chart (its loki output), or render the chart and migrate the output",
      grafanaSubchartFile: `this values file of {{release}} turns on ${LOKI_STACK_SUBCHART}`,
      valuesFileUnchecked: "this values file of {{release}} was not checked ({{why}}): if it sets fluent-bit.enabled: true, it turns on loki-stack's fluent-bit subchart, whose ConfigMap template reads container logs with Parser docker (unparsed CRI lines on CRI nodes); render it and check",
      grafanaSubchartValuesFrom: `this valuesFrom item ({{item}}) of {{release}} turns on ${LOKI_STACK_SUBCHART}`,
      grafanaRelease: "this release installs grafana's fluent-bit chart ({{chart}}), whose ConfigMap template reads container logs with Parser docker and has no value to change it: on CRI nodes every record stays an unparsed CRI line; move to the fluent/fluent-bit chart (its loki output), or render the chart and migrate the output",
      grafanaSubchart: `this turns on ${LOKI_STACK_SUBCHART}`,
      chartSourceUnknown: "{{release}} takes its chart from {{source}}, which has no repository URL to tell the chart by{{name}}: fluent/fluent-bit's chart (its defaults mount Docker's directory) and grafana's fluent-bit or loki-stack (Parser docker in their templates) cannot be told apart, and these values do not tell either; if it runs Fluent Bit, render the chart and migrate the output",
      cannotWrite: '{{key}} {{value}} is left as is: CRI log lines (containerd, CRI-O) need `multiline.parser {{target}}`, and {{config}} has no knob for it; add the line where the chart lets you (the stable/fluent-bit chart: `extraEntries.input`, when the systemd input is off), or move to the fluent/fluent-bit chart',
    },
  },
  create(context) {
    // The fix of each removal: items of one YAML list removed together go in one fix, on the first of them
    // (separate removals of neighbouring flow items would overlap; all of them remove the key).
    let removals = new Map<Property, Fix>();
    // The parser loads of the section whose steps are reported (its decision's).
    let loads: () => readonly ParserLoad[] = () => [];
    const planRemovals = (steps: readonly TailStep[]): Map<Property, Fix> => {
      const out = new Map<Property, Fix>();
      const lists = new Map<ListItem['removeItems'], Property[]>();
      for (const step of steps) {
        if (step.kind !== 'remove') continue;
        const p = step.property;
        if (!p.item) out.set(p, p.remove());
        else lists.set(p.item.removeItems, [...(lists.get(p.item.removeItems) ?? []), p]);
      }
      for (const [removeItems, items] of lists) out.set(items[0] as Property, removeItems(items.map((p) => p.item?.index ?? -1)));
      return out;
    };
    const report = (step: TailStep): void => {
      const p = step.property;
      const data = { key: p.key, value: shownValue(p, context.setup.variables), name: valueOf(p, context.setup.variables), newKey: p.section.config.spell('multiline.parser') };
      switch (step.kind) {
        case 'intent-lost':
          context.report({ severity: 'info', messageId: 'intentLost', data, at: p.at });
          return;
        case 'complete': {
          const fix = step.insert !== undefined ? p.insertAfter('multiline.parser', step.insert) : p.replaceValue(step.next);
          if (step.misspelled) {
            const item = splitList(valueOf(p, context.setup.variables)).find((i) => !isBuiltinMultiline(i)) ?? valueOf(p, context.setup.variables);
            context.report({ severity: 'change', messageId: 'fixMultilineList', data: { ...data, next: step.next, item }, at: p.at, fix });
            return;
          }
          context.report({ severity: 'change', messageId: 'completeMultiline', data: { ...data, next: step.next }, at: p.at, fix });
          return;
        }
        case 'replace': {
          if (p.section.config.writable?.('multiline.parser') === false) {
            context.report({ severity: 'warning', messageId: 'cannotWrite', data: { key: p.key, value: data.value, target: step.target, config: p.section.config.name }, at: p.at });
            return;
          }
          const cri = step.replaced === 'cri' && p.section.config.syntax !== 'operator' ? criReason(loads()) : 'replaceParserCri';
          const messageId = { cri, docker_mode: 'replaceDockerMode', list: 'replaceParserList', case: 'replaceParserCase', quoted: 'replaceParserQuoted', docker: step.target === 'cri' ? 'replaceParserDockerCriOnly' : 'replaceParserDocker' } as const;
          context.report({ severity: 'change', messageId: messageId[step.replaced], data: Object.assign({}, data, { target: step.target }), at: p.at, fix: p.replace('multiline.parser', step.target) });
          return;
        }
        case 'remove': {
          const messageId = { 'json-parser-ignored': 'removeJsonParserIgnored', 'parser-ignored': 'removeParserIgnored', 'docker-mode-ignored': 'removeDockerModeIgnored', 'parser-replaced': 'removeParserReplaced', 'docker-mode': 'removeDockerMode' } as const;
          const fix = removals.get(p);
          context.report({ severity: 'change', messageId: messageId[step.reason], data, at: p.at, ...(fix ? { fix } : {}) });
          return;
        }
        case 'no-parser-left':
          context.report({ severity: 'warning', messageId: 'noParserLeft', at: p.at });
          return;
        default: {
          const never: never = step;
          return never;
        }
      }
    };
    /**
     * A container input's Parser listing docker or cri with other parsers (`docker,my_app`), and a multiline.parser
     * item naming docker or cri with other words (`docker my_java`): names Fluent Bit does not have, which the
     * migration cannot split for the user (runtimeParserVariant and splitMultilineItems take the ones it can).
     */
    const unknownParserNames = (section: Section): void => {
      const { variables } = context.setup;
      if (multilineSupport(section.config, context.version) === 'no' || !isTailInput(section, variables)) return;
      const parsers = section.getAll('parser').filter((p) => mixedRuntimeParserList(valueOf(p, variables)) !== undefined);
      const multiline = section.getAll('multiline.parser').filter((p) => unknownMultilineItems(valueOf(p, variables)).length > 0);
      if ((parsers.length === 0 && multiline.length === 0) || !readsContainerLogs(tailTarget(section, variables, context.options))) return;
      const newKey = section.config.spell('multiline.parser');
      const target = targetMultiline(context.options.criOnly);
      for (const p of parsers) {
        const others = (mixedRuntimeParserList(valueOf(p, variables)) ?? []).join(', ');
        context.report({ severity: 'warning', messageId: 'parserListUnknown', data: { key: p.key, value: shownValue(p, variables), name: valueOf(p, variables), newKey, target, others }, at: p.at });
      }
      for (const p of multiline) {
        const item = unknownMultilineItems(valueOf(p, variables))[0] ?? '';
        context.report({ severity: 'warning', messageId: 'multilineListUnknown', data: { key: p.key, value: shownValue(p, variables), item, target }, at: p.at });
      }
    };
    // A loki-stack release's values file that cannot be read (a templated name, a Go template file): said at its name
    // unless a --set or a later set of the manifest decides the switch.
    const reportUnchecked = (release: ChartReleaseInfo, file: EditTarget): void => {
      if (release.release.parameters?.has('fluent-bit.enabled')) return;
      for (const u of release.uncheckedValuesFiles ?? []) {
        if (release.values.some((v) => (v.precedence ?? 0) > u.precedence && getScalar(getMap(v.map, 'fluent-bit'), 'enabled'))) continue;
        const why = u.why === 'templated-name' ? 'its name is a template' : u.why === 'encrypted' ? 'it is a helmfile secrets file, encrypted until helm-secrets decrypts it at deploy time' : 'it is a Go template that helmfile renders';
        context.report({ severity: 'info', messageId: 'valuesFileUnchecked', data: { why, release: release.release.label }, at: nodeAt(file, u.node) });
      }
    };
    return {
      helmValues(values, file) {
        // grafana's fluent-bit chart (its image is the Loki plugin's) renders its own ConfigMap: `Parser docker` with no value to change it.
        if (context.options.runtime === 'cri-dockerd' || values.isFluentBitChart || (values.chartKind !== undefined && values.chartKind !== 'other')) return;
        // A release of grafana's chart (or loki-stack) is reported once, at its chart or its subchart switch (chartRelease).
        if (values.release && grafanaChartOf(values.release.chart, values.release.repoURL) !== undefined) return;
        const image = values.image;
        if (!image || !GRAFANA_LOKI_IMAGE.test(parseImageRef(image.image).repository)) return;
        context.report({ severity: 'warning', messageId: 'grafanaChart', data: { image: image.image }, at: nodeAt(file, image.node) });
      },
      chartRelease(release, file) {
        // grafana's fluent-bit chart, named by the release whatever image its values set (or none).
        if (context.options.runtime === 'cri-dockerd') return;
        // A Flux Bucket or ExternalArtifact source: the chart is not known, and values without a chart's shape do not tell either.
        if (release.unknownSource !== undefined && release.release.kind === undefined && !release.valuesFile && !release.values.some((v) => findChartRoots(v.map).length > 0)) {
          const name = release.release.chart === undefined ? ' (nor a chart name)' : '';
          context.report({ severity: 'info', messageId: 'chartSourceUnknown', data: { release: release.release.label, source: release.unknownSource, name }, at: nodeAt(file, release.chartNode) });
        }
        const grafana = grafanaChartOf(release.release.chart, release.release.repoURL);
        if (grafana === 'fluent-bit' && release.chartNode) {
          context.report({ severity: 'warning', messageId: 'grafanaRelease', data: { chart: `${release.release.chart ?? 'fluent-bit'}${release.release.repoURL ? ` of ${release.release.repoURL}` : ''}` }, at: nodeAt(file, release.chartNode) });
        } else if (grafana === 'loki-stack') {
          const on = lokiStackFluentBitOn(release);
          if (!release.valuesFile) reportUnchecked(release, file);
          if (!on) return;
          if (!release.valuesFile) {
            context.report({ severity: 'warning', messageId: 'grafanaSubchart', at: nodeAt(targetIn(file, on.text), on.node) });
            return;
          }
          // A values file of the release: said here only when this file's switch decides (the manifest's own values and --set win, and are said there).
          const own = release.values[0];
          if (own && on.node === getScalar(getMap(own.map, 'fluent-bit'), 'enabled')) {
            const at = nodeAt(targetIn(file, on.text), on.node);
            if (release.valuesFrom !== undefined) context.report({ severity: 'warning', messageId: 'grafanaSubchartValuesFrom', data: { release: release.release.label, item: release.valuesFrom }, at });
            else context.report({ severity: 'warning', messageId: 'grafanaSubchartFile', data: { release: release.release.label }, at });
          }
        }
      },
      input(section) {
        unknownParserNames(section);
        const decision = tailParserDecision(section, context);
        if (decision.kind === 'none') return;
        if (decision.kind === 'own-cri') {
          const { settings, loads } = decision;
          const p = settings.runtimeParsers[0] as NonNullable<(typeof settings.runtimeParsers)[number]>;
          const value = shownValue(p, context.setup.variables);
          const name = valueOf(p, context.setup.variables) === 'docker' ? 'docker' : 'cri';
          const own = loads()[0]?.parsers.get(name);
          const file = own?.origin.kind === 'section' ? own.origin.section.config.name : 'a parsers file';
          context.report({ severity: 'info', messageId: name === 'docker' ? 'ownCriDockerParser' : 'ownCriParser', data: { key: p.key, value, file }, at: p.at });
          return;
        }
        removals = planRemovals(decision.steps);
        loads = decision.loads;
        for (const step of decision.steps) report(step);
      },
    };
  },
});
