import { multilineSupport } from './support/multiline-support.js';
import { configLoads, keepsOwnCriParser, type ParserLoad } from './support/parser-load.js';
import { containerParserSettings, isChangeStep, planTailParser } from './support/tail-parser-plan.js';
import { formatVersion, templateDefaultImage } from '../deploy/image-version.js';
import { nodeAt } from '../view/target.js';
import { defineRule } from './types.js';
import type { ReleaseImage } from '../deploy/types.js';
import { getMap, getScalar } from '../yaml/yaml-nodes.js';

/** The example's chart values: a tail input on Docker's parser, the image left to the chart's default. */
const VALUES = [
  'config:',
  '  inputs: |',
  '    [INPUT]',
  '        Name    tail',
  '        Tag     kube.*',
  '        Path    /var/log/containers/*.log',
  '        Parser  docker',
  '',
].join('\n');

/**
 * Deployments of a release and their images, for the notes: `target legacy runs fluent/fluent-bit:1.7.9, ...`; a
 * chart's default image (no tag) that its chart version tells says the version.
 */
function listed(images: readonly ReleaseImage[]): string {
  const version = (i: ReleaseImage): string => (!i.version ? ' (version unknown)' : i.ref.tag === undefined && i.ref.digest === undefined ? ` (its chart's default, Fluent Bit ${formatVersion(i.version)})` : '');
  return images.map((i) => `${i.release} runs ${i.ref.image}${version(i)}`).join(', ');
}

