import { isMap, isScalar, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/grammar/parse.js';
import { migrateText } from '../../src/migrate/migrate.js';
import type { FileResult, MigrateOptions } from '../../src/migrate/types.js';
import { RULE_LIST, type RuleId } from '../../src/rules/registry.js';
import { checkObject, k8sObjects } from '../helpers/k8s-schema.js';

/*
 * Every rule explains itself (`flb-migrate --explain <id>`): a one-line
 * summary, the why, and a before/after example. The examples are checked
 * against flb-migrate itself, so they cannot drift from what the rules do:
 *
 * - each parses without a diagnostic (classic text with parseConfig, YAML
 *   with the yaml package; a DaemonSet fragment inside the DaemonSet below,
 *   which must also be a valid Kubernetes object; the classic configs a
 *   Helm values example holds, with parseConfig);
 * - `before` migrated (containerd) reports the rule;
 * - a change rule's `after` IS the migrated `before`, and migrating `after`
 *   again changes nothing;
 * - a report rule edits nothing, and its `after` (the fix its message asks
 *   a human to make) is no longer reported and needs no further change.
 *
 * The rules are walked from the registry, so a new rule is checked without
 * touching this file. How an example is run follows from its shape: classic
 * config lines, a Fluent Bit YAML config (`pipeline:`...), a pod template
 * fragment (container fields at 8 spaces, pod fields at 6, as in a
 * DaemonSet), a kustomization.yaml (`resources:`...), or a Helm values file
 * of the fluent/fluent-bit chart.
 */

/** Context a one-file example cannot carry, given as options instead. */
const OPTIONS: Partial<Record<RuleId, Partial<MigrateOptions>>> = {
  // The rule acts below Fluent Bit 1.8 only; the version comes from the workloads
  // that run a config, which a one-file example has none of.
  'legacy-parser': { fluentBitVersion: '1.7' },
};

/** Report rules that flag every section of a kind, so the reviewed `after` is still reported. */
const STILL_REPORTED: Partial<Record<RuleId, string>> = {
  'lua-filter': 'every Lua filter is flagged for review: a script is code, reviewed or not',
  'windows-path': 'Windows inputs are out of scope whatever they read',
};

/** Examples whose `after` a run still changes, and why. */
const AFTER_STILL_CHANGES: Partial<Record<RuleId, string>> = {
  'fluent-bit-version': 'the fix states the version (an image tag) so that the run can decide; the run then migrates Parser docker',
};

/** The DaemonSet a pod template fragment goes into: its container runs Fluent Bit. */
const DAEMONSET = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata:',
  '  name: fluent-bit',
  'spec:',
  '  selector:',
  '    matchLabels:',
  '      app: fluent-bit',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: fluent-bit',
  '    spec:',
  '      containers:',
  '      - name: fluent-bit',
  '        image: fluent/fluent-bit:3.1.9',
  '',
].join('\n');

type Shape = 'classic' | 'fluent-bit-yaml' | 'pod-template' | 'kustomization' | 'helm-values';

function shapeOf(text: string): Shape {
  const first = text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  if (/^\s*[[@]/.test(first)) return 'classic';
  if (first.startsWith('        ')) return 'pod-template';
  if (/^(service|pipeline|parsers|multiline_parsers|includes|env|customs):/.test(first)) return 'fluent-bit-yaml';
  if (/^(resources|bases|configMapGenerator|patches):/.test(first)) return 'kustomization';
  return 'helm-values';
}

/** The file an example is run as: its path, and its text (a fragment wrapped). */
function fileOf(shape: Shape, text: string): { path: string; text: string } {
  switch (shape) {
    case 'classic':
      // A file that holds only parsers is a parsers file.
      return { path: /^\s*\[(?!PARSER\]|MULTILINE_PARSER\])/im.test(text) ? 'fluent-bit.conf' : 'parsers.conf', text };
    case 'fluent-bit-yaml':
      return { path: 'fluent-bit.yaml', text };
    case 'pod-template':
      return { path: 'daemonset.yaml', text: DAEMONSET + text };
    case 'kustomization':
      return { path: 'kustomization.yaml', text };
    case 'helm-values':
      return { path: 'values.yaml', text };
  }
}

/** Every problem reading an example, as text (empty when it reads cleanly). */
function readProblems(shape: Shape, file: { path: string; text: string }): string[] {
  if (shape === 'classic') {
    const role = file.path === 'parsers.conf' ? 'parsers' : 'main';
    return parseConfig(file.text, { role }).diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
  }
  const problems: string[] = [];
  const docs = parseAllDocuments(file.text);
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    problems.push(...doc.errors.map((e) => `YAML: ${e.message}`), ...doc.warnings.map((e) => `YAML: ${e.message}`));
    if (shape === 'helm-values') {
      // The chart's `config.*` strings are classic configs.
      const config = isMap(doc.contents) ? doc.contents.get('config') : undefined;
      for (const pair of isMap(config) ? config.items : []) {
        if (!isScalar(pair.value) || typeof pair.value.value !== 'string') continue;
        const role = String(isScalar(pair.key) ? pair.key.value : '') === 'customParsers' ? 'parsers' : 'main';
        problems.push(...parseConfig(pair.value.value, { role }).diagnostics.map((d) => `config.${String(pair.key)}: ${d.severity} ${d.code}: ${d.message}`));
      }
    }
  }
  if (shape === 'pod-template') for (const obj of k8sObjects(file.text)) problems.push(...checkObject(obj));
  return problems;
}

