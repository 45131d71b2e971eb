import { describe, expect, it } from 'vitest';
import { ciRootOf, helmCommandLines, inClusterPipeline, scriptReleases } from '../../src/discover/shell-helm.js';
import { gitlabPipelineLinksIn, scriptSetFileLinksIn, setFileAmbiguities } from '../../src/deploy/script-releases.js';
import { batchPipelines, gitlabIncludes } from '../../src/discover/ci-shells.js';

/*
 * helm command lines of shell scripts and Makefiles (src/discover/shell-helm.ts);
 * fixtures/sources/foreign-languages/helm-set-file-image-tag shows whole runs.
 */

const pairs = (text: string) => helmCommandLines(text).map((c) => ({ sub: c.subcommand, chart: c.chart, repo: c.repo, sets: c.sets.map((s) => `${s.flag} ${s.key}=${s.value}`) }));

describe('helmCommandLines', () => {
  it('reads continued lines, quotes, --flag=value, comma-separated pairs and the chart', () => {
    const text = 'helm upgrade --install logs fluent/fluent-bit \\\n  -n logging --set "image.tag=1.7.9,a={x,y}" \\\n  --set-file=config.inputs=\'in puts.conf\' --wait\necho done --set image.tag=9\n';
    expect(pairs(text)).toEqual([{ sub: 'upgrade', chart: 'fluent/fluent-bit', repo: undefined, sets: ['set image.tag=1.7.9', 'set a={x,y}', 'set-file config.inputs=in puts.conf'] }]);
  });

  it('stops at ;, && and comments; takes Makefile recipe prefixes and --repo', () => {
    const text = '\t@helm install fb fluent-bit --repo https://fluent.github.io/helm-charts --set image.tag=2.2.2 # --set image.tag=1.0\n\t-helm template x fluent/fluent-bit; helm --set image.tag=3\n';
    expect(pairs(text)).toEqual([
      { sub: 'install', chart: 'fluent-bit', repo: 'https://fluent.github.io/helm-charts', sets: ['set image.tag=2.2.2'] },
      { sub: 'template', chart: 'fluent/fluent-bit', repo: undefined, sets: [] },
    ]);
  });

  it('keeps variables as written and gives up on an unclosed quote', () => {
    expect(pairs('helm upgrade x fluent/fluent-bit --set image.tag=$(TAG) --set "image.repository=${REPO}"\n')[0]?.sets).toEqual(['set image.tag=$(TAG)', 'set image.repository=${REPO}']);
    expect(pairs('helm upgrade x fluent/fluent-bit --set \'image.tag=1\n')[0]?.sets).toEqual([]);
  });

  // Words as sh splits them (src/source/sh-words.ts): a redirection and its target are no chart; a command in backquotes ends at the closing one.
  it('leaves redirections out and ends a backquoted command at its backquote', () => {
    expect(pairs('helm template r fluent/fluent-bit --set a=1 >out.yaml 2>&1\n').map((c) => c.chart)).toEqual(['fluent/fluent-bit']);
    expect(pairs('OUT=`helm template r fluent/fluent-bit --set a=1` && echo "$OUT"\n').map((c) => c.chart)).toEqual(['fluent/fluent-bit']);
    expect(pairs('helm upgrade r fluent/fluent-bit --set-file config.inputs=conf/in\\ puts.conf\n')[0]?.sets).toEqual(['set-file config.inputs=conf/in puts.conf']);
  });
});

describe('scriptSetFileLinksIn', () => {
  const inputs = ['repo/deploy/deploy.sh', 'repo/deploy/conf/a.conf', 'repo/conf/b.conf', 'repo/other/c.conf'];
  it('links a script with the --set-file config files of its fluent-bit commands (its directory first, then its ancestors)', () => {
    const text = 'helm upgrade x fluent/fluent-bit --set-file config.inputs=conf/a.conf --set-file config.filters=conf/b.conf --set-file config.outputs=missing.conf\n';
    expect(scriptSetFileLinksIn('repo/deploy/deploy.sh', text, inputs)).toEqual(['repo/deploy/deploy.sh', 'repo/deploy/conf/a.conf', 'repo/conf/b.conf']);
  });
  it('ignores other charts, other keys and files that are not scripts', () => {
    expect(scriptSetFileLinksIn('repo/deploy/deploy.sh', 'helm upgrade x bitnami/fluent-bit --set-file config.inputs=conf/a.conf\n', inputs)).toEqual([]);
    expect(scriptSetFileLinksIn('repo/deploy/deploy.sh', 'helm upgrade x fluent/fluent-bit --set-file luaScripts.a=conf/a.conf\n', inputs)).toEqual([]);
    expect(scriptSetFileLinksIn('repo/deploy/notes.txt', 'helm upgrade x fluent/fluent-bit --set-file config.inputs=conf/a.conf\n', inputs)).toEqual([]);
  });
});

