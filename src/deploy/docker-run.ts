import { isFluentBitImage, parseImageRef } from '../discover/image-ref.js';
import { isLiteralWord } from '../discover/kubectl-configmap.js';
import { scriptPath, scriptPlaces } from '../discover/script-dirs.js';
import { dirname, joinPath, normalizePath } from '../source/paths.js';
import { shCommandWords, type ShWord } from '../source/sh-words.js';
import { foreignLanguage } from '../source/sniff-format.js';
import { lastConfigAt } from './command-line.js';
import { bindLinks, composeBatch, type ComposeBind, type ComposeService } from './compose.js';
import { imageVersion } from './image-version.js';

/*
 * `docker run` (and `docker container run`, `docker create`, `docker
 * container create`) command lines of a shell script or a Makefile recipe
 * that start a Fluent Bit image: a Docker host's Fluent Bit, like a
 * docker-compose service (compose.ts), read into the same shape so that
 * migrate/compose-hosts.ts and --to-yaml's refusal treat both alike.
 *
 * Read word by word as sh splits them (src/source/sh-words.ts), as the docker
 * CLI's flag parser (pflag) reads them (docker/cli cli/command/container/
 * opts.go): options before the image, the image, then the container's
 * command (its `-c` is Fluent Bit's). Binds: `-v`/`--volume SRC:DST[:OPTS]`
 * whose SRC is a path (a bare name is a named volume), and `--mount
 * type=bind,source=SRC,target=DST`. A SRC is resolved against the script's
 * directory like a `kubectl --from-file` path (discover/script-dirs.ts:
 * a literal against the working directory, the idioms naming the script's
 * directory, and `$(pwd)` / `$PWD` for the working directory); anything else
 * is not followed. The image's tag holding a variable makes the version
 * unknown. Pure; never throws.
 */

/** docker run options (and docker's global ones) that take a value as the next word when none is attached. */
const VALUE_FLAGS = new Set([
  '--add-host', '--annotation', '-a', '--attach', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop', '--cgroup-parent',
  '--cgroupns', '--cidfile', '--cpu-period', '--cpu-quota', '--cpu-rt-period', '--cpu-rt-runtime', '-c', '--cpu-shares', '--cpus',
  '--cpuset-cpus', '--cpuset-mems', '--device', '--device-cgroup-rule', '--device-read-bps', '--device-read-iops', '--device-write-bps',
  '--device-write-iops', '--dns', '--dns-option', '--dns-search', '--domainname', '--entrypoint', '-e', '--env', '--env-file', '--expose',
  '--gpus', '--group-add', '--health-cmd', '--health-interval', '--health-retries', '--health-start-period', '--health-start-interval',
  '--health-timeout', '-h', '--hostname', '--ip', '--ip6', '--ipc', '--isolation', '--kernel-memory', '-l', '--label', '--label-file',
  '--link', '--link-local-ip', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory', '--memory-reservation', '--memory-swap',
  '--memory-swappiness', '--mount', '--name', '--network', '--net', '--network-alias', '--net-alias', '--oom-score-adj', '--pid',
  '--pids-limit', '--platform', '-p', '--publish', '--pull', '--restart', '--runtime', '--security-opt', '--shm-size', '--stop-signal',
  '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs', '--ulimit', '-u', '--user', '--userns', '--uts', '-v', '--volume',
  '--volume-driver', '--volumes-from', '-w', '--workdir', '--detach-keys',
]);

/** docker's global options (before `run`) that take a value. */
const GLOBAL_VALUE_FLAGS = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

/** A cheap test: the text may hold a `docker ... run|create` command. */
function mayHoldDockerRun(text: string): boolean {
  return text.includes('docker') && /\b(?:run|create)\b/.test(text);
}

interface DockerRunCommand {
  readonly start: number;
  readonly image: ShWord;
  readonly name: string | undefined;
  /** `-v`/`--mount` values: the word, SRC and DST. */
  readonly volumes: readonly { readonly word: ShWord; readonly source: string; readonly target: string }[];
  /** The words after the image (the container's command), after `--entrypoint`'s. */
  readonly args: readonly ShWord[];
}

/** The value of a `-x` shorthand cluster or a long flag: [flag, inline value]. */
function splitFlag(value: string): [string, string | undefined] {
  if (value.startsWith('--')) {
    const eq = value.indexOf('=');
    return eq > 0 ? [value.slice(0, eq), value.slice(eq + 1)] : [value, undefined];
  }
  // A cluster of boolean shorthands (`-it`, `-dit`) may end with one taking a value (`-itv`, `-itvSRC:DST`).
  for (let i = 1; i < value.length; i++) {
    const flag = `-${value[i] as string}`;
    if (VALUE_FLAGS.has(flag)) {
      const rest = value.slice(i + 1);
      return [flag, rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest];
    }
  }
  return [value, undefined];
}

