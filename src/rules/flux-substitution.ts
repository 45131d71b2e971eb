import { fluxReferences, substitutingBuild, SUBSTITUTE_ANNOTATION, type FluxPostBuild, type FluxReference } from '../deploy/flux-postbuild.js';
import type { PodTemplate } from '../discover/discovery-types.js';
import type { EditTarget } from '../view/types.js';
import { formatVersion } from '../deploy/image-version.js';
import { nodeAt } from '../view/target.js';
import type { ConfigView } from '../view/types.js';
import { defineRule } from './types.js';

/** A docs example: a Flux Kustomization with `postBuild` building its own file, and a ConfigMap whose config is `config`. */
export const fluxExample = (postBuild: string, config: readonly string[]): string[] => [
  'apiVersion: kustomize.toolkit.fluxcd.io/v1',
  'kind: Kustomization',
  `spec: {path: ./, postBuild: ${postBuild}}`,
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: fluent-bit}',
  'data:',
  '  fluent-bit.conf: |',
  ...config,
];

/** The docs example: the last line differs. */
const EXAMPLE = fluxExample('{}', ['    [FILTER]', '        Name   record_modifier']);

/** The message data of references whose variables `others` give other values than `build` (the first such reference, where to say it), else nothing. */
function reportDiffering(refs: readonly FluxReference[], build: FluxPostBuild, others: readonly FluxPostBuild[], report: (data: Record<'variables' | 'first' | 'firstPath' | 'others' | 'values', string>, first: FluxReference) => void): void {
  const differ = (b: FluxPostBuild) => [...new Set(refs.map((r) => r.name))].filter((n) => build.values.get(n) !== b.values.get(n));
  const differing = others.filter((b) => differ(b).length > 0);
  const names = [...new Set(differing.flatMap(differ))];
  const first = refs.find((r) => names.includes(r.name));
  if (!first || differing.length === 0) return;
  const shown = (b: FluxPostBuild, n: string): string => b.values.get(n) ?? '(unset)';
  report({
    variables: names.map((n) => `\${${n}}`).join(', '),
    first: build.name ?? '(unnamed)',
    firstPath: build.path,
    others: differing.map((b) => `${b.name ?? '(unnamed)'} (${b.path})`).join(', '),
    values: names.map((n) => `${n}=${[build, ...differing].map((b) => shown(b, n)).join(' vs ')}`).join(', '),
  }, first);
}

