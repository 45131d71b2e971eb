import { discoverFile } from '../discover/discover-file.js';
import type { Discovery, EmbeddedConfig } from '../discover/discovery-types.js';
import { buildDeployment, type DeploymentOptions } from '../deploy/build-deployment.js';
import type { ConfigKey, Deployment } from '../deploy/types.js';
import type { ConfigTree } from '../grammar/syntax-tree.js';
import { parseDiscoveredConfigs, type ParsedConfig } from '../model/parse-configs.js';
import type { SourceFile } from '../source/source-file.js';
import { classicView } from '../view/classic.js';
import { operatorView } from '../view/operator.js';
import { fileTarget } from '../view/target.js';
import type { ConfigView } from '../view/types.js';
import { yamlFormatView } from '../view/yaml-format.js';

/** A Fluent Bit config of the batch as rules see it. */
export interface BatchConfig {
  readonly view: ConfigView;
  /** How the deployment model knows it (undefined never happens today; kept for views without a source). */
  readonly key: ConfigKey | undefined;
  readonly discovery: Discovery;
  /** The classic parse, for classic configs. */
  readonly parsed: ParsedConfig | undefined;
  /** Parse errors (classic) or an unreadable file: the config still counts for its setup's facts, no rule reads it. */
  readonly blocked: boolean;
}

/** Everything read from a batch, before any rule runs: discoveries, parsed configs, the deployment model, views. */
export interface BatchState {
  readonly files: readonly SourceFile[];
  readonly discoveries: readonly Discovery[];
  readonly parsed: readonly ParsedConfig[];
  readonly deployment: Deployment;
  readonly configs: readonly BatchConfig[];
  /** The view of a discovered config (classic or YAML format). */
  viewOf(config: EmbeddedConfig): ConfigView | undefined;
  /** Classic trees by view target id (for the edit engine's uneditable-line check). */
  readonly trees: ReadonlyMap<string, ConfigTree>;
}

/**
 * Reads a batch: discovers every file, parses its classic configs, builds
 * the deployment model once, and makes a view of every config (classic,
 * YAML format, Fluent Operator input). Pure; never throws for bad input.
 */
export function readBatch(files: readonly SourceFile[], options: DeploymentOptions, previous?: BatchState): BatchState {
  // A file whose text did not change is not read again (the invariants re-read a migrated batch).
  const reused = new Map<string, Discovery>();
  previous?.files.forEach((f, i) => {
    const d = previous.discoveries[i];
    if (d) reused.set(`${f.path}\u0000${f.text}`, d);
  });
  const discoveries = files.map((file) => reused.get(`${file.path}\u0000${file.text}`) ?? discoverFile(file));
  const old = new Set(discoveries.filter((d) => previous?.discoveries.includes(d)));
  const parsed = [
    ...(previous?.parsed.filter((p) => old.has(p.discovery)) ?? []),
    ...parseDiscoveredConfigs(discoveries.filter((d) => !old.has(d))),
  ].sort((a, b) => discoveries.indexOf(a.discovery) - discoveries.indexOf(b.discovery));
  const deployment = buildDeployment(discoveries, parsed, options);
  const configs: BatchConfig[] = [];
  const trees = new Map<string, ConfigTree>();
  const byConfig = new Map<string, ConfigView>();
  const unreadable = new Set(discoveries.filter((d) => d.diagnostics.some((x) => x.severity === 'error')));
  for (const p of parsed) {
    const view = classicView(p.config, p.model);
    trees.set(view.target.id, p.model.tree);
    byConfig.set(p.config.id, view);
    configs.push({ view, key: p.config, discovery: p.discovery, parsed: p, blocked: p.hasErrors || unreadable.has(p.discovery) });
  }
  for (const d of discoveries) {
    if (unreadable.has(d)) continue;
    const target = fileTarget(d.path, d.text);
    for (const c of d.configs) {
      if (c.format !== 'yaml') continue;
      const view = yamlFormatView(c);
      byConfig.set(c.id, view);
      configs.push({ view, key: c, discovery: d, parsed: undefined, blocked: false });
    }
    for (const input of d.operatorInputs) configs.push({ view: operatorView(input, target), key: input, discovery: d, parsed: undefined, blocked: false });
  }
  return { files, discoveries, parsed, deployment, configs, viewOf: (c) => byConfig.get(c.id), trees };
}
