import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The folders of src/, in the order data flows through them. A module may
 * import only from its own folder or an earlier one: no cycles between
 * stages, no reaching up. `migrate/` is the conductor that calls the stages
 * before it; the top-level files and `cli/` come last.
 */
const LAYERS = ['source', 'yaml', 'discover', 'grammar', 'model', 'includes', 'deploy', 'view', 'convert', 'rules', 'report', 'migrate', '.', 'cli'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function layerOf(file: string): string {
  const rel = relative('src', file).split('\\').join('/');
  return rel.includes('/') ? (rel.split('/')[0] as string) : '.';
}

describe('architecture', () => {
  const files = sourceFiles('src');

  it('every folder of src/ is a known stage', () => {
    for (const f of files) expect(LAYERS, f).toContain(layerOf(f));
  });

  it('imports only go to the same stage or an earlier one', () => {
    const problems: string[] = [];
    for (const file of files) {
      const from = LAYERS.indexOf(layerOf(file));
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'|import\('(\.{1,2}\/[^']+)'\)/g)) {
        const target = join(file, '..', m[1] ?? m[2] ?? '');
        const to = LAYERS.indexOf(layerOf(target));
        if (to > from) problems.push(`${file} imports ${relative('.', target)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every stage folder says what enters and what leaves', () => {
    // grammar/ and cli/ say it in their entry modules (parse.ts, run.ts) and in NOTES.md's module map.
    for (const layer of LAYERS.filter((l) => !['.', 'grammar', 'cli'].includes(l))) {
      expect(readFileSync(join('src', layer, 'README.md'), 'utf8'), layer).toMatch(/\*\*In:\*\*[\s\S]*\*\*Out:\*\*/);
    }
  });
});