describe('values files and releases of helm command lines', () => {
  it('keeps the chart version (--version X, --version=X, the last one) on the release; a variable is not kept', () => {
    expect(helmCommandLines('helm upgrade fb fluent/fluent-bit --version 0.15.15 -f a.yaml\n')[0]?.version).toBe('0.15.15');
    expect(helmCommandLines("helm upgrade fb fluent/fluent-bit --version='^0.19' --version=0.20.0 -f a.yaml\n")[0]?.version).toBe('0.20.0');
    expect(helmCommandLines('helm upgrade fb fluent/fluent-bit -f a.yaml\n')[0]?.version).toBeUndefined();
    const text = 'helm upgrade fb fluent/fluent-bit --version "~0.20.0" -f a.yaml\nhelm upgrade fc fluent/fluent-bit --version "$CHART" -f b.yaml\n';
    expect(scriptReleases('deploy.sh', text).releases.map((r) => r.release.chartVersion)).toEqual(['~0.20.0', undefined]);
  });

  it('reads -f, -f=, -fFILE, --values FILE, --values=A,B in order, and the release name', () => {
    const text = 'helm upgrade --install fb fluent/fluent-bit -f a.yaml -f=b.yaml -fc.yaml --values d.yaml --values=e.yaml,f.yaml -n logging\n';
    const [cmd] = helmCommandLines(text);
    expect(cmd?.name).toBe('fb');
    expect(cmd?.chart).toBe('fluent/fluent-bit');
    expect(cmd?.valuesFiles.map((f) => f.path)).toEqual(['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml', 'e.yaml', 'f.yaml']);
    expect(helmCommandLines('helm install fluent/fluent-bit --generate-name -f a.yaml\n')[0]?.name).toBeUndefined();
  });

  it('makes a release of a Fluent Bit chart with values files: paths from the working directory, --set image keys as parameters', () => {
    const text = 'cd "$(dirname "$0")/.."\nhelm upgrade --install fb fluent/fluent-bit -f values/a.yaml -f values/b.yaml --set-string image.repository=r.example/fb --set image.tag=1.0 --set image.tag=2.2.0 --set image.repository=ignored\n';
    const { releases, notFollowed } = scriptReleases('repo/scripts/deploy.sh', text);
    expect(notFollowed).toEqual([]);
    expect(releases.map((r) => ({ label: r.release.label, kind: r.release.kind, refs: r.valuesFileRefs.map((f) => `${f.base}|${f.path}|${f.precedence}`), params: [...(r.release.parameters ?? [])].map(([k, v]) => `${k}=${v.value}`) }))).toEqual([
      { label: 'helm upgrade fb (repo/scripts/deploy.sh:2)', kind: 'fluent-bit', refs: ['repo/scripts|../values/a.yaml|0', 'repo/scripts|../values/b.yaml|1'], params: ['image.tag=2.2.0', 'image.repository=r.example/fb'] }, // --set-string after every --set
    ]);
  });

  it('makes no release of another chart, of helm template, or without values files', () => {
    const text = 'helm upgrade a bitnami/fluent-bit -f v.yaml\nhelm template b fluent/fluent-bit -f v.yaml\nhelm upgrade c fluent/fluent-bit --set image.tag=1.7.9\nhelm upgrade d grafana/loki-stack -f v.yaml\n';
    expect(scriptReleases('deploy.sh', text).releases).toEqual([]);
    expect(scriptReleases('notes.txt', 'helm upgrade a fluent/fluent-bit -f v.yaml\n').releases).toEqual([]);
    expect(scriptReleases('deploy.sh', 'helm upgrade a fluent/fluent-operator -f v.yaml\n').releases.map((r) => r.release.kind)).toEqual(['fluent-operator']);
  });

  it('says what it does not follow: variables, unknown directories, uncertain image keys, other keys it reads', () => {
    const said = (path: string, text: string): string[] => scriptReleases(path, text).notFollowed.map((n) => n.message.slice(0, n.message.indexOf(', which')));
    expect(said('deploy.sh', 'helm upgrade a fluent/fluent-bit -f "$ENV/values.yaml" -f ok.yaml\n')).toEqual(['helm upgrade a: its values file `$ENV/values.yaml` holds a variable']);
    expect(said('deploy.sh', 'cd "$TARGET"\nhelm upgrade a fluent/fluent-bit -f values.yaml\n')).toEqual(['helm upgrade a: its values file `values.yaml` is read in the directory `cd $TARGET` goes to']);
    expect(said('deploy.sh', 'helm upgrade a fluent/fluent-bit -f v.yaml --set \'image\\.tag=1\' --set image.tag=null --set serviceMonitor.enabled=true\n')).toEqual([
      'helm upgrade a: `--set image\\.tag` is not a plain image.repository or image.tag',
      'helm upgrade a: `--set image.tag=null` deletes the value',
    ]);
    expect(scriptReleases('deploy.sh', 'helm upgrade a fluent/fluent-bit -f v.yaml --set image.tag=$T\n').releases).toEqual([]);
    expect(said('deploy.sh', 'helm upgrade a fluent/fluent-bit -f v.yaml --set-string image.tag=null --set daemonSetVolumes[0].name=x\n')).toEqual(['helm upgrade a: `--set daemonSetVolumes[0].name` is applied over the values files by Helm']);
  });

  it('reads CI pipelines from the repository root, unless a working-directory or a cd may move it', () => {
    expect(ciRootOf('repo/.github/workflows/deploy.yml')).toBe('repo');
    expect(ciRootOf('.gitlab-ci.yml')).toBe('');
    expect(ciRootOf('repo/workflows/deploy.yml')).toBeUndefined();
    const step = 'jobs:\n  a:\n    steps:\n      - run: helm upgrade --install fb fluent/fluent-bit -f deploy/values.yaml\n';
    expect(scriptReleases('repo/.github/workflows/d.yml', step).releases.map((r) => r.valuesFileRefs.map((f) => `${f.base}|${f.path}`))).toEqual([['repo|deploy/values.yaml']]);
    const moved = scriptReleases('repo/.github/workflows/d.yml', `defaults:\n  run:\n    working-directory: infra\n${step}`);
    expect(moved.releases).toEqual([]);
    expect(moved.notFollowed.map((n) => n.message.slice(0, n.message.indexOf(', which')))).toEqual(["helm upgrade fb: its values file `deploy/values.yaml` is read in a directory a step's `working-directory:` or `cd` may set"]);
  });

  it('reads the other pipelines (Azure, CircleCI, Bitbucket) from the repository root; a PowerShell step with PowerShell words', () => {
    expect(ciRootOf('repo/azure-pipelines.yml')).toBe('repo');
    expect(ciRootOf('.azure-pipelines.yaml')).toBe('');
    expect(ciRootOf('repo/.circleci/config.yml')).toBe('repo');
    expect(ciRootOf('bitbucket-pipelines.yml')).toBe('');
    expect(ciRootOf('repo/circleci/config.yml')).toBeUndefined();
    expect(ciRootOf('repo/pipelines.yml')).toBeUndefined();
    const files = (path: string, text: string): string[][] => scriptReleases(path, text).releases.map((r) => r.valuesFileRefs.map((f) => `${f.base}|${f.path}`));
    expect(files('repo/azure-pipelines.yml', 'steps:\n- script: helm upgrade fb fluent/fluent-bit -f deploy/values.yaml\n- bash: |\n    helm upgrade fb2 fluent/fluent-bit \\\n      -f deploy/b.yaml\n')).toEqual([['repo|deploy/values.yaml'], ['repo|deploy/b.yaml']]);
    expect(files('repo/.circleci/config.yml', 'jobs:\n  d:\n    steps:\n      - checkout\n      - run:\n          name: deploy\n          command: helm upgrade fb fluent/fluent-bit -f v.yaml\n')).toEqual([['repo|v.yaml']]);
    expect(files('bitbucket-pipelines.yml', 'pipelines:\n  default:\n    - step:\n        script:\n          - helm upgrade fb fluent/fluent-bit -f v.yaml\n')).toEqual([['|v.yaml']]);
    const circle = scriptReleases('.circleci/config.yml', 'jobs:\n  d:\n    working_directory: ~/repo/infra\n    steps:\n      - run: helm upgrade fb fluent/fluent-bit -f v.yaml\n');
    expect(circle.releases).toEqual([]);
    expect(circle.notFollowed).toHaveLength(1);
    const ps = 'steps:\n- pwsh: |\n    $env:X = 1\n    helm upgrade fb fluent/fluent-bit -f v.yaml\n- powershell: helm upgrade fb3 fluent/fluent-bit -f v.yaml\n- bash: helm upgrade fb2 fluent/fluent-bit -f v.yaml\n';
    const azure = scriptReleases('azure-pipelines.yml', ps);
    // Split with PowerShell's rules and nothing it does not model: followed (stop 39).
    expect(azure.releases.map((r) => r.release.label)).toEqual(['helm upgrade fb (azure-pipelines.yml:4)', 'helm upgrade fb3 (azure-pipelines.yml:5)', 'helm upgrade fb2 (azure-pipelines.yml:6)']);
    expect(azure.notFollowed).toEqual([]);
    // An AzureCLI task after a pwsh step is not that step.
    expect(files('azure-pipelines.yml', 'steps:\n- pwsh: Write-Host hi\n- task: AzureCLI@2\n  inputs:\n    scriptType: bash\n    inlineScript: |\n      helm upgrade fb fluent/fluent-bit -f v.yaml\n')).toEqual([['|v.yaml']]);
    // A script named like PowerShell elsewhere in the file does not matter to an sh step.
    expect(files('azure-pipelines.yml', '# pwsh is not used\nsteps:\n- script: helm upgrade fb fluent/fluent-bit -f v.yaml\n')).toEqual([['|v.yaml']]);
  });

  it('knows the shell of any CI step another shell runs (PowerShell, cmd.exe, python), wherever the pipeline says so; reads sh steps', () => {
    // A PowerShell line with an unquoted comma (an array) is said, naming the shell and what decided it; cmd.exe reads it as written.
    const said = (path: string, text: string): { releases: string[]; said: string[] } => {
      const r = scriptReleases(path, text);
      return { releases: r.releases.map((x) => x.command), said: r.notFollowed.map((n) => n.message.slice(0, Math.min(...[' and its word', ', which'].map((w) => n.message.indexOf(w)).filter((i) => i >= 0)))) };
    };
    const gh = '.github/workflows/d.yml';
    const run = (extra: string, indent = '      '): string => `${indent}- run: helm upgrade fb fluent/fluent-bit -f v.yaml --set a=1,b=2\n${extra}`;
    // GitHub Actions: the step's shell, then the job's and the workflow's defaults, then the runner.
    expect(said(gh, `jobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n${run('        shell: pwsh\n')}`).said).toEqual(['helm upgrade fb: it runs in a PowerShell step (`shell: pwsh`)']);
    expect(said(gh, `jobs:\n  d:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        shell: powershell\n    steps:\n${run('')}`).said).toEqual(['helm upgrade fb: it runs in a PowerShell step (`defaults.run.shell: powershell`)']);
    expect(said(gh, `defaults:\n  run:\n    shell: cmd\njobs:\n  d:\n    runs-on: windows-latest\n    steps:\n${run('')}`)).toEqual({ releases: ['helm upgrade fb'], said: [] });
    expect(said(gh, `defaults:\n  run:\n    shell: cmd\njobs:\n  d:\n    runs-on: windows-latest\n    steps:\n      - run: helm upgrade fb fluent/fluent-bit -f %DIR%\\v.yaml\n`).said).toEqual(['helm upgrade fb: it runs in a cmd.exe step (`defaults.run.shell: cmd`)']);
    expect(said(gh, `jobs:\n  d:\n    runs-on: windows-2022\n    steps:\n${run('')}`).said).toEqual(["helm upgrade fb: it runs in a PowerShell step (`runs-on: windows-2022`: a Windows runner's default shell)"]);
    expect(said(gh, `jobs:\n  d:\n    runs-on: [self-hosted, Windows, x64]\n    steps:\n${run('')}`).said).toHaveLength(1);
    expect(said(gh, `jobs:\n  d:\n    runs-on: \${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n    steps:\n${run('')}`).said).toEqual(['helm upgrade fb: it may run in a PowerShell step (`runs-on: ${{ matrix.os }}` with a Windows runner in the matrix, whose default shell is PowerShell)']);
    expect(said(gh, `jobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n${run('        shell: python\n')}`).said).toEqual(['helm upgrade fb: it runs in a python step (`shell: python`)']);
    expect(said(gh, `jobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n${run('        shell: ${{ matrix.shell }}\n')}`).said).toEqual(['helm upgrade fb: it may run in a step whose shell an expression chooses (`shell: ${{ matrix.shell }}`)']);
    // sh and its kin are read: a bash step on a Windows runner, a custom bash command, a Linux matrix.
    for (const text of [
      `jobs:\n  d:\n    runs-on: windows-latest\n    steps:\n${run('        shell: bash\n')}`,
      `jobs:\n  d:\n    runs-on: windows-latest\n    defaults:\n      run:\n        shell: bash\n    steps:\n${run('')}`,
      `jobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n${run("        shell: bash --noprofile --norc -eo pipefail {0}\n")}`,
      `jobs:\n  d:\n    runs-on: \${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-22.04, ubuntu-24.04]\n    steps:\n${run('')}`,
      `jobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - run: echo hi\n  d:\n    runs-on: ubuntu-latest\n    steps:\n${run('')}`,
    ]) expect(said(gh, text)).toEqual({ releases: ['helm upgrade fb'], said: [] });
    // Azure Pipelines: PowerShell tasks, AzureCLI's scriptType, `script:` on a Windows pool (cmd.exe), not on a Linux one.
    const az = 'azure-pipelines.yml';
    expect(said(az, 'steps:\n- task: PowerShell@2\n  inputs:\n    targetType: inline\n    script: helm upgrade fb fluent/fluent-bit -f v.yaml --set a=1,b=2\n').said).toEqual(['helm upgrade fb: it runs in a PowerShell step (`task: PowerShell@2`)']);
    expect(said(az, 'steps:\n- task: AzureCLI@2\n  inputs:\n    scriptType: pscore\n    inlineScript: helm upgrade fb fluent/fluent-bit -f v.yaml --set a=1,b=2\n').said).toEqual(['helm upgrade fb: it runs in a PowerShell step (`task: AzureCLI@2` with `scriptType: pscore`)']);
    expect(said(az, 'steps:\n- task: AzureCLI@2\n  inputs:\n    scriptType: batch\n    inlineScript: helm upgrade fb fluent/fluent-bit -f %V%\n').said).toEqual(['helm upgrade fb: it runs in a cmd.exe step (`task: AzureCLI@2` with `scriptType: batch`)']);
    expect(said(az, 'pool:\n  vmImage: windows-latest\nsteps:\n- script: helm upgrade fb fluent/fluent-bit -f %V%\n- bash: helm upgrade fb2 fluent/fluent-bit -f v.yaml\n')).toEqual({ releases: ['helm upgrade fb2'], said: ['helm upgrade fb: it runs in a cmd.exe step (a Windows pool (`windows-latest`) runs `script:` with cmd.exe)'] });
    expect(said(az, 'pool:\n  vmImage: windows-latest\njobs:\n- job: d\n  pool:\n    vmImage: ubuntu-latest\n  steps:\n  - script: helm upgrade fb fluent/fluent-bit -f v.yaml\n  - task: CmdLine@2\n    inputs:\n      script: helm upgrade fb2 fluent/fluent-bit -f v.yaml\n')).toEqual({ releases: ['helm upgrade fb', 'helm upgrade fb2'], said: [] });
    // CircleCI: a run step's or job's shell, a Windows executor; Bitbucket: a Windows runner.
    expect(said('.circleci/config.yml', 'jobs:\n  d:\n    steps:\n      - run:\n          shell: powershell.exe\n          command: helm upgrade fb fluent/fluent-bit -f v.yaml --set a=1,b=2\n').said).toEqual(['helm upgrade fb: it runs in a PowerShell step (`shell: powershell.exe`)']);
    expect(said('.circleci/config.yml', 'jobs:\n  d:\n    executor: win/server-2022\n    steps:\n      - run: helm upgrade fb fluent/fluent-bit -f v.yaml --set a=1,b=2\n').said).toEqual(["helm upgrade fb: it runs in a PowerShell step (`executor: win/server-2022`: a Windows executor's default shell)"]);
    expect(said('bitbucket-pipelines.yml', 'pipelines:\n  default:\n    - step:\n        runs-on: [self.hosted, windows]\n        script:\n          - helm upgrade fb fluent/fluent-bit -f v.yaml --set a=1,b=2\n').said).toHaveLength(1);
    // GitLab's shell is the runner's: read as sh, unless the job is tagged for Windows runners (pwsh by default): said as possible.
    expect(said('.gitlab-ci.yml', 'deploy:\n  tags: [docker, linux]\n  script:\n    - helm upgrade fb fluent/fluent-bit -f v.yaml\n').releases).toEqual(['helm upgrade fb']);
    expect(said('.gitlab-ci.yml', 'deploy:\n  tags: [shared-windows]\n  script:\n    - helm upgrade fb fluent/fluent-bit -f v.yaml\n').said).toEqual(["helm upgrade fb: it may run in a PowerShell step (`tags: shared-windows`: GitLab's Windows runners run pwsh unless configured otherwise)"]);
    // The line is read with the step's shell's rules: PowerShell's backquote and cmd.exe's caret continue it to the chart and its files; another chart is nothing.
    expect(said(az, 'steps:\n- pwsh: |\n    helm upgrade fb `\n      fluent/fluent-bit `\n      -f v.yaml\n- pwsh: |\n    helm upgrade gr `\n      grafana/grafana -f v.yaml\n')).toEqual({ releases: ['helm upgrade fb'], said: [] });
    expect(said(az, 'pool: windows-agents\nsteps:\n- script: |\n    helm upgrade fb ^\n      fluent/fluent-bit -f v.yaml\n')).toEqual({ releases: ['helm upgrade fb'], said: [] });
    expect(said(az, 'pool: windows-agents\nsteps:\n- script: |\n    helm upgrade fb ^\n      fluent/fluent-bit -f %V% > out.log\n').said).toEqual(['helm upgrade fb: it runs in a cmd.exe step (a Windows pool (`windows-agents`) runs `script:` with cmd.exe)']);
    // PowerShell words: quotes and backquote escapes are read, redirections left out; a subexpression, a splat or --% is said.
    const pwsh = (line: string): ReturnType<typeof said> => said(az, `steps:\n- pwsh: ${line}\n`);
    expect(pwsh("helm upgrade fb fluent/fluent-bit -f 'v.yaml' --set \"image.tag=1.7.9\" 2>&1 | Out-Null")).toEqual({ releases: ['helm upgrade fb'], said: [] });
    expect(scriptReleases(az, "steps:\n- pwsh: helm upgrade fb fluent/fluent-bit -f 'v.yaml' --set \"image.tag=1.7.9\" > out.log\n").releases[0]?.release.parameters?.get('image.tag')?.value).toBe('1.7.9');
    for (const line of ['helm upgrade fb fluent/fluent-bit -f (Join-Path deploy v.yaml)', 'helm upgrade fb fluent/fluent-bit @helmArgs -f v.yaml', 'helm upgrade fb fluent/fluent-bit --% -f v.yaml', "helm upgrade fb fluent/fluent-bit -f v.yaml --set 'a=1,b=2' --set c=1,d=2"]) {
      expect(pwsh(line), line).toEqual({ releases: [], said: ['helm upgrade fb: it runs in a PowerShell step (`pwsh:`)'] });
    }
    // A backquote ending the text (no line after it) ends the words.
    expect(said(az, 'steps:\n- pwsh: helm upgrade fb fluent/fluent-bit -f v.yaml `')).toEqual({ releases: ['helm upgrade fb'], said: [] });
    // A quoted comma is one argument.
    expect(pwsh("helm upgrade fb fluent/fluent-bit -f 'v.yaml,w.yaml' --set 'a=1,b=2'").releases).toEqual(['helm upgrade fb']);
  });

  it('says a Fluent Bit release of a Tekton or Argo Workflows step (its working directory is a workspace), nothing for other objects', () => {
    expect(inClusterPipeline('apiVersion: tekton.dev/v1\nkind: Task\n')).toBe('Tekton `Task`');
    expect(inClusterPipeline('apiVersion: tekton.dev/v1\nkind: "PipelineRun" # run\n')).toBe('Tekton `PipelineRun`');
    expect(inClusterPipeline('apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\n')).toBe('Argo Workflows `CronWorkflow`');
    // Argo CD Applications, a Tekton Pipeline (it names tasks, runs no script), an Argo kind without Argo, plain objects: not pipelines.
    for (const text of ['apiVersion: argoproj.io/v1alpha1\nkind: Application\n', 'apiVersion: tekton.dev/v1\nkind: Pipeline\n', 'apiVersion: v1\nkind: Workflow\n', 'apiVersion: apps/v1\nkind: DaemonSet\n', 'apiVersion: tekton.dev/v1\nkind: Workflow\n']) expect(inClusterPipeline(text), text).toBeUndefined();
    const task = 'apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - script: |\n        helm upgrade fb fluent/fluent-bit -f v.yaml\n        helm upgrade g grafana/grafana -f v.yaml\n        helm upgrade fb2 fluent/fluent-bit --set image.tag=1.7.9\n';
    const r = scriptReleases('ci/task.yaml', task);
    expect(r.releases).toEqual([]);
    expect(r.notFollowed.map((n) => n.message.slice(0, n.message.indexOf(', whose')))).toEqual(['helm upgrade fb: it runs in a pipeline step (Tekton `Task`)']);
    // The same text in a file that is not YAML, or an object that is not a pipeline: nothing.
    expect(scriptReleases('ci/task.txt', task).notFollowed).toEqual([]);
    expect(scriptReleases('ci/app.yaml', task.replace('kind: Task', 'kind: ConfigMap')).notFollowed).toEqual([]);
  });

  it('a helm line in a comment is not a command; a quoted # starts no comment', () => {
    const lines = (text: string): (string | undefined)[] => helmCommandLines(text).map((c) => c.name);
    expect(lines('# helm upgrade a fluent/fluent-bit -f v.yaml\n  # helm upgrade b x\necho x # helm upgrade c x\nx;# helm upgrade d x\n')).toEqual([]);
    expect(lines("echo '# x'; helm upgrade a x -f v.yaml # c\necho \"#\" && helm upgrade b x\necho a#b; helm upgrade c x\n")).toEqual(['a', 'b', 'c']);
  });

  it('an sh \'...\' or backslash-escaped $ is literal; in "..." or unquoted it is a variable', () => {
    const r = (line: string) => scriptReleases('deploy.sh', `${line}\n`);
    expect(r("helm upgrade fb fluent/fluent-bit -f 'v$x.yaml' --set 'image.tag=$T'").releases.map((x) => [x.valuesFileRefs.map((f) => f.path), x.release.parameters?.get('image.tag')?.value])).toEqual([[['v$x.yaml'], '$T']]);
    expect(r("helm upgrade fb fluent/fluent-bit -f v\\$x.yaml --set image.tag=\\$T").releases.map((x) => x.valuesFileRefs.map((f) => f.path))).toEqual([['v$x.yaml']]);
    expect(r('helm upgrade fb fluent/fluent-bit -f "v\\$x.yaml"').releases.map((x) => x.valuesFileRefs.map((f) => f.path))).toEqual([['v$x.yaml']]);
    expect(r("helm upgrade fb fluent/fluent-bit -f v.yaml --set 'image.tag=$T'").notFollowed).toEqual([]);
    // Expanded: unquoted, in "...", a $(...) anywhere in the word, a backquote; one expanding $ is enough.
    for (const line of ['helm upgrade fb fluent/fluent-bit -f v.yaml --set "image.tag=$T"', 'helm upgrade fb fluent/fluent-bit -f v.yaml --set image.tag=$T', "helm upgrade fb fluent/fluent-bit -f v.yaml --set 'image.tag='$T", "helm upgrade fb fluent/fluent-bit -f v.yaml --set 'image.tag=$'$(cat t)", 'helm upgrade fb fluent/fluent-bit -f v.yaml --set "image.tag=`cat t`"']) {
      expect(r(line).notFollowed.map((n) => n.message.slice(0, n.message.indexOf(' holds'))), line).toHaveLength(1);
      expect(r(line).releases, line).toEqual([]);
    }
  });

  it('a quote opened on an earlier line of an sh script is seen by the comment test', () => {
    const names = (path: string, text: string): (string | undefined)[] => scriptReleases(path, text).releases.map((r) => r.release.label);
    // The `#` is inside a "..." that an earlier line opened: the helm line after `;` is a command.
    expect(names('d.sh', 'MSG="deploying\n# step 2"; helm upgrade fb fluent/fluent-bit -f v.yaml\n')).toEqual(['helm upgrade fb (d.sh:2)']);
    expect(names('d.sh', "echo 'a\n#b' && helm upgrade fb fluent/fluent-bit -f v.yaml\n")).toEqual(['helm upgrade fb (d.sh:2)']);
    // The quote closes before a real comment: still a comment.
    expect(names('d.sh', 'MSG="a\nb" # helm upgrade fb fluent/fluent-bit -f v.yaml\n')).toEqual([]);
    expect(names('d.sh', 'MSG="a\nb\" # x" # helm upgrade fb fluent/fluent-bit -f v.yaml\n')).toEqual([]);
    // A Jenkins sh step reads the same way.
    expect(names('Jenkinsfile', "sh '''echo \"a\n# b\" && helm upgrade fb fluent/fluent-bit -f v.yaml'''\n")).toEqual(['helm upgrade fb (Jenkinsfile:2)']);
    // Line-start reading elsewhere (a CI file is YAML): unchanged.
    expect(names('d.sh', '# helm upgrade fb fluent/fluent-bit -f v.yaml\n')).toEqual([]);
  });

  it('a PowerShell \'...\' word keeps its $ literal; in "..." or unquoted it is a variable; cmd.exe never expands $', () => {
    const text = (run: string): string => `jobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - run: ${run}\n`;
    const r = (run: string) => scriptReleases('.github/workflows/d.yml', text(run));
    expect(r("helm upgrade fb fluent/fluent-bit -f 'v$x.yaml' --set 'image.tag=1.7.9'").releases.map((x) => x.valuesFileRefs.map((f) => f.path))).toEqual([['v$x.yaml']]);
    expect(r('helm upgrade fb fluent/fluent-bit -f "v$x.yaml"').releases).toEqual([]);
    expect(r('helm upgrade fb fluent/fluent-bit -f v$x.yaml').releases).toEqual([]);
    expect(r('helm upgrade fb fluent/fluent-bit -f "v`$x.yaml"').releases.map((x) => x.valuesFileRefs.map((f) => f.path))).toEqual([['v$x.yaml']]);
    expect(r("helm upgrade fb fluent/fluent-bit -f v.yaml --set 'image.tag=$T'").notFollowed).toEqual([]);
    expect(r('helm upgrade fb fluent/fluent-bit -f v.yaml --set "image.tag=$T"').notFollowed.length).toBe(1);
  });

  it('follows a Tekton or Argo Workflows step that starts in the checkout, its -f paths repository-relative', () => {
    const step = (workingDir: string, script: string): string => `apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: s\n${workingDir}      script: |\n        ${script}\n`;
    const refs = (text: string, path = 'ci/task.yaml'): string[] => scriptReleases(path, text).releases.flatMap((r) => r.valuesFileRefs.map((f) => `${f.anywhere ? '*' : ''}${f.path}`));
    expect(refs(step('      workingDir: $(workspaces.source.path)\n', 'helm upgrade fb fluent/fluent-bit -f deploy/v.yaml'))).toEqual(['*deploy/v.yaml']);
    expect(refs(step("      workingDir: '$(workspaces.src-dir.path)/'\n", 'helm upgrade fb fluent/fluent-bit -f deploy/v.yaml'))).toEqual(['*deploy/v.yaml']);
    // A plain subdirectory of the workspace root: its -f paths from there.
    expect(refs(step('      workingDir: $(workspaces.source.path)/charts/fb/\n', 'helm upgrade fb fluent/fluent-bit -f v.yaml -f ../common.yaml'))).toEqual(['*charts/fb/v.yaml', '*charts/common.yaml']);
    // No workingDir, a subdirectory that is not plain, a cd, a parameter: said, not followed.
    for (const text of [step('', 'helm upgrade fb fluent/fluent-bit -f v.yaml'), step('      workingDir: $(workspaces.source.path)/$(params.dir)\n', 'helm upgrade fb fluent/fluent-bit -f v.yaml'),
      step('      workingDir: $(workspaces.source.path)/../x\n', 'helm upgrade fb fluent/fluent-bit -f v.yaml'),
      step('      workingDir: $(workspaces.source.path)\n', 'cd charts && helm upgrade fb fluent/fluent-bit -f v.yaml'), step('      workingDir: $(workspaces.source.path)\n', 'helm upgrade fb fluent/fluent-bit -f $(params.values)')]) {
      expect(refs(text), text).toEqual([]);
      expect(scriptReleases('ci/task.yaml', text).notFollowed.length, text).toBe(1);
    }
    const argo = (workingDir: string, artifact: string): string => `apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nspec:\n  templates:\n    - name: t\n      inputs:\n        artifacts:\n          - name: repo\n            path: ${artifact}\n            git:\n              repo: https://example.com/r.git\n      script:\n        workingDir: ${workingDir}\n        source: |\n          helm upgrade fb fluent/fluent-bit -f deploy/v.yaml\n`;
    expect(refs(argo('/src', '/src/'))).toEqual(['*deploy/v.yaml']);
    expect(refs(argo('/src/charts', '/src'))).toEqual(['*charts/deploy/v.yaml']);
    expect(refs(argo('/src/{{inputs.parameters.d}}', '/src'))).toEqual([]);
    expect(refs(argo('/srcx', '/src'))).toEqual([]);
    expect(refs(argo('/work', '/src'))).toEqual([]);
  });

  it('reads a container that runs helm without a shell: command [helm] with args lists, Argo Workflows or Tekton', () => {
    const argo = (container: string): string => `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates:\n    - name: t\n      inputs:\n        artifacts:\n          - name: repo\n            path: /src\n            git:\n              repo: https://example.com/r.git\n      container:\n        image: alpine/helm:3.14.0\n        workingDir: /src\n${container}`;
    const r = (text: string) => scriptReleases('wf.yaml', text);
    const flow = r(argo('        command: [helm]\n        args: [upgrade, --install, fb, fluent/fluent-bit, -f, deploy/v.yaml, --set, image.tag=1.7.9]\n'));
    expect(flow.releases.map((x) => [x.command, x.valuesFileRefs.map((f) => f.path), x.release.parameters?.get('image.tag')?.value])).toEqual([['helm upgrade fb', ['deploy/v.yaml'], '1.7.9']]);
    const block = argo('        command:\n          - /usr/local/bin/helm\n          - upgrade\n        args:\n          - fb\n          - fluent/fluent-bit\n          - "-f"\n          - "deploy/v.yaml"\n          - --set\n          - image.tag=$T\n');
    expect(r(block).releases.map((x) => [x.valuesFileRefs.map((f) => f.path), x.release.parameters?.get('image.tag')?.value])).toEqual([[['deploy/v.yaml'], '$T']]);
    // Said: a Kubernetes $(VAR), an Argo parameter; no workingDir. Nothing: another chart, helm template, another program.
    expect(r(argo('        command: [helm]\n        args: [upgrade, fb, fluent/fluent-bit, -f, deploy/v.yaml, --set, image.tag=$(TAG)]\n')).notFollowed.map((n) => n.message.slice(0, n.message.indexOf(','))))
      .toEqual(['helm upgrade fb: `--set image.tag=$(TAG)` holds a variable']);
    expect(r(argo('        command: [helm]\n        args: [upgrade, fb, fluent/fluent-bit, -f, "{{inputs.parameters.v}}"]\n')).notFollowed).toHaveLength(1);
    expect(r(argo('        command: [helm]\n        args: [upgrade, fb, fluent/fluent-bit, -f, deploy/v.yaml]\n').replace('        workingDir: /src\n', '')).notFollowed.map((n) => n.message.slice(0, 40))).toEqual(['helm upgrade fb: it runs in a pipeline s']);
    for (const c of ['        command: [helm]\n        args: [upgrade, g, grafana/grafana, -f, v.yaml]\n', '        command: [helm]\n        args: [template, fb, fluent/fluent-bit, -f, v.yaml]\n', '        command: [kubectl]\n        args: [upgrade, fb, fluent/fluent-bit, -f, v.yaml]\n']) {
      expect(r(argo(c)), c).toEqual({ releases: [], notFollowed: [] });
    }
    const tekton = 'apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: s\n      image: alpine/helm\n      workingDir: $(workspaces.source.path)\n      command: [helm, upgrade, fb, fluent/fluent-bit]\n      args: [-f, deploy/v.yaml]\n';
    expect(r(tekton).releases.map((x) => x.valuesFileRefs.map((f) => f.path))).toEqual([['deploy/v.yaml']]);
  });

  it('says an Azure HelmDeploy task of a Fluent Bit chart (its inputs are not read), not one of another chart or command', () => {
    const text = 'steps:\n  - task: HelmDeploy@0\n    inputs:\n      command: upgrade\n      chartName: "fluent/fluent-bit"\n      valueFile: v.yaml\n  - task: HelmDeploy@1\n    inputs:\n      command: install\n      chartName: bitnami/nginx\n  - task: HelmDeploy@0\n    inputs:\n      command: login\n  - script: echo chartName: fluent/fluent-bit command: upgrade\n';
    const r = scriptReleases('azure-pipelines.yml', text);
    expect(r.releases).toEqual([]);
    expect(r.notFollowed.map((n) => text.slice(n.start, n.end))).toEqual(['task: HelmDeploy@0']);
    expect(r.notFollowed[0]?.message).toMatch(/^a HelmDeploy task \(`command: upgrade`, `chartName: fluent\/fluent-bit`\)/);
    expect(scriptReleases('deploy.sh', text).notFollowed).toEqual([]);
  });

  it('says --reuse-values and reads --set-json / --set-literal image keys in Helm\'s order', () => {
    const reuse = scriptReleases('deploy.sh', 'helm upgrade fb fluent/fluent-bit --reuse-values -f v.yaml\nhelm upgrade fb2 fluent/fluent-bit --reset-then-reuse-values=true -f v.yaml\nhelm upgrade fb3 fluent/fluent-bit --reuse-values=false -f v.yaml\n');
    expect(reuse.releases).toHaveLength(3);
    expect(reuse.notFollowed.map((n) => n.message.slice(0, n.message.indexOf(', which')))).toEqual([
      "helm upgrade fb: `--reuse-values` merges the release's earlier values (kept in the cluster, not in the repository) under its values files",
      "helm upgrade fb2: `--reset-then-reuse-values` merges the release's earlier values (kept in the cluster, not in the repository) under its values files",
    ]);
    const tag = (line: string): string | undefined => scriptReleases('deploy.sh', `${line}\n`).releases[0]?.release.parameters?.get('image.tag')?.value;
    expect(tag('helm upgrade fb fluent/fluent-bit -f v.yaml --set-literal image.tag=1.7.9 --set-string image.tag=2.2.0')).toBe('1.7.9');
    expect(tag('helm upgrade fb fluent/fluent-bit -f v.yaml --set image.tag=2.2.0 --set-json \'image.tag="1.7.9"\'')).toBe('2.2.0');
    expect(tag('helm upgrade fb fluent/fluent-bit -f v.yaml --set-json \'image.tag="1.7.9"\'')).toBe('1.7.9');
    const said = (line: string): string[] => scriptReleases('deploy.sh', `${line}\n`).notFollowed.map((n) => n.message.slice(0, n.message.indexOf(', which')));
    expect(said('helm upgrade fb fluent/fluent-bit -f v.yaml --set-json image.tag=1.8')).toEqual(['helm upgrade fb: `--set-json image.tag=1.8` is not a JSON string']);
    expect(said('helm upgrade fb fluent/fluent-bit -f v.yaml --set-json \'image={"tag":"1.7.9"}\'')).toEqual(['helm upgrade fb: `--set-json image={"tag":"1.7.9"}` is not a JSON string']);
    expect(said('helm upgrade fb fluent/fluent-bit -f v.yaml --set-literal image.tag=$TAG')).toEqual(['helm upgrade fb: `--set-literal image.tag=$TAG` holds a variable']);
    expect(said('helm upgrade fb fluent/fluent-bit -f v.yaml --set-literal config.inputs=x')).toEqual(['helm upgrade fb: `--set-literal config.inputs` is applied over the values files by Helm']);
    expect(helmCommandLines('helm upgrade a c --set-literal k=a,b=c\n')[0]?.sets).toEqual([{ flag: 'set-literal', key: 'k', value: 'a,b=c', start: 31, end: 38 }]);
  });

  it('links a script with its values files for the CLI', () => {
    const inputs = ['repo/scripts/deploy.sh', 'repo/values/a.yaml', 'repo/scripts/values/a.yaml'];
    expect(scriptSetFileLinksIn('repo/scripts/deploy.sh', 'cd "$(dirname "$0")/.."\nhelm upgrade fb fluent/fluent-bit -f values/a.yaml -f values/missing.yaml\n', inputs)).toEqual(['repo/scripts/deploy.sh', 'repo/values/a.yaml']);
  });
});

