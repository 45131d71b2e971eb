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
  const parsersFiles: ConfigView[] = [];
  for (const c of configs) {
    const onlyParsers = c.sections.length > 0 && c.sections.every((s) => s.kind === 'parser' || s.kind === 'multiline_parser');
    if ((onlyParsers || c.source?.helmRole === 'customParsers') && c.appendClassicBlock) parsersFiles.push(c);
  }
  return Object.assign({ variables, conflictingVariables, parsersFiles, configs }, valueFacts(configs, variables, options));
}

/** The facts of a setup that read property values: each read through `variables` (`valueOf`), so a run that reads them otherwise (the containers' env, a Fluent Bit without `:-`) recomputes them (`withValueFacts`). */
type ValueFacts = Pick<SetupFacts, 'definedParsers' | 'usesStockCriParser' | 'loadsStockParsers'>;

function valueFacts(configs: readonly ConfigView[], variables: ReadonlyMap<string, string>, options: RuleOptions): ValueFacts {
  const definedParsers = new Set<string>();
  for (const c of configs) {
    for (const p of c.sectionsOf('parser')) {
      const name = p.get('name');
      if (name) definedParsers.add(valueOf(name, variables));
    }
  }
  const names = new Set(configs.map((c) => c.name));
  const loadedParsersFiles = configs.flatMap((c) => c.sectionsOf('service').flatMap((s) => s.getAll('parsers_file').map((p) => valueOf(p, variables))));
  const loadsStockParsers = configs.some((c) => c.source?.origin === 'helm-value')
    || loadedParsersFiles.some((f) => f.replace(/^.*\//, '') === 'parsers.conf' && !names.has('parsers.conf'));
  const usesStockCriParser = configs.some((c) => c.sections.some((s) =>
    isTailInput(s, variables) && s.getAll('parser').some((p) => valueOf(p, variables) === 'cri') && readsContainerLogs(tailTarget(s, variables, options.podLogsDir))));
  return { definedParsers, usesStockCriParser, loadsStockParsers };
}

/** Value facts recomputed per setup and reading (`key`: what makes `variables` differ from the setup's own), once each. */
const recomputed = new WeakMap<SetupFacts, Map<string, ValueFacts>>();

/**
 * `setup` with `variables` (the setup's own read through the containers' env, or by a Fluent Bit without `:-`) and the
 * facts that read values recomputed through them, so a fact such as `usesStockCriParser` reads `Parser ${P:-cri}` as
 * the run's rules do. `key` names the reading (the same key, the same variables): computed once per setup and key.
 */
export function withValueFacts(setup: SetupFacts, variables: ReadonlyMap<string, string>, key: string, options: RuleOptions): SetupFacts {
  let byKey = recomputed.get(setup);
  if (byKey === undefined) recomputed.set(setup, (byKey = new Map()));
  let facts = byKey.get(key);
  if (facts === undefined) byKey.set(key, (facts = valueFacts(setup.configs, variables, options)));
  return Object.assign({}, setup, { variables }, facts);
}
