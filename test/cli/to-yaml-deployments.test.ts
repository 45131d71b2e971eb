import { describe, expect, it } from 'vitest';
import { checkOptions } from '../../src/migrate/options.js';
import { configMapOf, daemonSetOf } from '../helpers/manifests.js';
import { runCli } from './helpers/run-cli.js';

/*
 * --to-yaml migrates a whole tree in one batch (a rename must reach every file naming the renamed one), but a
 * tree holds many deployments: a workload is tied only to a ConfigMap of its own deployment (its file, its
 * directory, or the directories its kustomizations, includes and values files link: the runtime batches), never
 * to another project's ConfigMap of the same name and namespace (both unset here).
 */

const CONFIGMAP = configMapOf({ 'fluent-bit.conf': '[INPUT]\n    Name  tail\n    Path  /var/log/containers/*.log\n[OUTPUT]\n    Name   stdout\n    Match  *\n' });

const daemonSet = (image: string): string => daemonSetOf({ image });

describe('--to-yaml over a tree of several deployments', () => {
  it("ties a DaemonSet without its own ConfigMap to no other project's ConfigMap of the same name", async () => {
    const files = {
      'repo/project-a/configmap.yaml': CONFIGMAP,
      'repo/project-a/daemonset.yaml': daemonSet('fluent/fluent-bit:2.2.0'),
      // Another project's DaemonSet, its ConfigMap not in the tree: before, it was tied to project-a's, whose 1.7 runner refused the conversion.
      'repo/project-b/daemonset.yaml': daemonSet('fluent/fluent-bit:1.7.9'),
    };
    const r = await runCli(['repo', '--to-yaml', '--write'], { files, real: true });
    expect(r.stderr).not.toMatch(/to-yaml-version|to-yaml-related|internal error/);
    expect(r.io.read('repo/project-a/configmap.yaml')).toContain('fluent-bit.yaml: |');
    expect(r.io.read('repo/project-b/daemonset.yaml')).toBe(files['repo/project-b/daemonset.yaml']);
    expect(r.code).toBe(0);
  });

  it('keeps the tie across directories a kustomization joins into one deployment', async () => {
    const files = {
      'repo/app/kustomization.yaml': 'resources:\n  - config/configmap.yaml\n  - ds/daemonset.yaml\n',
      'repo/app/config/configmap.yaml': CONFIGMAP,
      'repo/app/ds/daemonset.yaml': daemonSet('fluent/fluent-bit:1.7.9'),
      'repo/other/daemonset.yaml': daemonSet('fluent/fluent-bit:2.2.0'),
    };
    const r = await runCli(['repo', '--to-yaml'], { files, real: true });
    // The 1.7 DaemonSet of the same deployment runs that ConfigMap: refused, naming it.
    expect(r.stderr).toMatch(/repo\/app\/config\/configmap\.yaml:\d+:\d+: error to-yaml-version Fluent Bit 1\.7\.9 \(fluent\/fluent-bit:1\.7\.9 in repo\/app\/ds\/daemonset\.yaml\)/);
    expect(r.code).toBe(2);
  });

  it('checks the library option', () => {
    expect(checkOptions({ toYaml: true, deployments: [['a', 'b'], ['c']] })).toBeUndefined();
    expect(checkOptions({ toYaml: true, deployments: ['a'] })).toMatch(/^deployments must be an array of arrays of directories/);
  });
});