describe('a CI step\'s own cd (pipelines41b)', () => {
  const refs = (path: string, text: string) => scriptReleases(path, text).releases.map((r) => r.valuesFileRefs.map((v) => v.path).join(','));
  const said = (path: string, text: string) => scriptReleases(path, text).notFollowed.map((n) => n.message);
  const helm = (name: string, extra = '') => `helm upgrade ${name} fluent/fluent-bit -f v.yaml${extra}`;

  it('follows a literal cd in the same run block, not into the next step', () => {
    const text = `jobs:\n  a:\n    steps:\n      - run: |\n          cd deploy\n          ${helm('a')}\n      - run: ${helm('b')}\n`;
    expect(refs('.github/workflows/x.yml', text)).toEqual(['deploy/v.yaml', 'v.yaml']);
  });

  it('follows a GitLab script list in order, one shell', () => {
    expect(refs('.gitlab-ci.yml', `job:\n  script:\n    - cd gl\n    - ${helm('a')}\n`)).toEqual(['gl/v.yaml']);
  });

  it('says what it cannot place', () => {
    const cases: [string, string][] = [
      ['.github/workflows/x.yml', `jobs:\n  a:\n    steps:\n      - run: cd "$D" && ${helm('a')}\n`],
      ['.github/workflows/x.yml', `jobs:\n  a:\n    steps:\n      - run: cd .. && ${helm('a')}\n`],
      ['.github/workflows/x.yml', `jobs:\n  a:\n    steps:\n      - run: cd "$(dirname "$0")" && ${helm('a')}\n`],
      ['.github/workflows/x.yml', `defaults:\n  run:\n    working-directory: x\njobs:\n  a:\n    steps:\n      - run: ${helm('a')}\n`],
      ['.gitlab-ci.yml', `job:\n  before_script:\n    - cd "$X"\n  script:\n    - ${helm('a')}\n`],
      ['azure-pipelines.yml', `steps:\n  - powershell: |\n      Set-Location $env:X\n      ${helm('a')}\n`],
    ];
    for (const [path, text] of cases) {
      expect(refs(path, text), text).toEqual([]);
      expect(said(path, text).some((m) => m.includes('v.yaml')), text).toBe(true);
    }
  });

  it('reads a script\'s --set-file where its cd goes, and says one it cannot read', () => {
    const sh = 'cd deploy\nhelm upgrade fb fluent/fluent-bit --set-file config.inputs=in.conf\ncd "$X"\nhelm upgrade fb2 fluent/fluent-bit --set-file config.inputs=lost.conf --set-file config.filters=$F\n';
    expect(scriptSetFileLinksIn('deploy.sh', sh, ['deploy.sh', 'in.conf', 'deploy/in.conf', 'lost.conf'])).toEqual(['deploy.sh', 'deploy/in.conf']);
    const messages = said('deploy.sh', sh);
    expect(messages.filter((m) => m.includes('lost.conf'))[0]).toContain('read in the directory `cd $X` goes to');
    expect(messages.filter((m) => m.includes('config.filters=$F'))[0]).toContain('holds a variable');
    expect(messages.some((m) => m.includes('in.conf') && !m.includes('lost'))).toBe(false);
  });
});

