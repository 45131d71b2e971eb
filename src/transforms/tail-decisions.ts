import { classifyPath, splitList } from './tail-inputs.js';

/*
 * The decisions the tail rules share, whatever the syntax (classic entries,
 * YAML-format pipeline maps, Fluent Operator fields): which multiline parser
 * to write, how to complete an existing one, whether a Docker_Mode is on,
 * how a Docker-root Path is retargeted, and the one-line reasons.
 */

/** Where the kubelet's symlinks live for every runtime (runtime-migration.md E.2). */
export const KUBELET_PATH = '/var/log/containers/*.log';

/** The multiline.parser value the migration writes. */
export function targetMultiline(criOnly: boolean): string {
  return criOnly ? 'cri' : 'docker, cri';
}

/**
 * An existing multiline.parser list that has `docker` but not `cri` gets
 * `cri` after `docker` (or `docker` replaced by `cri` with criOnly). Returns
 * undefined when nothing needs to change.
 */
export function completeMultiline(value: string, criOnly: boolean): string | undefined {
  const items = splitList(value);
  const lower = items.map((s) => s.toLowerCase());
  if (!lower.includes('docker') || lower.includes('cri')) return undefined;
  const next = criOnly
    ? items.map((s) => (s.toLowerCase() === 'docker' ? 'cri' : s))
    : items.flatMap((s) => (s.toLowerCase() === 'docker' ? [s, 'cri'] : [s]));
  return next.join(', ');
}

/** A boolean as Fluent Bit reads it (flb_utils_bool: on/true/yes, any case). */
export function isOn(value: string | undefined): boolean {
  return value !== undefined && /^(on|true|yes|1)$/i.test(value.trim());
}

/** True for the parser names the runtime migration replaces (parser names are case-sensitive). */
export function isRuntimeParser(name: string | undefined): name is 'docker' | 'cri' {
  return name === 'docker' || name === 'cri';
}

/**
 * A Path list with its Docker-root patterns replaced by the kubelet's
 * symlinks (deduplicated, other patterns kept in order), or undefined when
 * it has none or holds a variable.
 */
export function retargetDockerPath(value: string, podLogsDir: string): string | undefined {
  if (value.includes('${')) return undefined;
  const patterns = splitList(value);
  const docker = patterns.filter((p) => classifyPath(p, podLogsDir) === 'docker-root');
  if (docker.length === 0) return undefined;
  const kept = patterns.filter((p) => !docker.includes(p));
  return (kept.includes(KUBELET_PATH) ? kept : [KUBELET_PATH, ...kept]).join(',');
}

/** Why a runtime parser or Docker_Mode becomes the multiline parser. */
export function replacementReason(replaced: 'docker' | 'cri' | 'docker_mode', target: string): string {
  if (replaced === 'cri') {
    return 'the stock cri parser puts the content in `message`, which the kubernetes filter (Merge_Log) never reads; the built-in multiline parsers keep it in `log`';
  }
  if (replaced === 'docker') {
    return `CRI log lines (containerd, CRI-O) are not JSON, so Parser docker leaves them unparsed; ${target === 'cri' ? 'the cri multiline parser reads them and keeps the content in `log`' : 'docker, cri reads both formats'}`;
  }
  return 'Docker_Mode only understands Docker JSON; the multiline parsers read Docker JSON and CRI lines';
}

export const DOCKER_MODE_PARSER_INTENT = 'joined multi-line application logs; that intent is not carried over: add a multiline parser ([MULTILINE_PARSER]) and the multiline filter if you still need it';
export const NO_PARSER_LEFT = 'this container input has no parser left: CRI lines will reach `log` unparsed; add multiline.parser docker, cri if you want them parsed';
