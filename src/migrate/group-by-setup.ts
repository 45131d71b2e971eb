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

/** Views grouped by setup, in first-seen order. */
export function groupBySetup<T extends { readonly view: ConfigView }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = setupKeyOf(item.view);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
