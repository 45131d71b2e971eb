import { shTokens, type ShToken, type ShWord } from '../source/sh-words.js';
import { nativeCommandWords, type NativeShell } from '../source/native-words.js';
import { normalizePath } from '../source/paths.js';

/*
 * Where the commands of a shell script or a Makefile recipe run, relative to
 * the script's own directory (the directory the callers resolve a bare
 * relative path against: make runs a recipe there, a script usually runs
 * from there or `cd`s there):
 *
 * - the script's directory named by the idioms scripts use for it:
 *   `$(dirname "$0")`, `` `dirname $0` ``, `$(dirname "${BASH_SOURCE[0]}")`,
 *   `${BASH_SOURCE%/*}`, `${0%/*}`, `$(dirname "$(realpath "$0")")`
 *   (`readlink -f` too), `$(realpath "$(dirname "$0")")`, and
 *   `$(cd "<one of them>[/sub]" && pwd)` (`;` `-P` `--` and redirections
 *   such as `>/dev/null 2>&1` allowed), and a variable the script set to one
 *   of them before (`DIR=$(cd "$(dirname "$0")" && pwd)`, then `$DIR/conf`
 *   or `${DIR}/conf`; `export`, `readonly`, `local` and `declare` too);
 * - `cd DIR` and `pushd DIR` (`popd` back) with a literal DIR or one of the
 *   idioms: later commands run there; any other `cd` (a variable, `cd -`,
 *   `cd` alone, `~`) makes the working directory unknown until a `cd` to a
 *   known one. A `cd` inside `( ... )` ends with the subshell; in a Makefile
 *   every recipe line is a shell of its own, so a `cd` and a variable end
 *   with their (logical) line.
 *
 * Shell idioms are read in shell scripts only (make would expand `$(dirname
 * ...)` itself). Not modelled: functions and branches (every command is
 * taken in text order), a `cd` inside `$(...)`, and sh reading variables of
 * its environment. Pure; linear in the text (tokens once); never throws.
 */

/** A directory relative to the script's own ('' for it; `..` parts kept at the front), normalised. */
export type ScriptRelative = string;

/** The state of the script at a command: its working directory (undefined when not known, with the `cd` word that made it so). */
export interface ScriptPlace {
  readonly cwd: ScriptRelative | undefined;
  /** The word of the `cd`/`pushd`/`popd` that made the directory unknown, as written. */
  readonly lost: string | undefined;
  /** Variables set to a directory of the script (name -> directory). */
  readonly vars: ReadonlyMap<string, ScriptRelative>;
  /** The directory was reached from the script's own directory named by an idiom (`cd "$(dirname "$0")"`, then literal `cd`s), not from wherever the script was started. */
  readonly anchored?: true;
  /** Why the directory is not known when no `cd` word says it (a CI job's `before_script` that is not in the input), for a message. */
  readonly unknownWhy?: string;
}

const START: ScriptPlace = { cwd: '', lost: undefined, vars: new Map() };

/** The script's place at every offset: `placeAt(offset)` gives the state of the command starting there. */
export function scriptPlaces(text: string, make: boolean): (offset: number) => ScriptPlace {
  const changes: { readonly at: number; readonly place: ScriptPlace }[] = [];
  let place = START;
  const frames: ScriptPlace[] = [];
  const dirStack: (ScriptRelative | undefined)[] = [];
  const set = (at: number, next: ScriptPlace): void => {
    place = next;
    changes.push({ at, place });
  };
  const { tokens } = shTokens(text);
  let words: { value: string; start: number }[] = [];
  const run = (): void => {
    if (words.length > 0) {
      const next = command(words, place, dirStack, make);
      if (next !== place) set((words[words.length - 1] as { start: number }).start, next);
    }
    words = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as ShToken;
    if (t.kind === 'redirect') {
      if (tokens[i + 1]?.kind === 'word') i++;
      continue;
    }
    if (t.kind === 'word') {
      words.push({ value: t.value, start: t.start });
      continue;
    }
    run();
    if (t.value === '(') frames.push(place);
    else if (t.value === ')') {
      const back = frames.pop();
      if (back !== undefined) set(t.start, back);
    } else if (t.value === '\n' && make && place !== START) set(t.start, START);
  }
  run();
  return placeLookup(changes);
}

