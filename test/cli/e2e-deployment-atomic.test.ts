import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from '../helpers/child-process.js';
import { BIN } from '../helpers/bin.js';
import { pairConfig, pairConfigMap, pairDaemonSet } from '../helpers/deployment-pair.js';

/*
 * The built binary with --write on a real file system: a deployment that
 * cannot be migrated or written is left byte-identical, the other
 * deployment of the same directory is written, exit code 2, and each
 * refusal is a `file:line:col: ...` (or `file: ...`) line. Needs `npm run build`.
 */

const ENV = Object.fromEntries(Object.entries({ ...process.env, NO_COLOR: '1' }).filter(([k]) => k !== 'FORCE_COLOR' && k !== 'GITHUB_STEP_SUMMARY'));

describe('built binary --write: a deployment is written whole or not at all', () => {
  let dir: string;
  beforeAll(() => {
    expect(existsSync(BIN), `${BIN} is missing: run \`npm run build\` before the tests`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'flb-migrate-atomic-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Directory `name` holding deployment fb (ds.yaml, cm.yaml: `cm`) and deployment other (ds2.yaml, cm2.yaml). */
  const tree = (name: string, cm = pairConfigMap('fb')): { root: string; before: Record<string, string> } => {
    const root = join(dir, name);
    mkdirSync(root, { recursive: true });
    const before = { 'ds.yaml': pairDaemonSet('fb'), 'cm.yaml': cm, 'ds2.yaml': pairDaemonSet('other'), 'cm2.yaml': pairConfigMap('other') };
    for (const [f, text] of Object.entries(before)) writeFileSync(join(root, f), text);
    return { root, before };
  };
  const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: ENV });

  it('a config that does not parse: its DaemonSet and ConfigMap byte-identical, the other deployment written', () => {
    const { root, before } = tree('parse', pairConfigMap('fb', pairConfig('[OUTPUT\n    Name stdout\n')));
    const r = run(root, ['.', '--runtime', 'containerd', '--write']);
    expect(r.status).toBe(2);
    expect(readFileSync(join(root, 'ds.yaml'), 'utf8')).toBe(before['ds.yaml']);
    expect(readFileSync(join(root, 'cm.yaml'), 'utf8')).toBe(before['cm.yaml']);
    expect(readFileSync(join(root, 'ds2.yaml'), 'utf8')).not.toBe(before['ds2.yaml']);
    expect(readFileSync(join(root, 'cm2.yaml'), 'utf8')).toContain('multiline.parser');
    expect(r.stderr).toMatch(/^cm\.yaml:11:5: error BAD_HEADER section header has no closing "\]"/m);
    expect(r.stderr).toMatch(/^ds\.yaml:1:1: error DEPLOYMENT_RELATED not written: cm\.yaml:11:5 cannot be migrated \(BAD_HEADER: /m);
  });

  it('a file that cannot be written (read-only): nothing of its deployment written, the other deployment written', () => {
    const { root, before } = tree('readonly');
    chmodSync(join(root, 'cm.yaml'), 0o444);
    const r = run(root, ['.', '--runtime', 'containerd', '--write']);
    expect(r.status).toBe(2);
    expect(readFileSync(join(root, 'ds.yaml'), 'utf8')).toBe(before['ds.yaml']);
    expect(readFileSync(join(root, 'cm.yaml'), 'utf8')).toBe(before['cm.yaml']);
    expect(readFileSync(join(root, 'ds2.yaml'), 'utf8')).not.toBe(before['ds2.yaml']);
    expect(readFileSync(join(root, 'cm2.yaml'), 'utf8')).not.toBe(before['cm2.yaml']);
    expect(r.stderr).toMatch(/^cm\.yaml: error READ_ONLY not written: file is read-only \(mode 0444\)$/m);
    expect(r.stderr).toMatch(/^ds\.yaml: error DEPLOYMENT_RELATED not written: cm\.yaml cannot be written \(READ_ONLY: /m);
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a ConfigMap above --max-file-size: its DaemonSet byte-identical, the complete deployment written', () => {
    const { root, before } = tree('big', `${pairConfigMap('fb')}# ${'x'.repeat(4096)}\n`);
    const r = run(root, ['.', '--runtime', 'containerd', '--write', '--max-file-size', '2K']);
    expect(r.status).toBe(2);
    expect(readFileSync(join(root, 'ds.yaml'), 'utf8')).toBe(before['ds.yaml']);
    expect(readFileSync(join(root, 'cm.yaml'), 'utf8')).toBe(before['cm.yaml']);
    expect(readFileSync(join(root, 'ds2.yaml'), 'utf8')).not.toBe(before['ds2.yaml']);
    expect(readFileSync(join(root, 'cm2.yaml'), 'utf8')).not.toBe(before['cm2.yaml']);
    expect(r.stderr).toMatch(/^cm\.yaml: error FILE_TOO_LARGE /m);
    expect(r.stderr).toMatch(/^ds\.yaml:1:1: error DEPLOYMENT_RELATED not written: cm\.yaml could not be read \(FILE_TOO_LARGE: /m);
  });
});