export const fluentBitVersion = defineRule({
  meta: {
    id: 'fluent-bit-version',
    kind: 'report',
    severities: ['info'],
    docs: {
      summary: 'info: which Fluent Bit version decided a version-gated change (assumed >= 1.8 when no workload tells; the lowest when several run the config; an OpenShift Template tag read from its parameter default; an Ansible Jinja tag read from the vars files or its default())',
      details: [
        "`multiline.parser` exists from Fluent Bit 1.8. The version of a config is read from the workloads that run it: the images of the containers that mount it (a container image, chart values, a kustomize `images:` override, a FluentBit resource), never from other workloads of the input. A config several workloads run gets the lowest of their versions, and this note names them. A config no workload of the input runs, or whose workloads' images do not tell (`latest`, a digest, a private image, a chart's default), is taken to run on 1.8 or later, and this note says so once for that config, at its first version-gated change.",
        "A chart release whose values set no image tag runs the chart's appVersion, which the chart version it pins tells (Argo CD `targetRevision` of a `chart:` source, Flux `spec.chart.spec.version` or its OCIRepository's `ref.tag`/`ref.semver` or HelmChart's `spec.version`, helmfile, kustomize, Fleet and Crossplane `version`, a helm command's `--version`): for the fluent/fluent-bit chart, from its repository index's chart versions and appVersions (0.1.0 to 0.37.1; 0.15.15 runs 1.7.9, 0.16.0 runs 1.8.2); a version range (`0.20.*`, `~0.20.0`, `^0.19`, `>=0.15 <0.21`) takes the oldest chart it matches; a chart newer than the table's last is said to run its last appVersion or later, and the version stays unknown; an unknown or templated version, or a range with no lower bound (`*`, `<0.30.0`), tells nothing. A stable/fluent-bit chart's default image is 1.3.7 (its last chart's) or older, below 1.8 whatever the version. An `image.tag` of the values or `--set` wins over all of it.",
        "An image tag written with Ansible's Jinja in a `kubernetes.core.k8s` task's definition (`fluent/fluent-bit:{{ fluent_bit_version | default('1.9.10') }}`) is read from the input's vars files (role `defaults/` and `vars/`, `group_vars/`, `host_vars/`, the highest precedence; a value that is not a literal leaves it unknown), else from its `default()` literal, and this note says which at the image; --fluent-bit-version wins over it.",
        "An image tag written as an OpenShift Template parameter (`fluent/fluent-bit:${TAG}`) is read as the parameter's default `value`, and this note says so at the image: `oc process -p TAG=...` may run another version, so state it with --fluent-bit-version then (it wins over the default).",
        'Teams keep copies of one ConfigMap under the same name (an `old-` file, a debug variant): the workloads that mount that name are linked to one copy (in their own file, else their directory, else the first), and they run whichever copy is applied last. A copy no workload is linked to, in the same directory as the one they were linked to, takes their version, and this note says so, naming the other copy (a same-named ConfigMap of another directory is another project\'s, not a copy).',
        "A kustomize base's generator file that an overlay's `configMapGenerator` with `behavior: merge` (or `replace`) replaces in every build (the overlay's file of that key wins) is run by no build: this note says so and names the overlays; the file takes the version of the workloads that mount that ConfigMap, so it still starts if the overlay stops replacing it.",
        'A kustomize base that several overlays build is several deployments (kustomize builds each overlay on its own), each with its own `images:` and patches, and the config they share must work on every one: the oldest of their versions decides, and when they differ this note names each overlay and its image at the workload\'s image.',
        "A Rancher Fleet bundle's `targetCustomizations` are alternatives, not layers: each target's clusters run the bundle's `helm.values` with that customization's values over them, and clusters no customization matches run `helm.values` alone. Each is a deployment with its own image; the config they share gets the edits of the oldest version, and when they differ this note names each target and its image at the image that decides.",
        'A values file that several releases name (two Argo CD Applications, one per cluster, with `helm.valueFiles` naming it and an `image.tag` parameter each; helmfile releases) runs once per release, with the release\'s own later values and `--set` parameters over it: each is a deployment with its own image, the config in the file gets the edits of the oldest, and when they differ this note names each release and its image at the file\'s first line.',
        "An Argo CD ApplicationSet's template whose image takes generator parameters (`image.tag: '{{fbTag}}'`, a `{{.fbTag}}` parameter) is read with each element of its list generators (also inside a matrix or merge): each element makes an Application, a deployment with its own image; the oldest decides and, when they differ, this note names each element and its image at the image. Parameters of other generators (clusters, git, SCM providers) come from the cluster or a repository and are not read: such an image stays unknown.",
        'A helmfile release whose values file is named through `{{ .Environment.Name }}` (also `| default "..."`) is one deployment per environment of the helmfile (its `environments:` keys, else `default`): each environment\'s file is read over the release\'s other values, the oldest image decides, and when they differ this note names each environment and its image at the image that decides. An environment whose file is not among the inputs is not counted (helmfile fails for it unless `missingFileHandler` skips missing files; ENVIRONMENT_VALUES_FILE_NOT_FOUND says it).',
        'A Flux HelmRelease that several Flux Kustomizations build (one per cluster), some with `patches` that set its `spec.values` image (a strategic merge patch of the HelmRelease, or JSON 6902 `add`/`replace` ops on `/spec/values/image...`), is one deployment per Kustomization: the oldest image decides, and when they differ this note names each Kustomization and its image.',
        'A values file a fluent-bit chart release names with another templated name (helmfile `{{ requiredEnv "ENV" }}`, environments from `bases:`, an ApplicationSet\'s `$values/values/{{name}}.yaml`) is one file per environment or cluster, and such files often set `image.tag`: flb-migrate does not read them, and says so at the name (unless a `--set`/parameter or a later set of the manifest writes the tag), since the version that decided the migration may not be theirs.',
        'Pass the DaemonSet, Helm values or kustomization along with the config, state the version with --fluent-bit-version X.Y, or pin the image tag (the example: chart values that run the chart\'s default image). The YAML format implies a Fluent Bit with multiline.parser, so it never gets this note.',
      ].join('\n'),
      example: {
        before: VALUES,
        // The same values, with the image tag that tells the version.
        after: ['image:', '  tag: 3.1.9', VALUES].join('\n'),
      },
    },
    messages: {
      assumed: 'no workload in the input runs this config: assuming Fluent Bit >= 1.8 (multiline.parser); pass its DaemonSet, Helm values or kustomization along, or state the version with --fluent-bit-version',
      unknownImage: '{{runners}} runs this config, but its image does not tell the Fluent Bit version ({{why}}): assuming >= 1.8 (multiline.parser); state it with --fluent-bit-version',
      lowest: 'this config is run by {{runners}}: the lowest, Fluent Bit {{version}}, decides',
      twin: 'no workload is linked to this ConfigMap: the workloads that mount its name were linked to another ConfigMap of the same kind, name and namespace, in {{other}} ({{runners}}); whichever of the two is applied last is what they run, so this one takes their lowest version, Fluent Bit {{version}}; keep one of them under that name',
      replaced: 'no kustomize build runs this file: {{overlays}} replace{{s}} its key of {{object}} in every build (configMapGenerator behavior: merge or replace); it takes the version of the workloads that mount {{object}}, Fluent Bit {{version}}, so it still starts if it comes back; drop it from the base if it is dead',
      builds: 'kustomize builds this workload in several overlays that run different Fluent Bit versions ({{builds}}): the config they share gets the edits of the oldest, Fluent Bit {{version}}, so every build can start; upgrade the old ones to get the newer edits',
      targets: 'Fleet deploys this release to targets that run different Fluent Bit versions ({{targets}}): the config they share gets the edits of the oldest, Fluent Bit {{version}}, so every target can start; upgrade the old ones to get the newer edits',
      environments: 'helmfile deploys this release to environments that run different Fluent Bit versions ({{targets}}): the config they share gets the edits of the oldest, Fluent Bit {{version}}, so every environment can start; upgrade the old ones to get the newer edits',
      fluxPatches: 'the Flux Kustomizations that build this release (some patch its image) run different Fluent Bit versions ({{targets}}): the config they share gets the edits of the oldest, Fluent Bit {{version}}, so every cluster can start; upgrade the old ones to get the newer edits',
      releaseBuilds: 'the kustomize builds of this release (overlays, Flux Kustomizations; some patch its image or chart version) run different Fluent Bit versions ({{targets}}): the config they share gets the edits of the oldest, Fluent Bit {{version}}, so every build can start; upgrade the old ones to get the newer edits',
      releases: 'several releases deploy this values file, each with its own image ({{releases}}): the config they share gets the edits of the oldest, Fluent Bit {{version}}, so every release can start; upgrade the old ones to get the newer edits',
      elements: 'the ApplicationSet\'s list generator makes Applications that run different Fluent Bit versions ({{elements}}): the config they share gets the edits of the oldest, Fluent Bit {{version}}, so every Application can start; upgrade the old ones to get the newer edits',
      valuesFileUnread: "{{release}} also takes {{file}}, which flb-migrate does not read: {{why}}; if it sets the image (image.tag) for some environments or clusters, they run another Fluent Bit than the one this release's config was migrated for (multiline.parser needs 1.8): check the tags it sets and state the lowest with --fluent-bit-version",
      jinja: "{{image}} is rendered by Ansible ({{values}}): Fluent Bit {{version}} is assumed; if the play sets another value (extra vars, inventory), state it with --fluent-bit-version",
      templateDefault: "{{image}} takes its tag from the Template's parameter default {{defaults}}: Fluent Bit {{version}} is assumed; if `oc process -p {{name}}=...` runs another version, state it with --fluent-bit-version",
    },
  },
  create(context) {
    return {
      // An OpenShift Template's image tag read from a parameter's default (build-deployment templateImage): say so at the tag.
      podTemplate(pod, file) {
        // A workload several kustomize overlays build with different images (build-deployment containerImage): say which decides.
        for (const info of pod.containers) {
          const c = context.deployment.containers.find((x) => x.info === info);
          const builds = c?.image?.builds;
          if (!c?.runsFluentBit || !builds || c.version.origin === 'flag' || !c.version.version || !info.imageNode) continue;
          const data = { builds: builds.map((b) => `${b.kustomization} runs ${b.ref.image}`).join(', '), version: formatVersion(c.version.version) };
          context.report({ severity: 'info', messageId: 'builds', data, at: nodeAt(file, info.imageNode) });
        }
        // An image tag from Ansible's Jinja (build-deployment templateImage): say which value was used.
        for (const info of pod.containers) {
          const c = context.deployment.containers.find((x) => x.info === info);
          if (!c?.runsFluentBit || c.image?.jinja === undefined || c.version.origin === 'flag' || !c.version.version || !info.imageNode) continue;
          context.report({ severity: 'info', messageId: 'jinja', data: { image: info.image?.image ?? '', values: c.image.jinja, version: formatVersion(c.version.version) }, at: nodeAt(file, info.imageNode) });
        }
        if (!pod.templateParameters) return;
        for (const info of pod.containers) {
          const c = context.deployment.containers.find((x) => x.info === info);
          const filled = info.image && templateDefaultImage(info.image, pod.templateParameters);
          if (!c?.runsFluentBit || c.image?.templateDefault !== true || c.version.origin === 'flag' || !c.version.version || !filled || !info.imageNode) continue;
          const defaults = filled.used.map((u) => `${u.name}=${u.value}`).join(', ');
          const data = { image: info.image?.image ?? '', defaults, version: formatVersion(c.version.version), name: filled.used[0]?.name ?? '' };
          context.report({ severity: 'info', messageId: 'templateDefault', data, at: nodeAt(file, info.imageNode) });
        }
      },
      // A fluent-bit chart release whose values files include a templated name (helmfile `{{ .Environment.Name }}`, an
      // ApplicationSet's `{{name}}`): per-environment files that may set the image, never read; said at the name.
      chartRelease(release, file) {
        const kind = release.release.kind;
        if (release.valuesFile || (kind !== 'fluent-bit' && kind !== 'stable-fluent-bit')) return;
        const params = release.release.parameters;
        if (params?.has('image.tag') || params?.has('image')) return;
        for (const u of release.uncheckedValuesFiles ?? []) {
          if (u.why === 'encrypted') continue;
          // A later set of the manifest that writes the tag wins over the file.
          if (release.values.some((v) => (v.precedence ?? 0) > u.precedence && getScalar(getMap(v.map, 'image'), 'tag'))) continue;
          const why = u.why === 'templated-name' ? 'its name is a template (an environment or cluster fills it in)' : 'it is a Go template that helmfile renders';
          context.report({ severity: 'info', messageId: 'valuesFileUnread', data: { file: String(u.node.value), why, release: release.release.label }, at: nodeAt(file, u.node) });
        }
      },
      // A Fleet release whose targets run different versions (build-deployment targetsImage): say which decides, at its image.
      helmValues(values, file) {
        const workload = context.deployment.workloadOfValues(values);
        // A plain values file several releases name (build-deployment linkedReleasesImage): at its first line, as the values' notes.
        for (const c of workload?.containers ?? []) {
          const releases = c.image?.releases;
          if (!c.runsFluentBit || !releases || values.release !== undefined || c.version.origin === 'flag' || !c.version.version) continue;
          const whole = nodeAt(file, values.root);
          const list = listed(releases);
          context.report({ severity: 'info', messageId: 'releases', data: { releases: list, version: formatVersion(c.version.version) }, at: { ...whole, end: whole.start } });
        }
        // An ApplicationSet whose list elements give the template's image different versions (build-deployment elementsImage): at the image, once.
        const sets = workload?.valueSets ?? [];
        if (sets[sets.length - 1] === values) {
          for (const c of workload?.containers ?? []) {
            const elements = c.image?.elements;
            const at = c.image?.node;
            if (!c.runsFluentBit || !elements || c.version.origin === 'flag' || !c.version.version) continue;
            // A chart default per element (a templated targetRevision) has no image node: at the top set's start.
            if (!at) {
              const whole = nodeAt(file, values.root);
              context.report({ severity: 'info', messageId: 'elements', data: { elements: listed(elements), version: formatVersion(c.version.version) }, at: { ...whole, end: whole.start } });
              continue;
            }
            // The deciding image in another file (an element's values file): at the top set's start.
            const whole = nodeAt(file, values.root);
            const list = listed(elements);
            context.report({ severity: 'info', messageId: 'elements', data: { elements: list, version: formatVersion(c.version.version) }, at: c.image?.path === file.path ? nodeAt(file, at) : { ...whole, end: whole.start } });
          }
        }
        // A helmfile release whose environments run different versions (build-deployment environmentsImage): once, at the
        // workload's top set (at the deciding image when it is there; a file several releases name is not among the sets).
        if (sets[sets.length - 1] === values) {
          for (const c of workload?.containers ?? []) {
            const environments = c.image?.environments ?? c.image?.fluxPatches;
            if (!c.runsFluentBit || !environments || c.version.origin === 'flag' || !c.version.version) continue;
            const whole = nodeAt(file, values.root);
            const at = c.image?.node && c.image.path === file.path ? nodeAt(file, c.image.node) : { ...whole, end: whole.start };
            context.report({ severity: 'info', messageId: c.image?.environments ? 'environments' : c.image?.plainBuilds ? 'releaseBuilds' : 'fluxPatches', data: { targets: listed(environments), version: formatVersion(c.version.version) }, at });
          }
        }
        // Fleet targets whose deciding image is a chart's default (a target's helm.version): no image node, so at the workload's top set.
        if (sets[sets.length - 1] === values) {
          for (const c of workload?.containers ?? []) {
            const targets = c.image?.targets;
            if (!c.runsFluentBit || !targets || c.image?.node !== undefined || c.version.origin === 'flag' || !c.version.version) continue;
            const whole = nodeAt(file, values.root);
            context.report({ severity: 'info', messageId: 'targets', data: { targets: listed(targets), version: formatVersion(c.version.version) }, at: { ...whole, end: whole.start } });
          }
        }
        const node = values.image?.node;
        if (!node) return;
        for (const c of workload?.containers ?? []) {
          const targets = c.image?.targets;
          if (!c.runsFluentBit || !targets || c.image?.node !== node || c.version.origin === 'flag' || !c.version.version) continue;
          const list = listed(targets);
          context.report({ severity: 'info', messageId: 'targets', data: { targets: list, version: formatVersion(c.version.version) }, at: nodeAt(file, node) });
        }
      },
      config(config) {
        const support = multilineSupport(config, context.version);
        const { version } = context;
        const mixed = version.mixed && version.runners.length > 1;
        const twin = version.twinOf;
        const replaced = version.replacedBy;
        if (support !== 'assumed' && !mixed && twin === undefined && replaced === undefined) return;
        if (config.syntax === 'yaml') return;
        const loads = (): ParserLoad[] => configLoads(context.runners, context.setup.configs, context.viewOf);
        for (const section of config.sections) {
          const settings = containerParserSettings(section, context.setup.variables, context.options);
          // tail-parser leaves an input on the setup's own cri parser alone: no version-gated change.
          if (settings && config.syntax === 'classic' && keepsOwnCriParser(settings, loads)) continue;
          const first = settings && planTailParser(section, settings, context.options.criOnly).find(isChangeStep);
          const at = first?.property.at ?? (support === 'no' ? settings?.runtimeParsers[0]?.at ?? settings?.multiline[0]?.at : undefined);
          if (!at) continue;
          const shown = version.major === undefined ? 'unknown' : `${version.major}.${version.minor ?? 0}`;
          if (replaced !== undefined) context.report({ severity: 'info', messageId: 'replaced', data: { overlays: replaced.overlays.join(', '), s: replaced.overlays.length === 1 ? 's' : '', object: replaced.object, version: shown }, at });
          else if (twin !== undefined) context.report({ severity: 'info', messageId: 'twin', data: { other: twin, runners: version.runners.join('; '), version: shown }, at });
          else if (support === 'assumed' && version.runners.length === 0) context.report({ severity: 'info', messageId: 'assumed', at });
          else if (support === 'assumed' && !mixed) context.report({ severity: 'info', messageId: 'unknownImage', data: { runners: version.runners.map((r) => r.replace(/: unknown$/, '')).join(', '), why: version.reason ?? 'no tag' }, at });
          else context.report({ severity: 'info', messageId: 'lowest', data: { runners: version.runners.join('; '), version: shown }, at });
          return;
        }
      },
    };
  },
});
