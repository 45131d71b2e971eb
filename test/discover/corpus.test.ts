import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/source/apply-edits.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import type { Discovery } from '../../src/discover/discovery-types.js';
import { readManifest, walkCorpus } from '../helpers/corpus.js';

const corpus = walkCorpus((rel) => /\.(ya?ml|json)$/i.test(rel));
const files = corpus.map((f) => f.rel);
const results = new Map<string, Discovery>();
for (const f of corpus) results.set(f.rel, discoverFile({ path: f.rel, text: f.text }));

/** A few inner ranges to replace with themselves: whole text, each line, a mid-line slice. */
function identityRanges(text: string): [number, number][] {
  const out: [number, number][] = [[0, text.length], [0, 0], [text.length, text.length]];
  let start = 0;
  for (const line of text.split('\n')) {
    out.push([start, start + line.length + 1 > text.length ? text.length : start + line.length + 1]);
    if (line.length > 4) out.push([start + 2, start + line.length - 1]);
    start += line.length + 1;
  }
  return out;
}

describe('corpus discovery', () => {
  it('walks a non-empty corpus', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files)('%s: identity edits reproduce the file', (f) => {
    const d = results.get(f)!;
    for (const cfg of d.configs) {
      expect(cfg.map.mapEdits([])).toEqual([]);
      for (const [s, e] of identityRanges(cfg.text)) {
        const edits = cfg.map.mapEdits([{ start: s, end: e, text: cfg.text.slice(s, e), origin: 'identity' }]);
        expect(applyEdits(d.text, edits)).toBe(d.text);
      }
    }
  });

  it('templates (any extension) get one TEMPLATE_SYNTAX and no error; a warning when they hold a Docker-era setting', () => {
    const all = new Map(walkCorpus().map((f) => [f.rel, f.text]));
    const rows = readManifest().filter((row) => row.kind === 'template');
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      const text = all.get(row.localPath);
      expect(text, row.localPath).toBeDefined();
      const d = discoverFile({ path: row.localPath, text: text ?? '' });
      const templates = d.diagnostics.filter((x) => x.code === 'TEMPLATE_SYNTAX');
      expect(d.diagnostics.filter((x) => x.severity === 'error'), row.localPath).toEqual([]);
      expect(templates.length, `${row.localPath}: one TEMPLATE_SYNTAX`).toBe(1);
      if (/uses Parser docker|mounts \/var\/lib\/docker|Docker_Mode/.test(row.notes)) {
        expect(templates[0]?.severity, `${row.localPath}: holds a Docker-era setting`).toBe('warning');
      }
    }
  });

  it('meets MANIFEST.tsv expectations', () => {
    for (const row of readManifest()) {
      if (!/\.(ya?ml|json)$/i.test(row.localPath)) continue;
      const d = results.get(row.localPath);
      expect(d, row.localPath).toBeDefined();
      if (!d || row.kind === 'template') continue;
      if (row.kind === 'manifest' && row.notes.includes('uses Parser docker')) {
        const hit = d.configs.some((c) => /^\s*Parser\s+docker\s*$/im.test(c.text) || /parser:\s*docker/i.test(c.text));
        expect(hit, `${row.localPath}: expected a config with Parser docker`).toBe(true);
      }
      if (row.notes.includes('mounts /var/lib/docker/containers') && row.kind !== 'invalid') {
        const vols = [
          ...d.podTemplates.flatMap((p) => p.volumes),
          ...(d.helmValues?.daemonSetVolumes ?? []),
        ];
        const hit = vols.some((v) => /^\/var\/lib\/docker(\/containers)?\/?$/.test(v.hostPath ?? ''));
        expect(hit, `${row.localPath}: expected a /var/lib/docker/containers volume`).toBe(true);
      }
    }
  });

  it('summary', () => {
    const count = { files: files.length, configmaps: 0, classic: 0, yaml: 0, helmValues: 0, podTemplates: 0, operatorInputs: 0, images: 0, otherKeys: 0 };
    const byCode: Record<string, number> = {};
    const byStyle: Record<string, number> = {};
    for (const d of results.values()) {
      count.configmaps += d.configMaps.length;
      count.classic += d.configs.filter((c) => c.format === 'classic').length;
      count.yaml += d.configs.filter((c) => c.format === 'yaml').length;
      count.helmValues += d.helmValues ? 1 : 0;
      count.podTemplates += d.podTemplates.length;
      count.operatorInputs += d.operatorInputs.length;
      count.images += d.images.length;
      count.otherKeys += d.otherKeys.length;
      for (const x of d.diagnostics) byCode[x.code] = (byCode[x.code] ?? 0) + 1;
      for (const c of d.configs) byStyle[c.style] = (byStyle[c.style] ?? 0) + 1;
    }
    console.log('discovery corpus summary', JSON.stringify({ count, byCode, byStyle }, null, 1));
    expect(count.configmaps).toBeGreaterThan(0);
  });
});
