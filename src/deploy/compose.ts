import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { lastConfigAt } from './command-line.js';
import { imageVersion } from './image-version.js';
import { dirname, joinPath, normalizePath } from '../source/paths.js';
import { shCommandWords } from '../source/sh-words.js';
import type { FluentBitVersion } from './types.js';
import { isFluentBitImage, parseImageRef } from '../discover/image-ref.js';

/*
 * The Fluent Bit services of a docker-compose file: what a Docker host (not
 * a Kubernetes node) runs. Compose file reference: `services.<name>.image`,
 * `volumes:` in the short syntax (`SRC:DST[:MODE]`, a relative SRC is a bind
 * mount relative to the compose file's directory, a bare name a named
 * volume) or the long one (`type: bind`, `source`, `target`), `command:` /
 * `entrypoint:` as a string (split like sh words, no shell) or a list, and
 * `${VAR:-default}` / `${VAR-default}` interpolation (the default is what
 * runs when nothing sets VAR; a bare `${VAR}` is unknown). A service's
 * `configs:` whose top-level config is a `file:` count as binds of that file
 * (at `target`, else `/<name>`). Text only, never throws.
 */

/** compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml, and overrides `docker-compose.<x>.yml` / `compose.<x>.yaml`. */
const COMPOSE_START = /^(?:docker-)?compose\./i;
const YAML_END = /\.ya?ml$/i;

/** A compose file by its own name (any directory). */
export function isComposePath(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return COMPOSE_START.test(name) && YAML_END.test(name);
}

/** A bind mount of a compose service: the host path (normalised, against the compose file's directory) and the container path. */
export interface ComposeBind {
  readonly source: string;
  /** The source as written (`./fluent-bit.conf`). */
  readonly written: string;
  readonly target: string;
  readonly start: number;
  readonly end: number;
}

/** A `-c` of a compose service's `command:`/`entrypoint:`. */
export interface ComposeConfigArg {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

export interface ComposeService {
  /** The compose file (or the script whose `docker run` starts it: deploy/docker-run.ts). */
  readonly path: string;
  /** What starts it on the Docker host. */
  readonly runner: 'docker-compose' | 'docker run';
  /** The service's name; for `docker run`, its `--name` ('' when none). */
  readonly name: string;
  /** The image as written, and with interpolation defaults put in. */
  readonly image: string;
  readonly resolvedImage: string;
  /** The `image:` pair's value offsets. */
  readonly imageStart: number;
  readonly imageEnd: number;
  /** The Fluent Bit version the tag gives (undefined: not known), and why. */
  readonly version: FluentBitVersion | undefined;
  readonly versionNote: string;
  readonly binds: readonly ComposeBind[];
  /** The `-c` file it runs; undefined when its command names none (the image's default). */
  readonly configArg: ComposeConfigArg | undefined;
  /** The whole service entry's offsets. */
  readonly start: number;
  readonly end: number;
}

/** `${VAR:-x}` / `${VAR-x}` -> x; `$$` -> `$`; undefined when a bare `${VAR}` / `$VAR` is left. */
export function composeInterpolate(value: string): string | undefined {
  // A scan, not a regex: `${` with no `}` after it repeated would make a regex polynomial (redos-static).
  let out = '';
  let i = 0;
  while (i < value.length) {
    const dollar = value.indexOf('$', i);
    if (dollar < 0) return out + value.slice(i);
    out += value.slice(i, dollar);
    const next = value[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
      continue;
    }
    if (next !== '{') {
      if (next !== undefined && /[A-Za-z_]/.test(next)) return undefined; // `$VAR`
      out += '$';
      i = dollar + 1;
      continue;
    }
    const close = value.indexOf('}', dollar + 2);
    if (close < 0) return undefined;
    const inner = value.slice(dollar + 2, close);
    const dash = inner.indexOf('-');
    const op = dash > 0 && inner[dash - 1] === ':' ? dash - 1 : dash;
    if (dash < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner.slice(0, op))) return undefined;
    out += inner.slice(dash + 1);
    i = close + 1;
  }
  return out;
}

const rangeOf = (n: Node | null | undefined): { start: number; end: number } => ({ start: n?.range?.[0] ?? 0, end: n?.range?.[1] ?? 0 });

function stringOf(n: unknown): string | undefined {
  return isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number') ? String(n.value) : undefined;
}

