import type { StringList } from '../discover/discovery-types.js';
import { shCommands, shTokens, type ShToken, type ShTokens, type ShWord } from '../source/sh-words.js';
import { joinPath } from './paths.js';

/*
 * The `-c`/`--config` file of a Fluent Bit container, from its `command`
 * and `args` (Kubernetes semantics: `command` replaces the image's
 * ENTRYPOINT, `args` its CMD; with `command` and no `args` the CMD is
 * dropped too). Fluent Bit parses its options with getopt_long
 * (`fluentBitOptions`): `-c FILE`, `-cFILE`, `-qcFILE`, `--config FILE`,
 * `--config=FILE`, `--conf=FILE`; the last one wins. Every
 * `-R FILE` / `--parser FILE` (`-RFILE`, `--parser=FILE`) loads a parsers
 * file, in order, before the config's own Parsers_File (fluent-bit.c adds
 * each as a `parsers_file` of the command line's [SERVICE]).
 */

/*
 * getopt_long as glibc reads an argv (posix/getopt.c), in one place: Fluent
 * Bit's own options and the wrappers' are read with it.
 *
 * - `-abc` is a cluster of letters; a letter with a required argument
 *   (`x:` in the optstring) takes the rest of its word (`-cFILE`, `-qcFILE`)
 *   or, at the end of the word, the next word whatever it is (`-p -c`: the
 *   `-c` is `-p`'s value); an optional one (`x::`) only the rest of its word;
 * - `--name=value` or `--name value` (required), `--name=value` only
 *   (optional), `--name` (none: `=value` is refused); an unambiguous prefix
 *   of a name stands for it (`--conf`), as does a prefix every match of
 *   which is the same option;
 * - `--` ends the options; `-` alone is an operand;
 * - with `permute` (no `+` in the optstring, POSIXLY_CORRECT unset) operands
 *   among the options are skipped and the options after them read; else
 *   the first operand ends the options.
 *
 * A word getopt refuses (an unknown letter or name, an ambiguous prefix, an
 * argument missing or not allowed) gives an occurrence with `error`: the
 * program prints its usage and exits.
 */

/** What an option takes: no argument, a required one, an optional one (attached only). */
export type OptionArg = 'none' | 'required' | 'optional';

/** A program's option table, as its getopt_long call gives it. */
export interface OptionTable {
  /** The optstring without its leading `+`: a letter, then `:` (required argument) or `::` (optional). */
  readonly short: string;
  /** Each long option: its name, argument, and key (the letter it stands for; default the name). */
  readonly long: readonly (readonly [name: string, arg: OptionArg, key?: string])[];
  /** GNU permutation: options are read after operands too (an optstring without `+`). */
  readonly permute?: boolean;
  /** A word matching it is an option of its own, read before getopt (nice's `-5`). */
  readonly whole?: RegExp;
}

/** One option occurrence in an argv. */
export interface OptionWord {
  /** The letter, or the long name of an option without one; the word itself for `whole`; '' for a refused word. */
  readonly key: string;
  /** Its value (undefined: none given). */
  readonly value: string | undefined;
  /** The index of the word the option is in. */
  readonly at: number;
  /** The index of the word holding the value: `at` when attached, `at + 1` when the next word. */
  readonly valueAt: number | undefined;
  /** Set when getopt refuses the word. */
  readonly error?: 'unknown' | 'ambiguous' | 'missing' | 'unexpected';
}

export interface OptionsRead {
  readonly options: readonly OptionWord[];
  /** Indexes of the operands, in order. */
  readonly operands: readonly number[];
  /** The index after the options: the first operand (`+`), the word after `--`, or the end. */
  readonly end: number;
}

function shortArg(table: OptionTable, c: string): OptionArg | undefined {
  const k = c === ':' ? -1 : table.short.indexOf(c);
  if (k < 0) return undefined;
  if (table.short[k + 1] !== ':') return 'none';
  return table.short[k + 2] === ':' ? 'optional' : 'required';
}

/** The long option `name` stands for: exact, else the prefix matches when they are all one option. */
function longOption(table: OptionTable, name: string): { readonly key: string; readonly arg: OptionArg } | 'unknown' | 'ambiguous' {
  const exact = table.long.find((o) => o[0] === name);
  if (exact) return { key: exact[2] ?? exact[0], arg: exact[1] };
  const matches = name === '' ? [] : table.long.filter((o) => o[0].startsWith(name));
  const first = matches[0];
  if (!first) return 'unknown';
  const key = first[2] ?? first[0];
  return matches.every((o) => (o[2] ?? o[0]) === key && o[1] === first[1]) ? { key, arg: first[1] } : 'ambiguous';
}

