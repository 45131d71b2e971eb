import { isMap, isPair, isScalar, isSeq, type YAMLMap } from 'yaml';
import { scalarString } from '../../yaml/yaml-nodes.js';
import { isTrue } from './fluent-bit-values.js';
import { classifyPath } from './tail-target.js';
import type { LoggingOperatorAgent } from '../../discover/discovery-types.js';
import { loadConfig } from '../../model/config-model.js';
import type { EditTarget, Located } from '../../view/types.js';
import { embedScalar, isEmbeddedText } from '../../yaml/embedded-text.js';

/*
 * kube-logging's FluentbitSpec `customParsers` (fluentbit_types.go): a
 * parsers text the operator writes as a key of its config Secret and loads
 * with a second `Parsers_File`, after the stock parsers.conf
 * (pkg/resources/fluentbit/config.go, configsecret.go).
 */

/** A `[PARSER]` of a customParsers text: its name, format and regex, offsets in that text. */
export interface CustomParser {
  readonly name: string;
  readonly nameAt: { readonly start: number; readonly end: number };
  readonly format: string;
  readonly regex: { readonly value: string; readonly start: number; readonly end: number } | undefined;
}

/** The pairs of a map with a scalar key, by key as written. */
export function keyed(map: YAMLMap | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const p of map?.items ?? []) if (isPair(p) && isScalar(p.key) && !out.has(String(p.key.value))) out.set(String(p.key.value), p.value);
  return out;
}

/**
 * A FluentbitSpec agent's customParsers, read by our classic reader (keys
 * case-insensitive, the first of a key wins, as Fluent Bit's getters do), with
 * where an offset of its text is in the file (the whole scalar when its style
 * cannot be mapped). Undefined when the agent has no string customParsers.
 */
export function agentCustomParsers(agent: LoggingOperatorAgent, file: EditTarget): { readonly parsers: readonly CustomParser[]; readonly at: (start: number, end: number) => Located; readonly id: string } | undefined {
  if (agent.shape !== 'fluentbit') return undefined;
  const node = keyed(agent.spec).get('customParsers');
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const parsers = loadConfig(node.value, { role: 'parsers' }).model.sectionsOf('parser').flatMap((section) => {
    const name = section.get('name');
    if (!name?.value) return [];
    const regex = section.get('regex');
    const format = (section.get('format')?.value ?? '').toLowerCase();
    return [{ name: name.value, nameAt: { start: name.valueStart, end: name.valueEnd }, format, regex: regex && regex.value !== '' ? { value: regex.value, start: regex.valueStart, end: regex.valueEnd } : undefined }];
  });
  const embedded = embedScalar(file.text, node);
  const at = (start: number, end: number): Located =>
    isEmbeddedText(embedded) ? { target: file, start: embedded.map.toOuter(start), end: embedded.map.toOuter(end) } : { target: file, start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
  return { parsers, at, id: `${file.id}:${node.range?.[0] ?? 0}` };
}

/**
 * The parser names a kube-logging agent's `inputTail` makes Fluent Bit apply to the raw line, by field: none with
 * `multiline.parser` (the operator blanks the rest, configsecret.go); `Parser` unless Multiline is On;
 * `Parser_Firstline` and each `Parser_N` item with Multiline On; `Docker_Mode_Parser` with Docker_Mode On
 * (tail_config.c). Undefined when its Path reads no container logs.
 */
export function agentParserUses(agent: LoggingOperatorAgent, podLogsDir: string): { readonly key: string; readonly name: string }[] | undefined {
  const tail = keyed(isMap(keyed(agent.spec).get('inputTail')) ? (keyed(agent.spec).get('inputTail') as YAMLMap) : undefined);
  const str = (key: string): string | undefined => scalarString(tail.get(key) as never)?.trim();
  const path = str('Path') ?? '/var/log/containers/*.log';
  if (!path.split(',').some((p) => ['kubelet-symlinks', 'pod-logs', 'docker-root'].includes(classifyPath(p, podLogsDir)))) return undefined;
  const ml = tail.get('multiline.parser');
  if (isSeq(ml) && ml.items.length > 0) return [];
  const uses: { key: string; name: string }[] = [];
  const multiline = isTrue(str('Multiline') ?? '');
  const parser = str('Parser');
  if (parser && !multiline) uses.push({ key: 'inputTail.Parser', name: parser });
  const firstline = str('Parser_Firstline');
  if (firstline && multiline) uses.push({ key: 'inputTail.Parser_Firstline', name: firstline });
  const n = tail.get('Parser_N');
  if (multiline && isSeq(n)) for (const item of n.items) {
    const name = scalarString(item as never)?.trim();
    if (name) uses.push({ key: 'inputTail.Parser_N', name });
  }
  const dockerParser = str('Docker_Mode_Parser');
  if (dockerParser && isTrue(str('Docker_Mode') ?? '')) uses.push({ key: 'inputTail.Docker_Mode_Parser', name: dockerParser });
  return uses;
}
