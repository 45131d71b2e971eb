import { shCommandWords, type ShWord } from '../source/sh-words.js';

/*
 * `helm install` / `helm upgrade` / `helm template` command lines of a shell
 * script or a Makefile recipe: the chart, the `--repo`, and the `--set`,
 * `--set-string` and `--set-file` pairs, read word by word as sh splits them
 * (src/source/sh-words.ts: quotes, backslash escapes, `\` line continuations,
 * redirections left out), with the offsets of each pair's value in the file.
 * No other shell is modelled: a word holding a variable (`$X`, `$(X)`,
 * backquotes) is kept as written and callers skip it. Pure; never throws.
 */

/** One `key=value` of a `--set` / `--set-string` / `--set-file` word (helm splits a word at commas). */
export interface HelmSetPair {
  readonly flag: 'set' | 'set-string' | 'set-file';
  readonly key: string;
  readonly value: string;
  /** File offsets of the word that holds the pair. */
  readonly start: number;
  readonly end: number;
}

export interface HelmCommandLine {
  /** File offset of `helm`. */
  readonly start: number;
  readonly subcommand: 'install' | 'upgrade' | 'template';
  /** The chart argument (the last positional word), as written. */
  readonly chart: string | undefined;
  /** `--repo URL`, when given. */
  readonly repo: string | undefined;
  readonly sets: readonly HelmSetPair[];
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

/** Every `helm install|upgrade|template` command of a shell script or Makefile text. */
export function helmCommandLines(text: string): HelmCommandLine[] {
  const out: HelmCommandLine[] = [];
  const re = /(^|[\s;&|(`@-])helm[ \t]+(install|upgrade|template)\b/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + (m[1] as string).length;
    // The command ends where sh ends it: newline, `;`, `&`, `|`, `(`, `)`, a comment, or the backquote closing `` `helm ...` ``.
    const words = (shCommandWords(text, start, { endAtBackquote: m[1] === '`' }) ?? []).slice(2);
    const positional: string[] = [];
    const sets: HelmSetPair[] = [];
    let repo: string | undefined;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as ShWord;
      const eq = w.value.indexOf('=');
      const flag = w.value.startsWith('-') ? (eq > 0 ? w.value.slice(0, eq) : w.value) : undefined;
      if (flag === undefined) {
        positional.push(w.value);
        continue;
      }
      const inline = eq > 0 && w.value.startsWith('--') ? w.value.slice(eq + 1) : undefined;
      const valueWord = inline !== undefined ? w : VALUE_FLAGS.has(flag) ? words[++i] : undefined;
      const value = inline ?? valueWord?.value;
      if (value === undefined || valueWord === undefined) continue;
      if (flag === '--repo') repo = value;
      if (flag === '--set' || flag === '--set-string' || flag === '--set-file') {
        for (const p of splitPairs(value)) sets.push({ flag: flag.slice(2) as HelmSetPair['flag'], ...p, start: valueWord.start, end: valueWord.end });
      }
    }
    out.push({ start, subcommand: m[2] as HelmCommandLine['subcommand'], chart: positional[positional.length - 1], repo, sets });
  }
  return out;
}