/** The options of `words` from `from` on, as getopt_long reads them with `table`. */
export function readOptions(words: readonly string[], from: number, table: OptionTable): OptionsRead {
  const options: OptionWord[] = [];
  const operands: number[] = [];
  let i = from;
  for (; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') {
      if (!table.permute) break;
      operands.push(i);
      continue;
    }
    if (table.whole?.test(w)) {
      options.push({ key: w, value: undefined, at: i, valueAt: undefined });
      continue;
    }
    const at = i;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const found = longOption(table, w.slice(2, eq < 0 ? undefined : eq));
      if (typeof found === 'string') options.push({ key: '', value: undefined, at, valueAt: undefined, error: found });
      else if (eq >= 0) options.push(found.arg === 'none' ? { key: found.key, value: undefined, at, valueAt: undefined, error: 'unexpected' } : { key: found.key, value: w.slice(eq + 1), at, valueAt: at });
      else if (found.arg !== 'required') options.push({ key: found.key, value: undefined, at, valueAt: undefined });
      else if (i + 1 < words.length) options.push({ key: found.key, value: words[++i] as string, at, valueAt: at + 1 });
      else options.push({ key: found.key, value: undefined, at, valueAt: undefined, error: 'missing' });
      continue;
    }
    for (let k = 1; k < w.length; k++) {
      const c = w[k] as string;
      const arg = shortArg(table, c);
      if (arg === undefined) options.push({ key: '', value: undefined, at, valueAt: undefined, error: 'unknown' });
      else if (arg === 'none') options.push({ key: c, value: undefined, at, valueAt: undefined });
      else {
        if (k + 1 < w.length) options.push({ key: c, value: w.slice(k + 1), at, valueAt: at });
        else if (arg === 'optional') options.push({ key: c, value: undefined, at, valueAt: undefined });
        else if (i + 1 < words.length) options.push({ key: c, value: words[++i] as string, at, valueAt: at + 1 });
        else options.push({ key: c, value: undefined, at, valueAt: undefined, error: 'missing' });
        break;
      }
    }
  }
  const end = i;
  for (; i < words.length; i++) operands.push(i);
  return { options, operands, end: table.permute ? words.length : end };
}

/** The config path a container line gives, and where it was found. */
export interface ConfigArg {
  /** The path as written; undefined when the line has no `-c`. */
  readonly path: string | undefined;
  readonly from: 'args' | 'command' | 'default' | 'none';
  /** Fluent Bit's working directory, where relative paths are tried first (A.9): `-w`/`--workdir`, against the directory a `sh -c` script's `cd` left or the container's `workingDir` (or that directory). */
  readonly workdir: string | undefined;
  /** `-R`/`--parser` values in command-line order (empty when none); a relative one joined to the directory a script's `cd` left or the container's `workingDir`. */
  readonly parsersFiles: readonly string[];
}

/**
 * Fluent Bit's options (fluent-bit.c `flb_main`: getopt_long
 * `"b:c:dDf:C:i:m:o:R:F:p:e:t:T:l:vw:qVhJL:HP:s:SZ"` and `long_opts`, every
 * build feature of the Linux images on). No `+` and no POSIXLY_CORRECT in
 * the images: GNU permutation, so options after an operand are read too.
 * `--coro_collective_timeslice` has no letter (`X` is not in the optstring).
 */
const FLUENT_BIT_OPTIONS: OptionTable = {
  short: 'b:c:dDf:C:i:m:o:R:F:p:e:t:T:l:vw:qVhJL:HP:s:SZ',
  long: [
    ['storage_path', 'required', 'b'], ['config', 'required', 'c'], ['daemon', 'none', 'd'], ['dry-run', 'none', 'D'], ['flush', 'required', 'f'],
    ['http', 'none', 'H'], ['log_file', 'required', 'l'], ['port', 'required', 'P'], ['custom', 'required', 'C'], ['input', 'required', 'i'],
    ['match', 'required', 'm'], ['output', 'required', 'o'], ['filter', 'required', 'F'], ['parser', 'required', 'R'], ['prop', 'required', 'p'],
    ['plugin', 'required', 'e'], ['tag', 'required', 't'], ['sp-task', 'required', 'T'], ['version', 'none', 'V'], ['verbose', 'none', 'v'],
    ['workdir', 'required', 'w'], ['quiet', 'none', 'q'], ['help', 'none', 'h'], ['help-json', 'none', 'J'], ['coro_stack_size', 'required', 's'],
    ['coro_collective_timeslice', 'required', 'X'], ['sosreport', 'none', 'S'], ['http_server', 'none', 'H'], ['http_listen', 'required', 'L'],
    ['http_port', 'required', 'P'], ['enable-chunk-trace', 'none', 'Z'],
  ],
  permute: true,
};

/**
 * Every option occurrence in Fluent Bit's argv (`words`: the words after the
 * binary), as its getopt_long reads them: `-p -c` gives `-p` the value
 * `-c`, `-qcFILE` and `-vvc FILE` are clusters ending in `-c`, `--conf=FILE`
 * is `--config`, nothing after `--` is an option. A refused word (Fluent
 * Bit prints its help and exits) carries `error`; the other occurrences are
 * kept, so the config a user meant is still read.
 */
export function fluentBitOptions(words: readonly string[]): readonly OptionWord[] {
  return readOptions(words, 0, FLUENT_BIT_OPTIONS).options;
}

/** The values of option `key` in Fluent Bit's argv, in order. */
function valuesOf(words: readonly string[], key: string): OptionWord[] {
  return fluentBitOptions(words).filter((o) => o.key === key && o.value !== undefined);
}