describe('comments after a quote of an earlier line, in CI steps and Makefiles (pipelines41b)', () => {
  const charts = (text: string, reading: 'ci' | 'make' | 'line') => helmCommandLines(text, reading).map((c) => c.name);
  it('reads a CI step\'s script from the quoted word a line starts inside', () => {
    const text = 'steps:\n  - run: |\n      N="a\n      # b"; helm upgrade q fluent/fluent-bit\n  - run: |\n      N="a\n      b" # helm upgrade c fluent/fluent-bit\n';
    expect(charts(text, 'ci')).toEqual(['q']);
    expect(charts(text, 'line')).toEqual(['c']);
  });
  it('does not carry another step\'s open quote', () => {
    const text = 'steps:\n  - run: |\n      N="open\n  - run: helm upgrade r fluent/fluent-bit # x\n';
    expect(charts(text, 'ci')).toEqual(['r']);
  });
  it('reads a Makefile recipe line with its continued lines', () => {
    const text = 'a:\n\techo "x \\\n\t# y" && helm upgrade m fluent/fluent-bit\nb:\n\techo "x \\\n\ty" # helm upgrade c fluent/fluent-bit\nc:\n\t# helm upgrade d fluent/fluent-bit\n';
    expect(charts(text, 'make')).toEqual(['m']);
  });
});

