import type { StringList } from '../discover/discovery-types.js';
import { shCommands, type ShWord } from '../source/sh-words.js';

/*
 * The `-c`/`--config` file of a Fluent Bit container, from its `command`
 * and `args` (Kubernetes semantics: `command` replaces the image's
 * ENTRYPOINT, `args` its CMD; with `command` and no `args` the CMD is
 * dropped too). Fluent Bit parses its options with getopt_long: `-c FILE`,
 * `-cFILE`, `--config FILE`, `--config=FILE`; the last one wins. Every
 * `-R FILE` / `--parser FILE` (`-RFILE`, `--parser=FILE`) loads a parsers
 * file, in order, before the config's own Parsers_File (fluent-bit.c adds
 * each as a `parsers_file` of the command line's [SERVICE]).
 */

/** The config path a container line gives, and where it was found. */
export interface ConfigArg {
  /** The path as written; undefined when the line has no `-c`. */
  readonly path: string | undefined;
  readonly from: 'args' | 'command' | 'default' | 'none';
  /** `-w`/`--workdir`: Fluent Bit's working directory, where relative paths are tried first (A.9). */
  readonly workdir: string | undefined;
  /** `-R`/`--parser` values in command-line order (empty when none). */
  readonly parsersFiles: readonly string[];
}

/** Every `-R`/`--parser` value, in order. */
function parserArgs(words: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-R' || w === '--parser') {
      const next = words[i + 1];
      if (next !== undefined) found.push(next);
      i++;
    } else if (w.startsWith('--parser=')) found.push(w.slice('--parser='.length));
    else if (w.startsWith('-R') && w.length > 2) found.push(w.slice(2));
  }
  return found;
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
// `fluentbit` too: some vendor images (cnvrg's) install the binary under that name.
const FLUENT_BIT_BINARY = /(^|\/)(fluent-?bit|td-agent-bit|flb)$/;

/** The last `-c` value among Fluent Bit options. */
function lastConfig(words: readonly string[]): string | undefined {
  return lastConfigWord(words.map((value) => ({ value, start: 0, end: 0 })))?.path;
}

/** The word holding the last `-c` value among Fluent Bit options, and the path it gives. */
function lastConfigWord(words: readonly ShWord[]): { readonly word: ShWord; readonly path: string } | undefined {
  let found: { word: ShWord; path: string } | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = (words[i] as ShWord).value;
    if (w === '-c' || w === '--config') {
      const next = words[i + 1];
      if (next !== undefined) found = { word: next, path: next.value };
      i++;
    } else if (w.startsWith('--config=')) found = { word: words[i] as ShWord, path: w.slice('--config='.length) };
    else if (w.startsWith('-c') && !w.startsWith('--') && w.length > 2) found = { word: words[i] as ShWord, path: w.slice(2) };
  }
  return found;
}

/**
 * The words of the Fluent Bit command a shell script runs (after the
 * binary), or undefined: the first command naming the binary with a `-c`,
 * else the first naming it (`mkdir -p /var/log/fluent-bit; exec fluent-bit
 * -c x` runs x). The script is read as sh reads it (src/source/sh-words.ts).
 */
function fluentBitInScript(script: string): ShWord[] | undefined {
  let first: ShWord[] | undefined;
  for (const words of shCommands(script)) {
    const at = words.findIndex((w) => FLUENT_BIT_BINARY.test(w.value));
    if (at < 0) continue;
    const command = words.slice(at + 1);
    if (lastConfigWord(command)) return command;
    first ??= command;
  }
  return first;
}

/**
 * Where a shell script's Fluent Bit command gives its config path: the
 * script range of the path text (inside the word's raw text, quotes kept
 * out), for an edit of that path only (`fluent-bit -c x & inotifywait x`
 * names x twice). When the path is not written as is (`-c /etc/my\ dir/x`,
 * `-c /etc/"my dir"/x`), the range is its whole word and `quoted` says a
 * new path must be written as a sh word (shQuote); a `-cPATH` or
 * `--config=PATH` word spelled so gives no range.
 */
export function scriptConfigRange(script: string): { readonly start: number; readonly end: number; readonly path: string; readonly quoted: boolean } | undefined {
  const words = fluentBitInScript(script);
  const found = words && lastConfigWord(words);
  if (!found) return undefined;
  const at = script.slice(found.word.start, found.word.end).lastIndexOf(found.path);
  if (at >= 0) return { start: found.word.start + at, end: found.word.start + at + found.path.length, path: found.path, quoted: false };
  return found.word.value === found.path ? { start: found.word.start, end: found.word.end, path: found.path, quoted: true } : undefined;
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
    const words = script === undefined ? undefined : fluentBitInScript(script)?.map((w) => w.value);
    const path = words && lastConfig(words);
    const workdir = words && lastWorkdir(words);
    const parsersFiles = words ? parserArgs(words) : [];
    // The script is all[ci + 1]: in `command` when that index falls within command.slice(1).
    return path === undefined ? { path: undefined, from: 'none', workdir, parsersFiles } : { path, from: ci + 1 <= cmd.length - 2 ? 'command' : 'args', workdir, parsersFiles };
  }
  const workdir = lastWorkdir([...cmd.slice(1), ...arg]);
  const parsersFiles = parserArgs([...cmd.slice(1), ...arg]);
  const fromArgs = lastConfig(arg);
  if (fromArgs !== undefined) return { path: fromArgs, from: 'args', workdir, parsersFiles };
  const fromCommand = lastConfig(cmd.slice(1));
  if (fromCommand !== undefined) return { path: fromCommand, from: 'command', workdir, parsersFiles };
  if (cmd.length === 0 && arg.length === 0) return { path: undefined, from: 'default', workdir, parsersFiles };
  return { path: undefined, from: 'none', workdir, parsersFiles };
}
