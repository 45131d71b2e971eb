import { parseConfig } from '../grammar/parse.js';
import type { ConfigTree } from '../grammar/syntax-tree.js';
import type { ConfigRole } from '../grammar/validate.js';
import type { Discovery, EmbeddedConfig } from '../discover/discovery-types.js';
import type { Diagnostic } from '../source/diagnostic.js';
import { buildModel, type ConfigModel } from './config-model.js';

/** One classic config of the batch, parsed and modelled. */
export interface ParsedConfig {
  readonly discovery: Discovery;
  readonly config: EmbeddedConfig;
  /** The parse (compact: its lines are built when first read). */
  readonly tree: ConfigTree;
  /** The model, built when first read (the output check's re-read of a config no container reads never needs one). */
  readonly model: ConfigModel;
  /** Parse diagnostics, offsets in the config text. */
  readonly diagnostics: readonly Diagnostic[];
  /** True when a diagnostic is an error: no rule reads the config and its file is not written. */
  readonly hasErrors: boolean;
  /**
   * Forgets the model and the tree (memory, issue #14: a big config's model
   * is ~15x its text, its tree's line records ~1.4x); both are made again
   * when read (the text parsed again, the same tree). For a reading nothing
   * will edit from any more: objects taken from the old model or tree stay
   * valid but are not the new ones.
   */
  releaseModel(): void;
}

class ParsedClassicConfig implements ParsedConfig {
  readonly hasErrors: boolean;
  #tree: ConfigTree | undefined;
  #model: ConfigModel | undefined;
  readonly #role: ConfigRole;

  constructor(
    readonly discovery: Discovery,
    readonly config: EmbeddedConfig,
    tree: ConfigTree,
    role: ConfigRole,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    this.hasErrors = diagnostics.some((d) => d.severity === 'error');
    this.#tree = tree;
    this.#role = role;
  }

  /** The parse; parsed again (the same tree) when read after releaseModel(). */
  get tree(): ConfigTree {
    return (this.#tree ??= parseConfig(this.config.text, { role: this.#role }).tree);
  }

  get model(): ConfigModel {
    return (this.#model ??= buildModel(this.tree));
  }

  releaseModel(): void {
    this.#model = undefined;
    this.#tree = undefined;
  }
}

/**
 * Parses every classic config the discoveries hold, in batch order, with
 * the role Fluent Bit gives the file (the main file rejects [PARSER]).
 * Template lines of Helm values strings are checked after rendering only.
 */
export function parseDiscoveredConfigs(discoveries: readonly Discovery[]): ParsedConfig[] {
  const out: ParsedConfig[] = [];
  for (const discovery of discoveries) {
    for (const config of discovery.configs) {
      if (config.format !== 'classic') continue;
      const role = roleOf(config);
      const parsed = parseConfig(config.text, { role });
      out.push(new ParsedClassicConfig(discovery, config, parsed.tree, role, softenTemplateLines(config, parsed.diagnostics)));
    }
  }
  return out;
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
function softenTemplateLines(config: EmbeddedConfig, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (config.origin !== 'helm-value' || !config.text.includes('{{')) return [...diagnostics];
  return diagnostics.map((d) => {
    const lineStart = config.text.lastIndexOf('\n', d.start - 1) + 1;
    const lineEnd = config.text.indexOf('\n', d.start);
    const line = config.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    return line.includes('{{') && d.severity === 'error' ? { ...d, severity: 'info', message: `${d.message} (Helm template line, checked after rendering only)` } : d;
  });
}
