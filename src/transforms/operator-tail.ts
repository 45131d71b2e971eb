import type { Edit } from '../edits/edit.js';
import type { Discovery, OperatorInput } from '../k8s/discovery-types.js';
import { removeMapPair, replaceScalar } from '../k8s/yaml-edits.js';
import type { OuterFinding } from '../pipeline/yaml-level.js';
import { classifyPath, splitList } from './tail-inputs.js';
import { KUBELET_PATH } from './tail-path.js';
import type { ResolvedOptions } from './transform.js';
import { keyedPairs, type KeyedPair } from './yaml-keys.js';

const ID = 'operator-tail';
const DOCKER_MODE = new Set(['dockermode', 'dockermodeflush', 'dockermodeparser']);

/**
 * Rule operator-tail: Fluent Operator ClusterInput/Input `spec.tail`, the
 * same migration in the operator's field names: `parser: docker|cri`
 * becomes `multilineParser: docker, cri`, `dockerMode*` fields go, a
 * Docker-root `path` becomes /var/log/containers/*.log.
 */
export function operatorTail(discovery: Discovery, input: OperatorInput, options: ResolvedOptions): { edits: Edit[]; findings: OuterFinding[] } {
  const edits: Edit[] = [];
  const findings: OuterFinding[] = [];
  const text = discovery.text;
  const pairs = keyedPairs(input.tail, (k) => k.toLowerCase());
  const target = options.criOnly ? 'cri' : 'docker, cri';
  const parser = pairs.find((p) => p.name === 'parser' && (p.text === 'docker' || p.text === 'cri'));
  const ml = pairs.find((p) => p.name === 'multilineparser');
  const dockerMode = pairs.filter((p) => DOCKER_MODE.has(p.name));
  const at = (p: KeyedPair): number => p.key.range?.[0] ?? 0;
  const remove = (p: KeyedPair, why: string): void => {
    edits.push(...removeMapPair(text, input.tail, input.tail.items.indexOf(p.pair), ID));
    findings.push({ ruleId: ID, severity: 'change', message: `removed ${String(p.key.value)}: ${why}`, offset: at(p) });
  };
  if (ml?.value && ml.text !== undefined) {
    const items = splitList(ml.text);
    const lower = items.map((s) => s.toLowerCase());
    if (lower.includes('docker') && !lower.includes('cri')) {
      const next = options.criOnly ? items.map((s) => (s.toLowerCase() === 'docker' ? 'cri' : s)) : items.flatMap((s) => (s.toLowerCase() === 'docker' ? [s, 'cri'] : [s]));
      edits.push(...replaceScalar(text, ml.value, next.join(', '), ID));
      findings.push({ ruleId: ID, severity: 'change', message: `multilineParser ${ml.text} -> ${next.join(', ')}: docker alone does not match CRI log lines`, offset: at(ml) });
    }
    if (parser) remove(parser, 'multilineParser is set, so Fluent Bit ignores parser');
    for (const p of dockerMode) remove(p, 'dockerMode is Docker-only');
  } else if (parser?.value) {
    edits.push(...replaceScalar(text, parser.key, 'multilineParser', ID));
    edits.push(...replaceScalar(text, parser.value, target, ID));
    findings.push({ ruleId: ID, severity: 'change', message: `parser: ${parser.text} -> multilineParser: ${target}: ${parser.text === 'cri' ? 'the stock cri parser puts the content in `message`, which Merge_Log never reads' : 'CRI log lines are not JSON'}`, offset: at(parser) });
    for (const p of dockerMode) remove(p, 'dockerMode is Docker-only');
  } else if (dockerMode.length > 0) {
    // Like the classic and YAML-format rules: the dockerMode field becomes multilineParser in place.
    const anchor = dockerMode.find((p) => p.name === 'dockermode') ?? dockerMode[0];
    for (const p of dockerMode) {
      if (p === anchor && p.value) {
        edits.push(...replaceScalar(text, p.key, 'multilineParser', ID));
        edits.push(...replaceScalar(text, p.value, target, ID));
        findings.push({ ruleId: ID, severity: 'change', message: `${String(p.key.value)} -> multilineParser: ${target}: dockerMode only understands Docker JSON`, offset: at(p) });
      } else remove(p, 'dockerMode options are Docker-only');
    }
  }
  for (const p of dockerMode) {
    if (p.name === 'dockermodeparser') {
      findings.push({ ruleId: ID, severity: 'warning', message: `dockerModeParser ${p.text ?? ''} has no equivalent after the migration: use a multiline parser (ClusterMultilineParser) and the multiline filter`, offset: at(p) });
    }
  }
  const path = pairs.find((p) => p.name === 'path');
  if (options.runtime !== 'cri-dockerd' && path?.value && path.text && !path.text.includes('${')) {
    const patterns = splitList(path.text);
    const docker = patterns.filter((p) => classifyPath(p, options.podLogsDir) === 'docker-root');
    if (docker.length > 0) {
      const kept = patterns.filter((p) => !docker.includes(p));
      const next = kept.includes(KUBELET_PATH) ? kept : [KUBELET_PATH, ...kept];
      edits.push(...replaceScalar(text, path.value, next.join(','), 'tail-path'));
      findings.push({ ruleId: 'tail-path', severity: 'change', message: `path ${path.text} -> ${next.join(',')}: Docker's container directory does not exist on ${options.runtime} nodes`, offset: at(path) });
    }
  }
  return { edits, findings };
}
