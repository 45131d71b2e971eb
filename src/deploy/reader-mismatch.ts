import type { Discovery, EmbeddedConfig } from '../discover/discovery-types.js';
import type { FileDiagnostic } from '../source/diagnostic.js';
import { isYamlName, looksLikeClassicConfig, readerByName, sniffYamlConfig } from '../source/sniff-format.js';
import { readerMismatch } from '../includes/walk-includes.js';
import { atLeast } from './image-version.js';
import { containerName } from './missing-refs.js';
import type { Container, Deployment } from './types.js';

/*
 * CONFIG_READER_MISMATCH: a config Fluent Bit opens by a name that picks
 * the other reader (NOTES "Reader by name"). Fluent Bit chooses the reader
 * of the `-c` file and of a `parsers_file` target by the name it opens
 * (flb_config_format.c flb_cf_create_from_file: `.yaml`/`.yml` YAML, any
 * other name classic), whatever the text holds; we read a text by its
 * content. So a YAML text under a `.conf` name, or a classic text under a
 * `.yaml` name, makes Fluent Bit refuse to start (a parsers file: it starts
 * without it before 5.1, from 5.1 it refuses), before and after the
 * migration. Decided per container, by the path the container opens (after
 * subPath and `items` renames); a config no workload of the batch runs and
 * no config includes is judged by its own name (what `-c <file>` opens).
 * An `@INCLUDE` or `includes:` target is read by the include's reader, not
 * its name: the include walk reports those (includes/walk-includes.ts).
 * Containers that run a known Fluent Bit below 2.0 are left out: before 1.9
 * every name was read as classic, and the YAML format needs 2.0. A
 * `.yaml`/`.yml` file holding a classic text is no config to us (its
 * YAML_SYNTAX error stands); the warning says why.
 */

/** How a container opens a config by its name. */
interface Opening {
  readonly container: Container;
  readonly path: string;
  readonly how: '-c' | 'parsers_file';
}

const YAML_TEXT = 'a YAML config';
const CLASSIC_TEXT = 'a classic config';

/** The consequence and the fix, by what the text is and how it is opened. */
/** How Fluent Bit reads a name it opens, for a text that is `format`: with the other reader. */
function readByName(format: 'classic' | 'yaml'): string {
  return format === 'yaml'
    ? 'Fluent Bit picks the reader by the name and reads a name without .yaml/.yml as classic'
    : 'Fluent Bit picks the reader by the name and reads a .yaml/.yml name as YAML';
}

function advice(format: 'classic' | 'yaml', how: '-c' | 'parsers_file'): string {
  const read = readByName(format);
  if (how === '-c') {
    return format === 'yaml'
      ? `${read}, so it refuses to start; mount it under a .yaml name (subPath or items) and point -c at that name`
      : `${read}, so it refuses to start; mount it under a .conf name (subPath or items) and point -c at that name (flb-migrate --to-yaml converts it once it has a .conf name)`;
  }
  return format === 'yaml'
    ? `${read}, so it cannot load it (it starts without these parsers before 5.1 and refuses to start from 5.1); give it a .yaml name and name that in parsers_file, or write its parsers as classic [PARSER] sections`
    : `${read}, so it cannot load it (it starts without these parsers before 5.1 and refuses to start from 5.1); give it a .conf name and name that in parsers_file, or write its parsers under a YAML parsers: section`;
}

/** A chart's `config.extraFiles` key: the chart writes it as a file of that name (next to fluent-bit.conf). */
function isExtraFile(config: EmbeddedConfig): boolean {
  return config.origin === 'helm-value' && config.helmRole === 'extraFile';
}

/**
 * What the text holds. Discovery reads an extraFiles key by its name (a `.conf` key is read as classic, as
 * Fluent Bit does, so it gets the classic reader's errors): its text may still be a YAML config.
 */
function contentFormat(config: EmbeddedConfig): 'classic' | 'yaml' {
  return isExtraFile(config) && config.format === 'classic' && !isYamlName(config.name) && sniffYamlConfig(config.text) !== undefined ? 'yaml' : config.format;
}

/** The fix for an extraFiles key: its name is the file's name (the chart mounts the key as it is). `run`: a --config names it. */
function extraFileAdvice(format: 'classic' | 'yaml', run: boolean): string {
  const refuses = run ? 'so it refuses to start' : 'so run under this key name it refuses to start';
  return format === 'yaml'
    ? `${readByName(format)}, ${refuses}; rename the config.extraFiles key to .yaml${run ? ' (and the --config path that names it)' : ', or list it under the includes: of a YAML config'}`
    : `${readByName(format)}, ${refuses}; rename the config.extraFiles key to .conf${run ? ' (and the --config path that names it)' : ', or @INCLUDE it from a classic config'}`;
}