/** The binds of a `volumes:` list (short and long syntax); named volumes are not host files. */
function bindsOf(volumes: unknown, dir: string): ComposeBind[] {
  const out: ComposeBind[] = [];
  if (!isSeq(volumes)) return out;
  for (const item of volumes.items) {
    let written: string | undefined;
    let target: string | undefined;
    if (isScalar(item)) {
      const text = composeInterpolate(stringOf(item) ?? '');
      if (text === undefined) continue;
      // SRC:DST[:MODE]; a Windows drive letter (`C:\x`) is not looked at.
      const parts = text.split(':');
      if (parts.length < 2) continue;
      written = parts[0];
      target = parts[1];
    } else if (isMap(item)) {
      const type = stringOf(item.get('type', true));
      if (type !== undefined && type !== 'bind') continue;
      written = composeInterpolate(stringOf(item.get('source', true)) ?? '');
      target = stringOf(item.get('target', true));
    }
    if (written === undefined || target === undefined || written === '') continue;
    // A bare name is a named volume; a bind source starts with `.`, `/` or `~`.
    if (!/^[./~]/.test(written)) continue;
    const source = written.startsWith('~') ? written : joinPath(dir, written);
    out.push({ source, written, target: normalizePath(target), ...rangeOf(item as Node) });
  }
  return out;
}

/**
 * The top-level `configs:` of a compose file that come from a host file
 * (`name: {file: ./fluent-bit.conf}`), by name, the path relative to the file.
 */
function configFilesOf(configs: unknown, dir: string): Map<string, { source: string; written: string }> {
  const out = new Map<string, { source: string; written: string }>();
  if (!isMap(configs)) return out;
  for (const pair of configs.items) {
    const name = stringOf(pair.key);
    const file = isMap(pair.value) ? composeInterpolate(stringOf(pair.value.get('file', true)) ?? '') : undefined;
    if (name === undefined || file === undefined || file === '') continue;
    out.set(name, { source: file.startsWith('~') ? file : joinPath(dir, file), written: file });
  }
  return out;
}

/**
 * A service's `configs:` that name a file config: mounted like a bind, at
 * `target` (long syntax) or at `/<name>` (short syntax, and the long syntax's
 * default), as the compose specification says.
 */
function configBindsOf(configs: unknown, files: ReadonlyMap<string, { source: string; written: string }>): ComposeBind[] {
  const out: ComposeBind[] = [];
  if (!isSeq(configs)) return out;
  for (const item of configs.items) {
    const name = isMap(item) ? stringOf(item.get('source', true)) : stringOf(item);
    const file = name === undefined ? undefined : files.get(name);
    if (name === undefined || file === undefined) continue;
    const target = (isMap(item) ? stringOf(item.get('target', true)) : undefined) ?? `/${name}`;
    out.push({ source: file.source, written: file.written, target: normalizePath(target.startsWith('/') ? target : `/${target}`), ...rangeOf(item as Node) });
  }
  return out;
}

/** The last `-c` of `entrypoint:` + `command:` (each a list, or a string split as words). */
function configArgOf(entrypoint: unknown, command: unknown): ComposeConfigArg | undefined {
  const words: { value: string; start: number; end: number }[] = [];
  for (const n of [entrypoint, command]) {
    if (isSeq(n)) {
      for (const item of n.items) {
        const v = stringOf(item);
        if (v !== undefined) words.push({ value: v, ...rangeOf(item as Node) });
      }
    } else if (isScalar(n) && typeof n.value === 'string') {
      const src = n.source ?? n.value;
      const base = n.range?.[0] ?? 0;
      // Plain scalar: its text is the source; quoted: offsets inside the quotes are near enough (the item's own range).
      const split = shCommandWords(n.value, 0) ?? [];
      const plain = n.type === 'PLAIN' && src === n.value;
      for (const w of split) words.push({ value: w.value, start: plain ? base + w.start : base, end: plain ? base + w.end : (n.range?.[1] ?? base) });
    }
  }
  const found = lastConfigAt(words.map((w) => w.value));
  if (!found) return undefined;
  const w = words[found.index] as { start: number; end: number };
  return { path: found.path, start: w.start, end: w.end };
}

/**
 * The Fluent Bit services (by image) of the batch's compose files. An override file (`docker-compose.override.yml`,
 * `docker-compose.prod.yml`) often names no image for a service: the image (and `-c`) of the same-named service in
 * another compose file of its directory is taken (docker compose merges them). Each file's entry keeps its own binds
 * and offsets.
 */
