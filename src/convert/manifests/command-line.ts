import { isScalar, stringify, type Scalar } from 'yaml';
import { lastConfigAt, launchOf, scriptConfigRange } from '../../deploy/command-line.js';
import { normalizePath } from '../../deploy/paths.js';
import type { Container } from '../../deploy/types.js';
import type { Edit } from '../../source/edit.js';
import { shQuote, shTokens } from '../../source/sh-words.js';
import { insertMapLines, replaceScalar, seqIndentOf } from '../../yaml/yaml-edits.js';

/*
 * The `-c`/`--config` argument of a container that runs a converted setup,
 * pointed at the YAML main file: changed where it is written, or added when
 * the container runs the official image's CMD.
 *
 * The official image (fluent/fluent-bit dockerfiles/Dockerfile, v1.9 to
 * v5.x): the production stage has `ENTRYPOINT ["/fluent-bit/bin/fluent-bit"]`
 * and `CMD ["/fluent-bit/bin/fluent-bit", "-c", "/fluent-bit/etc/fluent-bit.conf"]`;
 * the debug stage has the same CMD and no ENTRYPOINT ("No entry point so we
 * can just shell in"). `command: [/fluent-bit/bin/fluent-bit]` plus
 * `args: [-c, <file>]` runs the same binary in both (Kubernetes: `command`
 * replaces ENTRYPOINT, `args` replaces CMD).
 */

export const OFFICIAL_BINARY = '/fluent-bit/bin/fluent-bit';

/** The official image, from any registry or mirror path that keeps its name: `fluent/fluent-bit`, `cr.fluentbit.io/fluent/fluent-bit`, `ghcr.io/fluent/fluent-bit`. */
export function isOfficialImage(container: Container): boolean {
  const repo = container.image?.ref.repository;
  return repo !== undefined && /(^|\/)fluent\/fluent-bit$/i.test(repo);
}

export type CommandLineEdit =
  | { readonly kind: 'changed'; readonly edits: readonly Edit[]; readonly from: string; readonly to: string; readonly at: Scalar }
  | { readonly kind: 'added'; readonly edits: readonly Edit[]; readonly from: string; readonly to: string; readonly at: Scalar | undefined }
  | { readonly kind: 'unknown-image' }
  | { readonly kind: 'no-flag' };

/** A value written in a block sequence: plain when that reads back the same, else double-quoted. */
function seqValue(value: string): string {
  const plain = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  return plain === value ? value : JSON.stringify(value);
}

/**
 * The edits that make `container` run `newPath` (as the container writes
 * it: relative paths stay relative) instead of its current `-c` file, in
 * `text` (the container's file). `toYaml` maps a path as written to its
 * YAML name.
 */
export function commandLineEdit(text: string, container: Container, toYaml: (path: string) => string, origin: string): CommandLineEdit {
  const from = container.configPathFrom;
  if (from === 'default') {
    if (!isOfficialImage(container) || !container.info) return { kind: 'unknown-image' };
    const newPath = toYaml(container.configPath ?? '/fluent-bit/etc/fluent-bit.conf');
    const map = container.info.node;
    const after = map.items.some((p) => isScalar(p.key) && p.key.value === 'image') ? 'image' : 'end';
    const lines = ['command:', `- ${seqValue(OFFICIAL_BINARY)}`, 'args:', '- -c', `- ${seqValue(newPath)}`];
    const edits = insertMapLines(text, map, after, lines, seqIndentOf(text, map), origin);
    if (edits.length === 0) return { kind: 'no-flag' };
    const imageNode = container.info.imageNode;
    return { kind: 'added', edits, from: `${OFFICIAL_BINARY} -c ${container.configPath ?? '/fluent-bit/etc/fluent-bit.conf'}`, to: newPath, at: imageNode };
  }
  if (from !== 'args' && from !== 'command') return { kind: 'no-flag' };
  const cmd = container.command?.items ?? [];
  const args = container.args?.items ?? [];
  const argv = [...cmd, ...args];
  // The same reading of the argv as the container's (deploy/command-line.ts launchOf).
  const launch = launchOf(cmd.map((i) => i.value), args.map((i) => i.value));
  if (launch.kind === 'none') return { kind: 'no-flag' };
  if (launch.kind === 'script') return shellEdit(text, argv[launch.at], toYaml, origin);
  const options = argv.slice(launch.at);
  const found = lastConfigAt(options.map((i) => i.value));
  const item = found && options[found.index];
  if (!found || !item) return { kind: 'no-flag' };
  // `-c PATH` gives the path's own word; `-cPATH` and `--config=PATH` keep their prefix.
  const value = item.value.slice(0, item.value.length - found.path.length) + toYaml(found.path);
  const edits = replaceScalar(text, item.node, value, origin);
  if (edits.length === 0) return { kind: 'no-flag' };
  return { kind: 'changed', edits, from: found.path, to: toYaml(found.path), at: item.node };
}

