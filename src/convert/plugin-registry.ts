import { cLower } from '../source/c-text.js';
import { envLookup, expandVars } from './env.js';
import type { FbView, PluginInstance, ReadError } from './view.js';

/*
 * A deliberately small piece of Fluent Bit v5.1.1's plugin knowledge: the
 * stage after the readers (flb_config_map_properties_check and plugin
 * lookup). Used to explain verdicts that depend on a plugin, not on the
 * reader; the converter does not need it (it never changes a key's meaning).
 *
 * - Input core properties (src/flb_input.c flb_input_set_property) are kept
 *   by the engine; anything else goes to the plugin's config map. A core
 *   property whose value expands to nothing is passed on to the plugin.
 * - tail's config map: plugins/in_tail/tail.c, exactly as Fluent Bit prints
 *   it in "unknown configuration property" (probe key-pascal); only
 *   `multiline.parser` may repeat; `parser_` is a prefix key (parser_N).
 * - custom plugins: plugins/custom_* holds one, `calyptia`.
 */

const INPUT_CORE = new Set([
  'tag', 'alias', 'log_level', 'log_suppress_interval', 'mem_buf_limit', 'routable', 'threaded', 'listen', 'host',
  'port', 'ipv6', 'tls', 'rate_window',
]);
const INPUT_CORE_PREFIXES = ['storage.', 'thread.ring_buffer.', 'net.', 'tls.', 'rate_gate'];

/** A plugin's config map, as flb_config_map_properties_check reads it (names lower-case). */
export interface ConfigMap {
  readonly keys: ReadonlySet<string>;
  /** `FLB_CONFIG_MAP_STR_PREFIX` entries (`parser_`): any longer key under them. */
  readonly prefixes: readonly string[];
  /** The keys declared with `FLB_CONFIG_MAP_MULT`: the only ones that may be set more than once. */
  readonly mult: ReadonlySet<string>;
}

const TAIL: ConfigMap = {
  keys: new Set([
    'path', 'exclude_path', 'key', 'read_from_head', 'read_newly_discovered_files_from_head', 'refresh_interval',
    'watcher_interval', 'progress_check_interval', 'progress_check_interval_nsec', 'rotate_wait', 'docker_mode',
    'docker_mode_flush', 'docker_mode_parser', 'path_key', 'offset_key', 'ignore_older', 'ignore_active_older_files',
    'buffer_chunk_size', 'buffer_max_size', 'static_batch_size', 'event_batch_size', 'skip_long_lines', 'exit_on_eof',
    'skip_empty_lines', 'truncate_long_lines', 'file_cache_advise', 'inotify_watcher', 'parser', 'tag_regex', 'db',
    'db.sync', 'db.locking', 'db.journal_mode', 'db.compare_filename', 'multiline', 'multiline_flush',
    'parser_firstline', 'multiline.parser', 'generic.encoding',
  ]),
  prefixes: ['parser_'],
  mult: new Set(['multiline.parser']),
};

const INPUT_MAPS: Readonly<Record<string, ConfigMap>> = { tail: TAIL };
const CUSTOM_PLUGINS = new Set(['calyptia']);

/** The config map of an input plugin we know (lower-case name), or undefined. */
export function inputConfigMap(plugin: string): ConfigMap | undefined {
  return Object.hasOwn(INPUT_MAPS, plugin) ? INPUT_MAPS[plugin] : undefined;
}

/** Whether a lower-case key is one of the map's: an exact key, or longer than a prefix key it starts with (`parser_1`). */
export function inConfigMap(map: ConfigMap, key: string): boolean {
  return map.keys.has(key) || map.prefixes.some((x) => key.startsWith(x) && key.length > x.length);
}

/**
 * Errors Fluent Bit would report for plugins we know: an unknown custom
 * plugin, and, for inputs with a known config map, unknown properties and
 * non-repeatable properties set more than once. Plugins we do not know are
 * not checked.
 */
export function checkKnownPlugins(view: FbView, processEnv: Readonly<Record<string, string>> = {}): ReadError[] {
  const lookup = envLookup(view.env, processEnv);
  const errors: ReadError[] = [];
  const nameOf = (inst: PluginInstance): string => cLower(expandVars(inst.props.find((p) => cLower(p.key) === 'name')?.value ?? '', lookup));
  for (const inst of view.customs) {
    const name = nameOf(inst);
    if (!CUSTOM_PLUGINS.has(name)) {
      errors.push({ ...inst.origin, message: `section '${name}' tried to instance a plugin name that doesn't exist` });
    }
  }
  for (const inst of view.inputs) {
    const name = nameOf(inst);
    const map = inputConfigMap(name);
    if (!map) continue;
    const counts = new Map<string, number>();
    for (const p of inst.props) {
      const key = cLower(p.key);
      if (key === 'name') continue;
      const core = INPUT_CORE.has(key) || INPUT_CORE_PREFIXES.some((x) => key.startsWith(x));
      if (core && expandVars(p.value, lookup) !== '') continue;
      if (!inConfigMap(map, key)) {
        errors.push({ ...p.origin, message: `${name}: unknown configuration property '${p.key}'` });
        continue;
      }
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) {
      if (n > 1 && !map.mult.has(key)) errors.push({ ...inst.origin, message: `${name}: configuration property '${key}' is set ${n} times` });
    }
  }
  return errors;
}
