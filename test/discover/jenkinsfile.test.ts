import { describe, expect, it } from 'vitest';
import { jenkinsSteps } from '../../src/discover/jenkinsfile.js';
import { jenkinsGroovyFiles, jenkinsLoads, jenkinsUnreadGroovy, scriptReleases } from '../../src/discover/shell-helm.js';
import { scriptSetFileLinksIn, setFileAmbiguities } from '../../src/deploy/script-releases.js';
import { isJenkinsfilePath } from '../../src/source/jenkinsfile-name.js';
import { fileHasMarker } from '../../src/discover/prefilter.js';
import { foreignLanguage } from '../../src/source/sniff-format.js';

const scripts = (text: string): string[] => jenkinsSteps(text).steps.map((s) => `${s.step}${s.inDir !== undefined ? `@${s.inDir}` : ''}: ${s.text}`);

describe('Jenkinsfile names', () => {
  it('takes Jenkinsfile, Jenkinsfile.x and x.jenkinsfile, in any directory', () => {
    for (const p of ['Jenkinsfile', 'ci/Jenkinsfile', 'Jenkinsfile.release', 'Jenkinsfile.groovy', 'deploy.jenkinsfile', 'C:\\ci\\jenkinsfile']) expect(isJenkinsfilePath(p), p).toBe(true);
    for (const p of ['Jenkinsfiles', 'jenkinsfile-notes.txt', 'jenkins.yaml', 'x.jenkinsfile.bak', 'Jenkinsfile.yaml', 'ci/Jenkinsfile.yml', 'Jenkinsfile.json', 'Jenkinsfile.md']) expect(isJenkinsfilePath(p), p).toBe(false);
    expect(foreignLanguage('ci/Jenkinsfile')).toBe('Jenkinsfile');
  });

  it('a Jenkinsfile is read only when it names fluent (its Docker words are the agent\'s)', () => {
    expect(fileHasMarker('Jenkinsfile', "agent { docker { args '-v /var/run/docker.sock:/var/run/docker.sock' } }\n")).toBe(false);
    expect(fileHasMarker('Jenkinsfile', "sh 'helm upgrade fb fluent/fluent-bit -f v.yaml'\n")).toBe(true);
    expect(fileHasMarker('deploy.sh', 'docker.sock')).toBe(true);
  });
});