export const fluxSubstitution = defineRule({
  meta: {
    id: 'flux-substitution',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: '`${VAR}` meant for Fluent Bit in a config that a Flux Kustomization with `postBuild` substitutes first: Fluent Bit gets an empty string (or the Flux value) instead',
      details: [
        'A Flux Kustomization (`kustomize.toolkit.fluxcd.io`) with `spec.postBuild` runs envsubst over every object it builds from `spec.path` before applying it: `${VAR}` takes its `substitute` or `substituteFrom` value, a `${VAR:=default}` its default, and a variable with neither becomes the empty string. A Fluent Bit config in such a ConfigMap that reads the container environment (`${HOSTNAME}`, `${NODE_NAME}`) never sees the variable: Fluent Bit gets the text Flux left.',
        'Reported once per config, at its first such variable (variables the Kustomization defines, and `${VAR:=default}` forms, are Flux\'s on purpose and not reported). The fix: write `$${VAR}` (Flux turns it into `${VAR}`), or annotate the ConfigMap `kustomize.toolkit.fluxcd.io/substitute: disabled`. flb-migrate reads `$${VAR}` in such a config as the `${VAR}` Fluent Bit gets; without postBuild it stays literal text.',
        'The built directory is `spec.path` under the repository root, taken as the nearest ancestor of the Kustomization\'s file under which that path holds files of the run.',
        'Two Kustomizations building one path (prod and staging) with different values for a variable the config uses: flb-migrate reads the config with the first one\'s values (batch order), and says so once per config, at the first such variable, naming both and the values.',
        'The same for a pod\'s hostPath volumes and volume mounts (`path: ${LOG_DIR}`, `mountPath: ${DIR}`, `subPath`): they are read with the first build\'s values, said once per pod at the first such variable, naming both builds and the values.',
        'A Flux HelmRelease (or a valuesFrom ConfigMap) the build holds is substituted too, before helm-controller reads its values: its config strings, image tag and volumes are read with the build\'s values, and a `${VAR}` of a config string meant for Fluent Bit is reported as for a ConfigMap.',
        'An image reference a build leaves invalid (`fluent-bit:${FLB_VERSION}` with FLB_VERSION set nowhere: `fluent-bit:`) is warned at the image line, naming the build: its pods never start; the other builds decide the version.',
        'Two Kustomizations whose values give the workload\'s image different Fluent Bit versions (`image: fluent/fluent-bit:${FLB_VERSION}`, or a kustomize `images:` `newTag: ${FLB_VERSION}`): the lowest version decides what the config it runs gets, so every build can start, and flb-migrate says so once at the container\'s image line, naming each Kustomization and its image.',
      ].join('\n'),
      example: {
        before: [...EXAMPLE, '        Record host ${HOSTNAME}', ''].join('\n'),
        after: [...EXAMPLE, '        Record host $${HOSTNAME}', ''].join('\n'),
      },
    },
    messages: {
      builds: '{{variables}}: Kustomizations {{first}} ({{firstPath}}) and {{others}} both substitute this config, with different values ({{values}}); flb-migrate reads it with {{first}}\'s values only, so what it changes or judges here holds for that build: check it for the other',
      volumeBuilds: '{{variables}}: Kustomizations {{first}} ({{firstPath}}) and {{others}} both build this pod, with different values ({{values}}); flb-migrate reads its volumes and mounts with {{first}}\'s values only, so what it changes or judges here holds for that build: check it for the other',
      imageBlank: '{{builds}}: Flux writes an empty string for a variable its postBuild does not set, and Kubernetes refuses that image reference (InvalidImageName), so the pods of that build never start; set the variable in its postBuild (or substituteFrom), or give it a default here ({{example}})',
      imageBuilds: 'the Flux Kustomizations that build this workload give its image different Fluent Bit versions ({{builds}}): the config it runs gets the edits of the lowest, Fluent Bit {{version}}, so every build can start; raise the old ones\' postBuild values to get the newer edits',
      substituted: '{{variables}}: Flux postBuild of Kustomization {{kustomization}} ({{path}}) substitutes {{them}} before Fluent Bit reads this config, so Fluent Bit gets {{result}}; write {{escaped}} to pass {{them}} to Fluent Bit, or annotate the {{object}} {{annotation}}: disabled',
    },
  },
  create(context) {
    /** Two Kustomizations building this config's path with different values for its variables: said once, naming both (the first decides). */
    const reportOtherBuilds = (config: ConfigView, path: string, build: FluxPostBuild): void => {
      const others = context.deployment.postBuildsOf(path).filter((b) => b.path !== build.path || b.name !== build.name);
      if (others.length === 0) return;
      reportDiffering(fluxReferences(config.target.text), build, others, (data, first) => context.report({ severity: 'warning', messageId: 'builds', data, at: { target: config.target, start: first.start, end: first.end } }));
    };
    /** Two Kustomizations building this pod with different values for a variable of its hostPath volumes or mounts (read with the first: withFluxVolumes). */
    const reportVolumeBuilds = (pod: PodTemplate, file: EditTarget): void => {
      const build = context.deployment.postBuildOf(file.path, pod.docIndex);
      if (!build || !file.text.includes('${')) return;
      const others = context.deployment.postBuildsOf(file.path).filter((b) => b.path !== build.path || b.name !== build.name);
      if (others.length === 0) return;
      const items = [...pod.volumes.filter((v) => v.source.kind === 'hostPath').map((v) => v.item), ...pod.containers.flatMap((c) => c.volumeMounts.map((m) => m.item))];
      const refs = items.flatMap((item) => (item.range ? fluxReferences(file.text.slice(item.range[0], item.range[1])).map((r) => ({ ...r, start: r.start + item.range![0], end: r.end + item.range![0] })) : []));
      refs.sort((a, b) => a.start - b.start);
      reportDiffering(refs, build, others, (data, first) => context.report({ severity: 'warning', messageId: 'volumeBuilds', data, at: { target: file, start: first.start, end: first.end } }));
    };
    return {
      // A workload whose image two Flux builds give different versions (build-deployment lowestBuild): say which decides.
      podTemplate(pod, file) {
        reportVolumeBuilds(pod, file);
        for (const info of pod.containers) {
          const c = context.deployment.containers.find((x) => x.info === info);
          const blank = c?.image?.fluxBlank;
          if (c && blank && info.imageNode && (c.runsFluentBit || c.image?.isFluentBit === true)) {
            const builds = blank.map((b) => `Kustomization ${b.kustomization} (${b.path}) leaves ${b.variables.join(', ')} unset, so its image is \`${b.image}\``).join('; ');
            const example = `\`\${${blank[0]?.variables[0] ?? 'VAR'}:=<version>}\``;
            context.report({ severity: 'warning', messageId: 'imageBlank', data: { builds, example }, at: nodeAt(file, info.imageNode) });
          }
          const builds = c?.image?.fluxBuilds;
          if (!c?.runsFluentBit || !builds || c.version.origin === 'flag' || !c.version.version || !info.imageNode) continue;
          const data = { builds: builds.map((b) => `${b.kustomization} (${b.path}) runs ${b.ref.image}`).join(', '), version: formatVersion(c.version.version) };
          context.report({ severity: 'warning', messageId: 'imageBuilds', data, at: nodeAt(file, info.imageNode) });
        }
      },
      config(config) {
        const source = config.source;
        if (!source || !config.target.text.includes('${')) return;
        const build = substitutingBuild(source, context.deployment);
        if (!build) return;
        reportOtherBuilds(config, source.path, build);
        const refs = fluxReferences(config.target.text).filter((r) => r.fallback === undefined && !build.values.has(r.name));
        const first = refs[0];
        if (!first) return;
        const names = [...new Set(refs.map((r) => r.name))];
        const unless = build.unknownSources.length > 0 ? ` unless ${build.unknownSources.join(' or ')} defines ${names.length > 1 ? 'them' : 'it'}` : '';
        context.report({
          severity: 'warning',
          messageId: 'substituted',
          data: {
            variables: names.map((n) => `\${${n}}`).join(', '),
            kustomization: build.name ?? '(unnamed)',
            path: build.path,
            them: names.length > 1 ? 'them' : 'it',
            result: `${names.length > 1 ? 'empty strings' : 'an empty string'}${unless}`,
            escaped: names.map((n) => `$\${${n}}`).join(', '),
            annotation: SUBSTITUTE_ANNOTATION,
            // Chart values Flux substitutes sit in a HelmRelease (or a valuesFrom ConfigMap): annotate the object holding them.
            object: source.origin === 'helm-value' ? 'object holding these values' : 'ConfigMap',
          },
          at: { target: config.target, start: first.start, end: first.end },
        });
      },
    };
  },
});
