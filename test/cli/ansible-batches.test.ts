import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliAndLibraryHeads } from './helpers/cli-vs-library.js';

/*
 * An Ansible playbook whose kubernetes.core.k8s tasks apply manifests from three directories (`src:` found in the
 * playbook's files/, `src: manifests/daemonset.yaml` beside it, a `definition:` that looks a file up):
 * fixtures/sources/ansible/k8s-src. The library reads the case as one batch; the CLI batches by directory and joins
 * the playbook with the files its tasks apply (deploy/ansible.ts ansibleManifests), so it says the same (the 1.7
 * DaemonSet's version, not "no workload runs this config"). Likewise a playbook and the roles its plays run
 * (fixtures/sources/ansible/role-hosts: `roles:`, include_role, a role's include_tasks): the role installing
 * kubelet makes the hosts of the role installing Fluent Bit's config Kubernetes nodes. And a playbook whose image tag
 * is Jinja with the group_vars setting it (fixtures/sources/ansible/jinja-image).
 */
describe('Ansible k8s tasks applying files of other directories (the CLI)', () => {
  it.each(['k8s-src', 'role-hosts', 'jinja-image', 'vars-per-play'])('%s: the CLI says what the library says', async (name) => {
    const { expected, cli } = await cliAndLibraryHeads(fileURLToPath(new URL(`../../fixtures/sources/ansible/${name}/`, import.meta.url)));
    expect(expected.length).toBeGreaterThan(1);
    expect(cli).toEqual(expected);
  });
});
