import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closeMatches } from '../../src/cli/rule-docs.js';
import { ruleDocs } from '../../src/rules/registry.js';
import { DIAGNOSTIC_CODES } from '../../src/source/diagnostic.js';
import { runCli } from './helpers/run-cli.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

describe('--list-rules', () => {
  it('prints every rule (id, kind, severities, summary) and every diagnostic code, from the registries; exit 0', async () => {
    const r = await runCli(['--list-rules']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Rules (${ruleDocs().length}): the ruleId of every change, warning and info finding.`);
    expect(lines[2]).toMatch(/^RULE +KIND +SEVERITIES +SUMMARY$/);
    for (const rule of ruleDocs()) {
      const row = lines.find((l) => l.startsWith(`${rule.id} `));
      expect(row, rule.id).toBeDefined();
      expect(row).toMatch(new RegExp(`^${rule.id} +${rule.kind} +${rule.severities.join(', ')} +`));
      expect(row?.endsWith(rule.summary)).toBe(true);
    }
    for (const [code, c] of Object.entries(DIAGNOSTIC_CODES)) {
      expect(lines.some((l) => l.startsWith(`${code} `) && l.includes(c.severity) && l.endsWith(c.summary)), code).toBe(true);
    }
    expect(r.stdout).toContain('flb-migrate --explain RULE');
  });

  it('--format json gives the registries as JSON', async () => {
    const r = await runCli(['--list-rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { rules: { id: string; kind: string; severities: string[]; summary: string; details: string }[]; diagnosticCodes: { code: string; severity: string }[] };
    expect(doc.rules.map((x) => x.id)).toEqual(ruleDocs().map((d) => d.id));
    expect(doc.rules[0]).toMatchObject({ kind: expect.any(String), severities: expect.any(Array), summary: expect.any(String), details: expect.any(String) });
    expect(doc.diagnosticCodes.map((c) => c.code)).toEqual(Object.keys(DIAGNOSTIC_CODES));
  });

  it.each([
    [['--list-rules', '--format', 'sarif'], '--list-rules prints text or json, not --format sarif'],
    [['--list-rules', 'deploy/'], "--list-rules takes no paths (got 'deploy/')"],
    [['--list-rules', '--explain', 'tail-parser'], '--list-rules and --explain cannot be used together'],
    [['--explain', ''], '--explain needs a rule id'],
  ])('%j is a usage error', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`flb-migrate: ${message}`);
  });
});

describe('--explain', () => {
  it('prints what a rule does, why, and its before/after example', async () => {
    const rule = ruleDocs().find((d) => d.example !== undefined)!;
    const r = await runCli(['--explain', rule.id]);
    expect(r.code).toBe(0);
    const details = rule.details.split('\n').join('\n\n');
    expect(r.stdout.startsWith(`${rule.id} (${rule.kind === 'change' ? 'edits' : 'reports only'}; severities: ${rule.severities.join(', ')})\n\n${rule.summary}\n\n${details}\n`)).toBe(true);
    expect(r.stdout).toContain(`Before:\n\n${rule.example!.before.trimEnd().split('\n').map((l) => (l === '' ? '' : `    ${l}`)).join('\n')}\n`);
    expect(r.stdout).toContain(rule.kind === 'change' ? 'After (flb-migrate writes this):\n\n' : 'After (by hand, as the warning says):\n\n');
  });

  it('explains every rule and every diagnostic code', async () => {
    for (const id of [...ruleDocs().map((d) => d.id), ...Object.keys(DIAGNOSTIC_CODES)]) {
      const r = await runCli(['--explain', id]);
      expect(r.code, id).toBe(0);
      expect(r.stdout.startsWith(`${id} (`), id).toBe(true);
    }
    const code = await runCli(['--explain', 'TEMPLATE_SYNTAX', '--format', 'json']);
    expect(JSON.parse(code.stdout)).toEqual({ code: 'TEMPLATE_SYNTAX', severity: 'warning', summary: DIAGNOSTIC_CODES.TEMPLATE_SYNTAX.summary });
    const rule = await runCli(['--explain=tail-parser', '--format=json']);
    expect(JSON.parse(rule.stdout)).toMatchObject({ id: 'tail-parser', kind: 'change' });
  });

  it('an unknown id is a usage error listing close matches', async () => {
    const r = await runCli(['--explain', 'tail_parser']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("flb-migrate: unknown rule or diagnostic code 'tail_parser': did you mean 'tail-parser'?\nRun 'flb-migrate --help' for usage.\n");
    const typo = await runCli(['--explain', 'docker-volme']);
    expect(typo.stderr).toContain("did you mean 'docker-volume'");
    const none = await runCli(['--explain', 'zzzzzzzz']);
    expect(none.stderr).toContain("'flb-migrate --list-rules' lists them");
  });

  it('close matches: case and -/_ ignored, substrings, small edit distances; at most five', () => {
    const ids = ['tail-parser', 'tail-path', 'legacy-parser', 'YAML_SYNTAX', 'TEMPLATE_SYNTAX'];
    expect(closeMatches('TAIL_PARSER', ids)[0]).toBe('tail-parser');
    expect(closeMatches('parser', ids)).toEqual(['tail-parser', 'legacy-parser']);
    expect(closeMatches('yaml', ids)).toEqual(['YAML_SYNTAX']);
    expect(closeMatches('x', ids)).toEqual([]);
  });
});

/** Static imports of a module (not `import()`), resolved to files under src/. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gm)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

describe('startup: --help and --version stay fast', () => {
  it('the bin does not load the rule registry, the walk or the migration pipeline statically (only --list-rules/--explain, a run)', () => {
    const seen = new Set<string>();
    const queue = [join(SRC, 'cli/main.ts')];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(...staticImports(file));
    }
    const reached = [...seen].map((f) => f.slice(SRC.length));
    expect(reached).toContain('cli/run.ts');
    expect(reached).not.toContain('rules/registry.ts');
    expect(reached).not.toContain('cli/rule-docs.ts');
    expect(reached).not.toContain('migrate/migrate.ts');
    // nor the walk's matchers
    expect(reached).not.toContain('cli/collect-inputs.ts');
    const packages = [...seen].flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^.'][^']*)'/gm)].map((m) => m[1]));
    expect(packages).not.toContain('picomatch');
    expect(packages).not.toContain('ignore');
    // nor a parser: everything heavy sits behind import('./engine.js') (test/cli/bin-bundle.test.ts checks the bundle)
    expect(reached).not.toContain('cli/engine.ts');
    expect(reached.filter((f) => f.startsWith('grammar/') || f.startsWith('yaml/'))).toEqual([]);
    expect(packages).not.toContain('yaml');
    expect(packages).not.toContain('chevrotain');
  });
});
