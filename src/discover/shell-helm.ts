/*
 * `helm install` / `helm upgrade` / `helm template` command lines of a shell
 * script or a Makefile recipe: the chart, the `--repo`, and the `--set`,
 * `--set-string` and `--set-file` pairs, read word by word as sh splits them
 * (quotes, backslash escapes, `\` line continuations), with the offsets of
 * each pair's value in the file. No other shell is modelled: a word holding a
 * variable (`$X`, `$(X)`, backquotes) is kept as written and callers skip it.
 * Pure; linear; never throws.
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

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Helm flags that take a value as the next word (the others used with install/upgrade/template are switches). */
const VALUE_FLAGS = new Set([
  '-f', '--values', '-n', '--namespace', '--version', '--repo', '--kube-context', '--kubeconfig', '--timeout', '--set', '--set-string', '--set-file',
  '--set-json', '--set-literal', '--post-renderer', '--post-renderer-args', '--description', '--username', '--password', '--ca-file', '--cert-file',
  '--key-file', '--keyring', '--history-max', '--output', '-o', '--api-versions', '-a', '--kube-version', '--show-only', '-s', '--output-dir',
  '--release-name', '--name-template', '--labels', '-l', '--wait-for-jobs', '--registry-config', '--repository-cache', '--repository-config',
]);

/**
 * The words of one command from `from` to its end: an unquoted newline (not
 * after `\`), `;`, `&`, `|`, `)` or a `#` that starts a word. `$(`...`)` is
 * kept whole inside a word.
 */
function commandWords(text: string, from: number): Word[] {
  const words: Word[] = [];
  let i = from;
  let cur = '';
  let start = -1;
  const flush = (end: number): void => {
    if (start >= 0) words.push({ text: cur, start, end });
    cur = '';
    start = -1;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] === '\n') {
      flush(i);
      i += 2;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      flush(i);
      i += 3;
      continue;
    }
    if (c === ' ' || c === '\t') {
      flush(i);
      i++;
      continue;
    }
    if (c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === ')' || (c === '#' && start < 0)) break;
    if (start < 0) start = i;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return [];
      cur += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1] as string)) {
          if (text[j + 1] !== '\n') cur += text[j + 1];
          j += 2;
        } else cur += text[j++];
      }
      if (j >= text.length) return [];
      i = j + 1;
    } else if (c === '$' && text[i + 1] === '(') {
      const close = text.indexOf(')', i + 2);
      if (close < 0) return [];
      cur += text.slice(i, close + 1);
      i = close + 1;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[i + 1];
      i += 2;
    } else {
      cur += c;
      i++;
    }
  }
  flush(i);
  return words;
}

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
    const words = commandWords(text, start).slice(2);
    const positional: string[] = [];
    const sets: HelmSetPair[] = [];
    let repo: string | undefined;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as Word;
      const eq = w.text.indexOf('=');
      const flag = w.text.startsWith('-') ? (eq > 0 ? w.text.slice(0, eq) : w.text) : undefined;
      if (flag === undefined) {
        positional.push(w.text);
        continue;
      }
      const inline = eq > 0 && w.text.startsWith('--') ? w.text.slice(eq + 1) : undefined;
      const valueWord = inline !== undefined ? w : VALUE_FLAGS.has(flag) ? words[++i] : undefined;
      const value = inline ?? valueWord?.text;
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
