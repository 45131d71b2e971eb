import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { ParsedConfig } from '../model/parse-configs.js';
import { isTail, readsContainerLogs, tailTarget } from '../transforms/tail-inputs.js';
import type { SetupFacts } from '../transforms/transform.js';

/**
 * A "setup" is the set of configs Fluent Bit would load together: the keys
 * of one ConfigMap, the config.* strings of one Helm values file, or the
 * plain config files of one directory. Facts shared by a setup (@SET
 * variables, defined parsers, whether Parser cri is in use) are computed per
 * setup.
 */
export function setupKeyOf(config: EmbeddedConfig): string {
  switch (config.origin) {
    case 'configmap':
      return `${config.path}#${config.configMap?.docIndex ?? config.docIndex}/${(config.configMap?.objectPath ?? []).join('/')}`;
    case 'helm-value':
      return `${config.path}#helm/${config.docIndex}`;
    case 'file': {
      const p = config.path.replace(/\\/g, '/');
      return `dir:${p.slice(0, p.lastIndexOf('/') + 1)}`;
    }
  }
}

/** Facts shared by the configs of one setup. */
export function setupFacts(units: readonly ParsedConfig[], podLogsDir: string): SetupFacts {
  const variables = new Map<string, string>();
  const definedParsers = new Set<string>();
  const parsersFileNames: string[] = [];
  for (const u of units) {
    for (const s of u.model.sets) if (!variables.has(s.name)) variables.set(s.name, s.value);
    const parsers = u.model.sectionsOf('parser');
    for (const p of parsers) {
      const n = p.get('name');
      if (n) definedParsers.add(n.value);
    }
    const onlyParsers = u.model.sections.length > 0 && u.model.sections.every((s) => s.type === 'parser' || s.type === 'multiline_parser');
    const helmParsers = u.config.helmRole === 'customParsers';
    if (onlyParsers || helmParsers) parsersFileNames.push(u.config.name);
  }
  const names = new Set(units.map((u) => u.config.name));
  const parsersFiles = units.flatMap((u) => u.model.sectionsOf('service').flatMap((s) => s.getAll('parsers_file').map((e) => e.value)));
  const loadsStockParsers = units.some((u) => u.config.origin === 'helm-value')
    || parsersFiles.some((f) => f.replace(/^.*\//, '') === 'parsers.conf' && !names.has('parsers.conf'));
  const base: SetupFacts = { variables, definedParsers, usesStockCriParser: false, loadsStockParsers, parsersFileNames };
  const usesStockCriParser = units.some((u) => u.model.sections.some((s) => isTail(s) && s.getAll('parser').some((e) => e.value === 'cri') && readsContainerLogs(tailTarget(s, base, podLogsDir))));
  return { ...base, usesStockCriParser };
}
