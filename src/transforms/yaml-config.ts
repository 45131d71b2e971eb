import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import type { Edit } from '../edits/edit.js';
import type { EmbeddedConfig } from '../k8s/discovery-types.js';
import { removeMapPair, replaceScalar } from '../k8s/yaml-edits.js';
import { classifyPath, splitList } from './tail-inputs.js';
import { KUBELET_PATH } from './tail-path.js';
import type { InnerFinding, ResolvedOptions } from './transform.js';
import { keyedPairs, type KeyedPair } from './yaml-keys.js';

const ID = 'yaml-tail-parser';
const DOCKER_MODE = new Set(['docker_mode', 'docker_mode_flush', 'docker_mode_parser']);

/**
 * Rule yaml-tail-parser (and tail-path, systemd-unit, docker-inputs in YAML
 * syntax): the same migration as the classic rules, for the YAML config
 * format (`pipeline.inputs[]` maps, runtime-migration.md G.4). Edits are
 * text splices on the config's own YAML; keys keep the user's spelling.
 */
export function migrateYamlConfig(config: EmbeddedConfig, options: ResolvedOptions): { edits: Edit[]; findings: InnerFinding[] } {
  const edits: Edit[] = [];
  const findings: InnerFinding[] = [];
  const text = config.text;
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { edits, findings };
  const pipelines = keyedPairs(doc.contents).filter((p) => p.name === 'pipeline').map((p) => p.pair.value);
  const target = options.criOnly ? 'cri' : 'docker, cri';
  for (const pipeline of pipelines) {
    for (const section of keyedPairs(pipeline).filter((p) => p.name === 'inputs' || p.name === 'filters')) {
      const list = section.pair.value;
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        if (!isMap(item)) continue;
        const pairs = keyedPairs(item);
        const name = pairs.find((p) => p.name === 'name');
        const plugin = name?.text?.toLowerCase();
        const at = name?.key.range?.[0] ?? item.range?.[0] ?? 0;
        if (section.name === 'inputs' && plugin === 'tail') migrateTail(text, item, pairs, target, options, edits, findings);
        else if (section.name === 'inputs' && plugin === 'systemd') systemdUnit(text, pairs, options, edits, findings);
        else if (section.name === 'inputs' && (plugin === 'docker_events' || plugin === 'docker')) {
          findings.push({ ruleId: plugin === 'docker' ? 'docker-metrics-input' : 'docker-events-input', severity: 'warning', message: `${plugin} input depends on Docker, which is gone on ${options.runtime} nodes: drop it or replace it`, offset: at });
        } else if (section.name === 'filters' && plugin === 'lua') {
          findings.push({ ruleId: 'lua-filter', severity: 'warning', message: 'Lua filter: review it for record["log"], record["message"], stream or time handling', offset: at });
        }
      }
    }
  }
  return { edits, findings };
}

