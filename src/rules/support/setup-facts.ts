import type { ConfigView } from '../../view/types.js';
import type { RuleOptions, SetupFacts } from '../types.js';
import { setupVariables } from './setup-variables.js';
import { isTailInput, readsContainerLogs, tailTarget, valueOf } from './tail-target.js';

/** Facts of a setup with no configs (file-level visits). */
export const NO_SETUP: SetupFacts = { variables: new Map(), conflictingVariables: new Map(), definedParsers: new Set(), usesStockCriParser: false, loadsStockParsers: false, parsersFiles: [], configs: [] };

/**
 * The facts shared by the configs Fluent Bit loads together (one setup),
 * from the view of each, in batch order. Configs with errors count too:
 * what they define is still what Fluent Bit would load.
 */
export function computeSetupFacts(configs: readonly ConfigView[], options: RuleOptions): SetupFacts {
  const { values: variables, conflicting: conflictingVariables } = setupVariables(configs);
  const definedParsers = new Set<string>();
  const parsersFiles: ConfigView[] = [];
  for (const c of configs) {
    for (const p of c.sectionsOf('parser')) {
      const name = p.get('name');
      if (name) definedParsers.add(valueOf(name, variables));
    }
    const onlyParsers = c.sections.length > 0 && c.sections.every((s) => s.kind === 'parser' || s.kind === 'multiline_parser');
    if ((onlyParsers || c.source?.helmRole === 'customParsers') && c.appendClassicBlock) parsersFiles.push(c);
  }
  const names = new Set(configs.map((c) => c.name));
  const loadedParsersFiles = configs.flatMap((c) => c.sectionsOf('service').flatMap((s) => s.getAll('parsers_file').map((p) => valueOf(p, variables))));
  const loadsStockParsers = configs.some((c) => c.source?.origin === 'helm-value')
    || loadedParsersFiles.some((f) => f.replace(/^.*\//, '') === 'parsers.conf' && !names.has('parsers.conf'));
  const usesStockCriParser = configs.some((c) => c.sections.some((s) =>
    isTailInput(s, variables) && s.getAll('parser').some((p) => valueOf(p, variables) === 'cri') && readsContainerLogs(tailTarget(s, variables, options.podLogsDir))));
  return { variables, conflictingVariables, definedParsers, usesStockCriParser, loadsStockParsers, parsersFiles, configs };
}