/*
 * What a container's argv (`command` then `args`) runs, through the wrappers
 * pods put in front of Fluent Bit. Each reads its own options the way the
 * real program does and hands the rest on:
 *
 * - a shell (POSIX XCU `sh`: `sh [-abCefhimnuvx] [-o option]... -c
 *   command_string [command_name [argument...]]`): options are clustered
 *   letters after `-` or `+` (`-ec`, `-euxc`), `o` takes the next word as
 *   its argument (once per `o`; bash's `O` too), `-` or `--` ends them, and
 *   with `c` among them the script is the first operand after them (dash
 *   options.c `options`/`procargs`; bash shell.c `parse_shell_options`).
 *   bash reads its long options first (shell.c `parse_long_options`:
 *   `--login`, `--norc`, `--noprofile`..., `--rcfile`/`--init-file` with an
 *   argument; an unknown one is an error);
 * - `env` (GNU coreutils env.c, getopt_long `+C:iS:u:v0`; busybox the same
 *   letters without `C`, `S`): options, a lone `-`, `NAME=value` words, then
 *   the program; `-C DIR`/`--chdir` is the directory it starts in; `-S`
 *   splits a string and is not followed;
 * - `tini` (tini.c getopt `+p:hvwgle:s`, a fork adds `a`, `k:`) and
 *   `dumb-init` (dumb-init.c getopt_long `+hvVlcr:`, `-c` being its
 *   `--single-child`): options, an optional `--`, then the program;
 * - `busybox APPLET ...` (libbb/appletlib.c `busybox_main`): the next word
 *   is the applet, by its last path component (`busybox /bin/sh`), read
 *   again as a program; `--help`, `--list`, `--install` run none;
 * - `su-exec USER PROG...` (su-exec.c), `gosu USER PROG...` (gosu main.go;
 *   `--help`, `-h`, `-?`, `--version`, `-v` first run none) and
 *   `s6-setuidgid USER PROG...`, `setuidgid USER PROG...` (s6
 *   s6-setuidgid.c, daemontools): no options, exactly one user word;
 * - `chpst` (runit chpst.c getopt `+u:U:b:e:m:d:o:p:f:c:r:t:/:C:n:l:L:vP012V`):
 *   options then the program; `-C DIR` (runit 2.2) is the directory it
 *   starts in; `-/ ROOT` a new root: nothing read;
 * - `sudo` (1.9 parse_args.c, getopt_long `+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv`):
 *   options and `NAME=value` words, then the program; `-D DIR`/`--chdir` is
 *   the directory it starts in; `-R` (a new root) and the modes that run no
 *   program (`-e`, `-l`, `-v`, `-V`, `-K`) read nothing; `-s`, `-i` (a shell
 *   runs it, from the home directory for `-i`) and `-h` (help or a remote
 *   host) are not followed;
 * - `doas` (OpenDoas doas.c getopt `+C:nsu:v`; OpenBSD's `a:`, `L`): `-u
 *   USER`, `-n`, then the program; `-C`, `-s`, `-v`, `-L` run none;
 * - `unshare` (util-linux unshare.c getopt_long `+fhVmuinpCTUrR:w:S:G:cl:`,
 *   the namespace options with an optional `=FILE`): `-w DIR`/`--wd` is the
 *   directory it starts in; `-R`/`--root`, `-h`, `-V` read nothing;
 * - `setpriv` (util-linux setpriv.c getopt_long `+dhV`, long options only
 *   otherwise); `--dump`, `--list-caps`, `--help`, `--version` are not
 *   followed;
 * - `runuser` and `su` (util-linux su-common.c getopt_long
 *   `c:fg:G:lmpPs:u:hVw:`, no `+`: options are read among the operands
 *   too, up to `--`): `runuser -u USER [--] PROG...` runs the program;
 *   without `-u` the user's shell runs the `-c`/`--command` script (none
 *   without one); `-u` with `-c`, `-s`, `-l` or `-f` is refused;
 * - `nice` (coreutils nice.c: `-N`/`--N` adjustments, getopt_long `+n:`,
 *   `--adjustment`), `ionice` (util-linux ionice.c getopt_long
 *   `+n:c:p:P:u:tVh`; `-p`, `-P`, `-u` act on running processes and are
 *   not followed) and `timeout` (coreutils timeout.c getopt_long `+fk:ps:v`,
 *   then the DURATION; busybox before 1.30 took it as `-t SECS`);
 * - `nohup` (coreutils nohup.c: `--help`, `--version` only), `setsid`
 *   (util-linux setsid.c getopt_long `+Vhcfw`), `stdbuf` (coreutils
 *   stdbuf.c getopt_long `+i:o:e:`), `taskset` (util-linux taskset.c
 *   `+apchV`, then the mask or CPU list; `-p` not followed), `numactl`
 *   (numactl.c: short options built `+` from its long ones; the policy and
 *   binding ones, with an argument or not; `--show`, `--hardware` and the
 *   shared memory ones run no program and are not followed);
 * - `chroot NEWROOT PROG...` (coreutils chroot.c): the program's paths name
 *   files under NEWROOT, not the container's: no config is read.
 *
 * The getopt-style ones read their options with `readOptions` (long-option
 * abbreviations included); the directories they change to are
 * `Launch.chdir`. Any other program (or a wrapper option not listed here)
 * is taken as Fluent Bit: its words are read as Fluent Bit's options (an
 * image's entrypoint script usually hands its arguments on), as they
 * always were.
 */
const SHELL = /^(?:(?:\/usr)?(?:\/local)?\/s?bin\/)?(sh|bash|ash|dash|zsh|hush)$/;
const ENV = /^(?:(?:\/usr)?\/bin\/)?env$/;
const BASH_LONG = new Set(['debug', 'debugger', 'dump-po-strings', 'dump-strings', 'help', 'login', 'noediting', 'noprofile', 'norc', 'posix', 'pretty-print', 'restricted', 'verbose', 'version', 'wordexp']);
const BASH_LONG_ARG = new Set(['rcfile', 'init-file']);

/** Where a container's argv hands on: the `sh -c` script, or the options of the program it runs (Fluent Bit's); `chdir`: the directories wrappers before it changed to, in order (env -C, sudo -D, unshare -w, chpst -C). */
export type Launch =
  | { readonly kind: 'script'; readonly at: number; readonly chdir: readonly string[] }
  | { readonly kind: 'options'; readonly at: number; readonly chdir: readonly string[] }
  | { readonly kind: 'none' };

