/*
 * The variables of a setup as Fluent Bit applies them (plugin names written
 * with one, `Name ${IN}`, are expanded in rules/support/tail-target.ts:
 * pluginName; values by valueOf). Here, in deploy/, because the container
 * walk (config-graph.ts) expands Parsers_File with them too.
 *
 * Fluent Bit (src/flb_config.c, src/flb_env.c): every `@SET` (a meta of the
 * classic reader) and every YAML `env` entry is set with flb_env_set before
 * any plugin is made, in reading order, and a second set of a name replaces
 * the first (flb_hash_table_del, then add): the LAST definition wins, and
 * where it stands does not matter (probe env-after-use). Then
 * configure_plugins_type expands the `name` value (flb_env_var_translate:
 * the config's variables first, then the process environment) and looks the
 * plugin up by ASCII case-insensitive equality of the whole expanded text
 * (check_protocol): nothing is trimmed after expansion.
 */

/** A setup's variables: the value Fluent Bit gives each name we can know, and the names we cannot. */
export interface SetupVariables {
  readonly values: ReadonlyMap<string, string>;
  /**
   * Names set to different values in two configs of the setup: which one
   * Fluent Bit applies depends on the order it reads the files (an
   * `@INCLUDE` glob reads them in no set order), so neither is guessed.
   */
  readonly conflicting: ReadonlyMap<string, readonly VariableDefinition[]>;
}

/** Where a conflicting variable is set: the config's name and the value its last definition gives. */
export interface VariableDefinition {
  readonly config: string;
  readonly value: string;
}

/** What setupVariables reads of a config: its name and its variables in reading order (a ConfigView, or a classic model's `@SET`s). */
export interface VariableSource {
  readonly name: string;
  readonly variables: readonly { readonly name: string; readonly value: string }[];
}

/**
 * The variables of the configs Fluent Bit loads together: within one config
 * the last definition of a name wins (Fluent Bit's order); a name that two
 * configs set differently is left out and listed as conflicting.
 */
export function setupVariables(configs: readonly VariableSource[]): SetupVariables {
  const definitions = new Map<string, VariableDefinition[]>();
  for (const c of configs) {
    if (c.variables.length === 0) continue;
    const own = new Map<string, string>();
    for (const v of c.variables) own.set(v.name, v.value);
    for (const [name, value] of own) {
      const list = definitions.get(name);
      if (list) list.push({ config: c.name, value });
      else definitions.set(name, [{ config: c.name, value }]);
    }
  }
  const values = new Map<string, string>();
  const conflicting = new Map<string, readonly VariableDefinition[]>();
  for (const [name, list] of definitions) {
    const value = (list[0] as VariableDefinition).value;
    if (list.every((d) => d.value === value)) values.set(name, value);
    else conflicting.set(name, list);
  }
  return { values, conflicting };
}
