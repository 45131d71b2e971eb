import { isMap, type Node, type YAMLMap } from 'yaml';
import { isKustomizationFileName } from '../discover/kustomization.js';
import { dirname, joinPath, normalizePath } from '../deploy/paths.js';
import { nodeAt } from '../view/target.js';
import { getSeq, getString } from '../yaml/yaml-nodes.js';
import { legacyParserRuns } from './legacy-parser.js';
import { failedTestOf, type FailedTest } from './support/pod-mounts.js';
import { describeVersion } from './support/multiline-support.js';
import { isTailInput } from './support/tail-target.js';
import { defineRule } from './types.js';

/*
 * Mixed clusters: one DaemonSet per node pool, the Docker pool's pinned by a runtime node label
 * (`container-runtime: docker`, GKE's `cloud.google.com/gke-container-runtime: docker`; support/pod-mounts.ts
 * dockerNodesOf). The rule runner runs no other rule on a config only such workloads run (run-rules.ts), so
 * this rule is what the user sees of it; docker-volume keeps their Docker mounts.
 */
/** The `patches`/`patchesJson6902` entry of kustomization `k` (in file `path`) that holds a failing test: its `path` or inline `patch` node. */
function entryNode(k: YAMLMap, path: string, test: FailedTest): Node | undefined {
  const inline = test.op.file === path;
  for (const key of ['patches', 'patchesJson6902']) {
    for (const e of getSeq(k, key)?.items ?? []) {
      if (!isMap(e)) continue;
      if (inline) {
        const text = getString(e, 'patch');
        if (text !== undefined && text.includes(test.op.path)) return e.get('patch', true) as Node;
      } else {
        const file = getString(e, 'path');
        if (file !== undefined && joinPath(dirname(path), file) === test.op.file) return e.get('path', true) as Node;
      }
    }
  }
  return undefined;
}

/** A value as a message shows it. */
const shown = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