function run(id: RuleId, file: { path: string; text: string }): FileResult {
  return migrateText(file.text, { runtime: 'containerd', ...OPTIONS[id], path: file.path });
}

const ofRule = (r: FileResult, id: RuleId) => r.findings.filter((f) => f.ruleId === id);
const show = (r: FileResult): string => [...r.findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`), ...r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)].join('\n');

describe.each(RULE_LIST.map((r) => ({ id: r.meta.id, rule: r })))('--explain $id', ({ id, rule }) => {
  const { docs, kind } = rule.meta;

  it('has a one-line summary, the why, and a small before/after example', () => {
    expect(docs.summary.trim()).not.toBe('');
    expect(docs.summary).not.toMatch(/\n/);
    expect(docs.details.trim().length).toBeGreaterThan(80);
    expect(docs.example, `${id} has no docs.example`).toBeDefined();
    const { before, after } = docs.example!;
    expect(after).not.toBe(before);
    for (const text of [before, after]) {
      expect(text.endsWith('\n') && !text.endsWith('\n\n'), 'ends with exactly one newline').toBe(true);
      expect(text.split('\n').length - 1, 'at most 12 lines').toBeLessThanOrEqual(12);
      expect(text).not.toMatch(/\t| +\n/);
    }
    expect(shapeOf(after)).toBe(shapeOf(before));
  });

  const example = docs.example;
  if (!example) return;
  const shape = shapeOf(example.before);
  const before = fileOf(shape, example.before);
  const after = fileOf(shape, example.after);

  it(`before and after read cleanly (${shape})`, () => {
    expect(readProblems(shape, before)).toEqual([]);
    expect(readProblems(shape, after)).toEqual([]);
  });

  it('before is what the rule reports', () => {
    const result = run(id, before);
    expect(result.hasErrors, show(result)).toBe(false);
    expect(ofRule(result, id), show(result)).not.toEqual([]);
    if (kind === 'change') {
      expect(ofRule(result, id).some((f) => f.severity === 'change'), show(result)).toBe(true);
    }
  });

  if (kind === 'change') {
    it('after is the migrated before, and a second run changes nothing', () => {
      expect(run(id, before).output).toBe(after.text);
      const again = run(id, after);
      expect(again.findings.filter((f) => f.severity === 'change'), show(again)).toEqual([]);
      expect(again.output).toBe(after.text);
    });
  } else {
    const title = STILL_REPORTED[id] === undefined ? 'after is the fix its message asks for: no longer reported' : `after is the reviewed fix, still reported (${STILL_REPORTED[id]})`;
    it(`${title}; ${AFTER_STILL_CHANGES[id] === undefined ? 'nothing left to change' : 'the run then migrates it'}`, () => {
      const result = run(id, after);
      expect(result.hasErrors, show(result)).toBe(false);
      if (STILL_REPORTED[id] === undefined) expect(ofRule(result, id), show(result)).toEqual([]);
      else expect(ofRule(result, id), `${id}: ${STILL_REPORTED[id]}`).not.toEqual([]);
      if (AFTER_STILL_CHANGES[id] === undefined) expect(result.output, show(result)).toBe(after.text);
      else expect(result.changed, `${id}: ${AFTER_STILL_CHANGES[id]}`).toBe(true);
    });
  }
});

describe('the example harness', () => {
  it('tells the shapes apart', () => {
    expect(shapeOf('[INPUT]\n    Name tail\n')).toBe('classic');
    expect(shapeOf('@INCLUDE a.conf\n')).toBe('classic');
    expect(shapeOf('pipeline:\n  inputs: []\n')).toBe('fluent-bit-yaml');
    expect(shapeOf('        volumeMounts: []\n')).toBe('pod-template');
    expect(shapeOf('daemonSetVolumes: []\n')).toBe('helm-values');
    expect(fileOf('classic', '[PARSER]\n    Name x\n').path).toBe('parsers.conf');
    expect(fileOf('classic', '[INPUT]\n    Name tail\n').path).toBe('fluent-bit.conf');
  });

  it('the options and exceptions it allows name registered rules', () => {
    const ids = new Set<string>(RULE_LIST.map((r) => r.meta.id));
    for (const id of [...Object.keys(OPTIONS), ...Object.keys(STILL_REPORTED), ...Object.keys(AFTER_STILL_CHANGES)]) expect(ids.has(id), id).toBe(true);
    for (const id of [...Object.keys(STILL_REPORTED), ...Object.keys(AFTER_STILL_CHANGES)]) expect(RULE_LIST.find((r) => r.meta.id === id)?.meta.kind).toBe('report');
  });
});
