import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir`, relative to it, in path order (a golden case's input tree). */
export function listFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n)).map((f) => `${n}/${f}`) : [n]));
}

/** Location, severity and rule of each finding line (`path:line:col sev rule ...`, the CLI's with a ':' after col), paths under `prefix` only. */
export function heads(lines: readonly string[], prefix = ''): string[] {
  return lines.flatMap((l) => {
    const m = /^(\S+?):(\d+):(\d+):? (\w+) (\S+) /.exec(l);
    return m && (m[1] ?? '').startsWith(prefix) ? [`${(m[1] ?? '').slice(prefix.length)}:${m[2]}:${m[3]} ${m[4]} ${m[5]}`] : [];
  }).sort();
}