/** The place of the command starting at an offset, from the changes in text order. */
function placeLookup(changes: readonly { readonly at: number; readonly place: ScriptPlace }[]): (offset: number) => ScriptPlace {
  return (offset) => {
    let lo = 0;
    let hi = changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((changes[mid] as { at: number }).at < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? START : (changes[lo - 1] as { place: ScriptPlace }).place;
  };
}

const ASSIGNMENT_PREFIX = new Set(['export', 'readonly', 'local', 'declare', 'typeset']);

/** The state after one simple command (the same object when it changes nothing). */
function command(words: readonly { value: string }[], place: ScriptPlace, dirStack: (ScriptRelative | undefined)[], make: boolean): ScriptPlace {
  let first = (words[0] as { value: string }).value;
  if (make) first = first.replace(/^[@+-]+/, '');
  if (first === 'cd' || first === 'pushd') {
    const args = words.slice(1).map((w) => w.value).filter((v) => v !== '--' && !/^-[LPe@]+$/.test(v));
    const target = args[0];
    if (first === 'pushd') dirStack.push(place.cwd);
    const dir = target === undefined || target === '-' || target.startsWith('~') ? undefined : make ? literalDir(target, place.cwd) : scriptPath(target, place);
    // A literal `cd` from an unknown directory keeps the reason it is unknown.
    const kept = dir === undefined && place.cwd === undefined && target !== undefined && !/[$`~]/.test(target) && target !== '-';
    // A `cd` to the script's directory idiom anchors what follows; a relative literal `cd` keeps the anchor; an absolute one needs none.
    const anchored = dir !== undefined && (/[$`]/.test(target ?? '') || target?.startsWith('/') === true || place.anchored === true);
    const { anchored: _was, ...rest } = place;
    return { ...rest, cwd: dir, lost: dir !== undefined ? undefined : kept ? place.lost : [first, ...args].join(' '), ...(anchored ? { anchored: true as const } : {}) };
  }
  if (first === 'popd') {
    const back = dirStack.length > 0 ? dirStack.pop() : undefined;
    const { anchored: _was, ...rest } = place;
    return { ...rest, cwd: back, lost: back === undefined ? 'popd' : undefined };
  }
  if (make) return place;
  // Assignments: `NAME=VALUE ...` alone (a prefix of another command sets it for that command only), or after export/readonly/local/declare.
  const assigns = ASSIGNMENT_PREFIX.has(first) ? words.slice(1).filter((w) => !w.value.startsWith('-')) : words;
  if (!assigns.every((w) => /^[A-Za-z_]\w*=/.test(w.value))) return place;
  let vars: Map<string, ScriptRelative> | undefined;
  for (const w of assigns) {
    const eq = w.value.indexOf('=');
    const name = w.value.slice(0, eq);
    const dir = scriptDirOf(w.value.slice(eq + 1), place.vars);
    if (dir === undefined && !place.vars.has(name) && vars?.has(name) !== true) continue;
    vars ??= new Map(place.vars);
    if (dir === undefined) vars.delete(name);
    else vars.set(name, dir);
  }
  return vars === undefined ? place : { ...place, vars };
}

