import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
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
 * Calls `onTask(module, value, keyNode)` for each `module: value` pair of the tasks of an Ansible file whose root is
 * a sequence (plays' tasks, pre_tasks, post_tasks, handlers, roles; blocks' block/rescue/always; any nesting), in
 * text order. A file that does not parse is read up to nothing. Never throws.
 */
function eachTaskPair(text: string, onTask: (module: string, value: unknown, key: Node) => boolean | void): void {
  try {
    for (const doc of parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false })) {
      if (!('contents' in doc) || doc.errors.length > 0 || !isSeq(doc.contents)) continue;
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
          if (onTask(String(pair.key.value), pair.value, pair.key as Node) === true) continue;
          if (isSeq(pair.value) || isMap(pair.value)) visit(pair.value, depth + 1);
        }
      };
      visit(doc.contents, 0);
    }
  } catch {
    return;
  }
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
  const add = (module: string, via: AnsibleManifest['via'], name: unknown, sub: 'files' | 'templates'): void => {
    if (typeof name !== 'string' || name === '') return;
    const sources = lookups(file, sub, name);
    if (sources.length > 0) out.push({ path: file, module, via, file: name, sources });
  };
  eachTaskPair(text, (key, value) => {
    if (!ANSIBLE_K8S_MODULES.has(key)) return false;
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
 * The CLI's batch links of an Ansible file: it, the inputs its copy/template tasks install and the manifests its
 * k8s tasks apply (like a `kubectl apply -f` path: a ConfigMap and the DaemonSet mounting it are one deployment).
 * Empty when none.
 */
export function ansibleLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  const copies: readonly { readonly sources: readonly string[] }[] = [...ansibleCopies(file, text), ...ansibleManifests(file, text)];
  if (copies.length === 0) return [];
  const byPath = new Map(inputs.map((i) => [normalizePath(i), i]));
  const linked: string[] = [];
  for (const c of copies) {
    const found = c.sources.find((s) => byPath.has(s));
    if (found !== undefined && byPath.get(found) !== file) linked.push(byPath.get(found) as string);
  }
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}
