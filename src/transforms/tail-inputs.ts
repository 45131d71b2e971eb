import type { EntryModel, SectionModel } from '../model/config-model.js';
import type { SetupFacts } from './transform.js';

/** True for `[INPUT]` sections whose plugin is `tail`. */
export function isTail(section: SectionModel): boolean {
  return section.type === 'input' && section.plugin === 'tail';
}

/** Where a tail `Path` pattern points. */
export type PathKind = 'kubelet-symlinks' | 'pod-logs' | 'docker-root' | 'windows' | 'other';

const DOCKER_ROOT = /^(\/[^,]*?)?\/docker\/containers(\/|$)|^\/var\/lib\/docker(\/|$)|-json\.log$/;

/** Classifies one path pattern (no variables). */
export function classifyPath(pattern: string, podLogsDir: string): PathKind {
  const p = pattern.trim();
  if (/^[a-z]:\\/i.test(p) || p.includes('\\')) return 'windows';
  if (p === '/var/log/containers' || p.startsWith('/var/log/containers/')) return 'kubelet-symlinks';
  if (p.startsWith('/var/log/pods/') || p === '/var/log/pods' || p.startsWith(`${podLogsDir}/`)) return 'pod-logs';
  if (DOCKER_ROOT.test(p)) return 'docker-root';
  return 'other';
}

/** A value with `${VAR}` replaced from `@SET` variables; names that stay unresolved are listed. */
export interface ResolvedValue {
  readonly value: string;
  readonly unresolved: readonly string[];
}

export function resolveVariables(entry: EntryModel, setup: SetupFacts): ResolvedValue {
  if (entry.varRefs.length === 0) return { value: entry.value, unresolved: [] };
  let out = '';
  let pos = entry.valueStart;
  const unresolved: string[] = [];
  const text = entry.value;
  for (const ref of entry.varRefs) {
    out += text.slice(pos - entry.valueStart, ref.start - entry.valueStart);
    const v = setup.variables.get(ref.name) ?? (ref.fallback !== null ? ref.fallback : undefined);
    if (v === undefined) {
      unresolved.push(ref.name);
      out += text.slice(ref.start - entry.valueStart, ref.end - entry.valueStart);
    } else out += v;
    pos = ref.end;
  }
  out += text.slice(pos - entry.valueStart);
  return { value: out, unresolved };
}

/** Splits a CLIST value (`a, b,c`) into trimmed items. */
export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** What the tail input reads, from its Path (variables resolved where possible). */
export interface TailTarget {
  readonly kinds: ReadonlySet<PathKind>;
  readonly patterns: readonly string[];
  /** Variables in Path we could not resolve. */
  readonly unresolved: readonly string[];
  readonly path: EntryModel | undefined;
}

export function tailTarget(section: SectionModel, setup: SetupFacts, podLogsDir: string): TailTarget {
  const path = section.get('path');
  if (!path) return { kinds: new Set(), patterns: [], unresolved: [], path };
  const resolved = resolveVariables(path, setup);
  const patterns = splitList(resolved.value);
  const kinds = new Set(patterns.filter((p) => !p.includes('${')).map((p) => classifyPath(p, podLogsDir)));
  return { kinds, patterns, unresolved: resolved.unresolved, path };
}

/** True when the tail reads container logs (kubelet symlinks, pod logs or Docker's files). */
export function readsContainerLogs(t: TailTarget): boolean {
  return t.kinds.has('kubelet-symlinks') || t.kinds.has('pod-logs') || t.kinds.has('docker-root');
}
