/*
 * Docker-era settings found by text alone, wherever they sit (a Helm
 * template, a file no recognizer reads): the signals of issue #11's safety
 * net. Each pattern is linear (one quantifier between literals; recheck
 * checks them) and matches the setting, not the migrated form
 * (`multiline.parser docker, cri` is not `Parser docker`).
 */

import { FIXED_DOCKER_ROOT_SIGNAL } from '../source/docker-data-root.js';

export type DockerSignalKind = 'docker-data-root' | 'parser-docker' | 'docker-mode' | 'docker-socket' | 'docker-service' | 'json-log' | 'cri-disabled' | 'runtime-docker' | 'runtime-switch' | 'docker-windows-root';

export interface DockerSignal {
  readonly kind: DockerSignalKind;
  /** Offsets in the scanned text. */
  readonly start: number;
  readonly end: number;
  /** The text as written (`Parser docker`, `/var/lib/docker/containers`). */
  readonly text: string;
}

/**
 * Docker's data root on Windows nodes (`C:\ProgramData\docker`, its
 * `containers` directory: a Windows DaemonSet's hostPath and mount, the
 * Logging operator's Windows containersPath), in any letter case, up to
 * `docker` or its `containers`. Each separator is a backslash or a slash,
 * up to 4 of them: as written, doubled, or escaped in the raw text of JSON
 * or YAML double quotes (`C:\\ProgramData`, `C:\/ProgramData`). Windows
 * reads a run of separators as one. The one definition, for the safety
 * net's scan and for isDockerWindowsRoot.
 */
export const DOCKER_WINDOWS_ROOT = /[A-Za-z]:[\\/]{1,4}ProgramData[\\/]{1,4}docker(?:[\\/]{1,4}containers)?(?![\w.-])/gi;