/** The same file for sh: equal, or equal once normalised when both are absolute or both relative (`./x.conf`, `x.conf`). */
function samePath(a: string, b: string): boolean {
  return a === b || (a.startsWith('/') === b.startsWith('/') && normalizePath(a) === normalizePath(b));
}

/**
 * `script` with every other sh word naming `path` pointed at its YAML
 * name, the words read as sh reads them (src/source/sh-words.ts): a word
 * whose value is the path (`/x/a.conf`, `"/x/a.conf"`, `/x/my\\ dir/a.conf`;
 * `./a.conf` for `a.conf`), or `NAME=path` or `--opt=path`. Where the path
 * is written as is, only its text changes (quotes kept); else the word (or
 * the part after `=`) is written anew with shQuote. Comments and
 * here-document bodies are not words (sh does not run them) and stay as
 * they are, as does a word holding the path among other text
 * (`/x/a.conf.bak`, `$(cat /x/a.conf)`).
 */
function replaceWords(script: string, path: string, toYaml: (path: string) => string): string {
  let out = '';
  let pos = 0;
  for (const t of shTokens(script).tokens) {
    if (t.kind !== 'word') continue;
    const raw = script.slice(t.start, t.end);
    const eq = t.value.indexOf('=');
    const named = samePath(t.value, path) ? '' : eq >= 0 && samePath(t.value.slice(eq + 1), path) && /^(?:[A-Za-z_]\w*|--?[\w-]+)=$/.test(t.value.slice(0, eq + 1)) ? t.value.slice(0, eq + 1) : undefined;
    if (named === undefined) continue;
    const written = t.value.slice(named.length);
    const to = toYaml(written);
    const at = raw.lastIndexOf(written);
    let word: string;
    if (at >= 0 && at + written.length === raw.length - (raw.endsWith('"') || raw.endsWith("'") ? 1 : 0)) word = raw.slice(0, at) + to + raw.slice(at + written.length);
    // Written with escapes or split quotes: the prefix as sh reads it (a NAME= kept unquoted, so it stays an assignment), then the new path quoted.
    else if (raw.startsWith(named)) word = named + shQuote(to);
    else continue;
    out += script.slice(pos, t.start) + word;
    pos = t.end;
  }
  return out + script.slice(pos);
}

/**
 * `sh -c "... fluent-bit -c /x/fluent-bit.conf ..."`: the path the Fluent
 * Bit command of the script gives (its last -c), and every other word of
 * the script naming that same file (`... & inotifywait -e close_write
 * /x/fluent-bit.conf`: a watcher of a file that is gone fails at once and
 * ends the container).
 */
function shellEdit(text: string, script: { readonly value: string; readonly node: Scalar } | undefined, toYaml: (path: string) => string, origin: string): CommandLineEdit {
  const range = script === undefined ? undefined : scriptConfigRange(script.value);
  if (!script || range === undefined) return { kind: 'no-flag' };
  const to = toYaml(range.path);
  const renamed = script.value.slice(0, range.start) + (range.quoted ? shQuote(to) : to) + script.value.slice(range.end);
  const newScript = replaceWords(renamed, range.path, toYaml);
  const edits = replaceScalar(text, script.node, newScript, origin);
  if (edits.length === 0) return { kind: 'no-flag' };
  return { kind: 'changed', edits, from: range.path, to, at: script.node };
}
