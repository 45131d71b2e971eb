import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsedKustomizationReferences, simpleKustomizationReferences } from '../../src/discover/kustomization.js';
import { readSimpleBlockYaml } from '../../src/discover/simple-block-yaml.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';
import { rng } from '../helpers/rng.js';
import { yieldToEventLoop } from '../helpers/yield.js';

/*
 * kustomizationReferences reads the plainest kustomizations without the yaml package (simple-block-yaml.ts) and
 * every other text with it. The two readers must give the same paths in the same order whenever the simple one
 * answers: over every YAML file of the corpus and the fixtures (kustomizations or not), hand-written tricky shapes
 * and generated ones.
 */

/** Both readers agree, or the simple one refused; the simple one's answer (undefined when it refused). */
function same(text: string): string[] | undefined {
  const simple = simpleKustomizationReferences(text);
  if (simple !== undefined) expect(simple, JSON.stringify(text)).toEqual(parsedKustomizationReferences(text));
  return simple;
}

const isKustomization = (rel: string): boolean => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(rel);
const yamlFiles = [...walkCorpus((rel) => /\.ya?ml$/i.test(rel) || isKustomization(rel)), ...walkFiles(resolve(process.cwd(), 'fixtures'), (rel) => /\.ya?ml$/i.test(rel) || isKustomization(rel))];