/** A literal directory against the working directory (undefined for one holding a variable, or when the working directory is not known). */
function literalDir(value: string, cwd: ScriptRelative | undefined, literal?: true): ScriptRelative | undefined {
  if ((literal !== true && /[$`]/.test(value)) || cwd === undefined) return undefined;
  return value.startsWith('/') ? normalizePath(value) : normalizePath(cwd === '' ? value : `${cwd}/${value}`);
}

/**
 * A path word of a command (quotes removed as sh removes them) relative to the script's directory: a literal
 * against the working directory, or a path under one of the idioms naming the script's directory (a variable set to
 * one). Undefined when it holds anything else sh would expand, or the working directory is not known.
 */
export function scriptPath(value: string, place: ScriptPlace, literal?: true): ScriptRelative | undefined {
  if (literal === true || !/[$`]/.test(value)) return literalDir(value, place.cwd, literal);
  return scriptDirOf(value, place.vars);
}

/** An expansion naming the script's directory (or a variable set to one), followed by `/literal` or nothing. */
function scriptDirOf(raw: string, vars: ReadonlyMap<string, ScriptRelative>): ScriptRelative | undefined {
  const value = unquote(raw);
  const head = leadingExpansion(value);
  if (head === undefined) return undefined;
  const rest = value.slice(head.length);
  if (rest !== '' && !rest.startsWith('/')) return undefined;
  if (/[$`]/.test(rest)) return undefined;
  const dir = expansionDir(head, vars);
  if (dir === undefined) return undefined;
  return normalizePath(dir === '' ? rest.slice(1) : `${dir}${rest}`);
}

/** `value` without its quote characters (what sh removes; the paths here hold no quote of their own). */
function unquote(value: string): string {
  return value.replace(/["']/g, '');
}

/** The expansion `value` starts with (`$(...)`, backquotes, `${...}`, `$NAME`), or undefined. */
function leadingExpansion(value: string): string | undefined {
  if (value.startsWith('`')) {
    const end = value.indexOf('`', 1);
    return end < 0 ? undefined : value.slice(0, end + 1);
  }
  if (value.startsWith('$(') || value.startsWith('${')) {
    const open = value[1] as string;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    for (let i = 1; i < value.length; i++) {
      const c = value[i];
      if (c === open) depth++;
      else if (c === close && --depth === 0) return value.slice(0, i + 1);
    }
    return undefined;
  }
  const m = /^\$[A-Za-z_]\w*/.exec(value);
  return m?.[0];
}

/** The script file itself: `$0`, `${BASH_SOURCE[0]}`, `$BASH_SOURCE`, or its real path (`$(realpath "$0")`, `readlink -f`). */
function isScriptFile(word: string): boolean {
  if (['$0', '${0}', '$BASH_SOURCE', '${BASH_SOURCE}', '${BASH_SOURCE[0]}'].includes(word)) return true;
  const inner = substitution(word);
  if (inner === undefined) return false;
  const w = inner.filter((x) => x !== '--');
  return (w[0] === 'realpath' || ((w[0] === 'readlink' || w[0] === 'greadlink') && (w[1] === '-f' || w[1] === '-e'))) && isScriptFile(w[w.length - 1] as string) && w.length <= 3;
}

/** The words of a command substitution `$(...)` or `` `...` `` (redirections left out), or undefined. */
function substitution(word: string): string[] | undefined {
  const body = word.startsWith('$(') && word.endsWith(')') ? word.slice(2, -1) : word.startsWith('`') && word.endsWith('`') && word.length > 1 ? word.slice(1, -1) : undefined;
  if (body === undefined) return undefined;
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  const flush = (): void => {
    if (cur !== '') out.push(cur);
    cur = '';
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    if (depth === 0 && (c === ' ' || c === '\t')) flush();
    else if (depth === 0 && c === ';') {
      flush();
      out.push(';');
    } else if (depth === 0 && c === '&' && body[i + 1] === '&') {
      flush();
      out.push('&&');
      i++;
    } else cur += c;
  }
  flush();
  // Redirections: a word holding `>` (`>/dev/null`, `2>&1`, `&>/dev/null`), and the target of one written alone (`> /dev/null`).
  const words: string[] = [];
  for (let i = 0; i < out.length; i++) {
    const w = out[i] as string;
    if (!w.includes('>')) words.push(w);
    else if (w.endsWith('>')) i++;
  }
  return words;
}

/** The directory an expansion names, relative to the script's; undefined when it is not one of the idioms. */
function expansionDir(head: string, vars: ReadonlyMap<string, ScriptRelative>): ScriptRelative | undefined {
  if (['${0%/*}', '${BASH_SOURCE%/*}', '${BASH_SOURCE[0]%/*}'].includes(head)) return '';
  const name = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(head)?.[1];
  if (name !== undefined) return head.startsWith('${') && !head.endsWith('}') ? undefined : vars.get(name);
  const words = substitution(head);
  if (words === undefined) return undefined;
  const args = words.filter((w) => w !== '--');
  // `dirname "$0"`, `dirname "$(realpath "$0")"`.
  if (args[0] === 'dirname' && args.length === 2) return isScriptFile(args[1] as string) ? '' : undefined;
  // `realpath "$(dirname "$0")"`: the same directory.
  if ((args[0] === 'realpath' || ((args[0] === 'readlink' || args[0] === 'greadlink') && (args[1] === '-f' || args[1] === '-e'))) && args.length <= 3) return scriptDirOf(args[args.length - 1] as string, vars);
  // `cd "<dir>" && pwd`, `cd -P -- "<dir>"; pwd -P`.
  if (args[0] === 'cd') {
    const sep = args.findIndex((w) => w === '&&' || w === ';');
    const target = args.slice(1, sep < 0 ? args.length : sep).filter((w) => !/^-[LPe@]+$/.test(w));
    const tail = sep < 0 ? [] : args.slice(sep + 1);
    if (target.length !== 1 || tail[0] !== 'pwd' || tail.length > 2 || (tail.length === 2 && !/^-[LP]$/.test(tail[1] as string))) return undefined;
    return scriptDirOf(target[0] as string, vars);
  }
  return undefined;
}

/** Commands whose arguments are text they print, never a command (cmd.exe's `echo`, PowerShell's `echo`/`Write-Host`/`Write-Output`/`Write-Verbose`...), lower case. */
const PRINTS = new Set(['echo', 'echo.', 'write-host', 'write-output', 'write-verbose', 'write-information', 'write-warning', 'write-debug']);

/** PowerShell's and cmd.exe's words that change the working directory (aliases included), lower case. */
const NATIVE_CD = new Set(['cd', 'chdir', 'sl', 'set-location', 'pushd', 'push-location', 'popd', 'pop-location']);

/**
 * Where the commands of a PowerShell or cmd.exe script (a Jenkins `powershell`/`bat` step) run, relative to where it
 * starts: `cd x`, `chdir x`, `Set-Location x` (`-Path`/`-LiteralPath`), `sl x`, `pushd x`/`Push-Location x` with one
 * relative literal directory (`\` read as `/`; cmd.exe's `/d` taken) go there, `popd`/`Pop-Location` back; any other
 * (a variable or `%VAR%`, `~`, `-`, a drive or absolute path, no argument in PowerShell, a `cd..` word) makes it unknown,
 * and so does a directory word anywhere but first in a command (inside `if (...) { cd x }`, a script block, `&&`
 * chains read as one command) and cmd.exe's `endlocal` (it restores the directory `setlocal` saved). A command that
 * prints its words (`echo cd x`, `Write-Host cd`) and cmd.exe's `rem`/`::` comments change nothing. Commands are
 * taken in text order (functions and branches are not modelled). Pure; linear in the text.
 */
export function nativePlaces(text: string, shell: NativeShell): (offset: number) => ScriptPlace {
  const changes: { readonly at: number; readonly place: ScriptPlace }[] = [];
  let place = START;
  const stack: (ScriptRelative | undefined)[] = [];
  const lose = (at: number, why: string): void => {
    place = { cwd: undefined, lost: why, vars: place.vars };
    changes.push({ at, place });
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (/[\s;|&]/.test(c)) {
      i++;
      continue;
    }
    const words = c === '#' && shell === 'powershell' ? [] : nativeCommandWords(text, i, shell);
    // cmd.exe's `rem ...` and `:: ...` are comments to the line's end (`&` too): no command.
    const remark = shell === 'cmd' && (/^(?:rem)$/i.test(words[0]?.value ?? '') || c === ':');
    if (words.length === 0 || remark) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    i = Math.max(i + 1, (words[words.length - 1] as ShWord).end);
    const at = (words[0] as ShWord).start;
    const first = (words[0] as ShWord).value.toLowerCase();
    if (shell === 'cmd' && (first === 'endlocal' || /^(?:cd|chdir)[.\\/]/.test(first))) {
      lose(at, (words[0] as ShWord).value);
      continue;
    }
    // `echo cd x`, `Write-Host "cd x"`: words printed, not run.
    if (PRINTS.has(first)) continue;
    if (words.slice(1).some((w) => NATIVE_CD.has(w.value.toLowerCase()))) {
      lose(at, words.map((w) => w.value).join(' '));
      continue;
    }
    if (!NATIVE_CD.has(first)) continue;
    if (first === 'popd' || first === 'pop-location') {
      const back = stack.length > 0 ? stack.pop() : undefined;
      place = { cwd: back, lost: back === undefined ? (words[0] as ShWord).value : undefined, vars: place.vars };
      changes.push({ at, place });
      continue;
    }
    const args = words.slice(1).map((w) => w.value).filter((v) => !(shell === 'cmd' ? /^\/d$/i : /^-(?:path|literalpath)$/i).test(v));
    if (first === 'pushd' || first === 'push-location') stack.push(place.cwd);
    // cmd.exe's `cd` alone prints the directory.
    if (args.length === 0 && shell === 'cmd' && (first === 'cd' || first === 'chdir')) continue;
    const target = args.length === 1 ? (args[0] as string).replace(/\\/g, '/') : undefined;
    const plain = target !== undefined && /^[\w.\-/ ]+$/.test(target) && !target.startsWith('/') && target !== '-';
    const cwd = plain && place.cwd !== undefined ? normalizePath(place.cwd === '' ? target : `${place.cwd}/${target}`) : undefined;
    const written = words.map((w) => w.value).join(' ');
    place = { cwd, lost: cwd !== undefined ? undefined : plain ? place.lost : written, vars: place.vars };
    changes.push({ at, place });
  }
  return placeLookup(changes);
}