const NONE: Launch = { kind: 'none' };

/**
 * The index of the program after getopt-style options (`+`: options stop at
 * the first operand), or undefined when an option is not one we know to
 * take no argument or one (the wrapper would refuse, or do something we do
 * not follow); past the end when an option's argument is missing (the
 * wrapper refuses: nothing runs). A word matching `whole` is an option of
 * its own (nice's `-5`).
 */
function afterGetopt(argv: readonly string[], from: number, flags: string, withArg: string, longFlags: readonly string[], longWithArg: readonly string[], whole?: RegExp): number | undefined {
  const table: OptionTable = {
    short: flags + [...withArg].map((c) => `${c}:`).join(''),
    long: [...longFlags.map((n) => [n, 'none'] as const), ...longWithArg.map((n) => [n, 'required'] as const)],
    whole,
  };
  const read = readOptions(argv, from, table);
  if (read.options.some((o) => o.error === 'missing')) return argv.length;
  return read.options.some((o) => o.error) ? undefined : read.end;
}

/** A wrapper that runs the program at `at` in directory `chdir` (absolute, or relative to where the wrapper runs). */
interface Next {
  readonly kind: 'next';
  readonly at: number;
  readonly chdir: string | undefined;
}

/**
 * The program after a wrapper's options read with `table`: `chdirKey`'s
 * value (the last) is the directory it starts in; an option in `none`
 * (it runs no program, or a new root) runs nothing; one in `notFollowed`
 * is not followed (undefined). A refused word: undefined; an argument
 * missing: nothing runs.
 */
function wrapperOptions(argv: readonly string[], from: number, table: OptionTable, chdirKey: string, none: readonly string[], notFollowed: readonly string[] = []): { readonly end: number; readonly chdir: string | undefined } | Launch | undefined {
  const read = readOptions(argv, from, table);
  let chdir: string | undefined;
  for (const o of read.options) {
    if (o.error === 'missing') return NONE;
    if (o.error || notFollowed.includes(o.key)) return undefined;
    if (none.includes(o.key)) return NONE;
    if (o.key === chdirKey) chdir = o.value;
  }
  return { end: read.end, chdir };
}

/** GNU coreutils env.c: getopt_long `+C:iS:u:v0` and its long options (`-S` splits a string: not in the table, not followed). */
const ENV_OPTIONS: OptionTable = {
  short: 'C:iu:v0',
  long: [
    ['ignore-environment', 'none', 'i'], ['null', 'none', '0'], ['unset', 'required', 'u'], ['chdir', 'required', 'C'], ['debug', 'none', 'v'],
    ['default-signal', 'optional'], ['ignore-signal', 'optional'], ['block-signal', 'optional'], ['list-signal-handling', 'none'], ['help', 'none'], ['version', 'none'],
  ],
};

/** The program `env` runs, past its options, a lone `-` and `NAME=value` words, and the directory `-C`/`--chdir` starts it in. */
function envProgram(argv: readonly string[], from: number): Next | Launch | undefined {
  const read = wrapperOptions(argv, from, ENV_OPTIONS, 'C', ['help', 'version', 'list-signal-handling']);
  if (read === undefined || 'kind' in read) return read;
  let i = read.end;
  if (argv[i] === '-') i++;
  while (i < argv.length && /^[^=]+=/.test(argv[i] as string)) i++;
  return { kind: 'next', at: i, chdir: read.chdir };
}

/** The index of a shell's `-c` script, or undefined when the shell runs no `-c` script we can read. */
function shellScript(argv: readonly string[], from: number, shell: string): number | undefined {
  let i = from;
  const bash = /bash$/.test(shell);
  while (bash && i < argv.length && /^--?[a-z]/.test(argv[i] as string)) {
    const w = argv[i] as string;
    const name = w.replace(/^--?/, '');
    if (BASH_LONG_ARG.has(name)) i += 2;
    else if (BASH_LONG.has(name)) i += 1;
    else if (w.startsWith('--')) return undefined;
    else break;
  }
  let command = false;
  while (i < argv.length) {
    const w = argv[i] as string;
    if (w === '-' || w === '--') {
      i++;
      break;
    }
    if (!/^[-+]/.test(w)) break;
    let next = i + 1;
    for (const c of w.slice(1)) {
      if (c === 'c') command = true;
      else if (c === 'o' || (bash && c === 'O')) next++;
    }
    i = next;
  }
  return command && i < argv.length ? i : undefined;
}

/** `busybox APPLET ...`: the applet's index; `--help`, `--list`, `--install` run none. */
function busyboxApplet(argv: readonly string[], from: number): number | Launch {
  const w = argv[from];
  return w === undefined || w.startsWith('--') ? NONE : from;
}

/** `su-exec USER PROG...`, `gosu USER PROG...`, `s6-setuidgid USER PROG...`: one user word, no options; gosu prints its help or version instead. */
function userThenProgram(argv: readonly string[], from: number, helpWords: readonly string[]): number | Launch {
  if (helpWords.includes(argv[from] as string) || from + 1 >= argv.length) return NONE;
  return from + 1;
}

/** util-linux su-common.c `su_main`: getopt_long `c:fg:G:lmpPs:u:hVw:` (no `+`: options among the operands); `-u`/`--user` is runuser's only. */
const SU_OPTIONS: OptionTable = {
  short: 'c:fg:G:lmpPs:w:',
  long: [
    ['command', 'required', 'c'], ['session-command', 'required'], ['fast', 'none', 'f'], ['login', 'none', 'l'], ['preserve-environment', 'none', 'p'],
    ['pty', 'none', 'P'], ['shell', 'required', 's'], ['group', 'required', 'g'], ['supp-group', 'required', 'G'], ['whitelist-environment', 'required', 'w'],
  ],
  permute: true,
};
const RUNUSER_OPTIONS: OptionTable = { ...SU_OPTIONS, short: `${SU_OPTIONS.short}u:`, long: [...SU_OPTIONS.long, ['user', 'required', 'u']] };

