import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MemoryIoOptions } from './helpers/memory-io.js';
import { runCli } from './helpers/run-cli.js';

/*
 * A GitOps repo as flb-migrate meets it (fixtures/cli/repo, walked from disk
 * into the in-memory filesystem): Fluent Bit manifests, a plain .conf, a
 * chart with values and templates/, nginx, redis, fluentd and systemd files,
 * a .flbmigrateignore'd vendor/ holding broken YAML, and a symlinked
 * cluster directory; an Argo CD Application, a Flux HelmRelease with its
 * values ConfigMap, a kustomize base with a configMapGenerator, and a node
 * agent the safety net reports. A plain run changes the Fluent Bit files,
 * reports the rest once per file, and exits 0.
 */

const TREE = fileURLToPath(new URL('../../fixtures/cli/repo/', import.meta.url));
const EXPECTED = fileURLToPath(new URL('../../fixtures/cli/repo-expected/', import.meta.url));
const RT = ['--runtime', 'containerd'];

function load(dir: string, prefix: string, out: NonNullable<MemoryIoOptions['files']>): NonNullable<MemoryIoOptions['files']> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = lstatSync(full);
    if (st.isSymbolicLink()) out[`${prefix}/${name}`] = { symlink: readlinkSync(full) };
    else if (st.isDirectory()) load(full, `${prefix}/${name}`, out);
    else out[`${prefix}/${name}`] = readFileSync(full, 'utf8');
  }
  return out;
}

const files = load(TREE, 'repo', {});

describe('a repo mixing Fluent Bit and non-Fluent-Bit files', () => {
  it('a plain run migrates the Fluent Bit files, reports the others once each, exit 0', async () => {
    const r = await runCli(['repo', ...RT], { files, real: true });
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(join(EXPECTED, 'plain.stdout.diff'));
    await expect(r.stderr).toMatchFileSnapshot(join(EXPECTED, 'plain.stderr.txt'));
    // nothing is an error; vendor/ and *.generated.yaml are ignored; the symlinked cluster is read once
    expect(r.stderr).not.toMatch(/: error /);
    expect(r.stderr).not.toContain('vendor/');
    expect(r.stderr).not.toContain('generated');
    expect(r.stderr).not.toContain('clusters/current');
    // one line per non-Fluent-Bit file read and per template, whatever it holds
    for (const file of ['infra/nodes/override.conf', 'clusters/staging/logging/td-agent.conf']) {
      expect(r.stderr.split('\n').filter((l) => l.startsWith(`repo/${file}:`)), file).toEqual([expect.stringContaining(' info NOT_FLUENT_BIT ')]);
    }
    // ...but directories without any Fluent Bit or Docker marker are skipped unread (the prefilter) and counted
    for (const file of ['infra/nginx/nginx.conf', 'infra/redis/redis.conf']) expect(r.stderr, file).not.toContain(`repo/${file}`);
    expect(r.stderr).toMatch(/, 3 files skipped \(no Fluent Bit or Docker marker\)\n$/);
    for (const [file, severity] of [['configmap.yaml', 'warning'], ['daemonset.yaml', 'warning'], ['_helpers.tpl', 'info'], ['service.yaml', 'info']]) {
      expect(r.stderr.split('\n').filter((l) => l.startsWith(`repo/charts/fluent-bit/templates/${file}:`)), file).toEqual([expect.stringContaining(` ${severity} TEMPLATE_SYNTAX `)]);
    }
  });

  it('--check fails on the pending changes and the templates\' warnings; --fail-on change only on changes', async () => {
    const check = await runCli(['repo', ...RT, '--check'], { files, real: true });
    expect(check.code).toBe(1);
    const written = await runCli(['repo', ...RT, '--write'], { files, real: true });
    expect(written.code).toBe(0);
    const after = load(TREE, 'repo', {});
    for (const path of Object.keys(after)) {
      const text = written.io.read(path);
      if (text !== undefined) after[path] = text;
    }
    // after --write nothing is pending: the templates' warnings still fail the default gate...
    const again = await runCli(['repo', ...RT, '--check'], { files: after, real: true });
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    await expect(again.stderr).toMatchFileSnapshot(join(EXPECTED, 'check-after-write.stderr.txt'));
    // ...until they are reviewed (--fail-on change), or the chart and the node agent (the safety net's warning) are excluded
    expect((await runCli(['repo', ...RT, '--check', '--fail-on', 'change'], { files: after, real: true })).code).toBe(0);
    expect((await runCli(['repo', ...RT, '--check', '--exclude', 'templates/', '--exclude', 'monitoring'], { files: after, real: true })).code).toBe(0);
  });
});
