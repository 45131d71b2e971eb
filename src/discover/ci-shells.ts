import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { getMap, getNode, getString } from '../yaml/yaml-nodes.js';
import type { NativeShell } from '../source/native-words.js';

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

/** The maps from the document's root to the scalar holding `offset`, each with the key whose value holds it. */
export function chainAt(root: Node | null, offset: number): { map: YAMLMap; key: string }[] {
  const chain: { map: YAMLMap; key: string }[] = [];
  const inside = (n: unknown): n is Node => (isMap(n) || isSeq(n) || isScalar(n)) && n.range !== undefined && n.range !== null && n.range[0] <= offset && offset < n.range[1];
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

/** The keys of a CI step whose value is a script: GitHub/CircleCI `run:` (CircleCI `command:`), GitLab/Bitbucket/Azure `script:`, Azure `bash:`/`inlineScript:`, GitLab's `before_script:`/`after_script:`. */
const SCRIPT_KEYS = new Set(['run', 'script', 'command', 'bash', 'before_script', 'after_script', 'inlineScript']);

/**
 * For a CI pipeline's text: the script of the step holding a given offset, as a text of the file's length where
 * everything but that script is blank (newlines kept), so offsets and sh's reading (sh-words.ts, script-dirs.ts) are the
 * file's: a `run: |` literal block (from the line after its header), a one-line plain scalar, or a list of them (GitLab
 * and Bitbucket run a `script:` list's lines in one shell, in order). Undefined for anything else (a quoted or folded
 * scalar, whose text is not its source; a text whose YAML does not parse). Parses the file once, on the first call.
 */
export function ciStepScripts(text: string): (offset: number) => { readonly key: string; readonly view: string } | undefined {
  let doc: ReturnType<typeof parseDocument> | undefined;
  const views = new Map<Node, string | undefined>();
  return (offset) => {
    doc ??= parseDocument(text, { keepSourceTokens: false });
    if (doc.errors.length > 0) return undefined;
    const last = chainAt(doc.contents, offset).pop();
    if (last === undefined || !SCRIPT_KEYS.has(last.key)) return undefined;
    const node = last.map.get(last.key, true) as Node | undefined;
    if (node === undefined) return undefined;
    if (!views.has(node)) views.set(node, scriptView(text, node));
    const view = views.get(node);
    return view === undefined ? undefined : { key: last.key, view };
  };
}

/** The source ranges of a script node's text (scriptView), or undefined when its value is not its source. */
function scriptRanges(text: string, node: unknown): (readonly [number, number])[] | undefined {
  if (isSeq(node)) {
    const out: (readonly [number, number])[] = [];
    for (const item of node.items) {
      const r = scriptRanges(text, item);
      if (r === undefined) return undefined;
      out.push(...r);
    }
    return out;
  }
  if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
  const [start, end] = node.range;
  if (node.type === 'BLOCK_LITERAL') {
    const body = text.indexOf('\n', start) + 1;
    return body === 0 || body > end ? [] : [[body, end]];
  }
  return node.type === 'PLAIN' && !text.slice(start, end).includes('\n') ? [[start, end]] : undefined;
}

/** The file's text with only a script node's source kept (ciStepScripts). */
function scriptView(text: string, node: Node): string | undefined {
  const ranges = scriptRanges(text, node);
  if (ranges === undefined) return undefined;
  const blank = (from: number, to: number): string => text.slice(from, to).replace(/[^\n]/g, ' ');
  let out = '';
  let at = 0;
  for (const [from, to] of ranges) {
    // Two list items on one line (a flow list `[cd x, helm ...]`) would read as one command.
    if (at > 0 && !text.slice(at, from).includes('\n')) return undefined;
    out += blank(at, from) + text.slice(from, to);
    at = to;
  }
  return out + blank(at, text.length);
}
