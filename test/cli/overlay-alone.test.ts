import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MemoryIoOptions } from './helpers/memory-io.js';
import { runCli } from './helpers/run-cli.js';

/*
 * An overlay run alone (fixtures/cli/overlay-alone, README there; src/cli/kustomize-context.ts): the files its
 * kustomization builds outside the paths given, inside its repository, are read as context, never written nor
 * reported one by one; one OUTSIDE_INPUT warning at the reference names them and the directory to run on.
 */

const TREE = fileURLToPath(new URL('../../fixtures/cli/overlay-alone/', import.meta.url));
const RT = ['--runtime', 'containerd'];

function load(dir: string, prefix: string, out: Record<string, string>): Record<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) load(full, prefix === '' ? name : `${prefix}/${name}`, out);
    else if (name !== 'README.md') out[prefix === '' ? name : `${prefix}/${name}`] = readFileSync(full, 'utf8');
  }
  return out;
}

const files: NonNullable<MemoryIoOptions['files']> = { ...load(TREE, '', {}), 'repo/.git/HEAD': 'ref: refs/heads/main\n' };
const warningsOf = (stderr: string): string[] => stderr.split('\n').filter((l) => l.includes(' OUTSIDE_INPUT '));

describe('an overlay run alone', () => {
  it('judges the base as the overlay builds it (2.2.2), writes nothing outside the overlay, and says where to run', async () => {
    const r = await runCli(['repo/overlays/prod', ...RT, '--write'], { files, real: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(warningsOf(r.stderr)).toEqual([
      'repo/overlays/prod/kustomization.yaml:2:5: warning OUTSIDE_INPUT ../../base builds files outside the input that need attention: repo/base/configmap.yaml (2 changes), repo/base/daemonset.yaml (2 changes); they were read for this run\'s decisions but not edited nor reported: run flb-migrate on repo, which holds both',
    ]);
    // Only the warning: no line of the base's files, nothing of shared/ (outside the repository).
    expect(r.stderr).not.toMatch(/^repo\/base\//m);
    expect(r.stderr).not.toContain('shared/');
    for (const [p, text] of Object.entries(files)) expect(r.io.read(p), p).toBe(text);
  });

  it('dev (no images:) is judged at the base\'s 1.6.10: a warning there, no change', async () => {
    const r = await runCli(['repo/overlays/dev', ...RT], { files, real: true });
    expect(r.code).toBe(0);
    expect(warningsOf(r.stderr)).toEqual([
      'repo/overlays/dev/kustomization.yaml:2:5: warning OUTSIDE_INPUT ../../base builds files outside the input that need attention: repo/base/configmap.yaml (1 warning), repo/base/daemonset.yaml (2 changes); they were read for this run\'s decisions but not edited nor reported: run flb-migrate on repo, which holds both',
    ]);
  });

  it('what --exclude matches is not read as context either', async () => {
    for (const exclude of ['base', 'repo/base/', 'configmap.yaml']) {
      const r = await runCli(['repo/overlays/prod', ...RT, '--exclude', exclude], { files, real: true });
      expect(warningsOf(r.stderr).join('\n'), exclude).not.toContain('repo/base/configmap.yaml');
    }
  });

  it('the whole repository: no context, the base migrated as before', async () => {
    const r = await runCli(['repo', ...RT], { files, real: true });
    expect(warningsOf(r.stderr)).toEqual([]);
    expect(r.stdout).toContain('+++ b/repo/base/daemonset.yaml');
  });

  it('without a repository above, the walk stops at the filesystem root: shared/ is read', async () => {
    const { 'repo/.git/HEAD': _, ...noGit } = files;
    const r = await runCli(['repo/overlays/prod', ...RT], { files: noGit, real: true });
    expect(warningsOf(r.stderr)).toEqual([
      expect.stringContaining(':2:5: warning OUTSIDE_INPUT ../../base builds'),
      expect.stringContaining(':4:5: warning OUTSIDE_INPUT ../../../shared/logging builds files outside the input that need attention: shared/logging/configmap.yaml (1 change);'),
    ]);
  });
});