export function composeBatch(files: readonly { readonly path: string; readonly text: string }[]): ComposeService[] {
  const all = files.flatMap((f) => composeEntries(f.path, f.text));
  const out: ComposeService[] = [];
  for (const e of all) {
    const dir = dirname(normalizePath(e.path));
    const siblings = all.filter((o) => o !== e && o.name === e.name && dirname(normalizePath(o.path)) === dir);
    const withImage = e.image !== undefined ? e : siblings.find((o) => o.image !== undefined);
    if (withImage === undefined || withImage.image === undefined || !isFluentBitImage(withImage.image)) continue;
    const image = withImage.image;
    const resolved = composeInterpolate(image);
    let version: FluentBitVersion | undefined;
    let versionNote: string;
    if (resolved === undefined) versionNote = `${image} sets its tag from the environment`;
    else {
      const v = imageVersion(parseImageRef(resolved));
      version = v.version;
      versionNote = v.note;
    }
    // An override's service without a command runs the merged one: the `-c` path is the sibling's, the place its own key.
    const inherited = e.configArg === undefined ? siblings.find((o) => o.configArg !== undefined)?.configArg : undefined;
    out.push({
      path: e.path, runner: 'docker-compose', name: e.name, image, resolvedImage: resolved ?? image,
      imageStart: e.image !== undefined ? e.imageStart : e.start, imageEnd: e.image !== undefined ? e.imageEnd : e.keyEnd,
      version, versionNote, binds: e.binds, configArg: e.configArg ?? (inherited && { path: inherited.path, start: e.start, end: e.keyEnd }),
      start: e.start, end: e.end,
    });
  }
  return out;
}

interface ComposeEntry {
  readonly path: string;
  readonly name: string;
  readonly image: string | undefined;
  readonly imageStart: number;
  readonly imageEnd: number;
  readonly binds: readonly ComposeBind[];
  readonly configArg: ComposeConfigArg | undefined;
  readonly start: number;
  readonly keyEnd: number;
  readonly end: number;
}

/** Every service of a compose file's text; none when it is not a compose file or does not parse. */
function composeEntries(path: string, text: string): ComposeEntry[] {
  if (!isComposePath(path)) return [];
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  const dir = dirname(normalizePath(path));
  const out: ComposeEntry[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    const services = doc.contents.get('services', true);
    if (!isMap(services)) continue;
    const configFiles = configFilesOf(doc.contents.get('configs', true), dir);
    for (const pair of services.items) {
      const name = stringOf(pair.key);
      const service = pair.value;
      if (name === undefined || !isMap(service)) continue;
      const imageNode = service.get('image', true);
      out.push({
        path, name, image: stringOf(imageNode), imageStart: rangeOf(imageNode as Node).start, imageEnd: rangeOf(imageNode as Node).end,
        binds: [...bindsOf(service.get('volumes', true), dir), ...configBindsOf(service.get('configs', true), configFiles)],
        configArg: configArgOf(service.get('entrypoint', true), service.get('command', true)),
        start: rangeOf(pair.key as Node).start, keyEnd: rangeOf(pair.key as Node).end, end: rangeOf(service).end,
      });
    }
  }
  return out;
}

/** The official image's `-c` (its Dockerfile CMD). */
const DEFAULT_CONFIG = '/fluent-bit/etc/fluent-bit.conf';

/** The host file a service mounts at `containerPath` (a file bind, or a file under a bound directory); undefined when none. */
export function hostFileOf(service: ComposeService, containerPath: string): { source: string; bind: ComposeBind } | undefined {
  const want = normalizePath(containerPath);
  for (const b of [...service.binds].reverse()) {
    if (want === b.target) return { source: b.source, bind: b };
    if (want.startsWith(`${b.target}/`)) return { source: joinPath(b.source, want.slice(b.target.length + 1)), bind: b };
  }
  return undefined;
}

/** The batch file the service runs with `-c` (its command's, else the image default), when a bind gives it. */
export function composeMainFile(service: ComposeService): { source: string; bind: ComposeBind } | undefined {
  const c = service.configArg?.path ?? DEFAULT_CONFIG;
  return c.startsWith('/') ? hostFileOf(service, c) : undefined;
}

/** True when the service bind-mounts `file` (a batch path), itself or inside a bound directory. */
export function composeMounts(service: ComposeService, file: string): ComposeBind | undefined {
  const f = normalizePath(file);
  return service.binds.find((b) => f === b.source || (b.source === '' ? !f.startsWith('/') : f.startsWith(`${b.source}/`)));
}

/**
 * The CLI's batch links of a compose file: it and the inputs its Fluent Bit services (or an override's services
 * without an image) bind-mount, so that a config in `./conf` is judged in the compose file's batch. Empty when none.
 */
export function composeLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  return bindLinks(file, composeEntries(file, text).filter((e) => e.image === undefined || isFluentBitImage(e.image)).flatMap((e) => e.binds), inputs);
}

/** `file` and the inputs its binds mount (a bound file, or a file under a bound directory); empty when none. */
export function bindLinks(file: string, binds: readonly ComposeBind[], inputs: readonly string[]): string[] {
  const linked: string[] = [];
  for (const b of binds) {
    for (const i of inputs) {
      const p = normalizePath(i);
      if (i !== file && (p === b.source || (b.source !== '' && p.startsWith(`${b.source}/`)))) linked.push(i);
    }
  }
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}