describe('CI YAML values read as YAML gives them (pipelines42)', () => {
  const refs = (path: string, text: string) => scriptReleases(path, text).releases.map((r) => r.valuesFileRefs.map((v) => v.path).join(','));
  const said = (path: string, text: string) => scriptReleases(path, text).notFollowed.map((n) => n.message);
  const helm = (name: string, extra = '') => `helm upgrade ${name} fluent/fluent-bit -f v.yaml${extra}`;
  const gh = (run: string) => `jobs:\n  a:\n    steps:\n      - run: ${run}\n`;

  it('reads a flow list\'s items and quoted scalars without their YAML quoting, offsets in the file', () => {
    const flow = `job:\n  script: [cd gl, ${helm('a')}]\n`;
    expect(refs('.gitlab-ci.yml', flow)).toEqual(['gl/v.yaml']);
    const words = scriptReleases('.gitlab-ci.yml', flow).releases[0]?.words[0];
    expect(flow.slice(words?.start, words?.end)).toBe('v.yaml');
    expect(refs('.gitlab-ci.yml', `job:\n  script: ["cd gl", '${helm('a')}']\n`)).toEqual(['gl/v.yaml']);
    expect(refs('.gitlab-ci.yml', `job:\n  script: [${helm('a')}]\n`)).toEqual(['v.yaml']);
    expect(refs('.gitlab-ci.yml', `job:\n  script:\n    - "cd gl"\n    - "${helm('a')}"\n`)).toEqual(['gl/v.yaml']);
    expect(refs('.github/workflows/x.yml', gh(`"cd deploy && ${helm('a')}"`))).toEqual(['deploy/v.yaml']);
    expect(refs('.github/workflows/x.yml', gh(`'cd deploy && ${helm('a')}'`))).toEqual(['deploy/v.yaml']);
    expect(refs('.github/workflows/x.yml', gh(`"${helm('a')}"`))).toEqual(['v.yaml']);
    // sh quotes inside a YAML quoted scalar are sh's.
    expect(refs('.github/workflows/x.yml', gh(`"cd 'my dir' && helm upgrade a fluent/fluent-bit -f 'v 1.yaml'"`))).toEqual(['my dir/v 1.yaml']);
    const text = gh(`"${helm('a')}"`);
    const w = scriptReleases('.github/workflows/x.yml', text).releases[0]?.words[0];
    expect(text.slice(w?.start, w?.end)).toBe('v.yaml');
  });

  it('says a scalar whose value is not its text, never reads a word with YAML quoting', () => {
    const cases: [string, string][] = [
      ['.github/workflows/x.yml', gh(`"cd \\"deploy\\" && ${helm('a')}"`)],
      ['.github/workflows/x.yml', gh(`'cd ''deploy'' && ${helm('a')}'`)],
      ['.github/workflows/x.yml', gh(`"cd deploy &&\n          ${helm('a')}"`)],
      ['.gitlab-ci.yml', `job:\n  script: ["cd \\"gl\\"", "${helm('a')}"]\n`],
    ];
    for (const [path, text] of cases) {
      expect(refs(path, text), text).toEqual([]);
      expect(said(path, text), text).toEqual([expect.stringContaining('helm upgrade a: it is in a YAML scalar whose value is not its text as written')]);
    }
    // Not a Fluent Bit chart, a comment in the value, `helm template`: nothing.
    expect(said('.github/workflows/x.yml', gh(`"cd \\"x\\" && helm upgrade a other/chart -f v.yaml"`))).toEqual([]);
    expect(said('.github/workflows/x.yml', gh(`"cd \\"x\\" # ${helm('a')}"`))).toEqual([]);
    // A helm word glued to other text in the value is no command.
    expect(refs('.github/workflows/x.yml', gh(`"echo x${helm('a')}"`))).toEqual([]);
  });
});

