import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { DOCKER_PACKAGE, isClassicContent, KUBERNETES_PACKAGE, type WrittenContent } from './ansible.js';

/*
 * Salt states that write a Fluent Bit config on a minion: `file.managed` with `contents:` (a classic config: a
 * `[INPUT]`-style header on a line of its own), the inline form of Ansible's `copy` `content:`. A state file is
 * YAML once Jinja is gone (a state with Jinja does not parse and is read as a template elsewhere). The minion's
 * other states of the same file say what it is: `pkg.installed` of kubelet, kubeadm, k3s or rke2 (a Kubernetes
 * node) or of Docker (docker-ce, docker.io, moby). `top.sls` and `include:` are not followed. Never throws.
 */

/** One `file.managed` state writing `contents` (`dest`: its `name:`, else its id). */
export interface SaltContent extends WrittenContent {
  /** The state's id. */
  readonly id: string;
}

/** The file.managed contents configs of a state file, and the packages its states install that say the minion's kind. */
export function saltStates(file: string, text: string): { readonly contents: SaltContent[]; readonly kubernetes: string[]; readonly docker: string[] } {
  const contents: SaltContent[] = [];
  const kubernetes: string[] = [];
  const docker: string[] = [];
  if (!/\.sls$/i.test(file) || !/\bfile\.managed\s*:/.test(text) || !/\bcontents\s*:/.test(text)) return { contents, kubernetes, docker };
  try {
    for (const doc of parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false })) {
      if (!('contents' in doc) || doc.errors.length > 0 || !isMap(doc.contents)) continue;
      for (const state of doc.contents.items) {
        if (!isPair(state) || !isScalar(state.key) || !isMap(state.value)) continue;
        const id = String(state.key.value);
        for (const fn of state.value.items) {
          if (!isPair(fn) || !isScalar(fn.key) || !isSeq(fn.value)) continue;
          const name = String(fn.key.value);
          // A state function's arguments: a list of one-key maps.
          const args = new Map<string, unknown>();
          for (const a of fn.value.items) if (isMap(a)) for (const p of a.items) if (isPair(p) && isScalar(p.key)) args.set(String(p.key.value), p.value);
          if (name === 'pkg.installed') {
            const named = args.get('pkgs');
            const pkgs = isSeq(named) ? named.items.map((n) => (isScalar(n) ? String(n.value) : isMap(n) && isPair(n.items[0]) && isScalar(n.items[0].key) ? String(n.items[0].key.value) : '')) : [];
            const one = args.get('name');
            const single = isScalar(one) ? [String(one.value)] : pkgs.length === 0 ? [id] : [];
            for (const p of [...pkgs, ...single]) {
              if (KUBERNETES_PACKAGE.test(p)) kubernetes.push(p);
              else if (DOCKER_PACKAGE.test(p)) docker.push(p);
            }
          }
          if (name !== 'file.managed') continue;
          const node = args.get('contents');
          const dest = args.get('name');
          if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
          if (!isClassicContent(node.value)) continue;
          const key = (fn.key as Node).range ?? [0, 0];
          contents.push({ path: file, id, dest: isScalar(dest) ? String(dest.value) : id, content: node.value, contentStart: node.range[0], contentEnd: node.range[1], start: key[0], end: key[1] });
        }
      }
    }
  } catch {
    return { contents, kubernetes, docker };
  }
  return { contents, kubernetes, docker };
}