/**
 * `runuser`/`su` (util-linux su-common.c `su_main`): getopt_long without
 * `+`, so options are taken among the operands up to `--`. With `-u USER`
 * (runuser) the operands are the program and its words; without it the
 * first operand is the user and the shell runs `-c`'s script.
 */
function suProgram(argv: readonly string[], from: number, runuser: boolean): number | Launch | undefined {
  const read = readOptions(argv, from, runuser ? RUNUSER_OPTIONS : SU_OPTIONS);
  let script: number | undefined;
  let shellWord: string | undefined;
  let user = false;
  let asShell = false;
  for (const o of read.options) {
    // An option's argument missing: su refuses.
    if (o.error === 'missing') return NONE;
    // An attached value (`--command=...`, `-cscript`) is not a word of its own: not followed.
    if (o.error || o.valueAt === o.at) return undefined;
    if (o.key === 'c' || o.key === 'session-command') script = o.valueAt;
    if (o.key === 's') shellWord = o.value;
    if (o.key === 'u') user = true;
    if (['c', 'session-command', 'f', 'l', 's'].includes(o.key)) asShell = true;
  }
  if (user) {
    if (asShell) return NONE;
    const words = read.operands;
    if (words.length === 0) return NONE;
    // The program's words as getopt leaves them must be the argv's last words, in a row.
    if (words.some((at, k) => at !== (words[0] as number) + k) || (words.at(-1) as number) !== argv.length - 1) return undefined;
    return words[0] as number;
  }
  if (shellWord !== undefined && !SHELL.test(shellWord)) return undefined;
  return script === undefined ? NONE : { kind: 'script', at: script, chdir: [] };
}

/** `timeout [OPTION] DURATION PROG...`; busybox before 1.30 took `-t SECS` instead of the DURATION. */
function timeoutProgram(argv: readonly string[], from: number): number | undefined {
  const i = afterGetopt(argv, from, 'fpv', 'kst', ['foreground', 'preserve-status', 'verbose'], ['kill-after', 'signal']);
  if (i === undefined) return undefined;
  return argv.slice(from, i).some((w) => /^-t/.test(w)) ? i : i + 1;
}

/** `taskset [-a] [-c] MASK PROG...` (util-linux taskset.c getopt_long `+apchV`): the mask (or, with `-c`, the CPU list) then the program; `-p` acts on a running process and is not followed. */
function tasksetProgram(argv: readonly string[], from: number): number | undefined {
  const i = afterGetopt(argv, from, 'ac', '', ['all-tasks', 'cpu-list'], []);
  return i === undefined ? undefined : i + 1;
}

/** sudo 1.9 (src/parse_args.c): getopt_long `+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv` and `sudo_long_opts`. */
const SUDO_OPTIONS: OptionTable = {
  short: 'Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv',
  long: [
    ['background', 'none', 'b'], ['preserve-env', 'optional', 'E'], ['edit', 'none', 'e'], ['set-home', 'none', 'H'], ['login', 'none', 'i'],
    ['remove-timestamp', 'none', 'K'], ['list', 'none', 'l'], ['preserve-groups', 'none', 'P'], ['shell', 'none', 's'], ['other-user', 'required', 'U'],
    ['validate', 'none', 'v'], ['askpass', 'none', 'A'], ['auth-type', 'required', 'a'], ['bell', 'none', 'B'], ['close-from', 'required', 'C'],
    ['login-class', 'required', 'c'], ['chdir', 'required', 'D'], ['group', 'required', 'g'], ['help', 'none', 'h'], ['host', 'required'],
    ['reset-timestamp', 'none', 'k'], ['no-update', 'none', 'N'], ['non-interactive', 'none', 'n'], ['prompt', 'required', 'p'], ['chroot', 'required', 'R'],
    ['role', 'required', 'r'], ['stdin', 'none', 'S'], ['command-timeout', 'required', 'T'], ['type', 'required', 't'], ['user', 'required', 'u'], ['version', 'none', 'V'],
  ],
};

/**
 * `sudo [OPTIONS] [NAME=value...] PROG...`: options and `NAME=value` words
 * (not starting with `/` or `=`) mixed, up to the first other operand or
 * `--`; `-D DIR`/`--chdir=DIR` is where the program starts. `-e`, `-l`,
 * `-v`, `-V`, `-K` run no program and `-R` a new root: nothing read.
 * `-s`/`-i` run it through the user's (login) shell, from the home
 * directory for `-i`, and `-h` is help or a remote host (a bare one may
 * take the next word): not followed.
 */
function sudoProgram(argv: readonly string[], from: number): Next | Launch | undefined {
  let i = from;
  let chdir: string | undefined;
  for (;;) {
    const read = wrapperOptions(argv, i, SUDO_OPTIONS, 'D', ['e', 'l', 'v', 'V', 'K', 'R'], ['i', 's', 'h']);
    if (read === undefined || 'kind' in read) return read;
    chdir = read.chdir ?? chdir;
    i = read.end;
    const w = argv[i];
    if (w === undefined || argv[i - 1] === '--' || w.startsWith('/') || w.startsWith('=') || !w.includes('=')) break;
    i++;
  }
  return { kind: 'next', at: i, chdir };
}

