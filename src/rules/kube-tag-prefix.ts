import { splitList } from './support/fluent-bit-values.js';
import { classifyPath, isTailInput, KUBELET_PATH, pluginOf, retargetDockerPath, shownValue, valueOf } from './support/tail-target.js';
import { defineRule } from './types.js';
import type { ConfigView, Section } from '../view/types.js';

/**
 * The kubernetes filters of a config, once per config (asked per tail input:
 * a big config has thousands). A config belongs to one setup, whose
 * variables name a `Name ${F}` plugin.
 */
const filtersByConfig = new WeakMap<ConfigView, readonly Section[]>();
function kubernetesFilters(config: ConfigView, variables: ReadonlyMap<string, string>): readonly Section[] {
  let list = filtersByConfig.get(config);
  if (!list) filtersByConfig.set(config, (list = config.sectionsOf('filter').filter((f) => pluginOf(f, variables) === 'kubernetes')));
  return list;
}

export const kubeTagPrefix = defineRule({
  meta: {
    id: 'kube-tag-prefix',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'kubernetes filters whose Kube_Tag_Prefix/Regex_Parser no longer match the input path',
      details: [
        "The kubernetes filter finds the pod of a record by parsing its tag: Kube_Tag_Prefix (default `kube.var.log.containers.`) is cut off and the rest matched against the kubelet's file name. When a tail Path moves from Docker's data root to /var/log/containers, a prefix built for Docker's path no longer matches; when a container input reads the pod logs dir (or, with cri-dockerd, Docker's root) instead of the symlinks, the default prefix and built-in regex do not match either. Both are judged on the Path as the migration leaves it. A Path already moved to /var/log/containers by hand, with a prefix naming Docker's path left on the filter (and no tail input of the config still reading Docker's data root, for which it could be meant), is reported the same way.",
        'Both are reported at the filter, with the prefix to set. Nothing is rewritten: the right prefix depends on the input\'s Tag.',
      ].join('\n'),
      example: {
        before: [
          '[INPUT]',
          '    Name    tail',
          '    Tag     kube.*',
          '    Path    /var/lib/docker/containers/*/*.log',
          '    Parser  docker',
          '',
          '[FILTER]',
          '    Name             kubernetes',
          '    Match            kube.*',
          '    Kube_Tag_Prefix  kube.var.lib.docker.containers.',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name    tail',
          '    Tag     kube.*',
          '    Path    /var/log/containers/*.log',
          '    multiline.parser docker, cri',
          '',
          '[FILTER]',
          '    Name   kubernetes',
          '    Match  kube.*',
          '',
        ].join('\n'),
      },
    },
    messages: {
      dockerPrefix: "{{key}} {{value}} was built for Docker's path; with Path {{path}}: {{advice}}",
      staleDockerPrefix: "{{key}} {{value}} names Docker's path, but no tail input of this config reads it any more (Path {{path}}): the filter cuts that many characters off every tag without checking them, so it finds no pod for any record; {{advice}}",
      defaultPrefix: 'the kubernetes filter keeps its default Kube_Tag_Prefix (kube.var.log.containers.) and built-in regex, but the tail input reads {{path}}: set Kube_Tag_Prefix and Regex_Parser, or tail /var/log/containers/*.log',
    },
  },
  create(context) {
    const { runtime } = context.options;
    // Each Docker prefix is reported once, whichever input shows it stale.
    const reported = new Set<Section>();
    /** Whether a tail input of the config reads Docker's data root (before the migration): a Docker prefix may be for it. Once per config. */
    const dockerRoot = new Map<ConfigView, boolean>();
    const readsDockerRoot = (config: ConfigView): boolean => {
      let found = dockerRoot.get(config);
      if (found === undefined) {
        found = config.sectionsOf('input').some((x) => {
          const p = isTailInput(x, context.setup.variables) ? x.get('path') : undefined;
          return p !== undefined && splitList(valueOf(p, context.setup.variables)).some((v) => classifyPath(v, context.options) === 'docker-root');
        });
        dockerRoot.set(config, found);
      }
      return found;
    };
    /** The filter's Kube_Tag_Prefix when it names Docker's path. */
    const dockerPrefixOf = (f: Section) => {
      const prefix = f.get('kube_tag_prefix');
      return prefix && /docker/.test(valueOf(prefix, context.setup.variables)) ? prefix : undefined;
    };
    /** Whether a kubernetes filter of the config has a Docker prefix, once per config (asked per input). */
    const dockerPrefixed = new Map<ConfigView, boolean>();
    const hasDockerPrefix = (config: ConfigView, filters: readonly Section[]): boolean => {
      let found = dockerPrefixed.get(config);
      if (found === undefined) dockerPrefixed.set(config, (found = filters.some((f) => dockerPrefixOf(f) !== undefined)));
      return found;
    };
    return {
      input(section) {
        if (!isTailInput(section, context.setup.variables)) return;
        const filters = kubernetesFilters(section.config, context.setup.variables);
        const path = section.get('path');
        if (!path) return;
        // What the input reads once migrated: tail-path moves a Path off Docker's data root to the kubelet's symlinks.
        const resolved = valueOf(path, context.setup.variables);
        const retargeted = runtime === 'cri-dockerd' ? undefined : retargetDockerPath(resolved, context.options);
        const migrated = retargeted ?? resolved;
        // A Path already moved to the symlinks by hand, its filter's Docker prefix left behind: no tag has that prefix.
        const handMigrated =
          retargeted === undefined && hasDockerPrefix(section.config, filters) && splitList(resolved).some((p) => classifyPath(p, context.options) === 'kubelet-symlinks') && !readsDockerRoot(section.config);
        if (retargeted !== undefined || handMigrated) {
          // A prefix built for Docker's path stops matching.
          const tag = section.get('tag');
          const tagValue = tag ? valueOf(tag, context.setup.variables) : undefined;
          const expected = tagValue?.endsWith('*') ? `${tagValue.slice(0, -1)}var.log.containers.` : undefined;
          const advice = expected === undefined ? 'update it to the new tag' : expected === 'kube.var.log.containers.' ? 'remove it (the default kube.var.log.containers. applies)' : `set it to ${expected}`;
          for (const f of filters) {
            const prefix = dockerPrefixOf(f);
            if (!prefix || reported.has(f)) continue;
            reported.add(f);
            const data = { key: prefix.key, value: shownValue(prefix, context.setup.variables), path: handMigrated ? resolved : KUBELET_PATH, advice };
            context.report({ severity: 'warning', messageId: handMigrated ? 'staleDockerPrefix' : 'dockerPrefix', data, at: prefix.at });
          }
        }
        // A container input that does not read the symlinks (after the migration): the default prefix never matches its tags.
        const kinds = new Set(splitList(migrated).filter((p) => !p.includes('${')).map((p) => classifyPath(p, context.options)));
        if ((kinds.has('pod-logs') || kinds.has('docker-root')) && !kinds.has('kubelet-symlinks')) {
          for (const f of filters) {
            if (f.has('regex_parser') || f.has('kube_tag_prefix')) continue;
            context.report({ severity: 'warning', messageId: 'defaultPrefix', data: { path: migrated }, at: f.get('name')?.at ?? f.at });
          }
        }
      },
    };
  },
});
