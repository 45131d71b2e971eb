import { isMap, type Node } from 'yaml';
import { isKustomizationFileName, isRemote } from '../discover/kustomization.js';
import { normalizePath } from '../source/paths.js';
import { nodeAt } from '../view/target.js';
import { getSeq, scalarSource } from '../yaml/yaml-nodes.js';
import { defineRule } from './types.js';

/*
 * What kustomize's default load restrictor refuses
 * (api/internal/loader/fileloader.go `Load`, loadrestrictions.go
 * `RestrictionRootOnly`): a file a kustomization reads (a resource file, a
 * generator's file, a patch file) must be in or below the kustomization's
 * directory: `../other/file.yaml` fails with "security; file '...' is not in
 * or below '...'". A directory with its own kustomization is another root
 * (`ldr.New`), allowed wherever it is; an absolute one never is ("new root
 * '...' cannot be absolute", whatever the restrictor). The deployment model
 * still reads such a file: `kustomize build --load-restrictor
 * LoadRestrictionsNone` does, and so does Flux's kustomize-controller (it
 * builds with LoadRestrictionsNone in the repository's chroot).
 */

/** A resource entry read as a file: a manifest's extension (kustomize tries a file first, then a directory). */
const FILE_NAME = /\.(ya?ml|json)$/i;

/** Where an entry points: `outside` the kustomization's directory, `absolute`, or undefined (in or below it, or remote). */
function escapes(entry: string): 'outside' | 'absolute' | undefined {
  const path = entry.trim();
  if (path === '' || isRemote(path)) return undefined;
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return 'absolute';
  const n = normalizePath(path);
  return n === '..' || n.startsWith('../') ? 'outside' : undefined;
}

/** The entries of a kustomization that kustomize loads as files (`file: true`) or as files-or-directories (resources), with their nodes. */
function entries(node: unknown): { node: Node; value: string; file: boolean; field: string }[] {
  const out: { node: Node; value: string; file: boolean; field: string }[] = [];
  const scalarItems = (key: string, file: boolean): void => {
    for (const it of getSeq(node, key)?.items ?? []) {
      const value = scalarSource(it);
      if (value !== undefined) out.push({ node: it as Node, value, file, field: key });
    }
  };
  scalarItems('resources', false);
  scalarItems('bases', false);
  scalarItems('patchesStrategicMerge', true);
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const g of getSeq(node, key)?.items ?? []) {
      if (!isMap(g)) continue;
      for (const it of getSeq(g, 'files')?.items ?? []) {
        const s = scalarSource(it);
        if (s === undefined) continue;
        const eq = s.indexOf('=');
        out.push({ node: it as Node, value: eq >= 0 ? s.slice(eq + 1) : s, file: true, field: `${key} files` });
      }
    }
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const p of getSeq(node, key)?.items ?? []) {
      if (!isMap(p)) continue;
      const path = p.get('path', true) as Node | undefined;
      const value = scalarSource(path);
      if (path && value !== undefined) out.push({ node: path, value, file: true, field: `${key} path` });
    }
  }
  return out;
}

export const kustomizeLoadRestrictor = defineRule({
  meta: {
    id: 'kustomize-load-restrictor',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'warning: a kustomization reads a file outside its directory, or an absolute path, which `kustomize build` refuses by default',
      details: [
        "kustomize's default load restrictor (`LoadRestrictionsRootOnly`) lets a kustomization read files in or below its own directory only: a resource file `../workloads/daemonset.yaml`, a generator's `../conf/fluent-bit.conf` or a patch file above it fails with \"security; file '...' is not in or below '...'\" (`kustomize build`, `kubectl apply -k`, Argo CD by default), so nothing of that build is deployed. A directory with its own kustomization is allowed wherever it is; an absolute directory never is (\"new root cannot be absolute\").",
        'flb-migrate still reads such a file as part of the build: that is what `kustomize build --load-restrictor LoadRestrictionsNone` builds (Argo CD with that flag in `kustomize.buildOptions`), and what Flux\'s kustomize-controller builds (it always uses LoadRestrictionsNone inside the repository). If your build uses the default, move the file under the kustomization\'s directory, or list the directory that holds it with a kustomization of its own (the example).',
      ].join('\n'),
      example: {
        before: ['resources:', '  - ../workloads/daemonset.yaml', ''].join('\n'),
        after: ['resources:', '  - ../workloads', ''].join('\n'),
      },
    },
    messages: {
      outside: "{{field}} entry {{value}} is a file outside this kustomization's directory: `kustomize build` refuses it with its default load restrictor (\"security; file '...' is not in or below '...'\"), so the build fails; flb-migrate reads it as `--load-restrictor LoadRestrictionsNone` (and Flux) would; move it under this directory or list its directory with a kustomization of its own",
      absolute: '{{field}} entry {{value}} is an absolute path: `kustomize build` refuses it ("new root cannot be absolute" for a directory; a file outside the kustomization\'s directory unless --load-restrictor LoadRestrictionsNone), and it names a path of the machine that builds, not of this repository; make it relative',
    },
  },
  create(context) {
    return {
      kustomization(k, file) {
        if (!isKustomizationFileName(file.path)) return;
        for (const e of entries(k.node)) {
          const where = escapes(e.value);
          if (where === undefined) continue;
          // A resource that names a directory is another kustomization's root: allowed above this one.
          if (where === 'outside' && !e.file && !FILE_NAME.test(e.value.trim())) continue;
          context.report({ severity: 'warning', messageId: where, data: { field: e.field, value: e.value.trim() }, at: nodeAt(file, e.node) });
        }
      },
    };
  },
});
