import { isMap, isScalar, type Node } from 'yaml';
import { isKustomizationFileName } from '../discover/kustomization.js';
import { nodeAt } from '../view/target.js';
import { getMap, getSeq, getString } from '../yaml/yaml-nodes.js';
import { defineRule } from './types.js';

/*
 * kustomize `replacements` (api/filters/replacement): each copies a source field's value into the `fieldPaths` of the
 * objects a target `select`s, in the kustomization's build. flb-migrate does not apply them: the objects are judged as
 * written. A replacement whose target field is one flb-migrate's decisions read (a pod's nodeSelector or affinity pin,
 * a container image, a hostPath volume's path, a ConfigMap's data, which holds configs) is said at that field path,
 * so the reader knows the build may differ from what was judged; any other target is not said (nothing read there).
 */

/** Field-path segments (`spec.template.spec.nodeSelector.x`, `[name=fluent-bit]` selectors kept as written) whose value flb-migrate reads. */
function readField(fieldPath: string, kind: string | undefined): string | undefined {
  const segments = fieldPath.split('.');
  if (segments.includes('nodeSelector')) return 'a node pin';
  if (segments.includes('affinity')) return 'a node pin';
  if (segments.includes('hostPath')) return "a hostPath volume's path";
  if (segments.at(-1) === 'image') return 'a container image';
  if (kind === 'ConfigMap' && (segments[0] === 'data' || segments[0] === 'binaryData')) return "a ConfigMap's data";
  return undefined;
}

export const kustomizeReplacements = defineRule({
  meta: {
    id: 'kustomize-replacements',
    kind: 'report',
    severities: ['info'],
    docs: {
      summary: "info: a kustomize `replacements` entry sets a field flb-migrate reads (a node pin, an image, a hostPath, a ConfigMap's data); flb-migrate judges the object as written, without it",
      details: [
        "kustomize's `replacements` copy a source field's value into the target objects' `fieldPaths` during `kustomize build`. flb-migrate does not apply them: it judges each object as written. When a target field is one its decisions read (a pod's `nodeSelector` or `affinity` pin, which decides whether a workload runs on Docker nodes; a container's `image`, which decides the Fluent Bit version; a hostPath volume's path; a ConfigMap's `data`, which holds the Fluent Bit config), the built object may be judged differently: the entry is said at that field path.",
        'Check the built value (`kustomize build` of the directory) against the migration, or write the value in the object (the example): flb-migrate then reads it. A replacement of any other field is not said.',
      ].join('\n'),
      example: {
        before: [
          'resources:',
          '  - daemonset.yaml',
          'replacements:',
          '  - source:',
          '      kind: ConfigMap',
          '      name: pins',
          '      fieldPath: data.runtime',
          '    targets:',
          '      - select:',
          '          kind: DaemonSet',
          '        fieldPaths:',
          '          - spec.template.spec.nodeSelector.container-runtime',
          '',
        ].join('\n'),
        after: ['resources:', '  - daemonset.yaml', ''].join('\n'),
      },
    },
    messages: {
      sets: "kustomize replacement from {{source}} sets {{fieldPath}} ({{what}}) of {{target}} in this build; flb-migrate does not apply replacements and judged it as written: check the built value (`kustomize build`) against this migration, or write the value in the object",
    },
  },
  create(context) {
    return {
      kustomization(k, file) {
        if (!isKustomizationFileName(file.path)) return;
        for (const r of getSeq(k.node, 'replacements')?.items ?? []) {
          if (!isMap(r)) continue;
          const source = getMap(r, 'source');
          const sourceName = [getString(source, 'kind'), getString(source, 'name')].filter((s) => s !== undefined).join(' ');
          const from = `${sourceName || 'its source'}${getString(source, 'fieldPath') ? ` ${getString(source, 'fieldPath')}` : ''}`;
          for (const t of getSeq(r, 'targets')?.items ?? []) {
            if (!isMap(t)) continue;
            const select = getMap(t, 'select');
            const kind = getString(select, 'kind');
            const name = getString(select, 'name');
            const target = kind === undefined ? 'the objects it selects' : `${kind}${name === undefined ? ' objects' : ` ${name}`}`;
            for (const p of getSeq(t, 'fieldPaths')?.items ?? []) {
              if (!isScalar(p) || typeof p.value !== 'string') continue;
              const what = readField(p.value, kind);
              if (what === undefined) continue;
              context.report({ severity: 'info', messageId: 'sets', data: { source: from, what, fieldPath: p.value, target }, at: nodeAt(file, p as Node) });
            }
          }
        }
      },
    };
  },
});
