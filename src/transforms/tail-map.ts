import type { YAMLMap } from 'yaml';
import type { Edit } from '../source/edit.js';
import { removeMapPair, replaceScalar } from '../yaml/yaml-edits.js';
import {
  completeMultiline, DOCKER_MODE_PARSER_INTENT, isOn, isRuntimeParser, NO_PARSER_LEFT, replacementReason, retargetDockerPath, targetMultiline,
} from './tail-decisions.js';
import type { ResolvedOptions, RuleFinding } from './transform.js';
import type { KeyedPair } from '../view/yaml-keys.js';

/** Normalised key names of one YAML dialect, and the key it writes. */
export interface TailKeys {
  /** Key written for the multiline parser (`multiline.parser`, `multilineParser`). */
  readonly write: string;
  readonly multiline: string;
  readonly dockerMode: string;
  readonly dockerModeFlush: string;
  readonly dockerModeParser: string;
}

/**
 * The tail-parser and tail-path rules on a YAML map (a YAML-format
 * `pipeline.inputs[]` item, or a Fluent Operator `spec.tail`): the same
 * decisions as the classic rule (tail-decisions.ts), as scalar replacements
 * and pair removals on the map's own text. The caller has checked that the
 * input reads container logs.
 */
export function migrateTailMap(
  text: string,
  map: YAMLMap,
  pairs: readonly KeyedPair[],
  keys: TailKeys,
  ruleId: string,
  options: ResolvedOptions,
): { edits: Edit[]; findings: RuleFinding[] } {
  const edits: Edit[] = [];
  const findings: RuleFinding[] = [];
  const at = (p: KeyedPair): number => p.key.range?.[0] ?? 0;
  const label = (p: KeyedPair): string => `${String(p.key.value)}${p.text === undefined ? '' : ` ${p.text}`}`;
  const target = targetMultiline(options.criOnly);
  // A map may repeat a key (yaml is read with uniqueKeys: false, and the API
  // server keeps the last one): every runtime `parser` is handled in one run,
  // or a second run would find the next one (not idempotent).
  const parsers = pairs.filter((p) => p.name === 'parser' && isRuntimeParser(p.text));
  const parser = parsers[0];
  const ml = pairs.find((p) => p.name === keys.multiline);
  const dockerMode = pairs.filter((p) => p.name === keys.dockerMode || p.name === keys.dockerModeFlush || p.name === keys.dockerModeParser);
  const remove = (p: KeyedPair, why: string): void => {
    edits.push(...removeMapPair(text, map, map.items.indexOf(p.pair), ruleId));
    findings.push({ ruleId, severity: 'change', message: `removed ${label(p)}: ${why}`, offset: at(p) });
  };
  const rename = (p: KeyedPair, reason: string): void => {
    if (!p.value) return;
    edits.push(...replaceScalar(text, p.key, keys.write, ruleId), ...replaceScalar(text, p.value, target, ruleId));
    findings.push({ ruleId, severity: 'change', message: `${label(p)} -> ${keys.write}: ${target}: ${reason}`, offset: at(p) });
  };

  for (const p of dockerMode) {
    if (p.name === keys.dockerModeParser) findings.push({ ruleId, severity: 'info', message: `${label(p)} ${DOCKER_MODE_PARSER_INTENT}`, offset: at(p) });
  }
  if (ml?.value && ml.text !== undefined) {
    const next = completeMultiline(ml.text, options.criOnly);
    if (next !== undefined) {
      edits.push(...replaceScalar(text, ml.value, next, ruleId));
      findings.push({ ruleId, severity: 'change', message: `${label(ml)} -> ${next}: docker alone does not match CRI log lines`, offset: at(ml) });
    }
    for (const p of parsers) remove(p, `${keys.write} is set, so Fluent Bit ignores the parser`);
    for (const p of dockerMode) remove(p, 'Docker mode is Docker-only');
  } else {
    const on = dockerMode.find((p) => p.name === keys.dockerMode && isOn(p.text));
    const anchor = parser ?? on;
    if (anchor) rename(anchor, replacementReason(anchor === parser && isRuntimeParser(parser.text) ? parser.text : 'docker_mode', target));
    for (const p of dockerMode) if (p !== anchor) remove(p, 'Docker mode is Docker-only');
    for (const p of parsers) if (p !== anchor) remove(p, `a repeated key; ${keys.write} replaces it`);
    if (!anchor && dockerMode.length > 0 && !pairs.some((p) => p.name === 'parser')) {
      findings.push({ ruleId, severity: 'warning', message: NO_PARSER_LEFT, offset: at(dockerMode[0] as KeyedPair) });
    }
  }

  for (const path of pairs.filter((p) => p.name === 'path')) {
    if (options.runtime === 'cri-dockerd' || !path.value || path.text === undefined) continue;
    const next = retargetDockerPath(path.text, options.podLogsDir);
    if (next !== undefined) {
      edits.push(...replaceScalar(text, path.value, next, 'tail-path'));
      findings.push({ ruleId: 'tail-path', severity: 'change', message: `path ${path.text} -> ${next}: Docker's container directory does not exist on ${options.runtime} nodes; the tag changes with the path, check match rules`, offset: at(path) });
    }
  }
  return { edits, findings };
}
