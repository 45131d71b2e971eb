import { isMap, isScalar, type Node } from 'yaml';
import { isKustomizationFileName } from '../discover/kustomization.js';
import { nodeAt } from '../view/target.js';
import { getMap, getScalar, getSeq, getString } from '../yaml/yaml-nodes.js';
import { readField } from '../deploy/kustomize-replacements.js';
import { defineRule } from './types.js';

/*
 * kustomize `replacements` (api/filters/replacement): each copies a source field's value into the `fieldPaths` of the
 * objects a target `select`s, in the kustomization's build. flb-migrate replays those that set a pin or a container
 * image from a literal (deploy/kustomize-replacements.ts); one it cannot replay whose target field is one its decisions
 * read (a pod's nodeSelector or affinity pin, a container image, a hostPath volume's path, a ConfigMap's data, which
 * holds configs) is said at that field path with why, so the reader knows the build may differ from what was judged;
 * any other target is not said (nothing read there). `vars` written in an image or a pin are said at the var.
 */

export const kustomizeReplacements = defineRule({
  meta: {
    id: 'kustomize-replacements',
    kind: 'report',
    severities: ['info'],
    docs: {
      summary: "info: a kustomize `replacements` entry sets a field flb-migrate reads (a node pin, an image, a hostPath, a ConfigMap's data) in a way it cannot replay, or a `vars` entry is written in an image or a pin, where kustomize does not substitute it; the object is judged as written",
      details: [
        "kustomize's `replacements` copy a source field's value into the target objects' `fieldPaths` during `kustomize build`, after the kustomization's patches and `images:`. flb-migrate replays those that set a pod's node pin (`nodeSelector.<key>`, a field below `affinity`) or a container's `image` (`containers.[name=x].image`, `containers.0.image`) from a literal: a `sourceValue`, or a scalar field of the one object of that kustomization's build the source selects (`options.delimiter/index` on the source and the target as kustomize applies them); each build is then judged with the replaced value. A replacement it cannot replay (no such source, `options.create`, `reject`, `annotationSelector`, another field path form) whose target field is one its decisions read (a pin, which decides whether a workload runs on Docker nodes; an image, which decides the Fluent Bit version; a hostPath volume's path; a ConfigMap's `data`, which holds the Fluent Bit config) is said at that field path; a `replacements: [{path: r.yaml}]` entry is said at the entry when some such target of the file is not replayed.",
        "The deprecated `vars` are said too, at the var, when a workload of the build writes its `$(NAME)` in a container's image or a node pin: kustomize substitutes vars only in its varReference fields (containers' `command`, `args`, `env` values and `volumeMounts` paths, labels, annotations; kubernetes-sigs/kustomize api/konfig/builtinpluginconsts/varreference.go), so the built object keeps `$(NAME)` there, unless a `configurations:` file adds the field (not read: said as such).",
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
      sets: "kustomize replacement from {{source}} sets {{fieldPath}} ({{what}}) of {{target}} in this build; flb-migrate cannot replay it ({{why}}) and judged the object as written: check the built value (`kustomize build`) against this migration, or write the value in the object",
      varNotSubstituted: "kustomize var {{name}} is written as $({{name}}) in {{where}}, a field kustomize does not substitute vars in (its varReference fields are containers' command, args, env values and volume mount paths, labels and annotations): the build keeps $({{name}}) as written, and flb-migrate judged it so; set the value with `images:` or `replacements` (vars are deprecated)",
      varConfigured: "kustomize var {{name}} is written as $({{name}}) in {{where}}; a `configurations:` file of a build of it may add that field to kustomize's varReference fields, which flb-migrate does not read: it judged the field as written; check the built value (`kustomize build`), or set it with `images:` or `replacements` (vars are deprecated)",
      file: "kustomize replacements file {{file}}: flb-migrate cannot replay all of its node pin, image, hostPath or ConfigMap targets (an entry's source is not one literal field of an object in this build, or it uses `create`, `reject`, a label or annotation selector or a field path form flb-migrate does not follow, or an object it selects lacks the field) and judged those objects as written: check the built values (`kustomize build`) against this migration",
    },
  },
  create(context) {
    return {
      kustomization(k, file) {
        if (!isKustomizationFileName(file.path)) return;
        for (const v of getSeq(k.node, 'vars')?.items ?? []) {
          const use = context.deployment.kustomizeVarUse(v);
          if (use !== undefined) context.report({ severity: 'info', messageId: use.configured ? 'varConfigured' : 'varNotSubstituted', data: { name: use.name, where: use.where }, at: nodeAt(file, v as Node) });
        }
        for (const r of getSeq(k.node, 'replacements')?.items ?? []) {
          const file_ = getScalar(r, 'path');
          if (file_ !== undefined && typeof file_.value === 'string') {
            // A replacements file: said at its entry unless every pin and image target of it is replayed.
            if (context.deployment.replacementState(r)?.replayed === false) context.report({ severity: 'info', messageId: 'file', data: { file: file_.value }, at: nodeAt(file, file_ as Node) });
            continue;
          }
          if (!isMap(r)) continue;
          const source = getMap(r, 'source');
          const sourceName = [getString(source, 'kind'), getString(source, 'name')].filter((s) => s !== undefined).join(' ');
          const literal = getScalar(r, 'sourceValue');
          const from = literal !== undefined && source === undefined ? (/[\n\r]/.test(String(literal.value)) || String(literal.value).length > 60 ? 'its sourceValue' : `sourceValue ${String(literal.value)}`) : `${sourceName || 'its source'}${getString(source, 'fieldPath') ? ` ${getString(source, 'fieldPath')}` : ''}`;
          for (const t of getSeq(r, 'targets')?.items ?? []) {
            if (!isMap(t)) continue;
            const select = getMap(t, 'select');
            const kind = getString(select, 'kind');
            const name = getString(select, 'name');
            const target = kind === undefined ? 'the objects it selects' : `${kind}${name === undefined ? ' objects' : ` ${name}`}`;
            for (const p of getSeq(t, 'fieldPaths')?.items ?? []) {
              if (!isScalar(p) || typeof p.value !== 'string') continue;
              const what = readField(p.value, kind);
              const state = context.deployment.replacementState(p);
              if (what === undefined || state?.replayed === true) continue;
              const why = (state?.replayed === false ? state.why : undefined) ?? 'flb-migrate does not replay it';
              context.report({ severity: 'info', messageId: 'sets', data: { source: from, what, fieldPath: p.value, target, why }, at: nodeAt(file, p as Node) });
            }
          }
        }
      },
    };
  },
});