/**
 * One CONFIG_READER_MISMATCH warning per config of the batch that Fluent Bit
 * opens by a name picking the other reader, at the config's first line, and
 * per `.yaml`/`.yml` file that YAML refuses and that holds a classic config.
 * `included`: the ids of configs some `@INCLUDE` or `includes:` reads (their
 * own name does not decide).
 */
export function readerMismatchDiagnostics(deployment: Deployment, discoveries: readonly Discovery[], included: ReadonlySet<string>): FileDiagnostic[] {
  const openings = new Map<string, Opening[]>();
  const open = (config: EmbeddedConfig, o: Opening): void => {
    const list = openings.get(config.id);
    if (list) list.push(o);
    else openings.set(config.id, [o]);
  };
  // Configs a Fluent Bit below 2.0 opens by name: not judged, and not by their own name either (a YAML config is
  // not among such a container's configs, so containersOf would call it unrun).
  const old = new Set<string>();
  for (const c of deployment.containers) {
    if (!c.runsFluentBit || c.role === 'init') continue;
    const v = c.version.version;
    const below2 = v !== undefined && !atLeast(v, 2, 0);
    const add = (config: EmbeddedConfig, o: Opening): void => {
      if (below2) old.add(config.id);
      else open(config, o);
    };
    if (c.mainConfig?.kind === 'config') for (const m of c.mainConfig.configs) add(m, { container: c, path: c.mainConfig.path, how: '-c' });
    for (const p of c.parsersFiles) {
      if (p.inline === true || p.lookup.kind !== 'config') continue;
      for (const t of p.lookup.configs) add(t, { container: c, path: p.lookup.path, how: 'parsers_file' });
    }
  }
  const out: FileDiagnostic[] = [];
  for (const d of discoveries) {
    if (d.fileKind !== 'invalid' || !isYamlName(d.path) || !looksLikeClassicConfig(d.text)) continue;
    const name = d.path.slice(d.path.lastIndexOf('/') + 1);
    const message = `'${name}' holds a classic config under a .yaml name: Fluent Bit picks the reader by the name it opens (-c, parsers_file) and reads it as YAML, which refuses it (an @INCLUDE reads it as classic whatever its name); rename it to .conf`;
    out.push({ code: 'CONFIG_READER_MISMATCH', severity: 'warning', path: d.path, start: 0, end: 0, message });
  }
  for (const config of discoveries.flatMap((d) => d.configs)) {
    const format = contentFormat(config);
    const text = format === 'yaml' ? YAML_TEXT : CLASSIC_TEXT;
    const opened = openings.get(config.id);
    if (opened) {
      const wrong = opened.filter((o) => readerByName(o.path) !== format);
      const first = wrong[0];
      if (!first) continue;
      // One warning per config: the first opening that picks the other reader, with every container that opens it so.
      const same = wrong.filter((o) => o.how === first.how && o.path === first.path);
      const who = [...new Set(same.map((o) => containerName(o.container)))].join(', ');
      const verb = first.how === '-c' ? (same.length > 1 ? 'run' : 'runs') : same.length > 1 ? 'load' : 'loads';
      const fix = isExtraFile(config) && first.how === '-c' ? extraFileAdvice(format, true) : advice(format, first.how);
      out.push(readerMismatch(config, `'${config.name}' is ${text}, but ${who} ${verb} it as '${first.path}' (${first.how}): ${fix}`));
      continue;
    }
    // No container opens it by name: a file or key no workload runs, unless some config includes it, is opened by its own name.
    // Chart values strings are named by the chart, except extraFiles keys (the key is the file's name).
    if ((config.origin === 'helm-value' && !isExtraFile(config)) || included.has(config.id) || old.has(config.id)) continue;
    if (!isExtraFile(config) && deployment.containersOf(config).length > 0) continue;
    if (readerByName(config.name) === format) continue;
    if (isExtraFile(config)) {
      out.push(readerMismatch(config, `'${config.name}' is ${text} in config.extraFiles, and no --config names it: ${extraFileAdvice(format, false)}`));
      continue;
    }
    const what = config.origin === 'file' ? 'file' : 'key';
    const read =
      config.format === 'yaml'
        ? `Fluent Bit picks the reader by the name it opens (-c, parsers_file) and reads a name without .yaml/.yml as classic, so run under this ${what} name it refuses to start; rename it to .yaml, or list it under the includes: of a YAML config`
        : `Fluent Bit picks the reader by the name it opens (-c, parsers_file) and reads a .yaml/.yml name as YAML, so run under this ${what} name it refuses to start; rename it to .conf, or @INCLUDE it from a classic config`;
    out.push(readerMismatch(config, `'${config.name}' is ${text}, and no workload in the input runs it: ${read}`));
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start));
}
