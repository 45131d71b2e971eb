/**
 * Deterministic inputs of `npm run bench:scale`: one multi-document manifest
 * (ConfigMaps holding Docker-era classic configs + the DaemonSets that mount
 * them), a `kubectl get cm -A -o json`-style List, and big classic configs.
 */
import { generateLargeConfig } from './generate-config.mjs';

function classicConfig(i) {
  return [
    '[SERVICE]',
    '    Flush         1',
    '    Log_Level     info',
    '    Parsers_File  parsers.conf',
    '',
    '[INPUT]',
    '    Name              tail',
    `    Tag               kube${i}.*`,
    '    Path              /var/log/containers/*.log',
    '    Parser            docker',
    '    Docker_Mode       On',
    `    DB                /var/log/flb_kube${i}.db`,
    '    Mem_Buf_Limit     5MB',
    '',
    '[FILTER]',
    '    Name                kubernetes',
    `    Match               kube${i}.*`,
    '    Merge_Log           On',
    '',
    '[OUTPUT]',
    '    Name   stdout',
    `    Match  kube${i}.*`,
    '',
  ].join('\n');
}

function configMap(i) {
  const body = classicConfig(i).split('\n').map((l) => (l === '' ? '' : `    ${l}`)).join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: fluent-bit-config-${i}
  namespace: logging-${i}
data:
  fluent-bit.conf: |
${body}`;
}

function daemonSet(i) {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluent-bit-${i}
  namespace: logging-${i}
spec:
  selector:
    matchLabels:
      app: fluent-bit-${i}
  template:
    metadata:
      labels:
        app: fluent-bit-${i}
    spec:
      containers:
        - name: fluent-bit
          image: cr.fluentbit.io/fluent/fluent-bit:3.2
          volumeMounts:
            - name: varlog
              mountPath: /var/log
            - name: varlibdockercontainers
              mountPath: /var/lib/docker/containers
              readOnly: true
            - name: config
              mountPath: /fluent-bit/etc/
      volumes:
        - name: varlog
          hostPath:
            path: /var/log
        - name: varlibdockercontainers
          hostPath:
            path: /var/lib/docker/containers
        - name: config
          configMap:
            name: fluent-bit-config-${i}
`;
}

/** One YAML stream of `documents` documents: ConfigMap + DaemonSet pairs. */
export function generateManifest(documents) {
  const out = [];
  for (let i = 0; i < documents; i++) out.push(i % 2 === 0 ? configMap(i >> 1) : daemonSet(i >> 1));
  return out.join('---\n');
}

/** A `kubectl get cm -A -o json` List of ConfigMaps holding classic configs, about `bytes` long. */
export function generateJsonList(bytes) {
  const items = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = {
      apiVersion: 'v1',
      data: { 'fluent-bit.conf': classicConfig(i), 'parsers.conf': '[PARSER]\n    Name   docker\n    Format json\n    Time_Key time\n' },
      kind: 'ConfigMap',
      metadata: { creationTimestamp: '2024-01-01T00:00:00Z', name: `fluent-bit-config-${i}`, namespace: `logging-${i}`, resourceVersion: String(1000 + i), uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}` },
    };
    items.push(item);
    size += JSON.stringify(item, null, 4).length + 10;
  }
  return `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
}

/** A classic config of about `bytes` (sections of the parse bench's shapes). */
export function generateClassic(bytes) {
  // ~134 bytes per section in generateLargeConfig.
  let sections = Math.max(8, Math.round(bytes / 134));
  let text = generateLargeConfig(sections);
  sections = Math.max(8, Math.round((sections * bytes) / text.length));
  text = generateLargeConfig(sections);
  return `${text}\n`;
}

/**
 * `documents` objects (the ConfigMap + DaemonSet pairs of generateManifest) as the items of one block-YAML
 * `kind: List` whose first item anchors its labels and whose last item aliases them: the shape of a List that shares
 * labels (resources, env...) between items by an anchor. The partition links the two items (an alias with the item of
 * its anchor) and migrates them in one chunk with the first ones, the other items in chunks of their own (NOTES.md,
 * "Lists with shared anchors are partitioned"); until `partalias` any anchor or alias in an item made it read the file
 * whole. The anchor is on labels nothing edits, so the migration itself is the one of the same objects in a stream.
 */
export function generateSharedAnchorList(documents) {
  const out = ['apiVersion: v1', 'kind: List', 'items:'];
  for (let i = 0; i < documents; i++) {
    let text = i % 2 === 0 ? configMap(i >> 1) : daemonSet(i >> 1);
    const label = i === 0 ? 'labels: &labels\n    team: logging\n  ' : i === documents - 1 && i > 0 ? 'labels: *labels\n  ' : '';
    text = text.replace(/\n {2}name: /, `\n  ${label}name: `);
    text.replace(/\n$/, '').split('\n').forEach((l, j) => out.push(l === '' ? '' : `${j === 0 ? '- ' : '  '}${l}`));
  }
  return `${out.join('\n')}\n`;
}
