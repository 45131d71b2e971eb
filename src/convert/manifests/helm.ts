import type { Node } from 'yaml';
import { isAnsibleVarsPath } from '../../deploy/ansible.js';
import { formatVersion } from '../../deploy/image-version.js';
import type { Deployment } from '../../deploy/types.js';
import type { Discovery, EmbeddedConfig, HelmValuesInfo } from '../../discover/discovery-types.js';
import { chartDirOf } from '../../deploy/build-deployment.js';
import { dirIdOf } from '../../includes/vfs.js';
import { pairOf } from '../../yaml/yaml-nodes.js';
import { convertSetup } from '../convert-setup.js';
import type { PlacedFinding } from './types.js';
import { trimTrailingNewlines } from '../../source/trailing-newlines.js';

/*
 * Values of the fluent/fluent-bit chart. No chart version (up to 0.57.9)
 * renders YAML from `config.*`: templates/configmap.yaml concatenates
 * service, inputs, filters and outputs into a classic fluent-bit.conf
 * (fluent/helm-charts#516 open; PR #558 closed, #618 open). Since 0.20 the
 * chart mounts its ConfigMap at /fluent-bit/etc/conf, `config.extraFiles`
 * become keys there, and `args` reach Fluent Bit; a YAML file shipped that
 * way runs (the maintainers' workaround, fluent/helm-charts#295). So values
 * are never edited: the setup is converted (and proven) as the chart would
 * render it, and one warning gives the exact override.
 */

const CHART_CONFIG_DIR = '/fluent-bit/etc/conf';
const PIECES = ['service', 'inputs', 'filters', 'outputs'] as const;
/** Helm control actions, which Helm resolves before Fluent Bit reads the text; `{{ .Values.x }}` is kept as a (quoted) value. */
const CONTROL = /\{\{-?\s*(if|else|end|range|with|define|template|include|block)\b/;

function indent(text: string, pad: string): string[] {
  return trimTrailingNewlines(text).split('\n').map((l) => (l === '' ? '' : pad + l));
}

/** The configs of one set of chart values: its chart ConfigMap's (a release's sets in this file share one). */
function chartConfigs(d: Discovery, values: HelmValuesInfo, dir = chartDirOf(d, values)): EmbeddedConfig[] {
  return d.configs.filter((c) => c.origin === 'helm-value' && c.format === 'classic' && dirIdOf(c) === dir);
}

/** Where the warning goes: the `config:` key of the values (in the file, for values written as a string). */
function configKeyAt(values: HelmValuesInfo): number {
  const key = pairOf(values.root, 'config')?.key as Node | undefined;
  const offset = key?.range?.[0] ?? values.root.range?.[0] ?? 0;
  return values.text ? values.text.map.toOuter(offset) : offset;
}

export function planHelmValues(discoveries: readonly Discovery[], deployment: Deployment, blocked: ReadonlySet<string>): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const d of discoveries) {
    if (blocked.has(d.path)) continue;
    // A release's value sets render one chart ConfigMap: one override for them (at the first set with configs).
    const done = new Set<string>();
    for (const values of d.helmCharts) {
      if (!values.isFluentBitChart) continue;
      const dir = chartDirOf(d, values);
      if (done.has(dir)) continue;
      const configs = chartConfigs(d, values, dir).filter((c) => deployment.overriddenBy(c) === undefined);
      if (configs.length === 0) continue;
      done.add(dir);
      out.push(...chartValues(d, values, configs, deployment));
    }
    // Classic strings in values of other charts (any key, bitnami's `config.inputs` too): rendered by templates we do not see.
    const ours = new Set(d.helmCharts.flatMap((v) => (v.isFluentBitChart ? chartConfigs(d, v) : [])));
    const first = d.configs.find((c) => c.origin === 'helm-value' && c.format === 'classic' && !ours.has(c));
    if (first) {
      // An Ansible role's or inventory's variable (defaults/main.yml, group_vars...): a template of the role pastes it, no chart;
      // a Salt state's `contents:` (file.managed): written as it is to the minion.
      const messageId = isAnsibleVarsPath(d.path) ? 'ansibleVariable' : /\.sls$/i.test(d.path) ? 'saltState' : 'otherChart';
      out.push({ ruleId: 'to-yaml-helm-chart', messageId, severity: 'info', path: d.path, start: first.start, end: first.start, data: { key: first.yamlPath.join('.') } });
    }
  }
  return out;
}