/** OpenDoas doas.c getopt `+C:nsu:v` (OpenBSD's adds `a:`, `L`): `-C` checks a config, `-s` runs a shell, `-v`, `-L` print or clear: no program read. */
function doasProgram(argv: readonly string[], from: number): Next | Launch | undefined {
  const read = wrapperOptions(argv, from, { short: 'a:C:Lnsu:v', long: [] }, '', ['C', 'L', 's', 'v']);
  return read === undefined || 'kind' in read ? read : { kind: 'next', at: read.end, chdir: undefined };
}

/** util-linux sys-utils/unshare.c: getopt_long `+fhVmuinpCTUrR:w:S:G:cl:`; the namespace options take a file only as `--mount=FILE`. */
const UNSHARE_OPTIONS: OptionTable = {
  short: 'fhVmuinpCTUrR:w:S:G:cl:',
  long: [
    ['help', 'none', 'h'], ['version', 'none', 'V'], ['mount', 'optional', 'm'], ['uts', 'optional', 'u'], ['ipc', 'optional', 'i'], ['net', 'optional', 'n'],
    ['pid', 'optional', 'p'], ['user', 'optional', 'U'], ['cgroup', 'optional', 'C'], ['time', 'optional', 'T'], ['fork', 'none', 'f'],
    ['kill-child', 'optional'], ['forward-signals', 'none'], ['mount-proc', 'optional'], ['mount-binfmt', 'optional'], ['map-user', 'required'],
    ['map-users', 'required'], ['map-group', 'required'], ['map-groups', 'required'], ['map-root-user', 'none', 'r'], ['map-current-user', 'none', 'c'],
    ['map-auto', 'none'], ['map-subids', 'none'], ['owner', 'required'], ['propagation', 'required'], ['setgroups', 'required'], ['keep-caps', 'none'],
    ['setuid', 'required', 'S'], ['setgid', 'required', 'G'], ['root', 'required', 'R'], ['wd', 'required', 'w'], ['monotonic', 'required'],
    ['boottime', 'required'], ['load-interp', 'required', 'l'], ['clear-env', 'none'], ['whitelist-env', 'required'],
  ],
};

/** `unshare [OPTIONS] PROG...`: `-w DIR`/`--wd=DIR` is where the program starts; `-R`/`--root` (a new root), `-h`, `-V`: nothing read. */
function unshareProgram(argv: readonly string[], from: number): Next | Launch | undefined {
  const read = wrapperOptions(argv, from, UNSHARE_OPTIONS, 'w', ['R', 'h', 'V']);
  return read === undefined || 'kind' in read ? read : { kind: 'next', at: read.end, chdir: read.chdir };
}

/** runit chpst.c getopt `+u:U:b:e:m:d:o:p:f:c:r:t:/:C:n:l:L:vP012V`: `-C DIR` (runit 2.2) is where the program starts; `-/ ROOT` a new root: nothing read. */
function chpstProgram(argv: readonly string[], from: number): Next | Launch | undefined {
  const read = wrapperOptions(argv, from, { short: 'u:U:b:e:m:d:o:p:f:c:r:t:/:C:n:l:L:vP012V', long: [] }, 'C', ['/']);
  return read === undefined || 'kind' in read ? read : { kind: 'next', at: read.end, chdir: read.chdir };
}

/** A wrapper: its program name, and the index of the program it runs (or what it runs instead; undefined: an option not read). */
interface Wrapper {
  readonly name: RegExp;
  readonly read: (argv: readonly string[], from: number) => number | Next | Launch | undefined;
}

/** The wrappers after the shells. */
const WRAPPERS: readonly Wrapper[] = [
  { name: ENV, read: envProgram },
  { name: /(^|\/)tini(-static)?(-[a-z0-9]+)?$/, read: (argv, from) => afterGetopt(argv, from, 'hvwglsa', 'pek', [], []) },
  { name: /(^|\/)dumb-init$/, read: (argv, from) => afterGetopt(argv, from, 'hvVlc', 'r', ['help', 'single-child', 'list', 'verbose', 'version'], ['rewrite']) },
  { name: /(^|\/)busybox$/, read: busyboxApplet },
  { name: /(^|\/)gosu$/, read: (argv, from) => userThenProgram(argv, from, ['--help', '-h', '-?', '--version', '-v']) },
  { name: /(^|\/)(su-exec|s6-setuidgid|setuidgid)$/, read: (argv, from) => userThenProgram(argv, from, []) },
  { name: /(^|\/)chpst$/, read: chpstProgram },
  { name: /(^|\/)sudo$/, read: sudoProgram },
  { name: /(^|\/)doas$/, read: doasProgram },
  { name: /(^|\/)unshare$/, read: unshareProgram },
  {
    name: /(^|\/)setpriv$/,
    read: (argv, from) =>
      afterGetopt(argv, from, '', '', ['nnp', 'no-new-privs', 'clear-groups', 'keep-groups', 'init-groups', 'reset-env'], ['inh-caps', 'ambient-caps', 'ruid', 'euid', 'rgid', 'egid', 'reuid', 'regid', 'groups', 'bounding-set', 'securebits', 'pdeathsig', 'ptracer', 'selinux-label', 'apparmor-profile', 'landlock-access', 'landlock-rule', 'seccomp-filter']),
  },
  { name: /(^|\/)runuser$/, read: (argv, from) => suProgram(argv, from, true) },
  { name: /(^|\/)su$/, read: (argv, from) => suProgram(argv, from, false) },
  { name: /(^|\/)nice$/, read: (argv, from) => afterGetopt(argv, from, '', 'n', [], ['adjustment'], /^-[-+]?\d/) },
  { name: /(^|\/)ionice$/, read: (argv, from) => afterGetopt(argv, from, 't', 'nc', ['ignore'], ['class', 'classdata']) },
  { name: /(^|\/)timeout$/, read: timeoutProgram },
  { name: /(^|\/)nohup$/, read: (argv, from) => afterGetopt(argv, from, '', '', [], []) },
  { name: /(^|\/)setsid$/, read: (argv, from) => afterGetopt(argv, from, 'cfw', '', ['ctty', 'fork', 'wait'], []) },
  { name: /(^|\/)stdbuf$/, read: (argv, from) => afterGetopt(argv, from, '', 'ioe', [], ['input', 'output', 'error']) },
  { name: /(^|\/)taskset$/, read: tasksetProgram },
  {
    name: /(^|\/)numactl$/,
    read: (argv, from) =>
      afterGetopt(argv, from, 'lab', 'ipcNCmPw', ['localalloc', 'all', 'balancing'], ['interleave', 'preferred', 'preferred-many', 'weighted-interleave', 'cpubind', 'cpunodebind', 'physcpubind', 'membind']),
  },
  // Paths after it name files under NEWROOT, not the container's: no config is read (not the container's file of that name).
  { name: /(^|\/)chroot$/, read: () => NONE },
];

