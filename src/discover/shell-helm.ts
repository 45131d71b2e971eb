import { shCommandWords, shTokens, type ShToken, type ShWord } from '../source/sh-words.js';
import { nativeCommandWords, nativeUnmodelled, type NativeShell } from '../source/native-words.js';
import { Scalar, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import { chainAt, ciStepScripts, hasGitlabInclude, stepShells, strings, type GitlabPipeline, type StepShell } from './ci-shells.js';
import { getMap, getString } from '../yaml/yaml-nodes.js';
import { jenkinsSteps, type JenkinsStep } from './jenkinsfile.js';
import { isJenkinsfilePath } from '../source/jenkinsfile-name.js';
import { LineIndex } from '../source/line-index.js';
import { foreignLanguage, isYamlPath } from '../source/sniff-format.js';
import { chartBaseName, chartKindOf } from './chart-kind.js';
import type { ChartKind, ChartRelease, HelmParameter, ValuesFileRef } from './discovery-types.js';
import { nativePlaces, scriptPath, scriptPlaces, type ScriptPlace } from './script-dirs.js';
import { dirname, joinPath, normalizePath } from '../source/paths.js';
import { trimTrailingSlashes } from '../source/trailing-slashes.js';

/*
 * `helm install` / `helm upgrade` / `helm template` command lines of a shell
 * script or a Makefile recipe: the release name, the chart, the `--repo`, the
 * `-f`/`--values` files and the `--set`, `--set-string` and `--set-file`
 * pairs, read word by word as sh splits them
 * (src/source/sh-words.ts: quotes, backslash escapes, `\` line continuations,
 * redirections left out), with the offsets of each pair's value in the file.
 * No other shell is modelled: a word holding a variable (`$X`, `$(X)`,
 * backquotes) is kept as written and callers skip it. Pure; never throws.
 */

/** One `key=value` of a `--set` / `--set-string` / `--set-file` word (helm splits a word at commas). */
export interface HelmSetPair {
  readonly flag: 'set' | 'set-string' | 'set-file' | 'set-json' | 'set-literal';
  readonly key: string;
  readonly value: string;
  /** File offsets of the word that holds the pair. */
  readonly start: number;
  readonly end: number;
  /** Its `$` and backquotes are literal (sh-words.ts ShWord.literal). */
  readonly literal?: true;
}

/** One values file of `-f`/`--values` (helm splits a word at commas): as written, with the offsets of the word that holds it. */
export interface HelmValuesFile {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  /** Its `$` and backquotes are literal (sh-words.ts ShWord.literal). */
  readonly literal?: true;
}

export interface HelmCommandLine {
  /** File offset of `helm`. */
  readonly start: number;
  readonly subcommand: 'install' | 'upgrade' | 'template';
  /** The release name (the first positional word when there are two), as written. */
  readonly name: string | undefined;
  /** The chart argument (the last positional word), as written. */
  readonly chart: string | undefined;
  /** `--repo URL`, when given. */
  readonly repo: string | undefined;
  /** `--version X` (the chart version or constraint; the last one given), when given. */
  readonly version?: string;
  readonly sets: readonly HelmSetPair[];
  /** `-f`/`--values` files in command-line order (Helm merges them in that order, later wins). */
  readonly valuesFiles: readonly HelmValuesFile[];
  /** A `--reuse-values` or `--reset-then-reuse-values` switch (the release's earlier values are merged under the files), with its word. */
  readonly reuse?: { readonly flag: string; readonly start: number; readonly end: number };
  /** In a CI step's YAML scalar whose value is not its source text (helmCommandLines): read from the value, every offset at `helm`. */
  readonly unmapped?: true;
}

/** Helm flags that take a value as the next word (the others used with install/upgrade/template are switches). */
const VALUE_FLAGS = new Set([
  '-f', '--values', '-n', '--namespace', '--version', '--repo', '--kube-context', '--kubeconfig', '--timeout', '--set', '--set-string', '--set-file',
  '--set-json', '--set-literal', '--post-renderer', '--post-renderer-args', '--description', '--username', '--password', '--ca-file', '--cert-file',
  '--key-file', '--keyring', '--history-max', '--output', '-o', '--api-versions', '-a', '--kube-version', '--show-only', '-s', '--output-dir',
  '--release-name', '--name-template', '--labels', '-l', '--wait-for-jobs', '--registry-config', '--repository-cache', '--repository-config',
]);

/** helm's `--set` word split into pairs at commas outside `{...}` lists (`\,` is a literal comma). */
function splitPairs(word: string): { key: string; value: string }[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word[i] as string;
    if (c === '\\' && word[i + 1] === ',') {
      cur += ',';
      i++;
    } else if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else {
      if (c === '{') depth++;
      if (c === '}') depth = Math.max(0, depth - 1);
      cur += c;
    }
  }
  parts.push(cur);
  return parts.flatMap((p) => {
    const eq = p.indexOf('=');
    return eq > 0 ? [{ key: p.slice(0, eq), value: p.slice(eq + 1) }] : [];
  });
}

/**
 * How the comment test sees quotes opened on earlier lines: `sh`, the whole text is one sh script (a shell script, a
 * Jenkins `sh` step); `make`, a Makefile (a recipe line and its `\`-continued lines are one shell line); `ci`, a CI
 * pipeline (a step's script, read as sh: ci-shells.ts ciStepScripts; a PowerShell or cmd.exe step by its line);
 * `line`: from the line's start.
 */
export type CommentReading = 'line' | 'sh' | 'make' | 'ci';

/** The comment reading of a file's helm lines (helmCommandLines). */
export function commentReading(path: string): CommentReading {
  if (ciRootOf(path) !== undefined) return 'ci';
  const language = foreignLanguage(path);
  return language === 'shell' ? 'sh' : language === 'Make' ? 'make' : 'line';
}

/**
 * A fresh global regex of helm command starts (its own lastIndex): `helm install|upgrade|template` after a blank, a
 * command separator, `@`/`-` (make) or a backquote; in a CI file (`ci`) also right after a YAML quote or a flow list's
 * `[` or `,` (a step's value: ci-shells.ts ciStepScripts).
 */
