import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { dirname, joinPath, normalizePath } from '../source/paths.js';

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

function lookups(file: string, module: string, src: string): string[] {
  const taskDir = dirname(normalizePath(file));
  const inRole = /(?:^|\/)(?:tasks|handlers)$/.test(taskDir);
  const base = inRole ? dirname(taskDir) : taskDir;
  const rolePath = /^\{\{\s*role_path\s*\}\}\//.exec(src);
  if (rolePath) return [normalizePath(joinPath(base, src.slice(rolePath[0].length)))];
  if (/\{\{|\{%/.test(src)) return [];
  if (src.startsWith('/')) return [normalizePath(src)];
  const sub = module.endsWith('template') ? 'templates' : 'files';
  const out = [joinPath(joinPath(base, sub), src), joinPath(base, src)];
  if (inRole) out.push(joinPath(taskDir, src));
  return [...new Set(out.map(normalizePath))];
}

/** The `copy`/`template` tasks of an Ansible file (playbook, role tasks): empty for anything else. */
export function ansibleCopies(file: string, text: string): AnsibleCopy[] {
  if (!/\.ya?ml$/i.test(file) || !mayHoldCopies(text)) return [];
  const out: AnsibleCopy[] = [];
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
          const key = String(pair.key.value);
          if (MODULES.has(key)) {
            let src: unknown;
            let dest: unknown;
            if (isMap(pair.value)) {
              src = pair.value.get('src');
              dest = pair.value.get('dest');
            } else if (isScalar(pair.value) && typeof pair.value.value === 'string') {
              ({ src, dest } = freeForm(pair.value.value));
            }
            if (typeof src === 'string' && typeof dest === 'string' && src !== '') {
              out.push({ path: file, module: key, src, sources: lookups(file, key, src), dest, ...rangeOf(pair.key as Node) });
            }
            continue;
          }
          // Plays' tasks, blocks (block/rescue/always), handlers.
          if (isSeq(pair.value) || isMap(pair.value)) visit(pair.value, depth + 1);
        }
      };
      visit(doc.contents, 0);
    }
  } catch {
    return out;
  }
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

/** The CLI's batch links of an Ansible file: it and the inputs its copy/template tasks install. Empty when none. */
export function ansibleLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  const copies = ansibleCopies(file, text);
  if (copies.length === 0) return [];
  const byPath = new Map(inputs.map((i) => [normalizePath(i), i]));
  const linked: string[] = [];
  for (const c of copies) {
    const found = c.sources.find((s) => byPath.has(s));
    if (found !== undefined && byPath.get(found) !== file) linked.push(byPath.get(found) as string);
  }
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}
