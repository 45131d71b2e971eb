import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTreeObject } from '../helpers/golden.js';
import { runCli } from './helpers/run-cli.js';

// Golden outputs of every format for one small tree with the real migrate():
// fixtures/cli/formats/<name>.txt shows reviewers exactly what each format
// prints. Regenerate after an intended change with
// `npx vitest run -u test/cli/formats-golden.test.ts` (test/helpers/golden.ts).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TREE = join(ROOT, 'fixtures/cli/tree');
const GOLDEN = join(ROOT, 'fixtures/cli/formats');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const FILES = {
  ...readTreeObject(TREE, 'tree/'),
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
    await expect(text).toMatchFileSnapshot(join(GOLDEN, `${name}.txt`));
  });
});
