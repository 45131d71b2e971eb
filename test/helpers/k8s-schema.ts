import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { DaemonSet as AppsV1beta2DaemonSet } from 'kubernetes-models/apps/v1beta2/DaemonSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { DaemonSet as ExtensionsDaemonSet } from 'kubernetes-models/extensions/v1beta1/DaemonSet';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Pod } from 'kubernetes-models/v1/Pod';
import { isCollection, parseAllDocuments, visit } from 'yaml';

/*
 * Test-side checks of Kubernetes objects with kubernetes-models (schema) and
 * a volumeMount -> volume cross-check. Kinds that are not mapped (CRDs,
 * RBAC, ...) are skipped, never failed.
 */

type Model = { validate(): void };
type ModelCtor = new (data: never) => Model;

/** `apiVersion/kind` -> model class. */
const MODELS: ReadonlyMap<string, ModelCtor> = new Map<string, ModelCtor>([
  ['apps/v1/DaemonSet', DaemonSet as unknown as ModelCtor],
  ['apps/v1/Deployment', Deployment as unknown as ModelCtor],
  ['apps/v1/StatefulSet', StatefulSet as unknown as ModelCtor],
  ['apps/v1/ReplicaSet', ReplicaSet as unknown as ModelCtor],
  ['apps/v1beta2/DaemonSet', AppsV1beta2DaemonSet as unknown as ModelCtor],
  ['extensions/v1beta1/DaemonSet', ExtensionsDaemonSet as unknown as ModelCtor],
  ['batch/v1/Job', Job as unknown as ModelCtor],
  ['batch/v1/CronJob', CronJob as unknown as ModelCtor],
  ['v1/Pod', Pod as unknown as ModelCtor],
  ['v1/ConfigMap', ConfigMap as unknown as ModelCtor],
]);

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The model class for an object, or undefined for kinds we do not map. */
export function modelFor(obj: unknown): ModelCtor | undefined {
  if (!isObj(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
  return MODELS.get(`${obj.apiVersion}/${obj.kind}`);
}

/** Top-level objects of a YAML text (multi-doc; `kind: List` items flattened), as plain JS. */
export function k8sObjects(text: string): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc) || doc.errors.length > 0) continue;
    // Templated text (`{{ x }}` read as a flow map key) is not a Kubernetes object.
    let collectionKey = false;
    visit(doc, { Pair: (_, pair) => { if (isCollection(pair.key)) { collectionKey = true; return visit.BREAK; } return undefined; } });
    if (collectionKey) continue;
    const js: unknown = doc.toJS();
    if (isObj(js) && js.kind === 'List' && Array.isArray(js.items)) out.push(...js.items);
    else out.push(js);
  }
  return out;
}

/** The pod spec of a workload object (DaemonSet/Deployment/StatefulSet/ReplicaSet/Job/CronJob/Pod). */
export function podSpecOf(obj: unknown): Obj | undefined {
  if (!isObj(obj) || !isObj(obj.spec)) return undefined;
  const spec = obj.spec;
  if (obj.kind === 'Pod') return spec;
  if (obj.kind === 'CronJob') {
    const jt = spec.jobTemplate;
    const tpl = isObj(jt) && isObj(jt.spec) ? jt.spec.template : undefined;
    return isObj(tpl) && isObj(tpl.spec) ? tpl.spec : undefined;
  }
  const tpl = spec.template;
  return isObj(tpl) && isObj(tpl.spec) ? tpl.spec : undefined;
}

/** Problems of one object: schema errors (mapped kinds only) and mounts naming no volume. */
export function checkObject(obj: unknown): string[] {
  const problems: string[] = [];
  const Model = modelFor(obj);
  const label = isObj(obj) ? `${String(obj.kind)} ${isObj(obj.metadata) ? String(obj.metadata.name) : ''}` : String(obj);
  if (Model) {
    try {
      new Model(obj as never).validate();
    } catch (e) {
      problems.push(`${label}: schema: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const pod = podSpecOf(obj);
  if (pod) {
    const volumes = new Set((Array.isArray(pod.volumes) ? pod.volumes : []).map((v: unknown) => (isObj(v) ? v.name : undefined)));
    for (const key of ['containers', 'initContainers']) {
      const list = pod[key];
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (!isObj(c) || !Array.isArray(c.volumeMounts)) continue;
        for (const m of c.volumeMounts) {
          const name = isObj(m) ? m.name : undefined;
          if (!volumes.has(name)) problems.push(`${label}: ${key} ${String(c.name)} mounts ${String(name)}, which is not a volume of the pod`);
        }
      }
    }
  }
  return problems;
}

/**
 * Checks every Kubernetes object of `after` that differs from the object at
 * the same position in `before` (i.e. that the migration edited). Returns
 * the problems found; [] when all is well. Texts that are not YAML (classic
 * configs) yield no objects.
 */
export function checkEditedObjects(before: string, after: string): string[] {
  const was = safeObjects(before);
  const now = safeObjects(after);
  const problems: string[] = [];
  now.forEach((obj, i) => {
    if (JSON.stringify(obj) === JSON.stringify(was[i])) return;
    if (!isObj(obj) || typeof obj.kind !== 'string') return;
    problems.push(...checkObject(obj));
  });
  return problems;
}

function safeObjects(text: string): unknown[] {
  try {
    return k8sObjects(text);
  } catch {
    return [];
  }
}
