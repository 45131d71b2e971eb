import { shCommandWords, type ShWord } from '../source/sh-words.js';
import { trimTrailingSlashes } from '../source/trailing-slashes.js';
import { scriptPath, scriptPlaces, type ScriptRelative } from './script-dirs.js';

/*
 * `kubectl create configmap NAME --from-file=...` (or `kubectl create cm`)
 * and `kubectl create secret generic NAME --from-file=...` command lines of
 * a shell script or a Makefile recipe: a ConfigMap or Secret made of files,
 * as a kustomize `configMapGenerator` or `secretGenerator` makes one (kubectl
 * reads both the same way: create_configmap.go, create_secret.go). Read word by word as
 * sh splits them (src/source/sh-words.ts), as kubectl's flag parser (pflag)
 * reads them (kubectl/pkg/cmd/create/create_configmap.go):
 *
 * - `--from-file=[KEY=]SOURCE` or `--from-file [KEY=]SOURCE`, repeatable: the
 *   key is SOURCE's base name unless KEY is given; a directory SOURCE gives
 *   every regular file in it (subdirectories are not walked);
 * - `-n NS`, `-nNS`, `-n=NS`, `--namespace NS`, `--namespace=NS`;
 * - `--from-literal=KEY=VALUE`: a key with no file (its value is not read);
 * - `--from-env-file=FILE`: keys read from the file's lines, not modelled
 *   (kustomize's `envs` are not either);
 * - `--append-hash`: kubectl adds a hash to the name, so no workload mounts
 *   the name as written: such a command is told apart (`appendHash`).
 *
 * A word holding a variable (`$X`, `$(X)`, `${X}`, backquotes) is kept as
 * written. Each source's path is also resolved against the script's own
 * directory (`resolved`): a literal path from where the command runs (a
 * `cd`/`pushd` before it), a path under an idiom naming the script's
 * directory (`"$(dirname "$0")/conf"`, `$SCRIPT_DIR/conf` set to one):
 * script-dirs.ts; anything else is not resolved and callers do not follow
 * it. Pure; never throws.
 */

export interface KubectlFromFile {
  /** The ConfigMap key: the file's base name, or the KEY of `KEY=PATH`. */
  readonly key: string;
  /** The source as written: a file or a directory, relative to where the command runs. */
  readonly path: string;
  /** True when written `KEY=PATH` (a directory cannot be given a key). */
  readonly keyed: boolean;
  /** The source relative to the script's directory (script-dirs.ts), or undefined when it is not known (a variable, an unknown `cd`). */
  readonly resolved: ScriptRelative | undefined;
}

export interface KubectlConfigMap {
  /** `create configmap|cm` or `create secret generic`. */
  readonly kind: 'ConfigMap' | 'Secret';
  /** File offsets of `kubectl` and of the end of the command's last word. */
  readonly start: number;
  readonly end: number;
  /** The NAME word as written (undefined when missing); it may hold a variable. */
  readonly name: ShWord | undefined;
  readonly namespace: string | undefined;
  readonly files: readonly KubectlFromFile[];
  /** `--from-literal` keys. */
  readonly literals: readonly string[];
  /** `--append-hash`: the ConfigMap's name is NAME plus a hash of its data. */
  readonly appendHash: boolean;
  /** The `cd` (or `pushd`, `popd`) before the command that leaves its working directory unknown, as written. */
  readonly lost: string | undefined;
}

/** kubectl flags (of `create configmap` and the global ones) that take a value as the next word when no `=` is written. */
const VALUE_FLAGS = new Set([
  '--from-file', '--from-literal', '--from-env-file', '-n', '--namespace', '-o', '--output', '--template', '--field-manager', '--context',
  '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as', '--as-group', '--as-uid', '--certificate-authority',
  '--client-certificate', '--client-key', '--request-timeout', '--tls-server-name', '--cache-dir', '-v', '--v', '--log-dir', '--log-file',
  '--vmodule', '--password', '--username', '--profile', '--profile-output', '--show-managed-fields', '--type',
]);

