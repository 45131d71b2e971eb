import type { StringList } from '../discover/discovery-types.js';

/*
 * The `-c`/`--config` file of a Fluent Bit container, from its `command`
 * and `args` (Kubernetes semantics: `command` replaces the image's
 * ENTRYPOINT, `args` its CMD; with `command` and no `args` the CMD is
 * dropped too). Fluent Bit parses its options with getopt_long: `-c FILE`,
 * `-cFILE`, `--config FILE`, `--config=FILE`; the last one wins.
 */

/** The config path a container line gives, and where it was found. */
export interface ConfigArg {
  /** The path as written; undefined when the line has no `-c`. */
  readonly path: string | undefined;
  readonly from: 'args' | 'command' | 'default' | 'none';
  /** `-w`/`--workdir`: Fluent Bit's working directory, where relative paths are tried first (A.9). */
  readonly workdir: string | undefined;
}

/** The last `--workdir` value. */
function lastWorkdir(words: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-w' || w === '--workdir') found = words[i + 1];
    else if (w.startsWith('--workdir=')) found = w.slice('--workdir='.length);
  }
  return found;
}

const SHELLS = /^(\/usr)?(\/bin\/)?(sh|bash|ash|dash|zsh)$/;
const FLUENT_BIT_BINARY = /(^|\/)(fluent-bit|td-agent-bit|flb)$/;

/** Splits a shell script into words (quotes removed; `;`, `&&`, `||`, `|` separate commands). Good enough for `exec fluent-bit -c x`. */
function shellWords(script: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  const flush = (): void => {
    if (cur !== '') words.push(cur);
    cur = '';
  };
  for (const ch of script) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (/\s/.test(ch)) flush();
    else if (ch === ';' || ch === '&' || ch === '|') {
      flush();
      words.push(';');
    } else cur += ch;
  }
  flush();
  return words;
}

/** The last `-c` value among Fluent Bit options. */
function lastConfig(words: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-c' || w === '--config') {
      const next = words[i + 1];
      if (next !== undefined && next !== ';') found = next;
      i++;
    } else if (w.startsWith('--config=')) found = w.slice('--config='.length);
    else if (w.startsWith('-c') && !w.startsWith('--') && w.length > 2) found = w.slice(2);
  }
  return found;
}

/** The words of the Fluent Bit command a shell script runs (after the binary), or undefined. */
function fluentBitInScript(script: string): string[] | undefined {
  const words = shellWords(script);
  const at = words.findIndex((w) => FLUENT_BIT_BINARY.test(w));
  if (at < 0) return undefined;
  const end = words.indexOf(';', at);
  return words.slice(at + 1, end < 0 ? undefined : end);
}

/**
 * The config a container starts Fluent Bit with. `command` running a shell
 * (`sh -c "... fluent-bit -c x"`) is read as a script. Without `-c`: the
 * image's default when neither `command` nor `args` is set (its CMD holds
 * `-c /fluent-bit/etc/fluent-bit.conf`), else none.
 */
export function configArg(command: StringList | undefined, args: StringList | undefined): ConfigArg {
  const cmd = command?.items.map((i) => i.value) ?? [];
  const arg = args?.items.map((i) => i.value) ?? [];
  if (cmd.length > 0 && SHELLS.test(cmd[0] as string)) {
    const all = [...cmd.slice(1), ...arg];
    const ci = all.indexOf('-c');
    const script = ci >= 0 ? all[ci + 1] : undefined;
    const words = script === undefined ? undefined : fluentBitInScript(script);
    const path = words && lastConfig(words);
    const workdir = words && lastWorkdir(words);
    // The script is all[ci + 1]: in `command` when that index falls within command.slice(1).
    return path === undefined ? { path: undefined, from: 'none', workdir } : { path, from: ci + 1 <= cmd.length - 2 ? 'command' : 'args', workdir };
  }
  const workdir = lastWorkdir([...cmd.slice(1), ...arg]);
  const fromArgs = lastConfig(arg);
  if (fromArgs !== undefined) return { path: fromArgs, from: 'args', workdir };
  const fromCommand = lastConfig(cmd.slice(1));
  if (fromCommand !== undefined) return { path: fromCommand, from: 'command', workdir };
  if (cmd.length === 0 && arg.length === 0) return { path: undefined, from: 'default', workdir };
  return { path: undefined, from: 'none', workdir };
}
