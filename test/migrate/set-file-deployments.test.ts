import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import type { MigrateOptions } from '../../src/migrate/options.js';

/*
 * A Jenkinsfile below the repository root: its `--set-file config.inputs=both.conf` may be the file beside it or one
 * above it (the Jenkins workspace). Only the files of its own deployment (MigrateOptions.deployments) are candidates
 * (pipelines41b): another deployment's same-named file neither makes it ambiguous nor is read as this release's.
 */
const CONF = '[INPUT]\n    Name   tail\n    Path   /var/log/containers/*.log\n    Parser docker\n';
const JENKINSFILE = "pipeline {\n  agent any\n  stages {\n    stage('deploy') {\n      steps {\n        sh 'helm upgrade --install fb fluent/fluent-bit --set-file config.inputs=both.conf --set image.tag=1.7.9'\n      }\n    }\n  }\n}\n";
const files = [
  { path: 'repo/ci/Jenkinsfile', text: JENKINSFILE },
  { path: 'repo/ci/both.conf', text: CONF },
  { path: 'repo/both.conf', text: CONF },
];
const run = (options: Partial<MigrateOptions> = {}) => migrate(files, { runtime: 'containerd', ...options });
const said = (r: ReturnType<typeof run>) => r.files.flatMap((f) => f.diagnostics.filter((d) => d.code === 'SCRIPT_HELM_NOT_FOLLOWED').map((d) => `${f.path} ${d.message}`));
const parserOf = (r: ReturnType<typeof run>, path: string) => (r.files.find((f) => f.path === path)?.output ?? '').match(/Parser[^\n]*|multiline\.parser[^\n]*/)?.[0];

describe('a Jenkinsfile --set-file counts the candidates of its own deployment (pipelines41b)', () => {
  it('one deployment: both candidates, said and neither read', () => {
    const r = run();
    expect(said(r)).toHaveLength(1);
    expect(said(r)[0]).toContain('any of 2 input files');
    expect(parserOf(r, 'repo/ci/both.conf')).toContain('multiline.parser');
  });

  it('the other file in another deployment: the one beside is read at the line\'s image', () => {
    const r = run({ deployments: [['repo/ci'], ['repo']] } as Partial<MigrateOptions>);
    expect(said(r)).toEqual([]);
    expect(parserOf(r, 'repo/ci/both.conf')).toMatch(/Parser\s+cri-log/);
    expect(parserOf(r, 'repo/both.conf')).toContain('multiline.parser');
  });
});