function migrateTail(text: string, item: YAMLMap, pairs: readonly KeyedPair[], target: string, options: ResolvedOptions, edits: Edit[], findings: InnerFinding[]): void {
  const path = pairs.find((p) => p.name === 'path');
  const kinds = new Set(splitList(path?.text ?? '').map((p) => classifyPath(p, options.podLogsDir)));
  const container = kinds.has('kubelet-symlinks') || kinds.has('pod-logs') || kinds.has('docker-root');
  if (!container) return;
  const parser = pairs.find((p) => p.name === 'parser' && (p.text === 'docker' || p.text === 'cri'));
  const ml = pairs.find((p) => p.name === 'multiline.parser');
  const dockerMode = pairs.filter((p) => DOCKER_MODE.has(p.name));
  const remove = (p: KeyedPair, why: string): void => {
    edits.push(...removeMapPair(text, item, item.items.indexOf(p.pair), ID));
    findings.push({ ruleId: ID, severity: 'change', message: `removed ${String(p.key.value)}: ${why}`, offset: p.key.range?.[0] ?? 0 });
  };
  if (ml?.value && ml.text !== undefined) {
    const items = splitList(ml.text);
    const lower = items.map((s) => s.toLowerCase());
    if (lower.includes('docker') && !lower.includes('cri')) {
      const next = options.criOnly ? items.map((s) => (s.toLowerCase() === 'docker' ? 'cri' : s)) : items.flatMap((s) => (s.toLowerCase() === 'docker' ? [s, 'cri'] : [s]));
      edits.push(...replaceScalar(text, ml.value, next.join(', '), ID));
      findings.push({ ruleId: ID, severity: 'change', message: `multiline.parser ${ml.text} -> ${next.join(', ')}: docker alone does not match CRI log lines`, offset: ml.key.range?.[0] ?? 0 });
    }
    if (parser) remove(parser, 'multiline.parser is set, so Fluent Bit ignores parser');
    for (const p of dockerMode) remove(p, 'docker_mode is Docker-only');
  } else if (parser?.value) {
    edits.push(...replaceScalar(text, parser.key, 'multiline.parser', ID));
    edits.push(...replaceScalar(text, parser.value, target, ID));
    findings.push({ ruleId: ID, severity: 'change', message: `parser: ${parser.text} -> multiline.parser: ${target}: ${parser.text === 'cri' ? 'the stock cri parser puts the content in `message`, which Merge_Log never reads' : 'CRI log lines are not JSON'}`, offset: parser.key.range?.[0] ?? 0 });
    for (const p of dockerMode) remove(p, 'docker_mode is Docker-only');
  } else if (dockerMode.length > 0) {
    const anchor = dockerMode.find((p) => p.name === 'docker_mode') ?? dockerMode[0];
    for (const p of dockerMode) {
      if (p === anchor && p.value) {
        edits.push(...replaceScalar(text, p.key, 'multiline.parser', ID));
        edits.push(...replaceScalar(text, p.value, target, ID));
        findings.push({ ruleId: ID, severity: 'change', message: `${String(p.key.value)} -> multiline.parser: ${target}: docker_mode only understands Docker JSON`, offset: p.key.range?.[0] ?? 0 });
      } else remove(p, 'docker_mode options are Docker-only');
    }
  }
  for (const p of dockerMode) {
    if (p.name === 'docker_mode_parser') {
      findings.push({ ruleId: ID, severity: 'info', message: `docker_mode_parser ${p.text ?? ''} joined multi-line application logs; that intent is not carried over: use a multiline parser and the multiline filter`, offset: p.key.range?.[0] ?? 0 });
    }
  }
  if (options.runtime !== 'cri-dockerd' && path?.value && path.text !== undefined && !path.text.includes('${')) {
    const patterns = splitList(path.text);
    const docker = patterns.filter((p) => classifyPath(p, options.podLogsDir) === 'docker-root');
    if (docker.length > 0) {
      const kept = patterns.filter((p) => !docker.includes(p));
      const next = kept.includes(KUBELET_PATH) ? kept : [KUBELET_PATH, ...kept];
      edits.push(...replaceScalar(text, path.value, next.join(','), 'tail-path'));
      findings.push({ ruleId: 'tail-path', severity: 'change', message: `path ${path.text} -> ${next.join(',')}: Docker's container directory does not exist on ${options.runtime} nodes; the tag changes with the path, check match rules`, offset: path.key.range?.[0] ?? 0 });
    }
  }
}

function systemdUnit(text: string, pairs: readonly KeyedPair[], options: ResolvedOptions, edits: Edit[], findings: InnerFinding[]): void {
  const unit = options.runtime === 'containerd' ? 'containerd.service' : options.runtime === 'cri-o' ? 'crio.service' : undefined;
  if (!unit) return;
  for (const p of pairs) {
    if (p.name === 'systemd_filter' && p.value && p.text === '_SYSTEMD_UNIT=docker.service') {
      edits.push(...replaceScalar(text, p.value, `_SYSTEMD_UNIT=${unit}`, 'systemd-unit'));
      findings.push({ ruleId: 'systemd-unit', severity: 'change', message: `systemd_filter _SYSTEMD_UNIT=docker.service -> ${unit}: the node's runtime unit changes`, offset: p.key.range?.[0] ?? 0 });
    }
  }
}