export const dockerNodePool = defineRule({
  meta: {
    id: 'docker-node-pool',
    kind: 'report',
    severities: ['info', 'warning'],
    docs: {
      summary: 'configs of workloads that run only on Docker nodes (a mixed cluster\'s Docker pool) are left as they are',
      details: [
        "A cluster moving between runtimes often runs two Fluent Bit DaemonSets, one per node pool, selected by a node label naming the runtime (`container-runtime: docker`, GKE's `cloud.google.com/gke-container-runtime: docker`) in the pod's nodeSelector or required nodeAffinity. The Docker pool's DaemonSet must keep reading Docker's files until the pool is gone: a config only such workloads run is left as it is (no other rule reads it), said once at its first tail input; docker-volume keeps their Docker mount.",
        "A config both pools run (a shared ConfigMap) is migrated as usual: `multiline.parser docker, cri` reads Docker's JSON too, so the Docker pool keeps working (an info names it). With --cri-only it would not, nor on a Fluent Bit older than 1.8, which has no multiline.parser (a warning says so), nor does a shared input already set to a multiline.parser list without docker (a half-migrated config): a warning says so. So is a kustomize base whose overlay's patch pins its build to Docker nodes (an overlay per pool): the base keeps its Docker mount and its config reads both formats. A pin an overlay's patch takes away (a JSON 6902 `remove`/`replace`, a strategic-merge `nodeSelector: null`, a key set to null, `$patch: delete` or `$patch: replace`; not `$retainKeys`, which kustomize does not honour) is no pin in that build; a `move`/`copy` of the object's own label into the pins (`from: /metadata/labels/pool`) reads the label as written, unless a `commonLabels`/`labels` of the build sets that key. A JSON 6902 `test` op of the pins (`nodeSelector`, `affinity/nodeAffinity`) that fails against the pod as the build holds it (the base, then the ops before it in kustomize's order) fails that kustomize build, which then deploys nothing: a warning says so at the patch, and the pod is judged without that build (it neither keeps nor takes away a pin); a build with a strategic-merge patch file, `replacements` or `vars` is not judged. Pool names (EKS `eks.amazonaws.com/nodegroup`, AKS `kubernetes.azure.com/os-sku`) do not say the runtime and are not read.",
      ].join('\n'),
      example: {
        before: [
          '# a fluent/fluent-bit release for the Docker pool: left as it is, with an info',
          'nodeSelector:',
          '  container-runtime: docker',
          'config:',
          '  inputs: |',
          '    [INPUT]',
          '        Name tail',
          '        Path /var/log/containers/*.log',
          '        Parser docker',
          '',
        ].join('\n'),
        after: [
          '# once the pool runs containerd, migrate the release with it',
          'nodeSelector:',
          '  container-runtime: containerd',
          'config:',
          '  inputs: |',
          '    [INPUT]',
          '        Name tail',
          '        Path /var/log/containers/*.log',
          '        multiline.parser docker, cri',
          '',
        ].join('\n'),
      },
    },
    messages: {
      only: 'left as it is: only {{workloads}} run{{s}} this config, on Docker nodes; migrate it with its workload when that node pool moves to {{runtime}}',
      shared: "also run by {{workloads}} on Docker nodes: the migrated input reads Docker's JSON lines too (multiline.parser docker, cri), and that workload keeps its Docker mount",
      notDocker: "also run by {{workloads}} on Docker nodes: multiline.parser {{value}} does not read Docker's JSON lines there; use multiline.parser docker, cri while that node pool runs Docker",
      criOnly: "also run by {{workloads}} on Docker nodes: --cri-only writes multiline.parser cri, which leaves Docker's JSON lines unparsed there; run without --cri-only while that node pool runs Docker",
      patchTestFails: 'test {{path}} fails in the build of {{builds}} (the pod holds {{actual}} there, the op expects {{value}}): kustomize stops that build, so it deploys nothing, and its pins are not counted; set the value to what the build holds, or remove the op',
      legacyShared: "also run by {{workloads}} on Docker nodes, and {{version}} has no multiline.parser: no one parser reads both Docker's JSON lines and CRI lines (legacy-parser's finding on this input says what it reads now), and that workload keeps its Docker mount; upgrade to Fluent Bit >= 1.8 to read both with multiline.parser docker, cri",
    },
  },
  create(context) {
    const pool = context.options.dockerNodes;
    const { runtime, criOnly } = context.options;
    return {
      kustomization(k, file) {
        // A failing JSON 6902 `test` of a build's pins (support/pod-mounts.ts failedTestOf), said at the patch entry that holds it.
        if (!isKustomizationFileName(file.path) || (k.patchFiles.length === 0 && !k.inlinePodOps.some((o) => o.op === 'test'))) return;
        const path = normalizePath(file.path);
        const failing = new Map<string, { node: Node; test: FailedTest; builds: string[] }>();
        for (const w of context.deployment.workloads) {
          for (const b of w.podPatches ?? []) {
            const test = failedTestOf(w, b);
            const node = test === undefined ? undefined : entryNode(k.node, path, test);
            if (node === undefined) continue;
            const key = `${node.range?.[0]}\0${test!.op.path}`;
            const seen = failing.get(key);
            if (seen === undefined) failing.set(key, { node, test: test!, builds: [b.kustomization] });
            else if (!seen.builds.includes(b.kustomization)) seen.builds.push(b.kustomization);
          }
        }
        for (const { node, test, builds } of failing.values()) {
          context.report({ severity: 'warning', messageId: 'patchTestFails', data: { path: test.op.path, builds: builds.join(', '), actual: shown(test.actual), value: shown(test.op.value) }, at: nodeAt(file, node) });
        }
      },
      config(config) {
        if (pool === undefined) return;
        const tail = config.sections.find((s) => s.kind === 'input' && isTailInput(s, context.setup.variables));
        if (pool.all) {
          context.consume({ target: config.target, start: 0, end: config.target.text.length });
          if (tail) context.report({ severity: 'info', messageId: 'only', data: { workloads: pool.workloads.join(', '), s: pool.workloads.length > 1 ? '' : 's', runtime }, at: tail.at });
          return;
        }
        if (tail === undefined) return;
        const data = { workloads: pool.workloads.join(', ') };
        // Already CRI-only as written (a half-migrated shared config): no rule adds docker to a multiline.parser list.
        const multiline = tail.getAll('multiline.parser');
        const names = multiline.flatMap((p) => p.value.split(',').map((n) => n.trim().toLowerCase()));
        if (legacyParserRuns(config, context)) {
          // No multiline.parser before 1.8: legacy-parser's CRI regex parser (or nothing) replaces Docker's, so the
          // Docker pool's JSON lines are not read as before.
          context.report({ severity: 'warning', messageId: 'legacyShared', data: { ...data, version: describeVersion(context.version) }, at: tail.at });
        } else if (multiline.length > 0 && !names.includes('docker')) {
          context.report({ severity: 'warning', messageId: 'notDocker', data: { ...data, value: multiline.map((p) => p.value).join(', ') }, at: (multiline[0] as (typeof multiline)[number]).at });
        } else if (criOnly) context.report({ severity: 'warning', messageId: 'criOnly', data, at: tail.at });
        else context.report({ severity: 'info', messageId: 'shared', data, at: tail.at });
      },
    };
  },
});
