import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node, type YAMLMap } from 'yaml';
import { dirname, joinPath, normalizePath } from '../source/paths.js';
import { ANSIBLE_K8S_MODULES } from '../discover/discover-file.js';

/*
 * Ansible tasks that install a file on a managed host: `copy`/`template`
 * (`ansible.builtin.*`, `ansible.legacy.*`) with `src:` and `dest:`, in a
 * playbook or a role's tasks/handlers file (a YAML sequence at the root), in
 * the map form (`copy: {src: x, dest: y}`) or the free form
 * (`template: src=x dest=y`). Ansible looks a relative `src` up in the role's
 * (or playbook's) `files/` (copy) or `templates/` (template) directory, then
 * next to it; `{{ role_path }}/` is the role's directory. A `src` holding any
 * other template action is not followed. What such a task installs runs on a
 * host (Fluent Bit's package, a systemd service), not in a Kubernetes pod.
 * Text only, never throws.
 */

const MODULES = new Set(['copy', 'template', 'ansible.builtin.copy', 'ansible.builtin.template', 'ansible.legacy.copy', 'ansible.legacy.template']);

/** One `copy`/`template` task of an Ansible file. */
export interface AnsibleCopy {
  /** The tasks file or playbook. */
  readonly path: string;
  readonly module: string;
  /** `src` as written. */
  readonly src: string;
  /** Where Ansible looks `src` up, in its order (normalized paths). */
  readonly sources: readonly string[];
  readonly dest: string;
  /** The module key's range (where a diagnostic points). */
  readonly start: number;
  readonly end: number;
}

/** A quick test before parsing: an Ansible file naming a copy or template module with src and dest. */
function mayHoldCopies(text: string): boolean {
  return /\b(?:copy|template)\s*:/.test(text) && /\bsrc\b/.test(text) && /\bdest\b/.test(text);
}