/**
 * What the argv `[...command, ...args]` runs. Without `command`, the image's
 * ENTRYPOINT is taken to be Fluent Bit and every arg is its option.
 */
export function launchOf(command: readonly string[], args: readonly string[]): Launch {
  if (command.length === 0) return { kind: 'options', at: 0, chdir: [] };
  const argv = [...command, ...args];
  let at = 0;
  const chdir: string[] = [];
  // busybox runs its applet by the word's last path component.
  let applet = false;
  for (let depth = 0; depth < 8 && at < argv.length; depth++) {
    const word = argv[at] as string;
    const program: string = applet ? word.slice(word.lastIndexOf('/') + 1) : word;
    if (SHELL.test(program)) {
      const script = shellScript(argv, at + 1, program);
      return script === undefined ? NONE : { kind: 'script', at: script, chdir };
    }
    const wrapper: Wrapper | undefined = WRAPPERS.find((w) => w.name.test(program));
    // A wrapper option we do not read: its words are scanned as Fluent Bit's, as for any other program.
    const read = wrapper?.read(argv, at + 1);
    if (read === undefined) return { kind: 'options', at: at + 1, chdir };
    if (typeof read !== 'number' && read.kind === 'script') return { ...read, chdir };
    if (typeof read !== 'number' && read.kind !== 'next') return read;
    const next = typeof read === 'number' ? read : read.at;
    if (typeof read !== 'number' && read.chdir !== undefined) chdir.push(read.chdir);
    if (next >= argv.length) return NONE;
    applet = wrapper?.read === busyboxApplet;
    at = next;
  }
  return NONE;
}

// `fluentbit` too: some vendor images (cnvrg's) install the binary under that name.
const FLUENT_BIT_BINARY = /(^|\/)(fluent-?bit|td-agent-bit|flb)$/;

/** The index of the word holding the last `-c` value among Fluent Bit options, and the path it gives. */
export function lastConfigAt(words: readonly string[]): { readonly index: number; readonly path: string } | undefined {
  const last = valuesOf(words, 'c').at(-1);
  return last && { index: last.valueAt as number, path: last.value as string };
}

/** The word holding the last `-c` value among Fluent Bit options, and the path it gives. */
function lastConfigWord(words: readonly ShWord[]): { readonly word: ShWord; readonly path: string } | undefined {
  const found = lastConfigAt(words.map((w) => w.value));
  return found && { word: words[found.index] as ShWord, path: found.path };
}

/**
 * The words of the Fluent Bit command a shell script runs (after the
 * binary) and the offset of the binary, or undefined: the first command
 * naming the binary with a `-c`, else the first naming it (`mkdir -p
 * /var/log/fluent-bit; exec fluent-bit -c x` runs x). The script is read
 * as sh reads it (src/source/sh-words.ts); `read`: its tokens when the
 * caller has them.
 */
function fluentBitInScript(script: string, read: ShTokens = shTokens(script)): { readonly words: ShWord[]; readonly at: number } | undefined {
  let first: { words: ShWord[]; at: number } | undefined;
  for (const words of shCommands(script, read)) {
    const at = words.findIndex((w) => FLUENT_BIT_BINARY.test(w.value));
    if (at < 0) continue;
    const found = { words: words.slice(at + 1), at: (words[at] as ShWord).start };
    if (lastConfigWord(found.words)) return found;
    first ??= found;
  }
  return first;
}

// Words that start a compound command or a branch of one: a `cd` after them may not run, or runs in a loop.
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '{', '}', '!']);

