import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './helpers/run-cli.js';

// Golden outputs of every format for one small tree with the real migrate():
// fixtures/cli/formats/<name>.txt shows reviewers exactly what each format
// prints. Regenerate after an intended change with UPDATE_GOLDEN=1.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TREE = join(ROOT, 'fixtures/cli/tree');
const GOLDEN = join(ROOT, 'fixtures/cli/formats');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function treeFiles(dir: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, treeFiles(p, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = readFileSync(p, 'utf8');
  }
  return out;
}

const FILES = {
  ...treeFiles(TREE, 'tree/'),
  'tree/raw/broken values.yaml': 'config:\n  inputs: [\n',
  'tree/raw/events.conf': '[INPUT]\n    Name docker_events\n',
};

const CASES: Array<[string, string[]]> = [
  ['diff', []],
  ['check', ['--check']],
  ['json', ['--format', 'json']],
  ['sarif', ['--format', 'sarif']],
  ['github', ['--format', 'github', '--check']],
];

describe('golden outputs per format (fixtures/cli/formats)', () => {
  it.each(CASES)('%s', async (name, args) => {
    const r = await runCli(['tree', '--runtime', 'containerd', ...args], {
      files: FILES,
      real: true,
      env: name === 'github' ? { GITHUB_STEP_SUMMARY: '/work/summary.md' } : {},
    });
    const summary = r.io.read('summary.md');
    const text = [
      `$ flb-migrate tree --runtime containerd ${args.join(' ')}`.trimEnd(),
      `exit ${r.code}`,
      '--- stdout',
      r.stdout,
      '--- stderr',
      r.stderr,
      ...(summary === undefined ? [] : ['--- $GITHUB_STEP_SUMMARY', summary]),
    ].join('\n').replaceAll(`"version": "${VERSION}"`, '"version": "<version>"').replaceAll(`"semanticVersion": "${VERSION}"`, '"semanticVersion": "<version>"');
    const file = join(GOLDEN, `${name}.txt`);
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
      expect(process.env['CI'], `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/cli/formats-golden.test.ts`).not.toBe('true');
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