function rangeOf(node: Node): { start: number; end: number } {
  const r = node.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

/** `src=x dest=y` (Ansible's free form; quotes around a value are dropped). */
function freeForm(value: string): { src?: string; dest?: string } {
  const out: { src?: string; dest?: string } = {};
  for (const word of value.split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq <= 0) continue;
    const key = word.slice(0, eq);
    const v = word.slice(eq + 1).replace(/^(['"])(.*)\1$/, '$2');
    if (key === 'src' || key === 'dest') out[key] = v;
  }
  return out;
}

function lookups(file: string, sub: 'files' | 'templates', src: string): string[] {
  const taskDir = dirname(normalizePath(file));
  const inRole = /(?:^|\/)(?:tasks|handlers)$/.test(taskDir);
  const base = inRole ? dirname(taskDir) : taskDir;
  const rolePath = /^\{\{\s*role_path\s*\}\}\//.exec(src);
  if (rolePath) return [normalizePath(joinPath(base, src.slice(rolePath[0].length)))];
  if (/\{\{|\{%/.test(src)) return [];
  if (src.startsWith('/')) return [normalizePath(src)];
  const out = [joinPath(joinPath(base, sub), src), joinPath(base, src)];
  if (inRole) out.push(joinPath(taskDir, src));
  return [...new Set(out.map(normalizePath))];
}

/**
 * Calls `onTask(module, value, keyNode, play)` for each `module: value` pair of the tasks of an Ansible file whose root is
 * a sequence (plays' tasks, pre_tasks, post_tasks, handlers, roles; blocks' block/rescue/always; any nesting), in
 * text order. A file that does not parse is read up to nothing. Never throws.
 */
function eachTaskPair(text: string, onTask: (module: string, value: unknown, key: Node, play: AnsiblePlay | undefined) => boolean | void, onPlay?: (play: AnsiblePlay) => void): void {
  try {
    for (const doc of parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false })) {
      if (!('contents' in doc) || doc.errors.length > 0 || !isSeq(doc.contents)) continue;
      let play: AnsiblePlay | undefined;
      const visit = (node: unknown, depth: number): void => {
        if (depth > 64) return;
        if (isSeq(node)) {
          for (const item of node.items) visit(item, depth + 1);
          return;
        }
        if (!isMap(node)) return;
        for (const pair of node.items) {
          if (!isPair(pair) || !isScalar(pair.key)) continue;
          // true: the pair is a module's (its value is not walked for tasks).
          if (onTask(String(pair.key.value), pair.value, pair.key as Node, play) === true) continue;
          if (isSeq(pair.value) || isMap(pair.value)) visit(pair.value, depth + 1);
        }
      };
      for (const item of doc.contents.items) {
        // A play: a root item with `hosts:` (its tasks, roles, includes are the play's).
        const hosts: unknown = isMap(item) ? item.get('hosts', true) : undefined;
        const named = isScalar(hosts) ? String(hosts.value) : isSeq(hosts) ? hosts.items.map((h: unknown) => (isScalar(h) ? String(h.value) : '')).join(',') : undefined;
        play = isMap(item) && named !== undefined ? { hosts: named, ...rangeOf(item), vars: playVars(text, item) } : undefined;
        if (play !== undefined) onPlay?.(play);
        visit(item, 1);
      }
    }
  } catch {
    return;
  }
}

/** A play of a playbook: its `hosts:`, its range and the variables its `vars:` sets. */
export interface AnsiblePlay {
  readonly hosts: string;
  readonly start: number;
  readonly end: number;
  /** `vars:` of the play: each name with its literal (the scalar's source), or undefined when it is not one. */
  readonly vars?: ReadonlyMap<string, string | undefined>;
}

/** A scalar's literal as written (quotes taken off), or undefined for a map, a list or a value with Jinja in it. */
function literalOf(text: string, v: unknown): string | undefined {
  const source = isScalar(v) && v.range && (typeof v.value === 'string' || typeof v.value === 'number') ? text.slice(v.range[0], v.range[1]).trim().replace(/^(['"])(.*)\1$/s, '$2') : undefined;
  return source !== undefined && !/\{\{|\{%/.test(source) ? source : undefined;
}

/** The `vars:` map of a play item (empty when it has none, or it is not a map). */
function playVars(text: string, item: YAMLMap): ReadonlyMap<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const vars: unknown = item.get('vars', true);
  if (!isMap(vars)) return out;
  for (const pair of vars.items) if (isPair(pair) && isScalar(pair.key)) out.set(String(pair.key.value), literalOf(text, pair.value));
  return out;
}

/** The `copy`/`template` tasks of an Ansible file (playbook, role tasks): empty for anything else. */
export function ansibleCopies(file: string, text: string): AnsibleCopy[] {
  if (!/\.ya?ml$/i.test(file) || !mayHoldCopies(text)) return [];
  const out: AnsibleCopy[] = [];
  eachTaskPair(text, (key, value, keyNode) => {
    if (!MODULES.has(key)) return false;
    let src: unknown;
    let dest: unknown;
    if (isMap(value)) {
      src = value.get('src');
      dest = value.get('dest');
    } else if (isScalar(value) && typeof value.value === 'string') {
      ({ src, dest } = freeForm(value.value));
    }
    if (typeof src === 'string' && typeof dest === 'string' && src !== '') {
      out.push({ path: file, module: key, src, sources: lookups(file, key.endsWith('template') ? 'templates' : 'files', src), dest, ...rangeOf(keyNode) });
    }
    return true;
  });
  return out;
}

/** One manifest file a `kubernetes.core.k8s` task applies: its `src:`, its `template:`, or the file its `definition:` string looks up. */
export interface AnsibleManifest {
  /** The tasks file or playbook. */
  readonly path: string;
  readonly module: string;
  /** `src`, `template` or `definition`. */
  readonly via: 'src' | 'template' | 'definition';
  /** The file as written. */
  readonly file: string;
  /** Where Ansible looks it up, in its order (normalized paths). */
  readonly sources: readonly string[];
  /** The play whose task applies it (undefined in a tasks file of a role or an include). */
  readonly play?: AnsiblePlay;
}

/** `lookup('template', 'x')` / `lookup("file", "x")` (also `query`/`q`) in a `definition:` string: the lookup plugin and the file. */
const LOOKUP = /\b(?:lookup|query|q)\(\s*(['"])(?:ansible\.builtin\.)?(file|template)\1\s*,\s*(['"])([^'"{}]+)\3/g;

/**
 * The manifest files the `kubernetes.core.k8s` tasks (and `k8s`, `community.kubernetes.k8s`, `community.okd.k8s`,
 * `redhat.openshift.k8s`) of an Ansible file apply: `src:` (found where Ansible finds a `copy`'s src: the role's or
 * playbook's `files/`, then beside it), `template:` (a string, `{path: x}` or a list of them: `templates/` first) and
 * a `definition:` string that looks a file up (`lookup('template', 'x.yaml.j2') | from_yaml`: `templates/`;
 * `lookup('file', 'x.yaml')`: `files/`). A name holding a template action is not followed.
 */
export function ansibleManifests(file: string, text: string): AnsibleManifest[] {
  if (!/\.ya?ml$/i.test(file) || !/\bk8s\s*:/.test(text) || !/\b(?:src|template|lookup|query|q)\b/.test(text)) return [];
  const out: AnsibleManifest[] = [];
  let play: AnsiblePlay | undefined;
  const add = (module: string, via: AnsibleManifest['via'], name: unknown, sub: 'files' | 'templates'): void => {
    if (typeof name !== 'string' || name === '') return;
    const sources = lookups(file, sub, name);
    if (sources.length > 0) out.push(play === undefined ? { path: file, module, via, file: name, sources } : { path: file, module, via, file: name, sources, play });
  };
  eachTaskPair(text, (key, value, _keyNode, inPlay) => {
    if (!ANSIBLE_K8S_MODULES.has(key)) return false;
    play = inPlay;
    if (!isMap(value)) return true;
    add(key, 'src', value.get('src'), 'files');
    const template = value.get('template', true);
    const templates = isSeq(template) ? template.items : [template];
    for (const t of templates) {
      if (isScalar(t)) add(key, 'template', t.value, 'templates');
      else if (isMap(t)) add(key, 'template', t.get('path'), 'templates');
    }
    const definition = value.get('definition');
    if (typeof definition === 'string') {
      for (const m of definition.matchAll(LOOKUP)) add(key, 'definition', m[4], m[2] === 'template' ? 'templates' : 'files');
    }
    return true;
  });
  return out;
}

/** A config a host-management task writes from inline text (Ansible's copy `content:`, Salt's file.managed `contents:`). */
export interface WrittenContent {
  readonly path: string;
  /** Where it is written on the host. */
  readonly dest: string;
  /** The text as written on the host (the scalar's value). */
  readonly content: string;
  /** The content scalar's range in the file. */
  readonly contentStart: number;
  readonly contentEnd: number;
  /** The module's (state function's) key range (where a diagnostic points). */
  readonly start: number;
  readonly end: number;
}

/** A `copy` task that writes its `content:` (a classic Fluent Bit config) to `dest` on a host. */
export interface AnsibleContent extends WrittenContent {
  readonly module: string;
}

/** A classic Fluent Bit config as inline content: a `[INPUT]`-style section header on a line of its own. */
export function isClassicContent(text: string): boolean {
  return /^[ \t]*\[(?:INPUT|SERVICE|OUTPUT|FILTER)\][ \t]*$/im.test(text);
}

/**
 * The `copy` tasks of an Ansible file whose `content:` is a classic Fluent Bit config (a `[INPUT]`-style section
 * header on a line of its own) written to a `dest`: the inline form of a role's `files/fluent-bit.conf`.
 */
export function ansibleContents(file: string, text: string): AnsibleContent[] {
  if (!/\.ya?ml$/i.test(file) || !/\bcopy\s*:/.test(text) || !/\bcontent\s*:/.test(text) || !/^[ \t]*\[(?:INPUT|SERVICE|OUTPUT|FILTER)\]/im.test(text)) return [];
  const out: AnsibleContent[] = [];
  eachTaskPair(text, (key, value, keyNode) => {
    if (!MODULES.has(key) || key.endsWith('template')) return MODULES.has(key);
    if (!isMap(value)) return true;
    const node = value.get('content', true);
    const dest = value.get('dest');
    if (!isScalar(node) || typeof node.value !== 'string' || typeof dest !== 'string' || !node.range) return true;
    if (!isClassicContent(node.value)) return true;
    out.push({ path: file, module: key, dest, content: node.value, contentStart: node.range[0], contentEnd: node.range[1], ...rangeOf(keyNode) });
    return true;
  });
  return out;
}

/** The `copy`/`template` tasks of the batch's Ansible files. */
export function ansibleBatch(files: readonly { readonly path: string; readonly text: string }[]): AnsibleCopy[] {
  return files.flatMap((f) => ansibleCopies(f.path, f.text));
}

/** The task of `copies` that installs `file` on a host (the first source Ansible would find among `inputs`). */
export function ansibleCopyOf(copies: readonly AnsibleCopy[], file: string, inputs?: ReadonlySet<string>): AnsibleCopy | undefined {
  const f = normalizePath(file);
  return copies.find((c) => {
    const found = inputs === undefined ? c.sources.find((s) => s === f) : c.sources.find((s) => inputs.has(s));
    return found === f;
  });
}

/**
 * The CLI's batch links of an Ansible file: it, the inputs its copy/template tasks install, the roles and tasks files
 * it includes (so a play and the role it runs are judged together), the manifests its k8s tasks apply, and, when an
 * image of it holds Jinja, the vars files beside it and of the roles it runs (group_vars, host_vars, vars, the
 * roles' defaults and vars) (like a `kubectl apply -f` path: a ConfigMap and the DaemonSet mounting it are one deployment).
 * Empty when none.
 */
export function ansibleLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  const copies: readonly { readonly sources: readonly string[] }[] = [...ansibleCopies(file, text), ...ansibleManifests(file, text)];
  const includes = INCLUDE_KEYS.test(text) ? ansibleReachOf(file, text).includes : [];
  if (copies.length === 0 && includes.length === 0 && !JINJA_IMAGE.test(text)) return [];
  const byPath = new Map(inputs.map((i) => [normalizePath(i), i]));
  const linked: string[] = [];
  for (const c of copies) {
    const found = c.sources.find((s) => byPath.has(s));
    if (found !== undefined && byPath.get(found) !== file) linked.push(byPath.get(found) as string);
  }
  const inputSet = includes.length > 0 ? new Set(byPath.keys()) : undefined;
  const roles: string[] = [];
  for (const inc of includes) {
    const found = includeTarget(inc, inputSet as ReadonlySet<string>);
    if (found !== undefined && byPath.get(found) !== file) linked.push(byPath.get(found) as string);
    const role = found === undefined ? undefined : roleDirOf(found);
    if (role !== undefined) roles.push(role);
  }
  // A playbook whose images hold Jinja, and the vars files that may set their variables (ansibleVariables).
  if (JINJA_IMAGE.test(text)) {
    const dir = dirname(normalizePath(file));
    const own = roleDirOf(file);
    const scopes = [...['group_vars', 'host_vars', 'vars'].map((v) => joinPath(dir, v)), ...[...roles, ...(own ? [own] : [])].flatMap((r) => [joinPath(r, 'defaults'), joinPath(r, 'vars')])];
    for (const [n, i] of byPath) if (i !== file && varsRank(n) !== undefined && scopes.some((sc) => n.startsWith(`${sc}/`))) linked.push(i);
  }
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}

/*
 * What runs where: the plays of the batch's playbooks and the roles and tasks files they reach (`roles:`,
 * `include_role`/`import_role` with `tasks_from`, `include_tasks`/`import_tasks`/`include`), followed within the
 * inputs, so a role's copy/template task is judged with the hosts of the plays that run it. A play whose tasks (its
 * own or those reached) install kubelet, kubeadm, k3s or rke2 runs on Kubernetes nodes; one that installs Docker
 * (docker-ce, docker.io, moby) or starts containers with community.docker runs on Docker hosts (a node may do both:
 * the node wins, that is the dockershim case). An include whose name is templated or whose file is not among the
 * inputs is not followed (said by the caller, never assumed).
 */

/** An include of an Ansible file: a role (`roles:`, include_role, import_role) or a tasks file (include_tasks, import_tasks, include). */
export interface AnsibleInclude {
  readonly path: string;
  readonly kind: string;
  /** The role or tasks file as written. */
  readonly name: string;
  /** Where Ansible looks it up (normalized paths); empty when the name is templated. */
  readonly candidates: readonly string[];
  /** A role: any input `roles/<name>/tasks/<file>` is it (roles_path), when no candidate is. */
  readonly roleSuffix?: string;
  readonly play: AnsiblePlay | undefined;
  readonly start: number;
  readonly end: number;
}

/** A task that says what a play's hosts are. */
export interface AnsibleHostSign {
  readonly path: string;
  readonly kind: 'kubernetes' | 'docker';
  /** What it installs or runs (`kubelet`, `docker-ce`, `community.docker.docker_container`). */
  readonly what: string;
  readonly play: AnsiblePlay | undefined;
}

/** A text with an `image:` line holding a Jinja action (line by line: linear). */
const JINJA_IMAGE = {
  test(text: string): boolean {
    if (!text.includes('{{') || !text.includes('image:')) return false;
    return text.split('\n').some((line) => line.includes('{{') && /^[ \t]*(?:-[ \t]+)?image:/.test(line));
  },
};
const INCLUDE_KEYS = /\b(?:roles|include_role|import_role|include_tasks|import_tasks|include)\s*:/;
const ROLE_KEYS = new Set(['include_role', 'import_role', 'ansible.builtin.include_role', 'ansible.builtin.import_role']);
const TASKS_KEYS = new Set(['include_tasks', 'import_tasks', 'include', 'ansible.builtin.include_tasks', 'ansible.builtin.import_tasks', 'ansible.builtin.include']);
const PACKAGE_MODULES = /^(?:ansible\.builtin\.|community\.general\.)?(?:package|apt|yum|dnf|zypper|apk|snap)$/;
export const KUBERNETES_PACKAGE = /^(?:kubelet|kubeadm|k3s|rke2(?:-server|-agent)?|microk8s)(?:[=<>-]\d.*)?$/;
export const DOCKER_PACKAGE = /^(?:docker-ce|docker\.io|docker-engine|docker|moby-engine)(?:[=<>-]\d.*)?$/;
const KUBERNETES_COMMAND = /\bkubeadm\s+(?:init|join)\b|get\.k3s\.io|get\.rke2\.io/;

/** The role's directory (`.../roles/<name>`) of a file inside a role, else undefined. */
function roleDirOf(file: string): string | undefined {
  const m = /^(.*?(?:^|\/)roles\/[^/]+)\/(?:tasks|handlers|meta)\/[^/]+$/.exec(normalizePath(file));
  return m?.[1];
}

function withYamlNames(path: string): string[] {
  return /\.ya?ml$/i.test(path) ? [path] : [`${path}.yml`, `${path}.yaml`];
}

function roleCandidates(file: string, name: string, tasksFrom: string | undefined): { candidates: string[]; roleSuffix?: string } {
  if (/\{\{|\{%/.test(name) || (tasksFrom !== undefined && /\{\{|\{%/.test(tasksFrom))) return { candidates: [] };
  const tasks = withYamlNames(`tasks/${tasksFrom ?? 'main'}`);
  const roleDir = roleDirOf(file);
  // A role's own include: its sibling roles; a playbook's: roles/ beside it, or a path.
  const bases = name.includes('/') && !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(name)
    ? [joinPath(dirname(normalizePath(file)), name)]
    : [roleDir ? joinPath(dirname(roleDir), name) : joinPath(joinPath(dirname(normalizePath(file)), 'roles'), name)];
  const short = name.split('.').pop() ?? name;
  return { candidates: [...new Set(bases.flatMap((b) => tasks.map((t) => normalizePath(joinPath(b, t)))))], roleSuffix: `roles/${name.includes('/') ? name.split('/').pop() : short}/${tasks[0]}` };
}

function tasksCandidates(file: string, name: string): string[] {
  const rolePath = /^\{\{\s*role_path\s*\}\}\//.exec(name);
  const roleDir = roleDirOf(file);
  if (rolePath) return roleDir ? withYamlNames(normalizePath(joinPath(roleDir, name.slice(rolePath[0].length)))) : [];
  if (/\{\{|\{%/.test(name)) return [];
  const dir = dirname(normalizePath(file));
  const out = [joinPath(dir, name)];
  if (roleDir) out.push(joinPath(joinPath(roleDir, 'tasks'), name));
  return [...new Set(out.map(normalizePath))];
}

/** A package name without its version (`kubelet=1.24.17-00`, `kubelet-1.29.0` -> `kubelet`): up to the first `=`, `<`, `>` or `-` before a digit. */
function packageBase(name: string): string {
  for (let i = 0; i + 1 < name.length; i++) if ('=<>-'.includes(name[i] as string) && name[i + 1]! >= '0' && name[i + 1]! <= '9') return name.slice(0, i);
  return name;
}

/** Package names of a package task (`name: x`, `name: [x, y]`, `name: "x,y"`, the free form `name=x`). */
function packageNames(value: unknown): string[] {
  let names: unknown;
  if (isMap(value)) names = value.get('name', true) ?? value.get('pkg', true);
  else if (isScalar(value) && typeof value.value === 'string') names = /\b(?:name|pkg)=(\S+)/.exec(value.value)?.[1];
  const list = isSeq(names) ? names.items.map((n) => (isScalar(n) ? n.value : undefined)) : [isScalar(names) ? names.value : names];
  return list.flatMap((n) => (typeof n === 'string' ? n.split(',').map((x) => x.trim()) : []));
}

/** The includes and host signs of an Ansible file (empty for anything else). */
export function ansibleReachOf(file: string, text: string): { readonly includes: AnsibleInclude[]; readonly signs: AnsibleHostSign[]; readonly plays: AnsiblePlay[] } {
  const includes: AnsibleInclude[] = [];
  const signs: AnsibleHostSign[] = [];
  const plays: AnsiblePlay[] = [];
  if (!/\.ya?ml$/i.test(file) || !/^-/m.test(text)) return { includes, signs, plays };
  if (!/\b(?:roles|include_role|import_role|include_tasks|import_tasks|include|hosts|kubelet|kubeadm|k3s|rke2|microk8s|docker)\b/.test(text)) return { includes, signs, plays };
  eachTaskPair(text, (key, value, keyNode, play) => {
    const at = rangeOf(keyNode);
    if (key === 'roles' && play !== undefined && isSeq(value)) {
      for (const r of value.items) {
        const name = isScalar(r) ? r.value : isMap(r) ? r.get('role') ?? r.get('name') : undefined;
        if (typeof name !== 'string') continue;
        const range = rangeOf(r as Node);
        includes.push({ path: file, kind: 'roles', name, ...roleCandidates(file, name, undefined), play, ...range });
      }
      return true;
    }
    if (ROLE_KEYS.has(key)) {
      const name = isMap(value) ? value.get('name') : undefined;
      const tasksFrom = isMap(value) ? value.get('tasks_from') : undefined;
      if (typeof name === 'string') includes.push({ path: file, kind: key.replace(/^ansible\.builtin\./, ''), name, ...roleCandidates(file, name, typeof tasksFrom === 'string' ? tasksFrom : undefined), play, ...at });
      return true;
    }
    if (TASKS_KEYS.has(key)) {
      const name = isScalar(value) ? value.value : isMap(value) ? value.get('file') : undefined;
      if (typeof name === 'string' && name !== '') includes.push({ path: file, kind: key.replace(/^ansible\.builtin\./, ''), name, candidates: tasksCandidates(file, name.trim().split(/\s+/)[0] as string), play, ...at });
      return true;
    }
    if (PACKAGE_MODULES.test(key)) {
      for (const n of packageNames(value)) {
        const what = packageBase(n);
        if (KUBERNETES_PACKAGE.test(n)) signs.push({ path: file, kind: 'kubernetes', what, play });
        else if (DOCKER_PACKAGE.test(n)) signs.push({ path: file, kind: 'docker', what, play });
      }
      return true;
    }
    if (/^(?:community\.docker\.)?docker_(?:container|compose|compose_v2)$/.test(key)) {
      signs.push({ path: file, kind: 'docker', what: key, play });
      return true;
    }
    if (/^(?:ansible\.builtin\.)?(?:shell|command|raw)$/.test(key)) {
      const cmd = isScalar(value) ? value.value : isMap(value) ? value.get('cmd') ?? value.get('argv') : undefined;
      const m = typeof cmd === 'string' ? KUBERNETES_COMMAND.exec(cmd) : null;
      if (m) signs.push({ path: file, kind: 'kubernetes', what: m[0].replace(/\s+/g, ' '), play });
      return true;
    }
    return false;
  }, (play) => plays.push(play));
  return { includes, signs, plays };
}

/** The input an include names (the first candidate among the inputs, else the one input `roles/<name>/tasks/...`), or undefined. */
export function includeTarget(inc: AnsibleInclude, inputs: ReadonlySet<string>): string | undefined {
  const found = inc.candidates.find((c) => inputs.has(c));
  if (found !== undefined || inc.candidates.length === 0 || inc.roleSuffix === undefined) return found;
  const suffix = inc.roleSuffix;
  const matches = [...inputs].filter((i) => i === suffix || i.endsWith(`/${suffix}`));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The hosts a copy/template task installs on, as the batch's plays say. */
export interface AnsibleTaskHosts {
  /** Plays that run the task (`hosts: x` in file), directly or through followed includes. */
  readonly plays: readonly { readonly path: string; readonly hosts: string }[];
  /** The signs of those plays (their own tasks and those they reach). */
  readonly signs: readonly AnsibleHostSign[];
}

/** A play, the file it is in, and the files it reaches (tasks files, and the manifests its k8s tasks apply). */
export interface AnsiblePlayReach {
  readonly path: string;
  readonly play: AnsiblePlay;
  readonly files: ReadonlySet<string>;
  /** The names of the roles it runs (`roles:`, include_role, import_role), whether or not their tasks are among the inputs. */
  readonly roles: ReadonlySet<string>;
}

/** The plays of the batch, what they reach and their signs; and the includes not followed. */
export interface AnsibleReach {
  hostsOf(copy: { readonly path: string; readonly start: number; readonly end: number }): AnsibleTaskHosts;
  /**
   * The plays that run what is at `offset` of `path`: a play of that file around it, a play that reaches the file
   * (roles, include_role/import_role, include_tasks/import_tasks, at any depth), or a play whose k8s task (or a task
   * of a file it reaches) applies the file as a manifest (`src:`, `template:`, a lookup). With the files each reaches.
   */
  playsAt(path: string, offset: number): readonly AnsiblePlayReach[];
  /** Includes whose name is templated or whose file is not among the inputs. */
  readonly notFollowed: readonly AnsibleInclude[];
}

export function ansibleReach(files: readonly { readonly path: string; readonly text: string }[]): AnsibleReach {
  const inputs = new Set(files.map((f) => normalizePath(f.path)));
  const facts = new Map(files.map((f) => [normalizePath(f.path), ansibleReachOf(f.path, f.text)] as const));
  const notFollowed: AnsibleInclude[] = [];
  for (const f of facts.values()) for (const inc of f.includes) if (includeTarget(inc, inputs) === undefined) notFollowed.push(inc);
  /** The files a play reaches (a file's part in that play: the play's own subtree, or the whole reached file). */
  const reached = (path: string, play: AnsiblePlay): { files: Set<string>; signs: AnsibleHostSign[]; roles: Set<string> } => {
    const files = new Set<string>();
    const roles = new Set<string>();
    const signs: AnsibleHostSign[] = [...(facts.get(path)?.signs ?? []).filter((s) => s.play !== undefined && s.play.start === play.start)];
    const queue = (facts.get(path)?.includes ?? []).filter((i) => i.play !== undefined && i.play.start === play.start);
    for (let k = 0; k < queue.length && k < 10_000; k++) {
      const inc = queue[k] as AnsibleInclude;
      const target = includeTarget(inc, inputs);
      // A role the play runs, whether or not its tasks are among the inputs (its defaults may be).
      if (inc.kind === 'roles' || inc.kind === 'include_role' || inc.kind === 'import_role') {
        roles.add(inc.name.trim());
      }
      if (target === undefined || files.has(target) || target === path) continue;
      files.add(target);
      const f = facts.get(target);
      if (!f) continue;
      signs.push(...f.signs);
      queue.push(...f.includes);
    }
    return { files, signs, roles };
  };
  const allPlays = [...facts].flatMap(([path, f]) => f.plays.map((play) => ({ path, play, ...reached(path, play) })));
  let withManifests: AnsiblePlayReach[] | undefined;
  /** Each play's reached files and the manifests applied by its own tasks or by the files it reaches (built on first use). */
  const playsWithManifests = (): AnsiblePlayReach[] => {
    if (withManifests) return withManifests;
    const texts = new Map(files.map((f) => [normalizePath(f.path), f] as const));
    const manifests = new Map<string, AnsibleManifest[]>();
    const manifestsOf = (path: string): AnsibleManifest[] => {
      let m = manifests.get(path);
      if (m === undefined) {
        const f = texts.get(path);
        m = f ? ansibleManifests(f.path, f.text) : [];
        manifests.set(path, m);
      }
      return m;
    };
    const applied = (m: AnsibleManifest): string | undefined => m.sources.find((c) => inputs.has(c));
    withManifests = allPlays.map((p) => {
      const out = new Set(p.files);
      for (const m of manifestsOf(p.path)) if (m.play !== undefined && m.play.start === p.play.start) out.add(applied(m) ?? '');
      for (const f of p.files) for (const m of manifestsOf(f)) out.add(applied(m) ?? '');
      out.delete('');
      return { path: p.path, play: p.play, files: out, roles: p.roles };
    });
    return withManifests;
  };
  return {
    notFollowed,
    playsAt(path, offset) {
      const at = normalizePath(path);
      return playsWithManifests().filter((p) => (p.path === at ? offset >= p.play.start && offset <= p.play.end : p.files.has(at)));
    },
    hostsOf(copy) {
      const path = normalizePath(copy.path);
      const runs = allPlays.filter((p) => (p.path === path ? copy.start >= p.play.start && copy.end <= p.play.end : p.files.has(path)));
      return { plays: runs.map((p) => ({ path: p.path, hosts: p.play.hosts })), signs: runs.flatMap((p) => p.signs) };
    },
  };
}

/*
 * Ansible variables of the batch, for the Jinja of an image reference (`fluent/fluent-bit:{{ fluent_bit_version |
 * default('1.9.10') }}` in a k8s task's inline definition): the top-level keys of role `defaults/main.yml` and
 * `vars/` files, `group_vars/` and `host_vars/` files and a playbook's `vars/` files, with their literal values (a
 * value holding `{{` or a map/list is not a literal: the variable is then not known). Ansible's precedence orders
 * them: role defaults < group_vars < host_vars and vars files < role vars.
 */

/** One setting of an Ansible variable. */
export interface AnsibleVariable {
  /** The literal as written (the scalar's source), or undefined when it is not one. */
  readonly value: string | undefined;
  readonly path: string;
  /** Precedence: 0 role defaults, 1 group_vars, 2 host_vars and vars files, 2.5 a play's `vars:`, 3 role vars. */
  readonly rank: number;
  /** Where it is set, for the note when it is not the file itself (`the play's vars in site.yml`). */
  readonly where?: string;
}

/** The name of the role a path is in (`roles/<name>/...`), or undefined. A role is known by its name: roles_path may put it anywhere. */
function roleNameOf(path: string): string | undefined {
  return /(?:^|\/)roles\/([^/]+)\//.exec(normalizePath(path))?.[1];
}

/** The group a `group_vars/` file is for (`group_vars/web.yml`, `group_vars/web/main.yml`), or undefined. */
function groupOf(path: string): string | undefined {
  return /(?:^|\/)group_vars\/([^/]+?)(?:\.ya?ml)?(?:\/|$)/.exec(normalizePath(path))?.[1];
}

/**
 * The variables that apply to what is at `offset` of `path` (an image reference), per the plays that run it
 * (`reach.playsAt`): a role's defaults and vars only when one of those plays runs the role (or the file is in the
 * role), `group_vars/<group>` only for a group those plays' `hosts:` name (`all` and a templated pattern: every
 * group), and the plays' own `vars:` (above vars files, below role vars). When no play of the batch runs it, a file
 * of a role sees its own role's variables and a file outside roles every role's (no play says which run).
 */
export function ansibleVariablesAt(all: ReadonlyMap<string, readonly AnsibleVariable[]>, reach: AnsibleReach, path: string, offset: number): ReadonlyMap<string, readonly AnsibleVariable[]> {
  const plays = reach.playsAt(path, offset);
  const own = roleNameOf(path);
  let roles: Set<string> | undefined;
  let groups: Set<string> | undefined;
  if (plays.length > 0) {
    roles = new Set(own === undefined ? [] : [own]);
    for (const p of plays) {
      for (const r of p.roles) roles.add(r);
      for (const f of p.files) {
        const r = roleNameOf(f);
        if (r !== undefined) roles.add(r);
      }
    }
    const patterns = plays.flatMap((p) => p.play.hosts.split(/[,:&!\s]+/).filter((h) => h !== ''));
    groups = patterns.some((h) => h === 'all' || h === '*' || /[{}*?[\]~]/.test(h)) ? undefined : new Set(patterns);
  } else if (own !== undefined) roles = new Set([own]);
  const out = new Map<string, AnsibleVariable[]>();
  for (const [name, settings] of all) {
    const kept = settings.filter((v) => {
      if (v.rank === 0 || v.rank === 3) {
        const r = roleNameOf(v.path);
        return roles === undefined || r === undefined || roles.has(r);
      }
      if (v.rank === 1) {
        const g = groupOf(v.path);
        return groups === undefined || g === undefined || g === 'all' || groups.has(g);
      }
      return true;
    });
    if (kept.length > 0) out.set(name, kept);
  }
  for (const p of plays) {
    for (const [name, value] of p.play.vars ?? []) out.set(name, [...(out.get(name) ?? []), { value, path: p.path, rank: 2.5, where: `the play's vars in ${p.path}` }]);
  }
  return out;
}

function varsRank(path: string): number | undefined {
  const p = normalizePath(path);
  if (!/\.ya?ml$/i.test(p) && !/(?:^|\/)(?:group_vars|host_vars)\/[^/.]+$/.test(p)) return undefined;
  if (/(?:^|\/)roles\/[^/]+\/defaults\//.test(p)) return 0;
  if (/(?:^|\/)roles\/[^/]+\/vars\//.test(p)) return 3;
  if (/(?:^|\/)group_vars\//.test(p)) return 1;
  if (/(?:^|\/)(?:host_vars|vars)\//.test(p)) return 2;
  return undefined;
}

/** An Ansible vars file by its path: a role's `defaults/` or `vars/`, `group_vars/`, `host_vars/`, a playbook's `vars/`. */
export function isAnsibleVarsPath(path: string): boolean {
  return varsRank(path) !== undefined;
}

/** The variables the batch's Ansible vars files set, by name. */
export function ansibleVariables(files: readonly { readonly path: string; readonly text: string }[]): ReadonlyMap<string, readonly AnsibleVariable[]> {
  const out = new Map<string, AnsibleVariable[]>();
  for (const f of files) {
    const rank = varsRank(f.path);
    if (rank === undefined) continue;
    try {
      for (const doc of parseAllDocuments(f.text, { prettyErrors: false, uniqueKeys: false })) {
        if (!('contents' in doc) || doc.errors.length > 0 || !isMap(doc.contents)) continue;
        for (const pair of doc.contents.items) {
          if (!isPair(pair) || !isScalar(pair.key)) continue;
          const value = literalOf(f.text, pair.value);
          const name = String(pair.key.value);
          out.set(name, [...(out.get(name) ?? []), { value, path: f.path, rank }]);
        }
      }
    } catch {
      continue;
    }
  }
  return out;
}

/** A Jinja action of an image reference: `{{ name }}`, `{{ name | default('x') }}` (or `d("x")`, `default('x', true)`). */
const JINJA_ACTION = /\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*(?:default|d)\(\s*(['"])([^'"]*)\2\s*(?:,\s*(?:true|True|false|False)\s*)?\)\s*)?-?\}\}/g;

/** The value of each variable used: from a vars file (`name=value from path`), or the `default()` literal of a variable set nowhere. */
export interface JinjaValue {
  readonly name: string;
  readonly value: string;
  /** The vars file, or undefined for the `default()` literal. */
  readonly from: string | undefined;
}

/**
 * An image reference whose every `{{ }}` is a variable (with or without a `default()` literal), filled the way
 * Ansible renders it from the batch's vars files: the setting of the highest precedence (several files at it: the
 * lowest version, as several runners of one config); a variable set nowhere takes its `default()` literal.
 * Undefined when an action is anything else, or a variable is set to something not literal or set nowhere without
 * a default.
 */
export function ansibleImage(image: string, variables: ReadonlyMap<string, readonly AnsibleVariable[]>, versionOf: (value: string) => { major: number; minor: number; patch?: number } | undefined): { readonly image: string; readonly used: readonly JinjaValue[] } | undefined {
  if (!image.includes('{{')) return undefined;
  const used: JinjaValue[] = [];
  let unknown = false;
  const filled = image.replace(JINJA_ACTION, (_all, name: string, _q: string | undefined, fallback: string | undefined) => {
    const settings = variables.get(name) ?? [];
    if (settings.length === 0) {
      if (fallback === undefined) unknown = true;
      else used.push({ name, value: fallback, from: undefined });
      return fallback ?? '';
    }
    const top = Math.max(...settings.map((s) => s.rank));
    const best = settings.filter((s) => s.rank === top);
    if (best.some((s) => s.value === undefined)) {
      unknown = true;
      return '';
    }
    const pick = [...best].sort((a, b) => {
      const va = versionOf(a.value as string);
      const vb = versionOf(b.value as string);
      if (!va || !vb) return 0;
      return va.major - vb.major || va.minor - vb.minor || (va.patch ?? 0) - (vb.patch ?? 0);
    })[0] as AnsibleVariable;
    used.push({ name, value: pick.value as string, from: pick.where ?? pick.path });
    return pick.value as string;
  });
  if (unknown || filled.includes('{{') || used.length === 0) return undefined;
  return { image: filled, used };
}

/** `fluent_bit_version=1.9.10 from roles/fb/defaults/main.yml`, `fluent_bit_version set nowhere in the input: its default('1.9.10')`. */
export function jinjaValuesNote(used: readonly JinjaValue[]): string {
  return used.map((u) => (u.from === undefined ? `${u.name} set nowhere in the input: its default('${u.value}')` : `${u.name}=${u.value} from ${u.from}`)).join(', ');
}
