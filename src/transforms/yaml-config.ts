import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import type { Edit } from '../source/edit.js';
import type { EmbeddedConfig } from '../discover/discovery-types.js';
import { replaceScalar } from '../yaml/yaml-edits.js';
import { classifyPath, splitList } from './tail-inputs.js';
import { migrateTailMap } from './tail-map.js';
import type { RuleFinding, ResolvedOptions } from './transform.js';
import { keyedPairs, type KeyedPair } from '../view/yaml-keys.js';

const ID = 'yaml-tail-parser';

/**
 * Rule yaml-tail-parser (and tail-path, systemd-unit, docker-inputs in YAML
 * syntax): the same migration as the classic rules, for the YAML config
 * format (`pipeline.inputs[]` maps, runtime-migration.md G.4). Edits are
 * text splices on the config's own YAML; keys keep the user's spelling.
 */
export function migrateYamlConfig(config: EmbeddedConfig, options: ResolvedOptions): { edits: Edit[]; findings: RuleFinding[] } {
  const edits: Edit[] = [];
  const findings: RuleFinding[] = [];
  const text = config.text;
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { edits, findings };
  const pipelines = keyedPairs(doc.contents).filter((p) => p.name === 'pipeline').map((p) => p.pair.value);
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
        if (section.name === 'inputs' && plugin === 'tail') migrateTail(text, item, pairs, options, edits, findings);
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

function migrateTail(text: string, item: YAMLMap, pairs: readonly KeyedPair[], options: ResolvedOptions, edits: Edit[], findings: RuleFinding[]): void {
  const path = pairs.find((p) => p.name === 'path');
  const kinds = new Set(splitList(path?.text ?? '').map((p) => classifyPath(p, options.podLogsDir)));
  if (!kinds.has('kubelet-symlinks') && !kinds.has('pod-logs') && !kinds.has('docker-root')) return;
  const out = migrateTailMap(text, item, pairs, {
    write: 'multiline.parser',
    multiline: 'multiline.parser',
    dockerMode: 'docker_mode',
    dockerModeFlush: 'docker_mode_flush',
    dockerModeParser: 'docker_mode_parser',
  }, ID, options);
  edits.push(...out.edits);
  findings.push(...out.findings);
}

function systemdUnit(text: string, pairs: readonly KeyedPair[], options: ResolvedOptions, edits: Edit[], findings: RuleFinding[]): void {
  const unit = options.runtime === 'containerd' ? 'containerd.service' : options.runtime === 'cri-o' ? 'crio.service' : undefined;
  if (!unit) return;
  for (const p of pairs) {
    if (p.name === 'systemd_filter' && p.value && p.text === '_SYSTEMD_UNIT=docker.service') {
      edits.push(...replaceScalar(text, p.value, `_SYSTEMD_UNIT=${unit}`, 'systemd-unit'));
      findings.push({ ruleId: 'systemd-unit', severity: 'change', message: `systemd_filter _SYSTEMD_UNIT=docker.service -> ${unit}: the node's runtime unit changes`, offset: p.key.range?.[0] ?? 0 });
    }
  }
}
