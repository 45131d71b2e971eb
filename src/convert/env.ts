/**
 * `${VAR}` expansion as Fluent Bit's flb_env_var_translate (src/flb_env.c)
 * does it, for tests and checks that need the value Fluent Bit applies (the
 * converter itself never expands anything):
 *
 * - the name runs from `${` to the FIRST `}` after the current position; a
 *   `}` before the `${` (or an empty name) stops expansion, and the rest is
 *   copied as is;
 * - `${NAME:-default}` (v5.0.6+) uses the default when NAME is unset or empty;
 * - an unset variable expands to nothing.
 */
export type EnvLookup = (name: string) => string | undefined;

export function expandVars(value: string, lookup: EnvLookup): string {
  let out = '';
  let i = 0;
  for (;;) {
    const open = value.indexOf('${', i);
    if (open < 0) break;
    const close = value.indexOf('}', i);
    if (close < 0 || close < open + 2) break;
    const inner = value.slice(open + 2, close);
    if (inner.length === 0 || inner.length >= 4096) break;
    out += value.slice(i, open);
    const dash = inner.indexOf(':-');
    const name = dash < 0 ? inner : inner.slice(0, dash);
    const found = lookup(name);
    if (found !== undefined && found !== '') out += found;
    else if (dash >= 0) out += inner.slice(dash + 2);
    i = close + 1;
  }
  return out + value.slice(i);
}

/**
 * The lookup Fluent Bit uses: variables set by `@SET` / YAML `env` first
 * (the last definition of a name wins), then the process environment, where
 * an empty value counts as unset.
 */
export function envLookup(configEnv: readonly { readonly key: string; readonly value: string }[], processEnv: Readonly<Record<string, string>>): EnvLookup {
  const own = new Map<string, string>();
  for (const e of configEnv) own.set(e.key, e.value);
  return (name) => {
    if (own.has(name)) return own.get(name);
    const v = processEnv[name];
    return v === '' ? undefined : v;
  };
}

/** The variable names Fluent Bit looks up when it expands `value` (same scan as expandVars). */
export function referencedVars(value: string): string[] {
  // Without `${` expandVars looks nothing up (most values: no garbage per value while two views are compared).
  if (!value.includes('${')) return [];
  const names: string[] = [];
  expandVars(value, (name) => {
    names.push(name);
    return undefined;
  });
  return names;
}