function chartValues(d: Discovery, values: HelmValuesInfo, configs: readonly EmbeddedConfig[], deployment: Deployment): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  const at = configKeyAt(values);
  // The chart's fluent-bit.conf: the four pieces, each after a line break (nindent), in this order.
  const pieces = PIECES.flatMap((role) => configs.filter((c) => c.helmRole === role));
  const spans: { config: EmbeddedConfig; start: number }[] = [];
  let main = '';
  for (const p of pieces) {
    spans.push({ config: p, start: main.length });
    main += `${p.text}${p.text.endsWith('\n') ? '' : '\n'}`;
  }
  const files = new Map<string, string>();
  if (main !== '') files.set('fluent-bit.conf', main);
  for (const c of configs) if (c.helmRole === 'customParsers' || c.helmRole === 'extraFile' || c.helmRole === 'upstream') files.set(c.name, c.text);
  if (!files.has('fluent-bit.conf')) return out;
  const templated = configs.find((c) => CONTROL.test(c.text));
  if (templated) {
    out.push({ ruleId: 'to-yaml-helm-chart', messageId: 'templated', severity: 'warning', path: d.path, start: templated.start, end: templated.start, data: { key: templated.yamlPath.join('.') } });
    return out;
  }
  const toOuter = (file: string, offset: number): number => {
    if (file !== 'fluent-bit.conf') return configs.find((c) => c.name === file)?.map.toOuter(offset) ?? at;
    const span = [...spans].reverse().find((s) => s.start <= offset);
    return span ? span.config.map.toOuter(Math.min(offset - span.start, span.config.text.length)) : at;
  };
  const v = deployment.versionOf(pieces[0] as EmbeddedConfig);
  const version = v.version ? formatVersion(v.version) : undefined;
  const result = convertSetup(
    { files, main: 'fluent-bit.conf', baseDir: CHART_CONFIG_DIR, parsersFiles: files.has('custom_parsers.conf') ? ['custom_parsers.conf'] : [] },
    version === undefined ? {} : { fluentBitVersion: version, versionSource: v.note },
  );
  for (const f of result.findings) {
    if (f.ruleId === 'to-yaml') continue; // nothing is written: the override below says what to write
    const o = toOuter(f.path, f.offset);
    out.push({ ruleId: f.ruleId, messageId: f.messageId, severity: f.severity, path: d.path, start: o, end: o, data: f.data });
  }
  if (!result.ok) return out;

  const lines = ['config:', '  extraFiles:'];
  for (const f of result.files) lines.push(`    ${f.to}: |`, ...indent(f.text, '      '));
  const mainYaml = result.renames.find((r) => r.from === 'fluent-bit.conf')?.to ?? 'fluent-bit.yaml';
  const written = values.args?.items.map((i) => i.value) ?? [];
  const args = written.length > 0
    ? written.map((a) => (/^--config=/.test(a) ? `--config=${CHART_CONFIG_DIR}/${mainYaml}` : a))
    : ['--workdir=/fluent-bit/etc', `--config=${CHART_CONFIG_DIR}/${mainYaml}`];
  if (written.length > 0 && !written.some((a) => a.startsWith('--config=') || a === '-c' || a === '--config')) args.push(`--config=${CHART_CONFIG_DIR}/${mainYaml}`);
  lines.push('args:', ...args.map((a) => `  - ${a}`));
  const override = ` ⏎ ${lines.join(' ⏎ ')}`;
  const evidence = oldChartEvidence(values);
  out.push(evidence === undefined
    ? { ruleId: 'to-yaml-helm-chart', messageId: 'override', severity: 'warning', path: d.path, start: at, end: at, data: { override } }
    : { ruleId: 'to-yaml-helm-chart', messageId: 'oldChart', severity: 'warning', path: d.path, start: at, end: at, data: { override, evidence } });
  return out;
}

/** Signs of values written for a chart before 0.20: `args: []`, or the config mounted file by file. */
function oldChartEvidence(values: HelmValuesInfo): string | undefined {
  if (values.args && values.args.items.length === 0) return 'args: [] runs the image default command line';
  const sub = values.configVolumeMounts?.find((m) => m.subPath !== undefined);
  if (sub) return `volumeMounts mount ${sub.subPath ?? ''} at ${sub.mountPath ?? ''}`;
  return undefined;
}
