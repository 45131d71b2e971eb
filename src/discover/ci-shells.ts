import { isMap, isScalar, isSeq, parseDocument, visit, type Node, type YAMLMap } from 'yaml';
import { getMap, getNode, getString } from '../yaml/yaml-nodes.js';
import type { NativeShell } from '../source/native-words.js';
import { dirname, joinPath, normalizePath } from '../source/paths.js';

/*
 * Which shell runs the text of a CI pipeline step (the pipelines ciRootOf
 * reads), when it is not sh. flb-migrate reads helm command lines with sh's
 * rules (sh-words.ts); a step that PowerShell, cmd.exe or another program
 * runs splits, quotes and continues its lines otherwise (and PowerShell turns
 * an unquoted `a=1,b=2` into two arguments), so its helm lines are said, not
 * followed. What decides, innermost first (the nearest setting wins):
 * - GitHub Actions: a step's `shell:`, then the job's and the workflow's
 *   `defaults.run.shell`, then the runner: a Windows runner (`runs-on`) runs
 *   `pwsh` by default, any other `bash`. A `runs-on` expression whose job
 *   matrix names Windows may be either.
 * - Azure Pipelines: `powershell:`/`pwsh:` steps; `PowerShell@N` and
 *   `AzurePowerShell@N` tasks; `AzureCLI@N` with `scriptType: ps|pscore`
 *   (PowerShell) or `batch` (cmd.exe); a `script:` step or `CmdLine@N` task is
 *   cmd.exe on a Windows pool (the innermost `pool:` naming a Windows image or
 *   pool) and bash elsewhere; `bash:` steps and `Bash@N` tasks are bash.
 * - CircleCI: `shell:` of a `run:` step or of its job; a Windows executor
 *   (`win/...` orb executors, a `windows-*` machine image) runs PowerShell.
 * - Bitbucket Pipelines: a step whose `runs-on` names `windows` runs
 *   PowerShell.
 * - GitLab CI: the shell is the runner's (not in the file); a job whose
 *   `tags` name Windows may run PowerShell (Windows runners default to pwsh).
 * Sources: docs.github.com "Workflow syntax" (jobs.<id>.steps[*].shell,
 * defaults.run), learn.microsoft.com (Azure Pipelines script/CmdLine@2,
 * AzureCLI@2 scriptType), circleci.com configuration reference (shell,
 * Windows executor), support.atlassian.com (Windows runners).
 * Pure; parses the file only when its text names a shell or Windows.
 */

export interface StepShell {
  readonly shell: NativeShell | 'other';
  /** The shell's name for a message: PowerShell, cmd.exe, or the program named (`python`); '' when an expression chooses it. */
  readonly name: string;
  /** What says so, for a message: "`shell: pwsh`", "`runs-on: windows-latest`: a Windows runner's default shell". */
  readonly why: string;
  /** Only possibly (a matrix of runners that includes Windows). */
  readonly maybe?: true;
}

/** A shell word's shell: undefined for sh and its kin (bash, dash...), else the shell. */
function shellOf(value: string, why: string): StepShell | undefined {
  // `${{ matrix.shell }}`: the shell is chosen when the workflow runs.
  if (value.includes('${{')) return { shell: 'other', name: '', why, maybe: true };
  const first = (value.trim().split(/\s+/)[0] ?? '').replace(/^.*[\\/]/, '').replace(/\.exe$/i, '').toLowerCase();
  if (/^(?:ba|da|z|k|)sh$/.test(first)) return undefined;
  if (first === 'pwsh' || first === 'powershell') return { shell: 'powershell', name: 'PowerShell', why };
  if (first === 'cmd') return { shell: 'cmd', name: 'cmd.exe', why };
  return { shell: 'other', name: first === '' ? value : first, why };
}

/** Every string under a node (for `runs-on` lists, `pool` maps, matrices). */
export function strings(node: unknown, out: string[] = []): string[] {
  if (isScalar(node)) {
    if (node.value !== null && node.value !== undefined) out.push(String(node.value));
  } else if (isMap(node)) for (const p of node.items) strings(p.value, out);
  else if (isSeq(node)) for (const item of node.items) strings(item, out);
  return out;
}

const WINDOWS = /windows|\bwin-?20\d\d|\bvs20\d\d/i;