/** The patterns, by kind (exported for the test that checks the row scan against an object scan). */
export const DOCKER_SIGNAL_PATTERNS: ReadonlyArray<readonly [DockerSignalKind, RegExp]> = [
  // A path under a fixed data root (/var/lib/docker, the snap's): source/docker-data-root.ts.
  ['docker-data-root', FIXED_DOCKER_ROOT_SIGNAL],
  // Docker's containers directory under another data root (`/data/docker/containers`), from that segment on.
  ['docker-data-root', /\\?\/docker\\?\/containers(?![\w.-])(?:[^\s"'`,;)}\]\\]|\\\/)*/g],
  // `Parser docker`, `parser: docker`, `"parser": "docker"`, `parser=docker`, and knobs named for it
  // (`containerRuntimeParser: docker`, `LOG_PARSER=docker`); not `multiline.parser docker` nor `multilineParser`.
  // As the first item of a YAML list too, which Fluent Bit reads as the key once per item: flow
  // `parser: [docker]`, block `parser:` then a `- docker` line. (A later item is not matched: every form
  // that walks the items before it costs recheck several seconds or is polynomial; inside a Fluent Bit
  // config the rules read every item.)
  ['parser-docker', /(?<![\w.])(?!multiline)\w*?parser["']?(?:[ \t]+(?:[:=][ \t]*)?|[:=][ \t]*)(?:\[[ \t]*|\r?\n[ \t]*-[ \t]+)?["']?docker(?![\w-])/gi],
  // Docker_Mode, Docker_Mode_Flush, dockerMode, dockerModeFlushSeconds.
  ['docker-mode', /(?<![\w.])docker_?mode/gi],
  ['docker-socket', /docker\.sock(?![\w-])/g],
  ['docker-service', /docker\.service(?![\w-])/g],
  ['json-log', /-json\.log(?![\w-])/g],
  // The newrelic-logging chart's switch (`fluentBit.criEnabled`, false by default in its older versions): false renders
  // `Parser docker` (LOG_PARSER=docker) into the chart's own config.
  ['cri-disabled', /(?<![\w.])criEnabled["']?[ \t]*[:=][ \t]*["']?false(?![\w-])/g],
  // A runtime switch set to Docker (`containerRuntime: docker`, KubeSphere's ClusterConfiguration
  // `logging.containerruntime: docker`): what reads it renders Parser docker and Docker's paths.
  // Also a bare `runtime: docker` (a chart's or a script's own switch).
  ['runtime-docker', /(?<![\w./-])(?:container_?)?runtime["']?[ \t]*[:=][ \t]*["']?docker(?![\w.-])/gi],
  // A boolean switch naming a runtime that selects Docker, as a YAML or JSON pair (`:` only: `docker = true` is
  // Lua or shell): Docker on (`docker: true`, `useDocker`, `enableDocker`, `dockerEnabled`, `dockerLogs`), or a CRI
  // runtime or parser off (`containerd: false`, `crio`, `cri-o`, `cri`, `criParser`, `useContainerd`). A `docker:` key
  // holding a map (an image) is no switch. (`criEnabled: false` is cri-disabled, above; `dockerMode` is docker-mode.)
  ['runtime-switch', /(?<![\w./-])(?:use_?|enable_?|is_?)?docker(?:_?(?:enabled|logs|runtime))?["']?[ \t]*:[ \t]*["']?(?:true|yes|on)(?![\w.-])/gi],
  ['runtime-switch', /(?<![\w./-])(?:use_?|enable_?|is_?)?(?:containerd|cri-?o|cri)(?:_?(?:enabled|logs|parser|runtime))?["']?[ \t]*:[ \t]*["']?(?:false|no|off)(?![\w.-])/gi],
  ['docker-windows-root', DOCKER_WINDOWS_ROOT],
];

/**
 * Whether a value (a parsed scalar, no escapes left) is Docker's Windows
 * data root or its containers directory as a whole, trailing separators
 * allowed (`C:\ProgramData\docker\`, `c:/programdata/docker/containers`).
 * Built on DOCKER_WINDOWS_ROOT: `match` on a global pattern starts at 0 and
 * leaves lastIndex at 0, so the scan's state is not touched.
 */
export function isDockerWindowsRoot(value: string): boolean {
  const first = value.match(DOCKER_WINDOWS_ROOT)?.[0];
  // The leftmost match must start the value (the pattern starts with its drive letter) and only separators follow.
  return first !== undefined && value.startsWith(first) && /^[\\/]*$/.test(value.slice(first.length));
}

/** How far back a data-root path is followed from its `/docker/containers` segment (keeps the scan linear). */
const MAX_PATH_BACK = 4096;

/** The character before `at` belongs to the path: a word character, `.`, `/`, `-`, or the backslash of a JSON `\/`. */
function pathCharBefore(text: string, at: number): boolean {
  const c = text[at - 1] as string;
  return /[\w./-]/.test(c) || (c === '\\' && text[at] === '/');
}

/**
 * The signals of a scan as rows (kind, start, end; offsets in the scanned
 * text), by position: no object or string per signal (memory, issue #14:
 * a 50 MB config holds ~180,000 signals, nearly all of them consumed).
 */
export interface DockerSignalRows {
  readonly kinds: DockerSignalKind[];
  readonly starts: number[];
  readonly ends: number[];
}

/** Every Docker-era signal in `text[from, to)`, as rows by position; one inside another is dropped. */
export function scanDockerSignals(text: string, from = 0, to = text.length): DockerSignalRows {
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  const kinds: DockerSignalKind[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const [kind, pattern] of DOCKER_SIGNAL_PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(slice); m !== null; m = pattern.exec(slice)) {
      let start = m.index;
      // `/data/docker/containers`: the path starts before the `/docker` segment (scanned back, linear; `\/` separators too).
      if (/^\\?\/docker\\?\//.test(m[0])) while (start > 0 && m.index - start < MAX_PATH_BACK && pathCharBefore(slice, start)) start--;
      kinds.push(kind);
      starts.push(from + start);
      ends.push(from + m.index + m[0].length);
    }
  }
  const order = new Uint32Array(kinds.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // By start, the longer first; then as found (pattern order), as a stable sort of the found list.
  order.sort((a, b) => (starts[a] as number) - (starts[b] as number) || (ends[b] as number) - (ends[a] as number) || a - b);
  // `-json.log` inside `/var/lib/docker/containers/*/*-json.log` is the same setting.
  const out: DockerSignalRows = { kinds: [], starts: [], ends: [] };
  let reach = -1;
  for (const i of order) {
    const end = ends[i] as number;
    if (end <= reach) continue;
    reach = end;
    out.kinds.push(kinds[i] as DockerSignalKind);
    out.starts.push(starts[i] as number);
    out.ends.push(end);
  }
  return out;
}

/** Every Docker-era signal in `text[from, to)`, by position; one inside another is dropped. */
export function findDockerSignals(text: string, from = 0, to = text.length): DockerSignal[] {
  const rows = scanDockerSignals(text, from, to);
  return rows.kinds.map((kind, i) => ({ kind, start: rows.starts[i] as number, end: rows.ends[i] as number, text: text.slice(rows.starts[i], rows.ends[i]) }));
}

const CLASSIC_HEADER = /^[ \t]*\[(?:SERVICE|INPUT|FILTER|OUTPUT|PARSER|MULTILINE_PARSER|CUSTOM)\][ \t]*\r?$/im;
const CLASSIC_INCLUDE = /^[ \t]*@INCLUDE[ \t]/im;
const YAML_PIPELINE = /^[ \t]*pipeline:[ \t]*\r?$/m;
const OPERATOR_API = /(?:fluentbit\.fluent\.io|logging\.kubesphere\.io)\//;

/**
 * Offset of the first thing in `text[from, to)` that shows a Fluent Bit
 * config, at any indentation (inside a YAML block scalar too): a classic
 * section header or `@INCLUDE`, a YAML-format `pipeline:`, or a Fluent
 * Operator / KubeSphere resource. -1 when there is none.
 */
export function findFluentBitConfig(text: string, from = 0, to = text.length): number {
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  let best = -1;
  for (const pattern of [CLASSIC_HEADER, CLASSIC_INCLUDE, YAML_PIPELINE, OPERATOR_API]) {
    const m = pattern.exec(slice);
    // At the `[`/`@`/key itself, not at the indentation before it.
    const at = m ? m.index + (m[0].length - m[0].trimStart().length) : -1;
    if (m && (best < 0 || at < best)) best = at;
  }
  return best < 0 ? -1 : from + best;
}
