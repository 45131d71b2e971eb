import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import { applyEdits } from '../../src/source/apply-edits.js';
// @ts-expect-error - a plain .mjs module of the bench
import { generateJsonList, generateManifest, generateSharedAnchorList } from '../../bench/generate-scale.mjs';
import { planPartition } from '../../src/migrate/partition.js';

/* Shapes of big inputs (issue #14 part B.2): many documents or ConfigMaps in one file. No timing here. */

describe('one file, many documents', () => {
  it('--to-yaml converts every ConfigMap of a stream whose ConfigMaps share a key name', () => {
    const text = generateManifest(12) as string;
    const r = migrate([{ path: 'stream.yaml', text }], { runtime: 'containerd', toYaml: true }).files[0];
    expect(r?.hasErrors).toBe(false);
    expect(r?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r?.output.match(/fluent-bit\.yaml: \|/g)?.length).toBe(6);
    // Idempotent: the output migrates to itself.
    const again = migrate([{ path: 'stream.yaml', text: r?.output ?? '' }], { runtime: 'containerd', toYaml: true }).files[0];
    expect(again?.changed).toBe(false);
  });

  it('the bench\'s List whose items share an anchor is partitioned, and --to-yaml converts every ConfigMap of it', () => {
    const text = generateSharedAnchorList(12) as string;
    // Forced down, the partition limits cut it: its first and last items (anchor and alias) in one chunk (bench/scale.bench.mjs measures that run).
    const plan = planPartition({ path: 'list.yaml', text }, { minFileBytes: 0, chunkBytes: 1 }, { toYaml: true });
    expect('chunks' in plan ? plan.chunks[0]?.pieces?.map((p) => p.units) : plan).toEqual([[1, 2], [11, 12]]);
    const r = migrate([{ path: 'list.yaml', text }], { runtime: 'containerd', toYaml: true }).files[0];
    expect(r?.hasErrors).toBe(false);
    expect(r?.findings.filter((f) => f.severity === 'error' || f.severity === 'warning')).toEqual([]);
    expect(r?.output.match(/fluent-bit\.yaml: \|/g)?.length).toBe(6);
    expect(r?.output.match(/- \/fluent-bit\/etc\/fluent-bit\.yaml/g)?.length).toBe(6);
    const again = migrate([{ path: 'list.yaml', text: r?.output ?? '' }], { runtime: 'containerd', toYaml: true }).files[0];
    expect(again?.changed).toBe(false);
  });

  it('migrates every ConfigMap of a kubectl List, and a second run changes nothing', () => {
    const text = generateJsonList(20_000) as string;
    const r = migrate([{ path: 'cms.json', text }], { runtime: 'containerd' }).files[0];
    expect(r?.hasErrors).toBe(false);
    expect(r?.output.match(/multiline\.parser +docker, cri/g)?.length).toBe(text.match(/Parser {12}docker/g)?.length);
    expect(migrate([{ path: 'cms.json', text: r?.output ?? '' }], { runtime: 'containerd' }).files[0]?.changed).toBe(false);
  });
});

describe('checking a mapped scalar alone', () => {
  const cm = (header: string, body: string): string => `${header}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  fluent-bit.conf: ${body}`;
  const mapped = (text: string, from: string, to: string): string => {
    const c = discoverFile({ path: 'x.yaml', text }).configs[0];
    const at = c?.text.indexOf(from) ?? -1;
    return applyEdits(text, c?.map.mapEdits([{ start: at, end: at + from.length, text: to, origin: 't' }]) ?? []);
  };

  it('maps block, quoted and plain scalars, with and without a %YAML directive (the whole-file check then decides)', () => {
    for (const header of ['', '%YAML 1.2\n---\n']) {
      expect(mapped(cm(header, '|\n    [INPUT]\n        Parser docker\n'), 'docker', 'cri')).toBe(cm(header, '|\n    [INPUT]\n        Parser cri\n'));
      expect(mapped(cm(header, '"[INPUT]\\n    Parser docker\\n"\n'), 'docker', 'cri\n')).toBe(cm(header, '"[INPUT]\\n    Parser cri\\n\\n"\n'));
      expect(mapped(cm(header, '|-\n      [INPUT]\n          Parser docker'), 'docker', 'a: #b')).toBe(cm(header, '|-\n      [INPUT]\n          Parser a: #b'));
    }
  });

  it('a duplicate key elsewhere in the file no longer makes the mapping an internal error', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata:\n  fluent-bit.conf: |\n    [INPUT]\n        Name tail\n        Path /var/log/containers/*.log\n        Parser docker\n';
    const r = migrate([{ path: 'x.yaml', text }], { runtime: 'containerd' }).files[0];
    expect(r?.diagnostics.filter((d) => d.code === 'INTERNAL_ERROR')).toEqual([]);
    expect(r?.output).toContain('multiline.parser docker, cri');
  });
});