describe('CI keys that are not run: no release (pipelines42b)', () => {
  const refs = (path: string, text: string) => scriptReleases(path, text).releases.map((r) => r.valuesFileRefs.map((v) => v.path).join(','));
  const said = (path: string, text: string) => scriptReleases(path, text).notFollowed.map((n) => n.message);
  const helm = 'helm upgrade a fluent/fluent-bit -f v.yaml';

  it('reads no helm command in a value the CI system does not run, whatever its YAML shape', () => {
    const cases: [string, string][] = [
      ['.gitlab-ci.yml', `job:\n  variables: [x, ${helm}]\n  script: [echo]\n`],
      ['.gitlab-ci.yml', `job:\n  variables:\n    D: "${helm}"\n    E: '${helm}'\n    F: ${helm}\n  script: echo\n`],
      ['.gitlab-ci.yml', `job:\n  tags:\n    - ${helm}\n  script: echo\n`],
      ['.github/workflows/x.yml', `jobs:\n  a:\n    steps:\n      - name: ${helm}\n        env: { C: "${helm}" }\n        run: echo\n`],
      ['azure-pipelines.yml', `steps:\n  - script: echo\n    displayName: '${helm}'\n`],
      ['bitbucket-pipelines.yml', `pipelines:\n  default:\n    - step:\n        name: ${helm}\n        script:\n          - echo\n`],
      ['.circleci/config.yml', `jobs:\n  a:\n    steps:\n      - run:\n          name: ${helm}\n          command: echo\n`],
      // Folded, escaped: nothing said either (not run).
      ['.github/workflows/x.yml', `jobs:\n  a:\n    steps:\n      - name: >\n          ${helm}\n        run: echo\n`],
      ['.gitlab-ci.yml', `job:\n  variables:\n    D: "cd \\"x\\" && ${helm}"\n  script: echo\n`],
    ];
    for (const [path, text] of cases) {
      expect(refs(path, text), text).toEqual([]);
      expect(said(path, text), text).toEqual([]);
    }
  });

  it('still reads every script key, Bitbucket\'s after-script too, and a file YAML does not parse from its text', () => {
    expect(refs('bitbucket-pipelines.yml', `pipelines:\n  default:\n    - step:\n        name: x\n        script:\n          - echo\n        after-script:\n          - ${helm}\n`)).toEqual(['v.yaml']);
    expect(refs('.gitlab-ci.yml', `job:\n  variables: [x]\n  script: [x, ${helm}]\n`)).toEqual(['v.yaml']);
    expect(refs('.circleci/config.yml', `jobs:\n  a:\n    steps:\n      - run:\n          name: x\n          command: ${helm}\n`)).toEqual(['v.yaml']);
    expect(refs('azure-pipelines.yml', `steps:\n  - task: AzureCLI@2\n    inputs:\n      inlineScript: ${helm}\n`)).toEqual(['v.yaml']);
    // Under an anchor: an alias may run it in a script; read as before.
    expect(refs('.gitlab-ci.yml', `.h: &h\n  - ${helm}\njob:\n  script: *h\n`)).toEqual(['v.yaml']);
    expect(refs('.gitlab-ci.yml', `.h:\n  - &h ${helm}\njob:\n  script: [*h]\n`)).toEqual(['v.yaml']);
    expect(refs('.gitlab-ci.yml', `.snippets:\n  deploy:\n    - ${helm}\njob:\n  script:\n    - !reference [.snippets, deploy]\n`)).toEqual(['v.yaml']);
    // A duplicate key: the YAML does not parse, the line is read as before.
    expect(refs('.gitlab-ci.yml', `job:\n  script: echo\n  script: ${helm}\n`)).toEqual(['v.yaml']);
    // A key that is neither a script key nor a known not-run key (an action input an action may run): read from the
    // text, as before (lead, at the merge: `with: {exec: helm ...}` of a helm action is a release).
    expect(refs('.github/workflows/x.yml', `jobs:\n  a:\n    steps:\n      - uses: some/helm-action@v3\n        with:\n          exec: ${helm}\n`)).toEqual(['v.yaml']);
  });
});

describe('GitLab before_script and script, one shell (pipelines42)', () => {
  const refs = (text: string) => scriptReleases('.gitlab-ci.yml', text).releases.map((r) => r.valuesFileRefs.map((v) => v.path).join(','));
  const said = (text: string) => scriptReleases('.gitlab-ci.yml', text).notFollowed.map((n) => n.message);
  const helm = `helm upgrade a fluent/fluent-bit -f v.yaml`;

  it('starts a script where its before_script left it', () => {
    expect(refs(`job:\n  before_script:\n    - cd gl\n  script:\n    - ${helm}\n`)).toEqual(['gl/v.yaml']);
    expect(refs(`job:\n  before_script:\n    - cd gl\n  script:\n    - cd sub\n    - ${helm}\n`)).toEqual(['gl/sub/v.yaml']);
    expect(refs(`job:\n  before_script: [cd gl]\n  script: [cd .., ${helm}]\n`)).toEqual(['v.yaml']);
    expect(refs(`default:\n  before_script:\n    - cd gl\njob:\n  script:\n    - ${helm}\n`)).toEqual(['gl/v.yaml']);
    expect(refs(`before_script:\n  - cd gl\njob:\n  script:\n    - ${helm}\n`)).toEqual(['gl/v.yaml']);
    expect(refs(`.base:\n  before_script:\n    - cd gl\njob:\n  extends: .base\n  script:\n    - ${helm}\n`)).toEqual(['gl/v.yaml']);
    // The job's own before_script wins over default's; `inherit: default: false` drops default's.
    expect(refs(`default:\n  before_script:\n    - cd gl\njob:\n  before_script:\n    - echo hi\n  script:\n    - ${helm}\n`)).toEqual(['v.yaml']);
    expect(refs(`default:\n  before_script:\n    - cd gl\njob:\n  inherit:\n    default: false\n  script:\n    - ${helm}\n`)).toEqual(['v.yaml']);
    // A before_script without cd, and another job's cd, leave the script at the root.
    expect(refs(`job:\n  before_script:\n    - echo hi\n  script:\n    - ${helm}\nother:\n  script:\n    - cd x\n    - echo\n`)).toEqual(['v.yaml']);
    // after_script is another shell: its cd does not move script, and it starts at the root.
    expect(refs(`job:\n  script:\n    - ${helm}\n  after_script:\n    - cd x\n`)).toEqual(['v.yaml']);
  });

  it('says a before_script it cannot follow', () => {
    const cases = [
      `job:\n  before_script:\n    - cd "$X"\n  script:\n    - ${helm}\n`,
      `job:\n  before_script:\n    - cd ..\n  script:\n    - ${helm}\n`,
      `job:\n  before_script: >2\n    cd gl\n  script:\n    - ${helm}\n`,
      `job:\n  extends: .remote\n  script:\n    - ${helm}\nother:\n  before_script: [cd x]\n  script: [echo]\n`,
      `.b: &b\n  before_script: [cd x]\njob:\n  <<: *b\n  script:\n    - ${helm}\n`,
      `.setup:\n  before_script: [cd x]\njob:\n  before_script:\n    - !reference [.setup, before_script]\n  script:\n    - ${helm}\n`,
      `.setup:\n  script: [cd x]\njob:\n  script:\n    - !reference [.setup, script]\n    - ${helm}\n`,
    ];
    for (const text of cases) {
      expect(refs(text), text).toEqual([]);
      expect(said(text).some((m) => m.includes('v.yaml')), text).toBe(true);
    }
  });
});