describe('jenkinsSteps', () => {
  it('reads the script of sh, bat, powershell and pwsh steps in each call form', () => {
    expect(scripts("sh 'a'\nsh('b')\nsh(script: \"c\", returnStdout: true)\nsh label: 'l', script: '''d'''\nbat(returnStatus: true, script: 'e')\npowershell \"f\"\npwsh('g')\n")).toEqual(['sh: a', 'sh: b', 'sh: c', 'sh: d', 'bat: e', 'powershell: f', 'pwsh: g']);
    // Not steps: a method of another object, a variable named sh, a word inside a string or comment.
    expect(scripts("x.sh('a')\ndef sh = 'b'\necho 'sh \"c\"'\n// sh 'd'\n/* sh 'e' */\nsteps.sh 'f'\n")).toEqual(['sh: f']);
  });

  it('reads Groovy strings as Groovy makes them: escapes, line joins, interpolation kept as written', () => {
    expect(scripts("sh '''a \\\\\n b\\$X \\u0041'''")).toEqual(['sh: a \\\n b$X A']);
    expect(scripts("sh '''a \\\n b'''")).toEqual(['sh: a  b']);
    expect(scripts('sh "a ${params.TAG ?: "x}"} $B \\"q\\""')).toEqual(['sh: a ${params.TAG ?: "x}"} $B "q"']);
    expect(scripts("sh 'it\\'s'")).toEqual(["sh: it's"]);
    // A part that is not a literal is unknown; blank-only methods keep the literal.
    expect(scripts("sh \"helm -f \" + values + ' x'\nsh '''  a'''.stripIndent()\nsh cmd\n")).toEqual(['sh: helm -f ${values} x', 'sh:   a']);
  });

  it('reads slashy and dollar-slashy strings as Groovy does (jenkins43)', () => {
    // Slashy: only `\/` is an escape (and \uXXXX, a backslash before a line end); may span lines; interpolates.
    expect(scripts('sh(/helm -f a\\/b.yaml --set x=a\\\\b \\u0041/)\nsh(script: /cd x\nhelm $T ${U} $1/)\nsh script: /a$/\n')).toEqual(['sh: helm -f a/b.yaml --set x=a\\\\b A', 'sh: cd x\nhelm $T ${U} $1', 'sh: a$']);
    // Dollar-slashy: `$/` and `$$` are escapes, `/` and backslashes are themselves; a command call may take one.
    expect(scripts('sh $/helm -f a/b.yaml \\ $$HOME $/x $V/$\nsh($/a\\\nb/$)\n')).toEqual(['sh: helm -f a/b.yaml \\ $HOME /x $V', 'sh: ab']);
    // An even run of backslashes keeps \u; \r\n is \n.
    expect(scripts('sh(/a\\\\u0041\r\nb/)\n')).toEqual(['sh: a\\\\u0041\nb']);
    // Interpolations are kept as written and listed; a literal `+` part joins.
    const [step] = jenkinsSteps("sh(/helm -f ${v}/ + ' x')\n").steps;
    expect(step?.text).toBe('helm -f ${v} x');
    expect(step?.groovy).toEqual([[8, 12]]);
    // Division is no string: after a name, a number, `)`, `]`, a literal; `//` and `/*` are comments.
    expect(scripts("def n = a / 2 / b\nsh 'x'\ndef m = (a) / c + 1 /2\nsh 'y'\n")).toEqual(['sh: x', 'sh: y']);
    // A slashy regex holding a quote or a step word does not open a string or a step.
    expect(scripts("if (x ==~ /it's sh 'no'/) { sh 'z' }\n")).toEqual(['sh: z']);
    // `sh /x/` is a division in Groovy (after a name): not a step.
    expect(scripts('sh /helm upgrade/\n')).toEqual([]);
    // Each character maps to its source, an escape to both characters.
    const text = 'sh(/-f a\\/b.yaml/)\n';
    const [s2] = jenkinsSteps(text).steps;
    expect(text.slice(s2?.starts[4], s2?.ends[4])).toBe('\\/');
    expect(text.slice(s2?.starts[3], s2?.ends[(s2?.text.length ?? 0) - 1])).toBe('a\\/b.yaml');
    // A def given a slashy or dollar-slashy literal is a plain value.
    expect(jenkinsSteps('def v = /deploy\\/v.yaml/\ndef w = $/x.yaml/$\nsh "helm -f ${v} -f ${w}"\n').steps.map((s) => s.text)).toEqual(['helm -f deploy/v.yaml -f x.yaml']);
  });

  it('knows the steps inside dir and ws blocks', () => {
    expect(scripts("dir('charts') {\n  sh 'a'\n  script { sh 'b' }\n}\nsh 'c'\nws('/tmp/x') { bat 'd' }\n")).toEqual(['sh@dir: a', 'sh@dir: b', 'sh: c', 'bat@ws: d']);
  });

  it('maps each character of a script to the file', () => {
    const text = "sh \"x \\$Y -f v.yaml\"\n";
    const [step] = jenkinsSteps(text).steps;
    const at = step?.text.indexOf('v.yaml') ?? -1;
    expect(text.slice(step?.starts[at], step?.ends[at + 5])).toBe('v.yaml');
    expect(text.slice(step?.starts[2], step?.ends[2])).toBe('\\$');
  });

  it('never throws on unterminated text', () => {
    for (const text of ["sh '", 'sh """a ${', 'sh(', "sh(script: 'a' +", 'dir(', '"\\', 'sh(/a', 'sh $/a', 'sh $/a/', 'sh(/a\\', 'x = /', '$/']) expect(() => jenkinsSteps(text), text).not.toThrow();
  });
});

describe('Groovy variables in step scripts', () => {
  const texts = (text: string): string[] => jenkinsSteps(text).steps.map((s) => s.text);

  it('puts in a def or environment variable given a plain string once', () => {
    expect(texts("def v = 'deploy/v.yaml'\nnode { sh \"helm -f ${v} -f $v\" + ' -f ' + v }\n")).toEqual(['helm -f deploy/v.yaml -f deploy/v.yaml -f deploy/v.yaml']);
    const declarative = "pipeline {\n environment {\n  V = 'a.yaml'\n  W = \"b.yaml\"\n }\n stages { stage('x') { steps {\n  sh 'helm -f $V -f ${W} -f \\'$V\\' -f \\\\$V'\n  sh \"helm -f ${env.V} -f $env.W -f ${V}\"\n } } }\n}\n";
    expect(texts(declarative)).toEqual(["helm -f a.yaml -f b.yaml -f '$V' -f \\$V", 'helm -f a.yaml -f b.yaml -f a.yaml']);
  });

  it('maps a value to the variable it replaces', () => {
    const text = "def v = 'deploy/v.yaml'\nsh \"helm -f ${v}\"\n";
    const [step] = jenkinsSteps(text).steps;
    const at = step?.text.indexOf('deploy') ?? -1;
    expect(text.slice(step?.starts[at], step?.ends[at + 'deploy/v.yaml'.length - 1])).toBe('${v}');
  });

  it('keeps as written what is reassigned, computed, unknown, out of scope, a parameter, or not the shell\'s', () => {
    const kept = [
      "def v = 'a.yaml'\nv = 'b.yaml'\nsh \"x ${v}\"\n",
      "def v = 'a.yaml'\nsh 'v=b.yaml; x $v'\nsh \"x ${v}\"\n",
      "sh \"x ${v}\"\ndef v = 'a.yaml'\n",
      "def v = \"a${x}\"\nsh \"x ${v}\"\n",
      "def v = 'a' + x\nsh \"x ${v}\"\n",
      "environment {\n V = credentials('c')\n}\nsh 'x $V'\n",
      "stage('a') { environment {\n V = 'a'\n} }\nstage('b') { steps { sh 'x $V' } }\n",
      "node { def v = 'a' }\nnode { sh \"x ${v}\" }\n",
      "parameters { string(name: 'V', defaultValue: 'b') }\nenvironment {\n V = 'a'\n}\nsh 'x $V'\n",
      "def v = 'a'\nsh 'x $v'\n",
      "def v = 'a'\nsh \"x $v.yaml\"\n",
      "environment {\n V = 'a b'\n}\nsh 'x $V'\n",
      "items.each { v -> sh \"x ${v}\" }\ndef v = 'a'\n",
    ];
    for (const text of kept) expect(texts(text).join('|'), text).toMatch(/\$/);
  });
});

