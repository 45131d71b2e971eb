import type { Edit } from '../source/edit.js';
import type { Discovery } from '../discover/discovery-types.js';
import { helmVolumes } from '../transforms/helm-volumes.js';
import { operatorTail } from '../transforms/operator-tail.js';
import { podVolumes } from '../transforms/pod-volumes.js';
import type { ResolvedOptions, RuleFinding, VersionInfo } from '../transforms/transform.js';
import { migrateYamlConfig } from '../transforms/yaml-config.js';

export interface YamlLevelOutput {
  readonly edits: readonly Edit[];
  readonly findings: readonly RuleFinding[];
}

/**
 * YAML-level transforms for one file: pod volumes, Helm chart volumes,
 * YAML-format configs (edited through their offset map) and Fluent
 * Operator tail inputs. Nothing runs on a file with error diagnostics.
 */
export function runYamlTransforms(discovery: Discovery, options: ResolvedOptions, version: VersionInfo): YamlLevelOutput {
  void version;
  const edits: Edit[] = [];
  const findings: RuleFinding[] = [];
  if (discovery.diagnostics.some((d) => d.severity === 'error')) return { edits, findings };
  for (const pod of discovery.podTemplates) {
    const out = podVolumes(discovery, pod, options);
    edits.push(...out.edits);
    findings.push(...out.findings);
  }
  if (discovery.helmValues) {
    const out = helmVolumes(discovery, discovery.helmValues, options);
    edits.push(...out.edits);
    findings.push(...out.findings);
  }
  for (const input of discovery.operatorInputs) {
    const out = operatorTail(discovery, input, options);
    edits.push(...out.edits);
    findings.push(...out.findings);
  }
  for (const config of discovery.configs) {
    if (config.format !== 'yaml') continue;
    const out = migrateYamlConfig(config, options);
    if (out.edits.length > 0) edits.push(...config.map.mapEdits(out.edits));
    findings.push(...out.findings.map((f) => ({ ...f, offset: config.map.toOuter(f.offset) })));
  }
  return { edits, findings };
}