describe('CI PowerShell/cmd.exe steps\' cd (pipelines42)', () => {
  const refs = (path: string, text: string) => scriptReleases(path, text).releases.map((r) => r.valuesFileRefs.map((v) => v.path).join(','));
  const helm = `helm upgrade a fluent/fluent-bit -f v.yaml`;

  it('follows a literal cd, Set-Location, pushd; rem and echo are no cd', () => {
    expect(refs('azure-pipelines.yml', `steps:\n  - powershell: |\n      Set-Location deploy\n      ${helm}\n`)).toEqual(['deploy/v.yaml']);
    expect(refs('azure-pipelines.yml', `steps:\n  - pwsh: |\n      Push-Location charts\\fb\n      ${helm}\n      Pop-Location\n      ${helm}\n`)).toEqual(['charts/fb/v.yaml', 'v.yaml']);
    expect(refs('azure-pipelines.yml', `pool:\n  vmImage: windows-latest\nsteps:\n  - script: |\n      cd /d deploy\n      ${helm}\n`)).toEqual(['deploy/v.yaml']);
    expect(refs('azure-pipelines.yml', `pool:\n  vmImage: windows-latest\nsteps:\n  - script: |\n      rem cd elsewhere\n      :: cd elsewhere\n      echo cd elsewhere & cd deploy\n      ${helm}\n`)).toEqual(['deploy/v.yaml']);
    expect(refs('azure-pipelines.yml', `steps:\n  - powershell: |\n      Write-Host "cd elsewhere"\n      echo cd; sl deploy\n      ${helm}\n`)).toEqual(['deploy/v.yaml']);
    expect(refs('.github/workflows/x.yml', `jobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - run: cd deploy; ${helm}\n`)).toEqual(['deploy/v.yaml']);
  });

  it('says what it cannot follow', () => {
    const cases = [
      `steps:\n  - powershell: |\n      Set-Location $env:X\n      ${helm}\n`,
      `steps:\n  - powershell: |\n      if ($x) { cd deploy }\n      ${helm}\n`,
      `steps:\n  - powershell: |\n      cd ..\n      ${helm}\n`,
      `pool:\n  vmImage: windows-latest\nsteps:\n  - script: |\n      cd %DIR%\n      ${helm}\n`,
      `pool:\n  vmImage: windows-latest\nsteps:\n  - script: |\n      cd C:\\x\n      ${helm}\n`,
    ];
    for (const text of cases) {
      expect(refs('azure-pipelines.yml', text), text).toEqual([]);
      expect(scriptReleases('azure-pipelines.yml', text).notFollowed.some((n) => n.message.includes('v.yaml')), text).toBe(true);
    }
  });
});

describe('a script\'s --set-file after cd: the other candidate said (pipelines42)', () => {
  const say = (path: string, text: string, inputs: string[]) => setFileAmbiguities(path, text, (p) => inputs.includes(p)).map((m) => m.message);
  const line = (cd: string) => `${cd}\nhelm upgrade fb fluent/fluent-bit --set-file config.inputs=in.conf --set image.tag=1.7.9\n`;

  it('says the directory above\'s file when the script directory\'s is not in the input, and links it', () => {
    expect(say('repo/scripts/deploy.sh', line('cd deploy'), ['repo/deploy/in.conf'])).toEqual([expect.stringContaining('helm upgrade fb: its `--set-file config.inputs=in.conf` after `cd` depends on the directory the script is started in: flb-migrate takes the script\'s own (repo/scripts/deploy/in.conf, not in the input), but the input holds repo/deploy/in.conf (started')]);
    expect(say('repo/scripts/deploy.sh', line('cd deploy'), ['repo/deploy/in.conf', 'deploy/in.conf'])[0]).toContain('repo/deploy/in.conf, deploy/in.conf');
    expect(scriptSetFileLinksIn('repo/scripts/deploy.sh', line('cd deploy'), ['repo/scripts/deploy.sh', 'repo/deploy/in.conf'])).toEqual(['repo/scripts/deploy.sh', 'repo/deploy/in.conf']);
  });

  it('says nothing when the script directory\'s file is there, the cd is anchored, there is no cd, or the script is at the root', () => {
    expect(say('repo/scripts/deploy.sh', line('cd deploy'), ['repo/deploy/in.conf', 'repo/scripts/deploy/in.conf'])).toEqual([]);
    expect(say('repo/scripts/deploy.sh', line('cd "$(dirname "$0")/deploy"'), ['repo/deploy/in.conf'])).toEqual([]);
    expect(say('repo/scripts/deploy.sh', line('cd "$(dirname "$0")"\ncd deploy'), ['repo/deploy/in.conf'])).toEqual([]);
    expect(say('repo/scripts/deploy.sh', line(''), ['repo/deploy/in.conf'])).toEqual([]);
    expect(say('deploy.sh', line('cd deploy'), ['x/deploy/in.conf'])).toEqual([]);
    expect(say('repo/scripts/Makefile', `a:\n\tcd deploy && helm upgrade fb fluent/fluent-bit --set-file config.inputs=in.conf\n`, ['repo/deploy/in.conf'])).toEqual([]);
    expect(scriptSetFileLinksIn('repo/scripts/deploy.sh', line('cd "$(dirname "$0")/deploy"'), ['repo/scripts/deploy.sh', 'repo/deploy/in.conf'])).toEqual([]);
  });
});

describe('GitLab include:local files: their jobs are the pipeline\'s (pipelines43)', () => {
  const helm = `helm upgrade a fluent/fluent-bit -f v.yaml`;
  // The releases of each file of a batch, read as scriptReleases is by migrate/read-batch.ts (with the batch's pipelines).
  const read = (files: Record<string, string>) => {
    const list = Object.entries(files).map(([path, text]) => ({ path, text }));
    const pipelines = batchPipelines(list);
    return Object.fromEntries(list.map((f) => {
      const { releases, notFollowed } = scriptReleases(f.path, f.text, { pipeline: pipelines.get(f.path) });
      return [f.path, { refs: releases.map((r) => r.valuesFileRefs.map((v) => `${v.base}|${v.path}`).join(',')), said: notFollowed.map((n) => n.message) }];
    }));
  };

  it('reads include: in its shapes, as written', () => {
    expect(gitlabIncludes(`include: 'ci/a.yml'\n`)).toEqual({ local: ['ci/a.yml'], other: false });
    expect(gitlabIncludes(`include:\n  local: /ci/a.yml\n`)).toEqual({ local: ['ci/a.yml'], other: false });
    expect(gitlabIncludes(`include:\n  - ci/a.yml\n  - local: ci/b.yml\n    rules:\n      - if: $X\n  - remote: https://x/y.yml\n`)).toEqual({ local: ['ci/a.yml', 'ci/b.yml'], other: true, first: 'remote: https://x/y.yml' });
    expect(gitlabIncludes(`include: [{project: g/p, file: /a.yml}, {template: Auto-DevOps.gitlab-ci.yml}]\n`)).toEqual({ local: [], other: true, first: 'project: g/p' });
    // A glob, a variable, a URL string: not a file flb-migrate can name.
    expect(gitlabIncludes(`include:\n  - 'ci/*.yml'\n  - local: $CI_DIR/a.yml\n  - https://x/y.yml\n`)).toEqual({ local: [], other: true, first: 'ci/*.yml' });
    // Not a top-level key; no include at all.
    expect(gitlabIncludes(`job:\n  include: ci/a.yml\n`)).toEqual({ local: [], other: false });
    expect(gitlabIncludes(`job:\n  script: [echo]\n`)).toEqual({ local: [], other: false });
  });

  it('reads an included file\'s jobs from the repository root, with the pipeline\'s templates and default', () => {
    const got = read({
      'repo/.gitlab-ci.yml': `include:\n  - local: ci/a.yml\n.t:\n  before_script: [cd t]\nmain:\n  extends: .u\n  script:\n    - ${helm}\n`,
      'repo/ci/a.yml': `a:\n  script:\n    - cd d\n    - ${helm}\nb:\n  extends: .t\n  script:\n    - ${helm}\nc:\n  script:\n    - ${helm}\n.u:\n  before_script: [cd u]\n`,
    });
    expect(got['repo/ci/a.yml']?.refs).toEqual(['repo|d/v.yaml', 'repo|t/v.yaml', 'repo|v.yaml']);
    // The including file's job extends a template of the included file.
    expect(got['repo/.gitlab-ci.yml']?.refs).toEqual(['repo|u/v.yaml']);
    const defaults = read({ '.gitlab-ci.yml': `include: ci/a.yml\ndefault:\n  before_script:\n    - cd g\n`, 'ci/a.yml': `a:\n  script:\n    - ${helm}\n` });
    expect(defaults['ci/a.yml']?.refs).toEqual(['|g/v.yaml']);
    // Nested: an included file's include, still from the repository root.
    const nested = read({ '.gitlab-ci.yml': `include: ci/a.yml\n`, 'ci/a.yml': `include:\n  - local: ci/b.yml\n`, 'ci/b.yml': `b:\n  script:\n    - cd x\n    - ${helm}\n` });
    expect(nested['ci/b.yml']?.refs).toEqual(['|x/v.yaml']);
  });

  it('says an extends no file of the input defines; reads nothing of a file no pipeline includes', () => {
    const got = read({ '.gitlab-ci.yml': `include:\n  - local: ci/a.yml\n  - remote: https://x/y.yml\n`, 'ci/a.yml': `a:\n  extends: .remote\n  script:\n    - ${helm}\n`, 'ci/other.yml': `o:\n  script:\n    - ${helm}\n` });
    expect(got['ci/a.yml']?.refs).toEqual([]);
    expect(got['ci/a.yml']?.said).toEqual([expect.stringContaining('`extends: .remote` names a job no file of its pipeline in the input defines')]);
    expect(got['ci/other.yml']).toEqual({ refs: [], said: [] });
    // An include of a file the batch does not hold, a `.gitlab-ci.yml` without include: no pipeline.
    expect(batchPipelines([{ path: '.gitlab-ci.yml', text: 'include: ci/a.yml\n' }]).size).toBe(0);
    expect(batchPipelines([{ path: '.gitlab-ci.yml', text: 'job: {script: [echo]}\n' }, { path: 'ci/a.yml', text: 'x: 1\n' }]).size).toBe(0);
    // A file named like an include but under another pipeline's root is not that pipeline's.
    expect(batchPipelines([{ path: 'a/.gitlab-ci.yml', text: 'include: ci/a.yml\n' }, { path: 'ci/a.yml', text: 'x: 1\n' }]).size).toBe(0);
  });

  it('links the pipeline\'s files and their values files for the CLI', () => {
    const pipeline = [{ path: '.gitlab-ci.yml', text: 'include: ci/a.yml\n' }, { path: 'ci/a.yml', text: `a:\n  script:\n    - cd d\n    - ${helm}\n` }];
    expect(gitlabPipelineLinksIn(pipeline, ['.gitlab-ci.yml', 'ci/a.yml', 'd/v.yaml', 'ci/d/v.yaml'])).toEqual(['.gitlab-ci.yml', 'ci/a.yml', 'd/v.yaml']);
    expect(gitlabPipelineLinksIn(pipeline.slice(0, 1), ['.gitlab-ci.yml'])).toEqual([]);
  });
});

