import { describe, expect, it } from 'vitest';
import { isMap, type Node } from 'yaml';
import { ReferenceIndex, type KeyChanges } from '../../src/convert/manifests/references.js';
import { ConfigMapIndex, indexSpaces } from '../../src/convert/manifests/spaces.js';
import { dirname, joinPath, normalizePath } from '../../src/deploy/paths.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import type { Discovery } from '../../src/discover/discovery-types.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';

/*
 * The indexes the --to-yaml plan builds once per batch (issue #14: each setup scanned the whole batch before)
 * answer what those scans answered: checked against plain scans written here on the objects' JSON, over the
 * corpus and the --to-yaml fixtures' inputs (walked: both may grow), plus the shapes they lack.
 */

function batchesOf(files: readonly { rel: string; text: string }[], depth: number): Discovery[][] {
  const out = new Map<string, Discovery[]>();
  for (const f of files) {
    const key = f.rel.split('/').slice(0, depth).join('/');
    const list = out.get(key) ?? [];
    list.push(discoverFile({ path: f.rel, text: f.text }));
    out.set(key, list);
  }
  return [...out.values()];
}

const FIXTURES = new URL('../../fixtures/to-yaml/', import.meta.url).pathname;
const batches: Discovery[][] = [
  ...batchesOf(walkCorpus(), 1),
  // fixtures/to-yaml/<topic>/<case>/input/...: one batch per case.
  ...batchesOf(walkFiles(FIXTURES, (rel) => rel.split('/')[2] === 'input'), 2),
];

/** A plain JS value's string, as scalarString reads a scalar (numbers and booleans stringified, null: none). */
function text(v: unknown): string | undefined {
  return v === null || v === undefined || typeof v === 'object' ? undefined : String(v);
}

/** The names a volume's sources give an object of `kind`, read from its JSON (the scan the index replaces, written anew). */
function namesInVolume(item: Node, kind: KeyChanges['kind']): Set<string> {
  const json = (isMap(item) ? item.toJSON() : {}) as Record<string, unknown>;
  const names = new Set<string>();
  const read = (source: unknown): void => {
    if (source === null || typeof source !== 'object') return;
    const s = source as Record<string, unknown>;
    const name = kind === 'ConfigMap' ? text(s['name']) : text(s['secretName']) ?? text(s['name']);
    if (name !== undefined) names.add(name);
  };
  const key = kind === 'ConfigMap' ? 'configMap' : 'secret';
  read(json[key]);
  const projected = json['projected'] as { sources?: unknown } | undefined;
  if (Array.isArray(projected?.sources)) for (const s of projected.sources) read((s as Record<string, unknown> | null)?.[key]);
  return names;
}

describe('the --to-yaml plan indexes answer what the scans did', () => {
  it(`ReferenceIndex.volumesNaming: the volumes naming an object, in batch order (${batches.length} batches)`, () => {
    let checked = 0;
    for (const discoveries of batches) {
      const index = new ReferenceIndex(discoveries);
      const all = discoveries.flatMap((discovery) => discovery.podTemplates.flatMap((pod) => pod.volumes.map((volume) => ({ discovery, pod, volume }))));
      for (const kind of ['ConfigMap', 'Secret'] as const) {
        const names = new Set(all.flatMap((v) => [...namesInVolume(v.volume.item, kind)]));
        for (const name of [...names, 'no-such-object']) {
          const scanned = all.filter((v) => namesInVolume(v.volume.item, kind).has(name));
          expect(index.volumesNaming(kind, name), `${kind} ${name}`).toEqual(scanned);
          checked += scanned.length;
        }
        expect(index.volumesNaming(kind, undefined)).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('ReferenceIndex.generatorUses: the kustomize generator entries listing a file, in batch order', () => {
    let checked = 0;
    for (const discoveries of batches) {
      const index = new ReferenceIndex(discoveries);
      for (const d of discoveries) {
        for (const c of d.configs) {
          if (c.origin !== 'file') continue;
          const scanned: string[] = [];
          for (const k of discoveries) {
            for (const kust of k.kustomizations) {
              const json = kust.node.toJSON() as Record<string, { files?: unknown[] }[] | undefined>;
              for (const section of ['configMapGenerator', 'secretGenerator']) {
                for (const g of json[section] ?? []) {
                  for (const entry of g.files ?? []) {
                    if (typeof entry !== 'string') continue;
                    const path = entry.includes('=') ? entry.slice(entry.indexOf('=') + 1) : entry;
                    if (joinPath(dirname(normalizePath(k.path)), path) === normalizePath(c.path)) scanned.push(`${k.path} ${entry}`);
                  }
                }
              }
            }
          }
          const found = index.generatorUses(c.path).map((u) => `${u.path} ${String(u.node.value)}`);
          expect(found, c.path).toEqual(scanned);
          checked += found.length;
        }
      }
    }
    expect(checked).toBeGreaterThan(4);
  });

  it('ConfigMapIndex.find and SpaceIndex.nameIn: the first ConfigMap at a place, the first name of a config', () => {
    let checked = 0;
    for (const discoveries of batches) {
      const configMaps = new ConfigMapIndex();
      const spaces = indexSpaces(discoveries, configMaps);
      for (const d of discoveries) {
        for (const c of d.configs) {
          const objectPath = c.configMap?.objectPath ?? [];
          const scanned = d.configMaps.find((m) => m.docIndex === c.docIndex && m.objectPath.join('/') === objectPath.join('/'));
          expect(configMaps.find(d, c.docIndex, objectPath), `${c.path} ${c.name}`).toBe(scanned);
          if (c.origin !== 'configmap' && c.origin !== 'file') continue;
          const space = spaces.spaceOf(c);
          const name = [...space.byName].find(([, x]) => x === c)?.[0];
          expect(spaces.nameIn(space, c), `${c.path} ${c.name}`).toBe(name);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('indexes projected sources, Secrets by secretName or name, and volumes naming the same object twice once', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: fluent-bit
      image: fluent/fluent-bit:3.2
  volumes:
    - name: a
      configMap:
        name: shared
    - name: b
      projected:
        sources:
          - configMap:
              name: other
          - secret:
              name: creds
          - configMap:
              name: shared
    - name: c
      secret:
        secretName: creds
        name: ignored
    - name: d
      configMap:
        name: 42
`;
    const d = discoverFile({ path: 'pod.yaml', text });
    const index = new ReferenceIndex([d]);
    const names = (kind: KeyChanges['kind'], name: string): (string | undefined)[] => index.volumesNaming(kind, name).map((v) => v.volume.name);
    expect(names('ConfigMap', 'shared')).toEqual(['a', 'b']);
    expect(names('ConfigMap', 'other')).toEqual(['b']);
    expect(names('ConfigMap', '42')).toEqual(['d']);
    expect(names('Secret', 'creds')).toEqual(['b', 'c']);
    expect(names('Secret', 'ignored')).toEqual([]);
    expect(names('Secret', 'shared')).toEqual([]);
  });
});
