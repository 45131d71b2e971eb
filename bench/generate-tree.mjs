/**
 * Deterministic trees of `npm run bench:tree` (bench/tree.bench.mjs) and of
 * the end-to-end test on them (test/cli/big-tree.test.ts): a plan is a list of
 * [dir, name, text] that `writeTree` writes.
 *
 * - `fluentBitPlan(n)`: every file is Fluent Bit's: per directory a ConfigMap
 *   + DaemonSet pair (fixtures/cli/tree), a Helm values file
 *   (fixtures/discover/helm-values) and a plain fluent-bit.conf.
 * - `gitopsPlan(n)`: a GitOps repository of application manifests
 *   (Deployment, Service, ConfigMap, Ingress, kustomization.yaml per app
 *   directory), 1% of the files Fluent Bit's (a logging directory every 40 app
 *   directories, holding the ConfigMap + DaemonSet pair next to unrelated
 *   files).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const read = (p) => readFileSync(join(root, p), 'utf8');
const CONFIGMAP = read('fixtures/cli/tree/logging/fluent-bit-configmap.yaml');
const DAEMONSET = read('fixtures/cli/tree/logging/fluent-bit-daemonset.yaml');
const FLUENT_BIT = [
  ['fluent-bit-configmap.yaml', CONFIGMAP],
  ['fluent-bit-daemonset.yaml', DAEMONSET],
  ['values.yaml', read('fixtures/discover/helm-values/input.yaml')],
  ['fluent-bit.conf', read('fixtures/cli/tree/raw/fluent-bit.conf')],
];

// Application manifests as a GitOps repository holds them: no Fluent Bit or Docker marker in them.
const app = (name) => [
  ['deployment.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      containers:
        - name: ${name}
          image: registry.example.com/shop/${name}:1.4.2
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: LOG_LEVEL
              value: info
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: ${name}-db
                  key: url
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
          volumeMounts:
            - name: settings
              mountPath: /etc/${name}
      volumes:
        - name: settings
          configMap:
            name: ${name}-settings
`],
  ['service.yaml', `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: 80
      targetPort: http
`],
  ['configmap.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-settings
data:
  application.properties: |
    server.port=8080
    cache.ttl=300
    feature.checkout=true
`],
  ['ingress.yaml', `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
  rules:
    - host: ${name}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${name}
                port:
                  name: http
`],
  ['kustomization.yaml', `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources:
  - deployment.yaml
  - service.yaml
  - configmap.yaml
  - ingress.yaml
images:
  - name: registry.example.com/shop/${name}
    newTag: 1.4.3
`],
];

/** Writes the files of `plan` ([dir, name, text][]) under `base`; returns total bytes. */
export function writeTree(base, plan) {
  let bytes = 0;
  const made = new Set();
  for (const [dir, name, text] of plan) {
    const full = join(base, dir);
    if (!made.has(full)) mkdirSync(full, { recursive: true });
    made.add(full);
    writeFileSync(join(full, name), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

/** N Fluent Bit files, 4 per directory, two levels deep. */
export function fluentBitPlan(n) {
  const plan = [];
  for (let i = 0; i < n; i++) {
    const d = Math.floor(i / FLUENT_BIT.length);
    const [name, text] = FLUENT_BIT[i % FLUENT_BIT.length];
    // vary the names a little so files are not byte-identical
    plan.push([join(`cluster-${String(d % 25).padStart(2, '0')}`, `app-${String(d).padStart(5, '0')}`), name, text.replaceAll('fluent-bit-config', `fluent-bit-config-${d}`)]);
  }
  return plan;
}

/** N files, 5 per directory; every 40th directory is a logging one: 2 Fluent Bit files + 3 others (1%). */
export function gitopsPlan(n) {
  const plan = [];
  for (let d = 0; plan.length < n; d++) {
    const dir = join(`cluster-${String(d % 10).padStart(2, '0')}`, 'apps', `app-${String(d).padStart(5, '0')}`);
    const files = app(`svc${d}`);
    if (d % 40 === 20) {
      files.splice(0, 2, ['fluent-bit-configmap.yaml', CONFIGMAP.replaceAll('fluent-bit-config', `fluent-bit-config-${d}`)], ['fluent-bit-daemonset.yaml', DAEMONSET.replaceAll('fluent-bit-config', `fluent-bit-config-${d}`)]);
    }
    for (const [name, text] of files) if (plan.length < n) plan.push([dir, name, text]);
  }
  return plan;
}