function helmStarts(ci: boolean): RegExp {
  return ci ? /(^|[\s;&|(`@\-"'[,])helm[ \t]+(install|upgrade|template)\b/gm : /(^|[\s;&|(`@-])helm[ \t]+(install|upgrade|template)\b/gm;
}

/**
 * Every `helm install|upgrade|template` command of a shell script, Makefile or pipeline text (`reading`: CommentReading;
 * `true` is `sh`). In a CI pipeline (`ci`), a command in a step's script is read from the script's YAML value (a quoted
 * scalar without its quotes, a flow list's item without `]`: ci-shells.ts ciStepScripts, in file offsets); one in a
 * value that is not its source text is `unmapped` (its words read from the value, every offset at its `helm`); one in
 * the value of a key the CI system does not run (`variables:`, a step's `name:`) is no command. A CI file YAML does not
 * parse is read from its text. `steps`: the text's ciStepScripts, when the caller has one.
 */
export function helmCommandLines(text: string, reading: CommentReading | boolean = 'line', steps?: ReturnType<typeof ciStepScripts>): HelmCommandLine[] {
  const out: HelmCommandLine[] = [];
  const how = reading === true ? 'sh' : reading === false ? 'line' : reading;
  const re = helmStarts(how === 'ci');
  let tokens: readonly ShToken[] | undefined;
  let shellAt: ReturnType<typeof stepShells> | undefined;
  const stepTokens = new Map<string, readonly ShToken[]>();
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + (m[1] as string).length;
    // `# helm upgrade ...`: a comment (sh's, PowerShell's, a YAML one), not a command.
    // In sh, a line that starts inside a quoted word of an earlier line (`"...\n# ...\n"`) is read from that word's start.
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    let from = lineStart;
    let source = text;
    if (lineStart > 0 && how === 'sh') from = spanning((tokens ??= shTokens(text).tokens), lineStart)?.start ?? lineStart;
    else if (lineStart > 0 && how === 'make') from = logicalLineStart(text, lineStart);
    else if (how === 'ci') {
      const step = (steps ??= ciStepScripts(text))(start);
      // A value the CI system does not run (`variables: [x, helm ...]`, a step's `name:`): no command.
      if (step === null) continue;
      if (step?.view !== undefined) {
        source = step.view;
        // In the value, `helm` starts a command only where sh (or the step's shell) would read one.
        if (start > 0 && !/[\s;&|(`]/.test(source[start - 1] as string)) continue;
        if (lineStart > 0 && (shellAt ??= stepShells(text))(start) === undefined) {
          let t = stepTokens.get(source);
          if (t === undefined) stepTokens.set(source, (t = shTokens(source).tokens));
          from = spanning(t, lineStart)?.start ?? lineStart;
        }
      } else if (step?.scalar !== undefined) {
        const cmd = unmappedCommand(text, start, step.scalar);
        if (cmd !== undefined) out.push(cmd);
        continue;
      } else if (/["'[,]/.test(m[1] as string)) continue;
    }
    if (inComment(source, start, from)) continue;
    // The command ends where sh ends it: newline, `;`, `&`, `|`, `(`, `)`, a comment, or the backquote closing `` `helm ...` ``.
    out.push(helmCommand(start, m[2] as HelmCommandLine['subcommand'], (shCommandWords(source, start, { endAtBackquote: m[1] === '`' }) ?? []).slice(2)));
  }
  return out;
}

/**
 * The command at `start` in a CI step's YAML scalar whose value is not its source text (folded lines, escapes): read
 * from the value (the same count of `helm` commands before it), every offset at its `helm` word; undefined in a
 * comment of the value.
 */
function unmappedCommand(text: string, start: number, scalar: { readonly start: number; readonly value: string }): HelmCommandLine | undefined {
  const inSource = helmStarts(true);
  let k = 0;
  inSource.lastIndex = scalar.start;
  for (let m = inSource.exec(text); m !== null && m.index + (m[1] as string).length < start; m = inSource.exec(text)) k++;
  const inValue = helmStarts(false);
  let m = inValue.exec(scalar.value);
  for (; m !== null && k > 0; m = inValue.exec(scalar.value)) k--;
  if (m === null) return undefined;
  const at = m.index + (m[1] as string).length;
  if (inComment(scalar.value, at)) return undefined;
  const words = (shCommandWords(scalar.value, at) ?? []).slice(2).map((w) => ({ value: w.value, start, end: start + 4 }));
  return { ...helmCommand(start, m[2] as HelmCommandLine['subcommand'], words), unmapped: true };
}

/**
 * Whether `at` is inside a comment that starts on its line: a `#` at the start of a word (the line's start, or after a
 * blank or `;`, `&`, `|`, `(`), outside quotes, before it. Reads from `from`: the line's start, or (sh) the start of
 * the quoted word the line starts inside.
 */
function inComment(text: string, at: number, from = text.lastIndexOf('\n', at - 1) + 1): boolean {
  let quote: string | undefined;
  for (let i = from; i < at; i++) {
    const c = text[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === from || /[\s;&|(]/.test(text[i - 1] as string))) return true;
  }
  return false;
}

/** The start of the Makefile line `lineStart` continues: make joins a line ending in `\` with the next (a recipe's one shell line, a comment's). */
function logicalLineStart(text: string, lineStart: number): number {
  let at = lineStart;
  while (at > 0) {
    // The previous line ends with an odd number of backslashes: `at` continues it.
    let k = at - 2;
    if (text[k] === '\r') k--;
    let n = 0;
    while (k - n >= 0 && text[k - n] === '\\') n++;
    if (n % 2 === 0) return at;
    at = text.lastIndexOf('\n', k - n) + 1;
  }
  return at;
}

/** The word token that starts before `at` and ends after it (`at` inside it), if any. */
function spanning(tokens: readonly ShToken[], at: number): ShToken | undefined {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as ShToken).start < at) lo = mid + 1;
    else hi = mid;
  }
  const t = tokens[lo - 1];
  return t !== undefined && t.kind === 'word' && t.start < at && at < t.end ? t : undefined;
}

/** The command line `cmd` read again with another shell's words (a PowerShell or cmd.exe CI step). */
export function helmCommandIn(text: string, cmd: HelmCommandLine, shell: NativeShell, without?: string): HelmCommandLine {
  const words: ShWord[] = [];
  let target = false;
  // Redirections (`> out.log`, `2>nul`, `2>` before a `&1` that ends the words) are the shell's, not helm's arguments.
  for (const w of nativeCommandWords(text, cmd.start, shell).slice(2)) {
    if (target) target = false;
    else if (without !== undefined && text.slice(w.start, w.end) === without) continue;
    else if (/^[\d*]?>>?$|^<$/.test(w.value)) target = true;
    else if (!/^[\d*]?>|^</.test(w.value)) words.push(w);
  }
  return helmCommand(cmd.start, cmd.subcommand, words);
}

/** A helm command from its words after `helm <subcommand>`. */
function helmCommand(start: number, subcommand: HelmCommandLine['subcommand'], words: readonly ShWord[]): HelmCommandLine {
  const positional: string[] = [];
  const sets: HelmSetPair[] = [];
  const valuesFiles: HelmValuesFile[] = [];
  let repo: string | undefined;
  let version: string | undefined;
  let reuse: HelmCommandLine['reuse'];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as ShWord;
    const eq = w.value.indexOf('=');
    // pflag's shorthand with its value attached: `-f=values.yaml`, `-fvalues.yaml`.
    const short = /^-f./.test(w.value) ? w.value.slice(w.value[2] === '=' ? 3 : 2) : undefined;
    const flag = short !== undefined ? '-f' : w.value.startsWith('-') ? (eq > 0 ? w.value.slice(0, eq) : w.value) : undefined;
    if (flag === undefined) {
      positional.push(w.value);
      continue;
    }
    // `--reuse-values=false` turns the switch off (pflag's bool flags take `=value` only).
    if ((flag === '--reuse-values' || flag === '--reset-then-reuse-values') && !/^=(?:false|0|f)$/i.test(w.value.slice(flag.length))) {
      reuse ??= { flag, start: w.start, end: w.end };
      continue;
    }
    const inline = short ?? (eq > 0 && w.value.startsWith('--') ? w.value.slice(eq + 1) : undefined);
    const valueWord = inline !== undefined ? w : VALUE_FLAGS.has(flag) ? words[++i] : undefined;
    const value = inline ?? valueWord?.value;
    if (value === undefined || valueWord === undefined) continue;
    if (flag === '--repo') repo = value;
    if (flag === '--version') version = value;
    // `--values` is a string slice: `-f a.yaml,b.yaml` is two files.
    const literal = valueWord.literal === true ? { literal: true as const } : {};
    if (flag === '-f' || flag === '--values') for (const path of value.split(',')) if (path !== '') valuesFiles.push({ path, start: valueWord.start, end: valueWord.end, ...literal });
    // `--set-literal` is one pair, its value as written (commas too): helm's strvals.ParseLiteral.
    if (flag === '--set-literal') {
      const at = value.indexOf('=');
      if (at > 0) sets.push({ flag: 'set-literal', key: value.slice(0, at), value: value.slice(at + 1), start: valueWord.start, end: valueWord.end, ...literal });
    }
    if (flag === '--set' || flag === '--set-string' || flag === '--set-file' || flag === '--set-json') {
      for (const p of splitPairs(value)) sets.push({ flag: flag.slice(2) as HelmSetPair['flag'], ...p, start: valueWord.start, end: valueWord.end, ...literal });
    }
  }
  return { start, subcommand, name: positional.length > 1 ? positional[0] : undefined, chart: positional[positional.length - 1], repo, sets, valuesFiles, ...(version !== undefined ? { version } : {}), ...(reuse ? { reuse } : {}) };
}

/** A script's or Makefile's file name (the names collect-inputs.ts walks). */
export function isScriptName(path: string): boolean {
  const language = foreignLanguage(path);
  return language === 'shell' || language === 'Make';
}

/**
 * A CI pipeline whose steps run shell in the repository's root: a GitHub
 * Actions workflow (`.github/workflows/*.yml`, its `run:` steps start in
 * $GITHUB_WORKSPACE, the checkout), `.gitlab-ci.yml` (`script:` lines start
 * in $CI_PROJECT_DIR), Azure Pipelines' `azure-pipelines.yml` (`script:` and
 * `bash:` steps start in $(System.DefaultWorkingDirectory), the checkout),
 * CircleCI's `.circleci/config.yml` (`run:` steps start in the job's
 * `working_directory`, by default `~/project`, where `checkout` puts the
 * repository) or `bitbucket-pipelines.yml` (`script:` lines start in
 * $BITBUCKET_CLONE_DIR): the root's directory, relative to the file;
 * undefined for any other file.
 */
export function ciRootOf(path: string): string | undefined {
  const p = normalizePath(path);
  const nested = /(?:^|\/)(?:\.github\/workflows\/[^/]+|\.circleci\/config)\.ya?ml$/i.exec(p);
  if (nested) return p.slice(0, nested.index);
  const top = /(?:^|\/)(?:\.gitlab-ci|\.?azure-pipelines|bitbucket-pipelines)\.ya?ml$/i.exec(p);
  return top ? p.slice(0, top.index) : undefined;
}

/**
 * Azure Pipelines' `HelmDeploy@0`/`@1` tasks of a Fluent Bit chart (`command: install|upgrade`, `chartName:`): their
 * `valueFile`, `overrideValues` and `arguments` inputs are not read, so each is said at its `task:` word. The task's
 * inputs are the lines after it, up to the next list item at its indentation or less (YAML text, not parsed).
 */
const TASK_INPUT = /^[ \t]*(command|chartName)[ \t]*:[ \t]*['"]?([^'"\s#]+)/i;

function helmDeployTasks(text: string): HelmNotFollowed[] {
  const out: HelmNotFollowed[] = [];
  const re = /^([ \t]*(?:-[ \t]*)?)task:[ \t]*HelmDeploy@\d+/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const lead = m[1] as string;
    const indent = lead.length - lead.trimStart().length;
    const lines: string[] = [];
    for (let at = text.indexOf('\n', m.index) + 1; at > 0 && at < text.length; at = text.indexOf('\n', at) + 1) {
      const end = text.indexOf('\n', at);
      const line = text.slice(at, end < 0 ? text.length : end);
      const item = /^([ \t]*)-[ \t]/.exec(line);
      if (item && (item[1] as string).length <= indent) break;
      if (/^\S/.test(line)) break;
      lines.push(line);
    }
    const input = (key: string): string | undefined => {
      for (const line of lines) {
        const kv = TASK_INPUT.exec(line);
        if (kv && (kv[1] as string).toLowerCase() === key) return kv[2];
      }
      return undefined;
    };
    const command = input('command')?.toLowerCase();
    const chart = input('chartname');
    if ((command !== 'install' && command !== 'upgrade') || scriptChartKind(chart, undefined) === undefined) continue;
    const start = m.index + (m[1] as string).length;
    out.push({ start, end: start + (m[0].length - (m[1] as string).length), message: `a HelmDeploy task (\`command: ${command}\`, \`chartName: ${chart}\`) is a release whose \`valueFile\`, \`overrideValues\` and \`arguments\` inputs flb-migrate does not read: its values files are judged on their own; check the release's values and image by hand, or pass the version with --fluent-bit-version` });
  }
  return out;
}

/** A file whose helm command lines scriptReleases reads: a script, a Makefile, a CI pipeline. */
export function mayRunHelm(path: string): boolean {
  return isScriptName(path) || ciRootOf(path) !== undefined || isJenkinsfilePath(path);
}

/** The kinds of Tekton and Argo Workflows objects whose steps run scripts in a container. */
const IN_CLUSTER_KIND = /^kind:[ \t]*['"]?(Task|ClusterTask|TaskRun|PipelineRun|StepAction|Workflow|WorkflowTemplate|ClusterWorkflowTemplate|CronWorkflow)['"]?[ \t]*(?:#.*)?\r?$/m;

/**
 * A manifest of an in-cluster pipeline whose steps run shell in a container
 * (Tekton `Task`/`TaskRun`/`PipelineRun`/`StepAction` `script:`, Argo
 * Workflows `script.source` and container `args`): its system and kind
 * (for messages), else undefined. Such a step starts in a workspace or volume that a clone task
 * or an artifact fills, which the repository does not say, so its helm lines
 * are said, not followed.
 */
export function inClusterPipeline(text: string): string | undefined {
  const tekton = text.includes('tekton.dev/');
  if (!tekton && !text.includes('argoproj.io/')) return undefined;
  const kind = IN_CLUSTER_KIND.exec(text)?.[1];
  if (kind === undefined) return undefined;
  if (tekton && !kind.includes('Workflow')) return `Tekton \`${kind}\``;
  return kind.includes('Workflow') && text.includes('argoproj.io/') ? `Argo Workflows \`${kind}\`` : undefined;
}

/** A Tekton step's `workingDir` that is a workspace's root (`$(workspaces.source.path)`). */
const WORKSPACE_ROOT = /^\$\(workspaces\.[\w-]+\.path\)(?:\/(.*))?$/s;

/** A plain relative directory below a checkout's root, normalised ('' for the root itself); undefined for one holding a variable, `..` or `~`. */
function checkoutSubdir(rest: string): string | undefined {
  const dir = trimTrailingSlashes(rest.trim().replace(/^(?:\.\/)+/, ''));
  if (dir === '' || dir === '.') return '';
  if (/[$`{}*?~\\]|^\//.test(dir) || dir.split('/').some((part) => part === '..')) return undefined;
  return normalizePath(dir);
}

/**
 * Where in a checkout of the repository the in-cluster pipeline step whose script holds `offset` starts ('' for the
 * root, `charts` for a subdirectory), or undefined: a Tekton step (`script:`, `command`/`args`) whose `workingDir` is
 * a workspace's root or a plain subdirectory of it (`$(workspaces.source.path)/charts`), or an Argo Workflows template
 * (`script.source`, `container.command`/`args`) whose `workingDir` is the `path` of one of its `git` input artifacts or
 * a plain subdirectory of it; and whose script runs no `cd`. Then a relative `-f` path is repository-relative from
 * there (the workspace a clone task fills, the artifact's checkout); any other step (no `workingDir`: Tekton's
 * /workspace, the image's WORKDIR) starts where the repository does not tell.
 */
function inClusterCheckout(docs: ReturnType<typeof parseAllDocuments>, offset: number): string | undefined {
  if (!Array.isArray(docs)) return undefined;
  const doc = docs.find((d) => {
    const range = d.contents?.range;
    return range !== undefined && range !== null && range[0] <= offset && offset < range[1];
  });
  const chain = chainAt(doc?.contents ?? null, offset);
  const step = chain[chain.length - 1];
  if (step === undefined || !['script', 'source', 'args', 'command'].includes(step.key)) return undefined;
  if (['script', 'source', 'args', 'command'].some((key) => strings(step.map.get(key, true)).some((s) => STEP_CD.test(s)))) return undefined;
  const dir = getString(step.map, 'workingDir')?.trim();
  if (dir === undefined) return undefined;
  const workspace = WORKSPACE_ROOT.exec(dir);
  if (workspace) return checkoutSubdir(workspace[1] ?? '');
  const path = trimTrailingSlashes(dir);
  // Argo Workflows: the template holding the script or container (the map holding it, or the step map itself).
  for (const { map } of chain) {
    const artifacts = getMap(map, 'inputs')?.get('artifacts');
    if (!isSeq(artifacts)) continue;
    for (const a of artifacts.items) {
      const root = isMap(a) && getMap(a, 'git') !== undefined ? trimTrailingSlashes(getString(a, 'path') ?? '') : '';
      if (root === '') continue;
      if (path === root) return '';
      if (path.startsWith(`${root}/`)) return checkoutSubdir(path.slice(root.length + 1));
    }
  }
  return undefined;
}

/**
 * fluent/fluent-bit's chart: `fluent/fluent-bit` (the repository alias its
 * README adds), or any `fluent-bit` chart from fluent's repository (`--repo`,
 * `oci://ghcr.io/fluent/...`). Another repository's `fluent-bit` (bitnami's,
 * grafana's) or a local chart directory is not followed.
 */
export function isFluentChart(chart: string | undefined, repo: string | undefined): boolean {
  if (chart === undefined || chartBaseName(chart) !== 'fluent-bit') return false;
  return (repo === undefined && chart.toLowerCase() === 'fluent/fluent-bit') || chartKindOf(chart, repo ?? chart) === 'fluent-bit';
}

/** The Fluent Bit chart a helm command line deploys: fluent/fluent-bit, or one chart-kind.ts knows by name and repository (fluent-operator, stable/fluent-bit, aws-for-fluent-bit); undefined for any other. */
function scriptChartKind(chart: string | undefined, repo: string | undefined): ChartKind | undefined {
  if (isFluentChart(chart, repo)) return 'fluent-bit';
  const kind = chartKindOf(chart, repo ?? chart);
  return kind === 'fluent-operator' || kind === 'stable-fluent-bit' || kind === 'aws-for-fluent-bit' ? kind : undefined;
}

/** What a script's helm command does not let flb-migrate follow, at the word that says it (SCRIPT_HELM_NOT_FOLLOWED). */
export interface HelmNotFollowed {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/**
 * A release a script's `helm install|upgrade` command line makes of a Fluent
 * Bit chart and values files (`-f`/`--values`, in order: Helm's mergeMaps,
 * later wins): judged like an Argo CD or helmfile release of those files
 * (migrate/read-batch.ts linkValuesFiles), its `--set`/`--set-string`
 * `image.repository`, `image.tag` and `image` winning over them (Helm's
 * strvals, read as Argo CD `helm.parameters` are).
 */
export interface ScriptRelease {
  readonly release: ChartRelease;
  /** The command as messages name it: `helm upgrade NAME`. */
  readonly command: string;
  /** The values files: `path` relative to `base`, the script's directory (`path` holds its working directory at the command) or a CI pipeline's repository root; precedence = order. */
  readonly valuesFileRefs: readonly ValuesFileRef[];
  /** Each ref's word in the script (same order), for what is said at it. */
  readonly words: readonly HelmValuesFile[];
}

/** The id of the release a script's helm command line at `start` makes (ChartRelease.id; its workload's ids start with it). */
export function scriptReleaseId(path: string, start: number): string {
  return `${path}#helm@${start}`;
}

/** The top-level values keys of the Fluent Bit charts that flb-migrate reads besides the image (deploy/build-deployment.ts helmWorkload, the operator and stable charts' inputs): a `--set` of one is not merged, so it is said. */
export const READ_KEYS: ReadonlySet<string> = new Set(['config', 'daemonSetVolumes', 'daemonSetVolumeMounts', 'extraVolumes', 'extraVolumeMounts', 'volumes', 'volumeMounts', 'existingConfigMap', 'kind', 'args', 'command', 'containerRuntime', 'fluentbit', 'input', 'parsers', 'rawConfig', 'luaScripts']);

/** The `--set` kinds Helm merges over the values files, in its order (later wins); `--set-file` gives a file's text, never an image. */
const SET_ORDER: readonly HelmSetPair['flag'][] = ['set-json', 'set', 'set-string', 'set-literal'];

/** A value that holds a shell variable (`$X`, backquotes: not when the shell took them literally) or an Argo Workflows `{{...}}` parameter. */
function variable(value: string, literal: true | undefined): boolean {
  return (literal !== true && /[$`]/.test(value)) || value.includes('{{');
}

/** Where a script file's steps run when the file does not tell: a GitLab pipeline that includes it, or the workspace of a Jenkinsfile that runs it. */
export interface StepsRunFrom {
  readonly pipeline?: GitlabPipeline;
  readonly workspace?: string;
}

/** The image keys read from `--set` (as Argo CD parameters: deploy/build-deployment.ts parameterImage). */
const IMAGE_KEYS = new Set(['image', 'image.repository', 'image.tag']);

/**
 * The release `helm install|upgrade` command lines of a shell script or a
 * Makefile make of a Fluent Bit chart with at least one values file, and
 * what is said about the ones that are not followed: a values file whose
 * path holds a variable or is read in a directory a `cd` made unknown, a
 * `--set` of an image key that is not certain (a variable, `null`, an escaped
 * dot or an index in the key: the values files are then judged on their own,
 * as before), a `--set` of a key flb-migrate reads but does not merge
 * (`config.*`, `daemonSetVolumes`, ...). `helm template` is not a release.
 * With `workspace`: the file is Groovy a Jenkinsfile `load`s (jenkinsLoads), read as a Jenkinsfile's steps run from that directory.
 * With `pipeline`: the file is one a `.gitlab-ci.yml` of the batch includes (discover/ci-shells.ts batchPipelines).
 */
export function scriptReleases(path: string, text: string, where: StepsRunFrom = {}): { readonly releases: readonly ScriptRelease[]; readonly notFollowed: readonly HelmNotFollowed[] } {
  const { pipeline, workspace } = where;
  const releases: ScriptRelease[] = [];
  const notFollowed: HelmNotFollowed[] = [];
  // A file a `.gitlab-ci.yml` of the batch includes is one of its pipeline's files: its jobs start at that root.
  const ciRoot = workspace !== undefined ? undefined : pipeline?.root ?? ciRootOf(path);
  const jenkins = workspace !== undefined || (ciRoot === undefined && isJenkinsfilePath(path));
  if (ciRoot !== undefined && text.includes('HelmDeploy@')) notFollowed.push(...helmDeployTasks(text));
  if (!text.includes('helm') || (!/(?:^|[\s'"[,])(?:-f|--values)/.test(text) && !text.includes('--set-file'))) return { releases, notFollowed };
  // A Tekton or Argo Workflows manifest: its steps' Fluent Bit releases are said, never followed.
  const inCluster = ciRoot === undefined && !jenkins && !isScriptName(path) && isYamlPath(path) ? inClusterPipeline(text) : undefined;
  if (ciRoot === undefined && !jenkins && !isScriptName(path) && inCluster === undefined) return { releases, notFollowed };
  const make = foreignLanguage(path) === 'Make';
  // A CI step starts in the repository's root; its own literal `cd` moves it (ciPlaces).
  const steps = ciRoot === undefined ? undefined : ciStepScripts(text, pipeline);
  const ciPlace = ciRoot === undefined ? undefined : ciPlaces(text, steps, pipeline);
  // A Jenkinsfile's steps start in the workspace, the checkout: its directory (the default Script Path is `Jenkinsfile` at the root).
  const dir = workspace ?? ciRoot ?? dirname(normalizePath(path));
  let placeAt: ReturnType<typeof scriptPlaces> | undefined;
  const placeOf = (at: number, native: NativeShell | undefined): ScriptPlace => (ciPlace !== undefined ? ciPlace(at, native) : (placeAt ??= scriptPlaces(text, make))(at));
  let lines: LineIndex | undefined;
  let docs: ReturnType<typeof parseAllDocuments> | undefined;
  const located = jenkins ? jenkinsCommands(text) : fileCommands(text, ciRoot !== undefined, ciRoot !== undefined ? 'ci' : commentReading(path), steps);
  if (inCluster !== undefined) {
    docs = parseAllDocuments(text);
    const lists = containerListCommands(docs);
    if (lists.length > 0) located.push(...lists.map((cmd) => ({ cmd })));
  }
  for (const { cmd, shell, unmodelled, unread, place: stepPlace } of located) {
    if (cmd.subcommand === 'template') continue;
    const kind = scriptChartKind(cmd.chart, cmd.repo);
    if (kind === undefined) continue;
    const label = `helm ${cmd.subcommand}${cmd.name !== undefined ? ` ${cmd.name}` : ''}`;
    const say = (start: number, end: number, why: string, then: string): void => {
      notFollowed.push({ start, end, message: `${label}: ${why}, which flb-migrate does not follow: ${then}` });
    };
    const unmerged = 'nothing it sets (`-f` files, `--set`) is merged and its values files are judged on their own; check the release\'s values and image by hand';
    if (unread === true) {
      if (cmd.valuesFiles.length > 0) say(cmd.start, cmd.start + 4, 'it is not in the script string of a `sh`, `bat`, `powershell` or `pwsh` step (a Groovy variable, an `echo`)', `flb-migrate reads only those strings, so ${unmerged}`);
      continue;
    }
    if (cmd.unmapped === true) {
      if (cmd.valuesFiles.length > 0 || cmd.sets.some((x) => x.flag === 'set-file')) say(cmd.start, cmd.start + 4, 'it is in a YAML scalar whose value is not its text as written (folded lines, or escapes YAML turns into other characters)', `flb-migrate reads a step's script only where its value is its text, so ${unmerged}`);
      continue;
    }
    if (shell !== undefined && (shell.shell === 'other' || shell.maybe === true)) {
      say(cmd.start, cmd.start + 4, `it ${shell.maybe ? 'may run' : 'runs'} ${shell.name === '' ? 'in a step whose shell an expression chooses' : `in a ${shell.name} step`} (${shell.why})`, `flb-migrate reads a step only when it knows its shell (sh, PowerShell, cmd.exe), so ${unmerged}`);
      continue;
    }
    if (shell !== undefined && unmodelled !== undefined) {
      const what = shell.shell === 'cmd' ? 'expands a `%` variable' : 'is a PowerShell array, subexpression, splat or stop-parsing token';
      say(cmd.start, cmd.start + 4, `it runs in a ${shell.name} step (${shell.why}) and its word \`${unmodelled}\` ${what}`, `flb-migrate does not model that, so ${unmerged}`);
      continue;
    }
    // A `--set-file config.*` (deploy/script-releases.ts reads it where the command runs): one it cannot read is said.
    if (inCluster === undefined && isFluentChart(cmd.chart, cmd.repo) && cmd.sets.some((x) => x.flag === 'set-file')) {
      const here = stepPlace ?? placeOf(cmd.start, shell?.shell === 'other' ? undefined : shell?.shell);
      for (const s of cmd.sets) {
        if (s.flag !== 'set-file' || !s.key.startsWith('config.')) continue;
        const why = variable(s.value, s.literal) ? `its \`--set-file ${s.key}=${s.value}\` holds a variable`
          : here.cwd === undefined && !s.value.startsWith('/') ? `its \`--set-file ${s.key}=${s.value}\` ${placeUnknown(here)}` : undefined;
        if (why !== undefined) say(s.start, s.end, why, 'the file it hands the chart is judged on its own (not on this release\'s image); check it by hand');
      }
    }
    if (cmd.valuesFiles.length === 0) continue;
    let checkout: string | undefined;
    if (inCluster !== undefined) {
      docs ??= parseAllDocuments(text);
      checkout = inClusterCheckout(docs, cmd.start);
      if (checkout === undefined) {
        say(cmd.start, cmd.start + 4, `it runs in a pipeline step (${inCluster}), whose working directory (a workspace or artifact the pipeline fills) the repository does not tell`, unmerged);
        continue;
      }
    }
    // --set-json, --set, --set-string, then --set-literal (helm pkg/cli/values/options.go MergeValues parses them by kind in that
    // order, after the values files): the image keys as parameters, the last of a key winning.
    const parameters = new Map<string, HelmParameter>();
    let uncertain = false;
    for (const s of SET_ORDER.flatMap((flag) => cmd.sets.filter((x) => x.flag === flag))) {
      const top = s.key.split(/[.[]/)[0] as string;
      const imageKey = top === 'image' || top.startsWith('image\\');
      if (!imageKey) {
        if (READ_KEYS.has(top.replace(/\\$/, ''))) say(s.start, s.end, `\`--${s.flag} ${s.key}\` is applied over the values files by Helm`, 'a helm command\'s --set is read for the image only; check what it sets by hand (the values files are migrated as if it were not there)');
        continue;
      }
      // --set-json: a JSON string is the value; any other JSON (a number, null, an object) is not read.
      const json = s.flag === 'set-json' ? /^"([^"\\]*)"$/.exec(s.value)?.[1] : undefined;
      const value = json ?? s.value;
      const why = !IMAGE_KEYS.has(s.key) ? `\`--${s.flag} ${s.key}\` is not a plain image.repository or image.tag`
        : s.flag === 'set-json' && json === undefined ? `\`--set-json ${s.key}=${s.value}\` is not a JSON string`
          : variable(s.value, s.literal) ? `\`--${s.flag} ${s.key}=${s.value}\` holds a variable`
            : s.flag === 'set' && s.value === 'null' ? `\`--set ${s.key}=null\` deletes the value` : undefined;
      if (why !== undefined) {
        say(s.start, s.end, why, 'the image of this release is not known, so its values files are judged on their own; pass the version with --fluent-bit-version');
        uncertain = true;
        continue;
      }
      const node = new Scalar(value);
      node.range = [s.start, s.end, s.end];
      parameters.set(s.key, { value, node });
    }
    if (uncertain) continue;
    if (cmd.reuse !== undefined) {
      say(cmd.reuse.start, cmd.reuse.end, `\`${cmd.reuse.flag}\` merges the release's earlier values (kept in the cluster, not in the repository) under its values files`, 'the release is judged with the files it names only; check what the earlier values set (`helm get values`) by hand');
    }
    const place = stepPlace ?? placeOf(cmd.start, shell?.shell === 'other' ? undefined : shell?.shell);
    const valuesFileRefs: ValuesFileRef[] = [];
    const words: HelmValuesFile[] = [];
    cmd.valuesFiles.forEach((f, i) => {
      const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(f.path);
      // An in-cluster step's checkout: the path is relative to a repository root flb-migrate does not know (Argo CD's way).
      if (inCluster !== undefined && !url && f.path !== '-' && !variable(f.path, f.literal)) {
        const path = checkout === undefined || checkout === '' || f.path.startsWith('/') ? f.path : normalizePath(`${checkout}/${f.path}`);
        valuesFileRefs.push({ base: '', path, anywhere: true, precedence: i, at: [f.start, f.end] });
        words.push(f);
        return;
      }
      const rel = url || f.path === '-' || (inCluster !== undefined && f.path.includes('{{')) ? undefined : scriptPath(f.path, place, f.literal);
      if (rel === undefined) {
        const why = url ? `its values file \`${f.path}\` is a URL` : f.path === '-' ? 'it reads values from its standard input (`-f -`)'
          : variable(f.path, f.literal) ? `its values file \`${f.path}\` holds a variable`
            : `its values file \`${f.path}\` ${placeUnknown(place)}`;
        say(f.start, f.end, why, 'what it sets is not merged with the release\'s other values; check it by hand');
        return;
      }
      // A Jenkinsfile below the repository root: its steps run in the workspace root, some directory above it (jenkinsfile.ts).
      const upward = jenkins && dir !== '' && dir !== '.' && place.cwd !== undefined && !f.path.startsWith('/') && !rel.startsWith('../') && rel !== '..';
      valuesFileRefs.push({ base: dir, path: rel, anywhere: false, precedence: i, ...(upward ? { upward: true as const, at: [f.start, f.end] as const } : {}) });
      words.push(f);
    });
    if (valuesFileRefs.length === 0) continue;
    lines ??= new LineIndex(text);
    const line = lines.position(cmd.start).line;
    const release: ChartRelease = {
      id: scriptReleaseId(path, cmd.start),
      label: `${label} (${path}:${line})`,
      chart: cmd.chart,
      repoURL: cmd.repo,
      kind,
      precedence: 0,
      ...(parameters.size > 0 ? { parameters } : {}),
      // A variable (`--version "$CHART_VERSION"`) tells nothing: not kept.
      ...(cmd.version !== undefined && !/[$`]/.test(cmd.version) ? { chartVersion: cmd.version } : {}),
    };
    releases.push({ release, command: label, valuesFileRefs, words });
  }
  return { releases, notFollowed };
}


/** Why a path word is not read, for a place whose directory is not known (`lost`: the `cd` word that made it so; none: a CI step's `working-directory:`). */
function placeUnknown(place: ScriptPlace): string {
  if (place.lost === undefined && place.unknownWhy !== undefined) return `is read ${place.unknownWhy}`;
  return place.lost === undefined ? 'is read in a directory a step\'s `working-directory:` or `cd` may set' : `is read in the directory \`${place.lost}\` goes to`;
}

/**
 * Where a CI pipeline's command runs, relative to the repository root (ciRootOf): a step starts there; each step is a
 * shell of its own, so a literal `cd x` earlier in the same step's script moves it (script-dirs.ts: scriptPlaces for
 * sh, nativePlaces for a PowerShell or cmd.exe step; read on the step's script alone: ci-shells.ts ciStepScripts), and
 * a GitLab `script` starts where its `before_script` (the same shell) left it. Unknown (`lost` undefined) when the
 * file names a `working-directory:` (GitHub `defaults.run` too) or Azure `workingDirectory`, when the step's script
 * (or its `before_script`, holding a `cd`) is not read as source (a folded scalar, escapes), or when the
 * `before_script` may come from elsewhere; unknown with the `cd` word when a `cd` is not literal or goes above the root.
 * `steps`: the text's ciStepScripts, when the caller has one.
 */
function ciPlaces(text: string, steps?: ReturnType<typeof ciStepScripts>, pipeline?: GitlabPipeline): (offset: number, native: NativeShell | undefined) => ScriptPlace {
  const unknown: ScriptPlace = { cwd: undefined, lost: undefined, vars: new Map() };
  if (/working[-_]directory|workingdirectory/i.test(text)) return () => unknown;
  const root: ScriptPlace = { cwd: '', lost: undefined, vars: new Map() };
  // A `cd` may start a flow list's item or a quoted scalar (`[cd gl, ...]`, `"cd x && ..."`); a GitLab pipeline's other files may hold the before_script.
  const cd = (t: string): boolean => STEP_CD.test(t) || YAML_CD.test(t);
  // An `extends` may name a job the input does not hold: its before_script is not known (ci-shells.ts gitlabBeforeScript).
  // So may an include the input does not give (its `default: before_script`).
  const unread = pipeline !== undefined ? pipeline.unread !== undefined : hasGitlabInclude(text);
  if (!cd(text) && !unread && !text.includes('extends') && !(pipeline?.files.some((f, k) => k !== pipeline.self && cd(f)) ?? false)) return () => root;
  const scripts = steps ?? ciStepScripts(text, pipeline);
  const places = new Map<string, (offset: number) => ScriptPlace>();
  // The place at an offset of one script (a step's, a before_script's: the end of its text for `offset` undefined).
  const inScript = (view: string, offset: number | undefined, native: NativeShell | undefined): ScriptPlace => {
    if (!STEP_CD.test(view)) return root;
    // `$0` is the runner's temporary script, not this file (script-dirs.ts would read it as the file's directory).
    if (native === undefined && /\$0|\$\{0|BASH_SOURCE/.test(view)) return unknown;
    let at = places.get(view);
    if (at === undefined) places.set(view, (at = native !== undefined ? nativePlaces(view, native) : scriptPlaces(view, false)));
    return at(offset ?? view.length);
  };
  return (offset, native) => {
    const step = scripts(offset);
    if (step?.view === undefined || step.opaque === true) return unknown;
    let start = '';
    if (step.before !== undefined && step.before !== null) {
      const before = step.before === 'unknown' || step.before.opaque === true ? undefined : step.before.view;
      if (before === undefined) return step.beforeWhy !== undefined ? { ...unknown, unknownWhy: step.beforeWhy } : unknown;
      // The before_script runs in the same shell, first (its own offsets are elsewhere in the file: its end is where the script starts).
      const place = jenkinsPlace('', inScript(before, undefined, native));
      if (place.cwd === undefined) return place;
      start = place.cwd;
    }
    return jenkinsPlace(start, inScript(step.view, offset, native));
  };
}

/** One helm command line of a file, in file offsets, with what decides how it is read. */
interface LocatedCommand {
  readonly cmd: HelmCommandLine;
  /** The step's shell when it is not sh (a CI step's, a Jenkins `bat`/`powershell`/`pwsh` step). */
  readonly shell?: StepShell;
  /** A word of a PowerShell or cmd.exe line that its words do not model (native-words.ts nativeUnmodelled). */
  readonly unmodelled?: string;
  /** Written in a Jenkinsfile's Groovy code, outside the step strings read (its words split at blanks, as a guess for the chart only). */
  readonly unread?: true;
  /** The directory the command starts in, when the file's own reading (scriptPlaces, the CI root) does not decide it. */
  readonly place?: ScriptPlace;
}

/** The helm command lines of a script, Makefile or pipeline text; a CI step that PowerShell or cmd.exe runs re-read with its shell's words (ci-shells.ts), from its script's YAML value. */
function fileCommands(text: string, ci: boolean, reading: CommentReading, steps?: ReturnType<typeof ciStepScripts>): LocatedCommand[] {
  const shellAt = ci ? stepShells(text) : undefined;
  return helmCommandLines(text, reading, steps).map((shCmd) => {
    const shell = shellAt?.(shCmd.start);
    if (shell === undefined || shell.shell === 'other' || shell.maybe === true || shCmd.unmapped === true) return shell === undefined ? { cmd: shCmd } : { cmd: shCmd, shell };
    const source = steps?.(shCmd.start)?.view ?? text;
    const unmodelled = nativeUnmodelled(source, shCmd.start, shell.shell);
    return { cmd: nativeCommand(source, shCmd, shell.shell, unmodelled), shell, ...(unmodelled !== undefined ? { unmodelled } : {}) };
  });
}

/** The command read with its shell's words; with a word they do not model (`-f (Join-Path a b)`, `@splat`), whichever reading finds a Fluent Bit chart (sh's, or without that word), to say it. */
function nativeCommand(text: string, shCmd: HelmCommandLine, shell: NativeShell, unmodelled: string | undefined): HelmCommandLine {
  const cmd = helmCommandIn(text, shCmd, shell);
  if (unmodelled === undefined || scriptChartKind(cmd.chart, cmd.repo) !== undefined) return cmd;
  return scriptChartKind(shCmd.chart, shCmd.repo) !== undefined ? shCmd : helmCommandIn(text, shCmd, shell, unmodelled);
}

/**
 * The helm commands of in-cluster pipeline containers that run helm without a shell: a map whose `command` list names
 * `helm` (`command: [helm]`, `command: [/usr/bin/helm, upgrade]`) followed by `install|upgrade|template` in the rest of
 * that list or in its `args` list (Argo Workflows `container`, a Tekton step). Each list item is one word as written
 * (no shell: a `$` is literal, but a `$(VAR)` is Kubernetes' or Tekton's substitution and `{{...}}` Argo's).
 */
function containerListCommands(docs: ReturnType<typeof parseAllDocuments>): HelmCommandLine[] {
  const out: HelmCommandLine[] = [];
  const items = (node: unknown): ShWord[] | undefined => {
    if (!isSeq(node)) return undefined;
    const words: ShWord[] = [];
    for (const item of node.items) {
      if (!isScalar(item) || item.range === undefined || item.range === null) return undefined;
      const value = String(item.value);
      words.push({ value, start: item.range[0], end: item.range[1], ...(/[$`]/.test(value) && !value.includes('$(') ? { literal: true as const } : {}) });
    }
    return words;
  };
  for (const doc of Array.isArray(docs) ? docs : []) {
    visit(doc, {
      Map(_, map) {
        const command = items(map.get('command', true));
        const helm = command?.findIndex((w) => w.value === 'helm' || w.value.endsWith('/helm')) ?? -1;
        if (command === undefined || helm < 0) return;
        const words = [...command.slice(helm + 1), ...(items(map.get('args', true)) ?? [])];
        const sub = words[0]?.value;
        if (sub === 'install' || sub === 'upgrade' || sub === 'template') out.push(helmCommand((command[helm] as ShWord).start, sub, words.slice(1)));
      },
    });
  }
  return out;
}

/** A `cd` (or PowerShell's `Set-Location`, cmd.exe's `chdir`) in a step's script: the directory of what follows is not the workspace. */
const STEP_CD = /(?:^|[\s;&|(])(cd|pushd|set-location|push-location|sl|chdir)[ \t]/i;
/** STEP_CD after a YAML flow list's `[` or `,`, or a quote (a CI file's text). */
const YAML_CD = /["'[,](?:cd|pushd|set-location|push-location|sl|chdir)[ \t]/i;

/**
 * The helm command lines of a Jenkinsfile (jenkinsfile.ts): each `sh` step's
 * script read as sh, each `bat` and `powershell`/`pwsh` one with cmd.exe's
 * and PowerShell's words; a step starts in the workspace (the checkout),
 * unless it sits in a `dir`/`ws` block, its script runs a `cd`, or the file
 * names a `customWorkspace` or a checkout's `relativeTargetDir`. A
 * `helm install|upgrade` elsewhere in the Groovy text (a variable's string, an
 * `echo`) is `unread`: said, never guessed.
 */
function jenkinsCommands(text: string): LocatedCommand[] {
  const { steps, skipped } = jenkinsSteps(text);
  const out: LocatedCommand[] = [];
  const moved = /customWorkspace|relativeTargetDir/i.exec(text)?.[0];
  for (const step of steps) {
    if (!step.text.includes('helm')) continue;
    const native: NativeShell | undefined = step.step === 'sh' ? undefined : step.step === 'bat' ? 'cmd' : 'powershell';
    const shell: StepShell | undefined = native === undefined ? undefined : { shell: native, name: native === 'cmd' ? 'cmd.exe' : 'PowerShell', why: `Jenkins \`${step.step}\`` };
    // A `dir('x')` block with a plain path: the step starts in x; an `sh` step's literal `cd x` is followed as a script's (script-dirs.ts).
    // A `bat`/`powershell` step's `cd`, `Set-Location`, `pushd` are followed with its shell's words (script-dirs.ts nativePlaces).
    const cd = native !== undefined ? 'cd' : STEP_CD.exec(step.text)?.[1];
    const followCd = cd !== undefined && (native !== undefined || !/\$0|\$\{0|BASH_SOURCE/.test(step.text));
    const lost = moved ?? (step.inDir !== undefined && step.dirPath === undefined ? `${step.inDir}(...)` : followCd ? undefined : cd);
    const start = step.dirPath ?? '';
    const placeAt = followCd && lost === undefined ? (native !== undefined ? nativePlaces(step.text, native) : scriptPlaces(step.text, false)) : undefined;
    for (const shCmd of helmCommandLines(step.text, native === undefined)) {
      const unmodelled = native === undefined ? undefined : nativeUnmodelled(step.text, shCmd.start, native);
      const cmd = native === undefined ? groovyNotLiteral(shCmd, step.groovy) : nativeCommand(step.text, shCmd, native, unmodelled);
      const place = lost !== undefined ? { cwd: undefined, lost, vars: new Map() } : jenkinsPlace(start, placeAt?.(shCmd.start));
      out.push({ cmd: inFile(cmd, step), place, ...(shell !== undefined ? { shell } : {}), ...(unmodelled !== undefined ? { unmodelled } : {}) });
    }
  }
  const re = /\bhelm[ \t]+(install|upgrade)\b/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    if (skipped.some(([s, e]) => s <= at && at < e)) continue;
    out.push({ cmd: helmCommand(at, m[1] as HelmCommandLine['subcommand'], blankWords(text, at + m[0].length)), unread: true });
  }
  return out.sort((a, b) => a.cmd.start - b.cmd.start);
}

/**
 * The helm command lines of a Jenkinsfile's step scripts that are read as written (in file offsets): an `sh` step, or a
 * `bat`/`powershell`/`pwsh` one without a word its shell's reading does not model, run in the workspace (no `dir`/`ws`
 * block, `cd` or custom workspace). For the `--set-file` reader (deploy/script-releases.ts).
 */
export function jenkinsHelmCommands(text: string): { readonly cmd: HelmCommandLine; readonly cwd: string }[] {
  return jenkinsCommands(text).flatMap((c) => (c.unread !== true && c.unmodelled === undefined && c.place?.cwd !== undefined ? [{ cmd: c.cmd, cwd: c.place.cwd }] : []));
}

/** The files a Jenkinsfile `load`s (jenkinsGroovyFiles without the shared library's). */
export function jenkinsLoads(path: string, text: string): string[] {
  return jenkinsGroovyFiles(path, text, () => []);
}

/**
 * The Groovy files of a batch a Jenkinsfile runs (normalized paths): the ones it `load`s (jenkinsfile.ts `loads`: plain relative paths
 * from the workspace, the Jenkinsfile's directory) and, when it uses a shared library, each `vars/<name>.groovy` of `inputs()` whose
 * name it calls (jenkins.io "Extending with Shared Libraries": a `vars/*.groovy` file is a global variable, its `call` a step the
 * pipeline runs in its own workspace). None for another file, a custom workspace or checkout directory (where the workspace is, is
 * not known: jenkinsCommands), or a text with neither `load` nor a library.
 */
export function jenkinsGroovyFiles(path: string, text: string, inputs: () => readonly string[]): string[] {
  const library = text.includes('Library') || text.includes('library');
  if (!isJenkinsfilePath(path) || ciRootOf(path) !== undefined || (!library && !text.includes('load')) || /customWorkspace|relativeTargetDir/i.test(text)) return [];
  const { loads, libraryCalls } = jenkinsSteps(text);
  const dir = dirname(normalizePath(path));
  const out = loads.map((f) => joinPath(dir, f));
  if (libraryCalls.length === 0) return out;
  const calls = new Set(libraryCalls);
  for (const input of inputs()) {
    const slash = input.lastIndexOf('/');
    const parent = input.slice(0, Math.max(slash, 0));
    if (input.endsWith('.groovy') && (parent === 'vars' || parent.endsWith('/vars')) && calls.has(input.slice(slash + 1, -'.groovy'.length))) out.push(normalizePath(input));
  }
  return out;
}

/**
 * The Groovy files of a batch a Jenkinsfile may run that are not read (SCRIPT_HELM_NOT_FOLLOWED at the `load` or library step call),
 * with the files each may be (normalized paths of `groovyInputs()`, the batch's `.groovy` files): a `load` whose path is not a plain
 * relative literal (`load "${env.WORKSPACE}/ci/x.groovy"`, `load path`: the files whose path fits its literal parts), and, when the
 * text has a `dir`/`ws` block or a custom workspace / `relativeTargetDir` (where a loaded or library step runs is not known:
 * jenkinsSteps), each plain `load` (the files below the Jenkinsfile's directory, the workspace, ending with its path) and each
 * shared-library step called (its `vars/<name>.groovy`, anywhere: as jenkinsGroovyFiles reads them).
 * Nothing when no such file is in the batch: a library kept elsewhere is not said on every call.
 */
export function jenkinsUnreadGroovy(path: string, text: string, groovyInputs: () => readonly string[]): (HelmNotFollowed & { readonly files: readonly string[] })[] {
  const library = text.includes('Library') || text.includes('library');
  if (!isJenkinsfilePath(path) || ciRootOf(path) !== undefined || (!library && !text.includes('load'))) return [];
  const inputs = groovyInputs();
  if (inputs.length === 0) return [];
  const moved = /customWorkspace|relativeTargetDir/i.exec(text)?.[0];
  const { loadSites, calledAt, inDir } = jenkinsSteps(text);
  const lost = moved !== undefined ? `\`${moved}\`` : inDir ? 'a `dir`/`ws` block' : undefined;
  const read = new Set(jenkinsGroovyFiles(path, text, () => inputs));
  const dir = dirname(normalizePath(path));
  const under = (p: string): string | undefined => (dir === '' || dir === '.' ? p : p.startsWith(`${dir}/`) ? p.slice(dir.length + 1) : undefined);
  const out: (HelmNotFollowed & { files: string[] })[] = [];
  const say = (start: number, end: number, label: string, why: string, then: string | undefined, files: string[]): void => {
    if (files.length === 0) return;
    const named = files.length === 1 ? `${files[0]} (in this batch) is not read` : `${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''} (in this batch) may be the one, and none is read`;
    out.push({ start, end, files, message: `${label}: flb-migrate does not follow ${why}, so ${named} and its helm lines are not migrated with this pipeline; ${then !== undefined ? `${then}, or ` : ''}check that release's values and image by hand` });
  };
  for (const site of loadSites) {
    const written = site.path.trim();
    if (site.file !== undefined) {
      if (lost === undefined) continue;
      say(site.at, site.end, `\`${site.call}\``, `a load in a Jenkinsfile with ${lost} (where it loads from is not known)`, undefined, inputs.filter((p) => !read.has(p) && [under(p)].some((rel) => rel !== undefined && (rel === site.file || rel.endsWith(`/${site.file}`)))));
      continue;
    }
    // The literal text before the first Groovy part and after the last one (the whole path when it has none: `../x.groovy`).
    const groovy = site.groovy ?? [];
    const prefix = groovy.length === 0 ? written : site.path.slice(0, (groovy[0] as readonly [number, number])[0]).trimStart();
    const suffix = groovy.length === 0 ? written : site.path.slice((groovy[groovy.length - 1] as readonly [number, number])[1]).trimEnd();
    const exact = groovy.length === 0 && !/^[/\\~]|^[A-Za-z]:/.test(written) ? joinPath(dir, written) : undefined;
    const relative = /^[/\\~$]|^[A-Za-z]:|^\.\.(?:\/|$)/.test(prefix) ? '' : prefix.replace(/^(?:\.\/)+/, '');
    const ending = suffix.replace(/^(?:\.\/)+/, '');
    const fits = (p: string): boolean => (exact !== undefined ? p === exact : `/${p}`.endsWith(ending) && (under(p) ?? '\u0000').startsWith(relative));
    say(site.at, site.end, `\`${site.call}\``, 'a load whose path is not a plain relative string', 'load a plain relative path', inputs.filter((p) => !read.has(p) && fits(p)));
  }
  if (lost !== undefined) {
    for (const [name, at] of calledAt) {
      say(at, at + name.length, `\`${name}\` (a shared library step)`, `a library step in a Jenkinsfile with ${lost} (where it runs is not known)`, undefined, inputs.filter((p) => !read.has(p) && (p === `vars/${name}.groovy` || p.endsWith(`/vars/${name}.groovy`))));
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The helm command lines of a script, Makefile, CI pipeline or Jenkinsfile with the directory each runs in: relative
 * to the script's directory (a script's, a Makefile's: script-dirs.ts), to the repository root (a CI pipeline's:
 * ciPlaces), or to the workspace (a Jenkinsfile's: jenkinsHelmCommands, only those it reads); undefined when not
 * known; `anchored` when a script's directory was reached from its own directory's idiom (script-dirs.ts ScriptPlace).
 * For the `--set-file` reader (deploy/script-releases.ts).
 */
export function scriptHelmCommands(path: string, text: string, pipeline?: GitlabPipeline): { readonly cmd: HelmCommandLine; readonly cwd: string | undefined; readonly anchored?: true }[] {
  const ci = ciRootOf(path) !== undefined || pipeline !== undefined;
  if (!ci && isJenkinsfilePath(path)) return jenkinsHelmCommands(text);
  const steps = ci ? ciStepScripts(text, pipeline) : undefined;
  const ciPlace = ci ? ciPlaces(text, steps, pipeline) : undefined;
  let placeAt: ReturnType<typeof scriptPlaces> | undefined;
  return fileCommands(text, ci, ci ? 'ci' : commentReading(path), steps).flatMap(({ cmd, shell, unmodelled }) => {
    if (cmd.unmapped === true || unmodelled !== undefined || shell?.shell === 'other' || shell?.maybe === true) return [];
    const place = ciPlace !== undefined ? ciPlace(cmd.start, shell?.shell) : (placeAt ??= scriptPlaces(text, foreignLanguage(path) === 'Make'))(cmd.start);
    return [{ cmd, cwd: place.cwd, ...(place.anchored === true ? { anchored: true as const } : {}) }];
  });
}

/** The place of a Jenkins step's command: its `dir` block's directory, then where the step's own `cd` lines went (a relative directory, or unknown). */
function jenkinsPlace(start: string, inScript: ScriptPlace | undefined): ScriptPlace {
  if (inScript === undefined) return { cwd: start, lost: undefined, vars: new Map() };
  const cwd = inScript.cwd === undefined || inScript.cwd.startsWith('/') ? undefined : normalizePath(start === '' ? inScript.cwd : `${start}/${inScript.cwd}`);
  return cwd === undefined || cwd === '..' || cwd.startsWith('../') ? { cwd: undefined, lost: inScript.lost ?? 'cd', vars: new Map() } : { cwd, lost: undefined, vars: new Map() };
}

/** An `sh` step's command with the words holding a Groovy interpolation left as written not literal: Groovy puts its value in before sh reads any quote. */
function groovyNotLiteral(cmd: HelmCommandLine, groovy: readonly (readonly [number, number])[] | undefined): HelmCommandLine {
  if (groovy === undefined) return cmd;
  const plain = <T extends { readonly start: number; readonly end: number; readonly literal?: true }>(x: T): T => {
    if (x.literal !== true || !groovy.some(([from, to]) => from < x.end && x.start < to)) return x;
    const { literal: _literal, ...rest } = x;
    return rest as T;
  };
  return { ...cmd, sets: cmd.sets.map(plain), valuesFiles: cmd.valuesFiles.map(plain) };
}

/** The words from `from` to the line's end split at blanks and quotes (a Groovy line flb-migrate does not read, for its chart and flags only). */
function blankWords(text: string, from: number): ShWord[] {
  const end = text.indexOf('\n', from);
  const line = text.slice(from, end < 0 ? text.length : end);
  const words: ShWord[] = [];
  const re = /[^\s'"]+/g;
  // A slashy Groovy string writes a chart's `/` as `\/` (`def c = /helm upgrade fb fluent\/fluent-bit .../`): read as the `/` it is.
  for (let m = re.exec(line); m !== null; m = re.exec(line)) words.push({ value: m[0].replaceAll('\\/', '/'), start: from + m.index, end: from + m.index + m[0].length });
  return words;
}

/** A command read from a step's script, in file offsets (each character's source: jenkinsfile.ts JenkinsStep.starts/ends). */
function inFile(cmd: HelmCommandLine, step: JenkinsStep): HelmCommandLine {
  const last = step.ends[step.ends.length - 1] ?? step.at;
  const at = (i: number): number => step.starts[i] ?? last;
  const to = (i: number): number => (i > 0 ? (step.ends[i - 1] ?? last) : at(i));
  const range = <T extends { readonly start: number; readonly end: number }>(x: T): T => ({ ...x, start: at(x.start), end: to(x.end) });
  return { ...cmd, start: at(cmd.start), sets: cmd.sets.map(range), valuesFiles: cmd.valuesFiles.map(range), ...(cmd.reuse !== undefined ? { reuse: range(cmd.reuse) } : {}) };
}