/** Whether a map, list or scalar node's source holds `offset`. */
function holds(n: unknown, offset: number): n is Node {
  return (isMap(n) || isSeq(n) || isScalar(n)) && n.range !== undefined && n.range !== null && n.range[0] <= offset && offset < n.range[1];
}

/** The maps from the document's root to the scalar holding `offset`, each with the key whose value holds it. */
export function chainAt(root: Node | null, offset: number): { map: YAMLMap; key: string }[] {
  const chain: { map: YAMLMap; key: string }[] = [];
  const inside = (n: unknown): n is Node => holds(n, offset);
  let node: unknown = root;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => inside(p.value));
      if (pair === undefined) return chain;
      chain.push({ map: node, key: String(isScalar(pair.key) ? pair.key.value : pair.key) });
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items.find(inside);
      if (node === undefined) return chain;
    } else return chain;
  }
}

/** Whether a node on the path from the document's root to `offset` (chainAt's) carries an anchor that an alias of the document uses (`used`). */
function anchoredAt(root: Node | null, offset: number, used: ReadonlySet<string>): boolean {
  const inside = (n: unknown): n is Node => holds(n, offset);
  for (let node: unknown = root; inside(node); ) {
    if (node.anchor !== undefined && used.has(node.anchor)) return true;
    node = isMap(node) ? node.items.find((p) => inside(p.value))?.value : isSeq(node) ? node.items.find(inside) : undefined;
  }
  return false;
}

