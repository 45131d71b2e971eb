import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { discoverFile } from '../../src/discover/discover-file.js';
import { migrate } from '../../src/migrate/migrate.js';
import type { MigrateOptions, MigrateResult } from '../../src/migrate/types.js';
import { walkCorpus, type CorpusFile } from '../helpers/corpus.js';
import { checkEditedObjects } from '../helpers/k8s-schema.js';
import { applyResults } from '../helpers/golden.js';

/*
 * --to-yaml over the whole corpus (../shared/corpus, walked), one batch per
 * repository folder (the CLI hands a --to-yaml run to the library as one
 * batch), alone and together with --runtime containerd: no internal error,
 * every file holding a classic config converts or says why not, every
 * changed YAML file parses (and its edited Kubernetes objects validate),
 * and a second run changes nothing. Prints the figures.
 */

const corpus = walkCorpus();

function batches(list: readonly CorpusFile[]): { path: string; text: string }[][] {
  const out = new Map<string, { path: string; text: string }[]>();
  for (const f of list) {
    const repo = f.rel.split('/')[0] ?? '';
    out.set(repo, [...(out.get(repo) ?? []), { path: f.rel, text: f.text }]);
  }
  return [...out.values()];
}

const groups = batches(corpus);
const classicFiles = new Set(corpus.filter((f) => discoverFile({ path: f.rel, text: f.text }).configs.some((c) => c.format === 'classic')).map((f) => f.rel));

describe.each<[string, MigrateOptions]>([
  ['--to-yaml', { toYaml: true }],
  ['--runtime containerd --to-yaml', { toYaml: true, runtime: 'containerd' }],
])('corpus, %s', (name, options) => {
  const results: MigrateResult[] = groups.map((g) => migrate(g, options));
  const files = results.flatMap((r) => r.files);

  it('reports no internal error and no failed proof', () => {
    const bad = [
      ...files.flatMap((f) => f.diagnostics.filter((d) => d.code === 'INTERNAL_ERROR').map((d) => `${d.path}:${d.line} ${d.message}`)),
      ...files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'to-yaml-not-equivalent').map((x) => `${x.path}:${x.line} ${x.message}`)),
    ];
    expect(bad).toEqual([]);
  });

  it('every file holding a classic config converts or says why not', () => {
    const silent = files.filter((f) => classicFiles.has(f.path)).filter((f) =>
      !f.findings.some((x) => x.ruleId.startsWith('to-yaml')) && !f.diagnostics.some((d) => d.severity === 'error' || d.code === 'TEMPLATE_SYNTAX' || d.code === 'EMPTY_FILE'));
    expect(silent.map((f) => f.path)).toEqual([]);
  });

  it('every changed YAML file parses, and its edited Kubernetes objects validate', () => {
    const bad: string[] = [];
    for (const f of files.filter((x) => x.changed && x.removed !== true)) {
      const path = f.renamedTo ?? f.path;
      if (!/\.ya?ml$/i.test(path)) continue;
      for (const d of parseAllDocuments(f.output, { uniqueKeys: false })) for (const e of d.errors) bad.push(`${path}: ${e.message}`);
      if (f.renamedTo === undefined) bad.push(...checkEditedObjects(f.before, f.output).map((p) => `${path}: ${p}`));
    }
    expect(bad).toEqual([]);
  });

  it('a second run changes nothing', () => {
    const changed: string[] = [];
    results.forEach((r) => {
      const again = migrate(applyResults(r.files), options);
      for (const f of again.files) if (f.changed || f.findings.some((x) => x.severity === 'change')) changed.push(`${f.path}\n${f.diff}`);
    });
    expect(changed).toEqual([]);
  });

  it('figures', () => {
    const count = (pred: (f: (typeof files)[number]) => boolean): number => files.filter(pred).length;
    const byRule = new Map<string, number>();
    for (const f of files) for (const x of f.findings) if (x.ruleId.startsWith('to-yaml') && x.severity !== 'change') byRule.set(`${x.severity} ${x.ruleId}`, (byRule.get(`${x.severity} ${x.ruleId}`) ?? 0) + 1);
    console.log(`corpus ${name}: ${files.length} files, ${classicFiles.size} with classic configs; changed ${count((f) => f.changed)} `
      + `(renamed ${count((f) => f.renamedTo !== undefined)}, removed ${count((f) => f.removed === true)}), `
      + `to-yaml changes ${files.reduce((n, f) => n + f.findings.filter((x) => x.ruleId.startsWith('to-yaml') && x.severity === 'change').length, 0)}; `
      + `other to-yaml findings ${JSON.stringify(Object.fromEntries([...byRule].sort()))}`);
    expect(files.length).toBe(corpus.length);
  });
});