describe('helm releases of a Jenkinsfile', () => {
  const said = (path: string, text: string): { releases: string[]; said: string[] } => {
    const r = scriptReleases(path, text);
    return { releases: r.releases.map((x) => `${x.command} ${x.valuesFileRefs.map((f) => `${f.base}|${f.path}`).join(',')}`), said: r.notFollowed.map((n) => n.message.slice(0, n.message.indexOf(', which'))) };
  };

  it('follows sh, bat and powershell steps from the Jenkinsfile\'s directory', () => {
    expect(said('repo/Jenkinsfile', "pipeline { stages { stage('d') { steps {\n  sh 'helm upgrade fb fluent/fluent-bit -f deploy/v.yaml --set image.tag=1.7.9'\n  bat 'helm upgrade fbw fluent/fluent-bit -f deploy\\\\w.yaml'\n  powershell \"\"\"helm upgrade fbp fluent/fluent-bit `\n  -f 'deploy/p.yaml'\"\"\"\n} } } }\n")).toEqual({ releases: ['helm upgrade fb repo|deploy/v.yaml', 'helm upgrade fbw repo|deploy/w.yaml', 'helm upgrade fbp repo|deploy/p.yaml'], said: [] });
    const r = scriptReleases('Jenkinsfile', "sh 'helm upgrade fb fluent/fluent-bit -f v.yaml --set image.tag=1.7.9'\n");
    const node = r.releases[0]?.release.parameters?.get('image.tag')?.node;
    expect(node?.range && "sh 'helm upgrade fb fluent/fluent-bit -f v.yaml --set image.tag=1.7.9'\n".slice(node.range[0], node.range[1])).toBe('image.tag=1.7.9');
  });

  it('says what it cannot read: Groovy code, unknown values, other directories, words PowerShell or cmd.exe do not model', () => {
    expect(said('Jenkinsfile', 'def c = "helm upgrade fb fluent/fluent-bit -f v.yaml"\nsh c\n').said).toEqual(['helm upgrade fb: it is not in the script string of a `sh`, `bat`, `powershell` or `pwsh` step (a Groovy variable, an `echo`)']);
    expect(said('Jenkinsfile', 'sh "helm upgrade fb fluent/fluent-bit -f ${env.VALUES}"\n').said).toEqual(['helm upgrade fb: its values file `${env.VALUES}` holds a variable']);
    expect(said('Jenkinsfile', "dir(env.X) { sh 'helm upgrade fb fluent/fluent-bit -f v.yaml' }\n").said).toEqual(['helm upgrade fb: its values file `v.yaml` is read in the directory `dir(...)` goes to']);
    expect(said('Jenkinsfile', "sh '''cd $DIR\nhelm upgrade fb fluent/fluent-bit -f v.yaml'''\n").said).toEqual(['helm upgrade fb: its values file `v.yaml` is read in the directory `cd $DIR` goes to']);
    expect(said('Jenkinsfile', "agent { node { customWorkspace '/ws' } }\nsh 'helm upgrade fb fluent/fluent-bit -f v.yaml'\n").releases).toEqual([]);
    expect(said('Jenkinsfile', "powershell 'helm upgrade fb fluent/fluent-bit -f v.yaml --set a=1,b=2'\n").said).toEqual(['helm upgrade fb: it runs in a PowerShell step (Jenkins `powershell`) and its word `a=1,b=2` is a PowerShell array, subexpression, splat or stop-parsing token']);
    expect(said('Jenkinsfile', "bat 'helm upgrade fb fluent/fluent-bit -f %WORKSPACE%\\\\v.yaml'\n").said).toHaveLength(1);
  });

  it('follows slashy and dollar-slashy step scripts; says their interpolations and a slashy string kept in a variable (jenkins43)', () => {
    expect(said('Jenkinsfile', 'sh(script: /helm upgrade fb fluent\\/fluent-bit -f deploy\\/v.yaml/)\nsh $/helm upgrade fb2 fluent/fluent-bit -f w.yaml/$\n')).toEqual({ releases: ['helm upgrade fb |deploy/v.yaml', 'helm upgrade fb2 |w.yaml'], said: [] });
    expect(said('Jenkinsfile', 'sh(/helm upgrade fb fluent\\/fluent-bit -f ${v}/)\n').said).toEqual(['helm upgrade fb: its values file `${v}` holds a variable']);
    expect(said('Jenkinsfile', 'def c = /helm upgrade fb fluent\\/fluent-bit -f v.yaml/\nsh c\n').said).toEqual(['helm upgrade fb: it is not in the script string of a `sh`, `bat`, `powershell` or `pwsh` step (a Groovy variable, an `echo`)']);
    // A regex holding a quote before a step on its line: the step is read, nothing said.
    expect(said('Jenkinsfile', "if (b ==~ /it's/) { sh 'helm upgrade fb fluent/fluent-bit -f v.yaml' }\n")).toEqual({ releases: ['helm upgrade fb |v.yaml'], said: [] });
  });

  it('says the Groovy files of the batch a Jenkinsfile may run but does not read, at the load or step call (jenkins43b)', () => {
    const unread = (path: string, text: string, inputs: string[]): [string, string[]][] => jenkinsUnreadGroovy(path, text, () => inputs).map((u) => [text.slice(u.start, u.end), [...u.files]]);
    const groovy = ['ci/deploy.groovy', 'ci/other.groovy', 'lib/step.groovy', 'vars/deployFluentBit.groovy', 'ops/ci/d.groovy'];
    // A dir block (anywhere), a custom workspace or checkout directory: each plain load and library step call with a file of the batch.
    expect(unread('Jenkinsfile', "dir('x') { sh 'make' }\ndef d = load 'ci/deploy.groovy'\nload 'ci/missing.groovy'\n", groovy)).toEqual([['load', ['ci/deploy.groovy']]]);
    expect(unread('Jenkinsfile', "agent { node { customWorkspace '/ws' } }\nload 'ci/d.groovy'\n", groovy)).toEqual([['load', ['ops/ci/d.groovy']]]);
    expect(unread('Jenkinsfile', "checkout([$class: 'GitSCM', extensions: [[$class: 'RelativeTargetDirectory', relativeTargetDir: 'src']]])\nload 'ci/deploy.groovy'\n", groovy)).toEqual([['load', ['ci/deploy.groovy']]]);
    expect(unread('Jenkinsfile', "@Library('ops') _\nws('w') { deployFluentBit(tag: '1') }\nnotify 'x'\n", groovy)).toEqual([['deployFluentBit', ['vars/deployFluentBit.groovy']]]);
    // A path that is not a plain relative string: the unread files that fit its literal parts; a variable: any of them.
    expect(unread('Jenkinsfile', "load 'ci/deploy.groovy'\nload \"ci/${env.T}.groovy\"\nload \"${env.WORKSPACE}/lib/step.groovy\"\nload('x/' + name)\n", groovy)).toEqual([['load', ['ci/other.groovy']], ['load', ['lib/step.groovy']]]);
    expect(unread('Jenkinsfile', 'def p = load path\n', ['ci/a.groovy'])).toEqual([['load', ['ci/a.groovy']]]);
    expect(jenkinsUnreadGroovy('Jenkinsfile', 'load(path)\n', () => ['a.groovy', 'b.groovy'])[0]?.message).toContain('a.groovy, b.groovy (in this batch) may be the one, and none is read');
    expect(unread('ops/Jenkinsfile', "load '../lib/step.groovy'\nload \"ci/${env.T}.groovy\"\n", groovy)).toEqual([['load', ['lib/step.groovy']], ['load', ['ops/ci/d.groovy']]]);
    // Nothing: no Groovy file in the batch (a library kept elsewhere), every load read, no file that fits, not a Jenkinsfile.
    expect(unread('Jenkinsfile', "dir('x') { sh 'make' }\nload 'ci/deploy.groovy'\nload \"ci/${env.T}.groovy\"\n", [])).toEqual([]);
    expect(unread('Jenkinsfile', "load 'ci/deploy.groovy'\n@Library('ops') _\ndeployFluentBit()\n", groovy)).toEqual([]);
    expect(unread('Jenkinsfile', "load \"ci/${env.T}.yaml\"\nload '/abs/x.groovy'\n", groovy)).toEqual([]);
    expect(unread('deploy.sh', "dir('x') { }\nload 'ci/deploy.groovy'\n", groovy)).toEqual([]);
    // A plain load's file is below the Jenkinsfile's directory (the workspace): not another directory's file of the same name.
    expect(unread('ops/Jenkinsfile', "dir('x') { }\nload 'ci/deploy.groovy'\n", groovy)).toEqual([]);
  });

  it('lists the plain files a Jenkinsfile loads, from its directory; none with a dir block or a custom workspace (jenkins43)', () => {
    expect(jenkinsLoads('Jenkinsfile', "def d = load 'ci/deploy.groovy'\nload('./x.groovy')\nload(path: 'y.groovy')\nload \"ci/${env.T}.groovy\"\nload '../up.groovy'\nfileLoader.load('z.groovy')\n// load 'c.groovy'\n")).toEqual(['ci/deploy.groovy', 'x.groovy', 'y.groovy']);
    expect(jenkinsLoads('ops/Jenkinsfile', "load 'ci/d.groovy'\n")).toEqual(['ops/ci/d.groovy']);
    expect(jenkinsLoads('Jenkinsfile', "dir('ops') { load 'd.groovy' }\n")).toEqual([]);
    expect(jenkinsLoads('Jenkinsfile', "load 'd.groovy'\ndir('x') { deployer.run() }\n")).toEqual([]);
    expect(jenkinsLoads('Jenkinsfile', "agent { node { customWorkspace '/ws' } }\nload 'd.groovy'\n")).toEqual([]);
    expect(jenkinsLoads('deploy.sh', "load 'd.groovy'\n")).toEqual([]);
    // A shared library's vars/<name>.groovy of the inputs that the Jenkinsfile calls (any call form); not without a library, not uncalled.
    const inputs = (): string[] => ['vars/deployFluentBit.groovy', 'lib/vars/notify.groovy', 'vars/unused.groovy', 'vars/sub/x.groovy', 'vars/log.groovy', 'vars/wrap.groovy'];
    expect(jenkinsGroovyFiles('Jenkinsfile', "@Library('ops') _\ndeployFluentBit(tag: '1.7.9')\nnotify 'done'\nlog.info('x')\nwrap { sh 'y' }\n// unused()\n", inputs)).toEqual(['vars/deployFluentBit.groovy', 'lib/vars/notify.groovy', 'vars/log.groovy', 'vars/wrap.groovy']);
    expect(jenkinsGroovyFiles('Jenkinsfile', "library 'ops@main'\ndeployFluentBit()\n", inputs)).toEqual(['vars/deployFluentBit.groovy']);
    expect(jenkinsGroovyFiles('Jenkinsfile', 'deployFluentBit()\n', inputs)).toEqual([]);
    expect(jenkinsGroovyFiles('Jenkinsfile', "@Library('ops') _\ndir('x') { deployFluentBit() }\n", inputs)).toEqual([]);
    // The CLI walks .groovy files as Groovy (never a config) and links a Jenkinsfile with the files it runs, a Groovy file with the
    // values files it may name from any workspace above it.
    expect(foreignLanguage('ci/deploy.groovy')).toBe('Groovy');
    const cliInputs = ['repo/Jenkinsfile', 'repo/ci/deploy.groovy', 'repo/deploy/v.yaml', 'repo/ci/deploy/v.yaml', 'repo/other.yaml'];
    expect(scriptSetFileLinksIn('repo/Jenkinsfile', "// fluent\nload 'ci/deploy.groovy'\n", cliInputs)).toEqual(['repo/Jenkinsfile', 'repo/ci/deploy.groovy']);
    expect(scriptSetFileLinksIn('repo/ci/deploy.groovy', "def run() { sh 'helm upgrade fb fluent/fluent-bit -f deploy/v.yaml' }\n", cliInputs)).toEqual(['repo/ci/deploy.groovy', 'repo/ci/deploy/v.yaml', 'repo/deploy/v.yaml']);
    // A loaded file is read as a Jenkinsfile's steps run from the workspace given.
    const r = scriptReleases('ci/deploy.groovy', "def run() {\n  sh 'helm upgrade fb fluent/fluent-bit -f deploy/v.yaml'\n}\nreturn this\n", { workspace: '' });
    expect(r.releases.map((x) => x.valuesFileRefs.map((f) => `${f.base}|${f.path}`).join())).toEqual(['|deploy/v.yaml']);
    expect(scriptReleases('ci/deploy.groovy', "sh 'helm upgrade fb fluent/fluent-bit -f deploy/v.yaml'\n").releases).toEqual([]);
  });

  it('follows a literal cd, Set-Location or pushd in bat and powershell steps (pipelines41b)', () => {
    expect(said('Jenkinsfile', "bat 'cd deploy && helm upgrade fb fluent/fluent-bit -f v.yaml'\n")).toEqual({ releases: ['helm upgrade fb |deploy/v.yaml'], said: [] });
    expect(said('Jenkinsfile', "bat '''cd /d charts\\\\fb\r\nhelm upgrade fb fluent/fluent-bit -f v.yaml'''\n")).toEqual({ releases: ['helm upgrade fb |charts/fb/v.yaml'], said: [] });
    expect(said('Jenkinsfile', "dir('ops') { powershell '''Set-Location -Path 'deploy'\nhelm upgrade fb fluent/fluent-bit -f v.yaml\nPush-Location fb; helm upgrade fb2 fluent/fluent-bit -f w.yaml\nPop-Location\nhelm upgrade fb3 fluent/fluent-bit -f x.yaml''' }\n"))
      .toEqual({ releases: ['helm upgrade fb |ops/deploy/v.yaml', 'helm upgrade fb2 |ops/deploy/fb/w.yaml', 'helm upgrade fb3 |ops/deploy/x.yaml'], said: [] });
  });

  it('follows a step in dir blocks with plain paths, or after a literal cd in an sh step; says --set-file it cannot read', () => {
    expect(said('Jenkinsfile', "dir('deploy') { dir(path: 'fb/') { sh 'helm upgrade fb fluent/fluent-bit -f v.yaml' } }\n")).toEqual({ releases: ['helm upgrade fb |deploy/fb/v.yaml'], said: [] });
    expect(said('Jenkinsfile', "dir('deploy') { sh '''cd fb\nhelm upgrade fb fluent/fluent-bit -f v.yaml\ncd ..\nhelm upgrade fb2 fluent/fluent-bit -f w.yaml''' }\n")).toEqual({ releases: ['helm upgrade fb |deploy/fb/v.yaml', 'helm upgrade fb2 |deploy/w.yaml'], said: [] });
    // Not plain: a variable, a GString, `..`, an absolute path, a ws block; a cd above the workspace; bat/powershell cd; $0.
    for (const text of ["dir(env.D) { sh 'helm upgrade fb fluent/fluent-bit -f v.yaml' }\n", 'dir("${D}") { sh \'helm upgrade fb fluent/fluent-bit -f v.yaml\' }\n', "dir('../x') { sh 'helm upgrade fb fluent/fluent-bit -f v.yaml' }\n",
      "dir('/opt/x') { sh 'helm upgrade fb fluent/fluent-bit -f v.yaml' }\n", "ws('x') { sh 'helm upgrade fb fluent/fluent-bit -f v.yaml' }\n", "sh 'cd .. && helm upgrade fb fluent/fluent-bit -f v.yaml'\n",
      "bat 'cd %DEPLOY% && helm upgrade fb fluent/fluent-bit -f v.yaml'\n", "sh 'cd \"$(dirname \"$0\")\" && helm upgrade fb fluent/fluent-bit -f v.yaml'\n",
      "powershell 'Set-Location $env:D; helm upgrade fb fluent/fluent-bit -f v.yaml'\n", "bat 'cd /d C:\\\\x && helm upgrade fb fluent/fluent-bit -f v.yaml'\n",
      "powershell '''if ($x) { cd deploy }\nhelm upgrade fb fluent/fluent-bit -f v.yaml'''\n", "bat 'cd ..\\\\x && helm upgrade fb fluent/fluent-bit -f v.yaml'\n",
      "powershell 'cd ~; helm upgrade fb fluent/fluent-bit -f v.yaml'\n"]) {
      expect(said('Jenkinsfile', text), text).toMatchObject({ releases: [], said: [expect.stringContaining('is read in the directory')] });
    }
    // Below the root, a dir block's path is upward as the workspace's root is.
    expect(scriptReleases('ci/Jenkinsfile', "dir('deploy') { sh 'helm upgrade fb fluent/fluent-bit -f v.yaml' }\n").releases[0]?.valuesFileRefs).toMatchObject([{ base: 'ci', path: 'deploy/v.yaml', upward: true }]);
    // --set-file config.* that is not read is said at its word; another chart's, another key's, a read one: nothing.
    expect(said('Jenkinsfile', "dir(env.D) { sh 'helm upgrade fb fluent/fluent-bit --set-file config.inputs=in.conf --set image.tag=1.7.9' }\n").said).toEqual(['helm upgrade fb: its `--set-file config.inputs=in.conf` is read in the directory `dir(...)` goes to']);
    expect(said('Jenkinsfile', 'sh "helm upgrade fb fluent/fluent-bit --set-file config.inputs=${params.F}"\n').said).toEqual(['helm upgrade fb: its `--set-file config.inputs=${params.F}` holds a variable']);
    for (const text of ["dir(env.D) { sh 'helm upgrade g grafana/fluent-bit --set-file config.inputs=in.conf' }\n", "dir(env.D) { sh 'helm upgrade fb fluent/fluent-bit --set-file luaScripts.a=a.lua' }\n", "dir('deploy') { sh 'helm upgrade fb fluent/fluent-bit --set-file config.inputs=in.conf' }\n"]) {
      expect(said('Jenkinsfile', text).said, text).toEqual([]);
    }
  });

  it('a Groovy interpolation inside sh single quotes is still a variable; an sh \'$V\' is literal', () => {
    const tag = (text: string) => scriptReleases('Jenkinsfile', text).releases.map((r) => r.release.parameters?.get('image.tag')?.value);
    expect(said('Jenkinsfile', 'sh "helm upgrade fb fluent/fluent-bit -f v.yaml --set \'image.tag=${params.TAG}\'"\n').said).toEqual(["helm upgrade fb: `--set image.tag=${params.TAG}` holds a variable"]);
    expect(tag("sh 'helm upgrade fb fluent/fluent-bit -f v.yaml --set \\'image.tag=$T\\''\n")).toEqual(['$T']);
    // An environment variable in sh single quotes is not put in (sh passes `$T`).
    expect(tag("pipeline { environment {\n  T = '1.7.9'\n}\nstages { stage('d') { steps { sh '''helm upgrade fb fluent/fluent-bit -f v.yaml --set 'image.tag=$T' ''' } } } }\n")).toEqual(['$T']);
    expect(tag("pipeline { environment {\n  T = '1.7.9'\n}\nstages { stage('d') { steps { sh '''helm upgrade fb fluent/fluent-bit -f v.yaml --set \"image.tag=$T\" ''' } } } }\n")).toEqual(['1.7.9']);
  });

  it('follows env.V = \'...\', withEnv([\'V=...\']) { } and a one-line environment { V = \'...\' } when assigned once and plain', () => {
    const tag = (text: string) => scriptReleases('Jenkinsfile', text).releases.map((r) => r.release.parameters?.get('image.tag')?.value);
    const step = 'sh \'helm upgrade fb fluent/fluent-bit -f v.yaml --set image.tag=$T\'';
    expect(tag(`node {\n  script {\n    env.T = '1.7.9'\n  }\n  ${step}\n}\n`)).toEqual(['1.7.9']);
    expect(tag(`node {\n  sh "helm upgrade fb fluent/fluent-bit -f v.yaml --set image.tag=\${env.T}"\n  env.T = '1.7.9'\n}\n`)).toEqual([]);
    expect(tag(`withEnv(['A=1', "T=1.7.9"]) {\n  ${step}\n}\n`)).toEqual(['1.7.9']);
    expect(tag(`withEnv(['T=1.7.9']) {\n  sh "helm upgrade fb fluent/fluent-bit -f v.yaml --set image.tag=\${env.T}"\n}\n`)).toEqual(['1.7.9']);
    expect(tag(`pipeline { agent any\n  environment { T = '1.7.9' }\n  stages { stage('d') { steps { ${step} } } }\n}\n`)).toEqual(['1.7.9']);
    // Said (kept as written): reassigned, computed, outside the withEnv block, a value withEnv expands, a Groovy bare name of withEnv, a list variable.
    for (const text of [
      `node {\n  env.T = '1.7.9'\n  env.T = '2.0.0'\n  ${step}\n}\n`,
      `node {\n  env.T = readFile('t').trim()\n  ${step}\n}\n`,
      `node {\n  env.T = "\${x}"\n  ${step}\n}\n`,
      `withEnv(['T=1.7.9']) {\n  echo 'x'\n}\n${step}\n`,
      `withEnv(['T=\${V}']) {\n  ${step}\n}\n`,
      `withEnv(['T=1.7.9']) {\n  sh "helm upgrade fb fluent/fluent-bit -f v.yaml --set image.tag=\${T}"\n}\n`,
      `withEnv(vars) {\n  ${step}\n}\n`,
      `pipeline { agent any\n  environment { T = '1.7.9' + x }\n  stages { stage('d') { steps { ${step} } } }\n}\n`,
    ]) {
      expect(tag(text), text).toEqual([]);
      expect(said('Jenkinsfile', text).said, text).toHaveLength(1);
    }
  });

  it('says nothing of other charts, helm template, comments, or a Jenkinsfile without a helm line', () => {
    for (const text of ["sh 'helm upgrade g grafana/grafana -f v.yaml'\n", "sh 'helm template fb fluent/fluent-bit -f v.yaml'\n", "// sh 'helm upgrade fb fluent/fluent-bit -f v.yaml'\n", "/* helm upgrade fb fluent/fluent-bit -f v.yaml */\n", "sh 'docker run -v /var/run/docker.sock:/var/run/docker.sock fluent/fluent-bit -f v.yaml'\n"]) {
      expect(said('Jenkinsfile', text), text).toEqual({ releases: [], said: [] });
    }
  });

  it('links a Jenkinsfile with its values files for the CLI', () => {
    // Below the root, the step runs in the workspace root: each input the path may be joins (one: followed; both: said ambiguous).
    expect(scriptSetFileLinksIn('ci/Jenkinsfile', "sh 'helm upgrade fb fluent/fluent-bit -f v.yaml'\n", ['ci/Jenkinsfile', 'ci/v.yaml', 'v.yaml'])).toEqual(['ci/Jenkinsfile', 'ci/v.yaml', 'v.yaml']);
    expect(scriptSetFileLinksIn('ci/Jenkinsfile', "sh 'helm upgrade fb fluent/fluent-bit -f deploy/v.yaml'\n", ['ci/Jenkinsfile', 'deploy/v.yaml', 'x/deploy/v.yaml'])).toEqual(['ci/Jenkinsfile', 'deploy/v.yaml']);
    // At the root, or in a dir block: its own directory only.
    expect(scriptSetFileLinksIn('Jenkinsfile', "sh 'helm upgrade fb fluent/fluent-bit -f v.yaml'\n", ['Jenkinsfile', 'v.yaml', 'ci/v.yaml'])).toEqual(['Jenkinsfile', 'v.yaml']);
  });

  it('says a --set-file of a Jenkinsfile below the root that several inputs may be, reads the one when one is there', () => {
    const text = "sh 'helm upgrade fb fluent/fluent-bit --set-file config.inputs=in.conf --set image.tag=1.7.9'\n";
    const has = (...paths: string[]) => (p: string) => paths.includes(p);
    expect(setFileAmbiguities('ci/Jenkinsfile', text, has('ci/in.conf', 'in.conf')).map((a) => [text.slice(a.start, a.end), a.message.slice(0, a.message.indexOf(', which'))])).toEqual([
      ['config.inputs=in.conf', 'helm upgrade fb: its `--set-file config.inputs=in.conf` is read in the Jenkins workspace (the repository root, this file\'s directory or one above it), so it is any of 2 input files (ci/in.conf, in.conf)'],
    ]);
    expect(setFileAmbiguities('ci/Jenkinsfile', text, has('in.conf'))).toEqual([]);
    expect(setFileAmbiguities('Jenkinsfile', text, has('in.conf', 'x/in.conf'))).toEqual([]);
    expect(setFileAmbiguities('ci/deploy.sh', text, has('ci/in.conf', 'in.conf'))).toEqual([]);
  });

  it('links a step\'s --set-file config files from the directory it runs in, and not those of a step whose directory is not known', () => {
    const inputs = ['Jenkinsfile', 'deploy/in.conf', 'deploy/dir.conf'];
    expect(scriptSetFileLinksIn('Jenkinsfile', "sh 'helm upgrade fb fluent/fluent-bit --set-file config.inputs=deploy/in.conf --set image.tag=1.7.9'\n", inputs)).toEqual(['Jenkinsfile', 'deploy/in.conf']);
    expect(scriptSetFileLinksIn('Jenkinsfile', "dir('deploy') { sh 'helm upgrade fb fluent/fluent-bit --set-file config.inputs=dir.conf' }\n", inputs)).toEqual(['Jenkinsfile', 'deploy/dir.conf']);
    expect(scriptSetFileLinksIn('Jenkinsfile', "sh '''cd deploy\nhelm upgrade fb fluent/fluent-bit --set-file config.inputs=dir.conf'''\n", inputs)).toEqual(['Jenkinsfile', 'deploy/dir.conf']);
    expect(scriptSetFileLinksIn('Jenkinsfile', "dir(env.D) { sh 'helm upgrade fb fluent/fluent-bit --set-file config.inputs=dir.conf' }\n", inputs)).toEqual([]);
    expect(scriptSetFileLinksIn('Jenkinsfile', "ws('deploy') { sh 'helm upgrade fb fluent/fluent-bit --set-file config.inputs=dir.conf' }\n", inputs)).toEqual([]);
    // Below the root: every candidate is linked (two: ambiguous, none read).
    expect(scriptSetFileLinksIn('ci/Jenkinsfile', "sh 'helm upgrade fb fluent/fluent-bit --set-file config.inputs=in.conf'\n", ['ci/Jenkinsfile', 'ci/in.conf', 'in.conf'])).toEqual(['ci/Jenkinsfile', 'ci/in.conf', 'in.conf']);
    // Groovy text outside a step string is not a command line.
    expect(scriptSetFileLinksIn('Jenkinsfile', "echo 'helm upgrade fb fluent/fluent-bit --set-file config.inputs=deploy/in.conf'\n", inputs)).toEqual([]);
  });
});

describe('jenkinsSteps and the native words end on any text', () => {
  it('random Groovy-like texts (a deterministic generator) finish, their offsets inside the text', () => {
    const alphabet = ["sh ", "bat ", "powershell ", "dir('d') ", "'", '"', "'''", '"""', '\\', '$', '{', '}', '(', ')', '+', ',', ':', 'script', '/', '$/', '/$', 'sh(', '`', '^', '\n', ' ', 'helm upgrade fb fluent/fluent-bit ', '-f v.yaml ', '//', '/*', '*/', '%', '@'];
    let seed = 39;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 3000; k++) {
      let text = '';
      for (let n = next(30); n > 0; n--) text += alphabet[next(alphabet.length)] as string;
      const { steps } = jenkinsSteps(text);
      for (const s of steps) for (let i = 0; i < s.text.length; i++) expect((s.starts[i] as number) <= text.length && (s.ends[i] as number) <= text.length, text).toBe(true);
      scriptReleases('Jenkinsfile', text);
      scriptReleases('azure-pipelines.yml', `steps:\n- pwsh: ${text}`);
    }
  });
});
