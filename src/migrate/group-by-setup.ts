import type { ConfigView } from '../view/types.js';

/**
 * A setup is the set of configs Fluent Bit loads together: the keys of one
 * ConfigMap, the `config.*` strings of one Helm values file, the plain
 * config files of one directory, or one Fluent Operator input. Facts shared
 * by a setup (variables, defined parsers, whether Parser cri is in use) are
 * computed per setup (rules/support/setup-facts.ts).
 */
export function setupKeyOf(view: ConfigView): string {
  const config = view.source;
  if (!config) return `${view.target.id}#${view.name}`;
  switch (config.origin) {
    case 'configmap':
      return `${config.path}#${config.configMap?.docIndex ?? config.docIndex}/${(config.configMap?.objectPath ?? []).join('/')}`;
    case 'helm-value':
      if (config.chartDir) return config.chartDir;
      return `${config.path}#helm/${config.docIndex}${config.chartRoot && config.chartRoot.length > 0 ? `/${config.chartRoot.join('/')}` : ''}`;
    case 'file': {
      const p = config.path.replace(/\\/g, '/');
      return `dir:${p.slice(0, p.lastIndexOf('/') + 1)}`;
    }
  }
}

/**
 * Views grouped by setup, in first-seen order. `links` (include walks,
 * includes/include-diagnostics.ts: each list the config ids one walk
 * reaches) join the setups of configs that include one another across
 * directories or ConfigMaps (`@INCLUDE sub/x.conf`, YAML `includes:`):
 * Fluent Bit loads them together, so they share variables and parsers.
 */
export function groupBySetup<T extends { readonly view: ConfigView }>(items: readonly T[], links: readonly (readonly string[])[] = []): T[][] {
  const keyOfId = new Map<string, string>();
  for (const item of items) {
    const id = item.view.source?.id;
    if (id !== undefined && !keyOfId.has(id)) keyOfId.set(id, setupKeyOf(item.view));
  }
  // Union-find over setup keys.
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  for (const link of links) {
    const keys = link.flatMap((id) => keyOfId.get(id) ?? []);
    const first = keys[0];
    if (first === undefined) continue;
    for (const k of keys.slice(1)) {
      const a = find(first);
      const b = find(k);
      if (a !== b) parent.set(b, a);
    }
  }
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = find(setupKeyOf(item.view));
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