describe('kustomizationReferences: the simple reader answers as the yaml package does', () => {
  it('over every YAML file of the corpus and the fixtures; most kustomizations are read without the yaml package', async () => {
    let kustomizations = 0;
    let simple = 0;
    for (const [n, f] of yamlFiles.entries()) {
      const answer = same(f.text);
      if (isKustomization(f.rel)) {
        kustomizations++;
        if (answer !== undefined) simple++;
      }
      if (n % 200 === 0) await yieldToEventLoop();
    }
    expect(kustomizations).toBeGreaterThan(40);
    expect(simple / kustomizations).toBeGreaterThan(0.5);
  });

  it('reads the usual shape (as bench/generate-tree.mjs writes it) without the yaml package', () => {
    const text = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - deployment.yaml\n  - service.yaml\nimages:\n  - name: registry.example.com/shop/svc\n    newTag: 1.4.3\n';
    expect(same(text)).toEqual(['deployment.yaml', 'service.yaml']);
    const every = [
      'resources:', '- ../base # the base', "- 'quoted.yaml'", '- "dq.yaml"', 'bases:', '- ../old', 'components:', '  - ../comp',
      'configMapGenerator:', '- name: fb', '  files:', '  - fluent-bit.conf', '  - parsers=conf/parsers.conf', '  envs:', '  - fb.env',
      'secretGenerator:', '-   name: s', '    env: s.env', '    files:', '      - key=s.txt',
      'patchesStrategicMerge:', '- p1.yaml', 'patches:', '- path: p2.yaml', '  target:', '    kind: DaemonSet', '- patch: x',
      'patchesJson6902:', '- path: p3.json', 'helmCharts:', '- name: fluent-bit', '  valuesFile: values.yaml', '  additionalValuesFiles:', '  - more.yaml',
      '  - https://example.com/remote.yaml',
    ].join('\n');
    expect(same(every)).toEqual(['../base', 'quoted.yaml', 'dq.yaml', '../old', 'fluent-bit.conf', 'conf/parsers.conf', 's.txt', 'fb.env', 's.env', '../comp', 'p1.yaml', 'p2.yaml', 'p3.json', 'values.yaml', 'more.yaml']);
  });

  it.each([
    ['a flow sequence', 'resources: [a.yaml, b.yaml]\n'],
    ['a quoted key', '"resources":\n- a.yaml\n'],
    ['an anchor and an alias', 'x: &r\n- a.yaml\nresources: *r\n'],
    ['a merge key', 'base: &b\n  valuesFile: v.yaml\nhelmCharts:\n- <<: *b\n'],
    ['a tag', 'resources: !!seq\n- a.yaml\n'],
    ['two documents', 'resources:\n- a.yaml\n---\nresources:\n- b.yaml\n'],
    ['a document start', '---\nresources:\n- a.yaml\n'],
    ['a directive', '%YAML 1.2\n---\nresources:\n- a.yaml\n'],
    ['a block scalar', 'resources:\n- |\n  a.yaml\n'],
    ['a multi-line plain scalar', 'resources:\n- a.yaml\n  b.yaml\n'],
    ['a duplicate key', 'resources:\n- a.yaml\nresources:\n- b.yaml\n'],
    ['a tab', 'resources:\n-\ta.yaml\n'],
    ['CRLF', 'resources:\r\n- a.yaml\r\n'],
    ['a BOM', '\uFEFFresources:\n- a.yaml\n'],
    ['a number as a path', 'patches:\n- path: 1.10\n'],
    ['a boolean key', 'true: 1\nresources:\n- a.yaml\n'],
    ['an indented document', '  resources:\n  - a.yaml\n'],
    ['an escape', 'resources:\n- "a\\u0041.yaml"\n'],
    ['an empty item', 'resources:\n-\n- a.yaml\n'],
    ['a nested sequence', 'resources:\n- - a.yaml\n'],
    ['a list', '- just\n- a list\n'],
    ['an unclosed flow', 'resources: [a\n'],
    ['a non-ASCII character', 'resources:\n- café.yaml\n'],
  ])('refuses %s (the yaml package answers)', (_, text) => {
    expect(simpleKustomizationReferences(text)).toBeUndefined();
  });

  it.each([
    ['nulls and typed values', 'resources:\n- ~\n- null\n- 1.10\n- true\nbases:\npatches:\n- target:\n    kind: X\n'],
    ['a comment after a key', 'resources: # the list\n  - a.yaml # first\n\n# between\n  - b.yaml\n'],
    ['a sequence at the key\'s column and deeper', 'resources:\n- a.yaml\ncomponents:\n    - c\n'],
    ['a resource that is a mapping', 'resources:\n- path: a.yaml\n- b.yaml\n'],
    ['remote references', 'resources:\n- github.com/org/repo//x?ref=v1\n- git@github.com:org/repo\n- https://x/y.yaml\n- ./local\n'],
    ['spaces inside values', 'namespace: a b\nresources:\n- a b.yaml\n'],
    ['an empty text', ''],
    ['resources nested under another key', 'spec:\n  resources:\n  - a.yaml\n'],
    ['a colon at the end (a mapping)', 'resources:\n- a.yaml:\n- b.yaml\n'],
  ])('answers %s as the yaml package does', (_, text) => {
    same(text);
  });

  it('agrees on generated texts (plain, tricky and broken lines mixed)', async () => {
    const keys = ['resources', 'bases', 'components', 'patchesStrategicMerge', 'patches', 'patchesJson6902', 'helmCharts', 'configMapGenerator', 'secretGenerator', 'files', 'envs', 'env', 'path', 'valuesFile', 'additionalValuesFiles', 'name', 'images', 'newTag', 'true', '"resources"', '<<'];
    const values = ['a.yaml', '../base', './x/', 'k=v.conf', '1.10', '0x1F', '.inf', 'true', '~', 'null', '', '"q.yaml"', "'s.yaml'", '"a#b"', 'x # c', '[a, b]', '{a: b}', '&a x', '*a', '!!str 1', '|', '>-', 'a: b', 'a:', '- z', 'http://h/x', 'git@github.com:o/r', 'a  b', 'a\tb', '"unclosed', 'café'];
    const random = rng(33);
    const pickAny = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const plainKeys = keys.slice(0, 18);
    const plainValues = values.slice(0, 10);
    let answered = 0;
    for (let n = 0; n < 6000; n++) {
      const lines: string[] = [];
      // Half of the texts from plain pieces only (mostly read by the simple reader), half with every piece.
      const plain = n % 2 === 0;
      const pick = <T>(xs: readonly T[]): T => {
        const from: readonly unknown[] = xs;
        return (plain && from === keys ? pickAny(plainKeys) : plain && from === values ? pickAny(plainValues) : pickAny(xs)) as T;
      };
      for (let l = 0, count = 1 + Math.floor(random() * 10); l < count; l++) {
        const indent = ' '.repeat(plain ? pick([0, 0, 0, 2, 2, 4]) : pick([0, 0, 0, 2, 2, 4, 1, 3, 6]));
        const shape = random();
        if (shape < 0.3) lines.push(`${indent}${pick(keys)}:`);
        else if (shape < 0.55) lines.push(`${indent}- ${pick(values)}`);
        else if (shape < 0.75) lines.push(`${indent}${pick(keys)}: ${pick(values)}`);
        else if (shape < 0.88) lines.push(`${indent}- ${pick(keys)}: ${pick(values)}`);
        else lines.push(plain ? pick(['', '# c', `${indent}- ${pick(keys)}:`]) : pick(['', '# c', '---', '...', `${indent}-`, `${indent}- ${pick(keys)}:`]));
      }
      if (same(lines.join('\n') + pick(['\n', '', '\n\n'])) !== undefined) answered++;
      if (n % 500 === 0) await yieldToEventLoop();
    }
    // Enough of them are read by the simple reader for the comparison to mean something.
    expect(answered).toBeGreaterThan(200);
  });

  it('reads a duplicate key nowhere but reports it as not simple', () => {
    expect(readSimpleBlockYaml('a: 1\nb:\n  c: 1\n  c: 2\n')).toBeUndefined();
    expect(readSimpleBlockYaml('a: 1\nb:\n  c: 1\n  d: 2\n')).toBeDefined();
  });
});
