import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as registered from '../../src/rules/index.js';
import { convertConfig } from '../../src/convert/convert-config.js';
import { CONVERSION_RULES, RULE_LIST, RULES, ruleById, ruleDocs } from '../../src/rules/registry.js';
import { defineRule } from '../../src/rules/types.js';

const RULES_DIR = join(process.cwd(), 'src/rules');
const camel = (id: string): string => id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe('the rule registry', () => {
  it('registers every rule file, each under its id (file <id>.ts, export <camelCaseId>)', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && !['index.ts', 'registry.ts', 'run-rules.ts', 'types.ts'].includes(f));
    expect(RULE_LIST.map((r) => `${r.meta.id}.ts`).sort()).toEqual(files.sort());
    for (const [name, rule] of Object.entries(registered)) expect(name).toBe(camel(rule.meta.id));
  });

  it('ids are unique, stable kebab-case', () => {
    const ids = RULE_LIST.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  describe.each(RULE_LIST.map((r) => ({ id: r.meta.id, rule: r })))('$id', ({ id, rule }) => {
    const source = readFileSync(join(RULES_DIR, `${id}.ts`), 'utf8');

    it('kind and severities agree: a change rule may change, a report rule never does', () => {
      expect(rule.meta.severities.length).toBeGreaterThan(0);
      expect(rule.meta.severities.includes('change')).toBe(rule.meta.kind === 'change');
    });

    it('has docs --explain can print: a one-line summary, the why, and an example that changes something', () => {
      expect(rule.meta.docs.summary).not.toMatch(/\n/);
      expect(rule.meta.docs.details.length).toBeGreaterThan(80);
      // Every rule shows before/after; test/rules/docs-examples.test.ts runs the examples.
      const example = rule.meta.docs.example;
      expect(example, `${id} shows before/after`).toBeDefined();
      expect(example?.after).not.toBe(example?.before);
    });

    it('uses every message it declares, and each placeholder is a plain word', () => {
      for (const [messageId, template] of Object.entries(rule.meta.messages)) {
        expect(source, `${id}: message ${messageId} is never reported`).toContain(`'${messageId}'`);
        for (const m of template.matchAll(/\{\{([^}]*)\}\}/g)) expect(m[1]).toMatch(/^\w+$/);
      }
    });
  });

  it('RULES and ruleDocs() describe every rule, runtime and conversion', () => {
    expect(Object.keys(RULES).sort()).toEqual([...RULE_LIST, ...CONVERSION_RULES].map((r) => r.meta.id).sort());
    expect(ruleDocs().map((d) => d.kind)).toEqual([...ruleDocs().map((d) => d.kind)].sort());
    expect(RULES['tail-parser']).toMatchObject({ kind: 'change', severities: expect.arrayContaining(['change']) });
  });
});

/** Conversion rules without an example: an internal check, a pointer to another finding, nothing to write. */
const NO_EXAMPLE = new Set(['to-yaml-not-equivalent', 'to-yaml-related', 'to-yaml-already-yaml', 'to-yaml-operator']);

describe('the conversion rules (--to-yaml, src/convert/rules.ts)', () => {
  const CONVERT_DIR = join(process.cwd(), 'src/convert');
  const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && e.name !== 'rules.ts' ? [readFileSync(join(dir, e.name), 'utf8')] : []);
  const code = sources(CONVERT_DIR).join('\n');

  it("the examples of to-yaml and to-yaml-unsupported are what the converter does", () => {
    const meta = (id: string) => CONVERSION_RULES.find((r) => r.meta.id === id)?.meta.docs.example;
    const dedent = (text: string, by: number): string => text.split('\n').slice(1).map((l) => l.slice(by)).join('\n');
    const converted = meta('to-yaml');
    expect(convertConfig(`${dedent(converted?.before ?? '', 2)}\n`).yaml).toBe(`${dedent(converted?.after ?? '', 2)}\n`);
    const refused = convertConfig(`${meta('to-yaml-unsupported')?.before ?? ''}\n`);
    expect(refused.yaml).toBeNull();
    expect(refused.findings.map((f) => f.ruleId)).toContain('to-yaml-unsupported');
    expect(convertConfig(`${meta('to-yaml-ignored-section')?.before ?? ''}\n`).findings.map((f) => f.ruleId)).toContain('to-yaml-ignored-section');
    expect(convertConfig(`${meta('to-yaml-group')?.before ?? ''}\n`).findings.map((f) => f.ruleId)).toContain('to-yaml-group');
    expect(convertConfig(`${meta('to-yaml-ignored-command')?.before ?? ''}\n`).findings.map((f) => f.ruleId)).toContain('to-yaml-ignored-command');
    expect(convertConfig(`${meta('to-yaml-unused-variable')?.before ?? ''}\n`).findings.map((f) => f.ruleId)).toContain('to-yaml-unused-variable');
  });

  it('are registered with the runtime rules, ids distinct and kebab-case, never run by the runner', () => {
    const ids = [...RULE_LIST, ...CONVERSION_RULES].map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of CONVERSION_RULES) {
      expect(r.meta.id).toMatch(/^to-yaml(-[a-z0-9]+)*$/);
      expect(ruleById(r.meta.id)).toBe(r);
      expect(RULE_LIST).not.toContain(r);
    }
  });

  describe.each(CONVERSION_RULES.map((r) => ({ id: r.meta.id, rule: r })))('$id', ({ id, rule }) => {
    it('kind and severities agree, docs --explain can print', () => {
      expect(rule.meta.severities.includes('change')).toBe(rule.meta.kind === 'change');
      expect(rule.meta.docs.summary).not.toMatch(/\n/);
      expect(rule.meta.docs.details.length).toBeGreaterThan(80);
      // Every conversion rule shows before/after, except those that name another finding or nothing to write.
      if (!NO_EXAMPLE.has(id)) {
        expect(rule.meta.docs.example, `${id} shows before/after`).toBeDefined();
        expect(rule.meta.docs.example?.after).not.toBe(rule.meta.docs.example?.before);
      }
    });

    it('every message is reported somewhere in src/convert, with plain-word placeholders', () => {
      for (const [messageId, template] of Object.entries(rule.meta.messages)) {
        expect(code, `${id}: message ${messageId} is never reported`).toMatch(new RegExp(`'${id}', '${messageId}'|'${messageId}'`));
        for (const m of template.matchAll(/\{\{([^}]*)\}\}/g)) expect(m[1]).toMatch(/^\w+$/);
      }
    });
  });
});

/**
 * Compile-time checks of defineRule (this function never runs; `npm run
 * typecheck` fails if an expected error disappears).
 */
export function typeChecks(): void {
  defineRule({
    meta: { id: 'type-check', kind: 'report', severities: ['warning'], docs: { summary: 's', details: 'd' }, messages: { a: 'needs {{x}}', b: 'plain' } },
    create(context) {
      const at = { target: { id: '', path: '', text: '', toOuter: (o: number) => o, mapEdits: () => [] }, start: 0, end: 0 };
      context.report({ severity: 'warning', messageId: 'a', data: { x: 1 }, at });
      context.report({ severity: 'warning', messageId: 'b', at });
      // @ts-expect-error: a message id the rule does not declare
      context.report({ severity: 'warning', messageId: 'c', at });
      // @ts-expect-error: the template needs {{x}}
      context.report({ severity: 'warning', messageId: 'a', data: {}, at });
      // @ts-expect-error: a severity the rule does not declare
      context.report({ severity: 'change', messageId: 'b', at });
      return {};
    },
  });
}
