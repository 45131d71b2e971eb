/**
 * Which Fluent Bit reads the converted YAML, and what it supports:
 *
 * - the YAML format is "production ready since Fluent Bit 2.0" (experimental
 *   in 1.9; docs.fluentbit.io/manual/v/2.0 .../yaml): below 2.0 we refuse;
 * - `parsers:`, `multiline_parsers:`, `plugins:`, `upstream_servers:` and
 *   `stream_processor:` came with fluent/fluent-bit#9513 ("config: complete
 *   Yaml support", merged 2024-10, released in 3.2.0; docs: "As of Fluent
 *   Bit v3.2, you can configure everything in YAML").
 */
export interface FluentBitVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** `3.1.9`, `v3.2`, `3.2.0-debug`, `2` -> a version; anything else -> undefined (unknown). */
export function parseFluentBitVersion(text: string | undefined): FluentBitVersion | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().replace(/^v/i, '');
  const parts: number[] = [];
  let i = 0;
  while (parts.length < 3) {
    let j = i;
    while (j < t.length && (t[j] as string) >= '0' && (t[j] as string) <= '9') j++;
    if (j === i) break;
    parts.push(Number(t.slice(i, j)));
    if (t[j] !== '.') break;
    i = j + 1;
  }
  if (parts.length === 0) return undefined;
  return { major: parts[0] as number, minor: parts[1] ?? 0, patch: parts[2] ?? 0 };
}

export const atLeast = (v: FluentBitVersion, major: number, minor: number): boolean =>
  v.major > major || (v.major === major && v.minor >= minor);

export const formatVersion = (v: FluentBitVersion): string => `${v.major}.${v.minor}.${v.patch}`;
