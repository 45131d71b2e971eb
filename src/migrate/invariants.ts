import { discoverFile } from '../discover/discover-file.js';
import { parseDiscoveredConfigs } from '../model/parse-configs.js';

/*
 * What must hold for a migrated file before it is accepted. A broken
 * invariant is a bug in flb-migrate: the caller reports INTERNAL_ERROR and
 * leaves the file unchanged.
 */

/**
 * Re-reads an edited file: the YAML and every classic config in it must
 * still parse without errors. Returns the first problem, or undefined.
 */
export function checkEditedFile(path: string, text: string): string | undefined {
  const d = discoverFile({ path, text });
  const yamlError = d.diagnostics.find((x) => x.severity === 'error');
  if (yamlError) return `${yamlError.code} ${yamlError.message}`;
  for (const p of parseDiscoveredConfigs([d])) {
    const err = p.diagnostics.find((x) => x.severity === 'error');
    if (err) return `${p.config.name}: ${err.code} ${err.message}`;
  }
  return undefined;
}
