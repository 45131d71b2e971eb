import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A ConfigMap that every runtime migrates (Parser docker on a container-log tail input). */
export function configMap(name: string, padLines = 0): string {
  const pad = Array.from({ length: padLines }, (_, i) => `    # padding line ${i}: keeps the file large enough that a write takes a while\n`).join('');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: logging
data:
  fluent-bit.conf: |
    [SERVICE]
        Flush         1
        Parsers_File  parsers.conf
${pad}
    [INPUT]
        Name              tail
        Tag               kube.*
        Path              /var/log/containers/*.log
        Parser            docker
        Docker_Mode       On
        Mem_Buf_Limit     5MB

    [OUTPUT]
        Name   stdout
        Match  *
`;
}

/** Writes `dirs` directories of `perDir` migratable ConfigMaps under `root`; returns the file paths. */
export function writeTree(root: string, dirs: number, perDir: number, padLines: number): string[] {
  const files: string[] = [];
  for (let d = 0; d < dirs; d++) {
    const dir = join(root, `team-${String(d).padStart(4, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < perDir; f++) {
      const file = join(dir, `cm-${String(f).padStart(3, '0')}.yaml`);
      writeFileSync(file, configMap(`fb-${d}-${f}`, padLines));
      files.push(file);
    }
  }
  return files;
}

/** Every path under `root` (files only), recursively. */
export function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** The temp-file name src/cli/write-file.ts uses: `.<name>.<8 hex>.flb-migrate.tmp`. */
export const TEMP_NAME = /^\..+\.[0-9a-f]{8}\.flb-migrate\.tmp$/;
