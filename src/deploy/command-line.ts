import type { StringList } from '../discover/discovery-types.js';
import { shCommands, shTokens, type ShToken, type ShWord } from '../source/sh-words.js';
import { joinPath } from './paths.js';

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
  /** Fluent Bit's working directory, where relative paths are tried first (A.9): `-w`/`--workdir`, against the directory a `sh -c` script's `cd` left or the container's `workingDir` (or that directory). */
  readonly workdir: string | undefined;
  /** `-R`/`--parser` values in command-line order (empty when none); a relative one joined to the directory a script's `cd` left or the container's `workingDir`. */
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
 *   the program; `-S` splits a string and is not followed;
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
 *   options then the program; `-/ ROOT` and `-C DIR` (a new root or working
 *   directory changes what a path names) are not followed;
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
 * Any other program (or a wrapper option not listed here, or a GNU long
 * option abbreviated) is taken as Fluent Bit: its words are scanned for
 * `-c` (an image's entrypoint script usually hands its arguments on), as
 * they always were.
 */
const SHELL = /^(?:(?:\/usr)?(?:\/local)?\/s?bin\/)?(sh|bash|ash|dash|zsh|hush)$/;
const ENV = /^(?:(?:\/usr)?\/bin\/)?env$/;
const BASH_LONG = new Set(['debug', 'debugger', 'dump-po-strings', 'dump-strings', 'help', 'login', 'noediting', 'noprofile', 'norc', 'posix', 'pretty-print', 'restricted', 'verbose', 'version', 'wordexp']);
const BASH_LONG_ARG = new Set(['rcfile', 'init-file']);

/** Where a container's argv hands on: the `sh -c` script, or the options of the program it runs (Fluent Bit's). */
export type Launch =
  | { readonly kind: 'script'; readonly at: number }
  | { readonly kind: 'options'; readonly at: number }
  | { readonly kind: 'none' };

const NONE: Launch = { kind: 'none' };

/**
 * The index of the program after getopt-style options (`+`: options stop at
 * the first operand), or undefined when an option is not one we know to
 * take no argument or one (the wrapper would refuse, or do something we do
 * not follow). A word matching `whole` is an option of its own (nice's `-5`).
 */
function afterGetopt(argv: readonly string[], from: number, flags: string, withArg: string, longFlags: readonly string[], longWithArg: readonly string[], whole?: RegExp): number | undefined {
  let i = from;
  while (i < argv.length) {
    const w = argv[i] as string;
    if (w === '--') return i + 1;
    if (!w.startsWith('-') || w === '-') return i;
    if (whole?.test(w)) {
      i++;
      continue;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = w.slice(2, eq < 0 ? undefined : eq);
      if (longWithArg.includes(name)) i += eq < 0 ? 2 : 1;
      else if (longFlags.includes(name) && eq < 0) i += 1;
      else return undefined;
      continue;
    }
    let next = i + 1;
    for (let k = 1; k < w.length; k++) {
      const c = w[k] as string;
      if (withArg.includes(c)) {
        if (k === w.length - 1) next++;
        break;
      }
      if (!flags.includes(c)) return undefined;
    }
    i = next;
  }
  return i;
}

/** The index of the program `env` runs, past its options and `NAME=value` words. */
function envProgram(argv: readonly string[], from: number): number | undefined {
  let i = afterGetopt(argv, from, 'iv0', 'Cu', ['ignore-environment', 'null', 'debug', 'help', 'version'], ['chdir', 'unset']);
  if (i === undefined) return undefined;
  if (argv[i] === '-') i++;
  while (i < argv.length && /^[^=]+=/.test(argv[i] as string)) i++;
  return i;
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

/**
 * `runuser`/`su` (util-linux su-common.c `su_main`): getopt_long without
 * `+`, so options are taken among the operands up to `--`. With `-u USER`
 * (runuser) the operands are the program and its words; without it the
 * first operand is the user and the shell runs `-c`'s script.
 */
function suProgram(argv: readonly string[], from: number, runuser: boolean): number | Launch | undefined {
  const operands: number[] = [];
  let script: number | undefined;
  let user = false;
  let asShell = false;
  let shellWord: string | undefined;
  let i = from;
  // Each option: [name, letter, takes an argument]; `u` is runuser's only.
  const opts: readonly (readonly [string, string, boolean])[] = [
    ['command', 'c', true], ['session-command', '', true], ['fast', 'f', false], ['login', 'l', false],
    ['preserve-environment', 'p', false], ['', 'm', false], ['pty', 'P', false], ['shell', 's', true],
    ['group', 'g', true], ['supp-group', 'G', true], ['whitelist-environment', 'w', true],
    ...(runuser ? [['user', 'u', true] as const] : []),
  ];
  const take = (name: string, value: number): void => {
    if (name === 'command' || name === 'session-command') script = value;
    if (name === 'shell') shellWord = argv[value];
    if (name === 'user') user = true;
    if (name === 'command' || name === 'session-command' || name === 'fast' || name === 'login' || name === 'shell') asShell = true;
  };
  for (; i < argv.length; i++) {
    const w = argv[i] as string;
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') {
      operands.push(i);
      continue;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const opt = opts.find((o) => o[0] !== '' && o[0] === w.slice(2, eq < 0 ? undefined : eq));
      // An attached value (`--command=...`) is not a word of its own: not followed.
      if (!opt || eq >= 0) return undefined;
      if (opt[2]) i++;
      take(opt[0], i);
      continue;
    }
    for (let k = 1; k < w.length; k++) {
      const opt = opts.find((o) => o[1] === w[k]);
      if (!opt) return undefined;
      if (!opt[2]) {
        take(opt[0], -1);
        continue;
      }
      if (k !== w.length - 1) return undefined;
      i++;
      take(opt[0], i);
    }
  }
  // An option's argument missing: su refuses.
  if (i > argv.length || (script !== undefined && script >= argv.length)) return NONE;
  if (user) {
    if (asShell) return NONE;
    const words = [...operands];
    for (let k = i; k < argv.length; k++) words.push(k);
    if (words.length === 0) return NONE;
    // The program's words as getopt leaves them must be the argv's last words, in a row.
    if (words.some((at, k) => at !== (words[0] as number) + k) || (words.at(-1) as number) !== argv.length - 1) return undefined;
    return words[0] as number;
  }
  if (shellWord !== undefined && !SHELL.test(shellWord)) return undefined;
  return script === undefined ? NONE : { kind: 'script', at: script };
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

/** A wrapper: its program name, and the index of the program it runs (or what it runs instead; undefined: an option not read). */
interface Wrapper {
  readonly name: RegExp;
  readonly read: (argv: readonly string[], from: number) => number | Launch | undefined;
}

/** The wrappers after the shells. */
const WRAPPERS: readonly Wrapper[] = [
  { name: ENV, read: envProgram },
  { name: /(^|\/)tini(-static)?(-[a-z0-9]+)?$/, read: (argv, from) => afterGetopt(argv, from, 'hvwglsa', 'pek', [], []) },
  { name: /(^|\/)dumb-init$/, read: (argv, from) => afterGetopt(argv, from, 'hvVlc', 'r', ['help', 'single-child', 'list', 'verbose', 'version'], ['rewrite']) },
  { name: /(^|\/)busybox$/, read: busyboxApplet },
  { name: /(^|\/)gosu$/, read: (argv, from) => userThenProgram(argv, from, ['--help', '-h', '-?', '--version', '-v']) },
  { name: /(^|\/)(su-exec|s6-setuidgid|setuidgid)$/, read: (argv, from) => userThenProgram(argv, from, []) },
  { name: /(^|\/)chpst$/, read: (argv, from) => afterGetopt(argv, from, 'vP012V', 'uUbemdopfcrtnlL', [], []) },
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
  if (command.length === 0) return { kind: 'options', at: 0 };
  const argv = [...command, ...args];
  let at = 0;
  // busybox runs its applet by the word's last path component.
  let applet = false;
  for (let depth = 0; depth < 8 && at < argv.length; depth++) {
    const word = argv[at] as string;
    const program: string = applet ? word.slice(word.lastIndexOf('/') + 1) : word;
    if (SHELL.test(program)) {
      const script = shellScript(argv, at + 1, program);
      return script === undefined ? NONE : { kind: 'script', at: script };
    }
    const wrapper: Wrapper | undefined = WRAPPERS.find((w) => w.name.test(program));
    // A wrapper option we do not read: its words are scanned as Fluent Bit's, as for any other program.
    const next = wrapper?.read(argv, at + 1);
    if (next === undefined) return { kind: 'options', at: at + 1 };
    if (typeof next !== 'number') return next;
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
  let found: { index: number; path: string } | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-c' || w === '--config') {
      if (i + 1 < words.length) found = { index: i + 1, path: words[i + 1] as string };
      i++;
    } else if (w.startsWith('--config=')) found = { index: i, path: w.slice('--config='.length) };
    else if (w.startsWith('-c') && !w.startsWith('--') && w.length > 2) found = { index: i, path: w.slice(2) };
  }
  return found;
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
 * as sh reads it (src/source/sh-words.ts).
 */
function fluentBitInScript(script: string): { readonly words: ShWord[]; readonly at: number } | undefined {
  let first: { words: ShWord[]; at: number } | undefined;
  for (const words of shCommands(script)) {
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
 */
export function scriptCwd(script: string, before: number, start?: string): string | undefined {
  const tokens = shTokens(script).tokens;
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
  const written = lastWorkdir(words);
  return {
    workdir: dir === undefined ? written : joinPath(dir, written ?? '.'),
    parsersFiles: parserArgs(words).map((f) => (dir === undefined ? f : joinPath(dir, f))),
  };
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
  const start = workingDir !== undefined && workingDir.startsWith('/') ? joinPath('/', workingDir) : undefined;
  const cmd = command?.items.map((i) => i.value) ?? [];
  const arg = args?.items.map((i) => i.value) ?? [];
  const argv = [...cmd, ...arg];
  const launch = launchOf(cmd, arg);
  const where = (at: number): 'command' | 'args' => (at < cmd.length ? 'command' : 'args');
  if (launch.kind === 'none') return { path: undefined, from: 'none', workdir: undefined, parsersFiles: [] };
  if (launch.kind === 'script') {
    const script = argv[launch.at] as string;
    const found = fluentBitInScript(script);
    const words = found?.words.map((w) => w.value);
    const path = words && lastConfigAt(words)?.path;
    // After `cd DIR` the shell runs Fluent Bit in DIR: its working directory (a relative -w from there), and where a relative -R is read.
    const cwd = found && scriptCwd(script, found.at, start);
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
