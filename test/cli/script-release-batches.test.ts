import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliAndLibraryHeads } from './helpers/cli-vs-library.js';

/*
 * Releases made by `helm install|upgrade` command lines of scripts, Makefiles and CI pipelines
 * (fixtures/sources/helm-scripts/: GitHub Actions, GitLab, Azure Pipelines, CircleCI, Bitbucket): the library reads each case as one batch; the CLI batches by directory and
 * joins a script with its `-f` files (deploy/script-releases.ts scriptSetFileLinksIn), so it says the same.
 */
const CASES = ['sh-values-files-set-tag', 'makefile-recipe', 'github-actions-run', 'missing-values-file', 'values-equals-form', 'other-chart', 'two-scripts-one-values-file',
  'azure-pipelines-steps', 'circleci-run-command', 'bitbucket-script-list', 'reuse-values', 'set-file-values-image', 'ci-step-shells', 'in-cluster-pipelines',
  'jenkinsfile-declarative', 'jenkinsfile-scripted', 'native-shell-lines', 'jenkinsfile-variables-set-file', 'in-cluster-values-paths', 'comment-lines-literal-dollar', 'jenkinsfile-subdirectory',
  'sh-quotes-literal-comments', 'jenkinsfile-dir-env', 'in-cluster-subdir-args', 'jenkinsfile-subdirectory-set-file',
  'cd-set-file-scripts', 'ci-make-multiline-quotes', 'jenkinsfile-native-cd', 'ci-yaml-quoted-flow', 'gitlab-before-script-native-cd', 'script-cd-set-file-candidates', 'ci-non-script-keys', 'gitlab-include-local', 'gitlab-include-unread', 'ci-multiline-plain', 'gitlab-hooks-unused-anchor',
  'jenkinsfile-slashy', 'jenkinsfile-load', 'jenkinsfile-shared-library', 'jenkinsfile-load-unread'];

describe('script releases in other directories (the CLI)', () => {
  it.each(CASES)('%s: the CLI says what the library says', async (name) => {
    const { expected, cli } = await cliAndLibraryHeads(fileURLToPath(new URL(`../../fixtures/sources/helm-scripts/${name}/`, import.meta.url)));
    expect(expected.length).toBeGreaterThan(0);
    expect(cli).toEqual(expected);
  });

  // A helm line's --version (fixtures/sources/chart-version/script-version): the chart's default image, on both sides.
  it('script-version: the CLI says what the library says', async () => {
    const { expected, cli } = await cliAndLibraryHeads(fileURLToPath(new URL('../../fixtures/sources/chart-version/script-version/', import.meta.url)));
    expect(expected.length).toBeGreaterThan(0);
    expect(cli).toEqual(expected);
  });
});