/** A cheap test: the text may hold a `kubectl create configmap|cm` or `kubectl create secret generic` command. */
export function mayHoldKubectlConfigMap(text: string): boolean {
  return text.includes('kubectl') && /\bcreate[ \t\\\r\n]+(?:configmap|cm|secret[ \t\\\r\n]+generic)\b/.test(text);
}

/** A word's value when it holds no variable or command substitution sh (or make) would expand. */
export function isLiteralWord(value: string): boolean {
  return !/[$`]/.test(value);
}

/** Every `kubectl ... create configmap|cm ...` and `kubectl ... create secret generic ...` command of a shell script or (`make`) Makefile text. */
export function kubectlConfigMapCommands(text: string, opts: { readonly make?: boolean } = {}): KubectlConfigMap[] {
  if (!mayHoldKubectlConfigMap(text)) return [];
  const out: KubectlConfigMap[] = [];
  let placeAt: ReturnType<typeof scriptPlaces> | undefined;
  // kubectl as the command word: at a line's start (a Makefile recipe's `@`, `-`, `+` prefixes) or after `;` `&` `|` `(` or a backquote.
  const re = /(^|[;&|(`])([ \t]*(?:[@+-]+[ \t]*)?)kubectl(?=[ \t\\])/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + (m[1] as string).length + (m[2] as string).length;
    const words = (shCommandWords(text, start, { endAtBackquote: m[1] === '`' }) ?? []).slice(1);
    const positional: ShWord[] = [];
    const files: { key: string; path: string; keyed: boolean }[] = [];
    const literals: string[] = [];
    let namespace: string | undefined;
    let appendHash = false;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as ShWord;
      if (w.value === '--') {
        positional.push(...words.slice(i + 1));
        break;
      }
      if (!w.value.startsWith('-') || w.value === '-') {
        positional.push(w);
        continue;
      }
      let flag: string;
      let inline: string | undefined;
      if (w.value.startsWith('--')) {
        const eq = w.value.indexOf('=');
        flag = eq > 0 ? w.value.slice(0, eq) : w.value;
        inline = eq > 0 ? w.value.slice(eq + 1) : undefined;
      } else {
        // A shorthand: `-n NS`, `-nNS`, `-n=NS` (pflag).
        flag = w.value.slice(0, 2);
        const rest = w.value.slice(2);
        inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
      }
      if (flag === '--append-hash') appendHash = inline === undefined || inline === 'true';
      if (!VALUE_FLAGS.has(flag)) continue;
      const value = inline ?? words[++i]?.value;
      if (value === undefined) continue;
      if (flag === '-n' || flag === '--namespace') namespace = value;
      else if (flag === '--from-file') {
        const eq = value.indexOf('=');
        const path = eq >= 0 ? value.slice(eq + 1) : value;
        const key = eq >= 0 ? value.slice(0, eq) : (trimTrailingSlashes(path).split('/').pop() ?? path);
        files.push({ key, path, keyed: eq >= 0 });
      } else if (flag === '--from-literal') {
        const eq = value.indexOf('=');
        if (eq > 0) literals.push(value.slice(0, eq));
      }
    }
    const [create, kind, sub] = positional;
    const secret = kind?.value === 'secret' && sub?.value === 'generic';
    if (create?.value !== 'create' || (kind?.value !== 'configmap' && kind?.value !== 'cm' && !secret)) continue;
    const name = positional[secret ? 3 : 2];
    const last = words[words.length - 1];
    placeAt ??= scriptPlaces(text, opts.make === true);
    const place = placeAt(start);
    const resolved = files.map((f) => ({ ...f, resolved: f.path === '' || (opts.make === true && !isLiteralWord(f.path)) ? undefined : scriptPath(f.path, place) }));
    out.push({ kind: secret ? 'Secret' : 'ConfigMap', start, end: last?.end ?? start + 7, name, namespace, files: resolved, literals, appendHash, lost: place.cwd === undefined ? place.lost : undefined });
  }
  return out;
}