/** `--mount type=bind,source=SRC,target=DST[,...]`: [SRC, DST] of a bind, else undefined. */
function mountBind(value: string): [string, string] | undefined {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    fields.set((eq < 0 ? part : part.slice(0, eq)).toLowerCase(), eq < 0 ? 'true' : part.slice(eq + 1));
  }
  if ((fields.get('type') ?? 'volume') !== 'bind') return undefined;
  const source = fields.get('source') ?? fields.get('src');
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  return source === undefined || target === undefined ? undefined : [source, target];
}

/** Every `docker [container] run|create` command of a shell script or Makefile text. */
function dockerRunCommands(text: string): DockerRunCommand[] {
  if (!mayHoldDockerRun(text)) return [];
  const out: DockerRunCommand[] = [];
  // docker as the command word: at a line's start (a recipe's `@`, `-`, `+`; `sudo`, `exec`) or after `;` `&` `|` `(` or a backquote.
  const re = /(^|[;&|(`])([ \t]*(?:[@+-]+[ \t]*)?(?:(?:sudo|exec)[ \t]+)?)docker(?=[ \t\\])/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + (m[1] as string).length + (m[2] as string).length;
    const words = (shCommandWords(text, start, { endAtBackquote: m[1] === '`' }) ?? []).slice(1);
    let i = 0;
    // Global options, then `run`, `create`, `container run`, `container create`.
    while (i < words.length && (words[i] as ShWord).value.startsWith('-')) {
      const [flag, inline] = splitFlag((words[i] as ShWord).value);
      i += GLOBAL_VALUE_FLAGS.has(flag) && inline === undefined ? 2 : 1;
    }
    if (words[i]?.value === 'container') i++;
    if (words[i]?.value !== 'run' && words[i]?.value !== 'create') continue;
    i++;
    let name: string | undefined;
    let entrypoint: ShWord | undefined;
    const volumes: { word: ShWord; source: string; target: string }[] = [];
    let image: ShWord | undefined;
    for (; i < words.length; i++) {
      const w = words[i] as ShWord;
      if (w.value === '--') {
        image = words[++i];
        break;
      }
      if (!w.value.startsWith('-') || w.value === '-') {
        image = w;
        break;
      }
      const [flag, inline] = splitFlag(w.value);
      if (!VALUE_FLAGS.has(flag)) continue;
      const valueWord = inline === undefined ? words[++i] : w;
      const value = inline ?? valueWord?.value;
      if (value === undefined || valueWord === undefined) continue;
      if (flag === '--name') name = value;
      else if (flag === '--entrypoint') entrypoint = valueWord;
      else if (flag === '-v' || flag === '--volume') {
        // SRC:DST[:OPTS]; an anonymous volume (`-v /data`) has no SRC.
        const parts = value.split(':');
        if (parts.length >= 2) volumes.push({ word: valueWord, source: parts[0] as string, target: parts[1] as string });
      } else if (flag === '--mount') {
        const bind = mountBind(value);
        if (bind) volumes.push({ word: valueWord, source: bind[0], target: bind[1] });
      }
    }
    if (image === undefined) continue;
    const args = words.slice(words.indexOf(image) + 1);
    out.push({ start, image, name, volumes, args: entrypoint ? [entrypoint, ...args] : args });
  }
  return out;
}

/**
 * Variables a script (`NAME=value`, `export NAME=value`) or a Makefile (`NAME = value`, `:=`, `?=`, `::=`) sets to
 * a literal, on a line of its own; a name set twice to different values, or to anything holding a variable, is left
 * out (which one runs is not known).
 */
function literalAssignments(text: string, make: boolean): ReadonlyMap<string, string> {
  const seen = new Map<string, string | undefined>();
  const prefixes = make ? ['export', 'override'] : ['export', 'readonly', 'declare', 'local'];
  for (const raw of text.split('\n')) {
    // A recipe line (a tab first) is a command, not a make assignment.
    let line = make ? raw.trimEnd() : raw.trim();
    if (make && /^\s/.test(line)) continue;
    const word = line.slice(0, Math.max(0, line.search(/[ \t]/)));
    if (prefixes.includes(word)) line = line.slice(word.length).trimStart();
    const m = (make ? /^([A-Za-z_]\w*)[ \t]*(?:\?|::?)?=(.*)$/ : /^([A-Za-z_]\w*)=(\S*)$/).exec(line);
    if (m === null) continue;
    const name = m[1] as string;
    const written = make ? (m[2] as string).trim() : (m[2] as string).replace(/^(["'])(.*)\1$/, '$2');
    // A value built of variables set before (or `${VAR:-x}` defaults): `IMAGE="fluent/fluent-bit:${TAG:-3.1.9}"`.
    const value = /["'\\]/.test(written) ? undefined : expandImage(written, known(seen), make);
    const prior = seen.get(name);
    seen.set(name, value === undefined || (seen.has(name) && prior !== value) ? undefined : value);
  }
  return known(seen);
}

const known = (seen: ReadonlyMap<string, string | undefined>): Map<string, string> => new Map([...seen].flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as const])));

/**
 * The image with the variables the file sets put in (`$IMAGE`, `${IMAGE}`, `fluent/fluent-bit:${TAG}`; in a
 * Makefile `$(IMAGE)` and `${IMAGE}`); a shell `${VAR:-x}` of a variable the script does not set takes `x`. Undefined
 * when a variable is left.
 */
function expandImage(image: string, vars: ReadonlyMap<string, string>, make: boolean): string | undefined {
  if (isLiteralWord(image)) return image;
  const re = make ? /\$(?:\(([A-Za-z_][A-Za-z0-9_]*)\)|\{([A-Za-z_][A-Za-z0-9_]*)\})/g : /\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^${}`]*))?\})/g;
  const out = image.replace(re, (all, a: string | undefined, b: string | undefined, fallback: string | undefined) => vars.get((a ?? b) as string) ?? fallback ?? all);
  return isLiteralWord(out) ? out : undefined;
}

/**
 * The working directory at the start of a source, written `.` for scriptPath: `$(pwd)`, `` `pwd` ``, `$PWD`,
 * `${PWD}` in a script; in a Makefile recipe `$(CURDIR)` (make's directory: the Makefile's, run as `make` there),
 * `$(shell pwd)`, and the shell's `$$(pwd)`, `$$PWD`.
 */
function workingDirIdiom(value: string, make: boolean): string {
  const m = (make ? /^(?:\$\(CURDIR\)|\$\{CURDIR\}|\$\(shell pwd\)|\$\$\(pwd\)|\$\$PWD|\$\$\{PWD\})(?=\/|$)/ : /^(?:\$\(pwd\)|`pwd`|\$\{PWD\}|\$PWD)(?=\/|$)/).exec(value);
  return m ? `.${value.slice(m[0].length)}` : value;
}

/**
 * The Fluent Bit containers (by image) that the batch's shell scripts and Makefiles start with `docker run`, as
 * Docker-host services. A source path that cannot be placed (a variable, an unknown `cd`) is no bind.
 */
export function dockerRunBatch(files: readonly { readonly path: string; readonly text: string }[]): ComposeService[] {
  const out: ComposeService[] = [];
  for (const f of files) {
    const language = foreignLanguage(f.path);
    if (language !== 'shell' && language !== 'Make') continue;
    const make = language === 'Make';
    const vars = literalAssignments(f.text, make);
    const commands = dockerRunCommands(f.text)
      .map((c) => ({ ...c, resolvedImage: expandImage(c.image.value, vars, make) }))
      .filter((c) => isFluentBitImage(c.resolvedImage ?? c.image.value));
    if (commands.length === 0) continue;
    const placeAt = scriptPlaces(f.text, make);
    const base = dirname(normalizePath(f.path));
    for (const c of commands) {
      const place = placeAt(c.start);
      const binds: ComposeBind[] = [];
      for (const v of c.volumes) {
        const written = workingDirIdiom(v.source, make);
        // A bare name is a named volume; `~` is the home of whoever runs the script.
        if (!/^[./$`"']/.test(written) || (make && !isLiteralWord(written))) continue;
        const resolved = scriptPath(written, place);
        if (resolved === undefined) continue;
        binds.push({ source: resolved.startsWith('/') ? resolved : joinPath(base, resolved), written: v.source, target: normalizePath(v.target), start: v.word.start, end: v.word.end });
      }
      const found = lastConfigAt(c.args.map((w) => w.value));
      const configWord = found && (c.args[found.index] as ShWord);
      const resolved = c.resolvedImage;
      const v = resolved !== undefined ? imageVersion(parseImageRef(resolved)) : undefined;
      const last = c.args.at(-1) ?? c.image;
      out.push({
        path: f.path, runner: 'docker run', name: c.name ?? '', image: c.image.value, resolvedImage: resolved ?? c.image.value,
        imageStart: c.image.start, imageEnd: c.image.end,
        version: v?.version, versionNote: v?.note ?? `${c.image.value} sets its tag from a variable`,
        binds, configArg: found && configWord ? { path: found.path, start: configWord.start, end: configWord.end } : undefined,
        start: c.start, end: last.end,
      });
    }
  }
  return out;
}

/**
 * For the CLI's batching: a script's `docker run` of a Fluent Bit image and the inputs it bind-mounts, so that a
 * config in `./conf` is judged in the script's batch; empty when none.
 */
export function dockerRunLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  return bindLinks(file, dockerRunBatch([{ path: file, text }]).flatMap((s) => s.binds), inputs);
}

/** The Fluent Bit services of the batch's Docker hosts: docker-compose services and `docker run` commands of scripts. */
export function dockerHostServices(files: readonly { readonly path: string; readonly text: string }[]): ComposeService[] {
  return [...composeBatch(files), ...dockerRunBatch(files)];
}
