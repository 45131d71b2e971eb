import type { Discovery, EmbeddedConfig } from '../discover/discovery-types.js';
import type { ConfigRole } from '../grammar/validate.js';
import { loadConfig, type ConfigModel } from '../model/config-model.js';
import type { Diagnostic } from '../source/diagnostic.js';
import { isTail, readsContainerLogs, tailTarget } from '../transforms/tail-inputs.js';
import type { SetupFacts } from '../transforms/transform.js';
import { setupKeyOf } from './setups.js';

/** One classic config of the batch, parsed and modelled, with the setup it belongs to. */
export interface ClassicUnit {
  readonly discovery: Discovery;
  readonly config: EmbeddedConfig;
  readonly model: ConfigModel;
  /** Parse diagnostics, offsets in the config text. */
  readonly diagnostics: readonly Diagnostic[];
  readonly setupKey: string;
}

export function loadUnits(discoveries: readonly Discovery[]): ClassicUnit[] {
  const units: ClassicUnit[] = [];
  for (const discovery of discoveries) {
    for (const config of discovery.configs) {
      if (config.format !== 'classic') continue;
      const { model, diagnostics } = loadConfig(config.text, { role: roleOf(config) });
      units.push({ discovery, config, model, diagnostics: softenTemplates(config, diagnostics), setupKey: setupKeyOf(config) });
    }
  }
  return units;
}

/**
 * The main file is the one the image runs with `-c`: the ConfigMap key or
 * file `fluent-bit.conf`, and the Helm chart's service/inputs/filters/outputs
 * pieces (concatenated into it). [PARSER] sections there are fatal.
 */
function roleOf(config: EmbeddedConfig): ConfigRole {
  if (config.origin === 'helm-value') {
    return config.helmRole === 'service' || config.helmRole === 'inputs' || config.helmRole === 'filters' || config.helmRole === 'outputs' ? 'main' : 'unknown';
  }
  return config.name === 'fluent-bit.conf' ? 'main' : 'unknown';
}

/**
 * Helm values strings may hold template lines (`{{- if ... }}`) that Helm
 * removes before Fluent Bit sees the text: problems on such lines are
 * reported as info, not errors, and those lines are never edited.
 */
function softenTemplates(config: EmbeddedConfig, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (config.origin !== 'helm-value' || !config.text.includes('{{')) return [...diagnostics];
  return diagnostics.map((d) => {
    const lineStart = config.text.lastIndexOf('\n', d.start - 1) + 1;
    const lineEnd = config.text.indexOf('\n', d.start);
    const line = config.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    return line.includes('{{') && d.severity === 'error' ? { ...d, severity: 'info', message: `${d.message} (Helm template line, checked after rendering only)` } : d;
  });
}

/** Facts shared by the configs of one setup. */
export function setupFacts(units: readonly ClassicUnit[], podLogsDir: string): SetupFacts {
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
