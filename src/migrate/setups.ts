import type { EmbeddedConfig } from '../discover/discovery-types.js';

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
