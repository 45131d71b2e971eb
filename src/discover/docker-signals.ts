/*
 * Docker-era settings found by text alone, wherever they sit (a Helm
 * template, a file no recognizer reads): the signals of issue #11's safety
 * net. Each pattern is linear (one quantifier between literals; recheck
 * checks them) and matches the setting, not the migrated form
 * (`multiline.parser docker, cri` is not `Parser docker`).
 */

export type DockerSignalKind = 'docker-data-root' | 'parser-docker' | 'docker-mode' | 'docker-socket' | 'docker-service' | 'json-log';

export interface DockerSignal {
  readonly kind: DockerSignalKind;
  /** Offsets in the scanned text. */
  readonly start: number;
  readonly end: number;
  /** The text as written (`Parser docker`, `/var/lib/docker/containers`). */
  readonly text: string;
}

const PATTERNS: ReadonlyArray<readonly [DockerSignalKind, RegExp]> = [
  // A path under Docker's default data root, up to the end of the path.
  ['docker-data-root', /\/var\/lib\/docker(?![\w.-])[^\s"'`,;)}\]]*/g],
  // Docker's containers directory under another data root (`/data/docker/containers`), from that segment on.
  ['docker-data-root', /\/docker\/containers(?![\w.-])[^\s"'`,;)}\]]*/g],
  // `Parser docker`, `parser: docker`, `"parser": "docker"`, `parser=docker`, and knobs named for it
  // (`containerRuntimeParser: docker`, `LOG_PARSER=docker`); not `multiline.parser docker` nor `multilineParser`.
  ['parser-docker', /(?<![\w.])(?!multiline)\w*?parser["']?(?:[ \t]+(?:[:=][ \t]*)?|[:=][ \t]*)["']?docker(?![\w-])/gi],
  // Docker_Mode, Docker_Mode_Flush, dockerMode, dockerModeFlushSeconds.
  ['docker-mode', /(?<![\w.])docker_?mode/gi],
  ['docker-socket', /docker\.sock(?![\w-])/g],
  ['docker-service', /docker\.service(?![\w-])/g],
  ['json-log', /-json\.log(?![\w-])/g],
];

/** How far back a data-root path is followed from its `/docker/containers` segment (keeps the scan linear). */
const MAX_PATH_BACK = 4096;

/** Every Docker-era signal in `text[from, to)`, by position; one inside another is dropped. */
export function findDockerSignals(text: string, from = 0, to = text.length): DockerSignal[] {
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  const out: DockerSignal[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const m of slice.matchAll(pattern)) {
      let start = m.index;
      // `/data/docker/containers`: the path starts before the `/docker` segment (scanned back, linear).
      if (m[0].startsWith('/docker/')) while (start > 0 && m.index - start < MAX_PATH_BACK && /[\w./-]/.test(slice[start - 1] as string)) start--;
      out.push({ kind, start: from + start, end: from + m.index + m[0].length, text: slice.slice(start, m.index + m[0].length) });
    }
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  // `-json.log` inside `/var/lib/docker/containers/*/*-json.log` is the same setting.
  let reach = -1;
  return out.filter((s) => {
    if (s.end <= reach) return false;
    reach = s.end;
    return true;
  });
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