/** The shell of the step whose text holds `offset`, from the maps around it (innermost last). */
function decide(chain: readonly { map: YAMLMap; key: string }[]): StepShell | undefined {
  let runner: StepShell | undefined;
  let cmdOnWindows = false;
  for (let k = chain.length - 1; k >= 0; k--) {
    const { map, key } = chain[k] as { map: YAMLMap; key: string };
    if (key === 'pwsh' || key === 'powershell') return { shell: 'powershell', name: 'PowerShell', why: `\`${key}:\`` };
    if (key === 'bash') return undefined;
    const shell = key === 'shell' ? undefined : getString(map, 'shell');
    if (shell !== undefined) return shellOf(shell, `\`shell: ${shell}\``);
    const defaults = getString(getMap(getMap(map, 'defaults'), 'run'), 'shell');
    if (defaults !== undefined) return shellOf(defaults, `\`defaults.run.shell: ${defaults}\``);
    const task = getString(map, 'task');
    if (task !== undefined) {
      if (/^(?:Azure)?PowerShell@/i.test(task)) return { shell: 'powershell', name: 'PowerShell', why: `\`task: ${task}\`` };
      if (/^AzureCLI@/i.test(task)) {
        const type = getString(getMap(map, 'inputs'), 'scriptType')?.toLowerCase();
        if (type === 'ps' || type === 'pscore') return { shell: 'powershell', name: 'PowerShell', why: `\`task: ${task}\` with \`scriptType: ${type}\`` };
        if (type === 'batch') return { shell: 'cmd', name: 'cmd.exe', why: `\`task: ${task}\` with \`scriptType: batch\`` };
        return undefined;
      }
      if (!/^CmdLine@/i.test(task)) return undefined;
      cmdOnWindows = true;
    } else if (key === 'script' && k === chain.length - 1) cmdOnWindows = true;
    const pool = getNode(map, 'pool');
    if (cmdOnWindows && pool !== undefined) {
      const named = strings(pool);
      if (named.some((s) => WINDOWS.test(s))) return { shell: 'cmd', name: 'cmd.exe', why: `a Windows pool (\`${named.find((s) => WINDOWS.test(s)) ?? ''}\`) runs \`script:\` with cmd.exe` };
      cmdOnWindows = false;
    }
    if (runner === undefined) {
      const runsOn = getNode(map, 'runs-on');
      const named = runsOn === undefined ? [] : strings(runsOn);
      const windows = named.find((s) => WINDOWS.test(s));
      if (windows !== undefined) runner = { shell: 'powershell', name: 'PowerShell', why: `\`runs-on: ${windows}\`: a Windows runner's default shell` };
      else if (named.some((s) => s.includes('${{')) && strings(getNode(map, 'strategy')).some((s) => WINDOWS.test(s))) {
        runner = { shell: 'powershell', name: 'PowerShell', why: `\`runs-on: ${named.find((s) => s.includes('${{')) ?? ''}\` with a Windows runner in the matrix, whose default shell is PowerShell`, maybe: true };
      }
      // GitLab: the runner's shell is not in the file; a job tagged for Windows runners (pwsh by default) may run PowerShell.
      const tag = runner === undefined ? strings(getNode(map, 'tags')).find((s) => WINDOWS.test(s)) : undefined;
      if (tag !== undefined) runner = { shell: 'powershell', name: 'PowerShell', why: `\`tags: ${tag}\`: GitLab's Windows runners run pwsh unless configured otherwise`, maybe: true };
      const image = getString(getMap(map, 'machine'), 'image');
      const exec = getString(map, 'executor') ?? getString(getMap(map, 'executor'), 'name');
      if (runner === undefined && ((exec !== undefined && /^win\//i.test(exec)) || (image !== undefined && WINDOWS.test(image)))) {
        runner = { shell: 'powershell', name: 'PowerShell', why: `${exec !== undefined ? `\`executor: ${exec}\`` : `\`machine.image: ${image ?? ''}\``}: a Windows executor's default shell` };
      }
    }
  }
  return runner;
}

/** Whether a CI file's text may name a shell other than sh or a Windows runner (else no step needs a look). */
const MAY_NAME_SHELL = /pwsh|powershell|windows|\bwin|shell[ \t]*:|scriptType|cmdline@|vs20\d\d/i;

/**
 * For a CI pipeline's text: the shell of the step holding a given offset when it is not sh (undefined: sh, or not
 * known to be another). A text whose YAML does not parse is read by its step keys alone (`powershell:`/`pwsh:`).
 */
export function stepShells(text: string): (offset: number) => StepShell | undefined {
  if (!MAY_NAME_SHELL.test(text)) return () => undefined;
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) return (offset) => (inPowerShellStep(text, offset) ? { shell: 'powershell', name: 'PowerShell', why: '`powershell:`/`pwsh:`' } : undefined);
  return (offset) => decide(chainAt(doc.contents, offset));
}

/** The step keys of the pipelines ciRootOf reads that run PowerShell, not sh (Azure Pipelines' `powershell:`/`pwsh:` steps). */
const POWERSHELL_STEP = /^[ \t]*(?:-[ \t]+)?(?:powershell|pwsh)[ \t]*:/;
/** The step keys whose text is sh: GitHub Actions `run:`, GitLab/Bitbucket/Azure `script:`, Azure `bash:`, CircleCI `run:`/`command:`; an Azure `task:` (another step) ends the walk too. */
const SH_STEP = /^[ \t]*(?:-[ \t]+)?(?:run|script|bash|command|before_script|after_script|task|inlineScript)[ \t]*:/;

/** Whether the pipeline step holding `offset` is a PowerShell one: the nearest step key at or above its line (YAML text, not parsed). */
function inPowerShellStep(text: string, offset: number): boolean {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  for (let start = text.lastIndexOf('\n', offset - 1) + 1; ; start = start < 2 ? 0 : text.lastIndexOf('\n', start - 2) + 1) {
    const line = text.slice(start, end);
    if (POWERSHELL_STEP.test(line)) return true;
    if (SH_STEP.test(line) || start === 0) return false;
    end = start - 1;
  }
}

/**
 * The keys of a CI step whose value is a script: GitHub/CircleCI `run:` (CircleCI `command:`), GitLab/Bitbucket/Azure
 * `script:`, Azure `bash:`/`powershell:`/`pwsh:`/`inlineScript:`, GitLab's `before_script:`/`after_script:`, Bitbucket's
 * `after-script:`. No other key's value is run as a command (`variables:`, `name:`, `displayName:`, ...): ciStepScripts
 * gives null there.
 */
const SCRIPT_KEYS = new Set(['run', 'script', 'command', 'bash', 'powershell', 'pwsh', 'before_script', 'after_script', 'after-script', 'inlineScript']);

/**
 * GitLab's `hooks: pre_get_sources_script:` runs "on the runner before cloning the Git repository and any submodules"
 * (docs.gitlab.com `.gitlab-ci.yml` reference, `hooks:pre_get_sources_script`): no file of the repository is there yet,
 * so a helm line there releases none of its values files; it is read as not run (no release), as the keys below.
 *
 * Keys whose value no CI system runs: variables and environment values, display labels, runner tags (GitLab
 * `variables:`/`tags:`, GitHub `env:` and a step's `name:`, Azure `displayName:`, Bitbucket a step's `name:`). Only these
 * give null: another key's value may be run by what reads it (an action input `with: {exec: helm ...}`, a service's
 * `entrypoint:`), so it is read from the text, as before. A value anywhere below one of them (`variables: {D: ...}`) counts.
 */
const NOT_RUN_KEYS = new Set(['variables', 'name', 'env', 'displayName', 'tags', 'pre_get_sources_script']);

/** A CI step's script (ciStepScripts): the key it is the value of, and its text as sh reads it, in file offsets. */
export interface StepScript {
  readonly key: string;
  /** The file's text with everything but the script's value blanked (newlines kept); undefined when its value is not its source text. */
  readonly view: string | undefined;
  /** The scalar holding the offset, with its YAML value, when `view` is undefined (for what is said at it). */
  readonly scalar?: { readonly start: number; readonly end: number; readonly value: string };
  /** The value holds a node of a custom tag (GitLab's `!reference [.job, script]`): lines of another key run there, not read (blank in `view`). */
  readonly opaque?: true;
  /** A `script`'s GitLab `before_script` (gitlabBeforeScript), when the file names one: it runs first, in the same shell. */
  readonly before?: StepScript | null | 'unknown';
  /** Why `before` is `unknown`, when a message can say it (an `extends` of a job the input does not define). */
  readonly beforeWhy?: string;
}

/**
 * For a CI pipeline's text: the script of the step holding a given offset, as a text of the file's length where
 * everything but that script's YAML value is blank (newlines kept), so offsets and sh's reading (sh-words.ts,
 * script-dirs.ts) are the file's: a `run: |` literal block (from the line after its header), a one-line plain scalar, a
 * one-line quoted scalar whose value is its text between the quotes (no `\` escape in "...", no `''` in '...'), or a
 * list of those, block or flow (GitLab and Bitbucket run a `script:` list's lines in one shell, in order; two items on
 * one line are kept apart by a `;` written over the first character between them). `view` is undefined for a value
 * that is not its source text (a folded or multi-line flow scalar, escapes): `scalar` then holds the value.
 * Null when the offset is in the value of a key no CI system runs (NOT_RUN_KEYS: `variables: [x, helm ...]`),
 * unless a node on its path has an anchor or the file has a GitLab `!reference` (either may put it in a script);
 * undefined then and when the YAML does not parse. Parses the file once, on the first call.
 */
export function ciStepScripts(text: string, pipeline?: GitlabPipeline): (offset: number) => StepScript | null | undefined {
  let doc: ReturnType<typeof parseDocument> | undefined;
  let tops: readonly PipelineFile[] | undefined;
  const views = new Map<Node, string | undefined>();
  let aliases: ReadonlySet<string> | undefined;
  const referencing = text.includes('!reference');
  // An `extends` of a job no file of the input defines may bring a before_script (gitlabBeforeScript says it is not known).
  // So may an include the input does not give: its `default: before_script` (gitlabBeforeScript).
  const unread = pipeline !== undefined ? pipeline.unread : unreadInclude(text);
  const befores = text.includes('before_script') || text.includes('extends') || unread !== undefined || (pipeline?.files.some((f) => f.includes('before_script')) ?? false);
  return (offset) => {
    doc ??= parseDocument(text, { keepSourceTokens: false });
    if (doc.errors.length > 0) return undefined;
    const chain = chainAt(doc.contents, offset);
    const last = chain.at(-1);
    // A value under an anchor may be run where an alias puts it (`.helm: &helm [...]`, `script: *helm`), any value where a
    // GitLab `!reference [.snippets, deploy]` puts it: read from the text, as before.
    if (last === undefined) return undefined;
    if (!SCRIPT_KEYS.has(last.key)) {
      if (!chain.some((c) => NOT_RUN_KEYS.has(c.key)) || referencing) return undefined;
      // An anchor no alias uses puts its value nowhere else.
      if (aliases === undefined) {
        const used = new Set<string>();
        if (text.includes('*')) visit(doc, { Alias: (_, a) => void used.add(a.source) });
        aliases = used;
      }
      return anchoredAt(doc.contents, offset, aliases) ? undefined : null;
    }
    const node = last.map.get(last.key, true) as Node | undefined;
    if (node === undefined) return null;
    const step = scriptOf(text, last.key, node, views, offset);
    if (last.key !== 'script' || !befores) return step;
    tops ??= pipelineTops(text, doc.contents, pipeline);
    const whys: string[] = [];
    const before = gitlabBeforeScript(text, tops, last.map, views, whys, unread);
    return { ...step, before, ...(before === 'unknown' && whys.length > 0 ? { beforeWhy: whys[0] as string } : {}) };
  };
}

/**
 * A GitLab pipeline's files that the batch holds (gitlabPipelines): the repository root (ciRootOf of its
 * `.gitlab-ci.yml`), and the texts of its files in the order GitLab merges them (the `.gitlab-ci.yml` first, then the
 * files it includes, in order); `self` is the index of the file read.
 */
export interface GitlabPipeline {
  readonly root: string;
  readonly files: readonly string[];
  readonly self: number;
  /**
   * The first include of its files that the input does not give (a remote/project/template/component include, a local
   * path with a glob or a variable, a local file the batch does not hold), as written: its `default: before_script` may
   * run before a job's script (gitlabBeforeScript).
   */
  readonly unread?: string;
}

/** One file of a pipeline: its text and its top-level map. */
interface PipelineFile {
  readonly text: string;
  readonly top: YAMLMap | undefined;
}

/** The top-level maps of the file read and of its pipeline's other files (in merge order), for `extends` and `default:`. */
function pipelineTops(text: string, root: Node | null, pipeline: GitlabPipeline | undefined): readonly PipelineFile[] {
  const own = { text, top: isMap(root) ? root : undefined };
  if (pipeline === undefined) return [own];
  return pipeline.files.map((t, k) => {
    if (k === pipeline.self) return own;
    const d = parseDocument(t, { keepSourceTokens: false });
    return { text: t, top: d.errors.length === 0 && isMap(d.contents) ? d.contents : undefined };
  });
}

/**
 * The first include of a CI file read with no pipeline (batchPipelines: none of its local includes is in the input)
 * that the input does not give, as written (GitlabPipeline.unread); undefined without a top-level `include:`.
 */
export function unreadInclude(text: string): string | undefined {
  if (!hasGitlabInclude(text)) return undefined;
  const includes = gitlabIncludes(text);
  const local = includes.local[0];
  return includes.first ?? (local === undefined ? undefined : `local: ${local}`);
}

/** `.gitlab-ci.yml` (at the repository root or below: ciRootOf). */
const GITLAB_CI = /(?:^|\/)\.gitlab-ci\.ya?ml$/i;

/** A top-level `include:` key in a GitLab CI file's text (what every include reader needs before parsing). */
const GITLAB_INCLUDE = /^include[ \t]*:/m;

/** Whether a GitLab CI file's text has a top-level `include:`. */
export function hasGitlabInclude(text: string): boolean {
  return GITLAB_INCLUDE.test(text);
}

/** Whether a path is a GitLab pipeline's `.gitlab-ci.yml`. */
export function isGitlabCi(path: string): boolean {
  return GITLAB_CI.test(path.replace(/\\/g, '/'));
}

/**
 * A GitLab CI file's `include:` (docs.gitlab.com "include" keyword): `local` the repository-relative paths of its local
 * files (`include: 'ci/a.yml'`, `- ci/a.yml`, `- local: /ci/a.yml`, `include: {local: ...}`: from the repository root,
 * a leading `/` dropped), as written; a path with a glob or a variable is not kept. `other`: it includes a file that is
 * not in the repository (`remote:`, `project:`, `template:`, `component:`, a URL) or a local path not kept: its jobs are
 * not known.
 */
export function gitlabIncludes(text: string): { readonly local: readonly string[]; readonly other: boolean; readonly first?: string } {
  if (!hasGitlabInclude(text)) return { local: [], other: false };
  const doc = parseDocument(text, { keepSourceTokens: false });
  const include = doc.errors.length === 0 && isMap(doc.contents) ? doc.contents.get('include', true) : undefined;
  const local: string[] = [];
  let other = false;
  // The first include not kept, as written (`remote: https://...`, `ci/*.yml`), for a message.
  let first: string | undefined;
  const notKept = (what: string): void => {
    other = true;
    first ??= what;
  };
  const add = (path: unknown, key: string): void => {
    const p = typeof path === 'string' ? path.trim() : '';
    if (p === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /[*?[{$]/.test(p)) notKept(`${key}${p}`);
    else local.push(p.replace(/^\/+/, ''));
  };
  const item = (node: unknown): void => {
    if (isScalar(node)) add(node.value, '');
    else if (isMap(node)) {
      const path = node.get('local');
      if (path !== undefined) add(path, 'local: ');
      else {
        const pair = node.items[0];
        const key = isScalar(pair?.key) ? String(pair.key.value) : '';
        notKept(isScalar(pair?.value) ? `${key}: ${String(pair.value.value)}` : key);
      }
    } else notKept('');
  };
  if (isSeq(include)) include.items.forEach(item);
  else if (include !== undefined && include !== null) item(include);
  return first === undefined ? { local, other } : { local, other, first };
}

/** gitlabPipelines of a batch's files (its discoveries, or paths and texts): none without a `.gitlab-ci.yml` that includes. */
export function batchPipelines(files: readonly { readonly path: string; readonly text: string }[]): Map<string, GitlabPipeline> {
  const mains = files.filter((f) => isGitlabCi(f.path) && hasGitlabInclude(f.text));
  if (mains.length === 0) return new Map();
  const byPath = new Map(files.map((f) => [normalizePath(f.path), f.text]));
  return gitlabPipelines(mains, (p) => byPath.get(p));
}

/**
 * The GitLab pipelines of a batch: each `.gitlab-ci.yml` with the local files it includes (and they include, in turn)
 * that the batch holds, as a GitlabPipeline per file index (the `.gitlab-ci.yml` and each included file); empty when
 * no `.gitlab-ci.yml` of the batch includes a file it holds. `read` gives a path's text (undefined when not held).
 */
export function gitlabPipelines(mains: readonly { readonly path: string; readonly text: string }[], read: (path: string) => string | undefined): Map<string, GitlabPipeline> {
  const out = new Map<string, GitlabPipeline>();
  for (const main of mains) {
    if (!isGitlabCi(main.path) || !hasGitlabInclude(main.text)) continue;
    // The repository root: the `.gitlab-ci.yml`'s directory (shell-helm.ts ciRootOf).
    const root = dirname(normalizePath(main.path));
    const members: { path: string; text: string }[] = [{ path: normalizePath(main.path), text: main.text }];
    let unread: string | undefined;
    // GitLab reads nested includes too (a local path is from the repository root there as well).
    for (let k = 0; k < members.length && members.length < 100; k++) {
      const includes = gitlabIncludes((members[k] as { text: string }).text);
      unread ??= includes.first;
      for (const rel of includes.local) {
        const path = joinPath(root, rel);
        const text = members.some((m) => m.path === path) ? undefined : read(path);
        if (text !== undefined) members.push({ path, text });
        else if (!members.some((m) => m.path === path)) unread ??= `local: ${rel}`;
      }
    }
    if (members.length < 2) continue;
    const files = members.map((m) => m.text);
    members.forEach((m, self) => out.set(m.path, { root, files, self, ...(unread !== undefined ? { unread } : {}) }));
  }
  return out;
}

/** The script of a script key's value node (ciStepScripts), views kept per node. */
function scriptOf(text: string, key: string, node: Node, views: Map<Node, string | undefined>, offset?: number): StepScript {
  if (!views.has(node)) views.set(node, scriptView(text, node));
  const view = views.get(node);
  const opaque = referenced(node) ? { opaque: true as const } : {};
  if (view !== undefined || offset === undefined) return { key, view, ...opaque };
  const scalar = scalarAt(node, offset);
  return scalar === undefined ? { key, view, ...opaque } : { key, view, scalar, ...opaque };
}

/** A node of a custom tag (`!reference [...]`: GitLab puts another key's lines there), not YAML's own. */
function customTag(node: unknown): boolean {
  const tag = (node as { tag?: string } | null | undefined)?.tag;
  return tag !== undefined && !tag.startsWith('tag:yaml.org,2002:');
}

/** Whether a script node is or holds (as a list item) a custom-tagged node. */
function referenced(node: unknown): boolean {
  return customTag(node) || (isSeq(node) && node.items.some(customTag));
}

/** The scalar under a node whose source holds an offset, with its value. */
function scalarAt(node: unknown, offset: number): StepScript['scalar'] {
  if (isSeq(node)) {
    for (const item of node.items) {
      const found = scalarAt(item, offset);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
  const [start, end] = node.range;
  return start <= offset && offset < end && typeof node.value === 'string' ? { start, end, value: node.value } : undefined;
}

/** A source range of a script's text; `fold`: a multi-line plain scalar's, whose line breaks between lines are spaces. */
type ScriptRange = readonly [number, number, true?, 'block'?];

/** Whether a multi-line plain scalar's lines each close the quotes they open (sh reads each word within one line). */
function foldable(source: string): boolean {
  return source.split('\n').every((line) => {
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      if (quote !== undefined) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && quote === '"') i++;
      } else if (c === '\\') i++;
      else if (c === "'" || c === '"' || c === '`') quote = c;
    }
    return quote === undefined;
  });
}

/** The source ranges of a script node's text (scriptView), or undefined when its value is not its source. */
function scriptRanges(text: string, node: unknown): ScriptRange[] | undefined {
  // GitLab's `!reference [.job, script]`: lines written elsewhere (StepScript.opaque); nothing of its own to read.
  if (customTag(node)) return [];
  if (isSeq(node)) {
    const out: ScriptRange[] = [];
    for (const item of node.items) {
      const r = scriptRanges(text, item);
      if (r === undefined) return undefined;
      out.push(...r);
    }
    return out;
  }
  if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
  const [start, end] = node.range;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const body = text.indexOf('\n', start) + 1;
    if (body === 0 || body > end) return [];
    if (node.type === 'BLOCK_LITERAL') return [[body, end]];
    // `>`: folded as a plain scalar's lines (but more-indented ones: folded()); an indentation indicator (`>2`) is not read.
    return /\d/.test(text.slice(start, body)) || !foldable(text.slice(body, end)) ? undefined : [[body, end, true, 'block']];
  }
  const source = text.slice(start, end);
  // A multi-line plain scalar: YAML folds each line break between two lines into one space (YAML 1.2 §7.3.3, §6.5), so its
  // words are those of its lines (scriptView writes a blank over each such break); unless a quote spans lines (sh would keep
  // the indentation in the word).
  if (source.includes('\n')) return node.type === 'PLAIN' && foldable(source) ? [[start, end, true]] : undefined;
  if (node.type === 'PLAIN') return [[start, end]];
  // YAML 1.2 §7.3: a one-line quoted scalar's value is its text between the quotes, but for escapes (`\x` in "...", `''` in '...').
  const inner = source.slice(1, -1);
  if (node.type === 'QUOTE_DOUBLE' && !inner.includes('\\')) return [[start + 1, end - 1]];
  if (node.type === 'QUOTE_SINGLE' && !inner.includes("'")) return [[start + 1, end - 1]];
  return undefined;
}

/**
 * A multi-line plain scalar's source (or a `>` block's body, `block`) with a blank over each line break between two
 * lines that are not empty (one space of its value: YAML 1.2 §6.5 line folding); in a `>` block, a break next to a
 * more-indented line is kept (§8.1.3).
 */
function folded(source: string, block = false): string {
  const lines = source.split('\n');
  const indent = block ? /^[ ]*/.exec(lines.find((l) => l.trim() !== '') ?? '')?.[0].length ?? 0 : 0;
  const more = (line: string): boolean => block && /^[ \t]/.test(line.slice(indent));
  let out = lines[0] as string;
  for (let k = 1; k < lines.length; k++) {
    const before = lines[k - 1] as string;
    const line = lines[k] as string;
    const fold = before.trim() !== '' && line.trim() !== '' && !more(before) && !more(line);
    out = fold && out.endsWith('\r') ? `${out.slice(0, -1)} ` : out;
    out += `${fold ? ' ' : '\n'}${line}`;
  }
  return out;
}

/** The file's text with only a script node's source kept (ciStepScripts). */
function scriptView(text: string, node: Node): string | undefined {
  const ranges = scriptRanges(text, node);
  if (ranges === undefined) return undefined;
  const blank = (from: number, to: number): string => text.slice(from, to).replace(/[^\n]/g, ' ');
  let out = '';
  let at = 0;
  for (const [from, to, fold, block] of ranges) {
    // Two list items on one line (a flow list `[cd x, helm ...]`) are two commands: a `;` over the first character between them.
    const gap = blank(at, from);
    out += at > 0 && !gap.includes('\n') && gap.length > 0 ? `;${gap.slice(1)}` : gap;
    // A folded line break (between two lines that are not empty) is one space of the value: a blank over it, offsets kept.
    out += fold === true ? folded(text.slice(from, to), block === 'block') : text.slice(from, to);
    at = to;
  }
  return out + blank(at, text.length);
}

/**
 * The `before_script` a GitLab job's `script` runs after in the same shell (docs.gitlab.com `.gitlab-ci.yml` reference:
 * `before_script` "runs in the same shell as the main script"; a job's own overrides `default:`'s, and the top-level
 * `before_script` is the old spelling of `default:`'s): the job's own, else the one of the jobs it `extends` (the
 * last named first, templates in this file), else `default:`'s (unless `inherit: default` turns it off). `null` when
 * there is none; `unknown` when it may come from elsewhere (an `extends` of a job not in this file, a `<<` merge, an
 * alias, or `unread`, an include the input does not give, when the job would take `default:`'s and the `.gitlab-ci.yml`
 * writes none).
 */
export function gitlabBeforeScript(text: string, tops: readonly PipelineFile[], job: YAMLMap, views: Map<Node, string | undefined>, whys: string[] = [], unread?: string): StepScript | null | 'unknown' {
  // A node and the text of the file holding it (a template or `default:` of another file of the pipeline).
  type Found = { readonly node: Node; readonly text: string } | null | 'unknown';
  const own = (map: YAMLMap, at: string, depth: number): Found => {
    const node = map.get('before_script', true) as Node | undefined;
    if (node !== undefined) return isSeq(node) || isScalar(node) ? { node, text: at } : 'unknown';
    if (map.has('<<') || depth > 8) return 'unknown';
    for (const name of strings(map.get('extends', true)).reverse()) {
      // The first file of the pipeline (the `.gitlab-ci.yml`, then its includes) that defines the template.
      const file = tops.find((f) => isMap(f.top?.get(name, true)));
      const base: unknown = file?.top?.get(name, true);
      if (file === undefined || !isMap(base)) {
        const elsewhere = tops.length > 1 ? 'no file of its pipeline in the input defines' : 'this file does not define';
        whys.push(`in the directory its job's \`before_script\` leaves, not known: \`extends: ${name}\` names a job ${elsewhere} (an \`include:\`d file may)`);
        return 'unknown';
      }
      const found = own(base, file.text, depth + 1);
      if (found !== null) return found;
    }
    return null;
  };
  let found = own(job, text, 0);
  if (found === null) {
    const inherit = getNode(getMap(job, 'inherit'), 'default');
    const off = isScalar(inherit) ? inherit.value === false : isSeq(inherit) ? !strings(inherit).includes('before_script') : false;
    const at = off ? undefined : tops.find((f) => (getMap(f.top, 'default')?.get('before_script', true) ?? f.top?.get('before_script', true)) !== undefined);
    const fallback = at === undefined ? undefined : ((getMap(at.top, 'default')?.get('before_script', true) ?? at.top?.get('before_script', true)) as Node);
    found = at === undefined || fallback === undefined ? null : isSeq(fallback) || isScalar(fallback) ? { node: fallback, text: at.text } : 'unknown';
    // An included file's `default:` (or top-level) `before_script` is the job's unless the `.gitlab-ci.yml` writes one
    // (docs.gitlab.com "Use CI/CD configuration from other files": included files are deep-merged into it, its keys win):
    // with an include the input does not give, only the `.gitlab-ci.yml`'s own is known.
    if (!off && unread !== undefined && at !== tops[0]) {
      const what = unread === '' ? 'an `include:` item' : `\`include:\` of \`${unread}\``;
      whys.push(`in the directory its job's \`before_script\` leaves, not known: its pipeline's ${what} is not in the input (an included file's \`default: before_script\` runs before the job's script)`);
      found = 'unknown';
    }
  }
  return found === null || found === 'unknown' ? found : scriptOf(found.text, 'before_script', found.node, views);
}