describe('GitLab includes not in the input: a job that takes default\'s before_script starts where it is not known (pipelines43b)', () => {
  const helm = 'helm upgrade a fluent/fluent-bit -f v.yaml';
  const read = (files: Record<string, string>) => {
    const list = Object.entries(files).map(([path, text]) => ({ path, text }));
    const pipelines = batchPipelines(list);
    return Object.fromEntries(list.map((f) => {
      const { releases, notFollowed } = scriptReleases(f.path, f.text, { pipeline: pipelines.get(f.path) });
      return [f.path, { refs: releases.map((r) => r.valuesFileRefs.map((v) => v.path).join(',')), said: notFollowed.map((n) => n.message) }];
    }));
  };
  const job = (extra = '') => `job:\n${extra}  script:\n    - ${helm}\n`;

  it('says the path word of a job with no before_script of its own, for each include shape the input does not give', () => {
    const includes: [string, string][] = [
      ['include:\n  - remote: https://x/y.yml\n', '`include:` of `remote: https://x/y.yml`'],
      ['include:\n  - template: Auto-DevOps.gitlab-ci.yml\n', '`include:` of `template: Auto-DevOps.gitlab-ci.yml`'],
      ['include:\n  - project: g/p\n    file: /a.yml\n', '`include:` of `project: g/p`'],
      ["include: 'ci/*.yml'\n", '`include:` of `ci/*.yml`'],
      ['include:\n  - local: $DIR/a.yml\n', '`include:` of `local: $DIR/a.yml`'],
      ['include: ci/missing.yml\n', '`include:` of `local: ci/missing.yml`'],
      ['include: https://x/y.yml\n', '`include:` of `https://x/y.yml`'],
    ];
    for (const [include, what] of includes) {
      const got = read({ '.gitlab-ci.yml': include + job() })['.gitlab-ci.yml'];
      expect(got?.refs, include).toEqual([]);
      expect(got?.said, include).toEqual([expect.stringContaining(`\`v.yaml\` is read in the directory its job's \`before_script\` leaves, not known: its pipeline's ${what} is not in the input`)]);
    }
    // In a pipeline the input holds: an included file's job, a nested include's remote; an included file's default (a later include may write another).
    const held = read({ '.gitlab-ci.yml': 'include:\n  - local: ci/a.yml\n', 'ci/a.yml': `include:\n  - remote: https://x/y.yml\ndefault:\n  before_script: [cd d]\n${job()}` })['ci/a.yml'];
    expect(held?.refs).toEqual([]);
    expect(held?.said).toEqual([expect.stringContaining('its pipeline\'s `include:` of `remote: https://x/y.yml` is not in the input')]);
  });

  it('reads as before where the include cannot change the start directory', () => {
    const remote = 'include:\n  - remote: https://x/y.yml\n';
    const cases: [string, string][] = [
      [remote + job('  before_script: [cd own]\n'), 'own/v.yaml'],
      [remote + job('  before_script: []\n'), 'v.yaml'],
      [remote + job('  inherit:\n    default: false\n'), 'v.yaml'],
      [remote + job('  inherit:\n    default: [image]\n'), 'v.yaml'],
      [remote + '.t:\n  before_script: [cd t]\n' + job('  extends: .t\n'), 't/v.yaml'],
      // The `.gitlab-ci.yml`'s own default (or top-level) before_script wins over any included file's.
      [remote + 'default:\n  before_script: [cd d]\n' + job(), 'd/v.yaml'],
      [remote + 'before_script: [cd g]\n' + job(), 'g/v.yaml'],
      // No include (a job's `include:` is no include).
      [job('  include: x.yml\n'), 'v.yaml'],
    ];
    for (const [text, ref] of cases) {
      const got = read({ '.gitlab-ci.yml': text })['.gitlab-ci.yml'];
      expect(got, text).toEqual({ refs: [ref], said: [] });
    }
    // A pipeline of held files only: as pipelines43 read it.
    const held = read({ '.gitlab-ci.yml': 'include: ci/a.yml\n', 'ci/a.yml': job() })['ci/a.yml'];
    expect(held).toEqual({ refs: ['v.yaml'], said: [] });
  });
});

describe('CI multi-line plain and folded scalars: their lines are one line (pipelines43)', () => {
  const refs = (path: string, text: string) => scriptReleases(path, text).releases.map((r) => r.valuesFileRefs.map((v) => v.path).join(','));
  const said = (path: string, text: string) => scriptReleases(path, text).notFollowed.map((n) => n.message);
  const gh = (run: string) => `jobs:\n  a:\n    steps:\n      - run: ${run}\n`;

  it('reads a folded command\'s words at their offsets in the file', () => {
    const text = `job:\n  script:\n    - helm upgrade a fluent/fluent-bit\n      -f v.yaml\n      --set image.tag=1.7.9\n`;
    const r = scriptReleases('.gitlab-ci.yml', text).releases[0];
    expect(r?.valuesFileRefs.map((v) => v.path)).toEqual(['v.yaml']);
    expect(text.slice(r?.words[0]?.start, r?.words[0]?.end)).toBe('v.yaml');
    expect(r?.release.parameters?.get('image.tag')?.value).toBe('1.7.9');
    // A `cd` line folded into the same command line; a GitHub `run:` plain scalar; a `>` block; CRLF line ends.
    expect(refs('.gitlab-ci.yml', `job:\n  script:\n    - cd gl &&\n      helm upgrade a fluent/fluent-bit -f v.yaml\n`)).toEqual(['gl/v.yaml']);
    expect(refs('.github/workflows/x.yml', gh(`cd deploy &&\n          helm upgrade a fluent/fluent-bit\n          -f v.yaml`))).toEqual(['deploy/v.yaml']);
    expect(refs('.github/workflows/x.yml', gh(`>\n          cd deploy &&\n          helm upgrade a fluent/fluent-bit -f v.yaml`))).toEqual(['deploy/v.yaml']);
    expect(refs('.gitlab-ci.yml', `job:\r\n  script:\r\n    - helm upgrade a fluent/fluent-bit\r\n      -f v.yaml\r\n`)).toEqual(['v.yaml']);
    // A blank line is a line break of the value: two commands (the `cd` ends before helm).
    expect(refs('.gitlab-ci.yml', `job:\n  script:\n    - cd gl\n\n      helm upgrade a fluent/fluent-bit -f v.yaml\n`)).toEqual(['gl/v.yaml']);
    // A `>` block's more-indented line keeps its line break: `cd gl` is its own command.
    expect(refs('.github/workflows/x.yml', gh(`>\n          echo start\n            cd gl\n          helm upgrade a fluent/fluent-bit -f v.yaml`))).toEqual(['gl/v.yaml']);
    expect(said('.gitlab-ci.yml', `job:\n  script:\n    - helm upgrade a fluent/fluent-bit\n      -f v.yaml\n`)).toEqual([]);
  });

  it('says a folded scalar whose quotes span its lines, or a `>` with an indentation indicator', () => {
    const cases: [string, string][] = [
      ['.gitlab-ci.yml', `job:\n  script:\n    - helm upgrade a fluent/fluent-bit --set "image.tag=1.7.9\n      x" -f v.yaml\n`],
      ['.github/workflows/x.yml', gh(`>2\n            helm upgrade a fluent/fluent-bit -f v.yaml`)],
      ['.github/workflows/x.yml', gh(`"helm upgrade a fluent/fluent-bit\n          -f v.yaml"`)],
    ];
    for (const [path, text] of cases) {
      expect(refs(path, text), text).toEqual([]);
      expect(said(path, text), text).toEqual([expect.stringContaining('helm upgrade a: it is in a YAML scalar whose value is not its text as written')]);
    }
  });
});

describe('GitLab pre_get_sources_script and anchors no alias uses: no release (pipelines43)', () => {
  const refs = (text: string) => scriptReleases('.gitlab-ci.yml', text).releases.map((r) => r.valuesFileRefs.map((v) => v.path).join(','));
  const said = (text: string) => scriptReleases('.gitlab-ci.yml', text).notFollowed.map((n) => n.message);
  const helm = 'helm upgrade a fluent/fluent-bit -f v.yaml';

  it('reads no release before the clone, nor in a variable under an anchor no alias uses', () => {
    const cases = [
      `job:\n  hooks:\n    pre_get_sources_script:\n      - ${helm}\n  script: [echo]\n`,
      `default:\n  hooks:\n    pre_get_sources_script: [x, ${helm}]\njob:\n  script: [echo]\n`,
      `job:\n  variables: &v\n    D: ${helm}]\n  script: [echo]\n`,
      `job:\n  variables: &v {D: "${helm}"}\n  script: [echo]\nother:\n  variables:\n    E: *w\n`,
    ];
    for (const text of cases) {
      expect(refs(text), text).toEqual([]);
      expect(said(text), text).toEqual([]);
    }
  });

  it('still reads an anchored value an alias uses, and the job\'s script beside a hook', () => {
    expect(refs(`.v: &v\n  D: ${helm}\njob:\n  variables: *v\n  script: [echo]\n`)).toEqual(['v.yaml']);
    expect(refs(`job:\n  variables: &v\n    D: ${helm}\n  script: [echo]\nother:\n  variables:\n    <<: *v\n`)).toEqual(['v.yaml']);
    expect(refs(`job:\n  hooks:\n    pre_get_sources_script: [echo hi]\n  script:\n    - ${helm}\n`)).toEqual(['v.yaml']);
  });
});
