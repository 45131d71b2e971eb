import { execFileSync } from './helpers/child-process.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnosticCodesTable, rulesTable } from '../src/report/reference-tables.js';
import { readGenerated } from '../scripts/generated-block.mjs';
import { BIN_RELATIVE } from './helpers/bin.js';

/**
 * The README's examples are executed here, so they cannot rot. Needs the
 * build (`npm run build`; .ci/run builds before testing).
 */
const readme = readFileSync('README.md', 'utf8');
const node = (args: string[]): string => execFileSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

/** The first fenced block after `<!-- readme-example: name -->`. */
function exampleBlock(name: string): string {
  const at = readme.indexOf(`<!-- readme-example: ${name} -->`);
  expect(at, `marker ${name}`).toBeGreaterThanOrEqual(0);
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at));
  return m?.[1] ?? '';
}

describe('README', () => {
  it('opens with the two newcomer commands, and CI runs the same test command', () => {
    const first = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(first).toBe('npm ci && npx flb-migrate examples/docker-era --runtime containerd\nnpm test\n');
    expect(readme.indexOf('```sh')).toBeLessThan(40);
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test\b/m);
  });

  it('shows the real diff of the bundled example', () => {
    const out = node([BIN_RELATIVE, 'examples/docker-era', '--runtime', 'containerd']);
    expect(exampleBlock('docker-era')).toBe(out);
  });

  it('shows the real --to-yaml diff of the bundled classic example', () => {
    const out = node([BIN_RELATIVE, 'examples/classic-to-yaml', '--to-yaml']);
    expect(exampleBlock('to-yaml-cli')).toBe(out);
  });

  it('library example is the file, and runs', () => {
    expect(exampleBlock('library')).toBe(readFileSync('examples/library.mjs', 'utf8'));
    expect(node(['examples/library.mjs'])).toContain('2 of 2 files would change');
  });

  it('codemod example is the file, and runs', () => {
    expect(exampleBlock('codemod')).toBe(readFileSync('examples/codemod-script.mjs', 'utf8'));
    expect(node(['examples/codemod-script.mjs']).trim()).toBe('multiline.parser  docker, cri');
  });

  it('rule and diagnostic code tables are the registries (regenerate: npm run docs:rules)', () => {
    expect(readGenerated(readme, 'rules-table')).toBe(rulesTable());
    expect(readGenerated(readme, 'diagnostic-codes-table')).toBe(diagnosticCodesTable());
  });
});