/** Where `cd ARGS` goes from `dir` (bash and dash builtins: -L, -P, -e, -@ options, `--`), or undefined when that is not known. */
function cdTarget(args: readonly string[], dir: string | undefined): string | undefined {
  let i = 0;
  while (i < args.length && /^-[LPe@]+$/.test(args[i] as string)) i++;
  if (args[i] === '--') i++;
  const to = args[i];
  // No operand ($HOME), `cd -` ($OLDPWD), an expansion or a tilde: not known.
  if (to === undefined || to === '-' || /[$`]/.test(to) || to.startsWith('~')) return undefined;
  if (to.startsWith('/')) return joinPath('/', to);
  return dir === undefined ? undefined : joinPath(dir, to);
}

/**
 * The directory a script's `cd` commands leave its shell in at offset
 * `before` (absolute), or undefined when there is none or it is not known.
 * As sh runs them: a `cd` inside `( ... )` lasts to its `)`; one in a
 * pipeline or run with `&` is a subshell's; a relative one goes on from
 * the directory before it (from the start directory, not known here: not
 * followed, unless `start`, the directory the shell starts in, is given). A `cd` after `||`, inside if/while/for/case or `{ }`, or
 * `pushd`/`popd`, leaves the directory not known. CDPATH is not read.
 * `read`: the script's tokens when the caller has them.
 */
export function scriptCwd(script: string, before: number, start?: string, read: ShTokens = shTokens(script)): string | undefined {
  const tokens = read.tokens;
  let dir: string | undefined = start;
  const saved: (string | undefined)[] = [];
  let words: string[] = [];
  let prev = '';
  const end = (next: string): void => {
    let k = 0;
    while (k < words.length && RESERVED.has(words[k] as string)) k++;
    const name = words[k];
    if (name === 'cd' || name === 'pushd' || name === 'popd') {
      if (k > 0 || prev === '||' || name !== 'cd') dir = undefined;
      else if (prev !== '|' && next !== '|' && next !== '&') dir = cdTarget(words.slice(k + 1), dir);
    }
    words = [];
    prev = next;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as ShToken;
    if (t.start >= before) break;
    if (t.kind === 'redirect') {
      if (tokens[i + 1]?.kind === 'word') i++;
    } else if (t.kind === 'word') words.push(t.value);
    else {
      end(t.value);
      if (t.value === '(') saved.push(dir);
      else if (t.value === ')' && saved.length > 0) dir = saved.pop();
    }
  }
  return dir;
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
  const words = fluentBitInScript(script)?.words;
  const found = words && lastConfigWord(words);
  if (!found) return undefined;
  const at = script.slice(found.word.start, found.word.end).lastIndexOf(found.path);
  if (at >= 0) return { start: found.word.start + at, end: found.word.start + at + found.path.length, path: found.path, quoted: false };
  return found.word.value === found.path ? { start: found.word.start, end: found.word.end, path: found.path, quoted: true } : undefined;
}

/** Fluent Bit's `-w` and `-R` values from its option words, a relative one read from `dir` (where the process starts) when that is known. */
function readFrom(words: readonly string[], dir: string | undefined): { readonly workdir: string | undefined; readonly parsersFiles: string[] } {
  const written = valuesOf(words, 'w').at(-1)?.value;
  return {
    workdir: dir === undefined ? written : joinPath(dir, written ?? '.'),
    parsersFiles: valuesOf(words, 'R').map((o) => o.value as string).map((f) => (dir === undefined ? f : joinPath(dir, f))),
  };
}

/** The directory a wrapper's chdir to `to` leaves from `dir` (undefined: not known; `~` is a home directory, not known). */
function chdirTo(dir: string | undefined, to: string): string | undefined {
  if (to.startsWith('/')) return joinPath('/', to);
  return dir === undefined || to.startsWith('~') || to === '' ? undefined : joinPath(dir, to);
}

/**
 * The config a container starts Fluent Bit with. `command` running a shell
 * (`sh -c "... fluent-bit -c x"`) is read as a script. Without `-c`: the
 * image's default when neither `command` nor `args` is set (its CMD holds
 * `-c /fluent-bit/etc/fluent-bit.conf`), else none. `workingDir` (the
 * container's, absolute) is where the process starts: a relative `-w`,
 * `-R` or `-c` is read from there, unless a script's `cd` surely moved it.
 */
export function configArg(command: StringList | undefined, args: StringList | undefined, workingDir?: string): ConfigArg {
  const cmd = command?.items.map((i) => i.value) ?? [];
  const arg = args?.items.map((i) => i.value) ?? [];
  const argv = [...cmd, ...arg];
  const launch = launchOf(cmd, arg);
  const where = (at: number): 'command' | 'args' => (at < cmd.length ? 'command' : 'args');
  if (launch.kind === 'none') return { path: undefined, from: 'none', workdir: undefined, parsersFiles: [] };
  const start = launch.chdir.reduce<string | undefined>((dir, to) => chdirTo(dir, to), workingDir !== undefined && workingDir.startsWith('/') ? joinPath('/', workingDir) : undefined);
  if (launch.kind === 'script') {
    const script = argv[launch.at] as string;
    // One reading of the script for its Fluent Bit command and its cd commands.
    const read = shTokens(script);
    const found = fluentBitInScript(script, read);
    const words = found?.words.map((w) => w.value);
    const path = words && lastConfigAt(words)?.path;
    // After `cd DIR` the shell runs Fluent Bit in DIR: its working directory (a relative -w from there), and where a relative -R is read.
    const cwd = found && scriptCwd(script, found.at, start, read);
    const { workdir, parsersFiles } = readFrom(words ?? [], cwd);
    return path === undefined ? { path: undefined, from: 'none', workdir, parsersFiles } : { path, from: where(launch.at), workdir, parsersFiles };
  }
  const options = argv.slice(launch.at);
  const { workdir, parsersFiles } = readFrom(options, start);
  const found = lastConfigAt(options);
  if (found !== undefined) return { path: found.path, from: where(launch.at + found.index), workdir, parsersFiles };
  if (cmd.length === 0 && arg.length === 0) return { path: undefined, from: 'default', workdir, parsersFiles };
  return { path: undefined, from: 'none', workdir, parsersFiles };
}
